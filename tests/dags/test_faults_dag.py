"""The hostile news site (tests/_faultsite.py) through `news_ingest` with `dag.test()`: the same
final states as the CLI run, in the results files, the report file and the `news-runs` index."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from etl import Engine, Settings
from etl._index import RUNS_INDEX

from .._faultsite import FaultSite, migrated_airflow_home
from ..test_faults import check_cases, check_guard, child_env, indexed_docs
from ._airflow import dag_test

LOGICAL_DATE = "2024-05-10T00:00:00+00:00"
RUN_KEY = "2024-05-10T000000"


@pytest.fixture(scope="module")
def airflow_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrated_airflow_home(tmp_path_factory, "airflow-faults")


def test_the_dag_gives_every_fault_its_state_and_reports_the_run(
    airflow_home: Path, settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    # The 200,000-word article is left out here: its NER alone takes ~30 s on two cores, and
    # the CLI run (tests/test_faults.py) already takes it through the same `ingest()`.
    with FaultSite(very_long=False) as site:
        conf = {"sources_file": str(site.sources_file(tmp_path)), "batch_size": 50}
        started = time.monotonic()
        run = dag_test(
            airflow_home, "news_ingest", LOGICAL_DATE, conf, child_env(settings, tmp_path)
        )
        elapsed = time.monotonic() - started
    assert run["state"] == "success", run["log"][-5000:]
    tasks = run["tasks"]
    # one task discovers the three sources at once; an entity bomb or a looping index: no crash
    assert tasks["discover"] == ["success"]
    # every URL of the three sources in one batch of 50 (batches mix sources and hosts)
    assert tasks["process"] == ["success"] and tasks["report"] == ["success"]
    check_guard(tmp_path)

    # the results files: one line per discovered URL, each in exactly one state
    folder = tmp_path / "home" / "runs" / "news_ingest" / RUN_KEY
    rows = [
        json.loads(line)
        for path in sorted(folder.glob("results-*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    by_key = {row["key"]: row for row in rows}
    assert len(by_key) == len(rows) == len(site.cases)
    assert set(by_key) == {case.key for case in site.cases}
    problems = {k: r for k, r in by_key.items() if r["state"] in ("rejected", "failed")}
    docs = indexed_docs(engine, settings.index_alias)
    assert check_cases(site, problems, docs) == []
    for case in site.cases:
        assert by_key[case.key]["state"] == case.state, (case.name, by_key[case.key])
        if case.state == "indexed":
            assert by_key[case.key]["id"]

    # the run report: counts add up to the distinct canonical URLs discovered
    report_file = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    engine.refresh(RUNS_INDEX)
    hits = engine.search(RUNS_INDEX, {"query": {"term": {"index": settings.index_alias}}})
    (stored,) = [hit["_source"] for hit in hits["hits"]["hits"]]
    for report in (stored, report_file):
        discovered = len(site.cases) + len(site.discovery_errors)  # unreadable feeds count too
        assert report["total"] == sum(report["counts"].values()) == discovered
        assert report["counts"]["indexed"] == len(docs)
        assert report["counts"]["indexed"] == sum(c.state == "indexed" for c in site.cases)
        assert report["counts"]["rejected"] == sum(c.state == "rejected" for c in site.cases)
        assert report["counts"]["failed"] == sum(c.state == "failed" for c in site.cases) + len(
            site.discovery_errors
        )
        assert report["state"] == "partial"  # failures and discovery errors: not a clean run
    stored_problems = {
        p["key"]: p for p in stored["problems"] if not p["key"].startswith("discovery: ")
    }
    assert stored_problems.keys() == problems.keys()
    discovery = [p["reason"] for p in stored["problems"] if p["key"].startswith("discovery: ")]
    assert len(discovery) == len(site.discovery_errors)
    for expected in site.discovery_errors.values():
        assert any(expected in reason for reason in discovery), (expected, discovery)
    print(f"\nDAG fault run: {elapsed:.1f} s for {stored['total']} URLs")
