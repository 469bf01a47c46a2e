"""Where inputs come from: paths and URLs given on the command line, or `seeds/sources.yaml`.

`discover()` turns one source entry into article URLs:
  feed     RSS 2.0, RSS 1.0 (RDF) or Atom: each item's link (feedburner:origLink, link,
           permalink guid, rdf:about); dates from pubDate, dc:date, published, updated
  sitemap  urlset (lastmod, Google News publication_date), sitemap index (followed to
           `max_depth` levels, a loop is reported, not followed), plain-text sitemaps,
           gzip (`.gz`) files and gzip-encoded bodies
  urls     the listed URLs
  folder   local files (`paths`), read by `from_folder`
URLs are made canonical (`canonical_url`: tracking parameters dropped) and deduplicated in
order. XML is parsed with defusedxml: entity declarations are refused (no entity expansion),
external references too; downloads and decompression are bounded by the `Fetcher`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET
import yaml

from .._errors import ConfigError
from .._extract import canonical_url
from .._pipeline import Input
from ._content import decode, detect_encoding
from ._fetch import Fetcher, FetchError, http_date
from ._scheduler import DEFAULT_CONNECTIONS, crawl

HTML_SUFFIXES = (".html", ".htm")
SOURCE_KINDS = ("folder", "urls", "feed", "sitemap")
MAX_DEPTH = 3  # sitemap index levels followed below the source's own document
MAX_DOCUMENTS = 200  # feeds/sitemaps fetched for one source


def _is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


# --- local files -------------------------------------------------------------------------------


def read_file(path: Path, source: str | None = None) -> Input:
    try:
        return Input(key=str(path), html=path.read_bytes(), source=source)
    except OSError as exc:
        return Input(key=str(path), source=source, error=f"cannot read file: {exc.strerror}")


def _html_files(folder: Path) -> list[Path]:
    return [
        path
        for path in sorted(folder.rglob("*"))
        if path.suffix.lower() in HTML_SUFFIXES and path.is_file()
    ]


def from_folder(folder: Path, source: str | None = None) -> Iterator[Input]:
    if not folder.is_dir():
        yield Input(key=str(folder), source=source, error="folder does not exist")
        return
    for path in _html_files(folder):
        yield read_file(path, source)


# --- parsing feeds and sitemaps ----------------------------------------------------------------


class DocumentError(Exception):
    """A feed or sitemap that cannot be read; the message says why."""


@dataclass
class Parsed:
    """What one feed or sitemap lists: article entries, or (an index) child sitemaps."""

    kind: str  # rss | rdf | atom | urlset | sitemapindex | text
    entries: list[tuple[str, datetime | None]] = field(default_factory=list)
    sitemaps: list[tuple[str, datetime | None]] = field(default_factory=list)


_ROOTS = {"rss": "rss", "RDF": "rdf", "feed": "atom", "urlset": "urlset", "sitemapindex": "index"}
_ISO_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2}))?")
_XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>")


def parse_date(text: str | None) -> datetime | None:
    """A timezone-aware date from W3C-DTF / ISO 8601 (sitemaps, Atom, dc:date) or RFC 822
    (RSS pubDate); naive ones are taken as UTC. None if absent or unreadable."""
    text = (text or "").strip()
    if not text:
        return None
    when: datetime | None = None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        partial = _ISO_PARTIAL.fullmatch(text)
        if partial:
            when = datetime(int(partial.group(1)), int(partial.group(2) or 1), 1)
        else:
            return http_date(text)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(elem: Element) -> str:
    return (elem.text or "").strip()


def _latest(dates: Iterable[datetime | None]) -> datetime | None:
    known = [d for d in dates if d is not None]
    return max(known) if known else None


def _feed_item(item: Element) -> tuple[str | None, datetime | None]:
    """The article link and latest date of an RSS item or Atom entry."""
    orig = link = guid = None
    alternates: list[tuple[int, str]] = []
    dates = []
    for child in item:
        name = _local(child.tag)
        if name == "origLink" and _text(child):  # feedburner's original link
            orig = _text(child)
        elif name == "link":
            if _text(child):
                link = link or _text(child)
            elif child.get("href"):
                rel = child.get("rel", "alternate")
                if rel == "alternate":
                    html = child.get("type", "text/html") in ("text/html", "application/xhtml+xml")
                    alternates.append((0 if html else 1, child.get("href", "").strip()))
        elif name == "guid" and child.get("isPermaLink", "true").lower() != "false":
            guid = _text(child)
        elif name in ("pubDate", "date", "published", "updated", "issued", "modified"):
            dates.append(parse_date(child.text))
    about = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
    alternate = min(alternates)[1] if alternates else None
    candidates = (orig, link, alternate, guid, about)
    url = next((c for c in candidates if c and (_is_url(c) or c.startswith("/"))), None)
    return url, _latest(dates)


def _sitemap_entry(elem: Element) -> tuple[str | None, datetime | None]:
    """<url> or <sitemap>: its own <loc> (not image:loc etc.) and its latest date."""
    loc = None
    dates = []
    for child in elem:
        name = _local(child.tag)
        if name == "loc":
            loc = _text(child)
        elif name == "lastmod":
            dates.append(parse_date(child.text))
        elif name == "news":  # Google News: <news:news><news:publication_date>
            dates.extend(parse_date(c.text) for c in child if _local(c.tag) == "publication_date")
    return loc or None, _latest(dates)


def _iterparse(body: bytes) -> Parsed:
    parsed: Parsed | None = None
    events = SafeET.iterparse(
        io.BytesIO(body),
        events=("start", "end"),
        forbid_dtd=False,  # old RSS 0.91 feeds carry a DOCTYPE; entities are what is refused
        forbid_entities=True,
        forbid_external=True,
    )
    depth = 0
    for event, elem in events:
        if event == "start":
            depth += 1
            if parsed is None:
                name = _local(elem.tag)
                if name not in _ROOTS:
                    raise DocumentError(f"not a feed or sitemap (root element <{name}>)")
                parsed = Parsed(kind=_ROOTS[name])
            continue
        depth -= 1
        name = _local(elem.tag)
        assert parsed is not None
        if parsed.kind in ("rss", "rdf", "atom") and name in ("item", "entry"):
            url, when = _feed_item(elem)
            if url:
                parsed.entries.append((url, when))
            elem.clear()
        elif parsed.kind == "urlset" and name == "url" and depth == 1:
            url, when = _sitemap_entry(elem)
            if url:
                parsed.entries.append((url, when))
            elem.clear()
        elif parsed.kind == "index" and name == "sitemap" and depth == 1:
            url, when = _sitemap_entry(elem)
            if url:
                parsed.sitemaps.append((url, when))
            elem.clear()
    if parsed is None:
        raise DocumentError("empty document")
    return parsed


def _transcode(body: bytes) -> bytes:
    """UTF-8 bytes for XML in an encoding expat does not know (e.g. Shift_JIS, GB18030)."""
    text = decode(body, detect_encoding(body))
    return _XML_DECLARATION.sub(b"", text.encode("utf-8"), count=1)


def parse_document(body: bytes, *, kind: str = "feed") -> Parsed:
    """Read a feed or sitemap. Raises `DocumentError` saying why it cannot be read."""
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if kind == "sitemap" and head and not head.startswith(b"<"):
        lines = body.decode("utf-8", errors="replace").splitlines()
        return Parsed(kind="text", entries=[(s.strip(), None) for s in lines if _is_url(s.strip())])
    try:
        try:
            return _iterparse(body)
        except (ParseError, ValueError) as exc:  # expat knows only a few encodings
            if "encoding" not in str(exc).lower():
                raise
            return _iterparse(_transcode(body))
    except defusedxml.EntitiesForbidden as exc:
        raise DocumentError(
            f"XML entity declarations are not allowed (entity {exc.name!r}; "
            "refused to protect against entity expansion)"
        ) from None
    except defusedxml.DefusedXmlException as exc:
        raise DocumentError(f"unsafe XML refused: {exc}") from None
    except ParseError as exc:
        raise DocumentError(f"not well-formed XML: {exc}") from None
    except ValueError as exc:
        raise DocumentError(f"cannot read the XML: {exc}") from None


# --- discovery ---------------------------------------------------------------------------------


@dataclass
class Discovery:
    """What discovery found for one source."""

    source: str  # the source's name
    urls: list[str] = field(default_factory=list)  # canonical, deduplicated, in order
    skipped_old: int = 0  # entries dated before `since`
    errors: list[str] = field(default_factory=list)  # e.g. "feed https://...: HTTP 500"
    paths: list[str] = field(default_factory=list)  # folder sources: the HTML files
    skipped_sitemaps: int = 0  # index children whose lastmod is before `since`: not fetched
    documents: int = 0  # feeds and sitemaps fetched
    truncated: bool = False  # `max_urls` was reached; later entries were left out


def _document_key(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, ""))


class _Walk:
    def __init__(
        self,
        found: Discovery,
        *,
        kind: str,
        fetcher: Fetcher,
        since: datetime | None,
        max_urls: int,
        max_depth: int,
        max_documents: int,
    ) -> None:
        self.found = found
        self.kind = kind
        self.fetcher = fetcher
        self.since = since
        self.max_urls = max_urls
        self.max_depth = max_depth
        self.max_documents = max_documents
        self.seen: set[str] = set()
        self.visited: set[str] = set()

    def add(self, url: str, when: datetime | None) -> bool:
        """Record one article URL; False once `max_urls` is reached."""
        if not _is_url(url):
            return True
        if self.since is not None and when is not None and when < self.since:
            self.found.skipped_old += 1
            return True
        canonical = canonical_url(url)
        if canonical in self.seen:
            return True
        if len(self.found.urls) >= self.max_urls:
            self.found.truncated = True
            return False
        self.seen.add(canonical)
        self.found.urls.append(canonical)
        return True

    def document(self, url: str, depth: int = 0, ancestors: frozenset[str] = frozenset()) -> None:
        found = self.found
        if found.truncated:
            return
        key = _document_key(url)
        if key in ancestors:
            found.errors.append(f"sitemap index loop at {url}: not followed")
            return
        if key in self.visited:  # listed by two indexes: read once
            return
        if depth > self.max_depth:
            found.errors.append(f"sitemap index deeper than {self.max_depth} levels at {url}")
            return
        if found.documents >= self.max_documents:
            found.errors.append(f"more than {self.max_documents} documents: {url} not read")
            return
        self.visited.add(key)
        found.documents += 1
        label = "sitemap" if depth else self.kind
        try:
            page = self.fetcher.fetch_document(url)
            parsed = parse_document(page.body, kind=self.kind)
        except (FetchError, DocumentError) as exc:
            found.errors.append(f"{label} {url}: {exc}")
            return
        base = page.final_url
        if parsed.kind == "index":
            for child, lastmod in parsed.sitemaps:
                if self.since is not None and lastmod is not None and lastmod < self.since:
                    found.skipped_sitemaps += 1
                    continue
                self.document(urljoin(base, child), depth + 1, ancestors | {key})
            return
        for link, when in parsed.entries:
            if not self.add(urljoin(base, link), when):
                return


def discover(
    source: dict[str, Any],
    *,
    fetcher: Fetcher,
    since: datetime | None = None,
    max_urls: int = 10_000,
    base: Path | None = None,
    max_depth: int = MAX_DEPTH,
    max_documents: int = MAX_DOCUMENTS,
) -> Discovery:
    """The article URLs (or, for a folder, the files) of one sources.yaml entry.

    Never raises for network or document problems: they are listed in `errors`. `since`
    (naive means UTC) drops dated entries older than it; undated ones are kept. `base` is the
    folder relative `path`s are read from (the sources file's folder). The source's own
    `max_urls` wins over the argument; reaching it is reported in `errors` (the URLs left
    out would otherwise be lost without a word: the next run only looks at newer entries)."""
    name = str(source.get("name") or source.get("url") or "?")
    max_urls = source.get("max_urls") or max_urls
    kind = source.get("kind")
    found = Discovery(source=name)
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    if kind == "folder":
        folder = Path(source.get("path") or "")
        folder = (base / folder if base and not folder.is_absolute() else folder).resolve()
        if not folder.is_dir():
            found.errors.append(f"folder {folder}: does not exist")
        else:
            found.paths = [str(p) for p in _html_files(folder)]
        return found
    if kind not in ("urls", "feed", "sitemap"):
        found.errors.append(f"unknown source kind {kind!r}")
        return found
    walk = _Walk(
        found,
        kind=kind,
        fetcher=fetcher,
        since=since,
        max_urls=max_urls,
        max_depth=max_depth,
        max_documents=max_documents,
    )
    targets = [source["url"]] if source.get("url") else list(source.get("urls") or [])
    for target in targets:
        target = str(target).strip()
        if not _is_url(target):
            found.errors.append(f"not an http(s) URL: {target}")
        elif kind == "urls":
            if not walk.add(target, None):
                break
        else:
            walk.document(target)
    if found.truncated:
        found.errors.append(
            f"more than {max_urls:,} article URLs listed: the rest were left out "
            "(raise `max_urls` for this source to take them)"
        )
    return found


# --- inputs for the pipeline -------------------------------------------------------------------


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def from_paths(
    values: Iterable[str],
    fetcher: Fetcher | None = None,
    *,
    connections: int = DEFAULT_CONNECTIONS,
) -> Iterator[Input]:
    """Files, folders (their *.html) and http(s) URLs. Files come in the order given; URLs are
    fetched by the crawl scheduler (many hosts at once, each at the polite limit) and come as
    they arrive. One fetcher serves every URL (robots.txt and host spacing are per fetcher);
    one made here is closed at the end."""
    values = list(values)
    own = Fetcher() if fetcher is None and any(_is_url(v) for v in values) else None

    def items() -> Iterator[Input | _Listed]:
        for value in values:
            if _is_url(value):
                yield _Listed(value, None)
                continue
            path = Path(value)
            if path.is_dir():
                yield from from_folder(path)
            elif path.exists():
                yield read_file(path)
            else:
                yield Input(key=value, error="no such file, folder or URL")

    yield from _crawl_inputs(items(), fetcher or own, own, connections)


@dataclass(frozen=True)
class _Listed:
    """An article URL to fetch, for the source that listed it first (if any)."""

    url: str
    source: str | None


def _crawl_inputs(
    items: Iterator[Input | _Listed], fetcher: Fetcher | None, own: Fetcher | None, connections: int
) -> Iterator[Input]:
    """Inputs as they are ready: `Input`s at once, `_Listed` URLs fetched by the crawl
    scheduler with `fetcher`. `own` (a fetcher made by the caller for this) is closed at the
    end."""

    def fetch(item: Input | _Listed) -> Input:
        if isinstance(item, Input):
            return item
        assert fetcher is not None
        fetched = fetcher.fetch_input(item.url)
        fetched.source = item.source
        fetched.page = None  # the raw response: not needed past here, and it would travel to
        return fetched  # the workers and back with the decoded page

    def host_of(item: Input | _Listed) -> str | None:
        return None if isinstance(item, Input) else _host(item.url)

    try:
        yield from crawl(
            items, fetch, host_of, connections=connections,
            ready_in=fetcher.ready_in if fetcher else None,
        )  # fmt: skip
    finally:
        if own is not None:
            own.close()


def load_sources(path: Path) -> list[dict[str, Any]]:
    """Read and check a sources file. Raises `ConfigError` saying what is wrong where."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"cannot read sources file {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}") from exc
    sources = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(sources, list):
        raise ConfigError(f"{path}: expected a top-level `sources:` list")
    names: set[str] = set()
    for i, source in enumerate(sources):
        where = f"{path}: sources[{i}]"
        if not isinstance(source, dict) or not source.get("name"):
            raise ConfigError(f"{where} needs a `name`")
        if source["name"] in names:
            raise ConfigError(f"{where}: duplicate name {source['name']!r}")
        names.add(source["name"])
        if source.get("kind") not in SOURCE_KINDS:
            raise ConfigError(f"{where}: `kind` must be one of {', '.join(SOURCE_KINDS)}")
        if source["kind"] == "folder" and not source.get("path"):
            raise ConfigError(f"{where}: a folder source needs `path`")
        if source["kind"] != "folder" and not (source.get("url") or source.get("urls")):
            raise ConfigError(f"{where}: a {source['kind']} source needs `url` or `urls`")
        if source.get("urls") is not None and not isinstance(source["urls"], list):
            raise ConfigError(f"{where}: `urls` must be a list")
        limit = source.get("max_urls")
        if limit is not None and (type(limit) is not int or limit < 1):
            raise ConfigError(f"{where}: `max_urls` must be a whole number above 0")
    return sources


def from_sources(
    path: Path,
    fetcher: Fetcher | None = None,
    *,
    since: datetime | None = None,
    max_urls: int = 10_000,
    connections: int = DEFAULT_CONNECTIONS,
    listed_by: dict[str, list[str]] | None = None,
) -> Iterator[Input]:
    """Inputs from every enabled source of a sources file: folder files as they are; feed,
    sitemap and urls sources discovered (several at once), then every article fetched by the
    crawl scheduler as its source's discovery ends, many hosts at once. Inputs come as they
    are ready, not in source order. A discovery problem becomes a failed input keyed by the
    source's URL (or name), so the run report shows it.

    One fetch per URL per run: a canonical URL listed by several sources (or twice by one) is
    one input, with the `source` that listed it first. `listed_by`, if given, is filled with
    canonical URL -> every source that listed it, in order."""
    sources = [s for s in load_sources(path) if s.get("enabled", True)]
    listed = {} if listed_by is None else listed_by
    web = [s for s in sources if s["kind"] != "folder"]
    own = Fetcher() if fetcher is None and web else None
    active = fetcher or own

    def discovered(source: dict[str, Any]) -> Discovery:
        assert active is not None
        return discover(source, fetcher=active, since=since, max_urls=max_urls, base=path.parent)

    def items() -> Iterator[Input | _Listed]:
        for source in sources:
            if source["kind"] == "folder":
                yield from from_folder((path.parent / source["path"]).resolve(), source["name"])
        if not web:
            return
        from concurrent.futures import ThreadPoolExecutor, as_completed

        with ThreadPoolExecutor(min(connections, len(web)), "discover") as pool:
            futures = {pool.submit(discovered, source): source for source in web}
            for future in as_completed(futures):
                source, found = futures[future], future.result()
                name = source["name"]
                for error in found.errors:
                    yield Input(key=str(source.get("url") or name), source=name, error=error)
                for url in found.urls:
                    if url in listed:
                        listed[url].append(name)
                        continue
                    listed[url] = [name]
                    yield _Listed(url, name)

    yield from _crawl_inputs(items(), active, own, connections)
