"""The benchmark corpus: Reuters-21578 stories with a dateline and a body, each wrapped in a
realistic HTML article page (site header with a long menu, headline, byline, date meta,
JSON-LD, paragraphs, a "most read" box, a newsletter box, a footer with many links and some
inline script and style), served from a loopback server or handed straight to `etl.extract`.

The data set is read from ../shared/data (research use only): it is never copied into the repo.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
STORIES = SHARED / "data" / "reuters21578" / "stories.jsonl.gz"
SITE_NAME = "Loopback Wire"

WORD_RE = re.compile(r"\w+")


def count_words(text: str) -> int:
    """Words as the throughput figures count them: runs of `\\w` characters."""
    return len(WORD_RE.findall(text))


@dataclass(frozen=True)
class Story:
    n: int  # position in the corpus (0-based): the page path is /news/<n>.html
    reuters_id: int
    title: str
    dateline: str
    body: str  # the story text without the dateline, as in the data set
    published: str  # ISO 8601
    topics: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = field(default=(), compare=False)

    @property
    def path(self) -> str:
        return f"/news/{self.n:05d}.html"

    @property
    def lead(self) -> str:
        """The wire lead: `dateline + " " + body`, as it ran."""
        return "\n".join(self.paragraphs)


def _paragraphs(dateline: str, body: str) -> tuple[str, ...]:
    # Reuters bodies wrap lines at ~65 characters; an indented line starts a paragraph.
    parts = re.split(r"\n\s{2,}", body.strip())
    paras = [" ".join(p.split()) for p in parts if p.strip()]
    if paras:
        paras[0] = f"{dateline.strip()} {paras[0]}"
    return tuple(paras)


# Dates move 30 years on (1987 -> 2017): trafilatura's date extraction (htmldate) discards
# dates before 1995, and an archive's date facets need dates.
YEAR_SHIFT = 30


def _iso(date: str) -> str:
    # "26-FEB-1987 15:01:01.79"
    try:
        when = datetime.strptime(date.split(".")[0].title(), "%d-%b-%Y %H:%M:%S")
    except ValueError:
        when = datetime(1987, 3, 1)
    return when.replace(year=when.year + YEAR_SHIFT).strftime("%Y-%m-%dT%H:%M:%SZ")


def _title(raw: str) -> str:
    words = []
    for word in raw.split():
        if word.startswith("<") or (len(word) <= 3 and word.isupper() and word.isalpha()):
            words.append(word)  # tickers (<SRD>) and short acronyms stay as they are
        else:
            words.append(word.capitalize())
    return " ".join(words)


@cache
def load_stories(path: Path = STORIES) -> tuple[Story, ...]:
    """Every story with a dateline and a body (about 16,000), in the data set's order."""
    if not path.exists():
        raise SystemExit(f"the Reuters-21578 stories are missing: {path}")
    stories: list[Story] = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if not row.get("dateline") or not row.get("body"):
                continue
            paras = _paragraphs(row["dateline"], row["body"])
            if not paras:
                continue
            stories.append(
                Story(
                    n=len(stories),
                    reuters_id=row["id"],
                    title=_title(row.get("title") or "Untitled"),
                    dateline=row["dateline"].strip(),
                    body=row["body"],
                    published=_iso(row.get("date") or ""),
                    topics=tuple(row.get("topics") or ()),
                    places=tuple(row.get("places") or ()),
                    people=tuple(row.get("people") or ()),
                    orgs=tuple(row.get("orgs") or ()),
                    paragraphs=paras,
                )
            )
    return tuple(stories)


# --- the page template -----------------------------------------------------------------------

_SECTIONS = (
    "World Business Markets Politics Technology Science Health Sport Culture Opinion "
    "Commodities Energy Currencies Bonds Equities Asia Europe Americas Africa Middle-East"
).split()
_MENU = "\n".join(
    f'<li class="menu-item"><a href="/{s.lower()}">{s.replace("-", " ")}</a>'
    f'<ul class="sub-menu">'
    + "".join(f'<li><a href="/{s.lower()}/{k}">{k.title()}</a></li>' for k in ("news", "analysis"))
    + "</ul></li>"
    for s in _SECTIONS
)
_FOOTER_LINKS = " ".join(
    f'<a href="/about/{w}">{w.title()}</a>'
    for w in "about contact careers advertise privacy terms cookies accessibility sitemap "
    "archive corrections ethics newsletters podcasts apps rss".split()
)
# Inline script and style of the size real article pages carry (trimmed): parsed, then dropped.
_SCRIPT = (
    "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
    + "".join(f"var cfg{i}={{slot:'ad-{i}',sizes:[[300,250],[728,90]],lazy:1}};" for i in range(60))
)
_STYLE = "".join(
    f".c{i}{{margin:0 {i % 7}px;padding:{i % 5}px;font-size:{12 + i % 6}px;color:#{i:03x}}}"
    for i in range(120)
)


def _most_read(story: Story, stories_titles: tuple[str, ...]) -> str:
    items = "".join(
        f'<li><a href="/news/{(story.n + k) % 99991:05d}.html">{html.escape(t)}</a></li>'
        for k, t in enumerate(stories_titles, start=1)
    )
    return f'<aside class="most-read"><h2>Most read</h2><ol>{items}</ol></aside>'


_OTHER_TITLES = (
    "Oil prices steady as traders eye supply talks",
    "Central bank holds rates, signals caution",
    "Grain exports rise on strong Asian demand",
    "Dollar slips against yen in thin trading",
    "Airline shares climb after merger approval",
    "Gold edges higher on inflation worries",
    "Steelmakers report quarterly profit jump",
    "Coffee quotas back on the agenda",
)


def article_html(story: Story, base: str = "") -> str:
    """A realistic article page for one story (about 15 KB of HTML)."""
    title = html.escape(story.title)
    date = story.published
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in story.paragraphs)
    tags = "".join(
        f'<meta property="article:tag" content="{html.escape(t)}">' for t in story.topics
    )
    topic_links = " ".join(
        f'<a rel="tag" href="/topic/{html.escape(t)}">{html.escape(t)}</a>' for t in story.topics
    )
    url = f"{base}{story.path}"
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": story.title,
            "datePublished": date,
            "author": {"@type": "Organization", "name": "Reuters"},
            "publisher": {"@type": "Organization", "name": SITE_NAME},
            "mainEntityOfPage": url,
        }
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | {SITE_NAME}</title>
<link rel="canonical" href="{url}">
<meta name="description" content="{html.escape(story.paragraphs[0][:150])}">
<meta property="og:site_name" content="{SITE_NAME}">
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="og:url" content="{url}">
<meta property="article:published_time" content="{date}">
<meta property="article:section" content="Business">
{tags}
<meta name="author" content="Reuters Staff">
<script type="application/ld+json">{ld}</script>
<style>{_STYLE}</style>
<script>{_SCRIPT}</script>
</head><body class="article-page">
<header class="site-header"><a class="logo" href="/">{SITE_NAME}</a>
<nav class="main-nav"><ul class="menu">{_MENU}</ul></nav>
<form class="search" action="/search"><input name="q"><button>Search</button></form>
</header>
<div class="ad-slot" id="gpt-ad-top"><script>/* ad */</script></div>
<main>
<article class="story">
<header class="story-header"><h1 class="headline">{title}</h1>
<p class="byline">By <a href="/authors/reuters-staff">Reuters Staff</a></p>
<time class="published" datetime="{date}">{date[:10]}</time>
<div class="share-bar"><a href="#">Share</a> <a href="#">Tweet</a> <a href="#">Email</a></div>
</header>
<div class="article-body">
{paragraphs}
</div>
<p class="topics">Topics: {topic_links}</p>
</article>
{_most_read(story, _OTHER_TITLES)}
<div class="newsletter-signup"><h3>Sign up for our daily briefing</h3>
<p>Get the top business stories delivered to your inbox every morning.</p>
<form><input type="email" name="email"><button>Subscribe</button></form></div>
</main>
<footer class="site-footer"><nav>{_FOOTER_LINKS}</nav>
<p>© 2017 {SITE_NAME}. All rights reserved.</p></footer>
<script>(function(){{var s=document.createElement('script');s.async=true;}})();</script>
</body></html>"""


def sitemap_xml(stories: list[Story] | tuple[Story, ...], base: str) -> str:
    urls = "".join(
        f"<url><loc>{base}{s.path}</loc><lastmod>{s.published[:10]}</lastmod></url>"
        for s in stories
    )
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="{ns}">{urls}</urlset>'
