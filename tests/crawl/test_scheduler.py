"""The crawl scheduler, seen from the servers: several loopback hosts (127.0.0.x, each its own
host) record when every request arrived and ended."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from etl.crawl._discover import from_paths
from etl.crawl._fetch import Fetcher
from etl.crawl._scheduler import crawl

from .._site import ACCEPT_JITTER, Hit, Reply, Site

HTML = {"Content-Type": "text/html; charset=utf-8"}
PAGE = b"<html><head><title>t</title></head><body><p>A story.</p></body></html>"


class Timed:
    """Routes that answer after `latency` and log (host, path, arrived, ended)."""

    def __init__(self) -> None:
        self.log: list[tuple[str, str, float, float]] = []
        self.lock = threading.Lock()

    def route(self, site: Site, latency: float) -> object:
        def answer(hit: Hit, _: int) -> Reply:
            site.stopping.wait(latency)
            with self.lock:
                self.log.append((site.base, hit.path, hit.at, time.monotonic()))
            return Reply(200, HTML, PAGE)

        return answer

    def intervals(self, base: str) -> list[tuple[float, float]]:
        return sorted((a, e) for b, _, a, e in self.log if b == base)

    def most_hosts_at_once(self) -> int:
        events = sorted(
            [(a, 1, b) for b, _, a, _ in self.log] + [(e, -1, b) for b, _, _, e in self.log]
        )
        now = best = 0
        for _, step, _ in events:
            now += step
            best = max(best, now)
        return best


@pytest.fixture
def hosts() -> Iterator[list[Site]]:
    with ExitStack() as stack:
        yield [stack.enter_context(Site(host=f"127.0.0.{n}")) for n in range(2, 7)]


def fetcher(**limits: float) -> Fetcher:
    return Fetcher(allow_private="loopback", max_retries=0, **limits)  # type: ignore[arg-type]


def test_hosts_side_by_side_one_request_each_spaced_by_the_delay(hosts: list[Site]) -> None:
    delay, latency = 0.3, 0.1
    timed = Timed()
    big, *small = hosts  # the big host is listed first, with twice the pages
    urls = []
    for site, pages in [(big, 6)] + [(s, 3) for s in small]:
        for n in range(pages):
            site.routes[f"/p{n}.html"] = timed.route(site, latency)
            urls.append(site.url(f"/p{n}.html"))
    started = time.monotonic()
    with fetcher(min_delay=delay) as f:
        results = list(from_paths(urls, f, connections=8))
    elapsed = time.monotonic() - started
    assert sorted(r.key for r in results) == sorted(urls)
    assert all(r.error is None and r.html for r in results)

    # several hosts in flight at once
    assert timed.most_hosts_at_once() >= 3
    for site in hosts:
        # never two requests at once to one host
        pages = timed.intervals(site.base)
        for (_, end), (start, _) in itertools.pairwise(pages):
            assert start >= end
        # every request (robots.txt included) at least the delay after the one before
        arrivals = sorted(h.at for h in site.hits)
        assert len(arrivals) == len(pages) + 1  # robots.txt (404: all allowed), then the pages
        gaps = [b - a for a, b in itertools.pairwise(arrivals)]
        assert min(gaps) >= delay - ACCEPT_JITTER, gaps
    # fair: the small hosts are done long before the big one, though listed after it
    big_pages = timed.intervals(big.base)
    assert max(timed.intervals(s.base)[-1][1] for s in small) < big_pages[4][0]
    # side by side, not one after another (that takes 18 requests x the delay at least)
    assert elapsed < 18 * delay


def test_a_page_that_never_answers_delays_the_run_by_its_deadline_at_most(
    hosts: list[Site],
) -> None:
    deadline = 1.5
    hang, *others = hosts[:3]
    hang.routes["/never.html"] = Reply(200, HTML, PAGE, pause=60)  # ended by the site's stop
    timed = Timed()
    urls = [hang.url("/never.html")]
    for site in others:
        for n in range(3):
            site.routes[f"/p{n}.html"] = timed.route(site, 0.05)
            urls.append(site.url(f"/p{n}.html"))
    started = time.monotonic()
    order = []
    with fetcher(min_delay=0.2, deadline=deadline, timeout=30) as f:
        for item in from_paths(urls, f, connections=4):
            order.append((item.key, time.monotonic() - started, item.error))
    elapsed = time.monotonic() - started
    *good, (key, _when, error) = order
    assert key == hang.url("/never.html")  # the others did not wait for it
    assert error == f"deadline of {deadline:g} s exceeded"
    assert all(e is None for _, _, e in good) and len(good) == 6
    assert max(t for _, t, _ in good) < deadline
    assert deadline <= elapsed < deadline + 1.0


def test_memory_stays_bounded_with_200_hosts_of_50_pending_pages() -> None:
    # The scheduler alone: 10,000 items on 200 hosts, results of 100 kB each, a slow consumer.
    alive = 0
    most = 0
    lock = threading.Lock()

    def fetch(item: tuple[int, int]) -> bytes:
        nonlocal alive, most
        with lock:
            alive += 1
            most = max(most, alive)
        return bytes(100_000)

    items = [(host, n) for n in range(50) for host in range(200)]
    seen = 0
    for page in crawl(items, fetch, lambda item: item[0], connections=32, max_results=64):
        assert len(page) == 100_000
        seen += 1
        with lock:
            alive -= 1
        if seen % 1000 == 0:
            time.sleep(0.05)  # the workers fall behind now and then
    assert seen == len(items)
    assert most <= 64 + 32 + 1  # the queue, plus one in the hands of each thread and the reader
