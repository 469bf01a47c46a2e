"""Fetching one page over HTTP, safely: bounded time, redirects and bytes; HTML only.

Addresses are checked before every connection, also after each redirect: private and loopback
ones are refused unless `NEWSARCHIVE_ALLOW_PRIVATE_ADDRESSES=1` allows them (tests do, to serve
pages on loopback); link-local ones (cloud metadata, 169.254.169.254) are always refused."""

from __future__ import annotations

import ipaddress
import os
import socket
from urllib.parse import urljoin, urlsplit

import httpx

from ._errors import NewsarchiveError
from ._pipeline import Input

USER_AGENT = "newsarchive/0.1 (+https://github.com/newsarchive/newsarchive)"
HTML_TYPES = ("text/html", "application/xhtml+xml")


class FetchError(NewsarchiveError):
    """A page could not be fetched; the message is the reason recorded for its URL."""


def private_allowed_from_env() -> bool:
    return os.environ.get("NEWSARCHIVE_ALLOW_PRIVATE_ADDRESSES", "").lower() in ("1", "true", "yes")


def refused_address(host: str, *, allow_private: bool) -> str | None:
    """Why `host` may not be fetched (None if it may). Resolves it and checks every address."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror:
        return f"cannot resolve host {host!r}"
    for info in infos:
        addr = ipaddress.ip_address(info[4][0])
        if addr.is_link_local:  # cloud metadata endpoints live here: never, whatever is allowed
            return f"refused: {host} resolves to link-local address {addr}"
        if not addr.is_global and not allow_private:
            return f"refused: {host} resolves to non-public address {addr}"
        if addr.is_multicast or addr.is_unspecified:
            return f"refused: {host} resolves to {addr}"
    return None


class Fetcher:
    def __init__(
        self,
        *,
        allow_private: bool | None = None,
        timeout: float = 20.0,
        max_bytes: int = 5_000_000,
        max_redirects: int = 5,
    ) -> None:
        self.allow_private = private_allowed_from_env() if allow_private is None else allow_private
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"},
            follow_redirects=False,  # followed by hand, so each hop's address is checked
        )

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str) -> tuple[str, bytes]:
        """Return (final URL, body bytes) or raise `FetchError` with the reason."""
        for _ in range(self.max_redirects + 1):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise FetchError(f"not an http(s) URL: {url}")
            refusal = refused_address(parts.hostname, allow_private=self.allow_private)
            if refusal:
                raise FetchError(refusal)
            try:
                with self._client.stream("GET", url) as response:
                    if response.is_redirect:
                        url = urljoin(url, response.headers.get("location", ""))
                        continue
                    if response.status_code >= 400:
                        raise FetchError(f"HTTP {response.status_code}")
                    ctype = response.headers.get("content-type", "").split(";")[0].strip()
                    if ctype and ctype.lower() not in HTML_TYPES:
                        raise FetchError(f"not HTML: {ctype}")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > self.max_bytes:
                            raise FetchError(f"page larger than {self.max_bytes} bytes")
                    return str(response.url), bytes(body)
            except httpx.HTTPError as exc:
                raise FetchError(f"{type(exc).__name__}: {exc}") from exc
        raise FetchError(f"more than {self.max_redirects} redirects")

    def fetch_input(self, url: str) -> Input:
        try:
            final_url, body = self.fetch(url)
        except FetchError as exc:
            return Input(key=url, url=url, error=str(exc))
        return Input(key=url, url=final_url, html=body)
