"""Reindexing a real-sized archive (120,000 documents) while the nightly ingest keeps writing.

The archive is built with one bulk stream of small synthetic documents (not the pipeline);
the 50 articles written during the reindex go through the real pipeline. Every id written
before or during a reindex must be searchable through the alias after the swap.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from etl import Article, Engine, Input, Settings, ingest, search
from etl._article import article_id
from etl._engine_tasks import TaskProgress
from etl._index import building_alias, ensure_index
from etl._reindex import ReindexReport, build_state, prune, reindex, versions

from .conftest import REPO

SIZE = 120_000
NEW = 50  # new articles ingested during the copy, besides UPDATED corrected ones
UPDATED = 5
SOURCES = 200  # a reprocess of one source rebuilds SIZE // SOURCES documents through the pipeline
TOPICS = ["harbour", "tariff", "election", "drought", "vaccine", "pipeline", "strike", "budget"]


def _url(n: int) -> str:
    return f"https://archive.example/{n // 1000}/story-{n}"


def _synthetic(n: int, shape: dict[str, Any]) -> dict[str, Any]:
    """One small document of the archive: the `Article` schema's shape, few words."""
    topic = TOPICS[n % len(TOPICS)]
    body = f"Story {n} about the {topic} debate in the city council."
    return {
        **shape, "id": article_id(_url(n)), "url": _url(n), "title": f"{topic} story {n}",
        "body": body, "published_at": f"20{10 + n % 15}-0{1 + n % 9}-1{n % 10}",
        "source": f"src{n % SOURCES}", "content_hash": hashlib.sha256(body.encode()).hexdigest(),
    }  # fmt: skip


@pytest.fixture(scope="module")
def archive(engine_url: str) -> Iterator[Settings]:
    """A 120,000-document archive behind its own alias, built once for this module."""
    from etl import connect

    settings = Settings(engine_url=engine_url, index_alias="scale", home=REPO / ".newsarchive")
    engine = connect(engine_url, timeout=120)
    try:
        for index in engine.list_indices("scale-v*"):
            engine.delete_index(index)
        target = ensure_index(engine, settings.index_alias)
        shape = Article(id="", url=None, publisher="Archive Example", domain="archive.example",
                        language="en", extraction={"method": "test"}).to_dict()  # fmt: skip
        actions = (
            {"_index": target, "_id": doc["id"], "_source": doc}
            for doc in (_synthetic(n, shape) for n in range(SIZE))
        )
        assert [a for a in engine.bulk(actions, chunk_size=5000) if not a.ok] == []
        engine.refresh(target)
        assert engine.count(target) == SIZE
        yield settings
    finally:
        for index in engine.list_indices("scale-v*"):
            engine.delete_index(index)
        engine.close()


def _alias_ids(engine: Engine, alias: str) -> set[str]:
    return {hit["_id"] for hit in engine.scan(alias, fields=["id"], page_size=5000)}


def _reindex_tasks(engine: Engine, dest: str) -> list[dict[str, Any]]:
    """The `_reindex` tasks the engine ran into `dest` (their results stay in `.tasks`)."""
    engine.refresh(".tasks")
    body = {"size": 50, "query": {"term": {"task.action": "indices:data/write/reindex"}}}
    hits = engine.search(".tasks", body)["hits"]["hits"]
    return [h["_source"] for h in hits if f"[{dest}]" in h["_source"]["task"]["description"]]


class _Reindex(threading.Thread):
    def __init__(self, engine_url: str, settings: Settings, **options: Any) -> None:
        super().__init__(daemon=True)
        self.url, self.settings, self.options = engine_url, settings, options
        self.report: ReindexReport | None = None
        self.error: BaseException | None = None
        self.progress: list[TaskProgress] = []

    def run(self) -> None:
        from etl import connect

        engine = connect(self.url, timeout=120)
        try:
            self.report = reindex(
                engine, self.settings, progress=self.progress.append, poll=0.2, **self.options
            )
        except BaseException as exc:
            self.error = exc
        finally:
            engine.close()


def _wait_until_copying(engine: Engine, thread: _Reindex, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not thread.progress and time.monotonic() < deadline and thread.is_alive():
        time.sleep(0.05)
    assert thread.progress, f"the copy never started: {thread.error!r}"


@pytest.mark.slow
def test_copy_reindex_keeps_every_write_made_during_it(
    archive: Settings, engine: Engine, engine_url: str
) -> None:
    alias = archive.index_alias
    new = [
        Input(key=f"n{i}", url=f"https://late.example/news/{i}", source="late",
              text=f"HARBOUR CITY (AP) — The port reopened on day {i} after the storm. " * 4)
        for i in range(NEW)
    ]  # fmt: skip
    changed = [
        Input(key=f"u{n}", url=_url(n), source="src0",
              text=f"Story {n} was corrected: the council voted again on the budget. " * 4)
        for n in range(0, UPDATED * 1000, 1000)
    ]  # fmt: skip
    build = _Reindex(engine_url, archive, mode="copy")
    build.start()
    _wait_until_copying(engine, build)
    # The nightly ingest writes to the alias while the engine copies: in small runs.
    written_while_copying = 0
    for start in range(0, len(new), 15):
        report = ingest(new[start : start + 15], archive, engine=engine)
        assert report.counts["indexed"] == len(new[start : start + 15])
        written_while_copying += build.is_alive()
    assert ingest(changed, archive, engine=engine).counts["indexed"] == UPDATED
    build.join(timeout=600)
    assert build.error is None, build.error
    assert written_while_copying, "the copy ended before the ingest wrote: the test proves nothing"

    report = build.report
    assert report and report.swapped and report.target_index == f"{alias}-v2"
    assert engine.alias_targets(alias) == [f"{alias}-v2"]
    assert engine.alias_map(building_alias(alias)) == {}  # no version is being built any more
    expected = {article_id(_url(n)) for n in range(SIZE)} | {article_id(i.url) for i in new}
    assert _alias_ids(engine, alias) == expected
    # The corrections made during the copy are what the new version holds.
    ids = [article_id(i.url) for i in changed]
    bodies = engine.mget(alias, ids, ["body"])
    assert all("was corrected" in bodies[i]["body"] for i in ids)
    # One engine task copied the version; its progress reached the caller.
    assert len(_reindex_tasks(engine, f"{alias}-v2")) == 1
    assert report.task and build.progress[-1].done >= SIZE
    assert build_state(engine, f"{alias}-v2")["state"] == "complete"
    assert search(engine, alias, "harbour").total >= NEW


def test_an_interrupted_reindex_is_cancelled_then_resumed(
    archive: Settings, engine: Engine
) -> None:
    alias = archive.index_alias
    live = engine.alias_targets(alias)[0]
    target = f"{alias}-v{int(live.rsplit('-v', 1)[1]) + 1}"
    env = {**os.environ, "NEWSARCHIVE_ENGINE_URL": archive.engine_url,
           "NEWSARCHIVE_INDEX_ALIAS": alias}  # fmt: skip
    cli = [sys.executable, "-m", "etl.cli", "reindex"]
    proc = subprocess.Popen(cli, env=env, cwd=REPO, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        task = None
        while time.monotonic() < deadline and proc.poll() is None:
            if engine.index_exists(target):
                task = build_state(engine, target).get("task")
                if task and engine.task(task)["task"]["status"].get("created", 0) > 0:
                    break
            time.sleep(0.1)
        assert task, "the reindex never started copying"
        proc.send_signal(signal.SIGTERM)  # as `airflow tasks kill` or a timeout would
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != 0
    assert "rerun the reindex to resume" in err and "still serves" in err
    assert engine.task(task)["completed"]  # cancelled on the engine, not left running
    rows = {r["index"]: r for r in versions(engine, alias)}
    assert rows[target]["state"] == "interrupted" and rows[live]["live"]
    assert engine.alias_map(building_alias(alias)) == {}

    done = subprocess.run(
        [*cli, "--json"], env=env, cwd=REPO, capture_output=True, text=True, timeout=600,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["resumed"] and report["swapped"] and report["target_index"] == target
    assert engine.alias_targets(alias) == [target]
    assert engine.count(alias) == engine.count(live) == report["indexed"]


@pytest.mark.slow
def test_reprocess_a_selection_of_the_large_archive(archive: Settings, engine: Engine) -> None:
    alias = archive.index_alias
    before = _alias_ids(engine, alias)
    seen: list[TaskProgress] = []
    report = reindex(engine, archive, mode="reprocess", sources=["src7"], progress=seen.append,
                     poll=0.2)  # fmt: skip
    assert report.swapped and report.reprocessed == SIZE // SOURCES
    assert _alias_ids(engine, alias) == before  # nothing lost
    assert {p.phase for p in seen} == {"copy", "reprocess"}
    assert seen[-1].done == seen[-1].total == SIZE // SOURCES


def test_prune_keeps_the_live_version_and_the_newest(archive: Settings, engine: Engine) -> None:
    alias = archive.index_alias
    before = versions(engine, alias)
    assert len(before) >= 3
    live = [r["index"] for r in before if r["live"]]
    deleted = prune(engine, alias, keep=2)
    after = versions(engine, alias)
    assert [r["index"] for r in after] == [r["index"] for r in before][-2:]
    assert set(deleted) == {r["index"] for r in before} - {r["index"] for r in after}
    assert live[0] in [r["index"] for r in after]
    assert engine.count(alias) == len(_alias_ids(engine, alias))
