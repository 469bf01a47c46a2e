"""A failing engine: stopped in the middle of bulk indexing, the ingest raises (nothing is lost
silently); started again on the same data, a re-run leaves every document there exactly once.
And a document the engine refuses as too large is rejected, kept whole in the dead letter.

The stop/restart test runs its OWN embedded engine (a free port in 9201-9279, its own home), so
the session's engine is never touched; it is stopped in `finally`, also when the test fails."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from etl import (
    Article,
    EmbeddedEngine,
    Engine,
    EngineError,
    EngineNotRunning,
    Input,
    Quote,
    Settings,
    article_id,
    connect,
    ingest,
)

from .conftest import REPO, _free_port

N_DOCS = 200
CHUNK = 20  # documents per bulk request (and per enrichment batch)
PAUSE_AT = 60  # the input generator stops here until the engine is down: 3 chunks have landed


def _inputs(n: int) -> list[Input]:
    return [
        Input(
            key=f"doc-{i}",
            url=f"https://news.example/engine-faults/{i}",
            text=f"Story number {i}: the harbour board met on Tuesday to discuss berth {i}. " * 5,
        )
        for i in range(n)
    ]


def _paused(items: list[Input], paused: threading.Event, release: threading.Event) -> Iterator:
    for n, item in enumerate(items):
        if n == PAUSE_AT:
            paused.set()
            assert release.wait(120), "the test never released the inputs"
        yield item


def test_engine_stopped_mid_bulk_fails_the_ingest_and_a_rerun_loses_nothing(
    tmp_path: Path,
) -> None:
    embedded = EmbeddedEngine(
        tmp_path / "engine-home", lib_dir=REPO / ".newsarchive" / "engine" / "lib", heap="512m"
    )
    port = _free_port(range(9201, 9280))
    try:
        url = embedded.start(port=port).url
        settings = Settings(
            engine_url=url, index_alias="faults", home=tmp_path, stages={},  # no NER: fast
            bulk_chunk_size=CHUNK, ner_batch_size=CHUNK // 2,  # enrichment batches of CHUNK
            workers=1,  # in process, no read-ahead: the pause comes right after chunk 3 landed
        )  # fmt: skip
        items = _inputs(N_DOCS)
        paused, release = threading.Event(), threading.Event()
        outcome: dict[str, object] = {}

        def run() -> None:
            try:
                outcome["report"] = ingest(_paused(items, paused, release), settings)
            except BaseException as exc:  # checked by the test thread
                outcome["error"] = exc

        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        try:
            assert paused.wait(120), "the ingest never reached the pause"
            probe = connect(url)
            try:
                probe.refresh(settings.index_alias)
                assert probe.count(settings.index_alias) == PAUSE_AT  # the first chunks landed
            finally:
                probe.close()
            assert embedded.stop()
        finally:
            release.set()
            worker.join(180)
        assert not worker.is_alive()
        error = outcome.get("error")
        assert isinstance(error, EngineNotRunning), outcome  # the task fails, loudly
        assert isinstance(error, EngineError) and str(url.split("//")[1]) in str(error)
        assert "report" not in outcome

        # the same home: the data persists; the same inputs again
        embedded.start(port=port)
        report = ingest(items, settings).to_dict()
        assert report["total"] == N_DOCS
        assert report["counts"]["unchanged"] == PAUSE_AT  # already there, not rewritten
        assert report["counts"]["indexed"] == N_DOCS - PAUSE_AT
        assert report["problems"] == []
        engine = connect(url)
        try:
            engine.refresh(settings.index_alias)
            assert engine.count(settings.index_alias) == N_DOCS
            ids = [hit["_id"] for hit in engine.scan(settings.index_alias, fields=["id"])]
        finally:
            engine.close()
        assert len(ids) == len(set(ids)) == N_DOCS
        assert set(ids) == {article_id(item.url) for item in items}
    finally:
        embedded.stop()


# --- a document too large for the engine ------------------------------------------------------


class ManyQuotesStage:
    """Gives an article marked TOO-MANY-QUOTES 10,001 quotes: more nested documents than the
    engine's `index.mapping.nested_objects.limit` (10,000) allows for one document."""

    name = "many-quotes"

    def __init__(self, settings: Settings) -> None:
        pass

    def process_batch(self, articles: list[Article]) -> Iterator[Article]:
        for article in articles:
            if "TOO-MANY-QUOTES" in article.body:
                article.quotes = [
                    Quote(speaker="A spokesman", cue="said", kind="direct", text=f"Point {i}.")
                    for i in range(10_001)
                ]
            yield article

    def close(self) -> None:
        pass


def test_a_document_too_large_for_the_engine_is_rejected_and_kept(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    stages = {"tests.test_engine_faults.ManyQuotesStage": 900}  # only this stage: fast
    texts = ["A fine story about the harbour and its boats. " * 6,
             "TOO-MANY-QUOTES: a story about the harbour and its boats. " * 6,
             "Another fine story about the harbour and its boats. " * 6]  # fmt: skip
    inputs = [
        Input(key=f"k{i}", text=t, url=f"https://news.example/q{i}") for i, t in enumerate(texts)
    ]
    dead = tmp_path / "dead.jsonl"
    report = ingest(inputs, replace(settings, stages=stages), dead_letter=dead).to_dict()
    assert report["counts"]["indexed"] == 2 and report["counts"]["rejected"] == 1
    (problem,) = report["problems"]
    assert problem["key"] == "k1" and "nested documents" in problem["reason"]
    assert engine.count(settings.index_alias) == 2
    (line,) = [json.loads(x) for x in dead.read_text(encoding="utf-8").splitlines()]
    assert line["key"] == "k1" and "10000" in line["reason"]
    assert len(line["document"]["quotes"]) == 10_001  # kept whole: nothing lost


def test_an_engine_that_answers_but_fails_a_request_is_not_called_absent(
    engine: Engine, engine_url: str
) -> None:
    """A request that breaks in transit (here the client gives up after a millisecond, as it
    would on a long synchronous request) while the engine answers is reported as that, not as
    "no engine answers"; a port where nothing listens is."""
    impatient = type(engine)(engine_url, engine.version, timeout=0.001)
    try:
        with pytest.raises(EngineError, match="answers, but a count failed in transit") as err:
            impatient.count("*")
        assert not isinstance(err.value, EngineNotRunning)
    finally:
        impatient.close()
    nobody = type(engine)(f"http://127.0.0.1:{_free_port(range(9201, 9280))}", engine.version)
    try:
        with pytest.raises(EngineNotRunning, match="no engine answers"):
            nobody.count("*")
    finally:
        nobody.close()
