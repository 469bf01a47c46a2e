"""A real three-node cluster (`newsarchive engine start --nodes 3`: one JVM per node, on
loopback): an ingest into an index with three shards and one replica loses one node, killed
outright in the middle of the run, and still indexes every document, exactly once.

The cluster is this module's own (free ports in 9201-9229, transport ports +100, its own home),
stopped at the end also when a test fails; the session's one-node engine is never touched."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from etl import EmbeddedEngine, Input, Settings, article_id, connect, ingest
from etl._embedded import TRANSPORT_OFFSET, EngineState, free_port_block

from .conftest import REPO

NODES = 3
N_DOCS = 400
CHUNK = 20  # documents per bulk request: many requests after the node is gone
KILL_AT = 120  # the input at which one node's JVM is killed


Cluster = tuple[EmbeddedEngine, EngineState]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    home = tmp_path_factory.mktemp("cluster-home")
    embedded = EmbeddedEngine(
        home, lib_dir=REPO / ".newsarchive" / "engine" / "lib", heap="512m", stop_with_parent=True
    )
    try:
        state = embedded.start(port=free_port_block(range(9201, 9230 - NODES), NODES), nodes=NODES)
        yield embedded, state
    finally:
        embedded.stop()
        assert embedded.state() is None


def _page(n: int) -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbour report {n} | Cluster Courier</title>
<meta property="og:type" content="article">
<meta property="article:published_time" content="2024-05-0{n % 9 + 1}T08:00:00Z">
</head><body><article><h1>Harbour report {n}</h1>
<p>The harbour board met on Tuesday to discuss berth {n}, and agreed that the dredging of
channel {n * 7} would start in the spring after a long debate about its cost.</p>
<p>Pilots said that ship number {n * 13} had waited for three days outside the breakwater,
while the tide tables for quay {n % 17} were being checked again by the authority.</p>
<p>The report on berth {n} will be published in full next month, the board said.</p>
</article></body></html>"""


def _inputs(kill: Callable[[], None]) -> Iterator[Input]:
    for n in range(N_DOCS):
        if n == KILL_AT:
            kill()
        yield Input(key=f"cluster-{n}", url=f"https://courier.example/harbour/{n}", html=_page(n))


def _node_with_a_primary(url: str, index: str, candidates: list[int]) -> int:
    """The number of a node among `candidates` that holds a primary shard of `index`."""
    nodes = httpx.get(f"{url}/_nodes/_all/attributes").json()["nodes"]
    number = {node_id: int(n["attributes"]["newsarchive_node"]) for node_id, n in nodes.items()}
    shards = httpx.get(f"{url}/_cat/shards/{index}", params={"format": "json", "h": "prirep,id"})
    holders = [number[row["id"]] for row in shards.json() if row["prirep"] == "p"]
    held = [n for n in candidates if n in holders]
    return held[0] if held else candidates[-1]


_NOISE = ("DanglingIndicesState", "single shard assignment")  # said at every start


def _print_what_the_cluster_says(state: EngineState) -> None:
    """On a failed ingest: the cluster's health and pending tasks and each node's last warnings,
    short enough to stay in the tail of a CI log."""
    for path in ("_cluster/health", "_cluster/pending_tasks", "_cat/shards?v"):
        try:
            print(path, httpx.get(f"{state.url}/{path}", timeout=10).text[:1500])
        except httpx.HTTPError as exc:
            print(path, "no answer:", exc)
    for node in state.nodes:
        lines = Path(node.log).read_text(errors="replace").splitlines()
        warnings = [
            line[:240] for line in lines
            if ("][WARN " in line or "][ERROR" in line) and not any(n in line for n in _NOISE)
        ]  # fmt: skip
        print(f"node {node.number}:", *warnings[-12:], sep="\n  ")


@pytest.mark.slow
def test_three_node_cluster_loses_a_node_mid_ingest_and_keeps_every_document(
    cluster: Cluster, tmp_path: Path
) -> None:
    embedded, state = cluster
    assert [node.port for node in state.nodes] == [state.port + i for i in range(NODES)]
    assert all(n.transport_port == n.port + TRANSPORT_OFFSET for n in state.nodes)
    health = httpx.get(f"{state.url}/_cluster/health").json()
    assert health["number_of_nodes"] == NODES and health["number_of_data_nodes"] == NODES

    settings = Settings(
        engine_url=state.url, index_alias="clustered", home=tmp_path, stages={},  # no NER: lean
        workers=1, bulk_chunk_size=CHUNK, ner_batch_size=CHUNK // 2,
        index_shards=3, index_replicas=1, stories=False,
    )  # fmt: skip
    killed: list[int] = []
    seen_before_kill: list[int] = []

    def kill() -> None:
        # The client talks to node 1; kill a node holding a primary, the hard way (SIGKILL:
        # no shutdown hook, no handing over), while writes are under way.
        index = f"{settings.index_alias}-v1"
        victim = _node_with_a_primary(state.url, index, [n.number for n in state.nodes[1:]])
        httpx.post(f"{state.url}/{index}/_refresh")
        seen_before_kill.append(httpx.get(f"{state.url}/{index}/_count").json()["count"])
        pid = state.nodes[victim - 1].pid
        os.killpg(pid, signal.SIGKILL)
        killed.append(victim)

    try:
        report = ingest(_inputs(kill), settings, dead_letter=tmp_path / "dead.jsonl").to_dict()
    except BaseException:
        _print_what_the_cluster_says(state)
        raise

    assert killed, "the node was never killed"
    assert 0 < seen_before_kill[0] < N_DOCS  # it died in the middle of the run
    assert report["total"] == N_DOCS
    assert report["counts"]["indexed"] == N_DOCS, report["problems"]
    assert report["problems"] == []
    assert not (tmp_path / "dead.jsonl").exists()
    status = subprocess.run(
        [sys.executable, "-m", "etl.cli", "engine", "status", "--json"], capture_output=True,
        text=True, env={**os.environ, "NEWSARCHIVE_HOME": str(embedded.dir.parent)}, cwd=REPO,
        timeout=120, check=False,
    )  # fmt: skip
    assert status.returncode == 0, status.stderr  # the cluster runs, on two nodes of three
    shown = {n["number"]: n["running"] for n in json.loads(status.stdout)["nodes"]}
    assert shown == {n.number: n.number != killed[0] for n in state.nodes}

    engine = connect(state.url)
    try:
        index = engine.alias_targets(settings.index_alias)[0]
        shape = httpx.get(f"{state.url}/{index}/_settings").json()[index]["settings"]["index"]
        assert (shape["number_of_shards"], shape["number_of_replicas"]) == ("3", "1")
        engine.wait_for_health(index, "yellow", 60)  # every primary on the two nodes left
        engine.refresh(settings.index_alias)
        assert engine.count(settings.index_alias) == N_DOCS
        ids = [hit["_id"] for hit in engine.scan(settings.index_alias, fields=["id"])]
        assert len(ids) == len(set(ids)) == N_DOCS  # every document, exactly once
        expected = {article_id(f"https://courier.example/harbour/{n}") for n in range(N_DOCS)}
        assert set(ids) == expected
        found = engine.search(
            settings.index_alias, {"query": {"match": {"title": "Harbour report 399"}}}
        )
        assert found["hits"]["hits"][0]["_id"] == article_id("https://courier.example/harbour/399")
    finally:
        engine.close()
