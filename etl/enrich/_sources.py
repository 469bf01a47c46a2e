"""The sources stage: who published an article, which wire service wrote it, where it came from.

Three fields of `Article` are filled from the extracted `body`, `url`/`domain` and the site name
that extraction found (`publisher`, possibly None):

- `publisher`: the extracted site name, else a display name from `KNOWN_PUBLISHERS` for the
  domain, else the registrable domain ("venturebeat.com"). `domain` is set from `url` if missing.
- `wire_agency`: only from credits in the body (the gold rules, Task A): the agency slot of an
  opening dateline ("WASHINGTON (Reuters) -"), a byline first line ("By The Associated Press"),
  or a closing credit line ("(Reporting by ...; Editing by ...)", "© 2019 Associated Press",
  "— AFP", "PTI", "The Associated Press contributed to this report"). An agency cited in running
  text ("Reuters reported", "told AFP", "an AP journalist") is a source, not a credit. Names are
  normalised ("AP", "Reuters", "AFP", "PTI", "Bloomberg", "UPI", "Xinhua", "dpa", ...).
- `syndicated_from`: the outlet named by a provenance line ("This article was originally
  published on NBCNews.com" -> "NBC News", "Provided by European Space Agency", "Republished from
  The Conversation"). A line naming the publisher itself ("Originally published on Live Science."
  on livescience.com) is a self-reference and gives None.

`credit_line_spans(body)` returns where those credits and provenance lines sit, so that later
stages (entities, quotes) can skip names that only appear inside them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from courlan import extract_domain

from .._article import Article
from .._stage import Stage
from ._datelines import agency_data

__all__ = [
    "KNOWN_PUBLISHERS",
    "SourcesStage",
    "credit_line_spans",
    "domain_from_url",
    "publisher_for_domain",
    "syndication_from_body",
    "wire_agency_from_body",
]

# Well-known news domains -> display name (data/publishers.json). Looked up with the host, then
# each parent domain.
KNOWN_PUBLISHERS: dict[str, str] = json.loads(
    (Path(__file__).resolve().parent / "data" / "publishers.json").read_text("utf-8")
)["publishers"]


# Wire services: display name -> the forms a body writes them in ("The " is handled apart),
# from data/agencies.json, which the dateline stage reads too. A short form is matched as
# written, in the display name's case and in capitals ("dpa", "DPA"); a longer one in any case.
def _wire_agencies() -> dict[str, tuple[str, ...]]:
    forms: dict[str, dict[str, None]] = {}
    for form, name in agency_data()["agencies"].items():
        form = form.removeprefix("the ")
        printed = forms.setdefault(name, {})
        if len(form) > 4:
            printed[form] = None
            continue
        if name.casefold() == form:
            printed[name] = None
        printed[form.upper()] = None
    return {name: tuple(fs) for name, fs in forms.items()}


WIRE_AGENCIES = _wire_agencies()

_AGENCY_BY_FORM = {form.casefold(): name for name, forms in WIRE_AGENCIES.items() for form in forms}


def _agency_alternation() -> str:
    forms = sorted((f for fs in WIRE_AGENCIES.values() for f in fs), key=len, reverse=True)
    # Short acronyms are matched as written ("AP", not "ap"); longer names in any case.
    parts = [re.escape(f) if len(f) <= 4 else f"(?i:{re.escape(f)})" for f in forms]
    return "(?:" + "|".join(parts) + ")"


_AGENCY = _agency_alternation()
_THE = r"(?:[Tt]he\s+)?"
_DASH = r"[—–-]"
_COPYRIGHT = r"(?:©|\([cC]\)|(?i:copyright))"

# Opening dateline credit: 'WASHINGTON (Reuters) -', 'KYIV, Ukraine (AP) —', '(Reuters) —',
# 'New Delhi, Nov 19 (PTI) The ...'. The prefix is a short run of capitalised words.
_DATELINE = re.compile(
    rf"^[ \t]*(?P<pre>[^\n()]{{0,80}}?)\((?P<agency>{_AGENCY})\)"
    rf"(?=[ \t]*(?:{_DASH}|:|$|[ \t]+[A-Z0-9\"“‘']))"
)
_PRE_WORD_OK = re.compile(r"^(?:[A-Z0-9\W].*|de|la|del|do|da|of|am|upon|on|al|el|les?)$")

# First line that is only a wire byline: 'By The Associated Press', 'By REUTERS', 'AFP'.
_BYLINE = re.compile(rf"^\W*[Bb][Yy]\s+{_THE}(?P<agency>{_AGENCY})(?:\s+(?i:staff|news|wire))?\W*$")

# Closing credit lines, each matched against one whole line.
_CREDIT_LINES: tuple[re.Pattern[str], ...] = (
    # '— The Associated Press', '(AP)', 'AFP', '-- Bloomberg', 'PTI SKU RC', 'Reuters Staff'
    re.compile(
        rf"^\W*(?:{_DASH}+\s*)?(?:[Bb]y\s+)?{_THE}(?P<agency>{_AGENCY})"
        r"(?:\s+(?i:staff|news|wire|reporters?))?(?:\s+[A-Z]{2,4}){0,4}\W*$"
    ),
    # '© Reuters', '© 2019 Associated Press. All Rights Reserved.', 'Copyright 2019 The AP',
    # '(c) Copyright Thomson Reuters 2019', '©2019 Bloomberg L.P.'
    re.compile(
        rf"^\W*{_COPYRIGHT}(?:\s*(?:{_COPYRIGHT}|\d{{4}}(?:\s*[-–]\s*\d{{2,4}})?|,))*"
        rf"\s*{_THE}(?P<agency>{_AGENCY})\b"
    ),
    # 'The Associated Press contributed to this report.',
    # 'Associated Press writer Jane Doe in Chicago contributed to this report.',
    # 'Material from Reuters was used in this report.'
    re.compile(
        rf"^\W*(?:(?i:material|information|reporting)\s+(?:from|by)\s+)?{_THE}(?P<agency>{_AGENCY})"
        r"\b[^\n]{0,160}?\b(?i:contributed|contributing|was used|were used)\b[^\n]{0,60}$"
    ),
    # '(With inputs from PTI)', 'Includes reporting by Reuters.', 'With reporting from AFP'
    re.compile(
        r"^\W*(?i:(?:with|includes|additional)\s+)?"
        r"(?i:inputs?|reporting|material|information|contributions?|files)\s+(?i:from|by)\s+"
        rf"{_THE}(?P<agency>{_AGENCY})\b[^\n.;:]{{0,40}}\W*$"
    ),
)
# '(Reporting by Will Dunham; Editing by Tom Brown)': Reuters' credit form.
_REUTERS_CREDIT = re.compile(
    r"^\W*(?i:(?:additional\s+)?reporting|writing|compiled|editing)\s+by\s+\S", re.MULTILINE
)
_REUTERS_CREDIT_CONFIRM = re.compile(r"(?i:\b(?:editing|writing)\s+by\b)|;")
# Bloomberg's closing lines.
_BLOOMBERG_CREDIT = re.compile(
    r"^\W*(?i:to contact the (?:reporters?|editors?)(?: responsible)? (?:on|for) this story"
    r"|with assistance (?:from|by)\b)"
)
# Lines that credit a photo, video or graphic, not the text.
_IMAGE_CREDIT = re.compile(r"(?i)\b(?:photo|image|picture|video|graphic|getty|caption)s?\b")

# An outlet name: capitalised words ("European Space Agency", "The Conversation") or a domain
# ("NBCNews.com", "livescience.com"), joined by a few small words.
_TOKEN = r"(?:[A-Z0-9][\w&'’\-]*(?:\.[A-Za-z]{2,}[\w\-]*)*|[a-z0-9][\w\-]*(?:\.[a-z]{2,})+)"
_OUTLET = rf"(?P<outlet>{_THE}{_TOKEN}(?:\s+(?:(?:of|for|and|&|the|on-line)\s+)*{_TOKEN})*)"
_SYNDICATION: tuple[re.Pattern[str], ...] = (
    # 'This article was originally published on NBCNews.com', 'Originally published on X.',
    # 'This story first appeared in X', 'A version of this article originally ran in X'
    re.compile(
        r"^\W*(?i:(?:(?:this|the|a\s+version\s+of\s+this|an\s+earlier\s+version\s+of\s+this)\s+"
        r"(?:article|story|post|piece|column|report|essay|interview|item|blog\s+post)\s+"
        r"(?:was\s+|is\s+|has\s+been\s+)?)?(?:originally|first)\s+"
        r"(?:published|appeared|ran|posted|printed)\s+(?:on|in|by|at|with)\s+)" + _OUTLET
    ),
    # 'Provided by European Space Agency' (Phys.org's provenance line)
    re.compile(r"^\W*(?i:provided\s+by)\s+" + _OUTLET + r"\W*$"),
    # 'This article is republished from The Conversation under a Creative Commons license.',
    # 'Original story reprinted with permission from Quanta Magazine'
    re.compile(
        r"^\W*(?i:(?:(?:this|the|original)\s+(?:article|story|post|piece)\s+(?:is\s+|was\s+)?)?"
        r"(?:republished|reprinted|reproduced|syndicated)\s+(?:here\s+)?(?:with\s+permission\s+)?"
        r"(?:from|of|by)\s+)" + _OUTLET
    ),
)

_MAX_CREDIT_LINE = 400  # characters; a longer line is running text
_CLOSING_LINES = 8  # closing credits are looked for in the last lines of the body


@dataclass(frozen=True)
class _Credit:
    kind: str  # "wire" | "syndication"
    start: int
    end: int
    value: str | None  # agency or outlet as written


def _lines(body: str) -> list[tuple[int, int, str]]:
    """Non-blank lines as (start, end, text) with surrounding whitespace trimmed."""
    out = []
    for m in re.finditer(r"[^\n]+", body):
        text = m.group()
        stripped = text.strip()
        if not stripped:
            continue
        start = m.start() + (len(text) - len(text.lstrip()))
        out.append((start, start + len(stripped), stripped))
    return out


def _canonical_agency(form: str) -> str | None:
    return _AGENCY_BY_FORM.get(form.casefold())


def agency_named(name: str) -> str | None:
    """The wire agency a name in a byline is ("The Associated Press" -> "AP"), or None."""
    return _canonical_agency(re.sub(r"^(?i:the)\s+", "", " ".join(name.split())))


def _dateline_credit(first: tuple[int, int, str]) -> _Credit | None:
    start, _end, text = first
    m = _DATELINE.match(text)
    if not m:
        return None
    words = [w for w in m.group("pre").split() if w.strip(",.;")]
    if len(words) > 8 or not all(_PRE_WORD_OK.match(w) for w in words):
        return None
    return _Credit(
        "wire", start + m.start("agency") - 1, start + m.end("agency") + 1, m.group("agency")
    )


def _closing_credit(line: tuple[int, int, str]) -> _Credit | None:
    start, end, text = line
    if len(text) > _MAX_CREDIT_LINE:
        return None
    for pattern in _CREDIT_LINES:
        m = pattern.match(text)
        if m and not _IMAGE_CREDIT.search(text):
            return _Credit("wire", start, end, m.group("agency"))
    if _REUTERS_CREDIT.match(text) and (
        _REUTERS_CREDIT_CONFIRM.search(text) or text.startswith("(")
    ):
        return _Credit("wire", start, end, "Reuters")
    if _BLOOMBERG_CREDIT.match(text):
        return _Credit("wire", start, end, "Bloomberg")
    return None


def _clean_outlet(raw: str) -> str:
    # "ProPublica and The Texas Tribune": the first named outlet.
    outlet = re.split(r"\s+(?:and|&)\s+(?=[Tt]he\s)", raw.strip())[0]
    outlet = outlet.rstrip(".,;:!?)’'\"")
    if outlet.startswith("the "):
        outlet = outlet[4:]
    return outlet


def _syndication_line(line: tuple[int, int, str]) -> _Credit | None:
    start, end, text = line
    if len(text) > _MAX_CREDIT_LINE:
        return None
    for pattern in _SYNDICATION:
        m = pattern.match(text)
        if m:
            return _Credit("syndication", start, end, _clean_outlet(m.group("outlet")))
    return None


def _is_title_line(text: str) -> bool:
    return len(text) <= 160 and not re.search(r"[.!?:;,)\"”’—–-]\W*$", text)


_SENTENCE_END = re.compile(r"[.!?:;)\]\"”’'_*—–-]\s*$")


def _starts_paragraph(body: str, lines: list[tuple[int, int, str]], i: int) -> bool:
    """Whether line `i` begins a paragraph rather than continuing a hard-wrapped sentence
    ("... a bank official told\nReuters.")."""
    if i == 0:
        return True
    _, prev_end, prev = lines[i - 1]
    if body.count("\n", prev_end, lines[i][0]) > 1 or _SENTENCE_END.search(prev):
        return True
    return i == 1 and _is_title_line(prev)


def _scan(body: str) -> list[_Credit]:
    """Every credit and provenance line of `body`, in reading order."""
    lines = _lines(body)
    if not lines:
        return []
    found: list[_Credit] = []
    # Extracted text may repeat the headline above the lead: a short first line without
    # closing punctuation is a title, and the dateline or wire byline can follow it.
    opening = lines[:1]
    if len(lines) > 1 and _is_title_line(lines[0][2]):
        opening = lines[:2]
    for line in opening:
        credit = _dateline_credit(line)
        if credit is None:
            m = _BYLINE.match(line[2])
            if m:
                credit = _Credit("wire", line[0], line[1], m.group("agency"))
        if credit is not None:
            found.append(credit)
            break
    closing_from = max(1, len(lines) - _CLOSING_LINES)
    for i, line in enumerate(lines):
        if not _starts_paragraph(body, lines, i):
            continue
        credit = _syndication_line(line)
        if credit is None and i >= closing_from:
            credit = _closing_credit(line)
        if credit is not None:
            found.append(credit)
    return found


def credit_line_spans(body: str) -> list[tuple[int, int]]:
    """Character spans of credit and provenance text in `body`, sorted and not overlapping.

    A span covers the agency slot of an opening dateline ("(Reuters)" in "WASHINGTON (Reuters) -",
    not the place), a wire byline line, each closing credit line ("(Reporting by ...; Editing by
    ...)", "© 2019 Associated Press. ...") and each provenance line ("This article was originally
    published on NBCNews.com"), self-references included. Names inside them are credits, not
    mentions.
    """
    spans: list[tuple[int, int]] = []
    for start, end in sorted((c.start, c.end) for c in _scan(body)):
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def wire_agency_from_body(body: str) -> str | None:
    """The wire service credited in `body` ("AP", "Reuters", "AFP", ...), or None.

    The opening dateline's agency wins over a closing credit.
    """
    for credit in _scan(body):
        if credit.kind == "wire" and credit.value:
            agency = _canonical_agency(credit.value)
            if agency:
                return agency
    return None


def domain_from_url(url: str | None) -> str | None:
    """Lower-case host of `url` without "www." and port, or None."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _registrable_domain(domain: str) -> str:
    return extract_domain(f"https://{domain}/") or domain


def publisher_for_domain(domain: str | None) -> str | None:
    """Display name for a domain: `KNOWN_PUBLISHERS` (host or a parent domain), else the
    registrable domain ("news.example.co.uk" -> "example.co.uk"), else None."""
    domain = domain_from_url(domain) if domain else None
    if not domain:
        return None
    labels = domain.split(".")
    for i in range(len(labels) - 1):
        name = KNOWN_PUBLISHERS.get(".".join(labels[i:]))
        if name:
            return name
    return _registrable_domain(domain)


def _known_outlet(outlet: str) -> str:
    """Map an outlet written as a domain ("NBCNews.com") to its display name ("NBC News")."""
    if re.fullmatch(r"[\w\-]+(?:\.[\w\-]+)+", outlet):
        domain = outlet.lower()
        if domain.startswith("www."):
            domain = domain[4:]
        labels = domain.split(".")
        for i in range(len(labels) - 1):
            name = KNOWN_PUBLISHERS.get(".".join(labels[i:]))
            if name:
                return name
    return outlet


def _key(name: str) -> str:
    """Comparison key of an outlet name: "The Live Science" / "livescience.com" -> "livescience"."""
    name = name.casefold().strip()
    if name.startswith("the "):
        name = name[4:]
    if re.fullmatch(r"[\w\-]+(?:\.[\w\-]+)+", name):
        name = _registrable_domain(name.removeprefix("www.")).split(".")[0]
    return re.sub(r"\W|_", "", name)


def _is_self_reference(outlet: str, publisher: str | None, domain: str | None) -> bool:
    keys = {_key(outlet), _key(_known_outlet(outlet))}
    own: set[str] = set()
    if publisher:
        own.add(_key(publisher))
    if domain:
        own.add(_key(_registrable_domain(domain)))
        name = publisher_for_domain(domain)
        if name:
            own.add(_key(name))
    own.discard("")
    return bool(keys & own)


def syndication_from_body(
    body: str, publisher: str | None = None, domain: str | None = None
) -> str | None:
    """The outlet `body` says it was first published by, as a display name, or None.

    `publisher` and `domain` identify the page's own outlet, so that "Originally published on
    Live Science." on Live Science is not taken for syndication.
    """
    for credit in _scan(body):
        if credit.kind == "syndication" and credit.value:
            if _is_self_reference(credit.value, publisher, domain):
                continue
            return _known_outlet(credit.value)
    return None


def _display_publisher(publisher: str | None, domain: str | None) -> str | None:
    if publisher and publisher.strip():
        publisher = publisher.strip()
        # A site name that is only a hostname ("nbcnews.com") gets the known display name.
        if re.fullmatch(r"(?i)(?:www\.)?[\w\-]+(?:\.[\w\-]+)+", publisher):
            known = _known_outlet(publisher)
            if known != publisher:
                return known
        return publisher
    return publisher_for_domain(domain)


class SourcesStage(Stage):
    """Fills `domain`, `publisher`, `wire_agency` and `syndicated_from` (see the module doc)."""

    name = "sources"

    def process(self, article: Article) -> Article:
        if not article.domain:
            article.domain = domain_from_url(article.url)
        article.publisher = _display_publisher(article.publisher, article.domain)
        body = article.body or ""
        article.wire_agency = wire_agency_from_body(body) or article.wire_agency
        article.syndicated_from = (
            syndication_from_body(body, article.publisher, article.domain)
            or article.syndicated_from
        )
        return article
