"""Is there an article on this page? Evidence of an article, not length alone.

A short text (a dividend notice, an earnings line, a two-paragraph flash) is news when the page
shows it is an article: its type (`og:type` article, a JSON-LD `NewsArticle`/`Article`), or
article markup (`<article>`, a schema.org Article item) holding a headline with a dateline or a
byline. Pages with no article are still rejected: index pages (no such evidence), error pages and
paywall stubs (their text says so; phrases in `data/not_articles.json`).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._jsonld import json_ld

if TYPE_CHECKING:
    from lxml.html import HtmlElement

DATA = Path(__file__).resolve().parent / "data" / "not_articles.json"
MIN_SHORT_ARTICLE_CHARS = 20  # below this no page is an article, whatever it says about itself

# "SALVADOR, Feb 26 -", "WASHINGTON (AP) —", "LONDON —": an upper-case place opening the text.
_DATELINE_RE = re.compile(
    r"^[A-Z][A-Z.'’ -]{2,40}(?:,[^\n\-—–]{1,40})?\s*(?:\([^)\n]{1,30}\)\s*)?[-—–:]\s"
)


@cache
def _knowledge() -> dict[str, Any]:
    return json.loads(DATA.read_text("utf-8"))


def article_types() -> set[str]:
    """schema.org types (lower-cased) of an article."""
    return set(_knowledge()["article_types"])


def _types(node: Any, into: set[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _types(item, into)
    elif isinstance(node, dict):
        kinds = node.get("@type")
        for kind in kinds if isinstance(kinds, list) else [kinds]:
            if isinstance(kind, str):
                into.add(kind.casefold())
        for key in ("@graph", "mainEntity"):
            _types(node.get(key), into)


def page_types(tree: HtmlElement) -> set[str]:
    """What the page says it is: `og:type` and JSON-LD/microdata types, lower-cased."""
    kinds: set[str] = set()
    for meta in tree.xpath("//meta[@property='og:type' or @name='og:type']"):
        kinds.add((meta.get("content") or "").strip().casefold())
    for block in json_ld(tree):
        _types(block, kinds)
    for item in tree.xpath("//*[@itemtype]"):
        kinds.add(item.get("itemtype", "").rstrip("/").rsplit("/", 1)[-1].casefold())
    kinds.discard("")
    return kinds


def article_evidence(tree: HtmlElement, body: str, *, byline: bool) -> str | None:
    """The evidence that the page holds an article ("page type", "article markup with a
    headline and a dateline/byline"), or None."""
    if page_types(tree) & article_types():
        return "page type"
    if tree.find(".//article") is None:
        return None
    headline = any(h.text_content().strip() for h in tree.iter("h1"))
    if headline and (byline or _DATELINE_RE.match(body)):
        return "article markup with a headline and a " + ("byline" if byline else "dateline")
    return None


def stub_reason(body: str) -> str | None:
    """Why a short text is no article (a paywall stub, an error page), or None."""
    low = " ".join(body.casefold().split())
    for phrase in _knowledge()["stub_phrases"]:
        if phrase in low:
            return f"a paywall or error page ({phrase!r})"
    return None


def short_article(tree: HtmlElement, body: str, *, byline: bool) -> bool:
    """Whether a text shorter than `MIN_BODY_CHARS` is still an article."""
    if len(body) < MIN_SHORT_ARTICLE_CHARS or stub_reason(body):
        return False
    return article_evidence(tree, body, byline=byline) is not None
