"""A real Airflow: api-server, scheduler and dag-processor (LocalExecutor, SQLite, loopback),
`news_ingest` triggered through the REST API, then the articles searched in the engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from etl import Engine, Settings, search

from .._newssite import news_site, sources_file
from ._airflow import Airflow, migrate


@pytest.fixture
def airflow(tmp_path: Path, settings: Settings) -> Iterator[tuple[Airflow, object]]:
    home = tmp_path / "airflow"
    home.mkdir()
    migrate(home)
    with news_site(n_feed=3, n_sitemap=2) as site:
        sources = sources_file(tmp_path, site)
        env = {
            "NEWSARCHIVE_ENGINE_URL": settings.engine_url,
            "NEWSARCHIVE_INDEX_ALIAS": settings.index_alias,
            "NEWSARCHIVE_HOME": str(tmp_path / "home"),
            "NEWSARCHIVE_ALLOW_PRIVATE_ADDRESSES": "1",  # the site is on loopback
            "NEWSARCHIVE_FETCH_DELAY": "0.05",
            "NEWSARCHIVE_SOURCES": str(sources),  # also what the scheduled run reads
            # Two pipeline worker processes, started by the task (5 pages > a batch of 2):
            # spawned from an Airflow task process, whose main script cannot be run again.
            "NEWSARCHIVE_WORKERS": "2",
            "NEWSARCHIVE_NER_BATCH_SIZE": "1",
        }
        runner = Airflow(home, env)
        try:
            runner.start()
            yield runner, sources
        finally:
            runner.stop()


@pytest.mark.slow
def test_scheduler_runs_news_ingest_triggered_through_the_api(
    airflow: tuple[Airflow, Path], settings: Settings, engine: Engine
) -> None:
    runner, sources = airflow
    run_id = runner.trigger("news_ingest", {"sources_file": str(sources), "batch_size": 2})
    assert runner.wait("news_ingest", run_id) == "success", f"logs in {runner.home}"
    engine.refresh(settings.index_alias)
    assert engine.count(settings.index_alias) == 5
    assert search(engine, settings.index_alias, "negotiations").total == 5
