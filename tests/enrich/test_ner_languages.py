"""NER only where a model speaks the article's language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from etl._article import Article
from etl._settings import Settings
from etl.enrich._entities import EntityStage

GERMAN = (
    "Bundeskanzler Olaf Scholz hat am Mittwoch in Berlin den Ausbruch der Krise kommentiert. "
    "Die Bevölkerung sei besorgt, sagte der Sprecher der Regierung, zum Beispiel in Hamburg."
)
DUTCH = (
    "Premier Mark Rutte heeft woensdag in Den Haag de uitbraak van de crisis besproken. "
    "De bevolking is bezorgd, zei de woordvoerder van de regering, bijvoorbeeld in Utrecht."
)
FRENCH = (
    "Le président Emmanuel Macron a reçu mercredi à Paris le chancelier allemand Olaf Scholz. "
    "Les deux dirigeants ont évoqué la Commission européenne et la guerre en Ukraine."
)
ENGLISH = "President Joe Biden met Mexican President Andrés Manuel López Obrador in San Francisco."


@pytest.fixture(scope="module")
def stage() -> Iterator[EntityStage]:
    built = EntityStage(Settings())
    yield built
    built.close()


def test_no_model_no_entities_and_the_article_says_so(stage: EntityStage) -> None:
    dutch = stage.process(Article(id="nl", url=None, body=DUTCH, language="nl"))
    assert dutch.entities.person == dutch.entities.org == dutch.entities.location == []
    assert dutch.entity_mentions == [] and dutch.entity_counts == []
    assert dutch.ner_model == "none"


def test_german_is_read_by_the_german_crf(stage: EntityStage) -> None:
    german = stage.process(Article(id="de", url=None, body=GERMAN, language="de"))
    assert german.ner_model.endswith(":german.distsim")
    assert german.entities.person == ["Olaf Scholz"]  # not "Bundeskanzler Olaf Scholz"
    assert german.entities.location == ["Berlin", "Hamburg"]
    assert all(GERMAN[m.start : m.end] == m.text for m in german.entity_mentions)


def test_german_has_no_model_when_spacy_reads() -> None:
    built = EntityStage(Settings(ner="spacy"))
    try:
        german = built.process(Article(id="de", url=None, body=GERMAN, language="de"))
        assert german.ner_model == "none" and german.entities.person == []
    finally:
        built.close()


def test_each_language_gets_its_own_model_loaded_once(stage: EntityStage) -> None:
    english = Article(id="en", url=None, body=ENGLISH, language="en")
    unknown = Article(id="xx", url=None, body=ENGLISH)  # no language: the default model
    french = Article(id="fr", url=None, body=FRENCH, language="fr")
    out = list(stage.process_batch([english, french, unknown]))
    assert [a.id for a in out] == ["en", "fr", "xx"]  # order kept across the groups
    assert "Joe Biden" in out[0].entities.person
    assert out[0].ner_model.startswith("stanford-corenlp") and out[2].ner_model == out[0].ner_model
    assert out[1].ner_model.startswith("fr_core_news_sm")
    assert "Emmanuel Macron" in out[1].entities.person
    assert "Paris" in out[1].entities.location
    assert all(FRENCH[m.start : m.end] == m.text for m in out[1].entity_mentions)
    french_model = stage._models.get("fr")  # type: ignore[union-attr]
    stage.process(Article(id="fr2", url=None, body=FRENCH, language="fr"))
    assert stage._models.get("fr") is french_model  # type: ignore[union-attr]


def test_french_is_loaded_only_when_a_french_article_comes() -> None:
    built = EntityStage(Settings())
    try:
        built.process(Article(id="en", url=None, body=ENGLISH, language="en"))
        assert "fr" not in built._models._loaded  # type: ignore[union-attr]
    finally:
        built.close()


def test_quotes_only_in_languages_the_stage_knows() -> None:
    from etl.enrich import QuoteStage

    quotes = QuoteStage(Settings())
    english = 'Smith said: "We will win this election." ' * 2
    # a Dutch article citing an English line: the English rules would attribute it
    dutch = "„We gaan de verkiezingen winnen”, zei Jansen woensdag in Utrecht.\n" + english
    assert quotes.process(Article(id="en", url=None, body=english, language="en")).quotes
    assert quotes.process(Article(id="xx", url=None, body=dutch)).quotes
    out = quotes.process(Article(id="nl", url=None, body=dutch, language="nl"))
    assert out.quotes == []
