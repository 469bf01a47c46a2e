"""German names: capitalised nouns beside them, the genitive -s, institutions and their
fields, the English name of a known place, and known names that are German nouns."""

from __future__ import annotations

from etl._article import Entities
from etl.enrich._entities import normalise_entities
from tests.enrich.test_entities import spans


def german(body: str, *marks: tuple[str, str], language: str = "de") -> Entities:
    entities, mentions = normalise_entities(spans(body, *marks), body, language=language)
    for m in mentions:  # every mention points at its text in the body
        assert body[m.start : m.end] == m.text
    return entities


def test_a_capitalised_noun_before_a_name_is_no_part_of_it() -> None:
    body = "Am Montag traf Präsident Emmanuel Macron in Paris ein."
    marks = (("Emmanuel Macron", "PERSON"), ("Paris", "GPE"))
    assert german(body, *marks).person == ["Emmanuel Macron"]
    # English still grows a name by a capitalised word after a lower-case one
    english = "The talks were held where Adolf Hitler had lived."
    assert german(english, ("Hitler", "PERSON"), language="en").person == ["Adolf Hitler"]


def test_the_genitive_s_is_cut_where_the_name_stands_alone_or_is_a_known_place() -> None:
    body = (
        "Donald Trump drohte erneut. Trumps Plan stieß auf Kritik. Die Drohungen des Irans "
        "wuchsen, sagte Klaus Müller in Paris."
    )
    marks = (
        ("Donald Trump", "PERSON"), ("Trumps", "PERSON"), ("Irans", "GPE"),
        ("Klaus Müller", "PERSON"), ("Paris", "GPE"),
    )  # fmt: skip
    entities = german(body, *marks)
    assert entities.person == ["Donald Trump", "Klaus Müller"]
    assert entities.location == ["Iran", "Paris"]  # "Paris" keeps its s: no "Pari" anywhere


def test_an_institution_keeps_its_field_after_fuer_or_der() -> None:
    body = (
        "Forscher des Deutschen Zentrums für Neurodegenerative Erkrankungen widersprechen. "
        "Die Zentrale Wahlkommission der Russischen Föderation lehnte ab."
    )
    marks = (
        ("Deutschen Zentrums", "ORG"), ("Neurodegenerative Erkrankungen", "ORG"),
        ("Zentrale Wahlkommission", "ORG"), ("Russischen Föderation", "GPE"),
    )  # fmt: skip
    assert german(body, *marks).org == [
        "Deutschen Zentrums für Neurodegenerative Erkrankungen",
        "Zentrale Wahlkommission der Russischen Föderation",
    ]
    # a person's title takes no field: "Präsident der Ukraine" names two things
    body = "Selenskyj, Präsident der Ukraine, reiste ab."
    assert german(body, ("Selenskyj", "PERSON"), ("Ukraine", "GPE")).org == []


def test_a_known_place_takes_the_name_english_articles_give_it() -> None:
    # one place, one facet value across the archive's languages
    body = (
        "Die USA und Russland verhandeln in Wien. Die Vereinten Nationen und die "
        "Europäische Union schweigen, Köln und Frankfurt auch. Die Hamas drohte am Venediger Au."
    )
    marks = (
        ("USA", "GPE"), ("Russland", "GPE"), ("Wien", "GPE"), ("Vereinten Nationen", "ORG"),
        ("Europäische Union", "ORG"), ("Köln", "GPE"), ("Frankfurt", "GPE"), ("Hamas", "GPE"),
        ("Venediger Au", "GPE"),
    )  # fmt: skip
    entities = german(body, *marks)
    assert entities.location == [
        "United States", "Russia", "Vienna",
        "Köln",  # the gazetteer's own name for the city
        "Frankfurt",  # not "Frankfurt am Main": the same name, made specific
        "Venediger Au",  # a place no list knows keeps the name the article writes
    ]  # fmt: skip
    # a declined name by its nominative; a known organisation is none of the big cities the
    # gazetteer lists its name for ("Hamas" for Hamm)
    assert entities.org == ["United Nations", "European Union", "Hamas"]
    french = "Les États-Unis et la Chine ont parlé à Londres."
    marks = (("États-Unis", "GPE"), ("Chine", "GPE"), ("Londres", "GPE"))
    assert german(french, *marks, language="fr").location == ["United States", "China", "London"]
    english = "The USA and Russia talked."
    assert german(english, ("USA", "GPE"), ("Russia", "GPE"), language="en").location == [
        "United States",
        "Russia",
    ]


def test_a_known_name_that_is_a_german_noun_is_found_only_where_the_model_found_it() -> None:
    body = "Das Bild des Zusammenhalts bekam Risse, berichtete die Zeitung Bild am Sonntag."
    assert german(body).org == []
    # the same known name the model found is kept
    body = "Die Zeitung Bild berichtete zuerst."
    assert german(body, ("Bild", "ORG")).org == ["Bild"]


def test_a_person_right_after_an_article_is_no_person() -> None:
    body = "Die Sprecherin des Weißen Hauses, Karoline Leavitt, widersprach Peter Müller."
    marks = (
        ("Weißen Hauses", "PERSON"),
        ("Karoline Leavitt", "PERSON"),
        ("Peter Müller", "PERSON"),
    )
    assert german(body, *marks).person == ["Karoline Leavitt", "Peter Müller"]


def test_an_article_opening_a_sentence_is_no_part_of_a_name() -> None:
    body = "Die International School on the Rhine lädt ein. Der Spiegel berichtete darüber."
    marks = (("Die International School on the Rhine", "ORG"), ("Der Spiegel", "ORG"))
    assert german(body, *marks).org == ["International School on the Rhine", "Der Spiegel"]


def test_a_known_short_form_joined_to_an_institution_is_that_institution() -> None:
    body = (
        "Die EU-Kommission prüft den Fall. Der UN-Sicherheitsrat tagte, nach einer Sitzung des "
        "UN-Sicherheitsrats sprach US-Präsident Donald Trump über ein EU-Gesetz."
    )
    entities = german(body, ("Donald Trump", "PERSON"))
    assert entities.org == ["EU-Kommission", "UN-Sicherheitsrat"]
    assert entities.person == ["Donald Trump"]


def test_german_bodies_the_organisation_list_knows_are_found() -> None:
    # names German news gives bodies, in data/organisations.json, found where the tagger missed
    body = (
        "Das berichtete das Redaktionsnetzwerk Deutschland. Die Stiftung Wissenschaft und Politik "
        "widersprach, ebenso der UN-Sicherheitsrat."
    )
    assert german(body).org == [
        "Redaktionsnetzwerk Deutschland",
        "Stiftung Wissenschaft und Politik",
        "UN-Sicherheitsrat",
    ]


def test_a_declined_name_takes_its_nominative() -> None:
    body = (
        "Die Europäische Kommission eröffnete ein Verfahren. Ein Sprecher der Europäischen "
        "Kommission bestätigte es."
    )
    marks = (("Europäische Kommission", "ORG"), ("Europäischen Kommission", "ORG"))
    assert german(body, *marks).org == ["Europäische Kommission"]


def test_a_quoted_name_after_a_noun_for_an_outlet_or_party_is_that_body() -> None:
    body = (
        "Das berichtet die Zeitung „Yated Ne'eman“. Anhänger der Regierungspartei „Georgischer "
        "Traum“ jubelten. Ein User erinnerte an den Film „Der Untergang“, und der Begriff „Neue "
        "Leipziger Schule“ blieb."
    )
    assert german(body).org == ["Yated Ne'eman", "Georgischer Traum"]


def test_countries_and_regions_as_the_language_names_them_are_places() -> None:
    # the sweep finds what the tagger missed; "Türkei" is no English nationality word; a
    # country after an article that the tagger took for a person is a place
    body = "Funde im präkolumbianischen Mittelamerika. Die Türkei und Malta traten aus."
    assert german(body, ("Türkei", "GPE"), ("Malta", "GPE")).location == [
        "Central America",
        "Turkey",
        "Malta",
    ]
    body = "Im Streit mit der Türkei lenkte Athen ein."
    assert german(body, ("Türkei", "PERSON")).location == ["Turkey"]
