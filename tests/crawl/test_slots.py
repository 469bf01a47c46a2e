"""Per-host spacing shared through Redis (NEWSARCHIVE_HOST_SLOTS=redis://...): fetchers in
different processes, as on different machines, crawl one loopback host; the server sees their
requests spaced by the delay (or the robots.txt Crawl-delay, or a Retry-After) across them."""

from __future__ import annotations

import itertools
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl import ConfigError
from etl.crawl._fetch import Fetcher

from .._services import free_port, redis_server
from .._site import ACCEPT_JITTER, Hit, Reply, Site

pytestmark = pytest.mark.scale

HTML = {"Content-Type": "text/html; charset=utf-8"}
PAGE = b"<html><body><p>A page.</p></body></html>"

WORKER = """
import sys, time
from pathlib import Path
from etl.crawl._fetch import Fetcher
slots, agent, url, pages, go = sys.argv[1:6]
with Fetcher(allow_private=True, min_delay=0.05, host_slots=slots, user_agent=agent,
             timeout=5, connect_timeout=5, deadline=30) as fetcher:
    print("ready", flush=True)
    while not Path(go).exists():
        time.sleep(0.01)
    for _ in range(int(pages)):
        assert fetcher.fetch_page(url).status == 200
"""


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    with redis_server(tmp_path / "redis") as url:
        yield url


def test_two_worker_processes_keep_the_crawl_delay_between_them(
    redis_url: str, tmp_path: Path
) -> None:
    robots = b"User-agent: *\nCrawl-delay: 0.3\nAllow: /\n"
    routes = {"/robots.txt": Reply(200, {"Content-Type": "text/plain"}, robots),
              "/page": Reply(200, HTML, PAGE)}  # fmt: skip
    go = tmp_path / "go"
    with Site(routes) as site:
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", WORKER, redis_url, agent, site.url("/page"), "4", str(go)],
                stdout=subprocess.PIPE,
                start_new_session=True,
            )
            for agent in ("worker-a/1.0", "worker-b/1.0")
        ]
        try:
            for worker in workers:  # both built (Redis reached) before either fetches
                assert worker.stdout is not None and worker.stdout.readline() == b"ready\n"
            go.touch()
            for worker in workers:
                assert worker.wait(timeout=60) == 0
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.kill()
                    worker.wait(timeout=10)
        hits = sorted(site.hits, key=lambda h: h.at)
    agents = [h.headers["user-agent"].split("/")[0] for h in hits]
    assert len(hits) == 10  # each worker: robots.txt once, then 4 pages
    assert sorted(set(agents)) == ["worker-a", "worker-b"]
    # They crawled side by side (the host saw them take turns), yet every two requests are a
    # Crawl-delay apart, measured at the server (within its accept jitter). A robots.txt
    # request goes out before its Crawl-delay is known: the one after it keeps the fetch
    # delay (0.05 s, below the jitter: not checked here), as with a folder of slots.
    assert sum(a != b for a, b in itertools.pairwise(agents)) >= 2, agents
    for before, after in itertools.pairwise(hits):
        if before.path != "/robots.txt":
            assert after.at - before.at >= 0.3 - ACCEPT_JITTER, [(h.path, h.at) for h in hits]


def test_a_retry_after_seen_by_one_worker_holds_the_others_off(redis_url: str) -> None:
    def busy_once(hit: Hit, count: int) -> Reply:
        if count == 1:
            return Reply(503, {"Retry-After": "1", "Content-Type": "text/plain"}, b"busy")
        return Reply(200, HTML, PAGE)

    routes = {"/robots.txt": Reply(404), "/busy": busy_once, "/page": Reply(200, HTML, PAGE)}
    with Site(routes) as site:
        options = {"allow_private": True, "min_delay": 0.0, "backoff": 0.01, "deadline": 10.0}
        first = Fetcher(host_slots=redis_url, **options)  # type: ignore[arg-type]
        other = Fetcher(host_slots=redis_url, **options)  # type: ignore[arg-type]
        try:
            other.fetch_page(site.url("/page"))  # robots.txt known to both
            first.fetch_page(site.url("/page"))
            busy = threading.Thread(target=first.fetch_page, args=(site.url("/busy"),))
            busy.start()
            while not site.hits_for("/busy"):
                time.sleep(0.01)
            time.sleep(0.2)  # the 503 is in; its Retry-After is in Redis
            other.fetch_page(site.url("/page"))
            busy.join(timeout=10)
        finally:
            first.close()
            other.close()
        refused = site.hits_for("/busy")[0].at
        after = [h.at for h in site.hits if h.at > refused]
    assert len(after) == 2  # the other worker's page and the retry of /busy
    assert min(after) - refused >= 0.9  # nobody came back before the Retry-After


def test_unreachable_redis_is_a_config_error_that_names_the_setting() -> None:
    with pytest.raises(ConfigError, match="NEWSARCHIVE_HOST_SLOTS"):
        Fetcher(host_slots=f"redis://:secret@127.0.0.1:{free_port()}/0")


def test_redis_gone_mid_crawl_falls_back_to_spacing_in_the_process(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with Site({"/page": Reply(200, HTML, PAGE), "/robots.txt": Reply(404)}) as site:
        with redis_server(tmp_path / "redis") as url:
            fetcher = Fetcher(allow_private=True, min_delay=0.2, host_slots=url)
        try:  # Redis stopped: the fetcher warns and keeps spacing its own requests
            for _ in range(2):
                assert fetcher.fetch_page(site.url("/page")).status == 200
        finally:
            fetcher.close()
        hits = site.hits_for("/page")
    assert len(hits) == 2 and hits[1].at - hits[0].at >= 0.18
    assert "not shared" in caplog.text
