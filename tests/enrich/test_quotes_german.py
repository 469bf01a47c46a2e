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
