"""Fetching over real HTTP on loopback, and the refusal of non-public addresses."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from etl._fetch import Fetcher, refused_address

from .conftest import REPO, SEED_PAGE


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
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


def test_fetches_html_and_follows_redirects(site: str) -> None:
    fetcher = Fetcher(allow_private=True)
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
    fetcher = Fetcher(allow_private=True, max_bytes=100_000)
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
