"""Search as a researcher uses it, against the live engine: syntax, facets, filters, dates,
deep paging and export."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from etl import Article, Dateline, Engine, Entities, Quote, Settings, article_id, search
from etl._index import ensure_index, index_articles
from etl._search import FACETS

from .conftest import REPO

PUBLISHERS = ["The Bay Ledger", "Harbour Times", "Valley Post"]
PEOPLE = ["Andrés Manuel López Obrador", "Joe Biden", "Xi Jinping", "Dina Boluarte"]
N = 60


def _article(n: int) -> Article:
    person = PEOPLE[n % 4]
    topic = "migration" if n % 2 else "trade"
    return Article(
        id=article_id(f"https://news.example/{n}"),
        url=f"https://news.example/{n}",
        title=f"Story {n} on {topic}",
        body=f"{person} spoke about {topic} policy and the talks in the capital, story {n}. "
        f"Officials expect more meetings.",
        publisher=PUBLISHERS[n % 3],
        domain="news.example",
        authors=[f"Writer {n % 5}"],
        published_at=f"2024-0{n % 9 + 1}-1{n % 10}",
        language="en" if n % 10 else "es",
        tags=["politics"],
        dateline=Dateline(raw="PARIS (AFP) —", place="Paris", country="France", agency="AFP")
        if n % 6 == 0
        else None,
        wire_agency="AFP" if n % 6 == 0 else None,
        syndicated_from="NBC News" if n % 7 == 0 else None,
        entities=Entities(person=[person], org=["White House"], location=["Mexico"]),
        quotes=[Quote(speaker=person, cue="said", kind="direct", text="We will talk.")],
        source="seed-articles" if n % 2 else "wire-feed",
    )


@pytest.fixture(scope="module")
def corpus(engine_url: str) -> Settings:
    import uuid

    from etl import connect

    settings = Settings(engine_url=engine_url, index_alias=f"s{uuid.uuid4().hex[:10]}")
    engine = connect(engine_url)
    try:
        index = ensure_index(engine, settings.index_alias)
        assert all(a.ok for a in index_articles(engine, index, [_article(n) for n in range(N)]))
        engine.refresh(index)
    finally:
        engine.close()
    return settings


def test_every_facet_aggregates(corpus: Settings, engine: Engine) -> None:
    result = search(engine, corpus.index_alias, "*", facets=list(FACETS))
    assert set(result.facets) == set(FACETS)
    for name in ("publisher", "person", "org", "location", "language", "speaker", "source",
                 "dateline-place", "wire-agency", "syndicated-from", "author", "tag"):  # fmt: skip
        assert result.facets[name], f"facet {name} has no buckets"
    assert dict(result.facets["publisher"]) == {p: 20 for p in PUBLISHERS}
    assert dict(result.facets["speaker"])["Joe Biden"] == 15


def test_folding_stemming_and_query_syntax(corpus: Settings, engine: Engine) -> None:
    alias = corpus.index_alias

    def total(q: str, **options: object) -> int:
        return search(engine, alias, q, **options).total

    assert total("Lopez Obrador") == 15  # "López"
    assert total("migrants") == 30  # stemmed to "migrat"
    assert total('"talks in the capital"') == N
    assert total("migration -Biden") == 15
    assert total('person:"Joe Biden"') == 15
    assert total('migration -person:"Joe Biden"') == 15
    assert total('title:trade publisher:"Valley Post"') == 10
    assert total("http://example.org/not-a-field") == 0  # unknown prefixes stay text


def test_filters_and_dates_combine(corpus: Settings, engine: Engine) -> None:
    alias = corpus.index_alias

    def ids(**options: object) -> set[int]:
        result = search(engine, alias, "*", size=100, **options)
        return {int(h.url.rsplit("/", 1)[1]) for h in result.hits}

    everything = set(range(N))
    biden = {n for n in everything if n % 4 == 1}
    xi = {n for n in everything if n % 4 == 2}
    valley = {n for n in everything if n % 3 == 2}
    assert ids(filters=["person=Joe Biden"]) == biden
    assert ids(filters=["person=Joe Biden", "person=Xi Jinping"]) == biden | xi  # OR within
    assert ids(filters=["person=Joe Biden", "publisher=Valley Post"]) == biden & valley  # AND
    spring = {n for n in everything if 3 <= n % 9 + 1 <= 5}
    assert ids(since="2024-03-01", until="2024-05-31") == spring
    assert ids(since="2024-03-01", until="2024-05-31", filters=["person=Joe Biden"]) == (
        spring & biden
    )
    assert ids(filters=["speaker=Xi Jinping"]) == xi


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_search_after_returns_every_match_exactly_once(
    corpus: Settings, engine: Engine, sort: str
) -> None:
    seen: list[str] = []
    after = None
    while True:
        page = search(engine, corpus.index_alias, "talks", size=7, sort=sort, after=after)
        seen += [h.id for h in page.hits]
        if page.next_after is None:
            break
        after = page.next_after
    assert len(seen) == len(set(seen)) == N
    if sort == "newest":
        first = search(engine, corpus.index_alias, "talks", size=1, sort="newest").hits[0]
        assert first.published_at.startswith("2024-09")


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_writes_one_line_per_match(corpus: Settings, fmt: str) -> None:
    env = {**os.environ, "NEWSARCHIVE_ENGINE_URL": corpus.engine_url,
           "NEWSARCHIVE_INDEX_ALIAS": corpus.index_alias}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "etl.cli", "export", "migration", "--format", fmt],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "exported 30 articles" in done.stderr
    if fmt == "jsonl":
        rows = [json.loads(line) for line in done.stdout.splitlines()]
        assert {r["id"] for r in rows} == {_article(n).id for n in range(1, N, 2)}
    else:
        rows = list(csv.DictReader(io.StringIO(done.stdout)))
        assert len(rows) == 30 and rows[0]["entities.person"] in PEOPLE
