"""The benchmark's news site: a threaded HTTP server on 127.0.0.1 serving the corpus pages,
robots.txt and one news sitemap per `--per-sitemap` stories.

It runs in a child process of its own (`python -m bench.site`), so that serving pages does not
compete for the benchmark process's GIL while it measures stages, and so that it can be
stopped by its pid whatever happens. The child prints `PORT <n>` once it listens, and exits on
SIGTERM, on end of stdin (its parent died) or after `--max-seconds`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import selectors
import signal
import subprocess
import sys
from pathlib import Path

from ._loopback import HITS_PATH, LoopbackServer, Route, serve_until_stopped
from .corpus import article_html, load_stories, sitemap_xml

MAX_SECONDS = 6 * 3600  # the site never outlives a benchmark run by much


def sitemap_paths(size: int, per_sitemap: int) -> list[str]:
    """The sitemaps listing the first `size` stories, `per_sitemap` stories each."""
    return [f"/sitemaps/{size}/{i}.xml" for i in range((size + per_sitemap - 1) // per_sitemap)]


def build_routes(count: int, sizes: list[int], per_sitemap: int, base: str) -> dict[str, Route]:
    stories = load_stories()[:count]
    html_type = "text/html; charset=utf-8"
    routes = {"/robots.txt": ("text/plain", b"User-agent: *\nAllow: /\n")}
    for story in stories:
        routes[story.path] = (html_type, article_html(story, base).encode("utf-8"))
    for size in sizes:
        for i, path in enumerate(sitemap_paths(size, per_sitemap)):
            part = stories[i * per_sitemap : min((i + 1) * per_sitemap, size)]
            routes[path] = ("application/xml", sitemap_xml(part, base).encode("utf-8"))
    return routes


def _serve(count: int, sizes: list[int], per_sitemap: int, max_seconds: float) -> None:
    server = LoopbackServer("127.0.0.1", {})
    server.routes = build_routes(count, sizes, per_sitemap, server.base)
    serve_until_stopped([server], f"PORT {server.server_port}", max_seconds)


class NewsSite:
    """`with NewsSite(sizes) as site:` serves the first `max(sizes)` stories, and sitemaps
    listing the first `size` of them for each size, until the block ends."""

    def __init__(self, sizes: list[int], per_sitemap: int = 5000, timeout: float = 180.0) -> None:
        self.sizes = sorted(set(sizes))
        self.count = self.sizes[-1]
        self.per_sitemap = per_sitemap
        self.timeout = timeout
        self.proc: subprocess.Popen[str] | None = None
        self.port = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def sources_file(self, folder: Path, size: int) -> Path:
        """A sources.yaml listing the first `size` stories: one sitemap source per
        `per_sitemap` stories (discovery caps the URLs of one source at 10,000)."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"sources-{size}.yaml"
        lines = ["sources:"]
        for i, sitemap in enumerate(sitemap_paths(size, self.per_sitemap)):
            url = self.url(sitemap)
            lines.append(f"  - {{name: bench-sitemap-{i}, kind: sitemap, url: '{url}'}}")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def page_hits(self) -> list[tuple[float, str]]:
        """(monotonic time of arrival, path) of every page request since the last call."""
        import httpx

        hits = httpx.get(self.url(HITS_PATH), timeout=10).json()
        return [(arrived, path) for arrived, _, path in hits]

    def start(self) -> NewsSite:
        repo = Path(__file__).resolve().parent.parent
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.site", str(self.per_sitemap), *map(str, self.sizes)],
            cwd=repo,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            ready = sel.select(self.timeout)
        line = self.proc.stdout.readline() if ready else ""
        if not line.startswith("PORT "):
            self.stop()
            raise RuntimeError(f"the benchmark site did not start: {line!r}")
        self.port = int(line.split()[1])
        return self

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        for stream in (proc.stdin, proc.stdout):
            with contextlib.suppress(OSError):
                if stream:
                    stream.close()

    def __enter__(self) -> NewsSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("per_sitemap", type=int)
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--max-seconds", type=float, default=MAX_SECONDS)
    args = parser.parse_args()
    _serve(max(args.sizes), args.sizes, args.per_sitemap, args.max_seconds)


if __name__ == "__main__":
    main()
