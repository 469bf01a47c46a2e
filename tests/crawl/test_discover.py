"""Discovery of article URLs from feeds, sitemaps and lists, over real HTTP on loopback."""

from __future__ import annotations

import gzip
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from etl import ConfigError
from etl.crawl._discover import (
    Discovery,
    discover,
    from_sources,
    load_sources,
    parse_date,
    parse_document,
)
from etl.crawl._fetch import FetchedInput, Fetcher

from .._site import Reply, Site, billion_laughs
from ..conftest import REPO

XML = {"Content-Type": "application/xml"}
HTML = {"Content-Type": "text/html; charset=utf-8"}
SINCE = datetime(2024, 3, 1, tzinfo=UTC)

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:atom="http://www.w3.org/2005/Atom" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">
<channel>
  <title>News</title><link>https://news.example/</link>
  <atom:link href="https://news.example/feed" rel="self"/>
  <item><title>A</title><link>https://news.example/a?utm_source=rss&amp;utm_medium=feed</link>
    <pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>
  <item><title>A again</title><link>https://NEWS.example/a?fbclid=xyz#comments</link>
    <pubDate>Tue, 05 Mar 2024 10:00:00 +0000</pubDate></item>
  <item><title>Old</title><link>https://news.example/old</link>
    <pubDate>Mon, 01 Jan 2024 08:00:00 GMT</pubDate></item>
  <item><title>Guid only</title><guid>https://news.example/guid-only</guid>
    <dc:date>2024-03-02T00:00:00Z</dc:date></item>
  <item><title>Not a permalink</title><guid isPermaLink="false">tag:news,1</guid></item>
  <item><title>Relative</title><link>/relative?id=7</link></item>
  <item><title>Proxied</title><link>https://feedproxy.example/~r/x</link>
    <feedburner:origLink>https://news.example/orig</feedburner:origLink></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom news</title><link href="https://atom.example/"/>
  <updated>2024-03-05T00:00:00Z</updated>
  <entry><title>One</title><id>tag:1</id>
    <link rel="alternate" type="text/html" href="https://atom.example/one"/>
    <link rel="enclosure" href="https://atom.example/one.mp3"/>
    <published>2024-01-01T00:00:00Z</published><updated>2024-03-04T00:00:00Z</updated></entry>
  <entry><title>Two</title><id>tag:2</id>
    <link rel="alternate" type="application/json" href="https://atom.example/two.json"/>
    <link href="https://atom.example/two"/>
    <updated>2024-02-01T00:00:00+01:00</updated></entry>
</feed>"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example/"><title>RDF</title></channel>
  <item rdf:about="https://rdf.example/1"><title>1</title><link>https://rdf.example/1</link>
    <dc:date>2024-03-10</dc:date></item>
  <item rdf:about="https://rdf.example/2"><title>2</title><dc:date>2023-12-31</dc:date></item>
</rdf:RDF>"""


def urlset(*entries: tuple[str, str | None]) -> bytes:
    rows = "".join(
        f"<url><loc>{loc}</loc>{f'<lastmod>{mod}</lastmod>' if mod else ''}</url>"
        for loc, mod in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'
    ).encode()


def index(*locs: str) -> bytes:
    rows = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</sitemapindex>'
    ).encode()


NEWS = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url><loc>https://gn.example/fresh</loc>
    <news:news><news:publication><news:name>GN</news:name><news:language>en</news:language>
      </news:publication><news:publication_date>2024-03-05T12:00:00+00:00</news:publication_date>
      <news:title>Fresh</news:title></news:news>
    <image:image><image:loc>https://gn.example/pic.jpg</image:loc></image:image></url>
  <url><loc>https://gn.example/stale</loc>
    <news:news><news:publication_date>2024-02-01</news:publication_date></news:news></url>
</urlset>"""

BILLION_LAUGHS = billion_laughs("https://bomb.example/a")

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><link>https://x.example/&xxe;</link></item></channel></rss>"""


def gzip_bomb(decompressed_mb: int) -> bytes:
    """A multi-member gzip stream of zeros: about 1 KB per MB it unpacks to."""
    member = gzip.compress(b"\0" * 10_000_000, compresslevel=9)
    return member * (decompressed_mb // 10)


@pytest.fixture
def web() -> Iterator[Site]:
    with Site() as server:
        yield server


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(
        allow_private=True, min_delay=0, max_retries=0, timeout=2, connect_timeout=2, deadline=10
    ) as f:
        yield f


def run(web: Site, fetcher: Fetcher, kind: str, path: str, **kwargs: object) -> Discovery:
    source = {"name": "test-source", "kind": kind, "url": web.url(path)}
    return discover(source, fetcher=fetcher, **kwargs)  # type: ignore[arg-type]


# feeds


def test_rss_links_are_canonical_and_deduplicated(web: Site, fetcher: Fetcher) -> None:
    web.routes["/feed.xml"] = Reply(200, {"Content-Type": "application/rss+xml"}, RSS)
    found = run(web, fetcher, "feed", "/feed.xml")
    assert found.source == "test-source" and found.errors == []
    assert found.urls == [
        "https://news.example/a",  # three tracking variants, one URL
        "https://news.example/old",
        "https://news.example/guid-only",
        web.url("/relative?id=7"),  # resolved against the feed's URL
        "https://news.example/orig",
    ]
    assert found.documents == 1 and found.skipped_old == 0


def test_rss_since_uses_pubdate_and_dc_date(web: Site, fetcher: Fetcher) -> None:
    web.routes["/feed.xml"] = Reply(200, {"Content-Type": "application/rss+xml"}, RSS)
    found = run(web, fetcher, "feed", "/feed.xml", since=SINCE)
    assert "https://news.example/old" not in found.urls
    assert "https://news.example/guid-only" in found.urls  # dc:date 2024-03-02
    assert web.url("/relative?id=7") in found.urls  # undated entries are kept
    assert found.skipped_old == 1


def test_atom_alternate_links_and_updated_dates(web: Site, fetcher: Fetcher) -> None:
    web.routes["/atom"] = Reply(200, {"Content-Type": "application/atom+xml"}, ATOM)
    found = run(web, fetcher, "feed", "/atom")
    assert found.urls == ["https://atom.example/one", "https://atom.example/two"]
    # entry one: published is old but updated is recent, so it stays
    found = run(web, fetcher, "feed", "/atom", since=SINCE)
    assert found.urls == ["https://atom.example/one"] and found.skipped_old == 1


def test_rss_1_rdf_feed(web: Site, fetcher: Fetcher) -> None:
    web.routes["/rdf"] = Reply(200, {"Content-Type": "application/rdf+xml"}, RDF)
    found = run(web, fetcher, "feed", "/rdf", since=SINCE)
    assert found.urls == ["https://rdf.example/1"] and found.skipped_old == 1


def test_feed_errors_are_reported_not_raised(web: Site, fetcher: Fetcher) -> None:
    web.routes["/broken"] = Reply(500)
    web.routes["/html"] = Reply(200, HTML, b"<html><body>hi</body></html>")
    web.routes["/bad"] = Reply(200, XML, b"<rss><channel><item></channel>")
    web.routes["/png"] = Reply(200, {"Content-Type": "image/png"}, b"\x89PNG")
    assert run(web, fetcher, "feed", "/broken").errors == [
        f"feed {web.url('/broken')}: HTTP 500 after 1 attempt"
    ]
    assert run(web, fetcher, "feed", "/html").errors == [
        f"feed {web.url('/html')}: not a feed or sitemap (root element <html>)"
    ]
    assert "not well-formed XML: mismatched tag" in run(web, fetcher, "feed", "/bad").errors[0]
    assert run(web, fetcher, "feed", "/png").errors[0].endswith("not a feed or sitemap: image/png")


def test_feed_disallowed_by_robots(web: Site) -> None:
    web.routes["/robots.txt"] = Reply(200, {}, b"User-agent: *\nDisallow: /feeds/\n")
    web.routes["/feeds/all"] = Reply(200, XML, RSS)
    with Fetcher(allow_private=True, min_delay=0) as polite:
        found = run(web, polite, "feed", "/feeds/all")
    assert found.errors == [f"feed {web.url('/feeds/all')}: disallowed by robots.txt"]
    assert not web.hits_for("/feeds/all")


def test_shift_jis_feed_is_read(web: Site, fetcher: Fetcher) -> None:
    feed = (
        '<?xml version="1.0" encoding="Shift_JIS"?><rss version="2.0"><channel>'
        "<title>ニュース</title><item><title>東京</title><link>https://jp.example/1</link></item>"
        "</channel></rss>"
    ).encode("shift_jis")
    web.routes["/jp"] = Reply(200, XML, feed)
    assert run(web, fetcher, "feed", "/jp").urls == ["https://jp.example/1"]


# XML attacks


def test_entity_bomb_feed_is_refused_quickly(web: Site, fetcher: Fetcher) -> None:
    web.routes["/bomb"] = Reply(200, XML, BILLION_LAUGHS)
    started = time.monotonic()
    found = run(web, fetcher, "feed", "/bomb")
    assert time.monotonic() - started < 2
    assert found.urls == []
    assert found.errors == [
        f"feed {web.url('/bomb')}: XML entity declarations are not allowed (entity 'lol'; "
        "refused to protect against entity expansion)"
    ]


def test_external_entities_are_refused() -> None:
    with pytest.raises(Exception, match="entity declarations are not allowed"):
        parse_document(XXE)


def test_gzip_bomb_sitemap_is_bounded(web: Site, fetcher: Fetcher) -> None:
    bomb = gzip_bomb(1000)  # ~1 MB that unpacks to 1 GB
    assert len(bomb) < 2_000_000
    web.routes["/sitemap.xml.gz"] = Reply(200, {"Content-Type": "application/x-gzip"}, bomb)
    web.routes["/encoded.xml"] = Reply(200, {**XML, "Content-Encoding": "gzip"}, bomb)
    tracemalloc.start()
    try:
        started = time.monotonic()
        file_bomb = run(web, fetcher, "sitemap", "/sitemap.xml.gz")
        encoded_bomb = run(web, fetcher, "sitemap", "/encoded.xml")
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert file_bomb.errors == [
        f"sitemap {web.url('/sitemap.xml.gz')}: document more than 50000000 bytes once decompressed"
    ]
    assert encoded_bomb.errors == [
        f"sitemap {web.url('/encoded.xml')}: document more than 50000000 bytes once decompressed"
    ]
    assert peak < 150_000_000  # the 50 MB limit and its buffers, not the 1 GB
    assert elapsed < 10


# sitemaps


def test_sitemap_lastmod_and_since(web: Site, fetcher: Fetcher) -> None:
    web.routes["/sitemap.xml"] = Reply(
        200,
        XML,
        urlset(
            ("https://s.example/new", "2024-03-05"),
            ("https://s.example/old", "2023-05-01T10:00:00+02:00"),
            ("https://s.example/undated", None),
            ("https://s.example/new?utm_campaign=x", "2024-03-05"),
        ),
    )
    found = run(web, fetcher, "sitemap", "/sitemap.xml", since=SINCE)
    assert found.urls == ["https://s.example/new", "https://s.example/undated"]
    assert found.skipped_old == 1 and found.errors == []


def test_google_news_sitemap(web: Site, fetcher: Fetcher) -> None:
    web.routes["/news.xml"] = Reply(200, {"Content-Type": "text/xml"}, NEWS)
    assert run(web, fetcher, "sitemap", "/news.xml").urls == [
        "https://gn.example/fresh",  # not the image:loc inside it
        "https://gn.example/stale",
    ]
    found = run(web, fetcher, "sitemap", "/news.xml", since=SINCE)
    assert found.urls == ["https://gn.example/fresh"] and found.skipped_old == 1


def test_sitemap_index_with_a_loop(web: Site, fetcher: Fetcher) -> None:
    web.routes["/index.xml"] = Reply(200, XML, index("/a.xml", "/sub-index.xml", "/b.xml"))
    web.routes["/sub-index.xml"] = Reply(200, XML, index("/index.xml", "/c.xml", "/a.xml"))
    web.routes["/a.xml"] = Reply(200, XML, urlset(("https://s.example/a", None)))
    web.routes["/b.xml"] = Reply(200, XML, urlset(("https://s.example/b", None)))
    web.routes["/c.xml"] = Reply(200, XML, urlset(("https://s.example/c", None)))
    found = run(web, fetcher, "sitemap", "/index.xml")
    assert found.urls == ["https://s.example/a", "https://s.example/c", "https://s.example/b"]
    assert found.errors == [f"sitemap index loop at {web.url('/index.xml')}: not followed"]
    assert len(web.hits_for("/index.xml")) == 1 and len(web.hits_for("/a.xml")) == 1
    assert found.documents == 5


def test_sitemap_index_depth_limit(web: Site, fetcher: Fetcher) -> None:
    for level in range(5):
        web.routes[f"/level{level}.xml"] = Reply(200, XML, index(f"/level{level + 1}.xml"))
    found = run(web, fetcher, "sitemap", "/level0.xml")
    assert found.errors == [f"sitemap index deeper than 3 levels at {web.url('/level4.xml')}"]
    assert not web.hits_for("/level4.xml")


def test_sitemap_index_skips_children_older_than_since(web: Site, fetcher: Fetcher) -> None:
    body = (
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>/2023.xml</loc><lastmod>2023-12-31</lastmod></sitemap>"
        b"<sitemap><loc>/2024.xml</loc><lastmod>2024-03-09</lastmod></sitemap></sitemapindex>"
    )
    web.routes["/idx"] = Reply(200, XML, body)
    web.routes["/2024.xml"] = Reply(200, XML, urlset(("https://s.example/2024", "2024-03-09")))
    found = run(web, fetcher, "sitemap", "/idx", since=SINCE)
    assert found.urls == ["https://s.example/2024"] and found.skipped_sitemaps == 1
    assert not web.hits_for("/2023.xml")


def test_gzip_sitemaps_file_and_encoding(web: Site, fetcher: Fetcher) -> None:
    body = urlset(("https://s.example/zipped", None))
    web.routes["/s.xml.gz"] = Reply(200, {"Content-Type": "application/gzip"}, gzip.compress(body))
    web.routes["/enc.xml"] = Reply(200, {**XML, "Content-Encoding": "gzip"}, gzip.compress(body))
    deflated = zlib.compress(body)
    web.routes["/deflate.xml"] = Reply(200, {**XML, "Content-Encoding": "deflate"}, deflated)
    for path in ("/s.xml.gz", "/enc.xml", "/deflate.xml"):
        assert run(web, fetcher, "sitemap", path).urls == ["https://s.example/zipped"], path


def test_plain_text_sitemap(web: Site, fetcher: Fetcher) -> None:
    body = b"https://t.example/1\n\nhttps://t.example/2?utm_source=x\nnot a url\n"
    web.routes["/sitemap.txt"] = Reply(200, {"Content-Type": "text/plain"}, body)
    assert run(web, fetcher, "sitemap", "/sitemap.txt").urls == [
        "https://t.example/1",
        "https://t.example/2",
    ]


def test_max_urls_truncates(web: Site, fetcher: Fetcher) -> None:
    web.routes["/big.xml"] = Reply(
        200, XML, urlset(*((f"https://s.example/{i}", None) for i in range(50)))
    )
    found = run(web, fetcher, "sitemap", "/big.xml", max_urls=10)
    assert len(found.urls) == 10 and found.truncated
    assert found.errors == [
        "more than 10 article URLs listed: the rest were left out "
        "(raise `max_urls` for this source to take them)"
    ]
    own_limit = discover(
        {"name": "big", "kind": "sitemap", "url": web.url("/big.xml"), "max_urls": 60},
        fetcher=fetcher, max_urls=10,
    )  # fmt: skip
    assert len(own_limit.urls) == 50 and not own_limit.truncated and not own_limit.errors


# urls and folders


def test_urls_source_is_canonicalised(fetcher: Fetcher) -> None:
    source = {
        "name": "list",
        "kind": "urls",
        "urls": [
            "https://u.example/x?utm_source=a",
            "https://U.example/x#top",
            "https://u.example/y",
            "ftp://u.example/z",
        ],
    }
    found = discover(source, fetcher=fetcher)
    assert found.urls == ["https://u.example/x", "https://u.example/y"]
    assert found.errors == ["not an http(s) URL: ftp://u.example/z"]


def test_folder_source_lists_files(fetcher: Fetcher) -> None:
    source = {"name": "seed", "kind": "folder", "path": "articles"}
    found = discover(source, fetcher=fetcher, base=REPO / "seeds")
    assert found.paths and all(p.endswith((".html", ".htm")) for p in found.paths)
    assert found.urls == []


# the sources file end to end


def test_from_sources_discovers_and_fetches(web: Site, fetcher: Fetcher, tmp_path: Path) -> None:
    page = b"<html><head><title>x</title></head><body><p>Caf\xe9 story.</p></body></html>"
    web.routes["/feed"] = Reply(
        200,
        XML,
        (
            '<rss version="2.0"><channel>'
            f"<item><link>{web.url('/story?utm_source=rss')}</link></item>"
            f"<item><link>{web.url('/story')}</link></item>"
            "</channel></rss>"
        ).encode(),
    )
    web.routes["/story"] = Reply(200, {"Content-Type": "text/html"}, page)
    web.routes["/down.xml"] = Reply(503)
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "sources:\n"
        f"  - {{name: local-feed, kind: feed, url: '{web.url('/feed')}'}}\n"
        f"  - {{name: local-map, kind: sitemap, url: '{web.url('/down.xml')}'}}\n"
        f"  - {{name: switched-off, kind: feed, url: '{web.url('/never')}', enabled: false}}\n",
        encoding="utf-8",
    )
    items = sorted(from_sources(sources, fetcher), key=lambda i: i.source or "")  # as they come
    assert [(i.key, i.source) for i in items] == [
        (web.url("/story"), "local-feed"),
        (web.url("/down.xml"), "local-map"),
    ]
    story, down = items
    assert isinstance(story, FetchedInput) and story.html is not None
    assert "Café story." in story.html  # windows-1252 without a declared charset
    assert story.fetched_at
    assert down.error == f"sitemap {web.url('/down.xml')}: HTTP 503 after 1 attempt"
    assert not web.hits_for("/never")


def test_seed_sources_file_still_loads() -> None:
    sources = load_sources(REPO / "seeds" / "sources.yaml")
    assert {s["kind"] for s in sources} >= {"folder", "feed", "sitemap"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sources: {}", "expected a top-level `sources:` list"),
        ("sources: [{kind: feed, url: 'https://a.example/f'}]", "sources[0] needs a `name`"),
        ("sources: [{name: a, kind: blog}]", "`kind` must be one of"),
        ("sources: [{name: a, kind: feed}]", "a feed source needs `url` or `urls`"),
        ("sources: [{name: a, kind: folder}]", "a folder source needs `path`"),
        ("sources: [{name: a, kind: urls, urls: 'https://a.example/1'}]", "must be a list"),
        (
            "sources: [{name: a, kind: folder, path: x}, {name: a, kind: folder, path: y}]",
            "sources[1]: duplicate name 'a'",
        ),
        (
            "sources: [{name: a, kind: sitemap, url: 'https://a.example/s', max_urls: 0}]",
            "`max_urls` must be a whole number above 0",
        ),
        ("sources: [oops", "is not valid YAML"),
    ],
)
def test_a_mistake_in_the_sources_file_says_what_and_where(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_sources(path)
    assert message in str(caught.value) and str(path) in str(caught.value)


# dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tue, 05 Mar 2024 10:00:00 GMT", datetime(2024, 3, 5, 10, tzinfo=UTC)),
        ("2024-03-05T11:00:00+01:00", datetime(2024, 3, 5, 10, tzinfo=UTC)),
        ("2024-03-05", datetime(2024, 3, 5, tzinfo=UTC)),
        ("2024-03", datetime(2024, 3, 1, tzinfo=UTC)),
        ("2024", datetime(2024, 1, 1, tzinfo=UTC)),
        ("", None),
        ("yesterday", None),
    ],
)
def test_parse_date(text: str, expected: datetime | None) -> None:
    assert parse_date(text) == expected
