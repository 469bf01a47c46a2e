"""The benchmarks' HTTP server on loopback: fixed routes, an optional latency before each answer
(as a distant server would answer), and a record of the article page requests. Both benchmark
sites (`bench.site`, `bench.crawlsite`) serve with it, each from a child process of its own so
that serving does not compete for the measuring process's GIL.
"""

from __future__ import annotations

import contextlib
import json
import signal
import sys
import threading
import time
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Route = tuple[str, bytes]  # (content type, body)
HITS_PATH = "/_bench/hits"  # the page requests so far, as JSON (and forget them)
PAGES = "/news/"  # the article pages' paths start so; only they are recorded


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, host: str, routes: dict[str, Route], latency: float = 0.0) -> None:
        super().__init__((host, 0), _Handler)
        self.routes = routes
        self.latency = latency
        self.lock = threading.Lock()
        self.accepted: dict[Any, float] = {}
        self.hits: list[tuple[float, float, str]] = []  # (arrived, answered, path) of pages

    @property
    def base(self) -> str:
        return f"http://{self.server_address[0]}:{self.server_port}"

    def process_request(self, request: Any, client_address: Any) -> None:
        # Stamped on accept, in the serving thread: steadier than in a busy handler thread.
        with self.lock:
            self.accepted[request] = time.monotonic()
        super().process_request(request, client_address)

    def take_hits(self) -> list[tuple[float, float, str]]:
        with self.lock:
            hits, self.hits = self.hits, []
        return hits


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    timeout = 30
    server: LoopbackServer

    def do_GET(self) -> None:
        server = self.server
        path = self.path.split("?", 1)[0]
        with server.lock:
            arrived = server.accepted.pop(self.request, time.monotonic())
        if path == HITS_PATH:
            self._send(200, "application/json", json.dumps(server.take_hits()).encode())
            return
        time.sleep(server.latency)
        route = server.routes.get(path)
        ctype, body = route or ("text/plain", b"not found")
        self._send(200 if route else 404, ctype, body)
        if path.startswith(PAGES):
            with server.lock:
                server.hits.append((arrived, time.monotonic(), path))

    def _send(self, status: int, ctype: str, body: bytes) -> None:
        with contextlib.suppress(OSError):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def serve_until_stopped(servers: Sequence[LoopbackServer], ready: str, max_seconds: float) -> None:
    """Serve until SIGTERM or SIGINT, the end of stdin (the parent died) or `max_seconds`:
    `ready` is printed once every server listens; the servers are closed on the way out."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    threads = [
        threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        for s in servers
    ]
    for thread in threads:
        thread.start()
    print(ready, flush=True)
    stop.wait(max_seconds)
    for server in servers:
        server.shutdown()
        server.server_close()
