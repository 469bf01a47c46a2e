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
import json

from ._loopback import LoopbackServer, serve_until_stopped
from .corpus import article_html, load_stories

MAX_SECONDS = 3600


def _feed(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>{p}</title><link>{base}{p}</link></item>" for p in paths)
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{base}</title>{items}'
        "</channel></rss>"
    ).encode()


def serve(hosts: int, pages: int, latency: float) -> list[LoopbackServer]:
    """One site per host, 127.0.0.2 onwards, each with its own share of the stories."""
    stories = load_stories()
    servers = []
    for h in range(hosts):
        server = LoopbackServer(f"127.0.0.{h + 2}", {}, latency)
        mine = stories[h * pages : (h + 1) * pages]
        server.routes = {s.path: ("text/html; charset=utf-8", article_html(s, server.base).encode())
                         for s in mine}  # fmt: skip
        server.routes["/robots.txt"] = ("text/plain", b"User-agent: *\nAllow: /\n")
        server.routes["/feed.xml"] = ("application/rss+xml",
                                      _feed(server.base, [s.path for s in mine]))  # fmt: skip
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
    bases = [server.base for server in servers]
    serve_until_stopped(servers, "BASES " + json.dumps(bases), args.max_seconds)
    hits = {base: s.hits for base, s in zip(bases, servers, strict=True)}
    print("HITS " + json.dumps(hits), flush=True)


if __name__ == "__main__":
    main()
