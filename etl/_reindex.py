"""Build the next index version and swap the alias to it atomically; roll back the same way.

Search never stops: the alias keeps pointing at `news-vN` until `news-v(N+1)` is complete and its
document count is verified; then one `_aliases` call moves it. `news-vN` stays for rollback.

Modes:
  copy       the engine's `_reindex` copies every document into the new version (after a
             mapping or settings change).
  reprocess  the selected documents (date range and/or sources; all by default) are rebuilt by
             the current pipeline, from their raw WARC record when they have one, else from their
             stored text; the others are copied. A document that cannot be rebuilt is copied
             as it was and reported, so nothing is lost.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from ._article import Article
from ._engine import Engine
from ._errors import ConfigError, NewsarchiveError
from ._index import (
    ensure_index,
    language_script,
    version_of,
    versioned_name,
    with_language_fields,
)
from ._ingest import ingest
from ._pipeline import Input, Result
from ._settings import Settings

log = logging.getLogger("newsarchive.reindex")
MODES = ("copy", "reprocess")


class ReindexError(NewsarchiveError):
    """The new version could not be built or verified; the alias was not moved."""


@dataclass
class ReindexReport:
    alias: str
    mode: str
    source_index: str
    target_index: str
    expected: int
    indexed: int
    reprocessed: int = 0
    copied_as_was: list[dict[str, str]] = field(default_factory=list)
    swapped: bool = False

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def selection_query(
    since: str | None = None, until: str | None = None, sources: list[str] | None = None
) -> dict[str, Any] | None:
    """Which documents a reprocess rebuilds: published in [since, until], from these sources."""
    clauses: list[dict[str, Any]] = []
    if since or until:
        bounds = {k: v for k, v in (("gte", since), ("lte", until)) if v}
        clauses.append({"range": {"published_at": bounds}})
    if sources:
        clauses.append({"terms": {"source": list(sources)}})
    return {"bool": {"filter": clauses}} if clauses else None


def live_index(engine: Engine, alias: str) -> str:
    targets = engine.alias_targets(alias)
    if not targets:
        raise ConfigError(f"alias {alias!r} points at no index yet: ingest something first")
    return max(targets, key=version_of)


def reindex(
    engine: Engine,
    settings: Settings,
    *,
    mode: str = "copy",
    target_version: int | None = None,
    since: str | None = None,
    until: str | None = None,
    sources: list[str] | None = None,
) -> ReindexReport:
    alias = settings.index_alias
    if mode not in MODES:
        raise ConfigError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    selection = selection_query(since, until, sources)
    if mode == "copy" and selection:
        raise ConfigError(
            "a date range or sources select documents to reprocess; copy mode copies them all"
        )
    ensure_index(engine, alias)  # installs the current template for the new version
    current = live_index(engine, alias)
    # After a rollback the newest version may not be the live one: build above all of them.
    newest = max((v["version"] for v in versions(engine, alias)), default=version_of(current))
    version = target_version or newest + 1
    target = versioned_name(alias, version)
    if version <= version_of(current):
        raise ConfigError(f"target version {version} must be above the live {current}")
    if engine.index_exists(target):
        raise ConfigError(
            f"{target} already exists: choose another --target-version or delete it first"
        )
    engine.refresh(current)
    expected = engine.count(current)
    engine.create_index(target)
    report = ReindexReport(alias, mode, current, target, expected=expected, indexed=0)
    try:
        if mode == "copy":
            engine.reindex(current, target, script=language_script())
        else:
            untouched = {"bool": {"must_not": [selection]}} if selection else None
            if untouched:
                engine.reindex(current, target, untouched, script=language_script())
            _reprocess(engine, settings, current, target, selection, report)
        engine.refresh(target)
        report.indexed = engine.count(target)
    except NewsarchiveError as exc:
        raise ReindexError(f"building {target} failed, alias {alias} unchanged: {exc}") from exc
    if report.indexed != expected:
        raise ReindexError(
            f"{target} holds {report.indexed} documents, {current} holds {expected}: "
            f"alias {alias} left on {current}; inspect or delete {target}"
        )
    swap_alias(engine, alias, target)
    report.swapped = True
    return report


def _reprocess(
    engine: Engine,
    settings: Settings,
    current: str,
    target: str,
    selection: dict[str, Any] | None,
    report: ReindexReport,
) -> None:
    lost: dict[str, str] = {}  # id -> reason, for the few that cannot be rebuilt

    def inputs() -> Any:
        for hit in engine.scan(current, selection):
            yield _input_for(hit["_id"], hit["_source"])

    def keep_lost(result: Result) -> None:
        if result.state in ("rejected", "failed") and result.input.id:
            lost[result.input.id] = result.reason or result.state

    result = ingest(
        inputs(), settings, engine=engine, index=target, skip_unchanged=False, on_result=keep_lost
    )
    report.reprocessed = result.counts.get("indexed", 0)
    # Keep every document: one that cannot be rebuilt is copied as it was, read again from
    # the current version (holding every original meanwhile would grow with the archive).
    ids = list(lost)
    for start in range(0, len(ids), settings.bulk_chunk_size):
        chunk = ids[start : start + settings.bulk_chunk_size]
        originals = engine.mget(current, chunk, ["*"])
        copies = [
            {"_index": target, "_id": i, "_source": with_language_fields(originals[i])}
            for i in originals
        ]
        for item in engine.bulk(copies, chunk_size=settings.bulk_chunk_size):
            if not item.ok:
                raise ReindexError(f"could not copy document {item.id}: {item.error}")
        report.copied_as_was += [{"id": i, "reason": lost[i]} for i in originals]


def _key(source: dict[str, Any]) -> str:
    return source.get("url") or source["id"]


def _input_for(doc_id: str, source: dict[str, Any]) -> Input:
    """Rebuild from the raw WARC record if there is one, else re-enrich the stored text."""
    key = _key(source)
    archive = source.get("archive")
    if archive:
        from ._archive import read_record
        from ._article import ArchiveRecord

        record = ArchiveRecord(**archive)
        try:
            raw = read_record(record)
        except NewsarchiveError as exc:
            return Input(key=key, id=doc_id, error=f"archive record unreadable: {exc}")
        return Input(
            key=key, url=source.get("url"), html=raw.body, id=doc_id,
            source=source.get("source"), fetched_at=source.get("fetched_at"), archive=record,
        )  # fmt: skip
    article = Article.from_dict(source)
    fresh = Article(  # keep what extraction found; let the stages fill the rest again
        id=article.id, url=article.url, title=article.title, body=article.body,
        publisher=article.publisher, domain=article.domain, authors=article.authors,
        published_at=article.published_at, language=article.language, tags=article.tags,
        source=article.source, fetched_at=article.fetched_at, extraction=article.extraction,
        content_hash=article.content_hash,
    )  # fmt: skip
    return Input(key=key, id=doc_id, article=fresh, source=article.source)


def swap_alias(engine: Engine, alias: str, target: str) -> None:
    """Point `alias` at `target` only, in one atomic `_aliases` call."""
    actions: list[dict[str, Any]] = [
        {"remove": {"index": old, "alias": alias}}
        for old in engine.alias_targets(alias)
        if old != target
    ]
    actions.append({"add": {"index": target, "alias": alias}})
    engine.update_aliases(actions)
    log.info("alias %s -> %s", alias, target)


def versions(engine: Engine, alias: str) -> list[dict[str, Any]]:
    """Every version of the alias's index, oldest first, with counts and which one is live."""
    live = set(engine.alias_targets(alias))
    names = sorted((n for n in engine.list_indices(f"{alias}-v*") if version_of(n)), key=version_of)
    # The count API, not _cat's docs.count, which also counts nested objects as documents.
    return [
        {"index": n, "version": version_of(n), "docs": engine.count(n), "live": n in live}
        for n in names
    ]


def rollback(engine: Engine, alias: str) -> tuple[str, str]:
    """Move the alias back to the newest version below the live one. Returns (from, to)."""
    current = live_index(engine, alias)
    older = [v["index"] for v in versions(engine, alias) if v["version"] < version_of(current)]
    if not older:
        raise ConfigError(f"no version of {alias} older than {current} to roll back to")
    previous = older[-1]
    swap_alias(engine, alias, previous)
    return current, previous
