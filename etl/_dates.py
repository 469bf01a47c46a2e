"""The article's own publication and modification dates, from what the page says about it.

trafilatura (htmldate) weighs every date on the page, so a page whose sidebar or related
stories carry other dates can get one of theirs. The article's own statements come first:

1. the JSON-LD object of the article (an `Article`/`NewsArticle`/... type; of several, the one
   whose `url`/`mainEntityOfPage` is the page's), `datePublished` and `dateModified`;
2. the page's meta tags about the article (`article:published_time`, `itemprop=datePublished`,
   Dublin Core, ...; `article:modified_time`, `og:updated_time`, ...);
3. the `<time>` element of the article (inside the page's own `<article>`, not a teaser's, or
   marked `datePublished`/pubdate), or the page's only `<time>` element.
4. the date the page prints after a publication label ("Written: 2023-11-07 15:03:30",
   "Published on 7 November 2023"), outside a teaser of another article.

A date given in the microdata of other content (`itemprop="datePublished"` inside an embedded
`VideoObject`) is not the article's.

Only when none says anything is the library's guess used. Dates are kept as `YYYY-MM-DD`, the
day the page itself prints: a time given with its offset keeps its own day, and one the
metadata give only in UTC takes the newsroom's day where the page shows it (`_local_day`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from email.utils import parsedate_tz
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

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


def _stamp(value: Any) -> str | None:
    """A stated date or date-time as the page writes it, where it starts with a valid day."""
    return value.strip() if _day(value) else None


# a date-time as metadata write it: "2023-11-09T03:28:35Z", "2023-11-08 22:28:35",
# "2019-06-17T18:28:00+0200"
_TIME_RE = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{1,2}))?(?:[.,]\d+)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?"
)


def _wall_clock(value: Any) -> tuple[datetime, int | None] | None:
    """The date and time a stamp prints and its offset from UTC in minutes (0 for UTC, None
    where it gives none: a local time); None for a stamp without a time. ISO 8601 and the
    RFC 2822 form of feeds and mail ("Sat, 19 Oct 2019 00:04:00 +0200") are read."""
    match = _TIME_RE.match(value) if isinstance(value, str) else None
    if match is None:
        return _rfc2822_clock(value)
    *numbers, zone = match.groups()
    try:
        wall = datetime(*(int(n or 0) for n in numbers))
    except ValueError:
        return None
    if zone is None:
        return wall, None
    if zone in ("Z", "UTC", "GMT"):
        return wall, 0
    digits = zone[1:].replace(":", "")
    return wall, (-1 if zone[0] == "-" else 1) * (int(digits[:2]) * 60 + int(digits[2:]))


def _rfc2822_clock(value: Any) -> tuple[datetime, int | None] | None:
    parsed = parsedate_tz(value) if isinstance(value, str) and _RFC2822_RE.match(value) else None
    if parsed is None:
        return None
    try:
        wall = datetime(*parsed[:6])
    except ValueError:
        return None
    return wall, None if parsed[9] is None else parsed[9] // 60


# with its zone: parsedate_tz reads a time without one as UTC
_RFC2822_RE = re.compile(
    r"^\s*(?:[A-Z][a-z]{2}, )?\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d(?::\d\d)?"
    r" +(?:[+-]\d{4}|[A-Z]{1,3}T?)\s*$"
)


# a full date in a URL's path: /2023/11/08/, /2017/7/12/, /2020-02-17-..., /20200428/
_URL_DAY_RE = re.compile(
    r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?=[/_-]|$)|/((?:19|20)\d\d)(\d\d)(\d\d)(?=/|$)"
)


def _url_day(url: str | None) -> date | None:
    match = _URL_DAY_RE.search(urlsplit(url or "").path)
    if match is None:
        return None
    try:
        return date(*(int(n) for n in match.groups() if n is not None))
    except ValueError:
        return None


def _stated_times(tree: HtmlElement) -> Iterator[str]:
    """Every date-time the page states in its markup (meta tags, `<time>` elements, microdata)."""
    yield from tree.xpath("//meta/@content | //time/@datetime | //*[@itemprop]/@datetime")


_MOST_OFFSET = timedelta(hours=14)  # of any time zone from UTC


def _local_day(stamp: str | None, tree: HtmlElement, url: str | None) -> str | None:
    """The day the page prints for an article time it states only in UTC, where that is
    another day than UTC's: a site's metadata often give the instant in UTC while the page and
    its URL show the newsroom's day, and a story posted at 10 p.m. in New York is not the next
    day's news. The local day is read off the same instant stated elsewhere on the page with
    its offset, or as a local time (the same minutes and seconds, a whole quarter-hour away),
    else off a full date in the URL, one day before or after, at an hour a time zone allows."""
    parsed = _wall_clock(stamp)
    if parsed is None or parsed[1] != 0:
        return None
    utc = parsed[0]
    for value in _stated_times(tree):
        other = _wall_clock(value)
        if other is None or other[0].date() == utc.date():
            continue
        wall, offset = other
        shift = wall - utc
        if offset is None:  # a local time: the same minute and second, hours away
            same = (
                (wall.minute, wall.second) == (utc.minute, utc.second) != (0, 0)
                and shift.total_seconds() % 900 == 0
                and abs(shift) <= _MOST_OFFSET
            )
        else:
            same = offset != 0 and abs(shift - timedelta(minutes=offset)) <= timedelta(minutes=1)
        if same:
            return wall.date().isoformat()
    in_url = _url_day(url)
    if in_url == utc.date() - timedelta(days=1) and utc.hour < 12:  # west of Greenwich
        return in_url.isoformat()
    if in_url == utc.date() + timedelta(days=1) and utc.hour >= 10:  # east of it
        return in_url.isoformat()
    return None


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
    return _stamp(own.get("datePublished")), _stamp(own.get("dateModified"))


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
            if name in names and name not in found and (stamp := _stamp(meta.get("content"))):
                found[name] = stamp
    return next((found[name] for name in names if name in found), None)


def _own_article(tree: HtmlElement) -> HtmlElement | None:
    """The page's `<article>` element: its only one, else the one that holds a headline
    (`<h1>`); None where neither tells (several teasers and no headline among them)."""
    articles = tree.xpath("//article")
    if len(articles) == 1:
        return articles[0]
    headlines = tree.xpath("//article//h1")
    return next(headlines[0].iterancestors("article")) if headlines else None


def _of_other_article(element: HtmlElement, own: HtmlElement | None) -> bool:
    """The element belongs to another `<article>` than the page's own (a teaser of a related
    story, a list of the latest posts)."""
    nearest = next(element.iterancestors("article"), None)
    return own is not None and nearest is not None and nearest is not own


def _time_element(tree: HtmlElement) -> str | None:
    own = _own_article(tree)
    for path in (
        "//*[@itemprop='datePublished'][@datetime or @content]",
        "//time[@pubdate][@datetime]",
        "//article//time[@datetime]",
    ):
        for element in tree.xpath(path):
            if _of_other_content(element) or _of_other_article(element, own):
                continue
            if stamp := _stamp(element.get("datetime") or element.get("content")):
                return stamp
    times = tree.xpath("//time[@datetime]")
    return _stamp(times[0].get("datetime")) if len(times) == 1 else None


# "Written: 2023-11-07 15:03:30", "Published on 7 November 2023", "Posted: Nov. 7, 2023": the
# words a page prints before its article's own date, in an element's first text
_PUBLISHED_LABEL_RE = re.compile(
    r"^(?:written|published|posted|first published|publication date|date published)"
    r"(?:\s+on)?\s*:?\s+(?P<date>\S.{5,40})",
    re.I,
)


def _labelled_day(tree: HtmlElement) -> str | None:
    """The date the page prints after a publication label ("Written: 2023-11-07 15:03:30"),
    outside a teaser of another article: the first such label of the page."""
    from htmldate.extractors import try_date_expr

    own = _own_article(tree)
    latest = datetime.now() + timedelta(days=1)
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "option"):
            continue
        match = _PUBLISHED_LABEL_RE.match(" ".join((element.text or "").split()))
        if match is None or _of_other_article(element, own):
            continue
        if day := try_date_expr(match["date"], "%Y-%m-%d", False, datetime(1800, 1, 1), latest):
            return day
    return None


def article_dates(tree: HtmlElement, url: str | None) -> tuple[str | None, str | None]:
    """(published, modified) as the page states them for its article, each `YYYY-MM-DD` (the
    day the page prints, `_local_day`) or None."""
    published, modified = _ld_dates(tree, url)
    published = (
        published or _meta_date(tree, _PUBLISHED_META) or _time_element(tree) or _labelled_day(tree)
    )
    modified = modified or _meta_date(tree, _MODIFIED_META)
    return _printed_day(published, tree, url), _printed_day(modified, tree, url)


def _printed_day(stamp: str | None, tree: HtmlElement, url: str | None) -> str | None:
    return _local_day(stamp, tree, url) or _day(stamp)
