"""The same end-to-end runs on a three-node embedded cluster, beside the one-node figures of
the same benchmark run (issue 16): `newsarchive ingest` and `news_ingest` into an index of
one shard per node and one replica, and bulk indexing alone of synthetic articles on one node
and on the cluster (docs/s, and per node).

The cluster is the benchmark's own (home `.newsarchive/bench-cluster`, free HTTP ports from
the top of 9201-9279, transport ports +100, `--cluster-heap` per node), stopped at the end,
also on failure. Every node runs on this one machine, so the cluster shares its cores with
the pipeline: the ratio says what replication and three JVMs cost here, not what three
machines would give (see README, Sizing)."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from etl import EmbeddedEngine, connect, ensure_index, index_articles
from etl._embedded import EngineState, free_port_block

from . import e2e
from .corpus import REPO
from .engine import LIB_DIR
from .search import documents

CLUSTER_HOME = REPO / ".newsarchive" / "bench-cluster"
BULK_ALIAS = "bench-bulk"
BULK_CHUNK = 500


@contextlib.contextmanager
def bench_cluster(nodes: int, heap: str, home: Path = CLUSTER_HOME) -> Iterator[EngineState]:
    """Start the benchmark's cluster, yield its state, stop every node at the end."""
    home.mkdir(parents=True, exist_ok=True)
    embedded = EmbeddedEngine(
        home, lib_dir=LIB_DIR if LIB_DIR.exists() else None, heap=heap, stop_with_parent=True
    )
    try:
        first = free_port_block(range(9279 - nodes + 1, 9200, -1), nodes)  # below the tests'
        yield embedded.start(port=first, nodes=nodes, timeout=300)
    finally:
        embedded.stop()


@contextlib.contextmanager
def _environ(**values: str) -> Iterator[None]:
    """The runs read their settings from the environment (as a user's would)."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def measure_bulk(engine_url: str, docs: int, shards: int, replicas: int) -> dict[str, Any]:
    """Bulk-index `docs` synthetic articles (bench/search.py) into a fresh index of `shards`
    shards and `replicas` replicas; a warm-up chunk first (not timed); then drop it."""
    engine = connect(engine_url)
    try:
        for index in engine.list_indices(f"{BULK_ALIAS}-v*"):
            engine.delete_index(index)
        target = ensure_index(engine, BULK_ALIAS, shards=shards, replicas=replicas)
        engine.wait_for_health(target, "green" if replicas == 0 else "yellow", 120)
        articles = list(documents(docs + BULK_CHUNK))
        for article in articles[:BULK_CHUNK]:
            article.id = "warmup-" + article.id
        list(index_articles(engine, target, articles[:BULK_CHUNK], chunk_size=BULK_CHUNK))
        started = time.perf_counter()
        answers = list(index_articles(engine, target, articles[BULK_CHUNK:], chunk_size=BULK_CHUNK))
        seconds = time.perf_counter() - started
        engine.refresh(target)
        count = engine.count(target) - BULK_CHUNK
        engine.delete_index(target)
    finally:
        engine.close()
    return {
        "docs": docs,
        "shards": shards,
        "replicas": replicas,
        "seconds": round(seconds, 2),
        "docs_per_s": round(docs / seconds, 1) if seconds else 0.0,
        "ok": sum(1 for a in answers if a.ok),
        "count_after_refresh": count,
    }


def run_cluster(
    site: Any,
    one_node_url: str,
    work: Path,
    *,
    size: int,
    nodes: int,
    heap: str,
    bulk_docs: int,
    airflow: bool,
    batch_size: int | None,
    shim: bool,
    timeout: float,
) -> dict[str, Any]:
    """Bulk alone on the one-node engine, then the cluster: bulk alone (replicas 0 and 1),
    `newsarchive ingest` and (with `airflow`) `news_ingest` on `size` pages."""
    out: dict[str, Any] = {"nodes": nodes, "heap": heap, "shards": nodes, "replicas": 1}
    # A folder of its own: news_ingest in the one-node run's Airflow home would find no entry
    # newer than that run's and process nothing.
    work = work / "cluster"
    work.mkdir(parents=True, exist_ok=True)
    out["bulk_one_node"] = measure_bulk(one_node_url, bulk_docs, 1, 0)
    with bench_cluster(nodes, heap) as state:
        out["url"] = state.url
        out["bulk_no_replica"] = measure_bulk(state.url, bulk_docs, nodes, 0)
        out["bulk"] = measure_bulk(state.url, bulk_docs, nodes, 1)
        helpers = {"engine": state.pid, "site": site.proc.pid if site.proc else None}
        shape = {"NEWSARCHIVE_INDEX_SHARDS": str(nodes), "NEWSARCHIVE_INDEX_REPLICAS": "1"}
        with _environ(**shape):
            out["cli"] = e2e.run_cli(
                site, size, state.url, work, shim=shim, timeout=timeout, helpers=helpers
            )
            if airflow:
                out["airflow"] = e2e.run_airflow(
                    site, size, state.url, work, batch_size=batch_size, timeout=timeout * 2,
                    helpers=helpers,
                )  # fmt: skip
        out["node_rss_mb"] = [round(_rss_mb(node.pid), 1) for node in state.nodes]
    return out


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0
