"""The body as the quote stage reads it: its quotes, a masked copy, its units, its mentions.

- Per paragraph, quotation marks are paired: curly, straight, single, doubled and mixed. An
  opening mark left unclosed runs to the paragraph end, as multi-paragraph quotes do.
- The contents of the quotes are masked, so that everything else is read outside quotes only.
- The masked paragraph is cut into units: sentences whose ends lie outside quotes.
- `Doc` holds all of it, with the entity mentions outside quotes by position, and what the
  speaker rules look up in them: the surnames of names given in full, and the owner of an
  organisation named only as another's part ("The Washington Post's Fact Checker").
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

from .._article import EntityMention
from .._legal_forms import without_legal_form
from ._entity_words import ORG_HEADS as BODY_HEADS
from ._knowledge import is_given_name, is_known_organisation, lower_case_words
from ._quote_words import (
    ANTECEDENT_WINDOW,
    BOUNDARY,
    CLOSE_CURLY,
    CLOSE_SINGLE,
    CLOSE_STRAIGHT,
    CLOSE_STRAIGHT_SINGLE,
    DATELINE,
    LOCATION,
    MASK,
    MAX_QUOTE,
    MAX_SINGLE,
    MAX_UNCLOSED,
    OPEN_STRAIGHT_SINGLE,
    OPENER,
    ORG,
    PARAGRAPH,
    PERSON,
    SMALL_WORDS,
    UNIT_NOUNS,
    cue_words,
)


@dataclass
class QuoteMarks:
    start: int  # the opening mark
    end: int  # after the closing mark, or the paragraph end when unclosed
    inner_start: int
    inner_end: int
    title: bool  # "“Dancing With the Stars”": a title or a name, not speech
    named: bool = False  # a title a word before names: 'producer of "The Cosby Show"'

    @property
    def unclosed(self) -> bool:
        return self.inner_end == self.end


@dataclass
class Unit:
    start: int
    end: int
    quotes: list[QuoteMarks] = field(default_factory=list)

    @property
    def speech(self) -> list[QuoteMarks]:
        return [q for q in self.quotes if not q.title]


class Doc:
    """The body, its masked copy, its quotes, and its mentions outside quotes by position."""

    def __init__(self, body: str, mentions: Sequence[EntityMention]) -> None:
        self.body = body
        self.paragraphs = [m.span() for m in PARAGRAPH.finditer(body)]
        self.quotes = [q for start, end in self.paragraphs for q in _find_quotes(body, start, end)]
        self.masked = _mask(body, self.quotes)
        self._quote_starts = [q.start for q in self.quotes]
        # (a title a word before names is no quote a subject stops at: 'Casey-Werner Co,
        # producer of "The Cosby Show", said'; a nickname is: 'Marcia "Cia" Price')
        self._quote_ends = [q.end for q in self.quotes if not q.named]
        # "TORONTO, March 2 - ": a dateline opening a paragraph names where, never who spoke
        self.datelines = [
            dateline.span()
            for start, end in self.paragraphs
            if (dateline := DATELINE.match(body, start, end))
        ]
        kept = [
            m
            for m in mentions
            if 0 <= m.start < m.end <= len(body)
            and m.canonical
            and "\n" not in m.canonical  # a name run across paragraphs is no name
            and not self.in_quote(m.start)
            and not self.in_dateline(m.start)
        ]
        self.mentions = sorted(kept, key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]
        self._by_end = {m.end: m for m in self.mentions}
        self.labels = {m.canonical: m.label for m in self.mentions}
        self.counts = Counter(m.canonical for m in self.mentions)
        self.org_forms = {m.text: m.canonical for m in self.mentions if m.label == ORG}
        # Surnames of names given in full, for names the entity stage left out ("Revesz").
        self.surnames: dict[str, str] = {}
        for m in self.mentions:
            words = m.canonical.split()
            if m.label != LOCATION and len(words) > 1:
                self.surnames.setdefault(words[-1].casefold(), m.canonical)
        # (position, label, name, spoke): subjects and speakers in text order, what "he",
        # "she" and "it" refer back to.
        self.salient: list[tuple[int, str, str, bool]] = []
        self.genders: dict[str, str] = {}  # person -> "m"/"f" where the document shows it
        # "the trade group" -> the one it named first: a story keeps a description for one body
        self.described: dict[str, list[str]] = {}
        # An organisation named only as another's ("The Washington Post's Fact Checker", "the
        # International Energy Agency’s Photovoltaic Power Systems Program"): that one speaks.
        owners: dict[str, set[str | None]] = {}
        for m in self.mentions:
            if without_legal_form(m.canonical) != m.canonical:
                continue  # "Comalco's Commonwealth Aluminium Corp unit": a company of its own
            if m.label == ORG or (m.label == PERSON and not is_given_name(m.canonical.split()[0])):
                # (a person with no given name is no person: "The Post's Fact Checker")
                gap = re.search(r"[’']s?\s+\Z", body[max(0, m.start - 4) : m.start])
                owner = self._by_end.get(m.start - len(gap.group())) if gap else None
                if owner is None or owner.label != ORG or _body_of_its_own(body, m):
                    owner = None
                owners.setdefault(m.canonical, set()).add(owner.canonical if owner else None)
        self.owners = {
            name: next(iter(found))
            for name, found in owners.items()
            if len(found) == 1 and None not in found
        }
        # (position, name): bodies the entity stage missed, named in full at a cue ("the U.S.
        # Attorney’s Office for the Western District of New York said").
        self.bodies: list[tuple[int, str]] = []

    @cached_property
    def lower_words(self) -> frozenset[str]:
        return lower_case_words(self.body)

    @cached_property
    def name_words(self) -> frozenset[str]:
        """The words of the people's and organisations' names the text gives."""
        return frozenset(
            word
            for name, label in self.labels.items()
            if label in (ORG, PERSON)
            for word in name.split()
        )

    def in_dateline(self, pos: int) -> bool:
        return any(start <= pos < end for start, end in self.datelines)

    def in_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self._quote_starts, pos) - 1
        return i >= 0 and self.quotes[i].inner_start <= pos < self.quotes[i].inner_end

    def quotes_between(self, start: int, end: int) -> list[QuoteMarks]:
        lo = bisect.bisect_left(self._quote_starts, start)
        return self.quotes[lo : bisect.bisect_left(self._quote_starts, end)]

    def last_quote_end(self, pos: int) -> int:
        """The end of the last quote that closes at or before `pos`, or -1."""
        i = bisect.bisect_right(self._quote_ends, pos) - 1
        return self._quote_ends[i] if i >= 0 else -1

    def mention_ending(self, end: int) -> EntityMention | None:
        found = self._by_end.get(end)
        if found is None and end > 0 and self.body[end - 1] == ">":
            # wire copy's closing bracket is no part of a company's name: "<Shell Australia Ltd>,"
            found = self._by_end.get(end - 1)
        return found

    def mentions_between(self, start: int, end: int) -> list[EntityMention]:
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def mentions_before(self, pos: int, window: int = ANTECEDENT_WINDOW) -> list[EntityMention]:
        """Mentions that end before `pos`, nearest first."""
        return self.mentions_between(max(0, pos - window), pos)[::-1]

    def word(self, span: tuple[int, int]) -> str:
        return self.body[span[0] : span[1]]


# --- quotes and units ----------------------------------------------------------------------------


def _find_quotes(body: str, start: int, end: int) -> list[QuoteMarks]:
    """Pair the quotation marks of one paragraph."""
    quotes = []
    i = start
    last_curly_close = body.rfind("”", start, end)
    single_closes: list[tuple[int, int]] | None = None  # found once, on the first straight '
    while match := OPENER.search(body, i, end):
        opening = match.start()
        mark = match.group()
        if mark == "‘" and opening > start and not re.match(r"[\s(\[—–-]", body[opening - 1]):
            i = opening + 1  # a misplaced apostrophe, not an opening mark
            continue
        if mark == "'":
            if not OPEN_STRAIGHT_SINGLE.match(body, opening):
                i = opening + 1  # an apostrophe ("don't", "the players' union")
                continue
            if single_closes is None:
                single_closes = [m.span() for m in CLOSE_STRAIGHT_SINGLE.finditer(body, start, end)]
            k = bisect.bisect_right(single_closes, (opening, end))
            limit = min(end, opening + MAX_SINGLE)
            if k == len(single_closes) or single_closes[k][0] >= limit:
                i = opening + 1  # "'em", "'90s": no quote without its closing punctuation
                continue
            quotes.append(_make_quote(body, opening, *single_closes[k]))
            i = single_closes[k][1]
            continue
        found = _closing(body, opening, end, mark)
        if found is None and mark == "“" and last_curly_close > opening:
            # Another “ opens before this one closes (“Glasgow (“No Place Like Home”)): a stray
            # mark, not a quote running to the paragraph's end over the quotes after it.
            i = opening + 1
            continue
        if found is None:
            # Multi-paragraph quotes leave their first paragraphs unclosed.
            if mark in '“"«' and end - opening <= MAX_UNCLOSED:
                quotes.append(_make_quote(body, opening, end, end))
                break
            i = opening + 1
            continue
        quotes.append(_make_quote(body, opening, *found))
        i = found[1]
    return quotes


def _closing(body: str, opening: int, end: int, mark: str) -> tuple[int, int] | None:
    """(start, end) of the mark that closes the quote opened at `opening`, or None."""
    limit = min(end, opening + MAX_QUOTE)
    if mark == "“":
        match = CLOSE_CURLY.search(body, opening + 1, limit)
        return None if match is None or match.group() == "“" else match.span()
    if mark == "«":
        close = body.find("»", opening + 1, limit)
        return (close, close + 1) if close >= 0 else None
    if mark == '"':
        match = CLOSE_STRAIGHT.search(body, opening + 1, limit)
        return match.span() if match else None
    for match in CLOSE_SINGLE.finditer(body, opening + 1, min(limit, opening + MAX_SINGLE)):
        if not body[match.start() - 1].isspace():
            return match.span()
    return None


# words after which a quote is named, not said: 'producer of "The Cosby Show,"'
_OBJECT_BEFORE = re.compile(
    r"\b(?:of|in|on|for|from|about|called|titled|entitled|named|dubbed)[ \t]+\Z", re.IGNORECASE
)


def _make_quote(body: str, start: int, inner_end: int, end: int) -> QuoteMarks:
    inner = body[start + 1 : inner_end]
    words = re.findall(r"[\w’'-]+", inner[:200])
    # (a comma may close a title after a preposition: 'producer of "The Cosby Show," said')
    named = _OBJECT_BEFORE.search(body, max(0, start - 12), start) is not None
    title = (
        0 < len(words) <= 8
        and not re.search(r"[.!?]\s*\Z" if named else r"[.,!?]\s*\Z", inner)
        and all(w[:1].isupper() or w[:1].isdigit() or w in SMALL_WORDS for w in words)
        and any(w[:1].isupper() for w in words)
    )
    return QuoteMarks(start, end, start + 1, inner_end, title, named=title and named)


# A stock ticker set after a company's name: "Barclays Bank Plc <BCS.L>" (wire style), "Apple Inc
# (NASDAQ: AAPL)". It stands between a subject and its cue, and its colon or point is no break.
_TICKER = re.compile(r"<[A-Z][A-Z0-9.]{0,9}>|\([A-Z][A-Za-z]{1,9}: ?[A-Z][A-Z0-9.]{0,9}\)")
# A short form defined after a name ("the London Commodity Exchange (LCE) said"): no break
# between the name and its cue.
_DEFINED_SHORT_FORM = re.compile(r"(?<=[a-z] )\([A-Z][A-Z&]{1,9}\)(?=[ \t,])")
# The brackets wire copy sets around a company's name ("<Donaldson, Lufkin and Jenrette> and
# Salomon Inc said"): the name stays, the brackets are no break.
_BRACKETED_NAME = re.compile(r"<([A-Z][^<>\n]{0,120})>")


def _mask(body: str, quotes: Sequence[QuoteMarks]) -> str:
    """The body with quote contents blanked except a final punctuation mark ("…,”"), and
    tickers, short forms defined after a name and the brackets of wire copy's company names
    blanked with spaces, so that cue and boundary regexes see only the words of the sentences
    outside quotes. Offsets stay the body's."""
    body = _TICKER.sub(lambda m: " " * len(m.group()), body)
    body = _DEFINED_SHORT_FORM.sub(lambda m: " " * len(m.group()), body)
    body = _BRACKETED_NAME.sub(lambda m: f" {m.group(1)} ", body)
    parts = []
    prev = 0
    for q in quotes:
        inner = body[q.inner_start : q.inner_end].rstrip()
        keep = inner[-1] if inner and inner[-1] in ".,!?;:" else ""
        parts.append(body[prev : q.inner_start])
        if q.title and keep == "," and q.end - q.inner_end == 1:
            # a title's comma closes the phrase it ends, as outside the marks: 'producer of
            # "The Cosby Show," said' reads as 'producer of "The Cosby Show", said'
            parts.append(MASK * (q.inner_end - q.inner_start - 1) + body[q.inner_end] + ",")
            prev = q.end
            continue
        parts.append(MASK * (q.inner_end - q.inner_start - len(keep)) + keep)
        prev = q.inner_end
    parts.append(body[prev:])
    return "".join(parts)


def paragraph_units(doc: Doc, start: int, end: int) -> list[Unit]:
    """Cut a paragraph into units at sentence ends that lie outside quotes."""
    masked = doc.masked
    cuts = [start]
    for match in BOUNDARY.finditer(masked, start, end):
        nxt = match.end()
        if nxt >= end or not (
            masked[nxt].isupper() or masked[nxt].isdigit() or masked[nxt] in "“\"‘'«("
        ):
            continue
        if match.group().rstrip()[-1] == ".":  # not after "Gov." or "J.B."
            # the word before the point: from the last space, or the paragraph's start
            space = masked.rfind(" ", max(start, match.start() - 30), match.start())
            word_start = space + 1 if space >= 0 else start
            if is_abbreviation(masked[word_start : match.start()].lstrip('("“—–')):
                continue
        cuts.append(nxt)
    cuts.append(end)
    units = [Unit(a, b) for a, b in pairwise(cuts) if b > a]
    quotes = iter(doc.quotes_between(start, end))
    quote = next(quotes, None)
    for unit in units:
        while quote is not None and quote.start < unit.end:
            unit.quotes.append(quote)
            quote = next(quotes, None)
    return units


def is_abbreviation(token: str) -> bool:
    bare = token.rstrip(".").casefold()
    return bare in cue_words().abbreviations or re.fullmatch(r"(?:[a-z]\.)*[a-z]", bare) is not None


def is_pure_quote(doc: Doc, unit: Unit) -> bool:
    """Whether a unit is only quoted speech: no words of its own outside the quotes."""
    if not unit.speech:
        return False
    return not re.search(r"[^\W\d_]", doc.masked[unit.start : unit.end].replace(MASK, ""))


# the nouns after an owned name that make it a company of its own ("Raytheon Co's Stearns
# Catalytic unit")
_UNIT_AFTER = re.compile(rf"(?:\s*<[^>\n]{{1,12}}>)?\s+(?:{UNIT_NOUNS})\b")


def _body_of_its_own(body: str, m: EntityMention) -> bool:
    """Whether a name set after an owner's ("Alphabet's Google", "USDA's Foreign Agricultural
    Service", "Pan Am Corp's Pan American World Airways") names a body that speaks for itself:
    a known organisation, a name with a body's head word, or a unit; not a desk or programme
    ("The Washington Post's Fact Checker")."""
    return (
        is_known_organisation(m.canonical)
        or any(word.casefold() in BODY_HEADS for word in m.canonical.split())
        or _UNIT_AFTER.match(body, m.end) is not None
    )
