"""Which addresses a page may be fetched from, decided before any connection is opened.

Private and loopback addresses are refused unless `NEWSARCHIVE_ALLOW_PRIVATE_ADDRESSES=1` (or
`allow_private=True`) allows them; `NEWSARCHIVE_ALLOW_PRIVATE_ADDRESSES=loopback`
(`allow_private="loopback"`) allows loopback only, still refusing the private ranges (tests use
it to serve pages on loopback). Link-local addresses (cloud metadata, 169.254.169.254) are
always refused. The fetcher asks `refused_address` before each connection and after each
redirect, and `address_refusal` again for the peer a connection actually reached (DNS
rebinding).
"""

from __future__ import annotations

import ipaddress
import os
import socket

LOOPBACK_ONLY = "loopback"  # `allow_private` value: loopback allowed, private ranges refused
AllowPrivate = bool | str  # True, False or LOOPBACK_ONLY


def private_allowed_from_env() -> AllowPrivate:
    """NEWSARCHIVE_ALLOW_PRIVATE_ADDRESSES: `1` (true, yes) allows private and loopback
    addresses, `loopback` allows loopback only; anything else allows neither."""
    value = os.environ.get("NEWSARCHIVE_ALLOW_PRIVATE_ADDRESSES", "").strip().lower()
    if value == LOOPBACK_ONLY:
        return LOOPBACK_ONLY
    return value in ("1", "true", "yes")


def address_refusal(
    host: str, addr: ipaddress.IPv4Address | ipaddress.IPv6Address, *, allow_private: AllowPrivate
) -> str | None:
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    if addr.is_link_local:  # cloud metadata endpoints live here: never, whatever is allowed
        return f"refused: {host} resolves to link-local address {addr}"
    if not addr.is_global:
        allowed = allow_private is True or (allow_private == LOOPBACK_ONLY and addr.is_loopback)
        if not allowed:
            return f"refused: {host} resolves to non-public address {addr}"
    if addr.is_multicast or addr.is_unspecified:
        return f"refused: {host} resolves to {addr}"
    return None


def refused_address(host: str, *, allow_private: AllowPrivate) -> str | None:
    """Why `host` may not be fetched (None if it may). Resolves it and checks every address.
    `allow_private`: True allows private and loopback addresses, `"loopback"` loopback only."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return f"cannot resolve host {host!r}"
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        refusal = address_refusal(host, addr, allow_private=allow_private)
        if refusal:
            return refusal
    return None
