"""Politeness: robots.txt decisions (protego) and a per-host request spacing, both thread-safe.

robots.txt outcomes follow RFC 9309 and Google's documented behaviour:
  2xx                      parsed; rules for our product token (else `*`) apply
  4xx other than 429       "unavailable": everything is allowed
  429, 5xx, unreachable    "unreachable": everything is disallowed for the fetcher's life
  more redirects than 5    treated as unavailable (allowed)
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from protego import Protego

ROBOTS_MAX_BYTES = 500_000  # Google reads the first 500 KiB; the rest is ignored

log = logging.getLogger("newsarchive.fetch")


@dataclass(frozen=True)
class RobotsPolicy:
    """What one origin's robots.txt says. `note` explains allow-all / disallow-all cases."""

    parser: Protego | None = None
    disallow_all: bool = False
    note: str = ""
    text: str | None = None  # the robots.txt parsed (for `to_record`)

    @classmethod
    def from_response(cls, status: int, body: bytes) -> RobotsPolicy:
        if 200 <= status < 300:
            text = body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
            return cls(parser=Protego.parse(text), text=text)
        if status == 429 or status >= 500:
            return cls(disallow_all=True, note=f"robots.txt unreachable: HTTP {status}")
        return cls(note=f"robots.txt unavailable: HTTP {status}")  # 3xx left over, 4xx: allowed

    @classmethod
    def unreachable(cls, reason: str) -> RobotsPolicy:
        return cls(disallow_all=True, note=f"robots.txt unreachable: {reason}")

    def to_record(self) -> dict[str, Any]:
        """A JSON-able record of the policy, for `from_record` (another task of the run)."""
        return {"text": self.text, "disallow_all": self.disallow_all, "note": self.note}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> RobotsPolicy:
        text = record.get("text")
        parser = Protego.parse(text) if isinstance(text, str) else None
        return cls(parser, bool(record.get("disallow_all")), str(record.get("note") or ""), text)

    def allows(self, url: str, token: str) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or self.parser.can_fetch(url, token)

    def crawl_delay(self, token: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(token)
        return float(delay) if delay is not None else None


class RobotsCache:
    """One `RobotsPolicy` per origin, loaded once (by one thread) and kept for the cache's life."""

    def __init__(
        self, load: Callable[[str], RobotsPolicy], known: dict[str, RobotsPolicy] | None = None
    ) -> None:
        self._load = load
        self._policies: dict[str, RobotsPolicy] = dict(known or {})
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, origin: str) -> RobotsPolicy:
        policy = self._policies.get(origin)
        if policy is not None:
            return policy
        with self._guard:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:  # other threads wanting the same origin wait for the one loading it
            policy = self._policies.get(origin)
            if policy is None:
                policy = self._load(origin)
                self._policies[origin] = policy
            return policy

    def known(self) -> dict[str, RobotsPolicy]:
        """Origin -> policy, for every origin loaded so far."""
        with self._guard:
            return dict(self._policies)


class HostLimiter:
    """Spaces request starts to one host at least `delay` seconds apart.

    Each caller reserves the next free slot under a lock, then sleeps outside it, so threads
    queue up in order instead of racing. With `shared`, a folder, the slots live in one small
    file per host there, under an exclusive file lock: processes of one machine (two batch
    tasks of the same source, a CLI run beside the DAG) then share the spacing as well."""

    # A slot further ahead than this was written before a clock jump or a reboot: ignored.
    MAX_AHEAD = 300.0

    def __init__(self, shared: Path | None = None) -> None:
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()  # the in-process slots (the shared ones: file locks)
        self._shared = shared
        self._made = False  # the shared folder exists

    def _move(self, host: str, step: Callable[[float, float], float]) -> float:
        """Set the host's next free slot to `step(now, next_free)`; return now."""
        shared = self._shared
        if shared is not None:
            try:  # the file lock orders threads as well as processes: no lock held here
                return self._move_shared(shared, host, step)
            except OSError as exc:  # unwritable folder: keep fetching, spaced here only
                with self._lock:
                    if self._shared is not None:
                        log.warning("per-host slots in %s unusable (%s): not shared", shared, exc)
                        self._shared = None
        with self._lock:
            now = time.monotonic()
            self._next[host] = step(now, self._next.get(host, now))
            return now

    def _move_shared(self, shared: Path, host: str, step: Callable[[float, float], float]) -> float:
        if not self._made:
            shared.mkdir(parents=True, exist_ok=True)  # on first use, not before
            self._made = True
        with open(shared / _slot_file(host), "a+", encoding="ascii") as slot:
            fcntl.flock(slot, fcntl.LOCK_EX)  # released when the file is closed
            slot.seek(0)
            now = time.time()  # the wall clock: the same in every process
            try:
                free = min(float(slot.read() or now), now + self.MAX_AHEAD)
            except ValueError:  # a torn or foreign file: start afresh
                free = now
            slot.seek(0)
            slot.truncate()
            slot.write(repr(step(now, free)))
            return now

    def reserve(self, host: str, delay: float) -> float:
        """Reserve a slot; return how long the caller must sleep before using it."""
        start = 0.0

        def take(now: float, free: float) -> float:
            nonlocal start
            start = max(now, free)
            return start + delay

        now = self._move(host, take)
        return start - now

    def ready_in(self, host: str) -> float:
        """Seconds until `host`'s next free slot: 0 if a request may start now."""
        shared = self._shared
        if shared is not None:
            try:
                return self._peek_shared(shared, host)
            except OSError:
                pass  # `_move` warns and stops sharing on its next use
        with self._lock:
            now = time.monotonic()
            return max(0.0, self._next.get(host, now) - now)

    def _peek_shared(self, shared: Path, host: str) -> float:
        try:
            slot = open(shared / _slot_file(host), encoding="ascii")  # noqa: SIM115
        except FileNotFoundError:
            return 0.0
        with slot:
            fcntl.flock(slot, fcntl.LOCK_SH)
            now = time.time()
            try:
                free = min(float(slot.read() or now), now + self.MAX_AHEAD)
            except ValueError:
                return 0.0
        return max(0.0, free - now)

    def wait(self, host: str, delay: float) -> float:
        pause = self.reserve(host, delay)
        if pause > 0:
            time.sleep(pause)
        return pause

    def sent(self, host: str, delay: float) -> None:
        """A request to `host` is going out now: the next may start `delay` seconds later.
        (Slots are reserved by start time; this keeps the spacing the server sees, too, when
        connecting took a while.)"""
        self.defer(host, delay)

    def defer(self, host: str, seconds: float) -> None:
        """Keep everyone off `host` for `seconds` from now (a Retry-After from the server)."""
        self._move(host, lambda now, free: max(free, now + seconds))


def _slot_file(host: str) -> str:
    """A file name for a host: readable, and distinct for hosts that differ only in symbols."""
    digest = hashlib.sha256(host.encode("utf-8")).hexdigest()[:12]
    return f"{re.sub(r'[^a-z0-9.-]+', '_', host.lower())[:80]}-{digest}.slot"
