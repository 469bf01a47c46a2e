"""Ingest: run the pipeline over inputs and bulk-index what comes out, with a run report."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ._engine import Engine, connect
from ._index import (
    ensure_index,
    index_articles,
    mirror_changed,
    mirror_to_building,
    ready_for_writes,
)
from ._pipeline import Input, Pipeline, Result, RunReport, batched
from ._settings import Settings

LINGER = 1.0  # crawled pages: seconds a batch waits to fill, from its first page
log = logging.getLogger("newsarchive.ingest")


def ingest(
    inputs: Iterable[Input],
    settings: Settings,
    *,
    engine: Engine | None = None,
    index: str | None = None,
    skip_unchanged: bool = True,
    on_result: Callable[[Result], None] | None = None,
    dead_letter: Path | None = None,
    expected: int | Callable[[], int] | None = None,
    op_type: str = "index",
    linger: float | None = None,
) -> RunReport:
    """Process and index every input; each ends in exactly one state of the report.

    Writes go through the alias, so a run that outlasts a reindex's swap writes to the new
    version from then on; while a reindex builds a version, every write is also made there
    (`mirror_to_building`). `index` writes to that index only (reindexing does), with
    `op_type` "create" leaving documents already there (written meanwhile, newer) untouched.
    With `skip_unchanged`, an article whose id is already indexed with the same content hash
    and schema version ends `unchanged` and is not rewritten. A document the engine rejects
    (mapping conflict, too large) ends `rejected`; with `dead_letter`, it is appended there
    whole, with the engine's reason, so nothing is lost; the rest of its batch is indexed.
    Engine errors that are not about one document (engine down, credentials refused) are
    raised: the run stops and can be re-run safely, since documents are upserted by id.
    `expected`, the number of inputs when the caller knows it, lets the worker processes
    start loading their models before the first input is read; a function returning what is
    known so far (e.g. the URLs discovered while the first pages are crawled) starts them as
    soon as it passes one batch. `linger` (seconds; `LINGER` for crawled pages, which
    trickle in) sends a batch to the workers unfilled once its first input has waited so long.
    """
    own_engine = engine is None
    engine = engine or connect(settings.engine_url)
    report = RunReport()
    batch_size = settings.ner_batch_size * 2
    try:
        with Pipeline(settings) as pipeline:
            if isinstance(expected, int) and expected > batch_size:
                pipeline.start()
            elif callable(expected):
                inputs = _start_when(inputs, lambda: expected() > batch_size, pipeline.start)
            if index is None:
                ensure_index(engine, settings.index_alias, **_shape(settings))
            target = index or settings.index_alias
            ready_for_writes(engine, target, settings.health_timeout)
            linker = _story_linker(engine, target, settings)
            results = pipeline.enrich(inputs, batch_size=batch_size, linger=linger)
            for batch in batched(results, settings.bulk_chunk_size):
                ready = [r for r in batch if r.state == "enriched"]
                if skip_unchanged:
                    ready = _drop_unchanged(engine, target, ready)
                story_updates = linker.link([r.article for r in ready]) if linker else []
                answers = index_articles(
                    engine, target, (r.article for r in ready),
                    chunk_size=settings.bulk_chunk_size, op_type=op_type,
                )  # fmt: skip
                written = []
                for result, answer in zip(ready, answers, strict=True):
                    if answer.ok:
                        result.state = "indexed"
                        written.append((result.article, answer))
                    elif op_type == "create" and answer.status == 409:
                        result.state = "unchanged"
                        result.reason = "a newer copy was written to the target meanwhile"
                    else:
                        result.state = "rejected"
                        result.reason = f"engine rejected the document: {answer.error}"
                        if dead_letter:
                            _dead_letter(dead_letter, result)
                changed = linker.commit(story_updates) if linker else []
                if index is None:
                    _mirror(engine, settings, written, changed)
                for result in batch:
                    report.add(result)
                    if on_result:
                        on_result(result)
        engine.refresh(target)
        if linker:
            report.stories.update(linker.counts)
    finally:
        if own_engine:
            engine.close()
    return report


def _shape(settings: Settings) -> dict[str, int]:
    """The shards and replicas new index versions get."""
    return {"shards": settings.index_shards, "replicas": settings.index_replicas}


def _mirror(engine: Engine, settings: Settings, written: list, changed: list) -> None:
    """Also write to a version being built (new documents, and those whose story changed).
    A refusal there does not fail this run: the document is in the live version, and the
    reindex's check by ids finds and reports it."""
    alias, chunk = settings.index_alias, settings.bulk_chunk_size
    answers = mirror_to_building(engine, alias, written, chunk_size=chunk)
    answers += mirror_changed(engine, alias, changed, chunk_size=chunk)
    for answer in answers:
        if not answer.ok:
            log.warning("not written to %s (being built): %s", answer.index, answer.error)


def _start_when(
    inputs: Iterable[Input], ready: Callable[[], bool], start: Callable[[], None]
) -> Iterator[Input]:
    """The inputs, calling `start` once, before the first one for which `ready()` is true."""
    started = False
    for item in inputs:
        if not started and ready():
            start()
            started = True
        yield item


def _story_linker(engine: Engine, index: str, settings: Settings) -> Any:
    """Copies of one story grouped at indexing (etl/_stories.py), unless switched off."""
    if not settings.stories:
        return None
    from ._stories import StoryLinker

    return StoryLinker(engine, index, chunk_size=settings.bulk_chunk_size)


def _drop_unchanged(engine: Engine, index: str, ready: list[Result]) -> list[Result]:
    """Mark results whose document is already indexed with the same content `unchanged`."""
    ids = [r.article.id for r in ready if r.article]
    known = engine.mget(index, ids, ["content_hash", "schema_version"])
    keep = []
    for result in ready:
        article = result.article
        assert article is not None
        seen = known.get(article.id)
        if (
            seen
            and seen.get("content_hash") == article.content_hash
            and seen.get("schema_version") == article.schema_version
        ):
            result.state, result.reason = "unchanged", "already indexed with the same content"
        else:
            keep.append(result)
    return keep


def _dead_letter(path: Path, result: Result) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    line = {"key": result.input.key, "reason": result.reason, "document": result.article.to_dict()}
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
