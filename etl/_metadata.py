"""What a page says about itself: the names its site goes by, and the organisations it names
as its publisher; with the text keys the headline and byline readers (`_headline.py`,
`_bylines.py`) compare by.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ._jsonld import json_ld

if TYPE_CHECKING:
    from lxml.html import HtmlElement


def text_key(text: str) -> str:
    """Comparison key: lower-case letters and digits only, accents dropped."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return "".join(re.findall(r"\w", text.casefold()))


def folded_words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold().replace("’", "'"))


# soft hyphens and zero-width characters: hyphenation and joining hints, never a reader's text
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def spaces(text: str) -> str:
    return " ".join(_INVISIBLE_RE.sub("", unicodedata.normalize("NFKC", text)).split())


# a web address, in a name or a byline: never a person's or a site's name
URL_RE = re.compile(r"https?://\S+|www\.\S+|\S+\.(?:com|org|net|co\.uk|co|ca|uk)\b", re.I)


# --- the site's names -------------------------------------------------------------------------


def site_keys(site_names: Iterable[str], url: str | None) -> set[str]:
    """Comparison keys of the names a site goes by: its `og:site_name`/publisher, its domain
    with and without the suffix ("globalnews.ca", "globalnews"), and the name it registered
    under the public suffix ("cnn" of "edition.cnn.com", "bbc" of "www.bbc.co.uk")."""
    from urllib.parse import urlsplit

    from tld import get_tld

    keys = {text_key(name) for name in site_names if name}
    host = (urlsplit(url or "").hostname or "").lower().removeprefix("www.")
    if host:
        keys.add(text_key(host))
        labels = host.split(".")
        keys.add(text_key(labels[0] if len(labels) <= 2 else labels[-3]))
        keys.add(text_key(".".join(labels[:-1])))
        registered = get_tld(host, fix_protocol=True, as_object=True, fail_silently=True)
        if registered is not None and len(registered.domain) >= 3:
            keys.add(text_key(registered.domain))
    keys.discard("")
    return {k for k in keys if len(k) >= 2}  # "dw": matched whole only (see is_site)


def _abbreviates(site: str, words: Sequence[str]) -> bool:
    """`site` is made of the starts of `words`, in order, each word giving its first letters
    or nothing: "latimes" of "Los Angeles Times", "cbc" of "CBC News"."""
    if not site:
        return True
    if not words:
        return False
    first, rest = words[0], words[1:]
    return any(
        site.startswith(first[:n]) and _abbreviates(site[n:], rest)
        for n in range(min(len(first), len(site)), 0, -1)
    ) or _abbreviates(site, rest)


def is_site(segment: str, sites: set[str]) -> bool:
    key = text_key(segment)
    if not key or len(segment.split()) > 4:
        return False
    # "Globalnews.ca", "Globalnews" for "globalnews"; "The Namibian", "Die Neue Tageszeitung"
    # for a site whose domain is its last word
    if key in sites or any(
        len(site) >= 5
        and (key.startswith(site) or key.endswith(site) or (site.startswith(key) and len(key) >= 5))
        for site in sites
    ):
        return True
    # a name the domain shortens: "Los Angeles Times" for "latimes", "CBC News" for "cbc"
    words = [text_key(w) for w in segment.split() if text_key(w)]
    # (the first word gives the first letter, unless it is an article: "The New York Times")
    return len(words) >= 2 and any(
        len(site) >= 3
        and site.isascii()
        and (site[0] == words[0][0] or len(words[0]) <= 3)
        and _abbreviates(site, words)
        for site in sites
    )


# --- what the page says it is -------------------------------------------------------------------

_ORG_TYPES = re.compile(r"organi[sz]ation|corporation|newsmedia|company", re.I)
_ORG_KEYS = ("publisher", "sourceOrganization", "copyrightHolder", "parentOrganization")
_META_ORG = ("og:site_name", "publisher", "article:publisher", "application-name", "copyright")


def _walk(node: Any, into: set[str], org: bool = False) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, into, org)
        return
    if not isinstance(node, dict):
        if org and isinstance(node, str):
            into.add(node)
        return
    types = node.get("@type")
    types = " ".join(types) if isinstance(types, list) else str(types or "")
    if (org or _ORG_TYPES.search(types)) and isinstance(node.get("name"), str):
        into.add(node["name"])
    for key, value in node.items():
        if isinstance(value, dict | list) or key in _ORG_KEYS:
            _walk(value, into, key in _ORG_KEYS)


def page_organisations(tree: HtmlElement | None) -> set[str]:
    """Names of the organisations the page says publish it (JSON-LD `publisher`,
    `sourceOrganization`, `parentOrganization`, any `Organization`; `og:site_name`, `publisher`
    meta): never the article's authors."""
    names: set[str] = set()
    if tree is None:
        return names
    for block in json_ld(tree):
        _walk(block, names)
    for meta in tree.xpath("//meta[@property or @name]"):
        if (meta.get("property") or meta.get("name") or "").lower() in _META_ORG:
            names.add(meta.get("content") or "")
    return {spaces(n) for n in names if n and not URL_RE.match(n)}
