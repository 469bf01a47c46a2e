"""Document-level repairs of places, and of the teams named after them.

Places:

- "the Canadian Rockies": a nationality before a place that is no known country, city or region
  opens the place's name;
- "city of X", "near X" and a person's home town ("Qarnita Loxton, from Melkbosstrand,") are
  places;
- the places the knowledge lists name (regions, seas, rivers, mountains, islands, districts,
  and planets and moons, which the labelling rules make places) are places;
- in an article in another language, a known place takes its English name ("Russland" ->
  "Russia", "Wien" -> "Vienna"), so that one place is one facet value in every language.

Teams:

- cities in result lines and standings ("Leeds 1 Arsenal 0") are teams, and so are the places
  named in the other rows of a standings table of places; the scorers after a score are people;
- a professional team (`data/sports_teams.json`) is an organisation under its full name where
  the document backs it ("Wild" -> "Minnesota Wild"), and so is a city named for its one team;
- in a document about clubs, a city named alone, not as a place one is in, is a team.
"""

from __future__ import annotations

import re
from itertools import pairwise

from ._entity_german import CAPITALISED_NOUNS, nominatives
from ._entity_mentions import (
    Mention,
    fold,
    is_demonym,
    is_junk,
    is_place,
    known_countries,
    known_place,
    name_key,
    name_tokens,
    overlaps,
)
from ._entity_people import person_clusters
from ._entity_words import LOCATION, LOCATION_HEADS, ORG, ORG_HEADS, PERSON, PLACE_HEADS
from ._gazetteer import english_city_name, english_territory_name
from ._knowledge import (
    city_population,
    is_club,
    is_given_name,
    is_known_organisation,
    known_city,
    listed_place_spans,
    teams_named,
    teams_of_city,
)

# --- places --------------------------------------------------------------------------------------

_WORD_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][a-z]+)[ \t]\Z")
# two capitalised names, each ending with a place's head noun, joined by "and"
_TWO_PLACES = re.compile(
    r"(?P<first>(?:[A-Z][\w'’.-]*[ \t]+)+(?P<head>[A-Z][a-z]+))[ \t]+and[ \t]+"
    r"(?P<second>(?:[A-Z][\w'’.-]*[ \t]+)+(?P<last>[A-Z][a-z]+))"
)


def split_coordinated_places(mentions: list[Mention]) -> list[Mention]:
    """ "Ellijay Drive and Apple Valley Road": two streets the model took for one place. A place
    whose words before and after "and" each end with a place's head noun is two places."""
    out = []
    for m in mentions:
        match = _TWO_PLACES.fullmatch(m.text) if m.label == LOCATION else None
        if match is None or not {fold(match["head"]), fold(match["last"])} <= LOCATION_HEADS:
            out.append(m)
            continue
        out += [
            Mention(m.start + match.start(part), m.start + match.end(part), match[part], LOCATION,
                    rule=m.rule)
            for part in ("first", "second")
        ]  # fmt: skip
    return out


def demonym_places(mentions: list[Mention], body: str) -> list[Mention]:
    """ "the Canadian Rockies", "the Swiss Alps": a nationality right before a place that is no
    known country, city or region opens that place's name (the model leaves it out, or calls it
    a nationality of its own)."""
    ends = {m.end: m for m in mentions}
    joined = set()
    for m in mentions:
        if m.label != LOCATION or m.rule != "model" or known_place(m.text):
            continue
        before = _WORD_BEFORE.search(body, max(0, m.start - 30), m.start)
        if not before or known_city(m.text) or city_population(m.text):
            continue
        other = ends.get(before.end(1))
        if is_demonym(before.group(1)) and (other is None or other.label is None):
            if other is not None:
                joined.add(id(other))
            m.start = before.start(1)
            m.text = body[m.start : m.end]
    return [m for m in mentions if id(m) not in joined] if joined else mentions


_PLACE_CONTEXT = re.compile(
    r"(?:\b(?:near|outside)|\b(?:city|town|village|capital|province|port)[ \t]+of)[ \t]+\Z"
)


# "Qarnita Loxton, from Melkbosstrand,"; "Leanne Hivley, 52, of Quincy,", "Chad Hull, 37,
# Bulpitt,": after a person's name (and age), set off by commas, the town they come from
_HOMETOWN = re.compile(r",[ \t]+(?:from|\d{1,3},(?:[ \t]+of)?)[ \t]+\Z")
# "marooned in Uglii"; not "a stake in Kosmos", "shares in Hanwha"
_IN_PLACE = re.compile(
    r"(?<!\bstake)(?<!\bshares)(?<!\binterest)(?<!\binvest)(?<!\binvested)(?<!\binvesting)"
    r"(?<!\bposition)[ \t]+in[ \t]+\Z"
)


def places_by_context(mentions: list[Mention], body: str) -> None:
    """ "fighting near Kindu", "the city of Goma", "Qarnita Loxton, from Melkbosstrand,", "Leanne
    Hivley, 52, of Quincy,": a one- or two-word name the model called an organisation or a
    person is a place, in all its mentions, when the words before one of them say so. Acronyms
    ("in NATO"), organisation heads, known organisations and names of known people are left
    alone."""
    people = {t for c in person_clusters(mentions) if len(c.tokens) >= 2 for t in c.tokens}
    person_ends = {m.end for m in mentions if m.label == PERSON}
    keys = set()
    for m in mentions:
        words = m.text.split()
        hometown = _HOMETOWN.search(body, max(0, m.start - 14), m.start)
        if (
            m.rule == "model"
            and m.label in (ORG, PERSON)
            and len(words) <= 2
            and all(w[:1].isupper() and not w.isupper() for w in words)
            and (
                _PLACE_CONTEXT.search(body, max(0, m.start - 20), m.start)
                or (
                    hometown and hometown.start() in person_ends and body[m.end : m.end + 1] in ",."
                )
                or (
                    m.label == ORG
                    and len(words) == 1
                    and _IN_PLACE.search(body, max(0, m.start - 40), m.start)
                    and body[m.end : m.end + 1] not in "'’"
                )
            )
            and not set(name_tokens(m.text)) & (people | ORG_HEADS)
            and not is_known_organisation(m.text)
        ):
            keys.add(m.key())
    for m in mentions:
        if m.key() in keys:
            m.label = LOCATION


# --- teams ---------------------------------------------------------------------------------------

_TEAM = r"[A-Z][\w'.&-]*(?:[ \t]+[A-Z][\w'.&-]*){0,3}"
# "Philadelphia 6 DALLAS 3", "Leeds 1 Arsenal 0 ( OT )": a result line, two teams and scores.
_SCORE_LINE = re.compile(
    rf"^[ \t]*(?P<a>{_TEAM})[ \t]+\d{{1,3}}[ \t]+(?P<b>{_TEAM})[ \t]+\d{{1,3}}(?![\w.-])[^\n]*$",
    re.MULTILINE,
)
# "Minnesota beat Washington 3-2", "Texas edged the Sooners 34-27": a result told in prose
# (names without points: "... in Paris. Texas edged Oklahoma" is two sentences).
_PROSE_TEAM = r"[A-Z][\w'&-]*(?:[ \t]+[A-Z][\w'&-]*){0,3}"
_PROSE_RESULT = re.compile(
    rf"(?<![\w.-])(?P<a>{_PROSE_TEAM})[ \t]+(?:beat|beats|defeated|defeats|edged|edges|downed"
    rf"|routed|blanked|shut[ \t]+out|topped|tops|lost[ \t]+to|fell[ \t]+to)[ \t]+(?:the[ \t]+)?"
    rf"(?P<b>{_PROSE_TEAM})[ \t]+\d{{1,3}}-\d{{1,3}}(?![\w-])"
)
# "Philadelphia 10 5 .667 -": a standings row, a name and nothing but figures.
# "Philadelphia 7 10 .412 6 1/2": games behind may be a fraction.
_TABLE_ROW = re.compile(
    rf"^[ \t]*(?P<a>{_TEAM})(?:[ \t]+(?:[\d.-]+|\d+/\d+)){{2,}}[ \t]*$", re.MULTILINE
)


def result_teams(mentions: list[Mention], body: str) -> list[Mention]:
    """Cities and regions in result lines and standings rows name teams: organisations, whatever
    a gazetteer says of the name later. A country stays a place (a national side), a person
    stays a person ("Justin Hobday 71 65"). Teams of a result line the model missed are added,
    and one span run across both teams of a line ("Cliftonville 1 Portadown") is cut in two;
    so are the teams of a standings row in a table whose other rows name known places or teams
    of the results ("SAN ANTONIO 3 13 .188 12"). Scorers listed after a team's score ("Chelsea 2
    ( Zola 12 , Vialli 55 )") are people."""
    found = _scorers(mentions, body)
    results = [
        *_SCORE_LINE.finditer(body),
        *_SCORED_TEAM.finditer(body),
        *(m for m in _PROSE_RESULT.finditer(body) if not _players(m, mentions)),
    ]
    playing = {name_key(m.group(g)) for m in results for g in ("a", "b") if m.groupdict().get(g)}
    rows = [m for m in _TABLE_ROW.finditer(body) if not is_junk(m.group("a"))]
    placed = sum(
        known_place(m.group("a"))
        or bool(teams_named(m.group("a")))
        or name_key(m.group("a")) in playing
        for m in rows
    )
    for match in results + rows:
        row = match.re is _TABLE_ROW
        for group in ("a", "b"):
            if not match.groupdict().get(group):
                continue
            start, end = match.span(group)
            text = match.group(group)
            inside = [m for m in mentions if m.start < end and start < m.end]
            country = name_key(text) in known_countries()
            add = not row or placed >= _TABLE_MIN_PLACES
            if not inside and add and not is_junk(text):
                found.append(
                    Mention(start, end, text, LOCATION if country else ORG, team=not country)
                )
            for m in inside:
                if group == "a" and match.groupdict().get("b") and m.end > match.start("b"):
                    m.end, m.text = end, text  # "Cliftonville 1 Portadown": two teams
                if m.label in (LOCATION, None) and name_key(m.text) not in known_countries():
                    m.label, m.team = ORG, True
    return found


def _players(match: re.Match[str], mentions: list[Mention]) -> bool:
    """Whether a result told in prose is between people ("Vasek Pospisil edged Reilly Opelka
    7-6"): a side opens with a given name or holds a person."""
    for group in ("a", "b"):
        start, end = match.span(group)
        if is_given_name(match.group(group).split()[0]) or any(
            m.label == PERSON and m.start < end and start < m.end for m in mentions
        ):
            return True
    return False


# "Arsenal 2 ( Adams 45 , Vieira 90 )": a team, its score, its scorers and their minutes
_SCORED_TEAM = re.compile(
    rf"(?m)(?:^|\)[ \t]*|(?<=\d)[ \t]+)(?P<a>{_TEAM})[ \t]+\d{{1,2}}[ \t]*\((?=[^()]*\d)"
)
_SCORER = re.compile(
    r"(?P<name>[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){0,2})[ \t\n]+\d{1,3}(?:[ \t]*,[ \t\n]*\d{1,3})*"
    r"(?:[ \t]+(?:pen|og|penalty|o\.g\.))?[ \t\n]*(?=[,)])"
)


def _scorers(mentions: list[Mention], body: str) -> list[Mention]:
    """The scorers of a result line ("Chelsea 2 ( Zola 12 , Vialli 55 )"): people."""
    found = []
    for match in _SCORED_TEAM.finditer(body):
        close = body.find(")", match.end())
        if close < 0 or close - match.end() > 300:
            continue
        for scorer in _SCORER.finditer(body, match.end(), close + 1):
            start, end = scorer.span("name")
            inside = [m for m in mentions if m.start < end and start < m.end]
            for m in inside:
                m.label, m.rule = PERSON, "list"  # kept though named once by one word
            if not inside:
                found.append(Mention(start, end, body[start:end], PERSON, rule="list"))
    return found


# rows of a table that name known places or teams, for its other rows to be taken for teams
_TABLE_MIN_PLACES = 3

# before a place: "in Newcastle", "at Tottenham's ground" is the place, not the team
_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|from|near|to|into|outside|around|across)[ \t]+(?:the[ \t]+)?\Z", re.I
)

# names in a text that say which league its teams play in
_LEAGUE_NAMES = {
    "NFL": "NFL", "NBA": "NBA", "NHL": "NHL", "MLB": "MLB", "Premier League": "football",
    "Champions League": "football", "Europa League": "football", "FA Cup": "football",
    "La Liga": "football", "Serie A": "football", "Bundesliga": "football",
}  # fmt: skip


def sports_teams(mentions: list[Mention], body: str) -> None:
    """Professional teams (`data/sports_teams.json`) are organisations under their full name
    ("Wild" -> "Minnesota Wild"). A nickname or short form is taken for a team only where the
    document backs it: the team's full name or city is in the text, or its league is named
    ("Spurs" is Tottenham Hotspur's or San Antonio's). A city named alone for the one team of
    it that the document names ("Cleveland" beside "Browns"), or for its one team in a league
    the document names ("Cincinnati" in an NFL story), is that team, unless the text puts
    something in it."""
    if not any(teams_named(m.text) for m in mentions):
        return
    leagues = {league for name, league in _LEAGUE_NAMES.items() if name in body}
    for m in mentions:
        teams = teams_named(m.text)
        if not teams or m.rule == "dateline":
            continue
        if any(fold(t.name) == fold(m.text) for t in teams):
            if not known_place(m.text):  # "Barcelona" alone is also the city
                m.label = ORG
            continue
        backed = {
            t.name
            for t in teams
            if t.name in body or t.league in leagues or (t.city and t.city in body)
        }
        # "Tottenham" is a place too: a team only in a story of its league, and not as a place
        # one is in or goes to
        place = known_place(m.text) and (
            not leagues or _PLACE_BEFORE.search(body, max(0, m.start - 20), m.start)
        )
        if len(backed) == 1 and not place:
            m.label, m.canonical = ORG, backed.pop()
    named = {m.canonical for m in mentions if m.canonical and teams_named(m.canonical)}
    for m in mentions:
        teams = teams_of_city(m.text)
        if not teams:
            continue
        here = [t for t in teams if t.name in body or t.name in named]
        if not here and leagues:
            here = [t for t in teams if t.league in leagues]  # "Cincinnati" in an NFL story
        if (
            len(here) == 1
            and m.label in (LOCATION, ORG, PERSON)
            and m.rule != "dateline"
            and not _PLACE_BEFORE.search(body, max(0, m.start - 20), m.start)
        ):
            m.label, m.canonical = ORG, here[0].name


# a possessive and one capitalised place head noun after a name: "St Mildred" + "’s Road"
_OWNED_PLACE_REST = re.compile(r"['’]s[ \t]+([A-Z][a-z]+)\b(?![ \t]+[A-Z])")


def grow_to_owned_places(mentions: list[Mention], body: str) -> None:
    """A place named for its owner that the model cut at the possessive: a name, not a
    person's, followed by "’s" and one capitalised head noun of a place ("St Mildred’s Road",
    "Regent’s Park") is that place. A second capitalised word after the noun ("Trump’s Park
    Avenue apartment") says the noun starts another name."""
    for m in mentions:
        if m.label == PERSON or m.rule != "model":
            continue
        rest = _OWNED_PLACE_REST.match(body, m.end)
        if rest and rest.group(1).casefold() in PLACE_HEADS:
            m.end, m.text, m.label = rest.end(), body[m.start : rest.end()], LOCATION


# last words of a street's, a site's or a building's name, after which ", City" is an address
_ADDRESS_HEADS = PLACE_HEADS | set(
    "school college academy university hospital church hotel centre center hall station "
    "terrace lane close crescent way place grove row".split()
)


def addressed_cities(mentions: list[Mention], body: str) -> set[int]:
    """The ids of known cities named as the town of an address: right after a street's or a
    building's name and a comma ("of Dumpton Park Drive, Ramsgate", "at Sele School,
    Hertford"). Such a city is a place, whatever the model or a club nearby suggests."""
    return {
        id(m)
        for before, m in pairwise(mentions)
        if before.label in (LOCATION, ORG)
        and body[before.end : m.start] == ", "
        and fold(before.text.split()[-1]) in _ADDRESS_HEADS
        and known_city(m.text)
    }


def city_teams(mentions: list[Mention], body: str) -> None:
    """In a document about clubs ("Manchester United", "Nottingham Forest"), a city named alone
    and not as a place one is in or goes to is a team: "beating Tottenham", "Newcastle, who are
    seventh"."""
    if not any(m.label == ORG and is_club(m.text, is_place) for m in mentions):
        return
    addressed = addressed_cities(mentions, body)
    for m in mentions:
        if (
            id(m) not in addressed
            and m.label in (LOCATION, PERSON)
            and m.rule not in ("dateline", "list")  # "Leicester 1 ( Marshall 78 )": a scorer
            and not m.text.isupper()  # "LONDON 1996-08-30": a dateline's place
            and " " not in m.text.strip()
            and known_city(m.text)
            and not is_place(m.text)
            and not _PLACE_BEFORE.search(body, max(0, m.start - 20), m.start)
        ):
            m.label = ORG


def listed_places(
    mentions: list[Mention], body: str, excluded: list[tuple[int, int]]
) -> list[Mention]:
    """The places the knowledge lists name ("Donbas", "Strait of Hormuz", "Saturn"), where the
    model gave them another type, cut them or missed them; a word of a person's name in the
    document ("Venus" of "Venus Williams") is left alone."""
    names_of_people = {t for c in person_clusters(mentions) for t in c.tokens}
    found, inside = [], set()
    for start, end, may_be_word in listed_place_spans(body):
        if overlaps(start, end, excluded):
            continue
        hit = [m for m in mentions if m.start < end and start < m.end]
        if any(m.team for m in hit):
            continue  # "NEW ENGLAND 10 3 0": a team in a standings row, whatever else it is
        of_a_person = bool(set(name_tokens(body[start:end])) & names_of_people)
        if [(m.start, m.end) for m in hit] == [(start, end)]:
            if not of_a_person:
                hit[0].label = LOCATION
        elif hit and all(start <= m.start and m.end <= end for m in hit):
            # the model cut it: "Martha" of "Martha's Vineyard"
            found.append(Mention(start, end, body[start:end], LOCATION, rule="sweep"))
            inside |= {id(m) for m in hit}
        elif not hit and not may_be_word and not of_a_person:
            found.append(Mention(start, end, body[start:end], LOCATION, rule="sweep"))
    return sorted([m for m in mentions if id(m) not in inside] + found, key=lambda m: m.start)


def places_in_english(mentions: list[Mention], language: str) -> None:
    """In an article in another language than English, a known place takes the name English
    articles give it, so that one place is one facet value across the archive's languages
    ("Russland" and "Russia" -> "Russia", "Wien" -> "Vienna"): countries, continents and unions
    (as places or as organisations, "Vereinte Nationen") by CLDR's names in the article's
    language (declined German ones by their nominatives: "Vereinigten Staaten"), big cities by
    the gazetteer's exonyms. Other places keep the name the article writes. (A known
    organisation's name is no place by now: "Hamas" never becomes Hamm.)"""
    for m in mentions:
        if m.label not in (LOCATION, ORG):
            continue
        forms = nominatives(m.canonical) if language in CAPITALISED_NOUNS else [m.canonical]
        english = next(filter(None, (english_territory_name(f, language) for f in forms)), None)
        if english is None and m.label == LOCATION:
            english = english_city_name(m.canonical)
        if english is not None:
            m.canonical = english
