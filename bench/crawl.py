"""The crawl benchmark: N loopback news sites that answer after a latency, crawled at the
default politeness (1 s between two requests to one site), through `newsarchive ingest
--sources` and through `news_ingest` (`dag.test()`).

Each figure is set against the bound `max(pages per site x delay, the same pages through
the pipeline with no network)`, both measured in the same run: the first is what one site
allows, the second what the machine allows (`newsarchive ingest` of the same pages as files).
A crawler that fetches the sites side by side at their polite limit, while the pipeline
keeps up, gets close to 1.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .corpus import REPO, article_html, load_stories
from .e2e import _count, _drop_alias, _memory, _tail, airflow_env, base_env, cli_command
from .proc import run_measured

# (sites, pages per site, latency in seconds): the two set-ups
CONFIGS = [(12, 25, 0.25), (100, 10, 0.25)]
DEFAULT_DELAY = 1.0  # NEWSARCHIVE_FETCH_DELAY's default: not overridden here


@contextlib.contextmanager
def crawl_sites(hosts: int, pages: int, latency: float) -> Iterator[dict[str, Any]]:
    """Start the sites (bench/crawlsite.py) in a child; yield {"bases", "hits"}; "hits" is
    filled when the block ends (the child prints them as it exits)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.crawlsite", "--hosts", str(hosts), "--pages", str(pages),
         "--latency", str(latency)],
        cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    sites: dict[str, Any] = {"bases": [], "hits": {}}
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line.startswith("BASES "):
            raise RuntimeError(f"the crawl sites did not start: {line!r}")
        sites["bases"] = json.loads(line.removeprefix("BASES "))
        yield sites
    finally:
        try:
            out, _ = proc.communicate(input="", timeout=30)  # end of stdin: the sites stop
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
        for line in out.splitlines():
            if line.startswith("HITS "):
                sites["hits"] = json.loads(line.removeprefix("HITS "))


def _sources_file(folder: Path, bases: list[str]) -> Path:
    path = folder / "crawl-sources.yaml"
    lines = ["sources:"] + [
        f"  - {{name: site-{n:03d}, kind: feed, url: '{base}/feed.xml'}}"
        for n, base in enumerate(bases)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _timeline(hits: dict[str, list[list[float]]], started: float) -> dict[str, Any]:
    """From the sites' own records: how many sites had a request in flight at once (at most
    and on average while crawling), the smallest spacing of two requests to one site."""
    spans = [(a, b) for reqs in hits.values() for a, b, _ in reqs]
    if not spans:
        return {}
    events = sorted([(a, 1) for a, _ in spans] + [(b, -1) for _, b in spans])
    now = most = 0
    for _, step in events:
        now += step
        most = max(most, now)
    first, last = min(a for a, _ in spans), max(b for _, b in spans)
    busy = sum(b - a for a, b in spans)
    gaps = [b[0] - a[0] for reqs in hits.values() for a, b in itertools.pairwise(sorted(reqs))]
    return {
        "first_page_s": round(first - started, 2),
        "last_page_s": round(last - started, 2),
        "sites_in_flight_max": most,
        "sites_in_flight_mean": round(busy / max(1e-9, last - first), 1),
        "min_spacing_s": round(min(gaps), 3) if gaps else None,
        "overlap_on_one_site": any(
            b[0] < a[1] for reqs in hits.values() for a, b in itertools.pairwise(sorted(reqs))
        ),
    }


def _env(engine_url: str, home: Path, alias: str) -> dict[str, str]:
    env = base_env(engine_url, home, alias)
    env.pop("NEWSARCHIVE_FETCH_DELAY", None)  # the default politeness
    env["NEWSARCHIVE_ALLOW_PRIVATE_ADDRESSES"] = "loopback"
    return env


def _result(m: Any, size: int, counts: dict[str, int], indexed: int) -> dict[str, Any]:
    return {
        "seconds": round(m.seconds, 2),
        "returncode": m.returncode,
        "timed_out": m.timed_out,
        "counts": counts,
        "docs_in_index": indexed,
        "cpu_seconds": round(m.cpu_seconds, 2),
        "memory": _memory(m),
        "stderr": _tail(m.stderr) if m.returncode else "",
    }


def run_files(stories: list[Any], engine_url: str, work: Path, timeout: float) -> dict[str, Any]:
    """The same pages through `newsarchive ingest FOLDER`: the pipeline with no network."""
    folder = work / "crawl-pages"
    folder.mkdir(parents=True, exist_ok=True)
    for story in stories:
        (folder / f"{story.n:05d}.html").write_text(article_html(story), encoding="utf-8")
    alias = "bench-crawl-files"
    _drop_alias(engine_url, alias)
    m = run_measured(
        [*cli_command(False), "ingest", str(folder), "--json"],
        env=_env(engine_url, work / "home-crawl-files", alias), cwd=REPO, timeout=timeout,
    )  # fmt: skip
    counts = _counts(m.stdout)
    indexed = _count(engine_url, alias)
    _drop_alias(engine_url, alias)
    return _result(m, len(stories), counts, indexed)


def _dag_report_counts(newsarchive_home: Path) -> dict[str, int]:
    """The counts of the last `news_ingest` run report under NEWSARCHIVE_HOME."""
    reports = sorted((newsarchive_home / "runs").glob("news_ingest/*/report.json"))
    return json.loads(reports[-1].read_text())["counts"] if reports else {}


def _counts(stdout: str) -> dict[str, int]:
    with contextlib.suppress(ValueError, KeyError, TypeError):
        return json.loads(stdout)["counts"]
    return {}


def run_cli_crawl(
    hosts: int, pages: int, latency: float, engine_url: str, work: Path, timeout: float
) -> dict[str, Any]:
    alias = f"bench-crawl-cli-{hosts}"
    _drop_alias(engine_url, alias)
    with crawl_sites(hosts, pages, latency) as sites:
        src = _sources_file(work, sites["bases"])
        m = run_measured(
            [*cli_command(False), "ingest", "--sources", str(src), "--json"],
            env=_env(engine_url, work / f"home-crawl-cli-{hosts}", alias), cwd=REPO,
            timeout=timeout,
        )  # fmt: skip
    counts = _counts(m.stdout)
    indexed = _count(engine_url, alias)
    _drop_alias(engine_url, alias)
    return {**_result(m, hosts * pages, counts, indexed),
            "timeline": _timeline(sites["hits"], m.started)}  # fmt: skip


def run_dag_crawl(
    hosts: int, pages: int, latency: float, engine_url: str, work: Path, timeout: float
) -> dict[str, Any]:
    alias = f"bench-crawl-airflow-{hosts}"
    _drop_alias(engine_url, alias)
    home = work / f"home-crawl-airflow-{hosts}"
    env = airflow_env(work / "airflow-crawl", _env(engine_url, home, alias))
    airflow = str(Path(sys.executable).with_name("airflow"))
    migrate = run_measured([airflow, "db", "migrate"], env=env, cwd=REPO, timeout=600)
    if migrate.returncode != 0:
        return {"error": "airflow db migrate failed: " + _tail(migrate.stderr)}
    with crawl_sites(hosts, pages, latency) as sites:
        conf = json.dumps({"sources_file": str(_sources_file(work, sites["bases"]))})
        logical_date = datetime.now(UTC).replace(microsecond=0).isoformat()
        m = run_measured(
            [sys.executable, "-m", "bench._dag_test", str(REPO / "dags"), "news_ingest",
             logical_date, conf],
            env=env, cwd=REPO, timeout=timeout,
        )  # fmt: skip
    result: dict[str, Any] = {}
    for line in m.stdout.splitlines():
        if line.startswith("DAGRUN-RESULT "):
            result = json.loads(line.removeprefix("DAGRUN-RESULT "))
    counts = _dag_report_counts(home)
    indexed = _count(engine_url, alias)
    _drop_alias(engine_url, alias)
    tasks = result.get("tasks", {})
    return {
        **_result(m, hosts * pages, counts, indexed),
        "state": result.get("state"),
        "parse_s": round(result.get("parse_s", 0.0), 2),
        "api_s": round(result.get("api_s", 0.0), 2),
        "task_s": {k: round(sum(s or 0 for _, s, *_ in v), 2) for k, v in tasks.items()},
        "process_tasks": len(tasks.get("process", [])),
        "timeline": _timeline(sites["hits"], m.started),
        "tasks_at_s": _tasks_at(tasks, result.get("ended"), m.started),
    }


def run_scheduled_crawl(
    hosts: int, pages: int, latency: float, engine_url: str, work: Path, timeout: float
) -> dict[str, Any]:
    """`news_ingest` as a nightly deployment runs it: a real api-server, scheduler and
    dag-processor (LocalExecutor, tests/dags/_airflow.py) started and warm first; then the DAG
    is unpaused and the scheduler starts its due run (the @daily one) by itself. Timed from
    the unpause to the run's success as the bench sees it (polled every 0.2 s): the scheduler's
    pick-up and the gaps between tasks count."""
    from tests.dags._airflow import Airflow, migrate

    alias = f"bench-crawl-scheduled-{hosts}"
    _drop_alias(engine_url, alias)
    home = work / f"airflow-scheduled-{hosts}"
    home.mkdir(parents=True, exist_ok=True)
    newsarchive_home = work / f"home-crawl-scheduled-{hosts}"
    env = _env(engine_url, newsarchive_home, alias)
    migrate(home, env)
    runs = "dags/news_ingest/dagRuns"
    with crawl_sites(hosts, pages, latency) as sites:
        sources = str(_sources_file(work, sites["bases"]))  # the scheduled run reads it
        runner = Airflow(home, {**env, "NEWSARCHIVE_SOURCES": sources})
        try:
            begun = time.monotonic()
            runner.start()
            startup_s = time.monotonic() - begun
            started = time.monotonic()
            runner.unpause("news_ingest")
            run: dict[str, Any] = {}
            while time.monotonic() - started < timeout:
                listed = runner.get(runs).get("dag_runs", [])
                run = listed[0] if listed else {}
                if run.get("state") in ("success", "failed"):
                    break
                time.sleep(0.2)
            seconds = time.monotonic() - started
            state = run.get("state", "not started")
            tis = runner.get(f"{runs}/{run['dag_run_id']}/taskInstances") if run else {}
        finally:
            runner.stop()
    counts = _dag_report_counts(newsarchive_home)
    indexed = _count(engine_url, alias)
    _drop_alias(engine_url, alias)
    to_mono = time.monotonic() - time.time()  # the API's dates -> the sites' clock

    def at(date: str | None) -> float | None:
        if not date:
            return None
        return round(datetime.fromisoformat(date).timestamp() + to_mono - started, 2)

    tasks: dict[str, list[float]] = {}
    for ti in tis.get("task_instances", []):
        first, last = at(ti.get("start_date")), at(ti.get("end_date"))
        if first is not None and last is not None:
            span = tasks.setdefault(ti["task_id"], [first, last])
            span[:] = [min(span[0], first), max(span[1], last)]
    return {
        "seconds": round(seconds, 2),
        "returncode": 0 if state == "success" else 1,
        "state": state,
        "timed_out": state not in ("success", "failed"),
        "counts": counts,
        "docs_in_index": indexed,
        "startup_s": round(startup_s, 2),
        "queued_at_s": at(run.get("queued_at")),
        "ended_at_s": at(run.get("end_date")),
        "tasks_at_s": dict(sorted(tasks.items(), key=lambda kv: kv[1][0])),
        "timeline": _timeline(sites["hits"], started),
        "stderr": "" if state == "success" else f"run {state}; logs in {home}",
    }


def _tasks_at(tasks: dict[str, list[list[Any]]], ended: float | None, started: float) -> dict:
    """When each task started and ended (its first start, its last end), and when dag.test
    returned, in seconds from the start of the run's process: with the timeline's first and
    last page, where the time outside the crawl goes (task starts, gaps, set-up, the tail)."""
    out: dict[str, Any] = {}
    for task_id, runs in tasks.items():
        starts = [r[2] for r in runs if len(r) > 3 and r[2] is not None]
        ends = [r[3] for r in runs if len(r) > 3 and r[3] is not None]
        if starts and ends:
            out[task_id] = [round(min(starts) - started, 2), round(max(ends) - started, 2)]
    if ended is not None:
        out["dag_test_returned"] = round(ended - started, 2)
    if out and any(v for k, v in out.items() if k != "dag_test_returned"):
        spans = [v for k, v in out.items() if k != "dag_test_returned"]
        out["run_s"] = round(max(b for _, b in spans) - min(a for a, _ in spans), 2)
    return out


def fetch_cpu(hosts: int = 20, pages: int = 25) -> dict[str, Any]:
    """CPU time per page of the two ways to have many requests in flight, on the same sites
    (no delay, 0.05 s latency): the crawl scheduler's threads with the full `Fetcher` (address
    checks, robots.txt, watchdog, limits), and a bare asyncio + httpx.AsyncClient loop (one
    request per host at a time, none of the checks): the price of threads, measured."""
    import asyncio
    import resource

    import httpx

    from etl.crawl._discover import from_paths
    from etl.crawl._fetch import Fetcher

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    def figure(done: int, cpu_start: float, wall_start: float) -> dict[str, Any]:
        return {
            "pages": done,
            "cpu_ms_per_page": round(1000 * (cpu() - cpu_start) / (hosts * pages), 2),
            "seconds": round(time.perf_counter() - wall_start, 2),
        }

    out: dict[str, Any] = {}
    with crawl_sites(hosts, pages, 0.05) as sites:
        urls = [f"{base}/news/{n:05d}.html" for h, base in enumerate(sites["bases"])
                for n in range(h * pages, (h + 1) * pages)]  # fmt: skip
        start, wall = cpu(), time.perf_counter()
        with Fetcher(allow_private="loopback", min_delay=0) as fetcher:
            done = sum(1 for item in from_paths(urls, fetcher) if item.html)
        out["threads"] = figure(done, start, wall)

        async def crawl_async() -> int:
            async with httpx.AsyncClient(trust_env=False) as client:

                async def host(mine: list[str]) -> int:
                    got = 0
                    for url in mine:
                        got += (await client.get(url)).status_code == 200
                    return got

                per_host = [urls[h * pages : (h + 1) * pages] for h in range(hosts)]
                return sum(await asyncio.gather(*(host(m) for m in per_host)))

        start, wall = cpu(), time.perf_counter()
        done = asyncio.run(crawl_async())
        out["asyncio_bare"] = figure(done, start, wall)
    return out


def run_crawl(
    engine_url: str,
    work: Path,
    *,
    configs: list[tuple[int, int, float]] = CONFIGS,
    airflow_hosts: tuple[int, ...] = (12,),
    timeout: float = 900,
) -> dict[str, Any]:
    """Every configuration: files (the pipeline's bound), the CLI, and (for `airflow_hosts`)
    news_ingest. Ratios: bound / wall time (1 = at the bound)."""
    stories = list(load_stories())
    out: dict[str, Any] = {}
    for hosts, pages, latency in configs:
        if not out:
            out["fetch_cpu"] = fetch_cpu()
        key = f"{hosts}x{pages}"
        mine = stories[: hosts * pages]
        row: dict[str, Any] = {"hosts": hosts, "pages": pages, "latency_s": latency,
                               "delay_s": DEFAULT_DELAY}  # fmt: skip
        row["files"] = run_files(mine, engine_url, work, timeout)
        row["cli"] = run_cli_crawl(hosts, pages, latency, engine_url, work, timeout)
        if hosts in airflow_hosts:
            row["airflow"] = run_dag_crawl(hosts, pages, latency, engine_url, work, 2 * timeout)
            row["scheduled"] = run_scheduled_crawl(
                hosts, pages, latency, engine_url, work, 2 * timeout
            )
        polite = pages * DEFAULT_DELAY
        row["bound_s"] = round(max(polite, row["files"]["seconds"]), 2)
        row["bound_by"] = "politeness" if polite >= row["files"]["seconds"] else "pipeline"
        for name in ("cli", "airflow", "scheduled"):
            run = row.get(name)
            if run and run.get("seconds"):
                run["over_bound"] = round(row["bound_s"] / run["seconds"], 3)
                if name == "airflow":  # without Airflow's own start-up (imports, DAG parse)
                    rest = run["seconds"] - run.get("parse_s", 0.0)
                    run["over_bound_after_parse"] = round(row["bound_s"] / rest, 3)
                    # The run alone, first task's start to last task's end, as Airflow times
                    # a scheduled run: without what only dag.test's process pays (the import
                    # and parse, dag.test's own set-up, its in-process execution API, the
                    # process's exit). Not the target figure: what a nightly run would take.
                    run_s = run.get("tasks_at_s", {}).get("run_s")
                    if run_s:
                        run["over_bound_run_only"] = round(row["bound_s"] / run_s, 3)
        out[key] = row
        print(f"[bench] crawl {key}: {json.dumps(_brief(row))}", file=sys.stderr, flush=True)
    return out


def _brief(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "bound_s": row["bound_s"],
        "files_s": row["files"]["seconds"],
        **{f"{k}_s": row[k].get("seconds") for k in ("cli", "airflow", "scheduled") if k in row},
        **{
            f"{k}_ratio": row[k].get("over_bound")
            for k in ("cli", "airflow", "scheduled")
            if k in row
        },
    }


if __name__ == "__main__":  # a quick run on its own: python -m bench.crawl ENGINE_URL
    import tempfile

    print(json.dumps(run_crawl(sys.argv[1], Path(tempfile.mkdtemp())), indent=2))
    os._exit(0)
