"""Build the next index version and swap the alias to it atomically; roll back the same way.

Search never stops: the alias keeps pointing at `news-vN` until `news-v(N+1)` is complete and
verified; then one `_aliases` call moves it. `news-vN` stays for rollback.

Modes:
  copy       the engine's `_reindex` copies every document into the new version (after a
             mapping or settings change).
  reprocess  the selected documents (date range and/or sources; all by default) are rebuilt by
             the current pipeline, from their raw WARC record when they have one, else from their
             stored text; the others are copied. A document that cannot be rebuilt is copied
             as it was and reported, so nothing is lost.

Writes during a build are not lost. The version being built carries the alias
`<alias>-building` from before the copy starts until the swap; every ingest writes through the
alias and then also to the version being built (`mirror_to_building`), and the copy uses
`op_type: create`, so it never overwrites such a newer document with its older snapshot. Before
the swap, both versions are compared by id (and in copy mode by content hash), and whatever
differs is copied again. The swap moves the alias and removes `<alias>-building` in one atomic
call, so a write lands either in the old version (and is mirrored) or in the new one.

Long operations run as engine tasks (`_engine_tasks`): polled with progress, cancelled when the
run is interrupted, never resent. The build's state (building, interrupted, complete; the
engine task's id) is kept in the new index's mapping `_meta`, so the next run resumes an
unfinished copy or removes an unfinished reprocess and starts again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ._article import Article
from ._engine import Engine
from ._engine_tasks import TaskProgress, run_task, task_running, wait_for_task
from ._errors import ConfigError, NewsarchiveError
from ._index import (
    building_alias,
    ensure_index,
    language_script,
    load_template,
    ready_for_swap,
    ready_for_writes,
    version_of,
    versioned_name,
    with_language_fields,
)
from ._ingest import ingest
from ._pipeline import Input, Result
from ._settings import Settings

log = logging.getLogger("newsarchive.reindex")
MODES = ("copy", "reprocess")
BUILDING, INTERRUPTED, COMPLETE = "building", "interrupted", "complete"
VERIFY_ROUNDS = 3  # compare-and-copy rounds before a build is declared incomplete
MAX_DIFFERENCES = 100_000  # more differing ids than this is a failed build, not a gap to fill


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
    recopied: int = 0  # documents written or changed during the build, copied again
    resumed: bool = False  # an interrupted build of this version was continued
    removed_unfinished: list[str] = field(default_factory=list)
    task: str | None = None  # the engine task that copied the documents
    seconds: float = 0.0
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


def build_state(engine: Engine, index: str) -> dict[str, Any]:
    """What a reindex recorded on `index` (empty for a version it did not build)."""
    return dict(engine.get_meta(index).get("newsarchive_build") or {})


def _record(engine: Engine, index: str, **state: Any) -> None:
    meta = engine.get_meta(index)
    meta["newsarchive_build"] = {**(meta.get("newsarchive_build") or {}), **state}
    engine.put_meta(index, meta)


def reindex(
    engine: Engine,
    settings: Settings,
    *,
    mode: str = "copy",
    target_version: int | None = None,
    since: str | None = None,
    until: str | None = None,
    sources: list[str] | None = None,
    progress: Callable[[TaskProgress], None] | None = None,
    poll: float = 1.0,
) -> ReindexReport:
    """Build the next version, verify it by ids, swap the alias. `progress` is called with
    the engine task's progress while documents are copied."""
    alias = settings.index_alias
    if mode not in MODES:
        raise ConfigError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    selection = selection_query(since, until, sources)
    if mode == "copy" and selection:
        raise ConfigError(
            "a date range or sources select documents to reprocess; copy mode copies them all"
        )
    started = time.monotonic()
    # Installs the current template, with the shards and replicas asked for, for the new version.
    ensure_index(engine, alias, shards=settings.index_shards, replicas=settings.index_replicas)
    current = live_index(engine, alias)
    report = ReindexReport(alias, mode, current, "", expected=0, indexed=0)
    target, previous = _choose_target(engine, alias, current, target_version, mode, report)
    report.target_index = target
    marker = building_alias(alias)
    try:
        if not report.resumed:
            engine.create_index(target)
            _record(engine, target, state=BUILDING, mode=mode, source=current,
                    started_at=datetime.now(UTC).isoformat(timespec="seconds"))  # fmt: skip
        # From here on every ingest also writes to the target (see the module's docstring).
        engine.update_aliases([{"add": {"index": target, "alias": marker}}])
        ready_for_writes(engine, target, settings.health_timeout)
        engine.refresh(current)  # the copy's snapshot then holds every earlier write
        engine.put_settings(target, {"refresh_interval": "-1"})  # bulk copy, no refreshes
        if mode == "copy":
            _copy(engine, current, target, None, previous, report, progress, poll)
        else:
            untouched = {"bool": {"must_not": [selection]}} if selection else None
            if untouched:
                _copy(engine, current, target, untouched, None, report, progress, poll)
            _reprocess(engine, settings, current, target, selection, report, progress)
        engine.put_settings(target, {"refresh_interval": _template_refresh_interval()})
        _verify(engine, settings, current, target, report, compare_content=mode == "copy")
        ready_for_swap(engine, target, settings.index_replicas, settings.health_timeout)
    except BaseException as exc:
        state = _interrupted(engine, alias, target)
        if isinstance(exc, NewsarchiveError):
            raise ReindexError(
                f"building {target} failed: {exc}. Alias {alias} still serves {current}. {state}"
            ) from exc
        raise
    # One atomic call: the alias moves and the target stops being "building" together.
    swap_alias(engine, alias, target, also=[{"remove": {"index": target, "alias": marker}}])
    _record(engine, target, state=COMPLETE)
    report.swapped = True
    report.seconds = round(time.monotonic() - started, 1)
    return report


def _choose_target(
    engine: Engine,
    alias: str,
    current: str,
    target_version: int | None,
    mode: str,
    report: ReindexReport,
) -> tuple[str, dict[str, Any] | None]:
    """The index to build, and the state of an unfinished build of it being resumed."""
    rows = versions(engine, alias)
    for row in rows:
        if row["live"] or row["state"] not in (BUILDING, INTERRUPTED):
            continue
        state = build_state(engine, row["index"])
        wanted = target_version in (None, row["version"])
        if wanted and mode == "copy" and state.get("mode") == "copy":
            log.info("resuming the unfinished build of %s", row["index"])
            report.resumed = True
            return row["index"], state
        if task_running(engine, state.get("task")):
            raise ConfigError(
                f"{row['index']} is being built right now (engine task {state['task']}): "
                "wait for it, or cancel that task first"
            )
        engine.delete_index(row["index"])  # an unfinished reprocess starts again
        report.removed_unfinished.append(row["index"])
        log.warning("removed the unfinished build %s of an interrupted run", row["index"])
    # After a rollback the newest version may not be the live one: build above all of them.
    newest = max((v["version"] for v in rows), default=version_of(current))
    version = target_version or newest + 1
    target = versioned_name(alias, version)
    if version <= version_of(current):
        raise ConfigError(f"target version {version} must be above the live {current}")
    if engine.index_exists(target):
        raise ConfigError(
            f"{target} already exists: choose another --target-version or delete it first"
        )
    return target, None


def _copy(
    engine: Engine,
    current: str,
    target: str,
    query: dict[str, Any] | None,
    previous: dict[str, Any] | None,
    report: ReindexReport,
    progress: Callable[[TaskProgress], None] | None,
    poll: float,
) -> None:
    """The engine copies `current` (what `query` matches) into `target` as one task, never
    overwriting a document already there (written by an ingest meanwhile: newer)."""
    what = f"copying {current} to {target}"
    if previous and task_running(engine, previous.get("task")):
        report.task = previous["task"]  # the interrupted run's task still copies: wait for it
        wait_for_task(engine, previous["task"], what=what, progress=progress, poll=poll)
        return
    body: dict[str, Any] = {
        "conflicts": "proceed",
        "source": {"index": current, "size": 1000},
        "dest": {"index": target, "op_type": "create"},
        "script": language_script(),  # the language fields are not stored: derive them again
    }
    if query:
        body["source"]["query"] = query

    def started(task_id: str) -> None:
        report.task = task_id
        _record(engine, target, task=task_id)

    run_task(engine, "reindex", body, what=what, on_start=started, progress=progress, poll=poll)


def _verify(
    engine: Engine,
    settings: Settings,
    current: str,
    target: str,
    report: ReindexReport,
    *,
    compare_content: bool,
) -> None:
    """Compare both versions by id (and content hash) and copy again whatever differs, until
    nothing does. Writes go on meanwhile; they reach both versions."""
    for _ in range(VERIFY_ROUNDS):
        engine.refresh(current)
        engine.refresh(target)
        differing = list(_differences(engine, current, target, compare_content))
        if not differing:
            report.expected = engine.count(current)
            report.indexed = engine.count(target)
            return
        log.info("%d documents differ between %s and %s: copying them", len(differing),
                 current, target)  # fmt: skip
        report.recopied += len(_copy_ids(engine, settings, current, target, differing))
    raise ReindexError(
        f"{target} still misses or differs in documents of {current} after "
        f"{VERIFY_ROUNDS} rounds of copying"
    )


def _differences(engine: Engine, current: str, target: str, compare_content: bool) -> Iterator[str]:
    """Ids in `current` that `target` lacks (or holds with other content): a merge of both
    indices read in id order, one page of each in memory."""
    fields = ["id", "content_hash"] if compare_content else ["id"]
    theirs = _ids(engine, target, fields)
    other = next(theirs, None)
    count = 0
    for mine in _ids(engine, current, fields):
        while other is not None and other[0] < mine[0]:
            other = next(theirs, None)
        if other is None or other[0] != mine[0] or other[1] != mine[1]:
            count += 1
            if count > MAX_DIFFERENCES:
                raise ReindexError(
                    f"{target} misses more than {MAX_DIFFERENCES} documents of {current}: "
                    "the copy did not complete"
                )
            yield mine[0]


def _ids(engine: Engine, index: str, fields: list[str]) -> Iterator[tuple[str, Any]]:
    for hit in engine.scan(index, fields=fields, page_size=5000):  # in `id` order
        yield hit["_source"].get("id", hit["_id"]), hit["_source"].get("content_hash")


def _copy_ids(
    engine: Engine, settings: Settings, current: str, target: str, ids: list[str]
) -> list[str]:
    """Copy these documents from `current` to `target` as they are now; return the ids
    copied (those that still exist)."""
    copied: list[str] = []
    for start in range(0, len(ids), settings.bulk_chunk_size):
        chunk = ids[start : start + settings.bulk_chunk_size]
        originals = engine.mget(current, chunk, ["*"])
        copies = [
            {"_index": target, "_id": i, "_source": with_language_fields(originals[i])}
            for i in originals
        ]
        for item in engine.bulk(copies, chunk_size=settings.bulk_chunk_size):
            if not item.ok:
                raise ReindexError(f"{target} refused document {item.id}: {item.error}")
            copied.append(item.id)
    return copied


def _template_refresh_interval() -> str:
    return str(load_template()["template"]["settings"].get("refresh_interval", "1s"))


def _interrupted(engine: Engine, alias: str, target: str) -> str:
    """Leave a failed or interrupted build in a clear state; say what that state is."""
    try:
        engine.update_aliases([{"remove": {"index": target, "alias": building_alias(alias)}}])
        _record(engine, target, state=INTERRUPTED)
    except NewsarchiveError as exc:  # the engine itself is gone: the next run sorts it out
        log.warning("could not mark %s interrupted: %s", target, exc)
    return (
        f"The unfinished {target} is kept: rerun the reindex to resume it (copy mode) or "
        f"start it again (reprocess), or remove it with `newsarchive versions --prune`."
    )


def _reprocess(
    engine: Engine,
    settings: Settings,
    current: str,
    target: str,
    selection: dict[str, Any] | None,
    report: ReindexReport,
    progress: Callable[[TaskProgress], None] | None = None,
) -> None:
    lost: dict[str, str] = {}  # id -> reason, for the few that cannot be rebuilt
    total = engine.count(current, selection)
    started = time.monotonic()
    done = 0

    def inputs() -> Any:
        for hit in engine.scan(current, selection):
            yield _input_for(hit["_id"], hit["_source"])

    def keep_lost(result: Result) -> None:
        nonlocal done
        done += 1
        if result.state in ("rejected", "failed") and result.input.id:
            lost[result.input.id] = result.reason or result.state
        if done % 100 == 0 or done == total:
            state = TaskProgress("", done, total, time.monotonic() - started, "reprocess")
            if progress:
                progress(state)
            if done % 5000 == 0 or done == total:
                log.info("reprocessing %s: %d/%d documents, %.0f/s", current, done, total,
                         state.rate)  # fmt: skip

    # `create`: a document an ingest wrote to the target meanwhile is newer; keep it.
    result = ingest(
        inputs(), settings, engine=engine, index=target, skip_unchanged=False,
        on_result=keep_lost, op_type="create",
    )  # fmt: skip
    report.reprocessed = result.counts.get("indexed", 0)
    # Keep every document: one that cannot be rebuilt is copied as it was, read again from
    # the current version (holding every original meanwhile would grow with the archive).
    copied = _copy_ids(engine, settings, current, target, list(lost))
    report.copied_as_was += [{"id": i, "reason": lost[i]} for i in copied]


def _key(source: dict[str, Any]) -> str:
    return source.get("url") or source["id"]


def _input_for(doc_id: str, source: dict[str, Any]) -> Input:
    """Rebuild from the raw WARC record if there is one, else re-enrich the stored text."""
    key = _key(source)
    archive = source.get("archive")
    if archive:
        from ._article import ArchiveRecord
        from .crawl._archive import read_record

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


def swap_alias(
    engine: Engine, alias: str, target: str, also: list[dict[str, Any]] | None = None
) -> None:
    """Point `alias` at `target` only, in one atomic `_aliases` call (with `also`)."""
    actions: list[dict[str, Any]] = [
        {"remove": {"index": old, "alias": alias}}
        for old in engine.alias_targets(alias)
        if old != target
    ]
    actions.append({"add": {"index": target, "alias": alias}})
    engine.update_aliases(actions + (also or []))
    log.info("alias %s -> %s", alias, target)


def versions(engine: Engine, alias: str) -> list[dict[str, Any]]:
    """Every version of the alias's index, oldest first, with counts, which one is live, and
    its build state: `complete`, or `building`/`interrupted` for an unfinished reindex."""
    live = set(engine.alias_targets(alias))
    names = sorted((n for n in engine.list_indices(f"{alias}-v*") if version_of(n)), key=version_of)
    # The count API, not _cat's docs.count, which also counts nested objects as documents.
    return [
        {"index": n, "version": version_of(n), "docs": engine.count(n), "live": n in live,
         "state": build_state(engine, n).get("state", COMPLETE)}
        for n in names
    ]  # fmt: skip


def prune(engine: Engine, alias: str, keep: int) -> list[str]:
    """Delete the versions beyond the newest `keep` complete ones that the alias does not
    point at, and unfinished builds whose engine task no longer runs. Returns what was
    deleted. The live version is always kept (and counts among the `keep`)."""
    if keep < 1:
        raise ConfigError("keep at least 1 version (the live one)")
    rows = versions(engine, alias)
    complete = [r for r in rows if r["state"] == COMPLETE]
    kept = {r["index"] for r in complete[-keep:]} | {r["index"] for r in rows if r["live"]}
    deleted = []
    for row in rows:
        if row["index"] in kept:
            continue
        if row["state"] != COMPLETE:
            task = build_state(engine, row["index"]).get("task")
            if task_running(engine, task):
                log.info("keeping %s: its build is running (engine task %s)", row["index"], task)
                continue
        engine.delete_index(row["index"])
        deleted.append(row["index"])
        log.info("deleted %s", row["index"])
    return deleted


def rollback(engine: Engine, alias: str) -> tuple[str, str]:
    """Move the alias back to the newest complete version below the live one. Returns
    (from, to)."""
    current = live_index(engine, alias)
    older = [
        v["index"] for v in versions(engine, alias)
        if v["version"] < version_of(current) and v["state"] == COMPLETE
    ]  # fmt: skip
    if not older:
        raise ConfigError(f"no version of {alias} older than {current} to roll back to")
    previous = older[-1]
    swap_alias(engine, alias, previous)
    return current, previous
