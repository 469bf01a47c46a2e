"""The entities stage on small texts written for these tests, through the real NER model:
what a name's shape and the document say about it where the model's span or type is wrong."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from etl._article import Article, Entities
from etl._settings import Settings
from etl.enrich._entities import EntityStage, normalise_entities


@pytest.fixture(scope="module")
def stage() -> Iterator[EntityStage]:
    built = EntityStage(Settings())
    yield built
    built.close()


@pytest.fixture(scope="module")
def spacy_stage() -> Iterator[EntityStage]:
    """English read by spaCy (NEWSARCHIVE_NER=spacy): for rules that repair a span only spaCy's
    model gives on these sentences (the CRF does not find the name at all)."""
    built = EntityStage(Settings(ner="spacy"))
    yield built
    built.close()


def entities_of(stage: EntityStage, body: str) -> Entities:
    return stage.process(Article(id="t", url=None, body=body)).entities


def test_units_of_measure_are_no_entities(stage: EntityStage) -> None:
    body = (
        "The plant will add 300 MW of solar capacity, and a further 2 GW by 2030. "
        "Each home uses 9 kWh a day, says Solbright Energy."
    )
    entities = entities_of(stage, body)
    names = entities.person + entities.org + entities.location
    assert not {"MW", "GW", "kWh"} & set(names)


def test_a_name_ending_with_a_company_word_is_no_person(stage: EntityStage) -> None:
    body = (
        "The singer Tamsin Orlow said she would sign with Harbour Lane Records. Harbour Lane "
        "Records denied it, and Orlow's manager Dev Kaplan said nothing."
    )
    entities = entities_of(stage, body)
    assert entities.org == ["Harbour Lane Records"]
    assert entities.person == ["Tamsin Orlow", "Dev Kaplan"]


def test_a_name_ending_with_jr_or_sr_is_a_person(spacy_stage: EntityStage) -> None:
    body = "Marcus T. Hale Jr., the U.S. Attorney for the district, said the case was strong."
    entities, _ = normalise_entities([("Marcus T. Hale Jr.", "ORG", 0, 18)], body)
    assert entities == Entities(person=["Marcus T. Hale Jr."])  # whatever the model said
    body = "The statement was signed by Duarte Sr. and the board."
    assert entities_of(spacy_stage, body) == Entities(person=["Duarte Sr."])


def test_a_company_after_a_possessive_is_a_name_of_its_own(stage: EntityStage) -> None:
    body = "The sale was agreed by Kaplan’s Ithaca Holdings, which paid $300 million for it."
    assert entities_of(stage, body).org == ["Ithaca Holdings"]


def test_a_name_does_not_run_across_lines(stage: EntityStage) -> None:
    body = "Works by Tomas Keller\n‘Light after Light’\nOpening in Oslo on Friday."
    span = ("Tomas Keller\n‘Light", "PERSON", 9, 9 + len("Tomas Keller\n‘Light"))
    entities, mentions = normalise_entities([span], body)
    assert entities.person == ["Tomas Keller"]
    assert [m.text for m in mentions if m.label == "person"] == ["Tomas Keller"]
    assert "Tomas Keller" in entities_of(stage, body).person


def test_a_span_running_on_into_a_clause_ends_at_the_name(stage: EntityStage) -> None:
    body = "Records obtained by the Harbour Press Association that week showed the cuts."
    span = ("Harbour Press Association that", "ORG", 24, 24 + len("Harbour Press Association that"))
    entities, _ = normalise_entities([span], body)
    assert entities == Entities(org=["Harbour Press Association"])
    assert "Harbour Press Association" in entities_of(stage, body).org


def test_a_superintendents_title_is_not_part_of_the_name(stage: EntityStage) -> None:
    body = "Superintendent Carla Mendes said schools would close. Mendes said buses would run."
    assert entities_of(stage, body).person == ["Carla Mendes"]


def test_cities_in_standings_rows_with_fractions_are_teams(stage: EntityStage) -> None:
    body = (
        "Standings of the league after games played on Sunday:\nW L PCT GB\n"
        "Portland 11 8 .579 3 1/2\nSacramento 6 12 .333 8\nPhoenix 2 14 .125 11 1/2\n"
    )
    entities = entities_of(stage, body)
    assert sorted(entities.org) == ["Phoenix", "Portland", "Sacramento"]
    assert entities.location == []


def test_a_short_form_written_with_periods_joins_its_full_name(stage: EntityStage) -> None:
    body = (
        "The United Nations said the camp needed aid. Officials asked the U.N. to send trucks, "
        "and the U.N. agreed."
    )
    assert entities_of(stage, body).org == ["United Nations"]


def test_a_common_word_found_only_opening_sentences_is_no_name(stage: EntityStage) -> None:
    body = (
        "The agency plans a crewed flight to Mars by 2040.\n"
        "Challenges include shielding the crew from radiation, said Lena Ortiz of Orbitas.\n"
        "Twice a year, Orbitas publishes its forecasts."
    )
    entities = entities_of(stage, body)
    assert entities == Entities(person=["Lena Ortiz"], org=["Orbitas"], location=["Mars"])
    # the same word written with its capital inside a sentence is a name
    body = "Twice a year the Twice festival opens its gates."
    inside = body.index("Twice", 1)
    spans = [("Twice", "ORG", 0, 5), ("Twice", "ORG", inside, inside + 5)]
    entities, _ = normalise_entities(spans, body)
    assert entities.org == ["Twice"]


def test_a_group_letter_ending_a_sentence_is_no_organisation(stage: EntityStage) -> None:
    body = "Spain won Group B on Sunday, while Italy finished top of Group D."
    assert entities_of(stage, body) == Entities(location=["Spain", "Italy"])


def test_an_organisation_cut_after_its_head_noun_takes_the_rest_of_its_name(
    stage: EntityStage,
) -> None:
    body = (
        "The request came after the decision to defund the Northern Relief Agency for Coastal "
        "Refugees, the main agency that helps them."
    )
    assert entities_of(stage, body).org == ["Northern Relief Agency for Coastal Refugees"]
    body = "The Federal Aviation Agency on Monday grounded the jets."
    assert entities_of(stage, body).org == ["Federal Aviation Agency"]  # a day is no name


def test_a_short_form_that_a_full_name_in_the_text_spells_out_is_that_name() -> None:
    body = "The Harbour Pilots Guild said the HPG would strike on Friday."
    start = body.index("HPG")
    spans = [("Harbour Pilots Guild", "ORG", 4, 24), ("HPG", "ORG", start, start + 3)]
    entities, _ = normalise_entities(spans, body)
    assert entities.org == ["Harbour Pilots Guild"]


def test_a_name_inside_a_quoted_title_is_no_entity(stage: EntityStage) -> None:
    body = (
        "The band closed the night with “Takin’ It to the Streets.” Its singer, Marla Quinn, "
        "was once a star of the show “Harbor Heights Academy” and later moved to Glasgow. "
        "She said: “Glasgow was where it all started, and I owe the city a great deal.”"
    )
    entities = entities_of(stage, body)
    names = entities.person + entities.org + entities.location
    assert not {"Streets", "Harbor Heights Academy"} & set(names)
    assert "Glasgow" in entities.location  # named outside the quote too
    assert "Marla Quinn" in entities.person


def test_a_name_that_who_follows_is_a_person(stage: EntityStage) -> None:
    body = (
        "Prosecutors charged two guards. Montell Figgins, who represents one of them, said his "
        "client would plead not guilty. Figgins declined to say more. The arrests of two New "
        "Yorkers who ran the scheme followed."
    )
    entities = entities_of(stage, body)
    assert "Montell Figgins" in entities.person
    assert "Figgins" not in entities.org
    assert "New Yorkers" not in entities.person


def test_a_known_city_the_model_took_for_a_person_is_a_place(stage: EntityStage) -> None:
    body = (
        "After the tour, Dana Whitlock moved to Glasgow. Her brother Sam Jackson stayed behind, "
        "and Jackson said he would visit."
    )
    entities = entities_of(stage, body)
    assert "Glasgow" in entities.location
    assert "Glasgow" not in entities.person
    assert "Sam Jackson" in entities.person  # a city's name too, but his surname here


def test_common_words_in_a_headline_in_capitals_are_no_names(stage: EntityStage) -> None:
    body = (
        "RUGBY UNION - AUSTRALIA BEAT BARBARIANS 39-12 .\n"
        "LONDON 1996-12-07\n"
        "Australia beat the Barbarians at Twickenham on Saturday, and the tourists scored five "
        "tries. The Barbarians were beat again.\n"
        "SCORES QUARANTINED\n"
        "Officials said the scores of visitors quarantined in Leeds were safe, and the US "
        "embassy said nothing."
    )
    entities = entities_of(stage, body)
    names = entities.person + entities.org + entities.location
    assert not [n for n in names if "BEAT" in n.upper().split() or "QUARANTINED" in n.upper()]
    assert "United States" in entities.location  # "US" among lower-case words is the country


def test_a_company_with_a_single_letter_inside_is_no_person(stage: EntityStage) -> None:
    body = (
        "Solar maker Daewon Q Cells had 3.7 GW of cell capacity last year. Daewon Q Cells "
        "expects more. Its rival, Kelly L Clarke said, has less."
    )
    entities = entities_of(stage, body)
    assert "Daewon Q Cells" not in entities.person
    assert "Kelly L Clarke" in entities.person  # a given name, an initial, a surname


def test_a_name_after_a_compound_maker_noun_is_an_organisation(spacy_stage: EntityStage) -> None:
    body = (
        "Costco and the recreational vehicle-maker Winnebago are among retailers that raised "
        "prices, and the chip-maker Tarvex said it would follow."
    )
    entities = entities_of(spacy_stage, body)
    assert {"Winnebago", "Tarvex"} <= set(entities.org)


def test_an_office_named_after_its_holder_is_an_organisation(stage: EntityStage) -> None:
    body = (
        "The man was charged in Buffalo, the U.S. Attorney’s Office for the Western District "
        "of New York said. The Erie County Sheriff’s Office made the arrest, and the Southern "
        "District of New York was not involved."
    )
    entities = entities_of(stage, body)
    assert "U.S. Attorney’s Office for the Western District of New York" in entities.org
    assert "Erie County Sheriff’s Office" in entities.org
    names = entities.person + entities.org + entities.location
    assert "Southern District" not in names  # a court's district, named by its state
    assert "New York" in entities.location


def test_a_short_form_of_a_name_before_its_tail_or_with_its_of_joins_it(
    stage: EntityStage,
) -> None:
    body = (
        "Israel banned the UN Relief and Works Agency for Palestine (Unrwa) last year. Unrwa "
        "said it would appeal. Seoul's Ministry of Trade, Industry and Energy named priorities, "
        "and MOTIE said costs must fall."
    )
    entities = entities_of(stage, body)
    assert "UN Relief and Works Agency for Palestine" in entities.org
    assert "Ministry of Trade, Industry and Energy" in entities.org
    assert not {"Unrwa", "UNRWA", "MOTIE", "Motie"} & set(entities.org)


def test_a_company_name_that_is_a_persons_surname_in_the_story_is_that_person(
    stage: EntityStage,
) -> None:
    body = (
        "The even wealthier Michael Bloomberg has generated buzz. Only Steyer will be on stage, "
        "but expect Bloomberg’s shadow to loom. Deval Patrick and Bloomberg are moving in."
    )
    entities = entities_of(stage, body)
    assert "Michael Bloomberg" in entities.person
    assert "Bloomberg" not in entities.org + entities.location


def test_prisons_and_state_houses_are_places(spacy_stage: EntityStage) -> None:
    body = (
        "Two guards at the Metropolitan Correctional Center were charged. Teachers surrounded "
        "the Indiana Statehouse on Tuesday, and the inmate was moved to Rikers Island Jail."
    )
    entities = entities_of(spacy_stage, body)
    assert {"Metropolitan Correctional Center", "Indiana Statehouse"} <= set(entities.location)
    assert not {"Metropolitan Correctional Center", "Indiana Statehouse"} & set(entities.org)


def test_a_doctrine_is_no_organisation(stage: EntityStage) -> None:
    body = (
        "The building will never again evoke the memory of National Socialism, said Interior "
        "Minister Wolfgang Peschorn. Critics of Zionism and of Communism spoke in Vienna."
    )
    entities = entities_of(stage, body)
    names = entities.person + entities.org + entities.location
    assert not {"National Socialism", "Zionism", "Communism"} & set(names)
    assert "Wolfgang Peschorn" in entities.person


def test_a_persons_name_before_an_institution_noun_is_no_person(stage: EntityStage) -> None:
    body = (
        "The president made an unscheduled trip to Walter Reed hospital on Saturday. Doctors at "
        "Walter Reed said the visit was routine.\n\nContributing: Kristine Phillips"
    )
    entities = entities_of(stage, body)
    assert "Walter Reed" not in entities.person
    assert "Kristine Phillips" not in entities.person  # a credit line, not the story


def test_a_persons_home_town_set_off_by_commas_is_a_place(stage: EntityStage) -> None:
    body = (
        "Moderator and author Shameez Patel Papathanasiou, from Goodwood, asked why romance was "
        "popular. Author Qarnita Loxton, from Melkbosstrand, spoke about her aunt's books."
    )
    entities = entities_of(stage, body)
    assert {"Goodwood", "Melkbosstrand"} <= set(entities.location)
    assert not {"Goodwood", "Melkbosstrand"} & set(entities.org + entities.person)


def test_a_ship_is_no_entity_in_any_of_its_mentions(stage: EntityStage) -> None:
    body = (
        "Manila said the BRP Datu Cabaylo, a civilian patrol vessel, had sustained minor "
        "damage. The Philippine Coast Guard said the Datu Cabaylo was the third vessel hit."
    )
    entities = entities_of(stage, body)
    names = entities.person + entities.org + entities.location
    assert not [n for n in names if "Cabaylo" in n]
    assert "Manila" in entities.location


def test_a_one_word_name_after_a_role_noun_is_kept_as_a_person(stage: EntityStage) -> None:
    body = (
        "Spain beat Argentina in Madrid. Brazil star Neymar was among the 12,000 fans in "
        "attendance, while Gerard Pique watched from the stands."
    )
    entities = entities_of(stage, body)
    assert "Neymar" in entities.person


def test_a_given_name_and_a_surname_the_model_missed_are_a_person(stage: EntityStage) -> None:
    body = (
        "Pos Player Plays % Stats\n"
        "CB Denzel Ward 74 100% 4 tackles (4 combined).\n"
        "DL Eli Ankou 13 18% 1 tackle (1 combined).\n"
        "The Browns play in Jordan Valley on Sunday; Ward said the field at Jordan Valley was wet."
    )
    entities = entities_of(stage, body)
    assert {"Denzel Ward", "Eli Ankou"} <= set(entities.person)
    assert "Jordan Valley" not in entities.person  # a given name, then a place's word


def test_a_short_form_of_lower_case_words_opening_a_sentence_is_no_organisation(
    stage: EntityStage,
) -> None:
    body = (
        "Binge eating disorder (BED) is considered the most common eating disorder. People "
        "with BED often eat large amounts, says the World Health Organization (WHO)."
    )
    entities = entities_of(stage, body)
    assert "BED" not in entities.org
    assert "World Health Organization" in entities.org


def test_a_one_word_organisation_one_is_in_is_a_place(stage: EntityStage) -> None:
    body = (
        "Several tourists were marooned in Uglii as a result of the outbreak, officials said. "
        "Meanwhile the fund bought a stake in Kosmos, and Kosmos shares rose."
    )
    entities = entities_of(stage, body)
    assert "Uglii" in entities.location
    assert "Kosmos" not in entities.location


def test_a_given_name_before_a_compass_word_is_no_person(stage: EntityStage) -> None:
    body = (
        "Teacher Angela Cooper said she and more than 40 fellow teachers from the Gibson "
        "Southern schools near Evansville left about 4:30 a.m. for Indianapolis."
    )
    entities = entities_of(stage, body)
    assert "Gibson Southern" not in entities.person
    assert "Angela Cooper" in entities.person


def test_a_post_box_is_no_name(stage: EntityStage) -> None:
    body = (
        "Dear Abby is written by Jeanne Phillips. Contact Dear Abby at www.DearAbby.com or "
        "P.O. Box 69440, Los Angeles, CA 90069."
    )
    entities = entities_of(stage, body)
    names = entities.person + entities.org + entities.location
    assert not [n for n in names if "Box" in n]


def test_a_nickname_after_dubbed_is_no_entity(stage: EntityStage) -> None:
    body = (
        "Her allies, the radicals Mick Wallace and Clare Daly, were dubbed Moscow Mick and "
        "Kremlin Clare by their opponents. Wallace said the names were unfair."
    )
    entities = entities_of(stage, body)
    assert not {"Moscow Mick", "Kremlin Clare"} & set(entities.person)
    assert {"Mick Wallace", "Clare Daly"} <= set(entities.person)


def test_a_name_before_an_award_noun_is_no_organisation(stage: EntityStage) -> None:
    body = (
        "Taylor Swift will be honored with the coveted Artist of the Decade award at the "
        "ceremony in Los Angeles, Universal Music Group said."
    )
    entities = entities_of(stage, body)
    names = entities.person + entities.org + entities.location
    assert "Artist of the Decade" not in names
    assert "Universal Music Group" in entities.org


def test_a_nationality_before_a_mountain_range_opens_its_name(stage: EntityStage) -> None:
    body = (
        "Canadian Rockies resort completes a sweeping revamp\n"
        "The lodge sits by an alpine pass high in the Canadian Rockies, west of Calgary."
    )
    entities = entities_of(stage, body)
    assert "Canadian Rockies" in entities.location
    assert "Rockies" not in entities.location
    assert "Calgary" in entities.location


def test_a_team_before_a_players_name_is_no_part_of_it(stage: EntityStage) -> None:
    body = (
        "This was a rough game for Greedy Williams. The Steelers had no answer.\n\n"
        "#Browns Greedy Williams has been solid in run support, the Cleveland Browns said."
    )
    entities = entities_of(stage, body)
    assert "Greedy Williams" in entities.person
    assert "Browns Greedy Williams" not in entities.person


def test_a_name_an_appositive_calls_an_operation_or_a_film_is_no_entity(
    spacy_stage: EntityStage,
) -> None:
    body = (
        "Cmdr. Sean Robertson, a spokesperson for Inherent Resolve, the U.S. military operation "
        "against Islamic State, said the base was safe. Vantrex, the drug maker, said nothing."
    )
    entities = entities_of(spacy_stage, body)
    names = entities.person + entities.org + entities.location
    assert "Inherent Resolve" not in names
    assert "Sean Robertson" in entities.person
    assert "Vantrex" in entities.org  # "the drug maker": a company, not a drug


def test_other_names_of_a_group_and_a_court_join_their_full_names(stage: EntityStage) -> None:
    body = (
        "The coalition has fought Islamic State since 2014. The base is at the forefront of the "
        "fight against ISIS, said Lt. Col. Myles Caggins. The International Court of Justice "
        "sits in The Hague; the World Court gave its opinion on Monday."
    )
    entities = entities_of(stage, body)
    assert "ISIS" not in entities.org and "World Court" not in entities.org
    assert {"Islamic State", "International Court of Justice"} <= set(entities.org)


def test_a_name_cut_from_a_line_opener_takes_the_type_the_text_gives_it() -> None:
    # A stats table's row: the model read the position code and the name as one organisation;
    # cut from the code, the name is the player the text names elsewhere.
    body = (
        "Cornerbacks\nCB Speedy Vell 73 99% 6 tackles.\n"
        "It was a rough game for Speedy Vell. Vell was flagged once."
    )
    spans = [
        ("CB Speedy Vell", "ORG", 12, 26),
        ("Speedy Vell", "PERSON", 69, 80),
        ("Vell", "PERSON", 82, 86),
    ]
    assert [body[start:end] for *_, start, end in spans] == [t for t, *_ in spans]
    entities, _ = normalise_entities(spans, body)
    assert entities == Entities(person=["Speedy Vell"])


def test_a_legal_name_with_of_inside_is_whole_where_the_model_read_it_whole() -> None:
    body = (
        "TOKYO - The rescue will be ready by March, a spokesman for the Coastal Bank of Veldoria "
        "Ltd <CBVL.T> (CBV) said. Shares of Harbour Lines Ltd fell."
    )
    name = "Coastal Bank of Veldoria Ltd"
    start = body.index(name)
    short = body.index("CBV)")
    spans = [(name, "ORG", start, start + len(name)), ("CBV", "ORG", short, short + 3)]
    entities, mentions = normalise_entities(spans, body)
    assert entities.org[0] == name and "Veldoria Ltd" not in entities.org
    assert "Shares of Harbour Lines Ltd" not in entities.org  # "of" joins only the model's name
    assert {m.canonical for m in mentions if m.text == "CBV"} == {name}


@pytest.mark.parametrize(
    ("full", "short"),
    [("Federal Reserve Board", "Fed"), ("Volkswagen AG", "VW")],
)
def test_an_alias_joins_the_one_longer_name_that_opens_with_what_it_stands_for(
    full: str, short: str
) -> None:
    # organisations.json: "Fed" stands for "Federal Reserve", "VW" for "Volkswagen"
    body = f"Credit rose, the {full} said. Previously the {short} said it fell."
    at, short_at = body.index(full), body.index(f"{short} said")
    spans = [(full, "ORG", at, at + len(full)), (short, "ORG", short_at, short_at + len(short))]
    entities, mentions = normalise_entities(spans, body)
    assert entities.org == [full]
    assert {m.canonical for m in mentions} == {full}
