"""Bodies written in lower case, read through the CoreNLP true-caser: a real Java process and
the real models, in the entity stage as a run builds it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from etl import Article, Settings
from etl.enrich import EntityStage, QuoteStage, _corenlp
from etl.enrich._casing import uncased

# Written for this test in the manner of lower-cased wire copy.
LOWER_CASE = (
    "venezuela is seeking a flexible attitude from its creditor banks in talks to reschedule its "
    "foreign debt, finance minister manuel azpurua said on monday.\n"
    "    He said the talks with the advisory committee of banks in new york would resume in "
    "april, and that venezuela would not suspend payments as brazil had done.\n"
)
CASED = (
    "Venezuela is seeking a flexible attitude from its creditor banks in talks to reschedule its "
    "foreign debt, Finance Minister Manuel Azpurua said on Monday.\n"
    "    He said the talks with the advisory committee of banks in New York would resume in "
    "April, and that Venezuela would not suspend payments as Brazil had done.\n"
)


@pytest.fixture(scope="module")
def stage() -> Iterator[EntityStage]:
    if not _corenlp.fetched():
        pytest.fail("CoreNLP is not fetched: `make install` runs `newsarchive models fetch`")
    built = EntityStage(Settings())
    yield built
    built.close()


def _article(body: str) -> Article:
    return Article(id="casing", url=None, body=body, language="en")


def test_a_body_is_uncased_when_it_writes_known_names_in_lower_case() -> None:
    assert uncased(LOWER_CASE)
    assert not uncased(CASED)
    # one lower-case name is a word, not a sign: "fine china"; nor is "us"
    assert not uncased("They served tea in fine china to us. Mr Lee of Boston said so.")
    # a results table names nothing in lower case
    assert not uncased("Shr 39 cts vs 50 cts\n    Net 1,545,160 vs 2,188,933\n    Revs 25.2 mln")
    # a quoted email keeps its writer's case
    assert not uncased("Abedin wrote: “we meet in london on a sunday, then paris on monday.”")
    # names capitalised inside sentences outweigh the lower-case ones
    assert not uncased("Peru and Chile met in Lima. Officials of Peru said peru and chile agreed.")


def test_a_lower_case_body_gets_its_names_through_the_true_caser(stage: EntityStage) -> None:
    article = stage.process(_article(LOWER_CASE))
    assert "Manuel Azpurua" in article.entities.person
    assert {"Venezuela", "New York", "Brazil"} <= set(article.entities.location)
    assert "truecasing" in article.extraction["casing"]
    assert article.body == LOWER_CASE  # the body as written is what the archive keeps
    for m in article.entity_mentions:  # the offsets point into it
        assert article.body[m.start : m.end].lower() == m.text.lower()
    quotes = QuoteStage(Settings()).process(article).quotes
    assert "Manuel Azpurua" in {q.speaker for q in quotes}


def test_a_cased_body_is_read_as_written(stage: EntityStage) -> None:
    article = stage.process(_article(CASED))
    assert "casing" not in article.extraction
    assert "Manuel Azpurua" in article.entities.person


def test_the_true_caser_can_be_turned_off() -> None:
    off = EntityStage(Settings(truecase=False))
    try:
        article = off.process(_article(LOWER_CASE))
    finally:
        off.close()
    assert "casing" not in article.extraction
    assert "Manuel Azpurua" not in article.entities.person


def test_closing_the_stage_stops_the_true_caser() -> None:
    built = EntityStage(Settings())
    try:
        built.process(_article(LOWER_CASE))
        truecaser = built._live().truecaser()
        assert truecaser is not None
        proc = truecaser._tagger._proc
        assert proc is not None and proc.poll() is None
    finally:
        built.close()
    assert proc.poll() is not None and truecaser.pid is None


def test_only_what_the_model_reads_is_true_cased() -> None:
    # NEWSARCHIVE_NER_MAX_CHARS bounds the true-caser's work as it bounds the NER's
    bounded = EntityStage(Settings(ner_max_chars=200))
    try:
        article = bounded.process(_article(LOWER_CASE))
    finally:
        bounded.close()
    assert LOWER_CASE.index("azpurua") < 200 < LOWER_CASE.index("brazil")
    assert "Manuel Azpurua" in article.entities.person
    assert "Brazil" not in article.entities.location
