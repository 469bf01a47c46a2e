"""The article's own publication and modification dates, from what the page says about it.

trafilatura (htmldate) weighs every date on the page, so a page whose sidebar or related
stories carry other dates can get one of theirs. The article's own statements come first:

1. the JSON-LD object of the article (an `Article`/`NewsArticle`/... type; of several, the one
   whose `url`/`mainEntityOfPage` is the page's), `datePublished` and `dateModified`;
2. the page's meta tags about the article (`article:published_time`, `itemprop=datePublished`,
   Dublin Core, ...; `article:modified_time`, `og:updated_time`, ...);
3. the `<time>` element of the article (inside `<article>`, or marked `datePublished`/pubdate),
   or the page's only `<time>` element.

A date given in the microdata of other content (`itemprop="datePublished"` inside an embedded
`VideoObject`) is not the article's.

Only when none says anything is the library's guess used. Dates are kept as `YYYY-MM-DD`, the
day the page itself prints (no time-zone shift).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ._articleness import article_types
from ._jsonld import json_ld

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_DAY_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_PUBLISHED_META = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
    "dc.date.issued", "dcterms.issued", "dcterms.created", "dc.date", "sailthru.date",
    "parsely-pub-date", "article.published", "date",
)  # fmt: skip
_MODIFIED_META = (
    "article:modified_time", "og:updated_time", "og:article:modified_time", "datemodified",
    "dcterms.modified", "last-modified", "article.updated",
)  # fmt: skip


def _day(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    match = _DAY_RE.match(value)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1800 <= year <= 2200):
        return None
    return match.group(0).strip()


def _objects(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, list):
        return [o for item in node for o in _objects(item)]
    if not isinstance(node, dict):
        return []
    found = [node]
    for key in ("@graph", "mainEntity"):
        found += _objects(node.get(key))
    return found


def _types(node: dict[str, Any]) -> set[str]:
    kinds = node.get("@type")
    return {
        k.casefold() for k in (kinds if isinstance(kinds, list) else [kinds]) if isinstance(k, str)
    }


def _url_of(node: dict[str, Any]) -> str:
    page = node.get("mainEntityOfPage")
    if isinstance(page, dict):
        page = page.get("@id") or page.get("url")
    return str(page or node.get("url") or "")


def _same_page(a: str, b: str | None) -> bool:
    def key(u: str) -> str:
        return re.sub(r"^https?://(www\.)?|[?#].*$|/$", "", u.strip().lower())

    return bool(a and b) and key(a) == key(b or "")


def article_object(tree: HtmlElement, url: str | None) -> dict[str, Any] | None:
    """The page's JSON-LD object of its own article (of several, the one whose `url` or
    `mainEntityOfPage` is the page's), or None."""
    articles = [o for o in _objects(json_ld(tree)) if _types(o) & article_types()]
    if not articles:
        return None
    return next((o for o in articles if _same_page(_url_of(o), url)), articles[0])


def _ld_dates(tree: HtmlElement, url: str | None) -> tuple[str | None, str | None]:
    own = article_object(tree, url)
    if own is None:
        return None, None
    return _day(own.get("datePublished")), _day(own.get("dateModified"))


def _of_other_content(element: HtmlElement) -> bool:
    """The element is a microdata property of an item that is neither an article nor the page
    itself (a video, an image, a product embedded in the page)."""
    if element.get("itemprop") is None:
        return False
    scope = next((e for e in element.iterancestors() if e.get("itemscope") is not None), None)
    if scope is None or not scope.get("itemtype"):
        return False
    kind = scope.get("itemtype", "").rstrip("/").rsplit("/", 1)[-1].casefold()
    return kind not in article_types() and not kind.endswith("page")


def _meta_date(tree: HtmlElement, names: tuple[str, ...]) -> str | None:
    found: dict[str, str] = {}
    for meta in tree.xpath("//meta[@content][@property or @name or @itemprop]"):
        if _of_other_content(meta):
            continue
        for attribute in ("property", "name", "itemprop"):
            name = (meta.get(attribute) or "").casefold()
            if name in names and name not in found and (day := _day(meta.get("content"))):
                found[name] = day
    return next((found[name] for name in names if name in found), None)


def _time_element(tree: HtmlElement) -> str | None:
    for path in (
        "//*[@itemprop='datePublished'][@datetime or @content]",
        "//time[@pubdate][@datetime]",
        "//article//time[@datetime]",
    ):
        for element in tree.xpath(path):
            if _of_other_content(element):
                continue
            if day := _day(element.get("datetime") or element.get("content")):
                return day
    times = tree.xpath("//time[@datetime]")
    return _day(times[0].get("datetime")) if len(times) == 1 else None


def article_dates(tree: HtmlElement, url: str | None) -> tuple[str | None, str | None]:
    """(published, modified) as the page states them for its article, each `YYYY-MM-DD` or
    None."""
    published, modified = _ld_dates(tree, url)
    published = published or _meta_date(tree, _PUBLISHED_META) or _time_element(tree)
    modified = modified or _meta_date(tree, _MODIFIED_META)
    return published, modified
