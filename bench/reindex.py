"""Reindexing a large archive: copy and reprocess throughput against bulk indexing, and the
reindex process's peak memory at two archive sizes, all measured in one run.

The archive (alias `bench-reindex`) holds the search benchmark's synthetic documents
(Reuters leads with varied metadata): 100,000 by default, 1,000,000 with `--full`. It is kept
between runs in `.newsarchive/bench` and rebuilt only when its size or generator changes. Each
reindex runs as `newsarchive reindex` in its own process, so its peak RSS is its own; the
versions it builds are pruned afterwards (`newsarchive versions --prune 1`).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from etl import connect, ensure_index, index_articles

from .corpus import REPO
from .e2e import base_env
from .engine import BENCH_HOME
from .proc import run_measured
from .search import GENERATOR_VERSION, documents

ALIAS = "bench-reindex"
SMALL_ALIAS = "bench-reindex-small"
BULK_SAMPLE = 20_000  # documents bulk-indexed into a scratch index: the rate to compare with


def _build(engine_url: str, alias: str, count: int) -> dict[str, Any]:
    """Make sure `alias` holds `count` synthetic documents; (re)build it if not."""
    marker = BENCH_HOME / f"{alias}.json"
    wanted = {"count": count, "generator": GENERATOR_VERSION}
    engine = connect(engine_url, timeout=120)
    try:
        known = json.loads(marker.read_text()) if marker.exists() else {}
        if engine.alias_targets(alias) and known == wanted and engine.count(alias) == count:
            return {"reused": True}
        for index in engine.list_indices(f"{alias}-v*"):
            engine.delete_index(index)
        marker.unlink(missing_ok=True)
        started = time.perf_counter()
        target = ensure_index(engine, alias)
        failed = sum(
            1 for a in index_articles(engine, target, documents(count), chunk_size=1000)
            if not a.ok
        )  # fmt: skip
        engine.refresh(target)
        seconds = time.perf_counter() - started
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(json.dumps(wanted))
        return {"reused": False, "seconds": round(seconds, 1), "failed": failed}
    finally:
        engine.close()


def _bulk_rate(engine_url: str) -> dict[str, Any]:
    """Bulk indexing of the same kind of documents, now: the yardstick for the reindex."""
    scratch = "bench-reindex-bulk"
    engine = connect(engine_url, timeout=120)
    try:
        for index in engine.list_indices(f"{scratch}-v*"):
            engine.delete_index(index)
        target = ensure_index(engine, scratch)
        started = time.perf_counter()
        done = sum(1 for a in index_articles(engine, target, documents(BULK_SAMPLE)) if a.ok)
        engine.refresh(target)
        seconds = time.perf_counter() - started
        for index in engine.list_indices(f"{scratch}-v*"):
            engine.delete_index(index)
        return {"docs": done, "seconds": round(seconds, 2), "docs_per_s": done / seconds}
    finally:
        engine.close()


def _reindex(engine_url: str, alias: str, work: Path, *extra: str) -> dict[str, Any]:
    """One `newsarchive reindex` in its own process: its time, report and peak RSS."""
    env = base_env(engine_url, work / f"home-{alias}", alias)
    cli = [str(REPO / ".venv" / "bin" / "newsarchive")]
    m = run_measured([*cli, "reindex", *extra, "--json"], env=env, cwd=REPO, timeout=7200)
    if m.returncode:
        raise RuntimeError(f"reindex {' '.join(extra)} failed: {m.stderr[-500:]}")
    report = json.loads(m.stdout)
    run_measured([*cli, "versions", "--prune", "1", "--json"], env=env, cwd=REPO, timeout=600)
    return {
        "seconds": round(m.seconds, 2),
        "docs": report["indexed"],
        "docs_per_s": report["indexed"] / m.seconds,
        "reprocessed": report["reprocessed"],
        "reprocessed_per_s": report["reprocessed"] / m.seconds if report["reprocessed"] else None,
        "peak_rss_mb": round(m.largest_peak_mb, 1),
        "tree_peak_mb": round(m.tree_peak_mb, 1),
        "recopied": report["recopied"],
    }


def measure_reindex(engine_url: str, docs: int, work: Path) -> dict[str, Any]:
    small = max(1000, docs // 10)
    built = {
        "large": _build(engine_url, ALIAS, docs),
        "small": _build(engine_url, SMALL_ALIAS, small),
    }
    bulk = _bulk_rate(engine_url)
    copy_small = _reindex(engine_url, SMALL_ALIAS, work)
    copy = _reindex(engine_url, ALIAS, work)
    # Reprocess one publisher's documents (1/12 of the archive) and copy the rest.
    reprocess = _reindex(engine_url, ALIAS, work, "--mode", "reprocess", "--source", "bench-ledger")
    return {
        "docs": docs,
        "small_docs": small,
        "built": built,
        "bulk": bulk,
        "copy": copy,
        "copy_small": copy_small,
        "reprocess": reprocess,
        "copy_over_bulk": copy["docs_per_s"] / bulk["docs_per_s"],
        "reprocess_over_bulk": (reprocess["reprocessed_per_s"] or 0) / bulk["docs_per_s"],
        "peak_rss_growth": copy["peak_rss_mb"] / copy_small["peak_rss_mb"] - 1,
    }
