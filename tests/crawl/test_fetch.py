"""Fetching over real HTTP on loopback, and the refusal of non-public addresses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from etl.crawl._addresses import refused_address
from etl.crawl._fetch import Fetcher

from ..conftest import REPO, SEED_PAGE


class _Site(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, dict[str, str], bytes]]] = {}

    def do_GET(self) -> None:
        status, headers, body = self.routes.get(self.path, (404, {}, b"not found"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    base = f"http://127.0.0.1:{server.server_port}"
    html = {"Content-Type": "text/html; charset=utf-8"}
    _Site.routes = {
        "/article": (200, html, SEED_PAGE.read_bytes()),
        "/moved": (301, {"Location": "/article"}, b""),
        "/loop": (302, {"Location": "/loop"}, b""),
        "/to-metadata": (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b""),
        "/pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4"),
        "/big": (200, html, b"<p>" + b"x" * 200_000 + b"</p>"),
        "/gone": (410, html, b"gone"),
    }
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


def test_fetches_html_and_follows_redirects(site: str) -> None:
    fetcher = Fetcher(allow_private=True, min_delay=0)
    final, body = fetcher.fetch(f"{site}/moved")
    assert final == f"{site}/article"
    assert body == SEED_PAGE.read_bytes()


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/gone", "HTTP 410"),
        ("/pdf", "not HTML: application/pdf"),
        ("/loop", "more than 5 redirects"),
        ("/big", "page larger than 100000 bytes"),
        ("/nothing-here", "HTTP 404"),
        # Checked before any connection to the redirect target: link-local is never allowed.
        ("/to-metadata", "refused: 169.254.169.254 resolves to link-local address"),
    ],
)
def test_bad_pages_fail_with_a_reason(site: str, path: str, reason: str) -> None:
    fetcher = Fetcher(allow_private=True, max_bytes=100_000, min_delay=0)
    item = fetcher.fetch_input(f"{site}{path}")
    assert item.html is None
    assert reason in item.error


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "10.0.0.1", "192.168.1.1", "::1"])
def test_non_public_addresses_are_refused_by_default(host: str) -> None:
    # Only the resolver decision is exercised: no connection is attempted.
    assert refused_address(host, allow_private=False).startswith("refused:")
    assert refused_address(host, allow_private=True) is None


@pytest.mark.parametrize("host", ["169.254.169.254", "fe80::1"])
def test_link_local_is_refused_even_when_private_is_allowed(host: str) -> None:
    assert "link-local" in refused_address(host, allow_private=True)


def test_enrich_a_url_from_the_cli(site: str) -> None:
    env = {**os.environ, "NEWSARCHIVE_ALLOW_PRIVATE_ADDRESSES": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "etl.cli", "enrich", f"{site}/article"], capture_output=True,
        text=True, env=env, cwd=REPO, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "San Francisco / California / United States" in done.stdout
    refused = subprocess.run(
        [sys.executable, "-m", "etl.cli", "enrich", f"{site}/article"], capture_output=True,
        text=True, env={**os.environ, "NEWSARCHIVE_ALLOW_PRIVATE_ADDRESSES": ""}, cwd=REPO,
        timeout=300, check=False,
    )  # fmt: skip
    assert refused.returncode == 1
    assert "resolves to non-public address 127.0.0.1" in refused.stderr


# --- politeness, retries, limits, charsets, conditional GET (tests/_site.py servers) ----------

import gzip  # noqa: E402
import itertools  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from email.utils import format_datetime  # noqa: E402
from pathlib import Path  # noqa: E402

from etl.crawl._content import detect_encoding  # noqa: E402
from etl.crawl._fetch import FetchedInput, FetchError, parse_retry_after  # noqa: E402

from .._site import ACCEPT_JITTER, Hit, Reply, Site  # noqa: E402

HTML = {"Content-Type": "text/html; charset=utf-8"}
PAGE = b"<html><head><title>t</title></head><body><p>Hello.</p></body></html>"
FRENCH = (
    "<html><head><title>Caf\u00e9</title></head><body><p>\u201cLe caf\u00e9 co\u00fbte 3 "
    "\u20ac\u201d, dit-elle \u2014 na\u00efve r\u00e9sum\u00e9. Les \u00e9l\u00e8ves sont "
    "arriv\u00e9s \u00e0 l\u2019\u00e9cole.</p></body></html>"
)
JAPANESE = (
    "<html><head><title>ニュース</title></head><body><p>東京都は十五日、新型の感染症対策として、"
    "都内の全ての公立学校で授業を再開すると発表した。知事は記者会見で「子どもたちの学びを止めない」"
    "と述べた。</p></body></html>"
)


def fast(**kwargs: object) -> Fetcher:
    """A fetcher for loopback tests: no spacing, tiny backoff, short limits."""
    options: dict[str, object] = {
        "allow_private": True,
        "min_delay": 0.0,
        "backoff": 0.01,
        "max_backoff": 0.05,
        "timeout": 2.0,
        "connect_timeout": 2.0,
        "deadline": 5.0,
    }
    options.update(kwargs)
    return Fetcher(**options)  # type: ignore[arg-type]


@pytest.fixture
def web() -> Iterator[Site]:
    with Site({"/page": Reply(200, HTML, PAGE)}) as server:
        yield server


def _fails(fetcher: Fetcher, url: str) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetcher.fetch_page(url)
    return caught.value


# robots.txt


def test_robots_disallow_is_honoured_and_fetched_once(web: Site) -> None:
    web.routes["/robots.txt"] = Reply(
        200,
        {"Content-Type": "text/plain"},
        b"User-agent: *\nDisallow: /private\n\nUser-agent: newsarchive\nDisallow: /no-bots\n",
    )
    web.routes["/private/a"] = Reply(200, HTML, PAGE)
    with fast() as fetcher:
        assert fetcher.fetch_page(web.url("/page")).status == 200
        # Our own group applies (it replaces `*`): /no-bots is out, /private is then allowed.
        assert _fails(fetcher, web.url("/no-bots/x")).reason == "disallowed by robots.txt"
        assert fetcher.fetch_page(web.url("/private/a")).status == 200
        item = fetcher.fetch_input(web.url("/no-bots/y"))
    assert item.error == "disallowed by robots.txt" and item.html is None
    assert len(web.hits_for("/robots.txt")) == 1
    assert not web.hits_for("/no-bots/x") and not web.hits_for("/no-bots/y")
    assert web.hits_for("/robots.txt")[0].headers["user-agent"].startswith("newsarchive/")


def test_robots_read_by_one_fetcher_serve_another_without_asking_again(web: Site) -> None:
    # What a batch task does with the policies its run's discovery read (`robots.json`).
    web.routes["/robots.txt"] = Reply(200, {}, b"User-agent: *\nDisallow: /private\n")
    with fast() as discovery:
        assert discovery.fetch_page(web.url("/page")).status == 200
        records = json.loads(json.dumps(discovery.robots_records()))  # through a file
    with fast(robots=records) as batch:
        assert batch.fetch_page(web.url("/page")).status == 200
        assert _fails(batch, web.url("/private/x")).reason == "disallowed by robots.txt"
    assert len(web.hits_for("/robots.txt")) == 1 and not web.hits_for("/private/x")


def test_robots_404_allows_and_5xx_disallows_everything(web: Site) -> None:
    with fast() as fetcher:  # no robots route: 404
        assert fetcher.fetch_page(web.url("/page")).status == 200
    web.routes["/robots.txt"] = Reply(503, {"Content-Type": "text/plain"}, b"down")
    with fast() as fetcher:
        error = _fails(fetcher, web.url("/page"))
        assert error.reason == "disallowed by robots.txt (robots.txt unreachable: HTTP 503)"
        _fails(fetcher, web.url("/page"))
    assert len(web.hits_for("/robots.txt")) == 2  # once per fetcher: cached for its life
    assert len(web.hits_for("/page")) == 1  # only the first fetcher's request


def test_robots_can_be_switched_off(web: Site) -> None:
    web.routes["/robots.txt"] = Reply(200, {}, b"User-agent: *\nDisallow: /\n")
    with fast(respect_robots=False) as fetcher:
        assert fetcher.fetch_page(web.url("/page")).status == 200
    assert not web.hits_for("/robots.txt")


# per-host spacing


def _gaps(hits: list[Hit]) -> list[float]:
    times = sorted(h.at for h in hits)
    return [b - a for a, b in itertools.pairwise(times)]


def test_requests_to_one_host_are_spaced_by_min_delay(web: Site) -> None:
    with fast(min_delay=0.4) as fetcher:
        fetcher.fetch_page(web.url("/page"))
        fetcher.fetch_page(web.url("/page"))
    hits = web.hits_for("/robots.txt") + web.hits_for("/page")
    assert len(hits) == 3
    assert min(_gaps(hits)) >= 0.4 - ACCEPT_JITTER


def test_spacing_holds_across_threads(web: Site) -> None:
    with fast(min_delay=0.25) as fetcher, ThreadPoolExecutor(4) as pool:
        pages = list(pool.map(fetcher.fetch_page, [web.url("/page")] * 4))
    assert all(p.status == 200 for p in pages)
    assert len(web.hits) == 5 and min(_gaps(web.hits)) >= 0.25 - ACCEPT_JITTER


def test_robots_crawl_delay_wins_when_larger(web: Site) -> None:
    web.routes["/robots.txt"] = Reply(200, {}, b"User-agent: *\nCrawl-delay: 0.4\n")
    with fast(min_delay=0.05) as fetcher:
        fetcher.fetch_page(web.url("/page"))
        fetcher.fetch_page(web.url("/page"))
    assert min(_gaps(web.hits)) >= 0.4 - ACCEPT_JITTER


def test_an_excessive_crawl_delay_fails_instead_of_stalling(web: Site) -> None:
    web.routes["/robots.txt"] = Reply(200, {}, b"User-agent: *\nCrawl-delay: 3600\n")
    with fast() as fetcher:
        assert "Crawl-delay of 3600 s" in _fails(fetcher, web.url("/page")).reason


# retries


def _sequence(*replies: Reply) -> object:
    """A route answering with `replies` in turn, the last one for ever after."""
    return lambda hit, n: replies[min(n, len(replies)) - 1]


def test_429_with_retry_after_then_success(web: Site) -> None:
    web.routes["/busy"] = _sequence(Reply(429, {"Retry-After": "1"}), Reply(200, HTML, PAGE))
    with fast() as fetcher:
        page = fetcher.fetch_page(web.url("/busy"))
    first, second = web.hits_for("/busy")
    assert page.status == 200 and page.attempts == 2
    assert second.at - first.at >= 0.95  # Retry-After honoured (backoff alone is ~0.01 s)


def test_500_then_success(web: Site) -> None:
    web.routes["/flaky"] = _sequence(Reply(500), Reply(502), Reply(200, HTML, PAGE))
    with fast() as fetcher:
        item = fetcher.fetch_input(web.url("/flaky"))
    assert item.error is None and item.attempts == 3 and "Hello." in item.html


def test_dropped_connection_is_retried(web: Site) -> None:
    web.routes["/drop"] = _sequence(Reply(drop=True), Reply(200, HTML, PAGE))
    with fast() as fetcher:
        assert fetcher.fetch_page(web.url("/drop")).attempts == 2


def test_503_for_ever_fails_with_the_attempts(web: Site) -> None:
    web.routes["/down"] = Reply(503)
    with fast(max_retries=3) as fetcher:
        item = fetcher.fetch_input(web.url("/down"))
    assert item.error == "HTTP 503 after 4 attempts"
    assert item.status == 503 and item.attempts == 4
    assert len(web.hits_for("/down")) == 4


def test_404_is_not_retried(web: Site) -> None:
    with fast() as fetcher:
        assert _fails(fetcher, web.url("/missing")).reason == "HTTP 404"
    assert len(web.hits_for("/missing")) == 1


def test_a_retry_after_past_the_deadline_gives_up_at_once(web: Site) -> None:
    web.routes["/later"] = Reply(503, {"Retry-After": "30"})
    started = time.monotonic()
    with fast(deadline=2.0) as fetcher:
        error = _fails(fetcher, web.url("/later"))
    assert time.monotonic() - started < 1.5
    assert error.reason.startswith("HTTP 503 after 1 attempt; no retry")


def test_retry_after_as_seconds_or_http_date() -> None:
    now = time.time()
    later = format_datetime(datetime.fromtimestamp(now, UTC) + timedelta(seconds=120), usegmt=True)
    assert parse_retry_after("7") == 7.0
    assert 119 <= parse_retry_after(later, now=now) <= 121
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=now) == 0.0  # in the past
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


# time limits


def test_read_timeout(web: Site) -> None:
    web.routes["/sleepy"] = Reply(200, HTML, PAGE, pause=3.0)
    started = time.monotonic()
    with fast(timeout=0.3, max_retries=1) as fetcher:
        error = _fails(fetcher, web.url("/sleepy"))
    assert error.reason == "read timeout after 2 attempts"
    assert time.monotonic() - started < 2.0


def test_slow_drip_body_hits_the_deadline(web: Site) -> None:
    web.routes["/drip"] = Reply(200, HTML, b"<p>" + b"x" * 1000, drip=0.05)
    started = time.monotonic()
    with fast(deadline=0.8, timeout=0.5) as fetcher:
        error = _fails(fetcher, web.url("/drip"))
    assert error.reason.startswith("deadline of 0.8 s exceeded")
    assert time.monotonic() - started < 2.0


def test_slow_drip_headers_are_cut_by_the_watchdog(web: Site) -> None:
    web.routes["/drip-headers"] = Reply(drip=0.05, drip_headers=True)
    started = time.monotonic()
    with fast(deadline=0.8, timeout=0.5) as fetcher:
        error = _fails(fetcher, web.url("/drip-headers"))
    assert error.reason == "deadline of 0.8 s exceeded"
    assert time.monotonic() - started < 2.0


# redirects, bytes and types


def test_too_many_redirects_without_a_loop(web: Site) -> None:
    for i in range(6):
        web.routes[f"/r{i}"] = Reply(302, {"Location": f"/r{i + 1}"})
    with fast(max_redirects=3) as fetcher:
        assert _fails(fetcher, web.url("/r0")).reason == "more than 3 redirects"


def test_redirect_loop_is_named(web: Site) -> None:
    web.routes["/a"] = Reply(301, {"Location": "/b"})
    web.routes["/b"] = Reply(301, {"Location": "/a"})
    with fast() as fetcher:
        reason = _fails(fetcher, web.url("/a")).reason
    assert reason == f"more than 5 redirects (a redirect loop at {web.url('/a')})"


def test_byte_limit_is_checked_on_the_wire_and_after_decompression(web: Site) -> None:
    big = b"<p>" + b"x" * 50_000 + b"</p>"
    web.routes["/declared"] = Reply(200, HTML, big)
    web.routes["/undeclared"] = Reply(200, HTML, big, length=False)
    web.routes["/zipped"] = Reply(200, {**HTML, "Content-Encoding": "gzip"}, gzip.compress(big))
    with fast(max_bytes=10_000) as fetcher:
        assert _fails(fetcher, web.url("/declared")).reason == (
            "page larger than 10000 bytes (Content-Length 50007)"
        )
        assert _fails(fetcher, web.url("/undeclared")).reason == "page larger than 10000 bytes"
        assert _fails(fetcher, web.url("/zipped")).reason == (
            "page more than 10000 bytes once decompressed"
        )


def test_gzip_encoded_pages_are_decoded(web: Site) -> None:
    web.routes["/gz"] = Reply(200, {**HTML, "Content-Encoding": "gzip"}, gzip.compress(PAGE))
    with fast() as fetcher:
        page = fetcher.fetch_page(web.url("/gz"))
    assert page.body == PAGE
    assert web.hits_for("/gz")[0].headers["accept-encoding"] == "gzip, deflate"


@pytest.mark.parametrize(
    ("headers", "body", "reason"),
    [
        ({"Content-Type": "application/pdf"}, b"%PDF-1.4", "not HTML: application/pdf"),
        ({"Content-Type": "image/png"}, b"\x89PNG\r\n", "not HTML: image/png"),
        ({}, b"%PDF-1.7 no type", "not HTML: application/pdf (by its content)"),
    ],
)
def test_non_html_is_refused(web: Site, headers: dict[str, str], body: bytes, reason: str) -> None:
    web.routes["/thing"] = Reply(200, headers, body)
    with fast() as fetcher:
        assert fetcher.fetch_input(web.url("/thing")).error == reason


# charsets


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [(FRENCH, "windows-1252", "windows-1252"), (JAPANESE, "shift_jis", "cp932")],
)
def test_pages_without_a_declared_charset_are_decoded_right(
    web: Site, text: str, codec: str, expected: str
) -> None:
    web.routes["/legacy"] = Reply(200, {"Content-Type": "text/html"}, text.encode(codec))
    with fast() as fetcher:
        page = fetcher.fetch_page(web.url("/legacy"))
        item = fetcher.fetch_input(web.url("/legacy"))
    assert page.encoding == expected
    assert item.html == text


def test_charset_comes_from_header_then_meta() -> None:
    latin = "<html><head><meta charset='iso-8859-1'></head><p>caf\u00e9</p></html>"
    assert detect_encoding(latin.encode("latin-1")) == "windows-1252"
    assert detect_encoding(b"<p>x</p>", "text/html; charset=Shift_JIS") == "cp932"
    assert detect_encoding(latin.encode("latin-1"), "text/html; charset=utf-8") == "utf-8"
    meta = b'<meta http-equiv="Content-Type" content="text/html; charset=euc-jp">'
    assert detect_encoding(meta) == "euc-jp"
    assert detect_encoding("\ufeff<p>é</p>".encode("utf-8-sig")) == "utf-8"


# conditional GET


def test_304_with_validators_is_not_modified(web: Site) -> None:
    def conditional(hit: Hit, n: int) -> Reply:
        if hit.headers.get("if-none-match") == '"v1"':
            return Reply(304, {"ETag": '"v1"'})
        return Reply(
            200, {**HTML, "ETag": '"v1"', "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"}, PAGE
        )

    web.routes["/cond"] = conditional
    url = web.url("/cond")
    with fast() as fetcher:
        first = fetcher.fetch_page(url)
    assert first.status == 200 and not first.not_modified and first.etag == '"v1"'
    validators = {url: (first.etag, first.last_modified)}
    with fast(validators=validators) as fetcher:
        again = fetcher.fetch_page(url)
        item = fetcher.fetch_input(url)
    assert again.not_modified and again.status == 304 and again.body == b""
    assert isinstance(item, FetchedInput)
    assert item.not_modified and item.error is None and item.html is None
    sent = web.hits_for("/cond")[-1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Mon, 01 Jan 2024 00:00:00 GMT"


# what a page carries


def test_page_has_what_an_archive_needs(web: Site) -> None:
    web.routes["/moved"] = Reply(301, {"Location": "/page"})
    with fast() as fetcher:
        page = fetcher.fetch_page(web.url("/moved"))
        item = fetcher.fetch_input(web.url("/moved"))
    assert page.url == web.url("/moved") and page.final_url == web.url("/page")
    assert page.status == 200 and page.reason == "OK" and page.body == PAGE
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert ("Content-Length", str(len(PAGE))) in page.header_list
    assert page.encoding == "utf-8" and page.content_type == "text/html"
    assert page.ip == "127.0.0.1"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", page.fetched_at)
    assert item.url == web.url("/page") and item.key == web.url("/moved")
    assert item.fetched_at and isinstance(item.html, str)


def test_fetcher_is_a_context_manager(web: Site) -> None:
    with fast() as fetcher:
        fetcher.fetch_page(web.url("/page"))
    assert fetcher._client.is_closed


def test_the_connected_peer_is_checked_again(web: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    # DNS rebinding: the name checked first may resolve elsewhere when httpx connects. Here
    # the first check is made to pass; the hook then sees the peer actually reached (our own
    # loopback server) and refuses it before a byte of the request is sent.
    monkeypatch.setattr("etl.crawl._fetch.refused_address", lambda host, allow_private: None)
    with fast(allow_private=False, respect_robots=False) as fetcher:
        error = _fails(fetcher, web.url("/page"))
    assert error.reason == "refused: 127.0.0.1 resolves to non-public address 127.0.0.1"
    assert web.hits == []


def test_spacing_holds_across_fetchers_sharing_host_slots(web: Site, tmp_path: Path) -> None:
    """Two batch tasks of one source, in two processes, each with its own fetcher: with the
    same `host_slots` folder the host still sees one request per `min_delay`."""

    def crawl(fetchers: list[Fetcher]) -> list[float]:
        web.hits.clear()
        with ThreadPoolExecutor(len(fetchers)) as pool:
            for pages in pool.map(lambda f: [f.fetch_page(web.url("/page")) for _ in range(3)],
                                  fetchers):  # fmt: skip
                assert all(p.status == 200 for p in pages)
        for fetcher in fetchers:
            fetcher.close()
        assert len(web.hits) == 8  # each fetcher: robots.txt once, then 3 pages
        return _gaps(web.hits)

    shared = [fast(min_delay=0.25, host_slots=tmp_path / "hosts") for _ in range(2)]
    assert min(crawl(shared)) >= 0.25 - ACCEPT_JITTER
    assert list((tmp_path / "hosts").iterdir())  # one slot file for the host
    # Without it, each fetcher spaces only its own requests: the two overlap.
    alone = [fast(min_delay=0.25) for _ in range(2)]
    assert min(crawl(alone)) < 0.25 - ACCEPT_JITTER


def test_unusable_host_slots_fall_back_to_spacing_in_the_process(
    web: Site, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the slots folder should be")
    with fast(min_delay=0.4, host_slots=blocker / "hosts") as fetcher:
        assert fetcher.fetch_page(web.url("/page")).status == 200
        assert fetcher.fetch_page(web.url("/page")).status == 200
    assert min(_gaps(web.hits)) >= 0.4 - ACCEPT_JITTER
    assert "not shared" in caplog.text
