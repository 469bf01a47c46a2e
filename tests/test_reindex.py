"""Reindexing builds the next version and swaps the alias while searches keep answering."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from etl import ArchiveRecord, ConfigError, Engine, Input, Settings, ingest, search
from etl._reindex import reindex, rollback, versions

WIRE = [
    "WASHINGTON (AP) — The Senate passed a budget bill on migration and border security.",
    "LONDON, Nov 17 (Reuters) - Britain's economy grew faster than expected on migration.",
    "PARIS (AFP) — France and Germany agreed new rules on migration and asylum on Friday.",
    "KYIV, Ukraine (AP) — Ukraine's president met European leaders to talk about migration.",
    "NEW YORK, March 2 - Stocks rose on Wall Street as investors weighed migration data.",
]


@pytest.fixture
def filled(settings: Settings, engine: Engine) -> Settings:
    inputs = [
        Input(
            key=f"w{i}",
            text=(t + " ") * 5,
            url=f"https://wire.example/{i}",
            source="wire" if i % 2 else "other",
        )
        for i, t in enumerate(WIRE)
    ]
    assert ingest(inputs, settings).counts["indexed"] == len(WIRE)
    return settings


class _SearchLoop(threading.Thread):
    """Searches the alias without pause until stopped; records every failure."""

    def __init__(self, engine_url: str, alias: str) -> None:
        super().__init__(daemon=True)
        self.alias, self.url = alias, engine_url
        self.stop = threading.Event()
        self.done, self.failures = 0, []

    def run(self) -> None:
        from etl import connect

        engine = connect(self.url)
        try:
            while not self.stop.is_set():
                try:
                    result = search(engine, self.alias, "migration", facets=["wire-agency"])
                    if result.total != len(WIRE):
                        self.failures.append(f"saw {result.total} hits")
                except Exception as exc:  # any error is a failed search
                    self.failures.append(repr(exc))
                self.done += 1
        finally:
            engine.close()


@pytest.mark.parametrize("mode", ["copy", "reprocess"])
def test_reindex_under_search_load_then_rollback(
    filled: Settings, engine: Engine, mode: str
) -> None:
    alias = filled.index_alias
    loop = _SearchLoop(filled.engine_url, alias)
    loop.start()
    try:
        time.sleep(0.3)
        report = reindex(engine, filled, mode=mode)
        time.sleep(0.3)
    finally:
        loop.stop.set()
        loop.join(timeout=30)
    assert loop.done > 5 and loop.failures == []
    assert report.swapped and report.expected == report.indexed == len(WIRE)
    assert engine.alias_targets(alias) == [f"{alias}-v2"]
    assert [v["docs"] for v in versions(engine, alias)] == [len(WIRE), len(WIRE)]
    if mode == "reprocess":
        assert report.reprocessed == len(WIRE) and report.copied_as_was == []
        hits = search(engine, alias, "*", facets=["dateline-place"]).facets["dateline-place"]
        assert dict(hits)["Kyiv"] == 1  # enrichment ran again on the new version

    assert rollback(engine, alias) == (f"{alias}-v2", f"{alias}-v1")
    assert engine.alias_targets(alias) == [f"{alias}-v1"]
    assert search(engine, alias, "migration").total == len(WIRE)
    with pytest.raises(ConfigError, match="no version"):
        rollback(engine, alias)


def test_partial_reprocess_rebuilds_a_selection_and_copies_the_rest(
    filled: Settings, engine: Engine
) -> None:
    report = reindex(engine, filled, mode="reprocess", sources=["wire"])
    assert report.reprocessed == 2  # w1, w3
    assert report.indexed == len(WIRE)


def test_a_document_that_cannot_be_rebuilt_is_copied_as_it_was(
    filled: Settings, engine: Engine, tmp_path: Path
) -> None:
    lost_warc = ArchiveRecord(warc=str(tmp_path / "deleted.warc.gz"), offset=0, length=900)
    page = Input(
        key="https://wire.example/archived", url="https://wire.example/archived",
        text=(WIRE[0] + " ") * 5, archive=lost_warc, source="wire",
    )  # fmt: skip
    assert ingest([page], filled).counts["indexed"] == 1
    alias = filled.index_alias
    before = engine.search(alias, {"query": {"term": {"url": page.url}}})["hits"]["hits"]

    report = reindex(engine, filled, mode="reprocess")

    assert report.swapped and report.indexed == len(WIRE) + 1
    assert report.reprocessed == len(WIRE)
    assert [c["id"] for c in report.copied_as_was] == [before[0]["_id"]]
    assert "no such WARC file" in report.copied_as_was[0]["reason"]
    after = engine.search(alias, {"query": {"term": {"url": page.url}}})["hits"]["hits"]
    assert after[0]["_index"] == f"{alias}-v2" and after[0]["_source"] == before[0]["_source"]


def test_bad_requests_leave_the_alias_alone(filled: Settings, engine: Engine) -> None:
    alias = filled.index_alias
    with pytest.raises(ConfigError, match="copy mode copies them all"):
        reindex(engine, filled, mode="copy", since="2020-01-01")
    with pytest.raises(ConfigError, match="must be above"):
        reindex(engine, filled, target_version=1)
    with pytest.raises(ConfigError, match="mode must be one of"):
        reindex(engine, filled, mode="shuffle")
    assert engine.alias_targets(alias) == [f"{alias}-v1"]


def test_reindex_and_rollback_from_the_cli(filled: Settings) -> None:
    import json
    import os
    import subprocess
    import sys

    from .conftest import REPO

    env = {**os.environ, "NEWSARCHIVE_ENGINE_URL": filled.engine_url,
           "NEWSARCHIVE_INDEX_ALIAS": filled.index_alias}  # fmt: skip

    def cli(*args: str) -> object:
        done = subprocess.run(
            [sys.executable, "-m", "etl.cli", *args, "--json"], capture_output=True, text=True,
            env=env, cwd=REPO, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    alias = filled.index_alias
    assert cli("reindex")["target_index"] == f"{alias}-v2"
    assert cli("rollback") == {"alias": alias, "from": f"{alias}-v2", "to": f"{alias}-v1"}
    # The next build goes above every existing version, not onto the rolled-back one.
    assert cli("reindex")["target_index"] == f"{alias}-v3"
    live = [v["index"] for v in cli("versions") if v["live"]]
    assert live == [f"{alias}-v3"]
