"""The pipeline: inputs -> extract -> enrichment stages (in configured order) -> index.

Every input ends in exactly one `Result` state:
  enriched  processed, not indexed (`newsarchive enrich`)
  indexed   processed and accepted by the engine
  unchanged already in the index with the same content (or the server said 304): skipped
  rejected  dropped on purpose, with the reason (no article text, engine rejected the document)
  failed    an error while reading, fetching or processing it, with the reason
"""

from __future__ import annotations

import importlib
import itertools
import logging
import multiprocessing
import multiprocessing.util
import queue
import sys
import threading
import time
import types
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TypeVar

from ._article import ArchiveRecord, Article
from ._errors import ConfigError, DropArticle, NewsarchiveError, NotConfigured
from ._extract import extract, from_text
from ._settings import Settings
from ._stage import Stage

log = logging.getLogger("newsarchive.pipeline")

T = TypeVar("T")
STATES = ("indexed", "unchanged", "enriched", "rejected", "failed")
# Read-ahead while batches wait for a worker: enough to keep fetching while the workers load
# their models (a few seconds), bounded so that memory does not grow with the corpus.
READ_AHEAD_INPUTS = 512
READ_AHEAD_BYTES = 32 * 1024 * 1024


@dataclass
class Input:
    """One thing to process: a page (html), plain text, or an error met while getting it."""

    key: str  # what the report names: the URL or the file path
    url: str | None = None
    html: str | bytes | None = None
    text: str | None = None
    id: str | None = None  # a caller's own id, carried to the output (`enrich -`)
    source: str | None = None
    error: str | None = None  # reading or fetching failed: the input ends `failed`
    fetched_at: str | None = None  # ISO 8601, for fetched pages
    archive: ArchiveRecord | None = None  # where the raw response was archived
    article: Article | None = None  # an already extracted article, to enrich again
    not_modified: bool = False  # the server answered 304 to a conditional GET


@dataclass
class Result:
    input: Input
    state: str
    article: Article | None = None
    reason: str | None = None


@dataclass
class RunReport:
    """Counts per final state, and the reason for every input that did not make it."""

    counts: Counter[str] = field(default_factory=Counter)
    problems: list[dict[str, str]] = field(default_factory=list)
    # URL -> the sources that listed it, for URLs listed more than once (fetched and counted
    # once, under the first source).
    listed_by: dict[str, list[str]] = field(default_factory=dict)
    stories: Counter[str] = field(default_factory=Counter)  # "new stories", "copies" indexed

    def add(self, result: Result) -> None:
        self.counts[result.state] += 1
        if result.state in ("rejected", "failed"):
            self.problems.append(
                {"key": result.input.key, "state": result.state, "reason": result.reason or ""}
            )

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "counts": {state: self.counts.get(state, 0) for state in STATES},
            "problems": self.problems,
            "listed_by": self.listed_by,
            "stories": {"new": self.stories["new stories"], "copies": self.stories["copies"]},
        }


def build_stages(settings: Settings) -> list[Stage]:
    """Build the enabled stages in their configured order. A stage that raises `NotConfigured`
    is left out with a warning; a dotted path that does not import is a configuration error."""
    stages: list[Stage] = []
    enabled = sorted(
        ((order, path) for path, order in settings.stages.items() if order is not None)
    )
    for _, path in enabled:
        module_name, _, class_name = path.rpartition(".")
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError) as exc:
            raise ConfigError(f"stage {path!r} cannot be imported: {exc}") from exc
        try:
            stages.append(cls(settings))
        except NotConfigured as exc:
            log.warning("stage %s left out: %s", path, exc)
    log.info("enabled stages: %s", ", ".join(s.name for s in stages))
    return stages


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


class _Raised:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


_END = object()


def timely_batched(
    items: Iterable[T], size: int, linger: float, *, when: Callable[[], bool] = lambda: True
) -> Iterator[list[T]]:
    """Batches of `size`, or fewer once the first item of a batch has waited `linger`
    seconds (while `when()` is true; else only full batches and the last). The items are read
    by a thread of their own, so a slow source never holds back a batch in hand."""
    ready: queue.Queue[object] = queue.Queue(maxsize=size)
    stop = threading.Event()

    def read() -> None:
        source = iter(items)
        try:
            for item in source:
                while not stop.is_set():
                    try:
                        ready.put(item, timeout=0.2)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            ready.put(_Raised(exc))
        finally:
            if stop.is_set():
                close = getattr(source, "close", None)
                if close is not None:
                    close()
            else:
                ready.put(_END)

    reader = threading.Thread(target=read, name="pipeline-reader", daemon=True)
    reader.start()
    batch: list[T] = []
    due = 0.0  # when the batch in hand goes out, full or not
    try:
        while True:
            try:
                lingering = bool(batch) and when()
                wait = max(0.0, due - time.monotonic()) if lingering else None
                item = ready.get(timeout=wait)
            except queue.Empty:
                yield batch
                batch = []
                continue
            if item is _END:
                break
            if isinstance(item, _Raised):
                raise item.exc
            if not batch:
                due = time.monotonic() + linger
            batch.append(item)  # type: ignore[arg-type]
            if len(batch) == size or (time.monotonic() >= due and when()):
                yield batch
                batch = []
        if batch:
            yield batch
    finally:
        stop.set()


def _prepare(item: Input) -> Result:
    """Read one input into an article, or the result that ends it."""
    if item.error:
        return Result(item, "failed", reason=item.error)
    if item.not_modified:
        return Result(item, "unchanged", reason="not modified since the last fetch (HTTP 304)")
    if item.article is not None:
        return Result(item, "enriched", article=item.article)
    try:
        if item.html is not None:
            article = extract(item.html, item.url)
        elif item.text is not None:
            article = from_text(item.text, url=item.url)
        else:
            return Result(item, "failed", reason="input has neither html nor text")
    except DropArticle as drop:
        return Result(item, "rejected", reason=drop.reason)
    except Exception as exc:  # one broken page must not end the run
        return Result(item, "failed", reason=f"extraction error: {type(exc).__name__}: {exc}")
    if item.id:
        article.id = item.id
    article.source = item.source
    article.fetched_at = item.fetched_at
    article.archive = item.archive
    return Result(item, "enriched", article=article)


class Pipeline:
    """Extraction and the enrichment stages over batches of inputs.

    With `workers` > 1 (default: `Settings.workers`, the machine's cores), batches go to a pool
    of worker processes, each with its own stages (and spaCy model): extraction and NER then
    run on every core while this process fetches and indexes. Results still come back one per
    input, in input order.

    Starting a worker costs seconds (spaCy's import and model), so the pool starts when the
    first full batch is read (more are likely to follow), or at once with `start()` when the
    caller knows many inputs are coming. While the workers load, this process reads ahead (up
    to `READ_AHEAD_INPUTS` inputs and `READ_AHEAD_BYTES` of pages), so fetching overlaps the
    start-up. A run of one short batch is processed here, without a pool.
    """

    def __init__(self, settings: Settings, *, workers: int | None = None) -> None:
        self.settings = settings
        self.workers = max(1, settings.workers if workers is None else workers)
        self._stages: list[Stage] | None = None
        self._pool: Any = None
        self._warming: list[Any] = []
        self._starting = threading.Lock()

    @property
    def stages(self) -> list[Stage]:
        if self._stages is None:
            self._stages = build_stages(self.settings)
        return self._stages

    def start(self) -> None:
        """Start the worker processes now and have them build their stages, without waiting.
        Nothing happens with one worker (everything runs in this process)."""
        with self._starting:  # the input reader's thread may start it too (`ingest`)
            if self.workers > 1 and self._pool is None:
                self._pool = self._new_pool()
                # One call per worker: each spawns a process, which builds its stages at once.
                self._warming = [self._pool.submit(_warm_up) for _ in range(self.workers)]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        self._warming = []
        for stage in self._stages or []:
            stage.close()
        self._stages = None

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def enrich(
        self, inputs: Iterable[Input], batch_size: int = 64, *, linger: float | None = None
    ) -> Iterator[Result]:
        """Extract and enrich, yielding one result per input, in input order.

        With `linger` (seconds), a batch also goes out unfilled once its first input has
        waited that long: pages that trickle in from a polite crawl are worked on within a
        second of their arrival instead of waiting for a full batch."""
        # Only with workers: enrichment in this process would hold the GIL while the crawl's
        # threads wait on their pages, and a page's deadline would pass for want of a turn.
        batches = batched(inputs, batch_size) if linger is None else (
            timely_batched(inputs, batch_size, linger, when=lambda: self._pool is not None)
        )  # fmt: skip
        first = next(batches, None)
        if first is None:
            return
        if self.workers > 1 and (self._pool is not None or len(first) == batch_size):
            self.start()
            yield from self._enrich_in_pool(itertools.chain([first], batches))
            return
        yield from self.enrich_batch(first)
        for batch in batches:
            yield from self.enrich_batch(batch)

    def enrich_batch(self, batch: list[Input]) -> list[Result]:
        results = [_prepare(item) for item in batch]
        for stage in self.stages:
            live = [r for r in results if r.state == "enriched"]
            if live:
                self._run_stage(stage, live)
        return results

    def _enrich_in_pool(self, batches: Iterator[list[Input]]) -> Iterator[Result]:
        from collections import deque

        # At most 2 batches per worker are in the pool (a worker that dies takes only those
        # with it); batches read ahead wait here, within the read-ahead bounds.
        running: deque[tuple[list[Input], Any, Any]] = deque()
        waiting: deque[tuple[list[Input], int]] = deque()  # with the bytes each holds

        def over_read_ahead() -> bool:
            inputs = sum(len(batch) for batch, _ in waiting)
            return inputs > READ_AHEAD_INPUTS or sum(w for _, w in waiting) > READ_AHEAD_BYTES

        def refill() -> None:
            while waiting and len(running) < 2 * self.workers:
                batch, _ = waiting.popleft()
                running.append((batch, *self._submit(batch)))

        def collect_first() -> list[Result]:
            results = self._collect(*running.popleft())
            refill()
            return results

        for batch in batches:
            waiting.append((batch, sum(_weight(item) for item in batch)))
            refill()
            while running and running[0][1].done():
                yield from collect_first()
            while running and over_read_ahead():
                yield from collect_first()
        while running:
            yield from collect_first()

    def _new_pool(self) -> Any:
        from concurrent.futures import ProcessPoolExecutor

        # spawn, not fork: safe inside Airflow's task processes and with threads around.
        return ProcessPoolExecutor(
            self.workers, mp_context=_WorkerContext(),
            initializer=_start_worker, initargs=(self.settings,),
        )  # fmt: skip

    def _submit(self, batch: list[Input]) -> tuple[Any, Any]:
        if self._pool is None:
            self._pool = self._new_pool()
        return self._pool.submit(_work, batch), self._pool

    def _collect(self, batch: list[Input], future: Any, pool: Any) -> list[Result]:
        from concurrent.futures.process import BrokenProcessPool

        self._raise_setup_error()
        try:
            return future.result()
        except BrokenProcessPool as exc:
            # A worker died (killed, out of memory): the batches the pool held fail with the
            # reason; the next submission starts a fresh pool, so the run goes on.
            if self._pool is pool:
                self._pool = None
                pool.shutdown(wait=False, cancel_futures=True)
            reason = f"worker process died: {exc}"
        except NewsarchiveError:
            raise  # the stages cannot be built (configuration): the same in every batch
        except Exception as exc:  # e.g. a result that could not be sent back
            reason = f"worker error: {type(exc).__name__}: {exc}"
        return [Result(item, "failed", reason=reason) for item in batch]

    def _raise_setup_error(self) -> None:
        """A worker that could not build its stages stops the run, as it would in process."""
        warming, self._warming = self._warming, []
        for future in warming:
            error = future.exception()
            if isinstance(error, NewsarchiveError):
                raise error

    @staticmethod
    def _run_stage(stage: Stage, live: list[Result]) -> None:
        try:
            outputs = list(stage.process_batch([r.article for r in live]))  # type: ignore[misc]
        except Exception:
            # Find the article that broke the batch: run them one by one.
            outputs = []
            for result in live:
                try:
                    outputs.extend(stage.process_batch([result.article]))  # type: ignore[list-item]
                except Exception as exc:
                    outputs.append(exc)  # type: ignore[arg-type]
        for result, output in zip(live, outputs, strict=True):
            if isinstance(output, Article):
                result.article = output
            elif isinstance(output, DropArticle):
                result.state, result.article, result.reason = "rejected", None, output.reason
            else:
                result.state, result.article = "failed", None
                result.reason = f"{stage.name} error: {type(output).__name__}: {output}"


_WORKER: Pipeline | None = None
_MAIN_LOCK = threading.Lock()


class _WorkerProcess(multiprocessing.context.SpawnProcess):
    """A spawned worker that does not run the parent's main script again.

    spawn re-runs the parent's `__main__` in every child (as `__mp_main__`). The workers need
    only `etl`, and the parent's script can be anything: in an Airflow task process it is the
    `airflow` console script, whose import fails there (the task supervisor blocks the
    metadata database with a URL nothing can parse), so every worker died at start and every
    batch of a scheduled `news_ingest` failed. The main module is hidden while the child's
    start-up data is gathered; its start-up is also shorter."""

    @staticmethod
    def _Popen(process_obj: Any) -> Any:  # multiprocessing's name
        with _MAIN_LOCK:
            main = sys.modules["__main__"]
            sys.modules["__main__"] = types.ModuleType("__main__")
            try:
                return multiprocessing.context.SpawnProcess._Popen(process_obj)
            finally:
                sys.modules["__main__"] = main


class _WorkerContext(multiprocessing.context.SpawnContext):
    Process = _WorkerProcess


def _start_worker(settings: Settings) -> None:
    global _WORKER
    _WORKER = Pipeline(settings, workers=1)
    # Close the stages when the worker ends: the NER tagger's JVM is stopped and reaped by
    # its worker, not left to notice the end of its input on its own.
    multiprocessing.util.Finalize(None, _WORKER.close, exitpriority=10)


def _warm_up() -> None:
    assert _WORKER is not None
    _WORKER.stages  # noqa: B018 - builds them (loads the NER model) before the first batch


def _work(batch: list[Input]) -> list[Result]:
    assert _WORKER is not None
    return _WORKER.enrich_batch(batch)


def _weight(item: Input) -> int:
    """Roughly the memory an input holds while it waits for a worker."""
    return len(item.html or b"") + len(item.text or "")
