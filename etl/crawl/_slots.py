"""Where the per-host request slots live: `host_limiter(shared)` picks the backend.

  None                  in the process only (one fetcher's threads)
  a folder (Path/str)   a file per host under a file lock: every process of one machine
  redis://host:port/db  a key per host in Redis: every worker of every machine (Celery's
  (rediss://, unix://)  broker is a Redis the deployment already runs)

All three keep the same slot arithmetic (`HostLimiter`): a request reserves the host's next
free start time, at least the delay (or a larger robots.txt Crawl-delay) after the previous
one, and a Retry-After pushes it further. With Redis the read-modify-write of a slot is one
optimistic transaction (WATCH / MULTI / EXEC, retried when another worker moved the slot in
between), timed by the Redis server's clock, so workers whose clocks differ still agree.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .._errors import ConfigError

log = logging.getLogger("newsarchive.fetch")

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
KEY_PREFIX = "newsarchive:host-slot:"
KEEP_SECONDS = 600  # a slot's key outlives its time by this much, then Redis drops it


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


def host_limiter(shared: Path | str | None) -> HostLimiter:
    """The per-host spacing for a fetcher: see the module docstring."""
    if isinstance(shared, str) and shared.startswith(REDIS_SCHEMES):
        return RedisHostLimiter(shared)
    return HostLimiter(Path(shared) if shared is not None else None)


class RedisHostLimiter(HostLimiter):
    """`HostLimiter` with its shared slots in Redis. Redis unreachable when the fetcher is
    built is a `ConfigError`; later (a restart mid-crawl), the fetcher warns and keeps
    spacing its own requests, as the folder variant does when its folder fails."""

    def __init__(self, url: str) -> None:
        import redis

        from .._engine import redact_url

        super().__init__(None)
        self._client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        where = redact_url(url)
        try:
            self._client.ping()
        except redis.RedisError as exc:
            raise ConfigError(f"NEWSARCHIVE_HOST_SLOTS: Redis at {where}: {exc}") from exc
        self._shared = where  # type: ignore[assignment]  # not None: the slots are shared

    def _move_shared(
        self, shared: object, host: str, step: Callable[[float, float], float]
    ) -> float:
        import redis

        key = KEY_PREFIX + host
        try:
            with self._client.pipeline() as pipe:
                while True:
                    try:
                        pipe.watch(key)  # commands run at once until multi()
                        now = _seconds(pipe.time())
                        free = self._free(pipe.get(key), now)
                        moved = step(now, free)
                        pipe.multi()
                        ttl = int((max(0.0, moved - now) + KEEP_SECONDS) * 1000)
                        pipe.set(key, repr(moved), px=ttl)
                        pipe.execute()
                        return now
                    except redis.WatchError:  # another worker moved the slot: read it again
                        continue
        except redis.RedisError as exc:  # HostLimiter's fallback handles OSError
            raise OSError(str(exc)) from exc

    def _peek_shared(self, shared: object, host: str) -> float:
        import redis

        try:
            with self._client.pipeline(transaction=False) as pipe:
                clock, value = pipe.time().get(KEY_PREFIX + host).execute()
        except redis.RedisError as exc:
            raise OSError(str(exc)) from exc
        now = _seconds(clock)
        return max(0.0, self._free(value, now) - now)

    def _free(self, value: bytes | None, now: float) -> float:
        try:
            return min(float(value or now), now + self.MAX_AHEAD)
        except ValueError:  # a foreign value under our key: start afresh
            return now


def _seconds(clock: tuple[int, int]) -> float:
    """Redis TIME (seconds, microseconds) as float seconds."""
    return clock[0] + clock[1] / 1_000_000
