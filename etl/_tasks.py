"""The work of each `news_ingest` task, as plain functions (the DAG only wires them).

Idempotent by construction: every path is derived from the run key (the logical date), never
from the clock; documents are upserted by id; the run report is stored under the run id. XCom
carries only the small manifests these functions return (paths and counts), never articles.

    plan_run (plan_sources -> discover_sources, all at once -> plan_batches)
        -> process_batch (per batch) -> finish_run
"""

from __future__ import annotations

import itertools
import json
import logging
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ._extract import canonical_url
from ._pipeline import STATES, Input, Result
from ._settings import Settings

log = logging.getLogger("newsarchive.tasks")
MAX_PROBLEMS_STORED = 1000  # per run report document; the full list stays in the report file
ROBOTS_FILE = "robots.json"  # the robots.txt policies discovery read, for the batch tasks


def run_key(logical_date: datetime | None, run_id: str) -> str:
    """A folder-safe name for a run: its logical date if it has one, else its run id."""
    if logical_date is not None:
        return logical_date.strftime("%Y-%m-%dT%H%M%S")
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", run_id)


def run_dir(settings: Settings, dag_id: str, key: str) -> Path:
    path = settings.home / "runs" / dag_id / key
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)  # a retried task never sees half a file


# -- sources and discovery ---------------------------------------------------------------------
def plan_run(
    sources_file: str | Path,
    settings: Settings,
    folder: Path,
    *,
    batch_size: int,
    max_batches: int | None = None,
    since: datetime | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """The start of a run, in one task: the enabled sources, every one discovered at once, and
    the batches of their items. Returns {"manifests": [...], "batches": [...]}."""
    manifests = discover_sources(plan_sources(sources_file), settings, folder, since=since)
    batches = plan_batches(manifests, batch_size, folder, max_batches=max_batches)
    return {"manifests": manifests, "batches": batches}


def plan_sources(sources_file: str | Path) -> list[dict[str, Any]]:
    """The enabled sources of a sources file (checked), as small dicts for task mapping."""
    from .crawl._discover import load_sources

    path = Path(sources_file).resolve()
    out = []
    for source in load_sources(path):
        if source.get("enabled", True):
            entry = dict(source)
            if entry["kind"] == "folder":
                entry["path"] = str((path.parent / entry["path"]).resolve())
            out.append(entry)
    return out


def discover_sources(
    sources: list[dict[str, Any]],
    settings: Settings,
    folder: Path,
    *,
    since: datetime | None = None,
) -> list[dict[str, Any]]:
    """Discover every source at once (one thread per source, up to `crawl_connections`),
    with one fetcher: robots.txt is read once per site and the per-host spacing holds across
    sources that share a host. Returns the manifests in the sources' order.

    One task for all sources, not one per source: discovery is a few requests per source,
    and a task per source pays the task's own start each time (one after another under
    `dag.test()`); a failed task re-discovers every source, which is cheap."""
    from concurrent.futures import ThreadPoolExecutor

    from .crawl._fetch import Fetcher

    if not sources:
        return []
    workers = max(1, min(settings.crawl_connections, len(sources)))
    with (
        Fetcher(host_slots=settings.host_slots) as fetcher,  # limits: NEWSARCHIVE_FETCH_*
        ThreadPoolExecutor(workers, "discover") as pool,
    ):
        manifests = list(
            pool.map(lambda s: _discover_source(s, folder, since=since, fetcher=fetcher),
                     sources)
        )  # fmt: skip
        # The batch tasks of this run read robots.txt from here rather than ask each site again.
        _write_json(folder / ROBOTS_FILE, fetcher.robots_records())
    return manifests


def _discover_source(
    source: dict[str, Any], folder: Path, *, since: datetime | None, fetcher: Any
) -> dict[str, Any]:
    """Find the URLs (or files) a source offers now; write them to `folder`; return counts.
    `fetcher` (a `Fetcher`) is the one `discover_sources` shares between all sources."""
    from .crawl._discover import discover

    name = source["name"]
    if source["kind"] == "folder":
        root = Path(source["path"])
        items = [str(p) for p in sorted(root.rglob("*")) if p.suffix.lower() in (".html", ".htm")]
        errors = [] if root.is_dir() else [f"folder {root} does not exist"]
        skipped_old = 0
    else:
        found = discover(source, fetcher=fetcher, since=since)
        items, errors, skipped_old = found.urls, found.errors, found.skipped_old
    path = folder / f"discover-{_safe(name)}.json"
    _write_json(path, {"source": name, "kind": source["kind"], "items": items, "errors": errors})
    return {
        "source": name,
        "kind": source["kind"],
        "path": str(path),
        "count": len(items),
        "skipped_old": skipped_old,
        "errors": errors,
    }


def plan_batches(
    manifests: list[dict[str, Any]],
    batch_size: int,
    folder: Path,
    *,
    max_batches: int | None = None,
) -> list[dict[str, Any]]:
    """Batches of up to `batch_size` items: the unit of retry and of parallelism.

    URLs of every feed, sitemap and urls source are merged first: a URL listed by several
    sources is one item (fetched once, under the source that listed it first; `plan.json`
    keeps every source that listed it). They are then dealt out host by host, in turn, so
    that each batch crawls many sites at once (each at its polite limit) rather than one site
    at a time. Folder sources keep batches of their own files.

    With `max_batches` (Airflow refuses to map more tasks than `[core] max_map_length`), the
    batches grow as needed to stay within it, rather than the run failing on a big night."""
    web = _merge_web(manifests, folder)
    files = [m for m in manifests if m["kind"] == "folder"]
    counts = [len(web["items"])] + [m["count"] for m in files]
    if max_batches is not None:
        batch_size = _batch_size_within(counts, batch_size, max_batches)
    spans = [("web", "web", web["path"], len(web["items"]))]
    spans += [(m["source"], "folder", m["path"], m["count"]) for m in files]
    batches = []
    for source, kind, path, count in spans:
        for n, start in enumerate(range(0, count, batch_size)):
            batches.append(
                {
                    "batch_id": f"{_safe(source)}-{n:05d}",
                    "source": source,
                    "kind": kind,
                    "path": path,
                    "start": start,
                    "end": min(start + batch_size, count),
                }
            )
    return batches


def _merge_web(manifests: list[dict[str, Any]], folder: Path) -> dict[str, Any]:
    """One list of [url, [sources]] for every URL the web sources listed, hosts in turn;
    written to `folder/plan.json`."""
    from urllib.parse import urlsplit

    listed: dict[str, list[str]] = {}
    for manifest in manifests:
        if manifest["kind"] == "folder" or not manifest["count"]:
            continue
        data = json.loads(Path(manifest["path"]).read_text(encoding="utf-8"))
        for url in data["items"]:
            listed.setdefault(url, [])
            if manifest["source"] not in listed[url]:
                listed[url].append(manifest["source"])
    by_host: dict[str, list[str]] = {}
    for url in listed:
        by_host.setdefault((urlsplit(url).hostname or "").lower(), []).append(url)
    queues = list(by_host.values())
    items = [
        [url, listed[url]]
        for round_ in itertools.zip_longest(*queues)
        for url in round_
        if url is not None
    ]
    path = folder / "plan.json"
    _write_json(path, {"items": items})
    return {"path": str(path), "items": items}


def _batch_size_within(counts: list[int], batch_size: int, max_batches: int) -> int:
    """The smallest batch size >= `batch_size` that makes at most `max_batches` batches."""

    def batches(size: int) -> int:
        return sum(-(-count // size) for count in counts)

    sources = sum(1 for count in counts if count)
    if sources > max_batches:
        raise ValueError(
            f"{sources} sources have items but at most {max_batches} batch tasks can be mapped "
            "([core] max_map_length): raise it or split the sources file"
        )
    low, high = batch_size, max([batch_size, *counts])
    while low < high:  # batches() falls as the size grows: bisect
        middle = (low + high) // 2
        low, high = (middle + 1, high) if batches(middle) > max_batches else (low, middle)
    return low


# -- one batch: fetch -> archive -> extract -> enrich -> index ----------------------------------
def process_batch(
    batch: dict[str, Any], settings: Settings, folder: Path, *, logical_date: datetime | None
) -> dict[str, Any]:
    """Process one batch and write one result line per item; return the counts."""
    from ._ingest import LINGER, ingest
    from .crawl._scheduler import started

    items = json.loads(Path(batch["path"]).read_text(encoding="utf-8"))["items"]
    items = items[batch["start"] : batch["end"]]
    results_path = folder / f"results-{batch['batch_id']}.jsonl"
    counts: Counter[str] = Counter()
    tmp = results_path.with_suffix(".jsonl.tmp")
    with open(tmp, "w", encoding="utf-8") as out:

        def record(result: Result) -> None:
            counts[result.state] += 1
            out.write(json.dumps(_result_line(result), ensure_ascii=False) + "\n")

        dead_letter = folder / f"dead-letter-{batch['batch_id']}.jsonl"
        dead_letter.unlink(missing_ok=True)  # a retried batch starts its record afresh
        if batch["kind"] == "folder":
            inputs = _file_inputs(items, batch["source"])
            run = ingest(
                inputs, settings, on_result=record, dead_letter=dead_letter, expected=len(items)
            )
        else:  # [url, [sources that listed it]] of many hosts, crawled side by side
            with _Fetching(settings, batch, logical_date, folder) as fetching:
                # The crawl starts at once, while the workers and the index are set up.
                run = ingest(
                    started(fetching.inputs(items)), settings, on_result=record,
                    dead_letter=dead_letter, expected=len(items), linger=LINGER,
                )  # fmt: skip
    # Written before the results, whose presence marks the batch done: a retry rewrites both.
    stories = {"new": run.stories["new stories"], "copies": run.stories["copies"]}
    _write_json(folder / f"stories-{batch['batch_id']}.json", stories)
    tmp.replace(results_path)
    return {"batch_id": batch["batch_id"], "results": str(results_path), "counts": dict(counts)}


def _result_line(result: Result) -> dict[str, Any]:
    return {
        "key": result.input.key,
        "state": result.state,
        "reason": result.reason,
        "id": result.article.id if result.article else None,
    }


def _file_inputs(paths: list[str], source: str) -> Any:
    from .crawl._discover import read_file

    for path in paths:
        yield read_file(Path(path), source)


class _Fetching:
    """Fetch pages with the crawl scheduler and archive every response into the batch's WARC
    file (one writer, shared by the crawl's threads)."""

    def __init__(
        self, settings: Settings, batch: dict[str, Any], logical_date: Any, folder: Path
    ) -> None:
        from .crawl._archive import WarcBatchWriter, archive_root
        from .crawl._fetch import Fetcher

        # Limits from NEWSARCHIVE_FETCH_*; the spacing per host is shared with the other batch
        # tasks on this machine (two batches may crawl the same hosts at once); robots.txt as
        # discovery read it in this run (a site not in there is asked as usual).
        robots_file = folder / ROBOTS_FILE
        robots = json.loads(robots_file.read_text(encoding="utf-8")) if robots_file.exists() else {}
        self.fetcher = Fetcher(host_slots=settings.host_slots, robots=robots)
        self.connections = settings.crawl_connections
        day = (logical_date or datetime.now(UTC)).date()
        root = archive_root(settings.warc_root or settings.home / "warc")
        self.writer = WarcBatchWriter(root, batch["batch_id"], logical_date=day)

    def __enter__(self) -> _Fetching:
        self.writer.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        try:
            self.writer.__exit__(*exc)
        finally:
            self.fetcher.close()

    def inputs(self, items: list[list[Any]]) -> Any:
        from urllib.parse import urlsplit

        from .crawl._scheduler import crawl

        return crawl(
            items, self._fetch, lambda item: (urlsplit(item[0]).hostname or "").lower(),
            connections=self.connections, ready_in=self.fetcher.ready_in,
        )  # fmt: skip

    def _fetch(self, item: list[Any]) -> Input:
        from .crawl._fetch import FetchError

        url, sources = item
        source = sources[0]
        try:
            page = self.fetcher.fetch_page(url)
        except FetchError as exc:
            return Input(key=url, url=url, source=source, error=str(exc))
        if page.not_modified:
            return Input(key=url, url=url, source=source, not_modified=True)
        record = self.writer.write_response(
            page.final_url, status=page.status, headers=page.header_list or page.headers,
            body=page.body, fetched_at=page.fetched_at, ip=page.ip,
        )  # fmt: skip
        return Input(
            key=url, url=canonical_url(page.final_url), html=page.text(),
            source=source, fetched_at=page.fetched_at, archive=record,
        )  # fmt: skip


# -- the run report ------------------------------------------------------------------------------
def finish_run(
    discovered: list[dict[str, Any]] | None,
    batches: list[dict[str, Any]] | None,
    settings: Settings,
    folder: Path,
    *,
    dag_id: str,
    run_id: str,
    logical_date: datetime | None,
    started_at: datetime | None,
) -> dict[str, Any]:
    """Count every item of the run into exactly one state, store and return the report.

    A batch whose task failed has no results file: its items are counted `failed` with that
    reason, so the counts still add up to everything discovered. `discovered` None (the
    discovery task failed after its retries) is one failed item, so the run is not a success."""
    if discovered is None:
        reason = "the discover task failed after its retries; see its task log"
        discovered = [{"source": "every source", "errors": [reason]}]
    batches = batches or []
    counts: Counter[str] = Counter()
    stories: Counter[str] = Counter()
    problems: list[dict[str, Any]] = []
    for batch in batches:
        path = folder / f"results-{batch['batch_id']}.jsonl"
        if path.exists():
            story_counts = folder / f"stories-{batch['batch_id']}.json"
            if story_counts.exists():
                stories.update(json.loads(story_counts.read_text(encoding="utf-8")))
            for line in path.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                counts[row["state"]] += 1
                if row["state"] in ("rejected", "failed"):
                    problems.append(row)
        else:
            missing = batch["end"] - batch["start"]
            counts["failed"] += missing
            problems.append(
                {"key": f"batch {batch['batch_id']} ({missing} items)", "state": "failed",
                 "reason": "the batch task failed after its retries; see its task log"}
            )  # fmt: skip
    # A feed or sitemap that could not be read is an item of the run too (as in the CLI):
    # it ends `failed` with its reason, so the counts say that something was missed.
    for manifest in discovered:
        for error in manifest["errors"]:
            counts["failed"] += 1
            problems.append(
                {"key": f"discovery: {manifest['source']}", "state": "failed", "reason": error}
            )
    # A URL listed by several sources is one item (fetched once): the batches hold each once.
    total = sum(b["end"] - b["start"] for b in batches) + sum(len(m["errors"]) for m in discovered)
    assert sum(counts.values()) == total, (counts, total)  # every item in exactly one state
    listed_by = _listed_more_than_once(folder)
    report = {
        "run_id": run_id,
        "dag_id": dag_id,
        "logical_date": logical_date.isoformat() if logical_date else None,
        "started_at": started_at.isoformat() if started_at else None,
        "finished_at": datetime.now(UTC).isoformat(),
        "state": "success" if not counts["failed"] else "partial",
        "total": total,
        "counts": {state: counts.get(state, 0) for state in STATES},
        "stories": {"new": stories["new"], "copies": stories["copies"]},
        "sources": [m["source"] for m in discovered],
        "index": settings.index_alias,
        "report_path": str(folder / "report.json"),
        "problems": problems[:MAX_PROBLEMS_STORED],
    }
    _write_json(folder / "report.json", {**report, "problems": problems, "listed_by": listed_by})
    store_report(report, settings)
    return report


def _listed_more_than_once(folder: Path) -> dict[str, list[str]]:
    """URL -> its sources, for the URLs that several sources listed (from `plan.json`)."""
    plan = folder / "plan.json"
    if not plan.exists():
        return {}
    items = json.loads(plan.read_text(encoding="utf-8"))["items"]
    return {url: sources for url, sources in items if len(sources) > 1}


def store_report(report: dict[str, Any], settings: Settings) -> None:
    """Index the report into `news-runs` (created on first use), keyed by run id."""
    from ._engine import connect
    from ._index import RUNS_INDEX, add_new_fields, load_runs_mapping

    engine = connect(settings.engine_url)
    try:
        body = load_runs_mapping()
        if not engine.index_exists(RUNS_INDEX):
            engine.create_index(RUNS_INDEX, body=body)
        else:  # an index made by an older release gains the fields added since (additive)
            add_new_fields(engine, RUNS_INDEX, body["mappings"]["properties"])
        action = {"_index": RUNS_INDEX, "_id": report["run_id"], "_source": report}
        for item in engine.bulk([action], chunk_size=1):
            if not item.ok:
                log.error("run report not stored in %s: %s", RUNS_INDEX, item.error)
        engine.refresh(RUNS_INDEX)
    finally:
        engine.close()


def format_report(report: dict[str, Any]) -> str:
    counts = ", ".join(f"{n} {s}" for s, n in report["counts"].items() if n)
    lines = [f"run {report['run_id']}: {report['total']} items: {counts or 'nothing new'}"]
    lines += [f"  {p['state']:>8}  {p['key']}: {p['reason']}" for p in report["problems"][:50]]
    if len(report["problems"]) > 50:
        lines.append(f"  ... and {len(report['problems']) - 50} more in {report['report_path']}")
    return "\n".join(lines)


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name)


def task_settings(engine_conn_id: str = "newsarchive_engine") -> Settings:
    """Settings inside an Airflow task: the environment, and the engine from the Airflow
    connection `newsarchive_engine` when one is defined (its password stays out of logs)."""
    import os

    settings = Settings()
    if os.environ.get("NEWSARCHIVE_ENGINE_URL"):
        return settings
    try:
        from airflow.sdk import Connection

        conn = Connection.get(engine_conn_id)
    except Exception:  # no such connection (or not in Airflow): the default engine URL
        return settings
    # From a URI (AIRFLOW_CONN_NEWSARCHIVE_ENGINE=https://user:pw@host:9200) the scheme is the
    # connection type; a connection made in the UI may say it in its extra instead.
    kind = conn.conn_type if conn.conn_type in ("http", "https") else None
    scheme = (conn.extra_dejson or {}).get("scheme") or kind or "http"
    auth = f"{conn.login}:{conn.password}@" if conn.login else ""
    port = f":{conn.port}" if conn.port else ""
    return settings.with_overrides(engine_url=f"{scheme}://{auth}{conn.host}{port}")
