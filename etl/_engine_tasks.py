"""Long engine operations (`_reindex`, delete/update by query) run as engine tasks.

A request that runs for minutes is never held open: it is started once with
`wait_for_completion=false` (never resent by the client's retry logic, since a request lost in
transit may have started anyway) and then polled through the tasks API. Progress goes to a
callback (the CLI's progress bar) and, every few seconds, to the log (the Airflow task log).
Anything that stops the caller while it waits (Ctrl-C, SIGTERM from `airflow tasks kill` or a
timeout, an error) cancels the engine task first, so no copy keeps running unattended.
"""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ._engine import Engine
from ._errors import EngineError, Interrupted

log = logging.getLogger("newsarchive.engine")
LOG_EVERY = 10.0  # seconds between two progress lines in the log
# How long a cancelled task may take to stop: the engine cancels asynchronously, and the caller
# returns only once the copy has stopped (or this has passed, which the log says).
CANCEL_WAIT = 30.0


@dataclass(frozen=True)
class TaskProgress:
    """Where a long step stands: documents handled out of `total` (0 while unknown)."""

    task_id: str
    done: int
    total: int
    elapsed: float
    phase: str = "copy"  # what the step does: "copy", "reprocess", ...

    @property
    def rate(self) -> float:
        return self.done / self.elapsed if self.elapsed > 0 else 0.0


def _progress_of(task_id: str, info: dict[str, Any], elapsed: float, phase: str) -> TaskProgress:
    status = info.get("task", {}).get("status") or {}
    done = sum(int(status.get(k) or 0) for k in ("created", "updated", "deleted", "noops"))
    done += int(status.get("version_conflicts") or 0)  # already there: handled too
    return TaskProgress(task_id, done, int(status.get("total") or 0), elapsed, phase)


def run_task(
    engine: Engine,
    operation: str,
    body: dict[str, Any],
    index: str | None = None,
    *,
    what: str,
    on_start: Callable[[str], None] | None = None,
    progress: Callable[[TaskProgress], None] | None = None,
    poll: float = 1.0,
    phase: str = "copy",
) -> dict[str, Any]:
    """Start `operation` as an engine task, wait for it, return its response.

    `on_start(task_id)` runs as soon as the engine has accepted it (to record the id where a
    later run can find it)."""
    task_id = engine.start_task(operation, body, index)
    log.info("%s: engine task %s started", what, task_id)
    if on_start:
        on_start(task_id)
    return wait_for_task(engine, task_id, what=what, progress=progress, poll=poll, phase=phase)


def wait_for_task(
    engine: Engine,
    task_id: str,
    *,
    what: str,
    progress: Callable[[TaskProgress], None] | None = None,
    poll: float = 1.0,
    phase: str = "copy",
) -> dict[str, Any]:
    """Poll a task until it completes; cancel it if the wait is interrupted."""
    started = time.monotonic()
    logged = started
    try:
        with _sigterm_interrupts():
            while True:
                info = engine.task(task_id)
                now = time.monotonic()
                state = _progress_of(task_id, info, now - started, phase)
                if progress:
                    progress(state)
                if now - logged >= LOG_EVERY or info.get("completed"):
                    logged = now
                    share = f" ({state.done / state.total:.0%})" if state.total else ""
                    log.info(
                        "%s: %d/%d documents%s, %.0f/s", what, state.done, state.total, share,
                        state.rate,
                    )  # fmt: skip
                if info.get("completed"):
                    return _outcome(what, task_id, info)
                time.sleep(poll)
    except BaseException:
        _cancel_quietly(engine, task_id, what)
        raise


def _outcome(what: str, task_id: str, info: dict[str, Any]) -> dict[str, Any]:
    error = info.get("error")
    if error:
        reason = error.get("reason", error) if isinstance(error, dict) else error
        raise EngineError(f"{what} failed on the engine (task {task_id}): {reason}")
    response = info.get("response") or {}
    failures = response.get("failures") or []
    if failures:
        first = failures[0]
        cause = first.get("cause", first) if isinstance(first, dict) else first
        if isinstance(cause, dict):
            cause = f"{cause.get('type', 'error')}: {cause.get('reason', '')}"
        raise EngineError(
            f"{what}: {len(failures)} document(s) failed (task {task_id}), "
            f"the first {first.get('id', '?') if isinstance(first, dict) else ''}: {cause}"
        )
    cancelled = response.get("canceled") or info.get("task", {}).get("cancelled")
    if cancelled:
        raise EngineError(f"{what} was cancelled on the engine (task {task_id}): {cancelled}")
    return response


def _cancel_quietly(engine: Engine, task_id: str, what: str) -> None:
    try:
        engine.cancel_task(task_id)
    except EngineError as exc:  # already finished, or the engine is gone: nothing runs on
        log.warning("%s: could not cancel engine task %s: %s", what, task_id, exc)
        return
    deadline = time.monotonic() + CANCEL_WAIT
    while task_running(engine, task_id):
        if time.monotonic() > deadline:
            log.warning("%s: engine task %s was cancelled but still runs after %.0f s", what,
                        task_id, CANCEL_WAIT)  # fmt: skip
            return
        time.sleep(0.2)
    log.warning("%s: engine task %s cancelled", what, task_id)


def task_running(engine: Engine, task_id: str | None) -> bool:
    """Is this task still running on the engine? (False if unknown or finished.)"""
    if not task_id:
        return False
    try:
        return not engine.task(task_id).get("completed", False)
    except EngineError:  # the node that ran it restarted: the task is gone
        return False


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """While waiting, SIGTERM (Airflow's task kill and timeout, `kill PID`) raises
    `Interrupted`, so the engine task is cancelled instead of left running. Only the main
    thread can take signals; elsewhere this does nothing."""

    def _raise(signum: int, _frame: Any) -> None:
        raise Interrupted(f"stopped by signal {signal.Signals(signum).name}")

    try:
        previous = signal.signal(signal.SIGTERM, _raise)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
