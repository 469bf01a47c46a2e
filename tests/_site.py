"""A small threaded HTTP server on loopback for fetch and discovery tests.

Routes map a request path (with its query) to a `Reply`, or to a function of the request
returning one. Every request is recorded (`hits`). Sleeps in handlers wait on the server's stop
event, so `Site.stop()` (called by the context manager, also when a test fails) ends them at
once; the server's threads are joined before it returns."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MAX_DRIP_SECONDS = 10.0  # a dripping reply gives up after this, whatever the test does


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    pause: float = 0.0  # seconds to wait before answering at all
    drip: float | None = None  # send the body one byte per `drip` seconds (no Content-Length)
    drip_headers: bool = False  # with `drip`: drip an endless header instead of the body
    drop: bool = False  # close the connection without answering
    length: bool = True  # send Content-Length


@dataclass
class Hit:
    path: str
    at: float  # time.monotonic() when the connection was accepted
    headers: dict[str, str]


Route = Reply | Callable[["Hit", int], Reply]

# How late `Hit.at` may be stamped: the serving thread shares the GIL with the client and the
# other sites of the test process, and a busy machine deschedules the process as a whole; the
# client's next request still leaves on time, so a late stamp makes the gap after it look short
# (a clean CI run saw 20 ms, a machine at load 10 140 ms). Spacing measured at the server is
# checked to within this: well below the delays tested, far above a crawler that did not wait.
ACCEPT_JITTER = 0.15


class _Server(ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True  # server_close() joins every handler thread
    site: Site

    def process_request(self, request: Any, client_address: Any) -> None:
        # Stamped on accept, in the serving thread: less jitter than in the handler thread.
        with self.site.lock:
            self.site.accepted[request] = time.monotonic()
        super().process_request(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    timeout = 5  # a client that never sends its request cannot hold a thread
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        site = self.server.site
        with site.lock:
            at = site.accepted.pop(self.request, time.monotonic())
        hit = Hit(self.path, at, {k.lower(): v for k, v in self.headers.items()})
        with site.lock:
            site.hits.append(hit)
            count = sum(1 for h in site.hits if h.path == self.path)
        route = site.routes.get(self.path)
        if route is None:
            reply = Reply(404, {"Content-Type": "text/plain"}, b"not found")
        elif callable(route):
            reply = route(hit, count)
        else:
            reply = route
        with contextlib.suppress(OSError):
            self._answer(site, reply)

    def _answer(self, site: Site, reply: Reply) -> None:
        if reply.pause and site.stopping.wait(reply.pause):
            return
        if reply.drop:
            self.close_connection = True
            return
        if reply.drip is not None and reply.drip_headers:
            self.wfile.write(b"HTTP/1.0 200 OK\r\nX-Slow: ")
            self._drip(site, reply.drip, b"x" * 10_000)
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.length and reply.drip is None:
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if reply.drip is not None:
            self._drip(site, reply.drip, reply.body)
        else:
            self.wfile.write(reply.body)

    def _drip(self, site: Site, every: float, data: bytes) -> None:
        end = time.monotonic() + MAX_DRIP_SECONDS
        for i in range(len(data)):
            self.wfile.write(data[i : i + 1])
            self.wfile.flush()
            if site.stopping.wait(every) or time.monotonic() > end:
                return

    def log_message(self, *args: Any) -> None:
        pass


class Site:
    """`with Site() as site:` serves `site.routes` at `site.base` until the block ends."""

    def __init__(self, routes: dict[str, Route] | None = None, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.hits: list[Hit] = []
        self.accepted: dict[Any, float] = {}
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._server = _Server((host, 0), _Handler)  # any 127.0.0.x: a host of its own
        self._server.site = self
        self.base = f"http://{host}:{self._server.server_port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def hits_for(self, path: str) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.path == path]

    def start(self) -> Site:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def __enter__(self) -> Site:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


BILLION_LAUGHS_DOCTYPE = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""


def billion_laughs(link: str) -> bytes:
    """An RSS feed whose title expands to a billion "lol"s if a parser expands entities."""
    return (
        BILLION_LAUGHS_DOCTYPE
        + f'<rss version="2.0"><channel><title>&lol9;</title><item><link>{link}</link></item>'
        "</channel></rss>"
    ).encode()
