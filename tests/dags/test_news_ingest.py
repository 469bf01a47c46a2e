"""`news_ingest` end to end with `dag.test()`: a loopback news site into the real engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl import Engine, Settings, search
from etl._index import RUNS_INDEX

from .._newssite import news_site, sources_file
from ._airflow import dag_test, migrate


@pytest.fixture(scope="module")
def airflow_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("airflow")
    migrate(home)
    return home


@pytest.mark.slow
def test_ingest_dag_indexes_every_article_and_reruns_change_nothing(
    airflow_home: Path, settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    with news_site(n_feed=4, n_sitemap=3) as site:
        env = {
            "NEWSARCHIVE_ENGINE_URL": settings.engine_url,
            "NEWSARCHIVE_INDEX_ALIAS": settings.index_alias,
            "NEWSARCHIVE_HOME": str(tmp_path / "home"),
            "NEWSARCHIVE_ALLOW_PRIVATE_ADDRESSES": "1",  # the site is on loopback
            "NEWSARCHIVE_FETCH_DELAY": "0.05",
            # Pipeline batches of 2: a task of 3 URLs starts its pool of worker processes,
            # so spawning workers inside an Airflow task is exercised too.
            "NEWSARCHIVE_NER_BATCH_SIZE": "1",
            "NEWSARCHIVE_WORKERS": "2",
        }
        conf = {"sources_file": str(sources_file(tmp_path, site)), "batch_size": 3}
        first = dag_test(airflow_home, "news_ingest", "2024-05-10T00:00:00+00:00", conf, env)
        assert first["state"] == "success", first["log"][-5000:]
        assert first["tasks"]["process"] == ["success"] * 3  # 4 feed URLs -> 2 batches, +1
        alias = settings.index_alias
        engine.refresh(alias)
        assert engine.count(alias) == 7  # the tracking-parameter variant collapsed into one
        result = search(engine, alias, "negotiations", facets=["source", "wire-agency"])
        assert result.total == 7
        assert dict(result.facets["source"]) == {"gazette-feed": 4, "gazette-sitemap": 3}
        assert dict(result.facets["wire-agency"])["AP"] == 4  # stories 0, 3, 5 and 6
        engine.refresh(RUNS_INDEX)
        runs = engine.search(RUNS_INDEX, {"query": {"term": {"index": alias}}})["hits"]["hits"]
        assert len(runs) == 1
        report = runs[0]["_source"]
        assert report["total"] == 7 and report["counts"]["indexed"] == 7
        # Each indexed article starts a story or joins one, as the index shows.
        agg = {"size": 0, "aggs": {"stories": {"cardinality": {"field": "story.id"}}}}
        story_ids = engine.search(alias, agg)["aggregations"]["stories"]["value"]
        assert report["stories"] == {"new": story_ids, "copies": 7 - story_ids}
        warcs = list((tmp_path / "home" / "warc" / "2024" / "05" / "10").glob("*.warc.gz"))
        assert len(warcs) == 3  # one WARC file per batch

        again = dag_test(airflow_home, "news_ingest", "2024-05-10T00:00:00+00:00", conf, env)
        assert again["state"] == "success", again["log"][-5000:]
        engine.refresh(alias)
        assert engine.count(alias) == 7
        assert search(engine, alias, "negotiations").total == 7
        engine.refresh(RUNS_INDEX)
        runs = engine.search(RUNS_INDEX, {"query": {"term": {"index": alias}}})["hits"]["hits"]
        counts = sorted(
            (r["_source"]["counts"]["indexed"], r["_source"]["counts"]["unchanged"]) for r in runs
        )
        assert counts == [(0, 7), (7, 0)]  # the second run found everything unchanged
        assert sorted(r["_source"]["stories"]["new"] for r in runs) == [0, story_ids]


def test_reindex_dag_swaps_and_prunes(
    airflow_home: Path, settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    from etl import Input, ingest

    texts = [f"LONDON (Reuters) - Talks on the budget went on for day {i}. " * 5 for i in range(6)]
    inputs = [Input(key=f"r{i}", text=t, url=f"https://r.example/{i}") for i, t in enumerate(texts)]
    assert ingest(inputs, settings).counts["indexed"] == len(texts)
    alias = settings.index_alias
    env = {"NEWSARCHIVE_ENGINE_URL": settings.engine_url, "NEWSARCHIVE_INDEX_ALIAS": alias,
           "NEWSARCHIVE_HOME": str(tmp_path / "home")}  # fmt: skip
    run = dag_test(airflow_home, "news_reindex", None, {"keep_versions": 1}, env)
    assert run["state"] == "success", run["log"][-5000:]
    assert engine.alias_targets(alias) == [f"{alias}-v2"]
    assert sorted(engine.list_indices(f"{alias}-v*")) == [f"{alias}-v2"]  # v1 pruned
    assert engine.count(alias) == len(texts)
