"""A small news site on loopback: an RSS feed, a news sitemap, robots.txt and article pages
marked up like a real site, for end-to-end runs of the CLI and the DAGs."""

from __future__ import annotations

from pathlib import Path

from ._site import Reply, Site

LEADS = [
    ("Senate passes border bill", "WASHINGTON (AP) —", "Sen. Maria Lopez", "border security"),
    ("Britain's economy beats forecasts", "LONDON, Nov 17 (Reuters) -", "Rishi Sunak", "growth"),
    ("France and Germany agree asylum rules", "PARIS (AFP) —", "Emmanuel Macron", "asylum"),
    (
        "Ukraine's president meets EU leaders",
        "KYIV, Ukraine (AP) —",
        "Volodymyr Zelenskyy",
        "reconstruction aid",
    ),
    ("Stocks rise on Wall Street", "NEW YORK, March 2 -", "Janet Yellen", "interest rates"),
    ("Storm hits the Gulf Coast", "HOUSTON (AP) —", "Greg Abbott", "flood defences"),
]
PUBLISHED = "2024-05-0{}T08:00:00Z"


def article_html(n: int) -> bytes:
    title, dateline, person, topic = LEADS[n % len(LEADS)]
    paragraphs = [
        f"{dateline} {person} said on Tuesday that talks on {topic} would continue next week, "
        f"after a long day of negotiations that ended without a final agreement.",
        f"“We are closer than we have ever been,” {person} told reporters outside the building. "
        f"“Nobody should doubt our commitment to {topic}.”",
        f"Officials said the plan on {topic} would be published in full later this month, and "
        f"that a vote could follow before the summer recess if the remaining issues are solved.",
        f"Critics argued that the proposals on {topic} went too far, while supporters said they "
        f"did not go far enough. Both sides expect the debate on {topic} to continue for weeks.",
    ]
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    date = PUBLISHED.format(n % 9 + 1)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | Loopback Gazette</title>
<meta property="og:site_name" content="Loopback Gazette">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{date}">
<meta name="author" content="Staff Writer {n}">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav>
<article><h1>{title}</h1><p class="byline">By Staff Writer {n}</p>
<time datetime="{date}">{date}</time>
{body}
</article>
<aside><h2>Related</h2><ul><li><a href="/x">Another story</a></li></ul></aside>
<footer>© 2024 Loopback Gazette. All rights reserved.</footer>
</body></html>""".encode()


def news_site(
    n_feed: int = 4, n_sitemap: int = 3, host: str = "127.0.0.1", pause: float = 0.0
) -> Site:
    """Articles 0..n_feed-1 are in the feed; the next n_sitemap in the sitemap. The feed also
    lists article 0 again with tracking parameters: it must collapse to one URL. `host` (any
    127.0.0.x) makes sites that are distinct hosts; `pause` delays every article page."""
    site = Site(host=host)
    base = site.base
    routes: dict[str, Reply] = {
        "/robots.txt": Reply(200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"),
    }
    items = []
    for n in range(n_feed + n_sitemap):
        routes[f"/news/story-{n}.html"] = Reply(
            200, {"Content-Type": "text/html; charset=utf-8"}, article_html(n), pause=pause
        )
    for n in range(n_feed):
        link = f"{base}/news/story-{n}.html"
        date = f"Wed, 0{n % 9 + 1} May 2024 08:00:00 GMT"
        items.append(f"<item><title>Story {n}</title><link>{link}</link><pubDate>{date}</pubDate>")
        items.append("</item>")
    tracked = f"{base}/news/story-0.html?utm_source=rss&amp;utm_medium=feed"
    items.append(f"<item><title>Story 0 again</title><link>{tracked}</link></item>")
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback Gazette</title>'
        + "".join(items)
        + "</channel></rss>"
    )
    urls = "".join(
        f"<url><loc>{base}/news/story-{n}.html</loc><lastmod>2024-05-0{n % 9 + 1}</lastmod></url>"
        for n in range(n_feed, n_feed + n_sitemap)
    )
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    sitemap = f'<?xml version="1.0"?><urlset xmlns="{ns}">{urls}</urlset>'
    routes["/feed.xml"] = Reply(200, {"Content-Type": "application/rss+xml"}, feed.encode())
    routes["/sitemap.xml"] = Reply(200, {"Content-Type": "application/xml"}, sitemap.encode())
    site.routes.update(routes)
    return site


def sources_file(folder: Path, site: Site) -> Path:
    path = folder / "sources.yaml"
    path.write_text(
        "sources:\n"
        f"  - {{name: gazette-feed, kind: feed, url: '{site.url('/feed.xml')}'}}\n"
        f"  - {{name: gazette-sitemap, kind: sitemap, url: '{site.url('/sitemap.xml')}'}}\n"
    )
    return path
