"""Politeness: robots.txt decisions (protego), thread-safe; the per-host request spacing is in
`_slots`.

robots.txt outcomes follow RFC 9309 and Google's documented behaviour:
  2xx                      parsed; rules for our product token (else `*`) apply
  4xx other than 429       "unavailable": everything is allowed
  429, 5xx, unreachable    "unreachable": everything is disallowed for the fetcher's life
  more redirects than 5    treated as unavailable (allowed)
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
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


from ._slots import HostLimiter  # noqa: E402  # its old home: `_slots` holds every variant

__all__ = ["ROBOTS_MAX_BYTES", "HostLimiter", "RobotsCache", "RobotsPolicy"]
