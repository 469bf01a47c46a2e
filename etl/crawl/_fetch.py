"""Fetching pages over HTTP, politely and safely.

Safety: addresses are checked before every connection, also after each redirect, and the peer
address a connection actually reached is checked again (DNS rebinding), by the rules of
`_addresses` (private and loopback refused unless allowed, link-local always). Proxies from the
environment are not used: the checks must see the peer. What a body is (media type, charset,
decompression bounded against gzip bombs) is decided in `_content`.

Politeness: robots.txt per origin (fetched once per fetcher, see `_robots`), requests to one
host spaced `min_delay` seconds apart (or the robots Crawl-delay, if larger), retries with
exponential backoff and jitter that honour Retry-After.

Limits: connect/read timeouts and an overall `deadline` per page (a watchdog cuts a slow-drip
connection), redirects, bytes (streamed, stopped early, also after decompression: gzip bombs
are bounded), and content type (HTML only for articles; XML, gzip or text for documents).

Settings: a `Fetcher` argument left out comes from the environment (`FETCH_ENV`, read in one
place, `fetch_options_from_env`), else from the built-in default:
  NEWSARCHIVE_FETCH_DELAY            min_delay        1.0 s between requests to one host
  NEWSARCHIVE_FETCH_TIMEOUT          timeout          20 s read timeout
  NEWSARCHIVE_FETCH_CONNECT_TIMEOUT  connect_timeout  10 s
  NEWSARCHIVE_FETCH_DEADLINE         deadline         90 s per page, retries included
  NEWSARCHIVE_FETCH_RETRIES          max_retries      3 retries of a transient failure
  NEWSARCHIVE_FETCH_BACKOFF          backoff          1.0 s first backoff (doubled each retry)
  NEWSARCHIVE_FETCH_MAX_BYTES        max_bytes        5000000 bytes per page (also decompressed)
"""

from __future__ import annotations

import contextlib
import email.utils
import heapq
import ipaddress
import itertools
import os
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from .._errors import NewsarchiveError
from .._pipeline import Input
from ._addresses import (
    AllowPrivate,
    address_refusal,
    private_allowed_from_env,
    refused_address,
)
from ._content import (
    CorruptData,
    Inflater,
    TooLarge,
    decode,
    detect_encoding,
    document_types,
    gunzip_bounded,
    html_only,
    media_type_of,
    sniff_binary,
)
from ._robots import ROBOTS_MAX_BYTES, RobotsCache, RobotsPolicy
from ._slots import host_limiter

USER_AGENT = "newsarchive/0.1 (+https://github.com/newsarchive/newsarchive)"
ROBOTS_TOKEN = USER_AGENT.split("/", 1)[0]  # the product token robots.txt groups are matched on
HTML_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
DOCUMENT_ACCEPT = (
    "application/rss+xml,application/atom+xml,application/rdf+xml,application/xml;q=0.9,"
    "text/xml;q=0.9,application/gzip;q=0.8,text/plain;q=0.5,*/*;q=0.1"
)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class FetchError(NewsarchiveError):
    """A page could not be fetched; the message is the reason recorded for its URL."""

    def __init__(
        self, reason: str, *, status: int | None = None, attempts: int | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.attempts = attempts


class _Retry(Exception):
    """A transient failure (HTTP 429/5xx, connect error, timeout): worth another attempt."""

    def __init__(self, what: str, *, status: int | None = None, retry_after: float | None = None):
        super().__init__(what)
        self.what = what
        self.status = status
        self.retry_after = retry_after


class _PeerRefused(Exception):
    """Raised from the connection trace hook: the connected peer's address is not allowed."""


# --- settings from the environment -------------------------------------------------------------

# Fetcher argument -> (environment variable, type, built-in default). The one place they are read.
FETCH_ENV: dict[str, tuple[str, type, float | int]] = {
    "min_delay": ("NEWSARCHIVE_FETCH_DELAY", float, 1.0),
    "timeout": ("NEWSARCHIVE_FETCH_TIMEOUT", float, 20.0),
    "connect_timeout": ("NEWSARCHIVE_FETCH_CONNECT_TIMEOUT", float, 10.0),
    "deadline": ("NEWSARCHIVE_FETCH_DEADLINE", float, 90.0),
    "max_retries": ("NEWSARCHIVE_FETCH_RETRIES", int, 3),
    "backoff": ("NEWSARCHIVE_FETCH_BACKOFF", float, 1.0),
    "max_bytes": ("NEWSARCHIVE_FETCH_MAX_BYTES", int, 5_000_000),
}


def fetch_options_from_env(environ: Mapping[str, str] | None = None) -> dict[str, float | int]:
    """The `FETCH_ENV` limits: each from its environment variable if set, else its default.
    Raises `ConfigError` naming the variable whose value is not a non-negative number."""
    from .._errors import ConfigError

    environ = os.environ if environ is None else environ
    options: dict[str, float | int] = {}
    for name, (variable, kind, default) in FETCH_ENV.items():
        raw = environ.get(variable, "").strip()
        if not raw:
            options[name] = default
            continue
        try:
            value = kind(raw)
        except ValueError:
            value = -1
        if value < 0:
            raise ConfigError(f"{variable}={raw!r}: expected a non-negative {kind.__name__}")
        options[name] = value
    return options


# --- small parsers -----------------------------------------------------------------------------


def http_date(text: str) -> datetime | None:
    """A timezone-aware datetime from an RFC 822 / HTTP date (naive taken as UTC), or None."""
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date (None if
    absent or unreadable; never negative)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    when = http_date(value)
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def _utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- results -----------------------------------------------------------------------------------


@dataclass
class Page:
    """One fetched response, as a WARC writer needs it. `body` is the entity body with the
    Content-Encoding (and, for documents, a gzip file wrapper) removed."""

    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]  # lower-case names; repeated headers joined with ", "
    body: bytes
    encoding: str | None  # Python codec name the body decodes with (None for a 304)
    fetched_at: str  # ISO 8601 UTC
    not_modified: bool = False  # a 304 answer to a conditional GET
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""  # media type, lower-case, no parameters
    reason: str = ""  # HTTP reason phrase
    http_version: str = "HTTP/1.1"
    header_list: list[tuple[str, str]] = field(default_factory=list)  # in order, repeats kept
    ip: str | None = None  # the peer address connected to
    attempts: int = 1

    def text(self) -> str:
        return decode(self.body, self.encoding)


@dataclass
class FetchedInput(Input):
    """The pipeline `Input` for a fetched page, plus what the fetch said.

    `not_modified` is True for a 304 answer to a conditional GET: then `html` and `error` are
    both None, and the page is unchanged since the validators were recorded."""

    not_modified: bool = False  # `Input` has it too now (the pipeline reads it); kept here
    status: int | None = None
    attempts: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    page: Page | None = field(default=None, repr=False)


@dataclass
class _Raw:
    url: str
    final_url: str
    status: int
    reason: str
    http_version: str
    header_list: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes
    ip: str | None


# --- per-request helpers -----------------------------------------------------------------------


class _Clock:
    """A page's deadline on the monotonic clock; politeness waits do not count against it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        start = time.monotonic()
        try:
            yield
        finally:
            self.end += time.monotonic() - start


class _Guard:
    """httpx trace hook for one request: checks the peer address a connection reached, and
    keeps its socket so a watchdog can cut it when the deadline passes (slow-drip servers)."""

    def __init__(
        self, host: str, allow_private: AllowPrivate, on_send: Callable[[], None] | None = None
    ) -> None:
        self.host = host
        self.allow_private = allow_private
        self.on_send = on_send
        self.ip: str | None = None
        self.expired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()

    def __call__(self, event: str, info: dict[str, Any]) -> None:
        if event.endswith(".send_request_headers.started"):
            if self.on_send is not None:
                self.on_send()
            return
        if event not in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            return
        stream = info.get("return_value")
        if stream is None:
            return
        sock = stream.get_extra_info("socket")
        if event == "connection.connect_tcp.complete" and sock is not None:
            peer = sock.getpeername()[0]
            self.ip = str(peer).split("%", 1)[0]
            refusal = address_refusal(
                self.host, ipaddress.ip_address(self.ip), allow_private=self.allow_private
            )
            if refusal:
                stream.close()
                raise _PeerRefused(refusal)
        with self._lock:
            self._sock = sock
            cut = self.expired
        if cut:
            self._cut(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            sock = self._sock
        if sock is not None:
            self._cut(sock)

    @staticmethod
    def _cut(sock: socket.socket | None) -> None:
        with contextlib.suppress(OSError, AttributeError):
            sock.shutdown(socket.SHUT_RDWR)  # type: ignore[union-attr]


class _Watchdog:
    """One thread that calls each registered callback at its deadline, unless cancelled
    before: the deadline of every request of a fetcher, without a timer thread per request."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, list[Callable[[], None] | None]]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None
        self._closed = False

    def watch(self, seconds: float, callback: Callable[[], None]) -> list[Any]:
        """Call `callback` in `seconds` (from the watchdog's thread); `cancel` the handle."""
        handle: list[Any] = [callback]
        with self._cond:
            due = time.monotonic() + seconds
            heapq.heappush(self._heap, (due, next(self._order), handle))
            if self._thread is None and not self._closed:
                self._thread = threading.Thread(target=self._run, name="fetch-watchdog")
                self._thread.daemon = True
                self._thread.start()
            elif self._heap[0][2] is handle:  # sooner than the thread waits for
                self._cond.notify()
        return handle

    @staticmethod
    def cancel(handle: list[Any]) -> None:
        handle[0] = None  # dropped from the heap when its time comes (or sooner)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while True:
                    while self._heap and self._heap[0][2][0] is None:  # cancelled
                        heapq.heappop(self._heap)
                    if self._closed:
                        return
                    if not self._heap:
                        self._cond.wait()
                        continue
                    wait = self._heap[0][0] - time.monotonic()
                    if wait <= 0:
                        handle = heapq.heappop(self._heap)[2]
                        callback, handle[0] = handle[0], None
                        break
                    self._cond.wait(wait)
            if callback is not None:
                with contextlib.suppress(Exception):
                    callback()


# --- the fetcher -------------------------------------------------------------------------------


class Fetcher:
    """Fetches article pages (`fetch_page`, `fetch_input`, `fetch`) and feeds or sitemaps
    (`fetch_document`). Thread-safe; use as a context manager or call `close()`.

    Every limit is a constructor argument (seconds and bytes); tests shrink them. Those of
    `FETCH_ENV` left out (None) come from the environment, else their default. `host_slots`
    (a folder, or a redis:// URL for several machines) shares the per-host spacing with every
    fetcher, in any process, given it too. `robots` (origin -> record, from another fetcher's
    `robots_records()`) are robots.txt policies already read in this run: those origins'
    robots.txt is not fetched again."""

    def __init__(
        self,
        *,
        allow_private: AllowPrivate | None = None,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        deadline: float | None = None,
        max_bytes: int | None = None,
        max_redirects: int = 5,
        min_delay: float | None = None,
        max_retries: int | None = None,
        backoff: float | None = None,
        max_backoff: float = 30.0,
        max_retry_after: float = 60.0,
        respect_robots: bool = True,
        max_crawl_delay: float = 60.0,
        validators: Mapping[str, tuple[str | None, str | None]] | None = None,
        max_document_bytes: int = 10_000_000,
        max_decompressed_bytes: int = 50_000_000,
        user_agent: str = USER_AGENT,
        host_slots: Path | str | None = None,
        robots: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        self.allow_private = private_allowed_from_env() if allow_private is None else allow_private
        limits: dict[str, float | int | None] = {
            "timeout": timeout, "connect_timeout": connect_timeout, "deadline": deadline,
            "max_bytes": max_bytes, "min_delay": min_delay, "max_retries": max_retries,
            "backoff": backoff,
        }  # fmt: skip
        env = fetch_options_from_env() if None in limits.values() else {}
        value = {name: env[name] if given is None else given for name, given in limits.items()}
        self.timeout = float(value["timeout"])
        self.connect_timeout = float(value["connect_timeout"])
        self.deadline = float(value["deadline"])
        self.max_bytes = int(value["max_bytes"])
        self.max_redirects = max_redirects
        self.min_delay = float(value["min_delay"])
        self.max_retries = int(value["max_retries"])
        self.backoff = float(value["backoff"])
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.respect_robots = respect_robots
        self.max_crawl_delay = max_crawl_delay
        self.validators = validators if validators is not None else {}
        self.max_document_bytes = max_document_bytes
        self.max_decompressed_bytes = max_decompressed_bytes
        self.user_agent = user_agent
        self.robots_token = user_agent.split("/", 1)[0].strip() or ROBOTS_TOKEN
        # With `host_slots` (a folder, or a redis:// URL), the spacing per host holds across
        # the processes, or the machines, sharing it.
        self._limiter = host_limiter(host_slots)
        known = {o: RobotsPolicy.from_record(dict(r)) for o, r in (robots or {}).items()}
        self._robots = RobotsCache(self._load_robots, known)
        self._host_locks: dict[str, threading.Lock] = {}
        self._host_locks_guard = threading.Lock()
        self._watchdog = _Watchdog()  # cuts a request at its deadline (slow-drip servers)
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.timeout, connect=self.connect_timeout),
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False,  # followed by hand, so each hop's address is checked
            trust_env=False,  # no proxies: the address checks must see the real peer
            # A fresh connection per request: the trace hook sees (and can cut) every socket.
            limits=httpx.Limits(max_keepalive_connections=0),
        )

    # -- lifecycle

    def close(self) -> None:
        self._watchdog.close()
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public API

    def fetch(self, url: str) -> tuple[str, bytes]:
        """Return (final URL, body bytes) of an HTML page or raise `FetchError` with the reason."""
        page = self.fetch_page(url)
        if page.not_modified:
            raise FetchError("HTTP 304 (not modified)", status=304)
        return page.final_url, page.body

    def fetch_page(self, url: str) -> Page:
        """Fetch an article page (HTML only). A conditional GET is sent when `validators` has
        the URL; a 304 then gives a `Page` with `not_modified=True` and an empty body.
        Raises `FetchError` with the reason."""
        page = self._get(
            url,
            accept=HTML_ACCEPT,
            what="page",
            content_ok=html_only,
            max_raw=self.max_bytes,
            max_decoded=self.max_bytes,
            conditional=True,
        )
        if not page.not_modified:
            if not page.content_type and (sniffed := sniff_binary(page.body)):
                raise FetchError(f"not HTML: {sniffed} (by its content)", status=page.status)
            page.encoding = detect_encoding(page.body, page.headers.get("content-type"))
        return page

    def fetch_document(
        self, url: str, *, max_bytes: int | None = None, max_decompressed: int | None = None
    ) -> Page:
        """Fetch a feed or sitemap: XML, gzip or plain-text types. A gzip file (`.gz`) is
        unpacked; `max_bytes` bounds the download, `max_decompressed` what it unpacks to.
        `encoding` is left None: XML parsers read the declaration themselves."""
        max_bytes = self.max_document_bytes if max_bytes is None else max_bytes
        limit = self.max_decompressed_bytes if max_decompressed is None else max_decompressed
        page = self._get(
            url,
            accept=DOCUMENT_ACCEPT,
            what="document",
            content_ok=document_types,
            max_raw=max_bytes,
            max_decoded=limit,
            conditional=False,
        )
        if page.body[:2] == b"\x1f\x8b":
            try:
                page.body = gunzip_bounded(page.body, limit)
            except TooLarge as exc:
                raise FetchError(f"document {exc}") from exc
            except CorruptData as exc:
                raise FetchError(f"document: {exc}") from exc
        return page

    def fetch_input(self, url: str) -> FetchedInput:
        """The pipeline input for `url`: decoded HTML, an error, or `not_modified`."""
        try:
            page = self.fetch_page(url)
        except FetchError as exc:
            return FetchedInput(
                key=url, url=url, error=str(exc), status=exc.status, attempts=exc.attempts
            )
        common: dict[str, Any] = {
            "key": url,
            "url": page.final_url,
            "fetched_at": page.fetched_at,
            "status": page.status,
            "attempts": page.attempts,
            "etag": page.etag,
            "last_modified": page.last_modified,
            "page": page,
        }
        if page.not_modified:
            return FetchedInput(**common, not_modified=True)
        return FetchedInput(**common, html=page.text())

    def ready_in(self, host: str) -> float:
        """Seconds until a request to `host` may start (its spacing, shared with the other
        fetchers using the same `host_slots`); 0 if it may start now."""
        return self._limiter.ready_in(host.lower())

    def _host_lock(self, host: str) -> threading.Lock:
        with self._host_locks_guard:
            return self._host_locks.setdefault(host, threading.Lock())

    def robots_records(self) -> dict[str, dict[str, Any]]:
        """Origin -> the robots.txt policy read so far, as JSON-able records: given as
        `robots` to another fetcher of the same run, it does not ask those sites again."""
        return {origin: policy.to_record() for origin, policy in self._robots.known().items()}

    def robots_policy(self, url: str) -> RobotsPolicy:
        """The robots.txt policy of `url`'s origin (fetched on first use, then cached)."""
        return self._robots.get(_origin(url))

    # -- retries

    def _get(self, url: str, *, conditional: bool, **kwargs: Any) -> Page:
        clock = _Clock(self.deadline)
        attempt = 0
        while True:
            attempt += 1
            try:
                page = self._attempt(url, clock, conditional=conditional, **kwargs)
            except FetchError as exc:
                if attempt > 1 and exc.attempts is None:
                    exc.attempts = attempt
                    exc.reason = f"{exc.reason} (attempt {attempt})"
                    exc.args = (exc.reason,)
                raise
            except _Retry as retry:
                final = f"{retry.what} after {attempt} attempt{'s' if attempt > 1 else ''}"
                if attempt > self.max_retries:
                    raise FetchError(final, status=retry.status, attempts=attempt) from None
                wait = self._backoff_delay(attempt, retry.retry_after)
                if wait >= clock.remaining():
                    raise FetchError(
                        f"{final}; no retry: it would pass the {self.deadline:g} s deadline",
                        status=retry.status,
                        attempts=attempt,
                    ) from None
                if retry.retry_after is not None:
                    host = urlsplit(url).hostname
                    if host:
                        self._limiter.defer(host.lower(), wait)
                time.sleep(wait)
                continue
            page.attempts = attempt
            return page

    def _backoff_delay(self, attempt: int, retry_after: float | None) -> float:
        base = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
        delay = base / 2 + random.uniform(0, base / 2)  # "equal jitter"
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.max_retry_after))
        return delay

    # -- one attempt: redirects, checks, politeness, the exchange

    def _attempt(
        self,
        url: str,
        clock: _Clock,
        *,
        conditional: bool,
        accept: str,
        what: str,
        content_ok: Callable[[str], str | None],
        max_raw: int,
        max_decoded: int,
    ) -> Page:
        headers = {"Accept": accept}
        etag, modified = self.validators.get(url, (None, None)) if conditional else (None, None)
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        raw = self._follow(
            url,
            clock,
            headers=headers,
            robots=self.respect_robots,
            what=what,
            content_ok=content_ok,
            max_raw=max_raw,
            max_decoded=max_decoded,
        )
        status = raw.status
        if status == 304 and (etag or modified):
            return self._page(raw, not_modified=True)
        if status in RETRY_STATUSES:
            retry_after = parse_retry_after(raw.headers.get("retry-after"))
            raise _Retry(f"HTTP {status}", status=status, retry_after=retry_after)
        if not 200 <= status < 300:
            raise FetchError(f"HTTP {status}", status=status)
        return self._page(raw)

    @staticmethod
    def _page(raw: _Raw, *, not_modified: bool = False) -> Page:
        return Page(
            url=raw.url,
            final_url=raw.final_url,
            status=raw.status,
            headers=raw.headers,
            body=raw.body,
            encoding=None,
            fetched_at=_utc_now(),
            not_modified=not_modified,
            etag=raw.headers.get("etag"),
            last_modified=raw.headers.get("last-modified"),
            content_type=media_type_of(raw.headers.get("content-type")),
            reason=raw.reason,
            http_version=raw.http_version,
            header_list=raw.header_list,
            ip=raw.ip,
        )

    def _follow(
        self,
        url: str,
        clock: _Clock,
        *,
        headers: dict[str, str],
        robots: bool,
        what: str,
        content_ok: Callable[[str], str | None] | None,
        max_raw: int,
        max_decoded: int,
        truncate: bool = False,
    ) -> _Raw:
        """Follow redirects by hand; read the body of a 2xx answer. Every hop: scheme, address,
        robots.txt, host spacing, then the request under the deadline watchdog."""
        first = url
        chain: list[str] = []
        for hop in range(self.max_redirects + 1):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise FetchError(f"not an http(s) URL: {url}")
            host = parts.hostname.lower()
            refusal = refused_address(host, allow_private=self.allow_private)
            if refusal:
                raise FetchError(refusal)
            with clock.paused():
                delay = self.min_delay
                if robots:
                    delay = max(delay, self._robots_check(url))
                self._limiter.wait(host, delay)
                in_flight = self._host_lock(host)
                in_flight.acquire()  # one request at a time to a host, from any thread
            try:
                if clock.remaining() <= 0:
                    raise FetchError(self._deadline_reason())
                chain.append(url)
                hop_headers = headers if hop == 0 else _without_validators(headers)
                guard = _Guard(
                    host,
                    self.allow_private,
                    on_send=lambda host=host, delay=delay: self._limiter.sent(host, delay),
                )
                response_url, raw = self._exchange(
                    url, guard, clock, hop_headers, what, content_ok, max_raw, max_decoded, truncate
                )
            finally:
                in_flight.release()
            if raw is None:  # a redirect
                url = response_url
                continue
            raw.url = first
            return raw
        loop = next((u for u in chain if chain.count(u) > 1 or u == url), None)
        suffix = f" (a redirect loop at {loop})" if loop else ""
        raise FetchError(f"more than {self.max_redirects} redirects{suffix}")

    def _exchange(
        self,
        url: str,
        guard: _Guard,
        clock: _Clock,
        headers: dict[str, str],
        what: str,
        content_ok: Callable[[str], str | None] | None,
        max_raw: int,
        max_decoded: int,
        truncate: bool,
    ) -> tuple[str, _Raw | None]:
        """One request. Returns (next URL, None) for a redirect, else (url, response)."""
        remaining = clock.remaining()
        timeout = httpx.Timeout(
            min(self.timeout, remaining), connect=min(self.connect_timeout, remaining)
        )
        watchdog = self._watchdog.watch(remaining, guard.expire)
        try:
            with self._client.stream(
                "GET", url, headers=headers, timeout=timeout, extensions={"trace": guard}
            ) as response:
                status = response.status_code
                if status in REDIRECT_STATUSES:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(f"HTTP {status} without a Location header", status=status)
                    return urljoin(url, location.strip()), None
                header_list = [
                    (k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw
                ]
                raw = _Raw(
                    url=url,
                    final_url=str(response.url),
                    status=status,
                    reason=response.reason_phrase,
                    http_version=response.http_version,
                    header_list=header_list,
                    headers={k.lower(): v for k, v in response.headers.items()},
                    body=b"",
                    ip=guard.ip,
                )
                if 200 <= status < 300:
                    if content_ok and (
                        why := content_ok(media_type_of(raw.headers.get("content-type")))
                    ):
                        raise FetchError(why, status=status)
                    raw.body = self._read(
                        response, clock, guard, what, max_raw, max_decoded, truncate
                    )
                if guard.expired:
                    raise FetchError(self._deadline_reason())
                return url, raw
        except _PeerRefused as exc:
            raise FetchError(str(exc)) from None
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            if guard.expired or clock.remaining() <= 0:
                raise FetchError(self._deadline_reason()) from None
            raise _Retry(_describe(exc)) from None
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise FetchError(_describe(exc)) from None
        finally:
            self._watchdog.cancel(watchdog)

    def _read(
        self,
        response: httpx.Response,
        clock: _Clock,
        guard: _Guard,
        what: str,
        max_raw: int,
        max_decoded: int,
        truncate: bool,
    ) -> bytes:
        """The body, streamed: stops at `max_raw` bytes on the wire, `max_decoded` bytes once
        the Content-Encoding is undone, and at the deadline."""
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > max_raw and not truncate:
            raise FetchError(f"{what} larger than {max_raw} bytes (Content-Length {length})")
        coding = response.headers.get("content-encoding", "identity").strip().lower()
        if coding in ("x-gzip",):
            coding = "gzip"
        if coding not in ("identity", "", "gzip", "deflate"):
            raise FetchError(f"unsupported Content-Encoding: {coding}")
        inflater = Inflater(coding, max_decoded) if coding in ("gzip", "deflate") else None
        body = bytearray()
        received = 0
        try:
            for chunk in response.iter_raw():
                received += len(chunk)
                if received > max_raw:
                    if truncate:
                        break
                    raise FetchError(f"{what} larger than {max_raw} bytes")
                if inflater is not None:
                    inflater.feed(chunk)
                else:
                    body += chunk
                if clock.remaining() <= 0 or guard.expired:
                    raise FetchError(self._deadline_reason(f" after {received} bytes"))
            if inflater is not None:
                return inflater.finish()
        except TooLarge as exc:
            if truncate:
                return bytes(inflater.out[:max_decoded]) if inflater else bytes(body)
            raise FetchError(f"{what} {exc}") from None
        except CorruptData as exc:
            raise FetchError(f"{what}: {exc}") from None
        return bytes(body[:max_raw]) if truncate else bytes(body)

    def _deadline_reason(self, detail: str = "") -> str:
        return f"deadline of {self.deadline:g} s exceeded{detail}"

    # -- robots.txt

    def _robots_check(self, url: str) -> float:
        """Raise unless robots.txt allows `url`; return the Crawl-delay to honour (0 if none)."""
        policy = self._robots.get(_origin(url))
        if not policy.allows(url, self.robots_token):
            note = f" ({policy.note})" if policy.note else ""
            raise FetchError(f"disallowed by robots.txt{note}")
        crawl_delay = policy.crawl_delay(self.robots_token) or 0.0
        if crawl_delay > self.max_crawl_delay:
            raise FetchError(
                f"robots.txt Crawl-delay of {crawl_delay:g} s is over the "
                f"{self.max_crawl_delay:g} s this fetcher waits"
            )
        return crawl_delay

    def _load_robots(self, origin: str) -> RobotsPolicy:
        """Fetch `origin`/robots.txt once: no retries, redirects followed (each checked)."""
        clock = _Clock(min(self.deadline, 30.0))
        try:
            raw = self._follow(
                f"{origin}/robots.txt",
                clock,
                headers={"Accept": "text/plain,*/*;q=0.5"},
                robots=False,
                what="robots.txt",
                content_ok=None,
                max_raw=ROBOTS_MAX_BYTES,
                max_decoded=ROBOTS_MAX_BYTES,
                truncate=True,
            )
        except FetchError as exc:
            if str(exc).startswith("more than"):  # too many redirects: treated as unavailable
                return RobotsPolicy(note=f"robots.txt unavailable: {exc}")
            return RobotsPolicy.unreachable(str(exc))
        except _Retry as exc:
            return RobotsPolicy.unreachable(exc.what)
        policy = RobotsPolicy.from_response(raw.status, raw.body)
        crawl_delay = policy.crawl_delay(self.robots_token) or 0.0
        if self.min_delay < crawl_delay <= self.max_crawl_delay:  # also after robots.txt itself
            self._limiter.defer((urlsplit(origin).hostname or "").lower(), crawl_delay)
        return policy


def _origin(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "https": 443}.get(parts.scheme)
    port = f":{parts.port}" if parts.port and parts.port != default else ""
    return f"{parts.scheme}://{host}{port}"


def _without_validators(headers: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k not in ("If-None-Match", "If-Modified-Since")}


def _describe(exc: Exception) -> str:
    names = {
        httpx.ConnectTimeout: "connect timeout",
        httpx.ReadTimeout: "read timeout",
        httpx.WriteTimeout: "write timeout",
        httpx.PoolTimeout: "pool timeout",
        httpx.ConnectError: "connection failed",
        httpx.ReadError: "connection broken while reading",
        httpx.RemoteProtocolError: "connection closed by the server",
    }
    label = names.get(type(exc), type(exc).__name__)
    detail = str(exc).strip()
    if isinstance(exc, httpx.TimeoutException) or not detail:
        return label
    return f"{label} ({detail})"
