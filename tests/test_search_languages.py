"""Search that knows the language, against the live engine: each article's title and body are
also analysed for its own language, and exact words are found in every language."""

from __future__ import annotations

import pytest

from etl import Article, Engine, Settings, article_id, search
from etl._index import ensure_index, index_articles
from etl._reindex import reindex

TEXTS = {
    "de": ("Wahlen in Bayern", "Die Wahlen in Bayern haben die Regierung geschwächt. Die "
           "Bürger stimmten am Sonntag ab, die Beteiligung war hoch."),
    "fr": ("Les élections en France", "Les élections législatives ont eu lieu dimanche. "
           "L'électorat a voté en masse dans toutes les régions."),
    "ja": ("宮崎県で地震", "宮崎県で震度５弱の地震があった。気象庁によると震源地は日向灘。"),
    "ko": ("대통령 선거 유세", "대통령이 광주를 찾아 국민 통합을 외쳤다. 선거 운동이 시작됐다."),
    "en": ("Voters head to the polls", "Voters in Ohio went to the polls on Tuesday in an "
           "vote that officials called calm."),
}  # fmt: skip


def _article(language: str) -> Article:
    title, body = TEXTS[language]
    url = f"https://news.example/{language}"
    return Article(id=article_id(url), url=url, title=title, body=body, language=language)


def _found(engine: Engine, alias: str, query: str, **options: object) -> set[str]:
    result = search(engine, alias, query, size=20, **options)  # type: ignore[arg-type]
    return {hit.url.rsplit("/", 1)[-1] for hit in result.hits if hit.url}


@pytest.fixture(scope="module")
def corpus(engine_url: str) -> Settings:
    import uuid

    from etl import connect

    settings = Settings(engine_url=engine_url, index_alias=f"l{uuid.uuid4().hex[:10]}")
    engine = connect(engine_url)
    try:
        index = ensure_index(engine, settings.index_alias)
        items = index_articles(engine, index, [_article(code) for code in TEXTS])
        assert all(item.ok for item in items)
        engine.refresh(index)
    finally:
        engine.close()
    return settings


def test_each_language_is_stemmed_its_own_way(corpus: Settings, engine: Engine) -> None:
    alias = corpus.index_alias
    assert _found(engine, alias, "Wahl") == {"de"}  # the English stemmer keeps "wahlen"
    assert _found(engine, alias, "élection") == {"fr"}
    assert _found(engine, alias, "election") == {"fr"}  # accents do not matter
    assert _found(engine, alias, "title:Wahl") == {"de"}
    assert _found(engine, alias, "地震") == {"ja"}
    assert _found(engine, alias, "대통령") == {"ko"}  # "대통령이" in the text
    assert _found(engine, alias, "Bürger") == {"de"}  # exact words, folded, everywhere
    assert _found(engine, alias, "polls") == {"en"}


def test_language_filter_and_facet(corpus: Settings, engine: Engine) -> None:
    alias = corpus.index_alias
    assert _found(engine, alias, "*", filters=["language=de", "language=fr"]) == {"de", "fr"}
    facets = dict(search(engine, alias, "*", facets=["language"]).facets["language"])
    assert facets == {code: 1 for code in TEXTS}


def test_stored_article_has_no_copies(corpus: Settings, engine: Engine) -> None:
    raw = engine.search(corpus.index_alias, {"query": {"term": {"language": "de"}}})
    source = raw["hits"]["hits"][0]["_source"]
    assert "i18n" not in source and source["body"] == TEXTS["de"][1]


def test_reindex_copy_keeps_the_language_fields(settings: Settings, engine: Engine) -> None:
    index = ensure_index(engine, settings.index_alias)
    assert all(i.ok for i in index_articles(engine, index, [_article("de"), _article("en")]))
    engine.refresh(index)
    report = reindex(engine, settings, mode="copy")
    assert report.swapped
    assert _found(engine, settings.index_alias, "Wahl") == {"de"}
