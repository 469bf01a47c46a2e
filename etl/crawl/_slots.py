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

import logging
from collections.abc import Callable
from pathlib import Path

from .._errors import ConfigError
from ._robots import HostLimiter

log = logging.getLogger("newsarchive.fetch")

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
KEY_PREFIX = "newsarchive:host-slot:"
KEEP_SECONDS = 600  # a slot's key outlives its time by this much, then Redis drops it


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
