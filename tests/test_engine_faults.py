"""A failing engine: stopped in the middle of bulk indexing, the ingest raises (nothing is lost
silently); started again on the same data, a re-run leaves every document there exactly once.
And lists too long for the engine (20,000 quotes, 5,000 people) are capped and indexed; a
document the engine still refuses is rejected and kept whole in the dead letter.

The stop/restart test runs its OWN embedded engine (a free port in 9201-9279, its own home), so
the session's engine is never touched; it is stopped in `finally`, also when the test fails."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import httpx
import pytest

from etl import (
    Article,
    EmbeddedEngine,
    Engine,
    EngineError,
    EngineNotRunning,
    EntityCount,
    EntityMention,
    Input,
    Quote,
    Settings,
    article_id,
    connect,
    ingest,
    search,
)
from etl._article import LIST_CAPS

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
        tmp_path / "engine-home",
        lib_dir=REPO / ".newsarchive" / "engine" / "lib",
        heap="512m",
        stop_with_parent=True,
    )
    port = _free_port(range(9250, 9260))
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


# --- documents at and past the engine's limits ------------------------------------------------


class HugeListsStage:
    """Stands in for enrichment on marked articles: TOO-MANY-QUOTES gets 20,000 quotes and
    MANY-PEOPLE names 5,000 people (more nested documents, in all, than the engine's
    `index.mapping.nested_objects.limit` of 10,000 allows for one document); NOT-A-DATE gets
    a publication date the engine's mapping refuses."""

    name = "huge-lists"

    def __init__(self, settings: Settings) -> None:
        pass

    def process_batch(self, articles: list[Article]) -> Iterator[Article]:
        for article in articles:
            if "TOO-MANY-QUOTES" in article.body:
                article.quotes = [
                    Quote(speaker=f"Spokesman {i % 50}", cue="said", kind="direct",
                          text=f"Point {i} on the harbour dues.")
                    for i in range(20_000)
                ]  # fmt: skip
            if "MANY-PEOPLE" in article.body:
                names = [f"Signatory Number{i}" for i in range(5000)]
                article.entities.person = names
                article.entity_counts = [  # Number0 mentioned most, Number4999 least
                    EntityCount(name=n, type="person", mentions=5000 - i)
                    for i, n in enumerate(names)
                ]
                article.entity_mentions = [
                    EntityMention(n, "person", 0, len(n), n) for n in names for _ in range(3)
                ]
            if "NOT-A-DATE" in article.body:
                article.published_at = "the day after tomorrow"
            yield article

    def close(self) -> None:
        pass


def test_huge_lists_are_capped_and_indexed_and_a_refused_document_is_kept(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    stages = {"tests.test_engine_faults.HugeListsStage": 900}  # only this stage: fast
    texts = ["A fine story about the harbour and its boats. " * 6,
             "TOO-MANY-QUOTES: a story about the harbour and its boats. " * 6,
             "MANY-PEOPLE: an open letter about the harbour and its boats. " * 6,
             "NOT-A-DATE: a story about the harbour and its boats. " * 6]  # fmt: skip
    inputs = [
        Input(key=f"k{i}", text=t, url=f"https://news.example/q{i}") for i, t in enumerate(texts)
    ]
    dead = tmp_path / "dead.jsonl"
    report = ingest(inputs, replace(settings, stages=stages), dead_letter=dead).to_dict()
    assert report["counts"]["indexed"] == 3 and report["counts"]["rejected"] == 1
    (problem,) = report["problems"]
    assert problem["key"] == "k3" and "published_at" in problem["reason"]
    alias = settings.index_alias
    assert engine.count(alias) == 3
    (line,) = [json.loads(x) for x in dead.read_text(encoding="utf-8").splitlines()]
    assert line["key"] == "k3" and line["document"]["published_at"] == "the day after tomorrow"

    # 20,000 quotes: indexed with the first 1,000, searchable, the cut recorded
    quotes = search(engine, alias, "harbour", facets=["speaker"], filters=["speaker=Spokesman 7"])
    assert [h.url for h in quotes.hits] == ["https://news.example/q1"]
    (doc,) = [h["_source"] for h in engine.scan(alias) if h["_source"]["url"].endswith("/q1")]
    assert len(doc["quotes"]) == LIST_CAPS["quotes"] and doc["capped"] == ["quotes"]
    # 5,000 people: indexed with the most mentioned, searchable by them, the cut recorded
    found = search(engine, alias, 'person:"Signatory Number0"')
    assert [h.url for h in found.hits] == ["https://news.example/q2"]
    assert search(engine, alias, 'person:"Signatory Number4999"').total == 0  # mentioned least
    (doc,) = [h["_source"] for h in engine.scan(alias) if h["_source"]["url"].endswith("/q2")]
    assert len(doc["entity_counts"]) == LIST_CAPS["entity_counts"]
    assert doc["entity_counts"][0] == {
        "name": "Signatory Number0",
        "type": "person",
        "mentions": 5000,
    }
    assert len(doc["entities"]["person"]) == LIST_CAPS["entities.person"]
    assert set(doc["capped"]) == {"entity_counts", "entities.person", "entity_mentions"}
    capped = engine.search(alias, {"query": {"term": {"capped": "entity_counts"}}})
    assert [h["_source"]["url"] for h in capped["hits"]["hits"]] == ["https://news.example/q2"]


class _HeaderFlood(BaseHTTPRequestHandler):
    """Answers `GET /` as the engine does, and any other request with more than 100 headers
    (as OpenSearch's reindex answered, one header per scroll batch): a response the client
    refuses, from an engine that is up."""

    root = b"{}"

    def do_GET(self) -> None:
        if self.path == "/":
            self._reply([], self.root)
        else:
            self._reply([(f"X-Usage-{i}", "1") for i in range(150)], b'{"count": 0}')

    def _reply(self, headers: list[tuple[str, str]], body: bytes) -> None:
        self.send_response(200)
        for name, value in [*headers, ("Content-Type", "application/json")]:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def do_HEAD(self) -> None:  # the clients' ping
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_an_engine_that_answers_but_fails_a_request_is_not_called_absent(
    engine: Engine, engine_url: str
) -> None:
    """A response the client refuses in transit, from an engine that answers, is reported as
    that, not as "no engine answers"; a port where nothing listens is."""
    _HeaderFlood.root = httpx.get(engine_url + "/").content
    server = ThreadingHTTPServer(("127.0.0.1", 0), _HeaderFlood)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    flooded = type(engine)(f"http://127.0.0.1:{server.server_port}", engine.version)
    try:
        with pytest.raises(EngineError, match="answers, but a count failed in transit") as err:
            flooded.count("*")
        assert not isinstance(err.value, EngineNotRunning)
        assert "more than 100 headers" in str(err.value)
    finally:
        flooded.close()
        server.shutdown()
        server.server_close()
    nobody = type(engine)(f"http://127.0.0.1:{_free_port(range(9250, 9260))}", engine.version)
    try:
        with pytest.raises(EngineNotRunning, match="no engine answers"):
            nobody.count("*")
    finally:
        nobody.close()


# --- a passing refusal: the engine blocks writes for a while ----------------------------------


def test_documents_refused_for_a_while_are_resent_and_indexed_once(
    settings: Settings, engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The engine refuses every write with 429 while an index carries the flood-stage block
    (`read_only_allow_delete`, what a full disk sets); the block is lifted 2 s later. The bulk
    documents refused meanwhile are resent with backoff, and each lands once: nothing goes to
    the dead letter, the count is exact."""
    settings = replace(settings, stages={}, workers=1, bulk_chunk_size=CHUNK)
    items = _inputs(50)
    first = ingest(items[:10], settings)  # the index exists, with 10 documents
    assert first.to_dict()["counts"]["indexed"] == 10
    index = engine.alias_targets(settings.index_alias)[0]
    engine.put_settings(index, {"blocks.read_only_allow_delete": True})
    lifted = threading.Timer(
        2.0, engine.put_settings, (index, {"blocks.read_only_allow_delete": None})
    )
    lifted.start()
    try:
        with caplog.at_level("WARNING", logger="newsarchive.engine"):
            report = ingest(items, settings, dead_letter=tmp_path / "dead.jsonl").to_dict()
    finally:
        lifted.join()
        engine.put_settings(index, {"blocks.read_only_allow_delete": None})
    assert "failed transiently (HTTP 429: cluster_block_exception" in caplog.text
    assert report["counts"] == {**report["counts"], "indexed": 40, "unchanged": 10}
    assert report["problems"] == [] and not (tmp_path / "dead.jsonl").exists()
    engine.refresh(settings.index_alias)
    ids = [hit["_id"] for hit in engine.scan(settings.index_alias, fields=["id"])]
    assert len(ids) == len(set(ids)) == 50
    assert set(ids) == {article_id(item.url) for item in items}


# --- a slow answer: the engine holds a bulk request longer than an ordinary request may take ---

HOLD = 3.0  # seconds the first bulk request is held; the client's ordinary timeout is shorter


class _HoldFirstBulk(BaseHTTPRequestHandler):
    """Passes every request on to the engine, and holds the engine's answer to the first bulk
    request for `HOLD` s, as an engine does while a shard waits for its new primary."""

    upstream = ""
    bulks: ClassVar[list[str]] = []
    lock = threading.Lock()

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        answer = httpx.request(
            self.command, self.upstream + self.path, timeout=60,
            content=self.rfile.read(length) if length else None,
            headers={"Content-Type": self.headers.get("Content-Type") or "application/json"},
        )  # fmt: skip
        if self.path.split("?")[0].endswith("/_bulk"):
            with self.lock:
                self.bulks.append(self.path)
                first = len(self.bulks) == 1
            if first:
                time.sleep(HOLD)
        self.send_response(answer.status_code)
        self.send_header("Content-Type", answer.headers.get("Content-Type", "application/json"))
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.content)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

    def log_message(self, *args: object) -> None:
        pass


def test_a_bulk_request_the_engine_holds_is_waited_for_and_sent_once(
    settings: Settings, engine: Engine, engine_url: str, tmp_path: Path
) -> None:
    """A bulk request the engine answers after longer than the client's ordinary timeout (it
    may wait up to a minute for a shard whose node just left) is waited for, not given up on
    and sent again while the engine still works on it: one request per chunk, every document
    indexed once."""
    _HoldFirstBulk.upstream, _HoldFirstBulk.bulks = engine_url, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _HoldFirstBulk)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    held = connect(f"http://127.0.0.1:{server.server_port}", timeout=HOLD - 1)
    try:
        settings = replace(settings, stages={}, workers=1, bulk_chunk_size=CHUNK)
        items = _inputs(2 * CHUNK)
        report = ingest(items, settings, engine=held, dead_letter=tmp_path / "dead.jsonl")
    finally:
        held.close()
        server.shutdown()
        server.server_close()
    assert len(_HoldFirstBulk.bulks) == 2  # one per chunk: the held one was not sent twice
    assert report.to_dict()["counts"]["indexed"] == 2 * CHUNK
    assert report.to_dict()["problems"] == [] and not (tmp_path / "dead.jsonl").exists()
    engine.refresh(settings.index_alias)
    ids = [hit["_id"] for hit in engine.scan(settings.index_alias, fields=["id"])]
    assert sorted(ids) == sorted(article_id(item.url) for item in items)
