"""Rules over the text that find the names the model missed, cut or mistyped.

Each rule returns mentions of its own, which win over the model's spans they overlap:

- a title or a role noun before a capitalised name marks a person ("Gov. J.B. Pritzker",
  "quarterback Mason Rudolph");
- a dateline names a place, opening the body ("ST. JOSEPH, Mich. (AP) —") or alone on a line
  with a date ("LONDON 1996-08-30");
- a name that ends with a company's legal form ("Russ Berrie and Co Inc", "Tempus Inc.":
  `etl/data/legal_forms.json`) is a company wherever the model cut or mistyped it, and so is
  that name without its legal form;
- an office named after its holder ("U.S. Attorney's Office") is an organisation;
- "Strait of Hormuz" and "Barry, Berrien and Van Buren counties" are places;
- a country is found where the model missed it.

Two repairs of the model's spans read the text too: a short form that the text defines by
lower-case words ("value-added tax (VAT)") names no organisation, and two organisation spans
with only a space between them are one name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from .._article import Dateline
from .._legal_forms import legal_forms, without_legal_form
from ._entity_mentions import (
    JOINED_MODIFIER_WORD,
    POSSESSIVE_WORD,
    DisjointSpans,
    Mention,
    Ranges,
    country_names_with_home_nations,
    fold,
    is_junk,
    is_place,
    join_consecutive,
    known_countries,
    known_place,
    name_key,
    name_tokens,
    overlaps,
    strip_edges,
    word_spans,
    written_form,
)
from ._entity_words import (
    COMPANY_SUFFIXES,
    CONNECTORS,
    COUNTRY_ACRONYMS,
    DETERMINERS,
    HEADLINE_CUES,
    LOCATION,
    LOCATION_HEADS,
    MONTHS_DAYS,
    NAME_SUFFIXES,
    ORG,
    ORG_HEADS,
    PARTICLES,
    PERSON,
    PREPOSITIONS,
    ROLES,
    TITLE_WORDS,
    TITLES,
    rest_of_name,
)
from ._gazetteer import territory_names
from ._knowledge import big_city_spans, is_big_city, is_given_name, is_known_organisation

NAME_WORD = r"(?:(?:[A-Z]\.){1,3}(?=\s)|[A-Z][\w'’-]*\w)"
_PARTICLE_RE = "|".join(sorted(PARTICLES))
NAME = rf"{NAME_WORD}(?:[ \t]+(?:(?:{_PARTICLE_RE})[ \t]+)*{NAME_WORD}){{0,3}}"
# The list spells each abbreviation with its point; a point after a whole word ends a sentence
# ("Opening act: Prince. Unfortunately, ...").
_TITLE_RE = "|".join(re.escape(t).replace(r"\ ", r"[ \t]+") for t in TITLES)
TITLED_NAME = re.compile(rf"(?<![\w.])(?:{_TITLE_RE})[ \t]+(?P<name>{NAME})")
ROLE_NAME = re.compile(
    rf"(?<![\w-])(?:{'|'.join(sorted(ROLES, key=len, reverse=True))})[ \t]+(?P<name>{NAME})"
)

# A dateline on a line of its own: an upper-case place, maybe a region, then a date and nothing
# else ("LONDON 1996-08-30", "AL-AIN , United Arab Emirates 1996-12-06").
_DATELINE_LINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z.'’ -]*[A-Z.])"
    r"(?:[ \t]*,[ \t]*(?P<region>[A-Z][\w.'’ -]{1,30}?))?"
    r"[ \t]+(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})[ \t]*$",
    re.MULTILINE,
)
_COUNTY_LIST = re.compile(
    rf"(?P<names>{NAME_WORD}(?:[ \t]+{NAME_WORD})?(?:,[ \t]+{NAME_WORD}(?:[ \t]+{NAME_WORD})?)*"
    rf",?[ \t]+and[ \t]+{NAME_WORD}(?:[ \t]+{NAME_WORD})?)[ \t]+(?P<head>counties|parishes)\b"
)


def name_cut(body: str, start: int, end: int) -> tuple[int, int]:
    """Cut a matched name before a month, weekday, title, organisation or place word, or a
    title-case headline's verb of saying ("... Mikhail Mishustin Says Impossible To Say").
    A title word that ends the name right after a given name is its surname ("John Major")."""
    spans = list(word_spans(body, start, end))
    for i, (s, e) in enumerate(spans):
        word = fold(body[s:e]).rstrip(".,")
        word = re.sub(r"'s?\Z", "", word)
        stop = word in MONTHS_DAYS or word in ORG_HEADS or word in LOCATION_HEADS
        stop = stop or (s > start and word in HEADLINE_CUES)
        surname = (
            i == len(spans) - 1
            and i > 0
            and is_given_name(body[spans[i - 1][0] : spans[i - 1][1]])
            and not body[s:e].rstrip(",").endswith(".")
        )
        if stop or (s > start and word in TITLE_WORDS and not surname):
            return strip_edges(body, start, s)
    return strip_edges(body, start, end)


def dateline_places(body: str, dateline: Dateline | None) -> list[Mention]:
    """The place (and region) of the dateline that opens the body as the dateline stage reads
    it (`parse_dateline`: "ST. JOSEPH, Mich. (AP) —", "New Delhi:", one after a standfirst);
    and "LONDON 1996-08-30": a place and a date alone on a line."""
    found = _opening_dateline(body, dateline)
    for match in _DATELINE_LINE.finditer(body):
        if not re.search(r"[A-Z]{3}", match.group("place")):
            continue
        for group in ("place", "region"):
            if match.group(group):
                start, end = match.span(group)
                if group == "region":
                    end = start + len(match.group(group).rstrip())
                if not overlaps(start, end, [(m.start, m.end) for m in found]):
                    found.append(Mention(start, end, body[start:end], LOCATION, rule="dateline"))
    return found


# a dateline's place, and its region as written, up to the credit, the date or the dash
_DATELINE_PARTS = re.compile(
    r"(?P<place>[^,(\[:—–]+?)(?:\s*,\s*(?P<region>[^,(\[:—–]+?))?"
    r"(?=\s*[,(\[:—–]|\s+-|-{2}|-\Z|\.-|\.?\Z)"
)


def _opening_dateline(body: str, dateline: Dateline | None) -> list[Mention]:
    if dateline is None or dateline.place is None:
        return []
    start = body.find(dateline.raw)
    match = _DATELINE_PARTS.match(dateline.raw) if start >= 0 else None
    if match is None:
        return []
    found = []
    for group in ("place", "region"):
        text = (match.group(group) or "").strip()
        if not text or (group == "region" and dateline.region is None):
            continue
        if group == "region" and fold(text.split()[0]).rstrip(".") in MONTHS_DAYS:
            continue  # "BAGHDAD, March 23 -": a wire dateline's date, no region
        begin = start + match.start(group) + match.group(group).index(text)
        found.append(Mention(begin, begin + len(text), text, LOCATION, rule="dateline"))
    return found


def named_after(body: str, pattern: re.Pattern[str], label: str, rule: str) -> list[Mention]:
    found = []
    for match in pattern.finditer(body):
        start, end = name_cut(body, *match.span("name"))
        if owner := re.search(r"\w['’]s?(?=[ \t])", body[start:end]):
            end = start + owner.start() + 1  # "founder Jeff Bezos's Blue Origin": the owner
        text = body[start:end]
        if end <= start or is_junk(text) or is_place(text):
            continue
        if set(name_tokens(text)) <= NAME_SUFFIXES:
            continue  # "Martin Luther King Jr.": a name's suffix after a name's last word
        if rule == "role":
            # One word after a role noun is too weak; a role before a company is no person
            # ("analyst Goldman Sachs Group").
            rest = name_tokens(body[end : match.end("name")])
            if " " not in text or (rest and rest[0] in ORG_HEADS | COMPANY_SUFFIXES):
                continue
        found.append(Mention(start, end, text, label, rule=rule))
    return found


# "Strait of Hormuz", "Gulf of Mexico", "Isle of Man": a place word, "of", a name
_PLACE_OF = re.compile(
    r"(?<![\w-])(?:Strait|Straits|Gulf|Bay|Sea|Isle|Lake|Cape|Mount|Port)[ \t]+of[ \t]+"
    r"(?:the[ \t]+)?[A-Z][\w'’-]*\w(?:[ \t]+[A-Z][\w'’-]*\w)?"
)

# A road named by its number, which the model seldom finds whole: "Route 29" (with the state
# before it, "Illinois Route 29"), "Township Road 1950E", "Interstate 95", and a numbered street
# with its compass word ("1600E Road", "Southwest 117th Avenue"). A house number before a
# street's name ("2344 Bragg St.") is an address and no match.
_COMPASS = r"(?:(?:North|South|East|West)(?:east|west)?[ \t]+)"
_NUMBERED_ROAD = re.compile(
    rf"(?<![\w.-])(?:(?P<place>[A-Z][a-z]+[ \t]+)?"
    rf"(?:Route|Highway|Interstate|(?:State|County|Township)[ \t]+(?:Road|Highway|Route))"
    rf"[ \t]+\d+[A-Z]?"
    rf"|{_COMPASS}?\d+(?:st|nd|rd|th|[NSEW])[ \t]+(?:Avenue|Street|Road|Drive|Boulevard|Lane|Way))"
    rf"(?![\w-])"
)


@cache
def _legal_name_pattern() -> re.Pattern[str]:
    """A capitalised name (words may be joined by "&" or, as wire copy spells it, "and"), maybe
    "and Co", then one or two legal forms ("Cos Inc"); a word in brackets may stand inside it
    ("Cheung Kong (Holdings) Ltd"); no capitalised word after it ("Texas AG Ken Paxton" is an
    office)."""
    forms = "|".join(re.escape(f) for f in legal_forms())
    # a name's particles: "Petroleos de Venezuela, S.A.", "Banco de la Nacion SA"
    particles = "|".join(sorted(PARTICLES - {"la", "le", "al", "el"}, key=len, reverse=True))
    particles = rf"(?:{particles})(?:[ \t]+la)?"
    word = r"(?:(?:[A-Z]\.){1,3}|[A-Z][\w'’-]*)"  # "U.S.", "Berrie"; not "Cruz." ending a sentence
    # a word in brackets inside the name: "Kleinwort Benson (Singapore) Ltd"
    inner = rf"(?:{word}|\({word}(?:[ \t]+{word}){{0,2}}\))"
    return re.compile(
        rf"(?<![\w&.-])(?P<name>{word}(?:[ \t]+(?:(?:&|and|{particles})[ \t]+)?{inner}){{0,5}}?)"
        rf"(?:[ \t]+(?:and|&)[ \t]+Co\.?)?(?P<comma>,?)[ \t]+"
        rf"(?P<form>(?:{forms})(?:[ \t]+(?:{forms}))?)(?![\w/-])(?![ \t]+[A-Z])"
    )


# Wire copy marks a company's name in angle brackets ("<Donaldson, Lufkin and Jenrette>"), and
# its ticker the same way in capitals ("<SB>"), which names nothing of its own.
_BRACKETED_NAME = re.compile(r"(?<=<)[A-Z][\w&.,'’ -]{0,60}[a-z][\w&.,'’ -]{0,60}?(?=>)")


def bracketed_names(body: str) -> list[Mention]:
    """ "<Donaldson, Lufkin and Jenrette>": the whole name between the brackets is a company's,
    though the model cuts it at its comma or its "and"."""
    found = []
    for match in _BRACKETED_NAME.finditer(body):
        start, end = strip_edges(body, *match.span())
        if end > start:
            found.append(Mention(start, end, body[start:end], ORG, rule="legal"))
    return found


# a title before a company's name is no part of it ("Chairman Acme Corp"), but a word of a
# longer title may open one ("First National Bank Corp", "State Street Corp", "Home Depot Inc",
# "General Motors Corp")
_LEADING_TITLES = frozenset(t.rstrip(".").casefold() for t in TITLES if " " not in t)


_CAPITALS = re.compile(r"(?<![\w.])[A-Z]{2,6}(?![\w.])")


def legal_names(body: str, model_spans: list[tuple[int, int]]) -> list[Mention]:
    """ "Russ Berrie and Co Inc", "American Telephone and Telegraph Co": a name that ends with
    a company's legal form is a company's, whatever the model made of it. Leading words that are
    no part of a name ("On Monday Acme Corp") are left out, and so is a name before "and" that
    stands on its own ("Apple and Intel Corp": a known name, or one the model ended there); a
    place before a short form ("Adelaide SA") is no company."""
    found = []
    ends = {end for _, end in model_spans}
    starts = {start for start, _ in model_spans}
    starts_by_end: dict[int, list[int]] = {}
    repeats: dict[str, bool] = {}
    for start, end in model_spans:
        starts_by_end.setdefault(end, []).append(start)
    shorts = set(_CAPITALS.findall(body))  # the short forms a name with "and" may be spelled by
    for match in _legal_name_pattern().finditer(body):
        words = word_spans(body, *match.span("name"))
        while words and (
            fold(body[slice(*words[0])]).rstrip(".")
            in MONTHS_DAYS | DETERMINERS | PREPOSITIONS | {"and", "but", "when"}
            or (
                fold(body[slice(*words[0])]).rstrip(".") in _LEADING_TITLES
                and words[0][0] not in starts  # "King World Productions Inc": the model's name
            )
        ):
            words = words[1:]
        # "Carl C. Icahn-controlled Trans World Airlines Inc": the company after the modifier
        if joined := [k for k, w in enumerate(words) if JOINED_MODIFIER_WORD.search(body, *w)]:
            words = words[joined[-1] + 1 :]
        # "Comalco's Commonwealth Aluminium Corp": the company its owner's possessive names
        if owned := [k for k, w in enumerate(words[:-1]) if POSSESSIVE_WORD.search(body, *w)]:
            words = words[owned[-1] + 1 :]
        # "Jones and Vining Inc ... Jones and Vining said": a name the text repeats whole is one
        whole = body[words[0][0] : match.end("name")].strip(" ,") if words else ""
        if whole not in repeats:  # a name a page gives a thousand times is counted once
            repeats[whole] = bool(whole) and body.count(whole) > 1
        repeated = repeats[whole]
        for k in range(1, len(words)):
            left_end = words[k - 1][1]
            if body[slice(*words[k])] != "and":
                continue
            # "Australia and New Zealand Banking Group Ltd ... the ANZ said": a short form the
            # text uses spells the name's words across the "and", so they are one name
            if any(
                spells(short, body[words[0][0] : words[j][1]])
                for short in shorts
                for j in range(k + 1, len(words))
            ):
                break
            if (left_end in ends and not repeated) or is_known_organisation(
                body[words[0][0] : left_end]
            ):
                words = words[k + 1 :]  # "Apple and Intel Corp": the company after "and"
                break
        if not words:
            continue
        start = _whole_with_of(body, words[0][0], match.end(), starts_by_end)
        name = body[start : match.end("name")]
        form = match.group("form")
        if (len(form.rstrip(".")) <= 2 or match.group("comma")) and known_place(name):
            continue  # "Adelaide SA", "Springfield, LLC": a place and its short form
        found.append(Mention(start, match.end(), body[start : match.end()], ORG, rule="legal"))
    return found + _short_legal_names(body, found, model_spans)


# capitalised words and "of" before a legal name: "Industrial Bank of " + "Japan Ltd"
_NAME_OF = re.compile(r"(?:[A-Z][\w'’-]*[ \t]+)+of[ \t]+\Z")


def _whole_with_of(body: str, start: int, end: int, starts_by_end: dict[int, list[int]]) -> int:
    """Where the legal name starts: "Industrial Bank of Japan Ltd" is one name where the model
    read it so (the legal-name pattern joins no words by "of", which "Shares of Acme Inc" would
    wrongly join); else `start`. `starts_by_end`: the model's spans' starts, by their ends."""
    for span_start in starts_by_end.get(end, ()):
        if span_start < start and _NAME_OF.match(body, span_start, start):
            return span_start
    return start


def _short_legal_names(
    body: str, legal: list[Mention], model_spans: list[tuple[int, int]]
) -> list[Mention]:
    """ "a Norfolk Southern spokesman" after "Norfolk Southern Corp": a company's name of two
    words or more without its legal form is that company wherever the text writes it, though
    the model cut it ("Norfolk", a place); not where the model read the name of its subsidiary
    in a country ("National Westminster Bank USA", "Lloyds Bank Canada")."""
    legal_ranges, model_ranges = Ranges((m.start, m.end) for m in legal), Ranges(model_spans)
    taken = DisjointSpans()  # the short names found
    found = []
    names = {m.text for m in legal}
    shorts = {short for short in map(without_legal_form, names) if short not in names}
    # the longest first, and a name inside one found is not found again: "Canadian Pacific Air
    # Lines" is not also "Canadian Pacific" (the order of a set changes from run to run)
    for short in sorted(shorts, key=lambda s: (-len(s), s)):
        if " " not in short or known_place(short):
            continue
        for match in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])", body):
            longer = any(
                model_spans[k][0] <= match.start()
                and _country_after(body, match.end(), model_spans[k][1])
                for k in model_ranges.overlapping(*match.span())
            )
            span = match.span()
            if not (longer or legal_ranges.overlaps(*span) or taken.overlaps(*span)):
                found.append(Mention(*span, short, ORG, rule="legal"))
                taken.add(*span)
    return found


# a country, maybe after "of", to the end of the model's span: " USA", " of Canada"
_COUNTRY_AFTER = re.compile(r"[ \t]+(?:of[ \t]+)?(?P<country>[A-Z][\w.’' -]*)\Z")


def _country_after(body: str, pos: int, end: int) -> bool:
    found = _COUNTRY_AFTER.match(body, pos, end)
    return found is not None and name_key(found.group("country")) in known_countries()


_GROUP_WORDS = {"group", "holdings", "cos", "companies"}


def company_short_forms(mentions: list[Mention], body: str) -> None:
    """ "Russ Berrie" beside "Russ Berrie and Co Inc": a name that a company's name opens with,
    before its legal form, is that company wherever the model took it for a person."""
    companies: dict[tuple[str, ...], str] = {}
    suffixes = {fold(f).rstrip(".") for f in legal_forms()} | {"and", "&"}
    for m in mentions:
        # the model may have found the whole name as the legal-name rule did
        if m.rule == "legal" or (m.label == ORG and without_legal_form(m.text) != m.text):
            tokens = list(name_tokens(m.text))
            while len(tokens) > 1 and tokens[-1] in suffixes:
                tokens.pop()
            companies[tuple(tokens)] = m.text
            # "Hutton" of "E.F. Hutton Group Inc": without its initials and its "Group"
            while len(tokens) > 1 and tokens[-1] in _GROUP_WORDS:
                tokens.pop()
            while len(tokens) > 1 and re.fullmatch(r"\w(?:\.\w)*\.?", tokens[0]):
                tokens.pop(0)
            companies.setdefault(tuple(tokens), m.text)
    if not companies:
        return
    for m in mentions:
        owner = companies.get(name_tokens(m.text))
        if owner and m.rule != "legal":
            # as the full name's own mentions will write it: one form for "AEGON" and "AEGON NV"
            m.label, m.canonical = ORG, written_form(owner)
    _company_first_words(mentions, body, companies)


# "in Dome", "at Dome": a place where the text puts something, so no company's short name
# (`_entity_organisations._LOCATIVE` is the other way round: what makes a person's name a city)
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|from|outside|to)[ \t]+\Z")


def _company_first_words(
    mentions: list[Mention], body: str, companies: dict[tuple[str, ...], str]
) -> None:
    """ "Dome said" in a story of "Dome Petroleum Ltd": a one-word name the model took for a
    person or a place, that opens the name of a company the text names, is that company; not a
    surname of a person the text names in full ("Ford" beside "Gerald Ford"), a country or
    state, a big city, or a place the text puts something in. A longer name the model took for
    a person is the company its words open too ("Dean Witter" beside "Dean Witter Reynolds
    Inc"). Where the words open several companies' names, the one named first, which the story
    is about ("Kaneb" after "Kaneb Energy Partners Ltd, 82 pct owned by Kaneb Services Inc")."""
    openings: dict[tuple[str, ...], set[str]] = {}
    for tokens, owner in companies.items():
        for n in range(1, len(tokens)):
            openings.setdefault(tokens[:n], set()).add(owner)
    first_at: dict[str, int] = {}
    for m in mentions:
        first_at.setdefault(m.text, m.start)
    surnames = {
        t for m in mentions if m.label == PERSON and len(m.text.split()) >= 2
        for t in name_tokens(m.text)
    }  # fmt: skip
    opening = len(body) - len(body.lstrip())  # a place opening the body is its dateline's
    placed = {
        m.key()
        for m in mentions
        if m.rule == "dateline"
        or m.start <= opening
        or _LOCATIVE_BEFORE.search(body, max(0, m.start - 10), m.start)
    }
    for m in mentions:
        tokens = name_tokens(m.text)
        owners = openings.get(tokens, set())
        if not owners or m.label not in (PERSON, LOCATION) or m.rule == "legal":
            continue
        if len(tokens) == 1 and tokens[0] in surnames:
            continue
        if len(tokens) > 1 and m.label != PERSON:
            continue  # "New York" of "New York Times Co" stays a place
        if m.label == LOCATION and (is_place(m.text) or is_big_city(m.text) or m.key() in placed):
            continue
        owner = min(owners, key=lambda o: first_at.get(o, len(body)))
        m.label, m.canonical = ORG, written_form(owner)


def spelled_short_forms(mentions: list[Mention]) -> None:
    """ "IAFMM" beside "International Association of Fish Meal Manufacturers": a word in
    capitals that spells an organisation the text names is that organisation's short form
    wherever the model took it for a person, and a name it spells that opens with no given
    name is an organisation."""
    orgs = {m.text for m in mentions if m.label == ORG and " " in m.text}
    for m in mentions:
        shaped = m.label == PERSON and re.fullmatch(r"[A-Z]{2,8}", m.text)
        if shaped and any(spells(m.text, name) for name in orgs):
            m.label = ORG
    # "Banque Nationale de Paris" beside "BNP" ("John Fitzgerald Kennedy" beside "JFK" stays)
    shorts = {m.text for m in mentions if m.label == ORG and re.fullmatch(r"[A-Z]{3,8}", m.text)}
    for m in mentions:
        words = m.text.split()
        if m.label != PERSON or len(words) < 3 or is_given_name(words[0]):
            continue
        if any(spells(short, m.text) for short in shorts):
            m.label = ORG


# "the U.S. Attorney’s Office for the Western District of New York", "the Los Angeles County
# Sheriff’s Department": an office named after its holder's title is an organisation
_OFFICE_HOLDERS = (
    "Attorney|Attorney General|District Attorney|State Attorney|Sheriff|Governor|Mayor"
    "|Prosecutor|Inspector General|Comptroller|Controller|Auditor|Coroner|Medical Examiner"
    "|Public Defender|Solicitor General|Clerk|Fire Marshal|Treasurer"
)
_HOLDERS_OFFICE = re.compile(
    rf"(?<![\w.-])(?:(?:[A-Z][\w.’'-]*|of)[ \t]+){{0,4}}?(?:{_OFFICE_HOLDERS})['’]s[ \t]+"
    rf"(?:Office|Department|Bureau)\b"
)

_CAPITAL_WORD = r"[A-Z][\w'’.&-]*"
# "... Agency for Palestine", "... Committee on the Strategic Competition Between ...": the
# rest of a body's name after its head noun, in capitals but for "the", "and", "of"
BODY_REST = re.compile(
    rf"[ \t]+(?:for|on|of)[ \t]+(?:the[ \t]+)?{_CAPITAL_WORD}"
    rf"(?:[ \t]+(?:(?:the|and|of|for|on)[ \t]+)*{_CAPITAL_WORD})*"
)


def holders_offices(body: str) -> list[Mention]:
    """ "U.S. Attorney’s Office", "Sheriff’s Department": a title's office, with the place
    words before it and the rest of its name after it ("... for the Western District of New
    York"), is an organisation (the model cuts it at the possessive)."""
    found = []
    for match in _HOLDERS_OFFICE.finditer(body):
        start, end = match.span()
        if body[start : start + 4] == "The " or body[start : start + 3] == "of ":
            start += body[start:].index(" ") + 1
        if rest := BODY_REST.match(body, end):
            end = rest.end()
        start, end = strip_edges(body, start, end)
        found.append(Mention(start, end, body[start:end], ORG, rule="legal"))
    return found


# Not a possessive ("NASA's Jet Propulsion Laboratory"); a point only in initials or a short
# abbreviation ("U.S.", "St."), since after a word it ends a sentence ("St. Louis. The American").
_HEADED_WORD = r"(?:(?:[A-Z]\.){1,3}|[A-Z][a-z]{0,2}\.|[A-Z][\w&-]*(?<!['’]s))"
_HEADED_NAME = re.compile(
    rf"(?<![\w'’.&-])(?:{_HEADED_WORD}[ \t]+){{0,4}}([A-Z][a-z]+)\b(?![ \t]+[A-Z]|-)"
)
# the rest of its name after the head noun: "of International Relations and Cooperation", but
# not "of Prisons and the Department of Justice" nor "of Prisons. We"
_HEADED_REST = re.compile(
    r"[ \t]+(?:for|on|of)[ \t]+(?:the[ \t]+)?[A-Z][\w'’&-]*"
    r"(?:[ \t]+(?:(?:of|for|on|the|and(?![ \t]+the\b))[ \t]+){0,2}[A-Z][\w'’&-]*){0,12}"
)  # bounded: a run of capitalised words with no end would make every head rescan it


# words that open a title with the title word after them ("Managing Director", "Chief Economist")
_TITLE_MODIFIERS = frozenset(
    "acting assistant associate chief deputy executive general managing senior vice".split()
)


def _before_titled_person(
    body: str, start: int, end: int, model_spans: list[tuple[int, int]]
) -> int:
    """Where the rest of a body's name (`start`-`end`) ends: before a title and the name of the
    person the model found after it ("Institute of International Finance Managing Director Horst
    Schulmann", "Department of Health Secretary Xavier Becerra")."""
    person = next((s for s, e in model_spans if start < s < end), None)
    if person is None:
        return end
    words = list(re.finditer(r"\S+", body[start:person]))
    cut = len(words)
    # (one-word titles only: "Finance" of "Finance Minister" is a word of "Ministry of Finance")
    while cut and words[cut - 1].group().casefold().rstrip(".") in ROLES | _LEADING_TITLES:
        cut -= 1
    if cut == len(words):
        return end  # no title before the name: "Bureau of Alcohol, Tobacco and Firearms"
    while cut and words[cut - 1].group().casefold() in _TITLE_MODIFIERS:
        cut -= 1
    return start + words[cut].start() - 1 if cut else end


def headed_names(body: str, model_spans: list[tuple[int, int]]) -> list[Mention]:
    """ "Jet Propulsion Laboratory", "South African Revenue Service", "Department of
    International Relations and Cooperation": capitalised words that end with an
    organisation's head noun, or a head noun and the rest of a body's name, are an
    organisation, where the model missed or cut it (not inside a longer name it found:
    "Monthly Notices of the Royal Astronomical Society")."""
    found = []
    model_ranges = Ranges(model_spans)
    for match in _HEADED_NAME.finditer(body):
        if match.group(1).casefold() not in ORG_HEADS:
            continue
        start, end = match.span()
        # a company's name ends at its legal form: "Trans World Airlines Inc for DOT approval"
        rest = _HEADED_REST.match(body, end)
        if rest and rest_of_name(match.group(1), rest.group()):
            end = _before_titled_person(body, end, rest.end(), model_spans)
        start, end = strip_edges(body, start, end)  # "the Chicago Board of Trade's (CBT)"
        words = body[start:end].split()
        if words[0] in ("The", "A", "An"):
            start += len(words[0]) + 1
            words = words[1:]
        if len(words) < 2 or set(name_tokens(body[start:end])) & MONTHS_DAYS:
            continue
        if model_ranges.inside_longer(start, end):
            continue
        found.append(Mention(start, end, body[start:end], ORG, rule="headed"))
    return found


# "the General Agreement on Tariffs and Trade (GATT)": a short form in brackets after its name
# (or between commas, as wire copy sets it off: "Amalgamated Metal Trading, AMT, today lodged")
_SHORT_FORM_DEFINED = re.compile(r"[ \t]+\(([A-Z]{2,8})\)|,[ \t]+([A-Z]{2,8}),")
# Words inside a name that give no initial of its short form, or may: "Teamsters for a
# Democratic Union (TDU)", "United Nations Conference on Trade and Development (UNCTAD)".
_INNER_WORDS = CONNECTORS | {"a"}


def defined_names(body: str) -> list[Mention]:
    """The capitalised words before a short form in brackets or commas that spell it are a name,
    whatever the model made of them: an organisation's, or a place's where the gazetteer knows
    it; and so is that short form wherever the text uses it."""
    found = []
    for match in _SHORT_FORM_DEFINED.finditer(body):
        short = match.group(1) or match.group(2)
        words = word_spans(body, max(0, match.start() - 120), match.start())
        for k in range(2, min(len(words), 12) + 1):
            word = body[slice(*words[-k])]
            if not word[:1].isupper() and word.rstrip(",") not in _INNER_WORDS:
                break
            if word[:1].isupper() and spells(short, body[words[-k][0] : match.start()]):
                start, end = strip_edges(body, words[-k][0], match.start())
                name = body[start:end]
                label = LOCATION if known_place(name) else ORG
                found.append(Mention(start, end, name, label, rule="defined"))
                # the short form wherever the text uses it: "AMT will argue", "an AMT spokesman"
                if len(short) > 2:
                    found += [
                        Mention(m.start(), m.end(), short, label, rule="defined")
                        for m in re.finditer(rf"(?<![\w.-]){short}(?![\w-])", body)
                    ]
                break
    return found


def places_of(body: str) -> list[Mention]:
    """ "Strait of Hormuz": the whole name is a place (the model often takes the last word
    alone, as a person)."""
    found = []
    for match in _PLACE_OF.finditer(body):
        start, end = strip_edges(body, *match.span())
        found.append(Mention(start, end, body[start:end], LOCATION, rule="title"))
    return found


def numbered_roads(body: str) -> list[Mention]:
    """ "Illinois Route 29", "Southwest 117th Avenue": a road named by its number is a place, as
    streets are. A capitalised word before "Route" opens the name only where it is a place."""
    found = []
    for match in _NUMBERED_ROAD.finditer(body):
        start, end = match.span()
        if match["place"] and not known_place(match["place"].strip()):
            start = match.end("place")  # "Take Route 29", "Old Route 66"
        found.append(Mention(start, end, body[start:end], LOCATION, rule="title"))
    return found


def county_lists(body: str) -> list[Mention]:
    """ "Barry, Berrien and Van Buren counties": each is "<Name> County"."""
    found = []
    for match in _COUNTY_LIST.finditer(body):
        base = match.start("names")
        for part in re.finditer(rf"{NAME_WORD}(?:[ \t]+{NAME_WORD})?", match.group("names")):
            text = part.group()
            if text == "and":
                continue
            found.append(Mention(base + part.start(), base + part.end(), text, LOCATION, "list"))
            found[-1].canonical = f"{text} {'County' if match['head'] == 'counties' else 'Parish'}"
    return found


# "medium-term expenditure framework (MTEF)": lower-case words, then their initials. The short
# form is found first and the words are looked for just before it: the words' pattern tried
# from every word of the body cost more than all the other entity rules together.
_BRACKETED_SHORT_FORM = re.compile(r"\(([A-Z]{2,6})s?\)")
_DEFINING_WORDS = re.compile(r"(?:(?<![\w’'-])[A-Z][a-z’'-]+[ \t]+)?(?:[a-z][\w’'-]*[ \t]+){1,8}\Z")
_DEFINING_REACH = 400  # characters before a short form: nine words of a language's length


def drop_common_short_forms(mentions: list[Mention], body: str) -> list[Mention]:
    """A short form the text defines by lower-case words ("value-added tax (VAT)") names a
    thing, not an organisation: its mentions are dropped."""
    common = set()
    searched_to = 0
    for short in _BRACKETED_SHORT_FORM.finditer(body):
        start = max(searched_to, short.start() - _DEFINING_REACH)
        searched_to = short.end()
        defining = _DEFINING_WORDS.search(body, start, short.start())
        if not defining:
            continue
        words = re.split(r"[\s-]+", defining.group().strip())
        initials = "".join(w[0] for w in words if w not in CONNECTORS).upper()
        if initials.endswith(short.group(1)):
            common.add(short.group(1))
    return [m for m in mentions if m.text not in common] if common else mentions


def join_adjacent(mentions: list[Mention], body: str) -> list[Mention]:
    """ "Public Service Co-ordinating" + "Bargaining Council": two organisation spans with only a
    space between them are one name the model cut in two."""

    def label(last: Mention, m: Mention) -> str | None:
        both_model_orgs = last.label == m.label == ORG and m.rule == last.rule == "model"
        return ORG if both_model_orgs and body[last.end : m.start] == " " else None

    return join_consecutive(mentions, body, label)


_COORDINATOR = re.compile(r"[ \t]+(?:and|&)[ \t]+(?:the[ \t]+)?\Z")
# An organisation's name that names one side of "between" ends only after the other one
_OPEN_BETWEEN = re.compile(r" [Bb]etween (?:(?! and | & ).)+\Z")


def join_known_coordinations(mentions: list[Mention], body: str) -> list[Mention]:
    """ "Bosnia" + "and" + "Herzegovina", "Procter" + "&" + "Gamble": two spans joined by "and"
    that together are one known place or organisation are that one name (a model trained on
    CoNLL rarely lets "and" inside a name), and so are two of the same word ("Johnson and
    Johnson"), a firm's. So is an organisation named for what lies between
    two sides and the second side ("Committee on the Competition Between the United States" +
    "and the" + "Chinese Communist Party")."""

    def label(last: Mention, m: Mention) -> str | None:
        if not _COORDINATOR.match(body[last.end : m.start]):
            return None
        if last.label == ORG and _OPEN_BETWEEN.search(last.text):
            return ORG
        if last.text == m.text and " " not in m.text:
            return ORG  # "Johnson and Johnson": nobody is joined to himself; a firm's name
        name = body[last.start : m.end]
        return LOCATION if known_place(name) else ORG if is_known_organisation(name) else None

    return join_consecutive(mentions, body, label)


@cache
def _country_pattern() -> re.Pattern[str]:
    """Country names as written, standing alone: not inside a longer capitalised name."""
    names = country_names_with_home_nations() | {"United Kingdom"} | COUNTRY_ACRONYMS
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w.&-])(?<![A-Z][\w.'’-] )(?:{alternation})(?![\w&-])(?! [A-Z])")


def _missed_places(
    body: str,
    mentions: list[Mention],
    excluded: list[tuple[int, int]],
    spans: Iterable[tuple[int, int]],
    *,
    not_of_people: bool = False,
) -> list[Mention]:
    """Places at `spans` that no mention and no excluded range overlaps; with `not_of_people`,
    none that is a word of a person's name in the document ("Jackson" of "Mary Jackson")."""
    taken = Ranges([(m.start, m.end) for m in mentions] + excluded)
    people = (
        {t for m in mentions if m.label == PERSON for t in name_tokens(m.text)}
        if not_of_people
        else set()
    )
    return [
        Mention(start, end, body[start:end], LOCATION, rule="sweep")
        for start, end in spans
        if not taken.overlaps(start, end) and not set(name_tokens(body[start:end])) & people
    ]


@cache
def _territory_pattern(language: str) -> re.Pattern[str] | None:
    """Countries and world regions as the article's language names them (CLDR's names:
    "Türkei", "Mittelamerika"), standing alone; a capitalised word beside one is no sign of a
    longer name in a language that capitalises its nouns ("Nachbarland Türkei")."""
    names = territory_names(language)
    if not names:
        return None
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w.&-])(?:{alternation})(?![\w&-])")


def countries(
    body: str, mentions: list[Mention], excluded: list[tuple[int, int]], language: str = "en"
) -> list[Mention]:
    """Country names the model left out ("Leeds ' England under-21 striker"), and in an article
    in another language the countries and world regions as that language names them."""
    spans = [match.span() for match in _country_pattern().finditer(body)]
    if language != "en" and (pattern := _territory_pattern(language)) is not None:
        spans += [match.span() for match in pattern.finditer(body)]
    return _missed_places(body, mentions, excluded, sorted(set(spans)))


def big_cities(
    body: str, mentions: list[Mention], excluded: list[tuple[int, int]]
) -> list[Mention]:
    """Cities of 300,000 people or more that the model left out ("Kyiv", which a model of
    1996 news never saw spelled so), unless a word of a person's name in the document."""
    return _missed_places(body, mentions, excluded, big_city_spans(body), not_of_people=True)


# "London-based", "Texas-born", "U.S.-Canada trade", "the Earth-Mars cruise": a place inside a
# hyphenated word, which the tagger keeps whole and so never names
_HYPHENED = re.compile(r"(?<![\w’'-])(?:[A-Z][\w.’']*[ \t])?[A-Z][\w.’']*(?:-[\w.’']+)+")
_PLACE_MODIFIERS = frozenset(
    "based born bred raised headquartered registered listed made bound area".split()
)


def hyphened_places(
    body: str, mentions: list[Mention], excluded: list[tuple[int, int]]
) -> list[Mention]:
    """Places inside hyphenated words: a place before a modifier ("London-based", "New
    York-born"), and each of two or more places joined by hyphens ("U.S.-Canada"); a word that
    is one place as a whole ("Guinea-Bissau") is left to the other sweeps."""
    spans = []
    for match in _HYPHENED.finditer(body):
        word = match.group()
        if known_place(word) or known_place(word.split(" ", 1)[-1]):
            continue
        head, *rest = word.split("-")
        if len(rest) == 1 and rest[0] in _PLACE_MODIFIERS:
            # "New York-based": the place may be two words; "Stanford-based": only one
            head_end = match.start() + len(head)
            for start in (match.start(), head_end - len(head.split(" ")[-1])):
                if known_place(body[start:head_end]):
                    spans.append((start, head_end))
                    break
            continue
        parts = word.split(" ")[-1].split("-")
        if len(parts) >= 2 and all(p[:1].isupper() and known_place(p) for p in parts):
            at = match.end() - len(word.split(" ")[-1])
            for part in parts:
                spans.append((at, at + len(part)))
                at += len(part) + 1
    return _missed_places(body, mentions, excluded, spans, not_of_people=True)


def spells(short: str, name: str) -> bool:
    """Whether `short` is a short form of `name`: the initials of its capitalised words in order
    ("ICJ"), where a word in capitals may stay whole ("UNRWA" of "UN Relief and Works Agency")
    and a connecting word may give its initial or not ("UNCTAD" of "United Nations Conference
    on Trade and Development", "MOTIE" of "Ministry of Trade, Industry and Energy"). The name
    may drop its "for ..." or "of ..." tail ("UNRWA ... for Palestine Refugees") or its legal
    form ("TWA" of "Trans World Airlines Inc"). A short form of two joined by a hyphen spells a
    name of two joined by one, part by part ("SAG-AFTRA" of "Screen Actors Guild-American
    Federation of Television and Radio Artists")."""
    short_parts, name_parts = short.split("-"), name.split("-")
    if len(short_parts) == 2 == len(name_parts) and all(p.strip() for p in short_parts):
        return all(map(spells, short_parts, name_parts))
    short = short.upper()
    names = [name]
    if tail := re.search(r"[ \t]+(?:for|of|on)[ \t]+", name):
        names.append(name[: tail.start()])
    if (bare := without_legal_form(name)) != name:
        names.append(bare)
    return any(_spelled(short, tuple(w for w in re.split(r"[\s,-]+", n) if w)) for n in names)


_CO_WORDS = {"co", "corp", "corporation", "company"}
_INITIALS = re.compile(r"(?:[A-Z]\.)+")


@cache
def _spelled(short: str, words: tuple[str, ...]) -> bool:
    if sum(w[:1].isupper() for w in words) < 2:
        return False

    def match(i: int, j: int) -> bool:
        if j == len(short):
            return all(w in _INNER_WORDS for w in words[i:])
        if i == len(words):
            return False
        word = words[i]
        if word in _INNER_WORDS and match(i + 1, j):
            return True
        # a word in capitals, or initials with points ("S.A." of "PDVSA"), may stay whole
        letters = word.replace(".", "") if _INITIALS.fullmatch(word) else word
        if (
            len(letters) > 1
            and letters.isupper()
            and short.startswith(letters, j)
            and match(i + 1, j + len(letters))
        ):
            return True
        if word.rstrip(".").casefold() in _CO_WORDS and short.startswith("CO", j):
            return match(i + 1, j + 2)  # "KEPCO" of "Korea Electric Power Corp"
        return (
            word[:1].upper() == short[j]
            and (word[:1].isupper() or word in CONNECTORS)
            and (match(i + 1, j + 1))
        )

    return match(0, 0)
