"""German quotes: the attributions German news prose uses, read with the entity stage's names."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from etl._article import Article, Quote
from etl._settings import Settings
from etl.enrich import QuoteStage
from etl.enrich._entities import EntityStage

Stages = tuple[EntityStage, QuoteStage]


@pytest.fixture(scope="module")
def stages() -> Iterator[tuple[EntityStage, QuoteStage]]:
    entities = EntityStage(Settings())
    yield entities, QuoteStage(Settings())
    entities.close()


def quotes(stages: Stages, body: str) -> list[Quote]:
    entities, quote_stage = stages
    article = entities.process(Article(id="de", url=None, body=body, language="de"))
    return quote_stage.process(article).quotes


def said(found: list[Quote]) -> list[tuple[str | None, str, str]]:
    return [(q.speaker, q.kind, q.text) for q in found]


def test_a_quotation_and_its_attribution_after_or_before_it(stages: Stages) -> None:
    body = (
        "Bundeskanzler Friedrich Merz äußerte sich am Montag in Berlin. „Wir bleiben bei "
        "unserem Kurs“, sagte Merz. „Die Lage ist ernst“, sagte er.\n"
        "Oppositionsführerin Alice Weidel sagte: „Das ist ein Fehler der Regierung.“"
    )
    assert said(quotes(stages, body)) == [
        ("Friedrich Merz", "direct", "Wir bleiben bei unserem Kurs"),
        ("Friedrich Merz", "direct", "Die Lage ist ernst"),
        ("Alice Weidel", "direct", "Das ist ein Fehler der Regierung."),
    ]


def test_a_role_or_a_spokesperson_after_the_cue(stages: Stages) -> None:
    body = (
        "Innenministerin Nancy Faeser besuchte die Polizei. „Wir lassen nicht locker“, sagte "
        "die Ministerin. Das Schiff sei beschlagnahmt worden, sagte die Sprecherin des "
        "Bundesinnenministeriums, Anna Schmidt."
    )
    found = quotes(stages, body)
    assert [(q.speaker, q.kind) for q in found] == [
        ("Nancy Faeser", "direct"),
        ("Anna Schmidt", "indirect"),
    ]
    assert found[1].text == "Das Schiff sei beschlagnahmt worden"


def test_reported_speech_with_a_named_source(stages: Stages) -> None:
    body = (
        "Olaf Scholz sagte am Dienstag, die Gespräche seien gescheitert. Laut Robert Habeck "
        "fehlt das Geld. Nach Angaben von Christian Lindner sinken die Steuereinnahmen."
    )
    assert [(q.speaker, q.kind, q.cue) for q in quotes(stages, body)] == [
        ("Olaf Scholz", "indirect", "sagte"),
        ("Robert Habeck", "indirect", "laut"),
        ("Christian Lindner", "indirect", "nach angaben von"),
    ]


def test_no_named_speaker_no_quote(stages: Stages) -> None:
    body = (
        "„Es war furchtbar laut“, sagte ein Anwohner. Experten erklärten, die Lage sei unklar. "
        "Das Wort „Zeitenwende“ prägte das Jahr."
    )
    assert quotes(stages, body) == []


def test_a_pronoun_subject_before_a_named_object(stages: Stages) -> None:
    # the pronoun is the subject, the name after it an object; a pronoun inside an earlier
    # quotation of the sentence is none
    body = (
        "Die Grünen-Politikerin Ricarda Lang meldete sich auf X. In einem weiteren Tweet zitierte "
        "sie den Abgeordneten Max Mordhorst, empfahl ihm: „Legt eure Handys weg, macht Twitter "
        "zu.“ Warum es dazu kam, konnte sie nicht sagen: „Wir haben keine Erklärung dafür.“"
    )
    assert [(q.speaker, q.text) for q in quotes(stages, body)] == [
        ("Ricarda Lang", "Legt eure Handys weg, macht Twitter zu."),
        ("Ricarda Lang", "Wir haben keine Erklärung dafür."),
    ]
    body = (
        "Trainer Jürgen Klopp war enttäuscht. „Jeder muss sich fragen, ob er alles gegeben hat“, "
        "sagte Kapitän Virgil van Dijk: „So haben wir keine Chance.“"
    )
    assert [q.speaker for q in quotes(stages, body)] == ["Virgil van Dijk", "Virgil van Dijk"]


def test_a_name_set_off_by_commas_is_the_subject(stages: Stages) -> None:
    body = (
        "Peter Müller, Soziologe an der Humboldt-Universität, verweist auf das Netz: „Wir "
        "erleben die Verlagerung auf die Straße.“ Die Vorsitzende des Gremiums, Sofia Östmark, "
        "würdigte die neue Direktorin als „hoch qualifiziert“. Die Präsidentin der Gesellschaft, "
        "Christine Falk, vermutet, dass eine Kreuzreaktion der Kern des Problems sei."
    )
    assert [(q.speaker, q.kind) for q in quotes(stages, body)] == [
        ("Peter Müller", "direct"),
        ("Sofia Östmark", "direct"),
        ("Christine Falk", "indirect"),
    ]


def test_reported_speech_with_a_pronoun_a_role_or_a_separable_verb(stages: Stages) -> None:
    body = (
        "Der Gemeindepräsident Nicolas Féraud trat vor die Presse. Die Kontrolle habe zuletzt "
        "2019 stattgefunden, sagte er. Der Betreiber habe selbst umgebaut, erklärte der "
        "Gemeindepräsident. Er wies zurück, dass Korruption im Spiel sein könne. Die Gemeinde "
        "räumte am Dienstag ein, dass Fehler gemacht worden seien."
    )
    assert [(q.speaker, q.cue) for q in quotes(stages, body)] == [
        ("Nicolas Féraud", "sagte"),
        ("Nicolas Féraud", "erklärte"),
        ("Nicolas Féraud", "wies zurück"),
    ]  # "Die Gemeinde" names no one: no speaker rather than a wrong one


def test_a_source_set_off_by_so_inside_reported_speech(stages: Stages) -> None:
    body = (
        "Die Grünen-Politikerin Ricarda Lang äußerte sich am Montag. Diese Form der Politik "
        "spalte, so Lang. Ein solcher Kurs sei falsch, so dass er scheitern müsse."
    )
    found = quotes(stages, body)
    assert [(q.speaker, q.cue, q.text) for q in found] == [
        ("Ricarda Lang", "so", "Diese Form der Politik spalte")
    ]


def test_more_verbs_of_saying_after_a_quotation(stages: Stages) -> None:
    body = (
        "Die Galeristin Kerstin Wahala empfing uns in Berlin. „Das sind wohl die kleinsten "
        "Räume der Stadt“, lacht Kerstin Wahala. „Wir bedauern das zutiefst“, hielt sie am "
        "Dienstag fest. „Es gab keine Kontrollen“, gestand Wahala."
    )
    assert [(q.speaker, q.cue) for q in quotes(stages, body)] == [
        ("Kerstin Wahala", "lacht"),
        ("Kerstin Wahala", "hielt"),
        ("Kerstin Wahala", "gestand"),
    ]


def test_a_name_after_a_preposition_is_no_subject_the_name_after_the_verb_is(
    stages: Stages,
) -> None:
    body = (
        "SPD-Generalsekretär Matthias Miersch äußerte sich am Montag. Gegenüber dem "
        "Redaktionsnetzwerk Deutschland bezeichnete es Miersch als „zynisch und falsch“."
    )
    # the subject after its verb, not the body before it
    assert [q.speaker for q in quotes(stages, body)] == ["Matthias Miersch"]
