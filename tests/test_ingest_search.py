"""Ingest into the real engine, then search it the way a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from etl import Article, Engine, Input, Settings, article_id, ingest, search
from etl._index import versioned_name

from .conftest import REPO, SEED_PAGE


def _article(n: int, **fields: object) -> Input:
    """A plain-text input with a known body; `fields` are checked through search results."""
    return Input(key=f"doc-{n}", text=fields.pop("text"), url=f"https://news.example/{n}")  # type: ignore[arg-type]


@pytest.fixture
def seeded(settings: Settings, engine: Engine) -> Settings:
    report = ingest([Input(key=str(SEED_PAGE), html=SEED_PAGE.read_bytes())], settings)
    assert report.to_dict()["counts"]["indexed"] == 1
    return settings


def test_seed_article_is_found_with_its_facets(seeded: Settings, engine: Engine) -> None:
    result = search(
        engine, seeded.index_alias, "migration",
        facets=["person", "dateline-place", "syndicated-from", "publisher"],
    )  # fmt: skip
    assert result.total == 1
    hit = result.hits[0]
    assert "López Obrador" in hit.title and hit.publisher == "The Bay Ledger"
    assert "<em>migration</em>" in hit.snippet
    people = dict(result.facets["person"])
    assert people["Joe Biden"] == 1 and people["Andrés Manuel López Obrador"] == 1
    assert dict(result.facets["dateline-place"]) == {"San Francisco": 1}
    assert dict(result.facets["syndicated-from"]) == {"NBC News": 1}
    quoted = search(engine, seeded.index_alias, "*", facets=["speaker"]).facets["speaker"]
    assert {"Joe Biden", "Arturo Sarukhan", "J.B. Pritzker", "White House"} <= dict(quoted).keys()
    assert dict(quoted)["Arturo Sarukhan"] == 1  # articles, not quotes
    by_speaker = search(engine, seeded.index_alias, "*", filters=["speaker=J.B. Pritzker"])
    assert by_speaker.total == 1


def test_search_folds_accents_and_stems(seeded: Settings, engine: Engine) -> None:
    alias = seeded.index_alias
    assert search(engine, alias, "Lopez Obrador").total == 1
    assert search(engine, alias, "migrants counternarcotic").total == 1
    assert search(engine, alias, '"legal pathways"').total == 1
    assert search(engine, alias, "migration -Biden").total == 0
    assert search(engine, alias, "zebra").total == 0


def test_reingesting_skips_unchanged_and_never_duplicates(seeded: Settings, engine: Engine) -> None:
    page = [Input(key=str(SEED_PAGE), html=SEED_PAGE.read_bytes())]
    again = ingest(page, seeded)
    assert again.to_dict()["counts"]["unchanged"] == 1
    assert engine.count(seeded.index_alias) == 1
    forced = ingest(page, seeded, skip_unchanged=False)  # rewritten in place, same id
    assert forced.to_dict()["counts"]["indexed"] == 1
    assert engine.count(seeded.index_alias) == 1
    assert engine.alias_targets(seeded.index_alias) == [versioned_name(seeded.index_alias, 1)]


def test_filters_and_dates_combine(settings: Settings, engine: Engine) -> None:
    texts = {
        "a": "WASHINGTON (AP) — Joe Biden met Xi Jinping to discuss trade and tariffs at length.",
        "b": "LONDON, Nov 17 (Reuters) - Rishi Sunak said trade talks with France would resume.",
        "c": "PARIS (AFP) — Emmanuel Macron said trade with Germany was strong this quarter.",
    }
    inputs = [Input(key=k, text=t * 4, url=f"https://news.example/{k}") for k, t in texts.items()]
    report = ingest(inputs, settings)
    assert report.to_dict()["counts"]["indexed"] == 3
    alias = settings.index_alias

    def ids(**options: object) -> set[str]:
        result = search(engine, alias, "trade", size=10, **options)
        return {h.url.rsplit("/", 1)[1] for h in result.hits}

    assert ids() == {"a", "b", "c"}
    assert ids(filters=["wire-agency=AP"]) == {"a"}
    assert ids(filters=["wire-agency=AP", "wire-agency=Reuters"]) == {"a", "b"}  # OR within
    assert ids(filters=["wire-agency=AP", "dateline-place=London"]) == set()  # AND across
    assert ids(filters=["dateline-place=Paris", "wire-agency=AFP"]) == {"c"}
    counts = search(engine, alias, "*", facets=["dateline-place", "wire-agency"]).facets
    assert dict(counts["wire-agency"]) == {"AP": 1, "Reuters": 1, "AFP": 1}


def test_words_only_the_standfirst_says_are_found(settings: Settings, engine: Engine) -> None:
    from etl._index import ensure_index, index_articles

    index = ensure_index(engine, settings.index_alias)
    article = Article(
        id=article_id("https://news.example/lead"), url="https://news.example/lead",
        title="Port reopens", standfirst="The lighthouse keepers return after forty years.",
        body="Ferries sailed again on Monday morning.",
    )  # fmt: skip
    assert [a.ok for a in index_articles(engine, index, [article])] == [True]
    engine.refresh(index)
    for query in ("lighthouse keeper", "standfirst:lighthouse", "ferries -standfirst:harbour"):
        assert [h.id for h in search(engine, settings.index_alias, query).hits] == [article.id]
    assert search(engine, settings.index_alias, "-standfirst:lighthouse ferries").total == 0


def test_engine_rejection_is_recorded_and_the_rest_indexed(
    settings: Settings, engine: Engine
) -> None:
    from etl._index import ensure_index, index_articles

    index = ensure_index(engine, settings.index_alias)
    good = Article(id=article_id("good"), url="https://news.example/good", body="fine text")
    bad = Article(id=article_id("bad"), url="https://news.example/bad", body="bad date",
                  published_at="not a date at all")  # fmt: skip
    answers = list(index_articles(engine, index, [good, bad, good]))
    assert [a.ok for a in answers] == [True, False, True]
    assert "published_at" in answers[1].error
    engine.refresh(index)
    assert engine.count(index) == 1


def test_ingest_and_search_from_the_cli(settings: Settings, tmp_path: Path) -> None:
    env = {**os.environ, "NEWSARCHIVE_ENGINE_URL": settings.engine_url,
           "NEWSARCHIVE_INDEX_ALIAS": settings.index_alias}  # fmt: skip
    stub = tmp_path / "stub.html"
    stub.write_text("<html><body><nav>Home</nav><p>Subscribe to read this.</p></body></html>")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "etl.cli", *args], capture_output=True, text=True, env=env,
            cwd=REPO, timeout=300, check=False,
        )  # fmt: skip

    done = cli("ingest", "--json", str(SEED_PAGE), str(stub), str(tmp_path / "missing.html"))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["total"] == 3
    assert report["counts"] == {
        "indexed": 1, "unchanged": 0, "enriched": 0, "rejected": 1, "failed": 1
    }  # fmt: skip
    assert {p["key"] for p in report["problems"]} == {str(stub), str(tmp_path / "missing.html")}

    done = cli("search", "migration", "--facet", "person", "--facet", "dateline-place")
    assert done.returncode == 0, done.stderr
    assert "1 hit for 'migration'" in done.stdout
    assert "Andrés Manuel López Obrador" in done.stdout and "San Francisco" in done.stdout

    done = cli("search", "migration", "--filter", "person=Xi Jinping", "--json")
    assert json.loads(done.stdout)["total"] == 1
    done = cli("search", "migration", "--facet", "nonsense")
    assert done.returncode == 1 and "unknown facet 'nonsense'" in done.stderr


def test_sources_file_drives_ingest(settings: Settings, engine: Engine) -> None:
    from etl.crawl._discover import from_sources

    report = ingest(from_sources(REPO / "seeds" / "sources.yaml"), settings)
    assert report.to_dict()["counts"]["indexed"] >= 1
    assert report.to_dict()["counts"]["failed"] == 0
    hits = search(engine, settings.index_alias, "*", facets=["source"]).facets["source"]
    assert dict(hits)["seed-articles"] >= 1


class SpoilDatesStage:
    """A stage (wired by dotted path, like any other) that spoils one article's date, so the
    engine's strict mapping rejects that document."""

    name = "spoil-dates"

    def __init__(self, settings: Settings) -> None:
        pass

    def process_batch(self, articles: list[Article]):  # type: ignore[no-untyped-def]
        for article in articles:
            if "SPOIL" in article.body:
                article.published_at = "not a date at all"
            yield article

    def close(self) -> None:
        pass


def test_a_document_the_engine_rejects_goes_to_the_dead_letter_file(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    from dataclasses import replace

    stages = {**settings.stages, "tests.test_ingest_search.SpoilDatesStage": 900}
    spoiling = replace(settings, stages=stages)
    texts = ["A fine story about the harbour and its boats. " * 6,
             "SPOIL this story about the harbour and its boats. " * 6,
             "Another fine story about the harbour and its boats. " * 6]  # fmt: skip
    inputs = [
        Input(key=f"k{i}", text=t, url=f"https://news.example/{i}") for i, t in enumerate(texts)
    ]
    dead = tmp_path / "dead.jsonl"
    report = ingest(inputs, spoiling, dead_letter=dead)
    assert report.to_dict()["counts"]["indexed"] == 2
    assert report.to_dict()["counts"]["rejected"] == 1
    assert engine.count(settings.index_alias) == 2
    (line,) = [json.loads(x) for x in dead.read_text().splitlines()]
    assert line["key"] == "k1" and "published_at" in line["reason"]
    assert line["document"]["body"].startswith("SPOIL")  # kept whole: nothing lost


GERMAN_PAGE = """<html lang="de"><head><title>Hafen von Hamburg wegen Sturm geschlossen</title>
<meta property="og:site_name" content="Hafenbote"></head><body><article>
<h1>Hafen von Hamburg wegen Sturm geschlossen</h1>
<p>Hamburg. Der Sturm hat am Dienstag den Hamburger Hafen lahmgelegt. „Wir mussten alle
Terminals schließen, die Sicherheit der Beschäftigten geht vor“, sagte Hafenchefin Angela
Titzrath am Morgen. Die Fähren blieben den ganzen Tag an den Anlegern.</p>
<p>Bürgermeister Peter Tschentscher lobte die Einsatzkräfte. Die Lage sei unter Kontrolle,
sagte Tschentscher am Nachmittag im Rathaus. Laut Deutschem Wetterdienst lässt der Wind erst in
der Nacht nach. In Bremen und Kiel blieben die Häfen dagegen geöffnet.</p>
</article></body></html>"""


def test_a_german_page_gets_its_people_places_and_speakers(
    settings: Settings, engine: Engine
) -> None:
    page = Input(key="hafen", html=GERMAN_PAGE.encode(), url="https://hafenbote.example/sturm")
    assert ingest([page], settings).to_dict()["counts"]["indexed"] == 1
    facets = ["person", "location", "speaker", "language"]
    result = search(engine, settings.index_alias, "Sturm", facets=facets)
    assert result.total == 1
    assert dict(result.facets["language"]) == {"de": 1}
    people = dict(result.facets["person"])
    assert {"Angela Titzrath", "Peter Tschentscher"} <= people.keys()
    assert not any(name.startswith(("Hafenchefin", "Bürgermeister")) for name in people)
    assert {"Hamburg", "Bremen", "Kiel"} <= dict(result.facets["location"]).keys()
    assert {"Angela Titzrath", "Peter Tschentscher"} <= dict(result.facets["speaker"]).keys()
