"""The crawl benchmark's sites: N news sites on loopback, each on an address of its own
(127.0.0.2, 127.0.0.3, ...: N distinct hosts to a crawler), each with robots.txt, an RSS feed
of its pages and the pages, every response sent after `--latency` seconds as a distant server
would answer.

    python -m bench.crawlsite --hosts 12 --pages 25 --latency 0.25

Runs in a child process of its own (so serving does not compete for the benchmark's GIL). It
prints `BASES <json list>` once every site listens, and exits on SIGTERM, at the end of stdin
(its parent died) or after `--max-seconds`; then it prints `HITS <json>`: every article page
request each site saw (arrived, answered), for the timeline (how many sites were in flight at
once, the spacing per site).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .corpus import article_html, load_stories

MAX_SECONDS = 3600


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, tuple[str, bytes]]
    latency: float
    hits: list[tuple[float, float, str]]  # (arrived, answered, path) of article pages
    lock: threading.Lock
    accepted: dict[Any, float]

    def process_request(self, request: Any, client_address: Any) -> None:
        # Stamped on accept, in the serving thread: steadier than in a busy handler thread.
        with self.lock:
            self.accepted[request] = time.monotonic()
        super().process_request(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    timeout = 30
    server: _Server

    def do_GET(self) -> None:
        server = self.server
        with server.lock:
            arrived = server.accepted.pop(self.request, time.monotonic())
        time.sleep(server.latency)
        ctype, body = server.routes.get(self.path, ("text/plain", b""))
        status = 200 if self.path in server.routes else 404
        with contextlib.suppress(OSError):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        if self.path.startswith("/news/"):
            with server.lock:
                server.hits.append((arrived, time.monotonic(), self.path))

    def log_message(self, *args: Any) -> None:
        pass


def _feed(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>{p}</title><link>{base}{p}</link></item>" for p in paths)
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{base}</title>{items}'
        "</channel></rss>"
    ).encode()


def serve(hosts: int, pages: int, latency: float) -> list[_Server]:
    stories = load_stories()
    servers = []
    for h in range(hosts):
        server = _Server((f"127.0.0.{h + 2}", 0), _Handler)
        base = f"http://127.0.0.{h + 2}:{server.server_port}"
        mine = stories[h * pages : (h + 1) * pages]
        server.routes = {s.path: ("text/html; charset=utf-8", article_html(s, base).encode())
                         for s in mine}  # fmt: skip
        server.routes["/robots.txt"] = ("text/plain", b"User-agent: *\nAllow: /\n")
        server.routes["/feed.xml"] = ("application/rss+xml", _feed(base, [s.path for s in mine]))
        server.latency, server.hits, server.lock = latency, [], threading.Lock()
        server.accepted = {}
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
    return servers


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.crawlsite")
    parser.add_argument("--hosts", type=int, required=True)
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--latency", type=float, default=0.25)
    parser.add_argument("--max-seconds", type=float, default=MAX_SECONDS)
    args = parser.parse_args()
    if args.hosts * args.pages > len(load_stories()):
        raise SystemExit("more pages than stories")
    servers = serve(args.hosts, args.pages, args.latency)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    bases = [f"http://{s.server_address[0]}:{s.server_port}" for s in servers]
    print("BASES " + json.dumps(bases), flush=True)
    done.wait(args.max_seconds)
    hits = {base: s.hits for base, s in zip(bases, servers, strict=True)}
    print("HITS " + json.dumps(hits), flush=True)


if __name__ == "__main__":
    main()
