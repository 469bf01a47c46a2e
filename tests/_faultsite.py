"""A hostile news site on loopback: a feed, a sitemap index and pages that fail in every way a
real site does, each with the final state and reason an ingest run must give it.

Every page is on one loopback `Site` (tests/_site.py) except the connect-timeout case, which
points at a `Blackhole`: a second loopback port whose listen backlog is full, so connections to
it are never accepted (SYNs are dropped; the client's connect times out). Nothing is ever sent
outside loopback: the one "private address" case is a redirect to http://10.1.2.3/, refused by
the fetcher's address check (`etl.crawl._addresses.refused_address`, run before any socket is
opened for a hop) because runs use NEWSARCHIVE_ALLOW_PRIVATE_ADDRESSES=loopback;
`netguard_dir()` adds a belt to those braces: a `sitecustomize` for child processes that refuses
(and records) any connection to a non-loopback address and any DNS lookup.

Limits are shrunk through the environment (`FAULT_ENV`) so a whole run takes seconds:
NEWSARCHIVE_FETCH_TIMEOUT=1, CONNECT_TIMEOUT=1, DEADLINE=3, RETRIES=1, BACKOFF=0.05,
MAX_BYTES=2000000, DELAY=0.02.

EXPECTED outcomes (state, reason substring). Source `faults-feed` (RSS):
  ok                 200 article                              indexed
  not-found          404                                      failed   "HTTP 404"
  gone               410                                      failed   "HTTP 410"
  rate-limited       429 Retry-After: 1, then 200             indexed  (2 attempts)
  flaky              500, then 200                            indexed  (2 attempts)
  down               503 always                               failed   "HTTP 503 after 2 attempts"
  connect-timeout    port that never accepts                  failed   "connect timeout" (its
                     robots.txt cannot be fetched: RFC 9309 "unreachable" -> disallow all)
  read-timeout       no answer within the read timeout        failed   "read timeout after 2
                                                                        attempts"
  slow-drip          body at one byte per 50 ms               failed   "deadline of 3 s exceeded"
  reset              TCP RST instead of an answer, always     failed   "connection broken"
  reset-once         TCP RST, then 200                        indexed  (retried)
  redirect-loop      a -> b -> a                              failed   "redirect loop"
  too-many-redirects 7 hops                                   failed   "more than 5 redirects"
  redirect-private   302 to http://10.1.2.3/                  failed   "non-public address
                                                                        10.1.2.3"
  redirect-metadata  302 to http://169.254.169.254/           failed   "link-local"
  too-large          2.5 MB page (limit 2 MB)                 failed   "page larger than 2000000"
  gzip-bomb          gzip body unpacking to 60 MB             failed   "once decompressed"
  pdf                application/pdf                          failed   "not HTML: application/pdf"
  image              image/jpeg                               failed   "not HTML: image/jpeg"
  image-untyped      PNG bytes without a Content-Type         failed   "(by its content)"
  tracking variants  ?utm_source, ?utm_medium&fbclid, bare    one URL, indexed once
  listed-twice       in the feed and in the sitemap's urlset  one input, fetched once
Source `faults-sitemap` (a sitemap index that lists itself, and a urlset):
  sitemap loop       index lists itself                       discovery error "sitemap index
                                                              loop"; its urlset still read
  windows-1252       no charset anywhere                      indexed, decoded right ("café")
  shift-jis          no charset anywhere                      indexed, language "ja"
  wrong-charset      says utf-8, is windows-1252              indexed; the bad bytes become
                                                              U+FFFD (the header wins, as in
                                                              browsers)
  empty              200 with an empty body                   rejected "no article text"
  truncated          HTML cut off mid-paragraph               indexed
  malformed          tag soup (unclosed/stray tags)           indexed
  paywall            a stub with no article text              rejected "too short" or
                                                              "no article text"
  other-language     a German article                         indexed, language "de" (kept:
                                                              the archive is multilingual)
  robots             /private/ is disallowed by robots.txt    failed   "disallowed by robots.txt"
  very-long          200,000 words (~1.3 MB)                  indexed, whole body kept (NB:
                     a body over 1,000,000 characters then makes every highlighted search that
                     hits it fail, index.highlight.max_analyzed_offset; read here by scan)
Source `bomb-feed`: an RSS feed with an XML entity bomb -> discovery error "XML entity
declarations are not allowed", no URLs.
"""

from __future__ import annotations

import contextlib
import gzip
import random
import shutil
import socket
import struct
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from etl._extract import canonical_url

from ._newssite import article_html
from ._site import Hit, Reply, Route, Site, _Handler, billion_laughs

MAX_BYTES = 2_000_000
FAULT_ENV = {
    "NEWSARCHIVE_ALLOW_PRIVATE_ADDRESSES": "loopback",  # loopback yes, 10/8 etc. still refused
    "NEWSARCHIVE_FETCH_DELAY": "0.02",
    "NEWSARCHIVE_FETCH_TIMEOUT": "1",
    "NEWSARCHIVE_FETCH_CONNECT_TIMEOUT": "1",
    "NEWSARCHIVE_FETCH_DEADLINE": "3",
    "NEWSARCHIVE_FETCH_RETRIES": "1",
    "NEWSARCHIVE_FETCH_BACKOFF": "0.05",
    "NEWSARCHIVE_FETCH_MAX_BYTES": str(MAX_BYTES),
}
HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/xml"}
_RESET = "x-fault-reset"  # a Reply header that makes the fault server reset the connection
RESET = Reply(drop=True, headers={_RESET: "1"})

BILLION_LAUGHS = billion_laughs("http://127.0.0.1/never-listed.html")


# --- page bodies -----------------------------------------------------------------------------


def _page(title: str, paragraphs: list[str], *, lang: str = "en", meta: str = "") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head>{meta}<title>{title}</title></head><body>'
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>\n{body}\n</article>"
        "<footer>Fault Gazette</footer></body></html>"
    )


WINDOWS_1252_TEXT = [
    "The café on Harbour Street reopened on Monday after a long renovation, its owner said, "
    "and the first customers queued for an hour before the doors opened at seven o’clock.",
    "“We kept the old counter and the naïve murals,” said the owner, who paid €40,000 for "
    "the work — most of it borrowed from the town’s small-business fund last spring.",
    "Neighbours said the reopening was a relief after months of scaffolding, and several "
    "shopkeepers said they hoped the café would bring more visitors back to the quarter.",
]
JAPANESE_TEXT = [
    "東京都は十五日、新しい防災計画を発表した。計画では、大地震に備えて都内の全ての公立学校に"
    "非常用の水と食料を三日分備蓄するほか、避難所の運営を担う職員の訓練を毎年実施するとしている。",
    "知事は記者会見で「都民の命を守ることが最優先だ。できることから着実に進めていきたい」と述べた。"
    "計画の総事業費は約二千億円に上り、今後十年間で段階的に実施される見通しだ。",
    "専門家は計画を評価する一方、高齢者や外国人住民への情報提供をさらに充実させる必要があると"
    "指摘している。都は来年度中に多言語の防災アプリを公開する予定だという。",
]
GERMAN_TEXT = [
    "Der Stadtrat hat am Dienstag nach langer Debatte beschlossen, die Altstadt ab dem nächsten "
    "Frühjahr für den Durchgangsverkehr zu sperren. Anwohner und Händler hatten monatelang "
    "über die Pläne gestritten.",
    "„Wir wollen die Innenstadt wieder zu einem Ort machen, an dem man sich gerne aufhält“, "
    "sagte die Bürgermeisterin nach der Abstimmung. Die Opposition kritisierte die Kosten.",
    "Die Umbauarbeiten sollen rund zwei Jahre dauern. Während dieser Zeit werden Busse über "
    "die Ringstraße umgeleitet, und zusätzliche Parkplätze entstehen am Bahnhof.",
]


def _paragraphs(n: int) -> list[str]:
    """Plain English news paragraphs, different for each n (so bodies differ)."""
    html = article_html(n).decode()
    return [p.split("</p>")[0] for p in html.split("<p>")[1:] if "byline" not in p]


@cache
def very_long_html(words: int = 200_000) -> bytes:
    """An article of `words` words (~1.3 MB): sentences in plain English, deterministic."""
    rng = random.Random(20240510)
    subjects = ["The council", "The minister", "Local residents", "The port authority"]
    subjects += ["Shipping companies", "The mayor", "Union leaders", "The regional court"]
    verbs = ["said", "argued", "warned", "announced", "confirmed", "reported", "insisted"]
    objects = ["that the harbour rules would change", "that traffic had doubled since spring",
               "that the budget would be reviewed", "that new berths were being planned",
               "that the dredging contract was delayed", "that ferry fares would rise"]  # fmt: skip
    paragraphs, count = [], 0
    while count < words:
        sentences = []
        for _ in range(6):
            sentence = f"{rng.choice(subjects)} {rng.choice(verbs)} {rng.choice(objects)}."
            sentences.append(sentence)
            count += len(sentence.split())
        paragraphs.append(" ".join(sentences))
    return _page("The harbour inquiry, in full", paragraphs).encode()


def _gzip_bomb(unpacked: int) -> bytes:
    member = gzip.compress(b"\0" * 10_000_000, compresslevel=9)
    return member * (unpacked // 10_000_000)


MALFORMED = (
    "<html><head><title>Bridge repairs to start in June</title></head><body><div class=story>"
    "<h1>Bridge repairs to start in June</h2><p>The old river bridge will close for repairs "
    "in June, the county said on Wednesday, after inspectors found cracks in two of its "
    "supporting piers during a routine check last month.<p>Engineers expect the work to take "
    "at least four months. Buses will be diverted over the new ring road bridge, adding about "
    "ten minutes to journeys into the town centre.</span><p>“Safety comes first,” a county "
    "spokeswoman said. <b>Residents <i>will be kept informed</b></i> through the council’s "
    "website and weekly letters, she added.</div></div><p>Shops near the bridge said they "
    "feared a drop in trade over the summer months. <<>> </td></table>"
)


# --- the server ------------------------------------------------------------------------------


class _FaultHandler(_Handler):
    def _answer(self, site: Site, reply: Reply) -> None:
        if reply.drop and reply.headers.get(_RESET):
            # SO_LINGER 0: close() sends a TCP RST instead of a FIN ("connection reset by peer")
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        super()._answer(site, reply)


class Blackhole:
    """A loopback port that never accepts: its listen backlog is filled by our own pending
    connections, so a client's SYN is dropped and its connect times out. Bounded: at most 8
    filler sockets, 0.2 s each; all closed by `stop()`."""

    def __init__(self) -> None:
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(0)
        self.port = self._listener.getsockname()[1]
        self._fillers: list[socket.socket] = []

    def start(self) -> Blackhole:
        for _ in range(8):
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            filler.settimeout(0.2)
            self._fillers.append(filler)
            try:
                filler.connect(("127.0.0.1", self.port))
            except OSError:  # timed out: the backlog is full
                return self
        self.stop()
        raise RuntimeError("could not fill the listen backlog of a loopback socket")

    def stop(self) -> None:
        for sock in [*self._fillers, self._listener]:
            with contextlib.suppress(OSError):
                sock.close()
        self._fillers.clear()


# --- the cases -------------------------------------------------------------------------------


@dataclass
class Case:
    """One fault: where it is listed, and the final state and reason a run must give it."""

    name: str
    source: str  # faults-feed | faults-sitemap
    listed: list[str]  # the URLs as the feed or sitemap lists them
    state: str  # indexed | rejected | failed
    reason: str | None = None  # a substring of the reason (rejected, failed)
    also: str | None = None  # a second acceptable substring ("too short" or "no article text")
    check: Callable[[dict[str, Any]], None] | None = field(default=None, repr=False)

    @property
    def key(self) -> str:
        """The canonical URL the run reports it under."""
        return canonical_url(self.listed[0])

    def reason_ok(self, reason: str | None) -> bool:
        if self.reason is None:
            return True
        return self.reason in (reason or "") or bool(self.also and self.also in (reason or ""))


def _sequence(*replies: Reply) -> Route:
    return lambda hit, n: replies[min(n, len(replies)) - 1]


class FaultSite:
    """`with FaultSite() as site:` serves the faults; `site.cases`, `site.sources_file(dir)`.
    `very_long=False` leaves the 200,000-word article out (its NER alone takes ~30 s here)."""

    def __init__(self, *, very_long: bool = True) -> None:
        self.very_long = very_long
        self.site = Site()
        self.site._server.RequestHandlerClass = _FaultHandler
        self.blackhole = Blackhole()
        self.base = self.site.base
        self.cases: list[Case] = []
        self._feed: list[str] = []
        self._sitemap: list[str] = []
        self._build()

    # -- setup

    def _add(
        self,
        name: str,
        source: str,
        path: str,
        route: Route | None,
        state: str,
        reason: str | None = None,
        *,
        listed: list[str] | None = None,
        also: str | None = None,
        check: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        url = path if path.startswith("http") else self.site.url(path)
        if route is not None:
            self.site.routes[path] = route
        urls = listed or [url]
        (self._feed if source == "faults-feed" else self._sitemap).extend(urls)
        self.cases.append(Case(name, source, urls, state, reason, also, check))

    def _build(self) -> None:
        site, feed, smap = self.site, "faults-feed", "faults-sitemap"
        routes = site.routes
        routes["/robots.txt"] = Reply(200, {"Content-Type": "text/plain"},
                                      b"User-agent: *\nDisallow: /private/\n")  # fmt: skip
        ok = Reply(200, HTML, article_html(0))

        def body_has(*parts: str) -> Callable[[dict[str, Any]], None]:
            def check(doc: dict[str, Any]) -> None:
                for part in parts:
                    assert part in doc["body"], (part, doc["body"][:300])

            return check

        # feed: HTTP, network, redirect, size and type faults
        self._add("ok", feed, "/news/ok.html", ok, "indexed", check=body_has("negotiations"))
        self._add("not-found", feed, "/news/missing.html", None, "failed", "HTTP 404")
        self._add("gone", feed, "/news/gone.html", Reply(410, HTML, b"gone"), "failed", "HTTP 410")
        self._add(
            "rate-limited", feed, "/news/busy.html",
            _sequence(Reply(429, {"Retry-After": "1"}), Reply(200, HTML, article_html(1))),
            "indexed", check=body_has("talks on growth"),
        )  # fmt: skip
        self._add(
            "flaky", feed, "/news/flaky.html",
            _sequence(Reply(500, HTML, b"oops"), Reply(200, HTML, article_html(2))), "indexed",
        )  # fmt: skip
        self._add("down", feed, "/news/down.html", Reply(503, HTML, b"down"), "failed",
                  "HTTP 503 after 2 attempts")  # fmt: skip
        stalled = f"http://127.0.0.1:{self.blackhole.port}/news/stalled.html"
        self._add("connect-timeout", feed, stalled, None, "failed", "connect timeout")
        self._add("read-timeout", feed, "/news/sleepy.html",
                  Reply(200, HTML, article_html(3), pause=8.0), "failed",
                  "read timeout after 2 attempts")  # fmt: skip
        self._add("slow-drip", feed, "/news/drip.html",
                  Reply(200, HTML, article_html(4), drip=0.05), "failed",
                  "deadline of 3 s exceeded")  # fmt: skip
        self._add("reset", feed, "/news/reset.html", RESET, "failed", "connection broken")
        self._add("reset-once", feed, "/news/reset-once.html",
                  _sequence(RESET, Reply(200, HTML, article_html(5))), "indexed")  # fmt: skip
        routes["/news/loop-b.html"] = Reply(301, {"Location": "/news/loop-a.html"})
        self._add("redirect-loop", feed, "/news/loop-a.html",
                  Reply(301, {"Location": "/news/loop-b.html"}), "failed",
                  "(a redirect loop at")  # fmt: skip
        for hop in range(1, 8):
            routes[f"/news/hop-{hop}.html"] = Reply(302, {"Location": f"/news/hop-{hop + 1}.html"})
        self._add("too-many-redirects", feed, "/news/hop-0.html",
                  Reply(302, {"Location": "/news/hop-1.html"}), "failed",
                  "more than 5 redirects")  # fmt: skip
        self._add("redirect-private", feed, "/news/to-private.html",
                  Reply(302, {"Location": "http://10.1.2.3/news/inside.html"}), "failed",
                  "refused: 10.1.2.3 resolves to non-public address 10.1.2.3")  # fmt: skip
        self._add("redirect-metadata", feed, "/news/to-metadata.html",
                  Reply(302, {"Location": "http://169.254.169.254/latest/meta-data/"}),
                  "failed", "link-local address 169.254.169.254")  # fmt: skip
        huge = b"<html><body><p>" + b"word " * (MAX_BYTES // 5 + 100_000) + b"</p></body></html>"
        self._add("too-large", feed, "/news/huge.html", Reply(200, HTML, huge), "failed",
                  f"page larger than {MAX_BYTES} bytes")  # fmt: skip
        self._add("gzip-bomb", feed, "/news/bomb.html",
                  Reply(200, {**HTML, "Content-Encoding": "gzip"}, _gzip_bomb(60_000_000)),
                  "failed", f"page more than {MAX_BYTES} bytes once decompressed")  # fmt: skip
        self._add("pdf", feed, "/news/report.pdf",
                  Reply(200, {"Content-Type": "application/pdf"}, b"%PDF-1.7\n" + b"0" * 500),
                  "failed", "not HTML: application/pdf")  # fmt: skip
        self._add("image", feed, "/news/photo.html",
                  Reply(200, {"Content-Type": "image/jpeg"}, b"\xff\xd8\xff\xe0" + b"0" * 500),
                  "failed", "not HTML: image/jpeg")  # fmt: skip
        self._add("image-untyped", feed, "/news/untyped.html",
                  Reply(200, {}, b"\x89PNG\r\n\x1a\n" + b"0" * 500), "failed",
                  "not HTML: image/png (by its content)")  # fmt: skip
        tracked = self.site.url("/news/tracked.html")
        self._add(
            "tracking-variants", feed, "/news/tracked.html", Reply(200, HTML, article_html(6)),
            "indexed",
            listed=[f"{tracked}?utm_source=rss&utm_medium=feed",
                    f"{tracked}?fbclid=IwAR0abc&utm_campaign=spring", tracked],
        )  # fmt: skip

        # listed by the feed and by the sitemap: one input, fetched once
        self._add("listed-twice", feed, "/news/both.html", Reply(200, HTML, article_html(3)),
                  "indexed")  # fmt: skip
        self._sitemap.append(self.site.url("/news/both.html"))

        # sitemap: content faults
        self._add("windows-1252", smap, "/news/cafe.html",
                  Reply(200, {"Content-Type": "text/html"},
                        _page("The café reopens", WINDOWS_1252_TEXT).encode("windows-1252")),
                  "indexed", check=body_has("café", "naïve", "€40,000", "o’clock"))  # fmt: skip

        def japanese(doc: dict[str, Any]) -> None:
            assert doc["language"] == "ja", doc["language"]
            assert "防災計画" in doc["body"]

        self._add("shift-jis", smap, "/news/tokyo.html",
                  Reply(200, {"Content-Type": "text/html"},
                        _page("防災計画", JAPANESE_TEXT, lang="ja").encode("shift_jis")),
                  "indexed", check=japanese)  # fmt: skip

        def replaced(doc: dict[str, Any]) -> None:
            assert "\ufffd" in doc["body"] and "Harbour Street" in doc["body"]

        self._add("wrong-charset", smap, "/news/mislabelled.html",
                  Reply(200, {"Content-Type": "text/html; charset=utf-8"},
                        _page("Mislabelled", WINDOWS_1252_TEXT).encode("windows-1252")),
                  "indexed", check=replaced)  # fmt: skip
        self._add("empty", smap, "/news/empty.html", Reply(200, HTML, b""), "rejected",
                  "no article text")  # fmt: skip
        whole = _page("Council election", _paragraphs(3) + _paragraphs(4))
        self._add("truncated", smap, "/news/truncated.html",
                  Reply(200, HTML, whole[: int(len(whole) * 0.7)].encode()), "indexed")  # fmt: skip
        self._add("malformed", smap, "/news/malformed.html", Reply(200, HTML, MALFORMED.encode()),
                  "indexed", check=body_has("supporting piers", "ring road"))  # fmt: skip
        stub = _page("Exclusive: the budget leak", ["Subscribe to read the full story."])
        self._add("paywall", smap, "/news/paywalled.html", Reply(200, HTML, stub.encode()),
                  "rejected", "too short", also="no article text")  # fmt: skip

        def german(doc: dict[str, Any]) -> None:
            assert doc["language"] == "de", doc["language"]

        self._add("other-language", smap, "/news/altstadt.html",
                  Reply(200, HTML, _page("Altstadt wird autofrei", GERMAN_TEXT,
                                         lang="de").encode()),
                  "indexed", check=german)  # fmt: skip
        self._add("robots", smap, "/private/story.html", Reply(200, HTML, article_html(7)),
                  "failed", "disallowed by robots.txt")  # fmt: skip

        def whole_body(doc: dict[str, Any]) -> None:
            assert len(doc["body"].split()) >= 190_000, len(doc["body"].split())

        if self.very_long:
            self._add("very-long", smap, "/news/inquiry.html",
                      Reply(200, HTML, very_long_html()), "indexed", check=whole_body)  # fmt: skip

        # the documents
        items = "".join(
            f"<item><title>Item {n}</title><link>{_xml(url)}</link></item>"
            for n, url in enumerate(self._feed)
        )
        rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Faults</title>{items}'
        routes["/feed.xml"] = Reply(200, {"Content-Type": "application/rss+xml"},
                                    (rss + "</channel></rss>").encode())  # fmt: skip
        ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        locs = "".join(f"<url><loc>{_xml(u)}</loc></url>" for u in self._sitemap)
        routes["/sitemaps/pages.xml"] = Reply(
            200, XML, f'<?xml version="1.0"?><urlset {ns}>{locs}</urlset>'.encode()
        )
        children = "".join(
            f"<sitemap><loc>{site.url(p)}</loc></sitemap>"
            for p in ("/sitemaps/index.xml", "/sitemaps/pages.xml")  # the index lists itself
        )
        routes["/sitemaps/index.xml"] = Reply(
            200, XML, f'<?xml version="1.0"?><sitemapindex {ns}>{children}</sitemapindex>'.encode()
        )
        routes["/bomb-feed.xml"] = Reply(200, XML, BILLION_LAUGHS)

    # -- what a run must report

    @property
    def discovery_errors(self) -> dict[str, str]:
        """Source URL -> a substring of the discovery error it must give."""
        return {
            self.site.url("/sitemaps/index.xml"): "sitemap index loop at "
            + self.site.url("/sitemaps/index.xml"),
            self.site.url("/bomb-feed.xml"): "XML entity declarations are not allowed",
        }

    def sources_file(self, folder: Path) -> Path:
        path = folder / "fault-sources.yaml"
        path.write_text(
            "sources:\n"
            f"  - {{name: faults-feed, kind: feed, url: '{self.site.url('/feed.xml')}'}}\n"
            f"  - {{name: faults-sitemap, kind: sitemap, "
            f"url: '{self.site.url('/sitemaps/index.xml')}'}}\n"
            f"  - {{name: bomb-feed, kind: feed, url: '{self.site.url('/bomb-feed.xml')}'}}\n"
        )
        return path

    def hits_for(self, path: str) -> list[Hit]:
        return self.site.hits_for(path)

    # -- lifecycle

    def __enter__(self) -> FaultSite:
        self.blackhole.start()
        try:
            self.site.start()
        except BaseException:
            self.blackhole.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.site.stop()
        finally:
            self.blackhole.stop()


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


# --- a network guard for child processes -----------------------------------------------------

_SITECUSTOMIZE = '''
"""Written by tests/_faultsite.py: refuse (and record in $NETGUARD_LOG) any connection to a
non-loopback address and any name lookup that would leave the machine (DNS)."""
import ipaddress, os, socket

_LOG = os.environ.get("NETGUARD_LOG")
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", socket.gethostname()}
_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex
_getaddrinfo = socket.getaddrinfo


def _record(what):
    if _LOG:
        with open(_LOG, "a") as out:
            out.write(f"{os.getpid()} {what}\\n")


def _check(sock, address):
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        return
    host = str(address[0]).split("%", 1)[0]
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        _record(f"connect {host}")
        raise ConnectionRefusedError(f"netguard: connection to {host} refused in tests")


def connect(self, address):
    _check(self, address)
    return _connect(self, address)


def connect_ex(self, address):
    _check(self, address)
    return _connect_ex(self, address)


def getaddrinfo(host, *args, **kwargs):
    name = host.decode() if isinstance(host, bytes) else host
    if name is not None and name.lower() not in _LOCAL_NAMES:
        try:
            ipaddress.ip_address(str(name).split("%", 1)[0])  # a literal: no lookup is made
        except ValueError:
            _record(f"lookup {name}")
            raise socket.gaierror(socket.EAI_NONAME, f"netguard: no name lookups in tests ({name})")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
socket.getaddrinfo = getaddrinfo
'''


def netguard_dir(folder: Path) -> Path:
    """A folder holding a `sitecustomize.py` that, put first on PYTHONPATH, makes every Python
    child process refuse connections to anything but loopback, and name lookups other than
    localhost (each refusal is recorded in $NETGUARD_LOG)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(textwrap.dedent(_SITECUSTOMIZE))
    return folder


# --- Airflow homes ---------------------------------------------------------------------------


def migrated_airflow_home(factory: Any, name: str) -> Path:
    """A fresh AIRFLOW_HOME with a migrated database, copied from one migrated once per test
    session (`airflow db migrate` takes ~10 s; a copy of its SQLite file, milliseconds)."""
    from .dags._airflow import migrate

    template = factory.getbasetemp() / "airflow-template"
    if not (template / "airflow.db").exists():
        template.mkdir(exist_ok=True)
        migrate(template)
    home = factory.mktemp(name)
    shutil.copyfile(template / "airflow.db", home / "airflow.db")  # airflow.cfg: written anew
    return home
