"""The crawl scheduler: many hosts in flight at once, each one at the polite limit.

`crawl(items, fetch, host_of)` calls `fetch(item)` for every item on a pool of threads and
yields the results as they arrive (not in input order):

  - at most `connections` fetches at once (the global limit on connections);
  - at most one item in flight per host: a host is taken by one thread from the start of a
    fetch to its end, retries and redirects included, so a slow or hanging page occupies only
    its host's slot, until its deadline;
  - fair across hosts: the next free thread takes the host that is ready soonest (`ready_in`,
    the per-host spacing the fetcher keeps: the delay, or a larger robots.txt Crawl-delay or
    Retry-After), so a host with 10,000 URLs does not starve one with 10, and no thread sleeps
    on a host while another is ready;
  - bounded memory: at most `max_queued` items read ahead of the fetches (URLs, small), and at
    most `max_results` results waiting for the consumer (pages, large): when the consumer (the
    extraction workers) falls behind, fetching pauses.

An item whose `host_of` is None (a local file, a discovery error) needs no network: it is
passed to `fetch` at once, outside the host slots.

Threads, not asyncio: the fetcher's safety rules (address checks on every hop and on the peer
a connection reached, a watchdog that cuts a slow-drip socket at the deadline, bounded
decompression) are written against httpx's blocking client, and a fetch costs far more waiting
than CPU; measured on loopback, a thread costs ~0.6 ms of CPU per page (see bench/README.md),
which at 32 connections is a small fraction of one core.
"""

from __future__ import annotations

import heapq
import itertools
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_CONNECTIONS = 32
MAX_QUEUED = 100_000  # items read ahead of the fetches (URLs: ~100 bytes each)
_DONE = object()


class _Host:
    __slots__ = ("busy", "key", "queued", "ready_at", "scheduled")

    def __init__(self, key: Hashable) -> None:
        self.key = key
        self.queued: deque[object] = deque()
        self.busy = False
        self.scheduled = False  # in the ready heap
        self.ready_at = 0.0


class Crawl(Generic[T, R]):
    """One crawl over `items`; iterate it for the results. See the module docstring."""

    def __init__(
        self,
        items: Iterable[T],
        fetch: Callable[[T], R],
        host_of: Callable[[T], Hashable | None],
        *,
        connections: int = DEFAULT_CONNECTIONS,
        ready_in: Callable[[Hashable], float] | None = None,
        max_queued: int = MAX_QUEUED,
        max_results: int | None = None,
    ) -> None:
        self._items = items
        self._fetch = fetch
        self._host_of = host_of
        self._connections = max(1, connections)
        self._ready_in = ready_in or (lambda host: 0.0)
        self._max_queued = max(1, max_queued)
        self._results: queue.Queue[object] = queue.Queue(max_results or 2 * self._connections)
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)  # the workers wait on it
        self._room = threading.Condition(self._lock)  # the feeder waits on it (queue full)
        # When a worker waiting with a timeout wakes (the ready time of the host at the top of
        # the heap when it began waiting); the other idle workers wait without one, so that a
        # host's turn wakes one thread, not every idle one.
        self._alarm = float("inf")
        self._hosts: dict[Hashable, _Host] = {}
        self._ready: list[tuple[float, int, _Host]] = []  # (ready_at, order, host)
        self._order = itertools.count()
        self._queued = 0
        self._in_flight = 0
        self._fed = False  # every item has been read
        self._stopping = False
        self._workers = 0  # started
        self._live = 0  # not yet exited
        self._error: BaseException | None = None
        self._finished = False

    # -- the consumer's side

    def __iter__(self) -> Iterator[R]:
        feeder = threading.Thread(target=self._feed, name="crawl-feeder", daemon=True)
        feeder.start()
        try:
            while True:
                result = self._results.get()
                if result is _DONE:
                    break
                yield result  # type: ignore[misc]
            if self._error is not None:
                raise self._error
        finally:
            self._stop()

    def _stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
            self._room.notify_all()
        # Unblock threads waiting to hand over a result.
        while True:
            try:
                self._results.get_nowait()
            except queue.Empty:
                break

    # -- reading the items

    def _feed(self) -> None:
        try:
            for item in self._items:
                host = self._host_of(item)
                if host is None:
                    self._put(self._fetch(item))
                    continue
                with self._cond:
                    while self._queued >= self._max_queued and not self._stopping:
                        self._room.wait()
                    if self._stopping:
                        return
                    self._enqueue(host, item)
        except BaseException as exc:  # e.g. a sources file that cannot be read: the caller's
            self._error = exc
        finally:
            with self._cond:
                self._fed = True
                self._cond.notify_all()  # idle workers may be done
                self._finish_if_done()

    def _enqueue(self, key: Hashable, item: T) -> None:
        host = self._hosts.get(key)
        if host is None:
            host = self._hosts[key] = _Host(key)
            if self._workers < self._connections:  # one thread per host, up to the limit
                self._workers += 1
                self._live += 1
                threading.Thread(target=self._work, name="crawl", daemon=True).start()
        host.queued.append(item)
        self._queued += 1
        self._schedule(host)

    def _schedule(self, host: _Host) -> None:
        """With the lock held: put `host` in the ready heap if it has work and is free, and
        wake one idle worker to take it (or to wait for its turn)."""
        if host.queued and not host.busy and not host.scheduled:
            host.scheduled = True
            heapq.heappush(self._ready, (host.ready_at, next(self._order), host))
            self._cond.notify()

    # -- the workers

    def _take(self) -> tuple[_Host, T] | None:
        """The next item of the host that is ready soonest; None when the crawl is over."""
        with self._cond:
            while not self._stopping:
                if self._ready:
                    ready_at = self._ready[0][0]
                    wait = ready_at - time.monotonic()
                    if wait <= 0:
                        _, _, host = heapq.heappop(self._ready)
                        host.scheduled = False
                        host.busy = True
                        self._queued -= 1
                        self._in_flight += 1
                        self._room.notify()  # the feeder may read on
                        if self._ready:  # someone else watches the next host's turn
                            self._cond.notify()
                        return host, host.queued.popleft()  # type: ignore[return-value]
                    if ready_at < self._alarm:  # no idle worker wakes in time for it: this one
                        self._alarm = ready_at
                        self._cond.wait(wait)
                        if self._alarm == ready_at:
                            self._alarm = float("inf")
                    else:
                        self._cond.wait()
                elif self._fed and not self._queued:
                    return None
                else:
                    self._cond.wait()
            return None

    def _work(self) -> None:
        try:
            while (taken := self._take()) is not None:
                host, item = taken
                try:
                    result = self._fetch(item)
                except BaseException as exc:  # a bug in `fetch`: the crawl stops with it
                    self._error = exc
                    self._stop_crawl()
                    return
                finally:
                    ready_at = time.monotonic() + max(0.0, self._ready_in(host.key))
                    with self._cond:
                        host.busy = False
                        host.ready_at = ready_at
                        self._in_flight -= 1
                        self._schedule(host)
                        if self._fed and not self._queued and not self._in_flight:
                            self._cond.notify_all()  # the crawl is over: every worker ends
                self._put(result)
        finally:
            with self._cond:
                self._live -= 1
                self._finish_if_done()

    def _stop_crawl(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
            self._room.notify_all()

    def _put(self, result: object) -> None:
        while True:
            with self._cond:
                if self._stopping and self._error is None:
                    return
            try:
                self._results.put(result, timeout=0.2)
                return
            except queue.Full:
                continue

    def _finish_if_done(self) -> None:
        """Called with the lock held: the end of the crawl once everything is handed over."""
        over = self._fed and (self._stopping or (not self._queued and not self._in_flight))
        if over and self._live == 0 and not self._finished:
            self._finished = True
            threading.Thread(target=self._results.put, args=(_DONE,), daemon=True).start()


def crawl(
    items: Iterable[T],
    fetch: Callable[[T], R],
    host_of: Callable[[T], Hashable | None],
    **options: object,
) -> Iterator[R]:
    """Fetch every item on many hosts at once, politely; yield results as they arrive."""
    return iter(Crawl(items, fetch, host_of, **options))  # type: ignore[arg-type]


def started(items: Iterable[T]) -> Iterator[T]:
    """`items`, whose first item is asked for at once, on a thread of its own: a crawl
    (discovery, robots.txt, the first polite delay) gets going while the caller still sets
    up (worker processes, the index), instead of when the caller first asks."""
    source = iter(items)
    first: list[object] = []

    def prime() -> None:
        try:
            first.append(next(source))
        except StopIteration:
            pass
        except BaseException as exc:  # raised in the caller's thread, where it belongs
            first.append(_Raised(exc))

    thread = threading.Thread(target=prime, name="crawl-start", daemon=True)
    thread.start()

    def rest() -> Iterator[T]:
        thread.join()
        if first:
            if isinstance(first[0], _Raised):
                raise first[0].exc
            yield first[0]  # type: ignore[misc]
            yield from source

    return rest()


class _Raised:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc
