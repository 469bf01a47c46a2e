"""End-to-end runs from the loopback site into the benchmark's engine: `newsarchive ingest`
(a child process) and `news_ingest` (`dag.test()` in a child process with its own
AIRFLOW_HOME), each timed from its start to its exit and measured for memory (`bench.proc`).

Every run writes to an alias of its own (`bench-cli-<n>`, `bench-airflow-<n>`) that is emptied
before and deleted after, so that a run never finds its documents `unchanged` from an earlier
one. Run data (dead-letter file, WARC files, Airflow's database) lives in a temporary folder.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from etl import connect

from .corpus import REPO
from .proc import CpuWatch, Measured, run_measured
from .site import NewsSite

PROBE_PAGES = 5


def _drop_alias(engine_url: str, alias: str) -> None:
    engine = connect(engine_url)
    try:
        for index in engine.alias_targets(alias):
            engine.delete_index(index)
        for index in engine.list_indices(f"{alias}-v*"):
            engine.delete_index(index)
    finally:
        engine.close()


def _count(engine_url: str, alias: str) -> int:
    engine = connect(engine_url)
    try:
        return engine.count(alias) if engine.alias_targets(alias) else 0
    finally:
        engine.close()


def base_env(engine_url: str, home: Path, alias: str) -> dict[str, str]:
    return {
        **os.environ,
        "NEWSARCHIVE_ALLOW_PRIVATE_ADDRESSES": "1",
        "NEWSARCHIVE_FETCH_DELAY": "0",
        "NEWSARCHIVE_ENGINE_URL": engine_url,
        "NEWSARCHIVE_HOME": str(home),
        "NEWSARCHIVE_INDEX_ALIAS": alias,
        "PYTHONPATH": str(REPO),
    }


def _memory(m: Measured) -> dict[str, Any]:
    return {
        "main_peak_mb": round(m.main_peak_mb, 1),
        "largest_peak_mb": round(m.largest_peak_mb, 1),
        "tree_peak_mb": round(m.tree_peak_mb, 1),
        "processes": m.processes,
    }


def _timeline(site: NewsSite, m: Measured) -> dict[str, float]:
    """When the run asked for its first and its last page, from its start (both clocks are
    the system's monotonic clock): start-up before, draining and indexing after."""
    times = [t for t, _ in site.page_hits()]
    if not times:
        return {}
    return {
        "first_page_s": round(min(times) - m.started, 2),
        "last_page_s": round(max(times) - m.started, 2),
        "exit_s": round(m.seconds, 2),
        "pages_requested": len(times),
    }


def _tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def cli_command(shim: bool) -> list[str]:
    if shim:
        return [sys.executable, "-m", "bench._cli"]
    return [str(Path(sys.executable).with_name("newsarchive"))]


def probe_fetch_delay(site: NewsSite, engine_url: str, work: Path, timeout: float) -> dict:
    """Does `newsarchive ingest --sources` honour NEWSARCHIVE_FETCH_DELAY=0? Ingest a few
    pages with the real CLI and look at the spacing of its page requests on the site."""
    alias = "bench-probe"
    _drop_alias(engine_url, alias)
    site.page_hits()  # forget earlier requests
    src = site.sources_file(work, PROBE_PAGES)
    m = run_measured(
        [*cli_command(False), "ingest", "--sources", str(src), "--json"],
        env=base_env(engine_url, work / "home-probe", alias), cwd=REPO, timeout=timeout,
    )  # fmt: skip
    times = sorted(t for t, _ in site.page_hits())
    gaps = [b - a for a, b in itertools.pairwise(times)]
    median_gap = statistics.median(gaps) if gaps else 0.0
    _drop_alias(engine_url, alias)
    return {
        "returncode": m.returncode,
        "seconds": round(m.seconds, 2),
        "pages_requested": len(times),
        "median_gap_s": round(median_gap, 3),
        "honoured": m.returncode == 0 and len(times) >= 2 and median_gap < 0.5,
        "stderr": _tail(m.stderr) if m.returncode else "",
    }


def run_cli(
    site: NewsSite,
    size: int,
    engine_url: str,
    work: Path,
    *,
    shim: bool,
    timeout: float,
    helpers: dict[str, int | None],
) -> dict[str, Any]:
    alias = f"bench-cli-{size}"
    _drop_alias(engine_url, alias)
    src = site.sources_file(work, size)
    site.page_hits()  # forget earlier requests
    with CpuWatch(**helpers) as cpu:
        m = run_measured(
            [*cli_command(shim), "ingest", "--sources", str(src), "--json"],
            env=base_env(engine_url, work / f"home-cli-{size}", alias), cwd=REPO,
            timeout=timeout,
        )  # fmt: skip
    timeline = _timeline(site, m)
    counts: dict[str, int] = {}
    with contextlib.suppress(ValueError, KeyError, TypeError):
        counts = json.loads(m.stdout)["counts"]
    indexed = _count(engine_url, alias)
    _drop_alias(engine_url, alias)
    return {
        "size": size,
        "seconds": round(m.seconds, 2),
        "inputs_per_s": size / m.seconds if m.seconds else 0.0,
        "returncode": m.returncode,
        "timed_out": m.timed_out,
        "counts": counts,
        "docs_in_index": indexed,
        "cpu_seconds": round(m.cpu_seconds, 2),
        "cpu_ms_per_input": round(1000 * m.cpu_seconds / size, 2),
        "memory": _memory(m),
        "timeline": timeline,
        "cores": cpu.share(m.cpu_seconds),
        "shim": shim,
        "stderr": _tail(m.stderr) if m.returncode else "",
    }


def airflow_env(home: Path, extra: dict[str, str]) -> dict[str, str]:
    return {
        **extra,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "WARNING",
    }


def run_airflow(
    site: NewsSite,
    size: int,
    engine_url: str,
    work: Path,
    *,
    batch_size: int | None,
    timeout: float,
    helpers: dict[str, int | None],
) -> dict[str, Any]:
    alias = f"bench-airflow-{size}"
    _drop_alias(engine_url, alias)
    home = work / "airflow"
    env = airflow_env(home, base_env(engine_url, work / f"home-airflow-{size}", alias))
    airflow = str(Path(sys.executable).with_name("airflow"))
    migrate = run_measured([airflow, "db", "migrate"], env=env, cwd=REPO, timeout=600)
    if migrate.returncode != 0:
        return {"size": size, "error": "airflow db migrate failed: " + _tail(migrate.stderr)}
    src = site.sources_file(work, size)
    params: dict[str, Any] = {"sources_file": str(src)}
    if batch_size is not None:
        params["batch_size"] = batch_size
    conf = json.dumps(params)
    logical_date = datetime.now(UTC).replace(microsecond=0).isoformat()
    site.page_hits()  # forget earlier requests
    with CpuWatch(**helpers) as cpu:
        m = run_measured(
            [sys.executable, "-m", "bench._dag_test", str(REPO / "dags"), "news_ingest",
             logical_date, conf],
            env=env, cwd=REPO, timeout=timeout,
        )  # fmt: skip
    timeline = _timeline(site, m)
    result: dict[str, Any] = {}
    for line in m.stdout.splitlines():
        if line.startswith("DAGRUN-RESULT "):
            result = json.loads(line.removeprefix("DAGRUN-RESULT "))
    reports = sorted((work / f"home-airflow-{size}" / "runs").glob("news_ingest/*/report.json"))
    counts = json.loads(reports[-1].read_text())["counts"] if reports else {}
    indexed = _count(engine_url, alias)
    _drop_alias(engine_url, alias)
    tasks = result.get("tasks", {})
    process = [s for _, s, *_ in tasks.get("process", []) if s is not None]
    return {
        "size": size,
        "batch_size": result.get("batch_size", batch_size),
        "seconds": round(m.seconds, 2),
        "inputs_per_s": size / m.seconds if m.seconds else 0.0,
        "returncode": m.returncode,
        "timed_out": m.timed_out,
        "state": result.get("state"),
        "counts": counts,
        "docs_in_index": indexed,
        "parse_s": round(result.get("parse_s", 0.0), 2),
        "api_s": round(result.get("api_s", 0.0), 2),
        "dag_test_s": round(result.get("test_s", 0.0), 2),
        "process_tasks": len(process),
        "process_task_s_total": round(sum(process), 2),
        "process_task_s_first": round(process[0], 2) if process else None,
        "process_task_s_median": round(statistics.median(process), 2) if process else None,
        "task_s": {k: round(sum(s or 0 for _, s, *_ in v), 2) for k, v in tasks.items()},
        "cpu_seconds": round(m.cpu_seconds, 2),
        "cpu_ms_per_input": round(1000 * m.cpu_seconds / size, 2),
        "memory": _memory(m),
        "timeline": timeline,
        "cores": cpu.share(m.cpu_seconds),
        "migrate_s": round(migrate.seconds, 2),
        "stderr": _tail(m.stderr) if m.returncode or not result else "",
    }
