"""Document-level repairs of organisations, and what is known of names.

- an organisation cut after its head noun takes the rest of its name ("... Agency for X");
- an organisation noun before or after a name makes it an organisation in all its mentions
  ("journal Nature Astronomy", "the Fine Gael party");
- what is known (`_knowledge`) decides the type the model gave: known organisations and clubs,
  countries, regions, and cities where the text puts something in them or that the model took
  for a person; known organisations that the model missed are added;
- organisations and places group by name, and the label most of a name's mentions have wins; an
  acronym joins its expansion ("APEC"), a shorter organisation name the fuller one ("Homeland
  Security" -> "Department of Homeland Security").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from .._legal_forms import ends_in_legal_form
from ._entity_mentions import (
    Cluster,
    Mention,
    is_place,
    join_consecutive,
    known_place,
    name_key,
    name_tokens,
    one_named_by_head,
    overlaps,
    place_alias,
    previous_word,
    resolve_overlaps,
)
from ._entity_people import person_clusters
from ._entity_places import addressed_cities, city_teams, sports_teams
from ._entity_text_rules import BODY_REST, spells
from ._entity_words import (
    COMPANY_SUFFIXES,
    CONNECTORS,
    LOCATION,
    MONTHS_DAYS,
    ORG,
    ORG_HEADS,
    ORG_NOUNS,
    PERSON,
    PLACE_FIRST_WORDS,
    PLACE_HEADS,
    SPEECH_AFTER,
    rest_of_name,
    speaks,
)
from ._knowledge import (
    city_population,
    is_club,
    is_given_name,
    is_known_organisation,
    known_city,
    known_region,
    organisation_alias,
    organisation_spans,
    site_name_spans,
)


def extend_bodies(mentions: list[Mention], body: str) -> list[Mention]:
    """Grow an organisation cut short after its head noun ("UN Relief and Works Agency" + "for
    Palestine"); names inside the grown one are no entities of their own."""
    grown = []
    for m in mentions:
        tokens = name_tokens(m.text)
        if m.label != ORG or not tokens or tokens[-1] not in ORG_HEADS:
            continue
        rest = BODY_REST.match(body, m.end)
        if not rest or not rest_of_name(tokens[-1], rest.group()):
            continue
        if set(name_tokens(rest.group())) & MONTHS_DAYS:
            continue
        m.end = rest.end()
        m.text = body[m.start : m.end]
        grown.append(m)
    return [
        m
        for m in mentions
        if not any(g is not m and g.start <= m.start and m.end <= g.end for g in grown)
    ]


# (after a plural possessive the model left out: "Australian Sugar Producers" + "' Association")
_HEADED_REST = re.compile(r"(?:(?<=s)['’])?(?:[ \t]+[A-Z][\w'’&-]*){1,3}")


# "University of ", "State Council of the ": up to three capitalised words ending with a head
# noun, then "of", just before a name; "Movement for a Democratic ", "Coalition for the ": a
# head noun, "for" and up to two capitalised words
_HEAD_OF = re.compile(
    r"((?:[A-Z][\w'’&-]*[ \t]+){0,2}([A-Z][a-z]+))[ \t]+(?:of[ \t]+(?:the[ \t]+)?"
    r"|(?P<for>for)[ \t]+(?:(?:the|a|an)[ \t]+)?(?:[A-Z][\w'’-]*[ \t]+){0,2})\Z"
)
# Heads that name a body before "for" though not alone: "Movement for a Democratic Slovakia",
# "Alliance for Progress", "Campaign for Nuclear Disarmament"
_HEADS_BEFORE_FOR = ORG_HEADS | {
    "movement", "alliance", "coalition", "front", "campaign", "project", "union", "centre",
    "center", "network", "initiative",
}  # fmt: skip


def grow_to_org_heads(mentions: list[Mention], body: str) -> list[Mention]:
    """ "Asia-Pacific" + "Economic Cooperation", "Minnesota" + "State University": a model span
    followed by one to three capitalised words that end with an organisation's head noun is
    that organisation, cut short (a CRF trained on CoNLL often tags only the place in it); so
    is one after such words and "of" ("University of" + "Miami"), or after a head noun, "for"
    and up to two capitalised words ("Movement" + "for a" + "Democratic Slovakia", the head
    noun's own organisation span taken in)."""
    absorbed: set[int] = set()  # ids of the head nouns' own spans, taken in
    for m in mentions:
        if m.rule != "model" or m.label == PERSON or id(m) in absorbed:
            continue
        head = _HEAD_OF.search(body, max(0, m.start - 60), m.start)
        heads = _HEADS_BEFORE_FOR if head and head.group("for") else ORG_HEADS
        if head and head.group(2).casefold() in heads:
            start = head.start(1)
            inside = [
                other for other in mentions if other is not m and start <= other.start < m.start
            ]
            head_only = head.group("for") and all(
                other.label == ORG and other.end <= head.end(2) for other in inside
            )
            if not inside or head_only:
                m.start, m.text, m.label = start, body[start : m.end], ORG
                absorbed.update(id(other) for other in inside)
                continue
        rest = _HEADED_REST.match(body, m.end)
        if not rest:
            continue
        # the shortest run of words that ends with a head noun, none of them a name's start
        for word in re.finditer(r"\S+", body[rest.start() : rest.end()]):
            if word.group().casefold() not in ORG_HEADS:
                continue
            end = rest.start() + word.end()
            inner = [other for other in mentions if other is not m and m.end <= other.start < end]
            if not inner and not set(name_tokens(body[m.end : end])) & MONTHS_DAYS:
                m.end, m.text, m.label = end, body[m.start : end], ORG
            break
    return [m for m in mentions if id(m) not in absorbed]


# lower-case nouns that, right after a name, make it an organisation ("the Fine Gael party")
_ORG_NOUNS_AFTER = set(
    """party group company firm brand bank agency airline charity union hospital museum school
    foundation institute university college newspaper magazine tabloid weekly broadcaster""".split()
)
_NEXT_WORD = re.compile(r"[ \t]+([a-z]+)\b")


# "the oilseed plant breeding association, AMSOL, said": a name set in apposition after a
# description whose head is a kind of body
_BODY_BEFORE = re.compile(
    r"\b(?i:the|its|an?)[ \t]+(?:[\w’'-]+[ \t]+){0,4}(?P<noun>[a-z]+),[ \t]*\Z"
)
_BODY_KINDS = ORG_NOUNS | ORG_HEADS | {"union", "alliance", "coalition", "cooperative"}


def _set_beside_body(m: Mention, body: str) -> bool:
    """A name the model took for a place it is not (or an acronym it took for a person), set
    in apposition after a kind of body ("the ... association, AMSOL,")."""
    if m.rule != "model" or body[m.end : m.end + 1] != ",":
        return False
    if not (
        (m.label == LOCATION and not known_place(m.text))
        or (m.label == PERSON and re.fullmatch(r"[A-Z]{2,8}", m.text))
    ):
        return False
    before = _BODY_BEFORE.search(body, max(0, m.start - 80), m.start)
    return before is not None and before.group("noun") in _BODY_KINDS


def org_by_context(mentions: list[Mention], body: str) -> set[str]:
    """ "journal Nature Astronomy", "carrier SunExpress": an organisation noun before a name;
    "the Fine Gael party": one after it. The name is an organisation in all its mentions (the
    model may call it a person elsewhere: "leader of Fine Gael"), unless a title or a role
    names it a person somewhere. Returns the keys of these names."""
    keys = set()
    for m in mentions:
        noun = previous_word(body, m.start).lower().split("-")[-1]  # "vehicle-maker"
        after = _NEXT_WORD.match(body, m.end)
        before_noun = (
            m.rule == "model"
            and (m.label != LOCATION or not known_place(m.text))
            and noun in ORG_NOUNS
            # "Los Angeles Times publisher Harry Chandler": a person's full name after a noun
            # that names people's jobs too
            and not (m.label == PERSON and " " in m.text and is_given_name(m.text.split()[0]))
        )
        # (a place may name what follows only where it is no known place: "the Berliner Zeitung
        # newspaper", not "the Tokyo newspaper Asahi")
        named_before = m.label in (PERSON, ORG) or (m.label == LOCATION and not known_place(m.text))
        after_noun = named_before and after and after.group(1) in _ORG_NOUNS_AFTER
        if before_noun or (after_noun and m.rule == "model") or _set_beside_body(m, body):
            m.label = ORG
            keys.add(m.key())
    keys -= {m.key() for m in mentions if m.rule in ("title", "role")}
    for m in mentions:
        if m.key() in keys and m.rule == "model":
            m.label = ORG
    return keys


def group_others(mentions: list[Mention]) -> dict[str, Cluster]:
    """Group org and location mentions by name; the majority label wins for a name."""
    votes: dict[str, Counter[str]] = {}
    groups: dict[str, Cluster] = {}
    for m in mentions:
        if m.label not in (ORG, LOCATION):
            continue
        key = m.key()
        votes.setdefault(key, Counter())[m.label] += 1
        group = groups.setdefault(key, Cluster(m.label, first=m.start))
        group.add(m.canonical or place_alias(m.text, m.label) or m.text)
        group.canonical_hint = group.canonical_hint or m.canonical
    for key, group in groups.items():
        top = votes[key].most_common()
        group.label = top[0][0]
        if len(top) > 1 and top[0][1] == top[1][1]:
            group.label = LOCATION if is_place(group.canonical) else ORG
    return groups


# (wire copy may close the name's angle brackets and give its ticker first: "<The Australian Gas
# Light Co> (AGL)", "Nationale Nederlanden NV <NTTN.AS> (NatNed)")
_DEFINED_SHORT_FORM = re.compile(r">?(?:[ \t]*<[A-Z][\w.]{0,11}>)?[ \t]*\(([A-Z][A-Za-z]{1,9})\)")
# ... or in commas, as wire copy sets it off, where the sentence goes on after it ("the Brazilian
# Coffee Institute, IBC, to pay"; not a list: "Acme Corp, IBM, and Intel")
_COMMA_SHORT_FORM = re.compile(r",[ \t]+([A-Z]{2,8}),[ \t]+(?!(?:and|or)\b)[a-z]")


def _contraction(short: str, name: str) -> bool:
    """Whether `short` joins the openings of the name's words, in order: "NatNed" of
    "Nationale Nederlanden NV"."""
    pieces = re.findall(r"[A-Z][a-z]*", short)
    if len(pieces) < 2 or "".join(pieces) != short:
        return False
    words = iter(w.casefold() for w in re.findall(r"\w+", name))
    return all(any(w.startswith(p.casefold()) for w in words) for p in pieces)


def join_defined_names(mentions: list[Mention], body: str) -> list[Mention]:
    """ "Ministry of Trade" + ", " + "Industry and Energy" + " (MOTIE)": organisation spans cut
    at a comma are one name where the short form the text defines right after spells the
    whole."""

    def label(last: Mention, m: Mention) -> str | None:
        if last.label != ORG or m.label != ORG or body[last.end : m.start] != ", ":
            return None
        short = _DEFINED_SHORT_FORM.match(body, m.end)
        spelled = short and spells(short.group(1), body[last.start : m.end])
        return ORG if spelled else None

    return join_consecutive(mentions, body, label)


def _contains(long: tuple[str, ...], short: tuple[str, ...]) -> bool:
    """Whether an organisation name is a fuller form of a shorter one: the short name ends it
    ("Homeland Security", "Steelers"), is its first word ("Amnesty"), or starts it before a
    company suffix ("SoftBank Group Corp") or its country ("... Association of Japan")."""
    if len(short) >= len(long):
        return False
    if long[-len(short) :] == short:
        return True
    if len(short) == 1 and long[0] == short[0]:
        # not "Teamsters" of "Teamsters for a Democratic Union": the first word of a name
        # that goes on with a connecting word is no name of it
        return long[1] not in CONNECTORS
    if long[: len(short)] != short:
        return False
    rest = long[len(short) :]
    # "Housewives Association of Japan": the same body, its country named
    return set(rest) <= COMPANY_SUFFIXES or (
        len(short) > 1 and rest[0] == "of" and is_place(" ".join(rest[1:]))
    )


# Words that name a kind of body, not one body: "the Bank", "the Ministry", "the Commission"
_BARE_HEADS = set(
    "bank ministry commission council committee board bureau agency department fund".split()
)


# "Agriculture Department" and "Department of Agriculture", "Defence Ministry" and "Ministry of
# Defence": one body, named head first or head last. Only "the" may open either; a qualifier
# ("Russian Defence Ministry") makes another body.
_HEAD_FIRST = re.compile(r"(?:[Tt]he )?(Department|Ministry) of (?:the )?([A-Z][\w&,' -]*)")
_HEAD_LAST = re.compile(r"(?:[Tt]he )?([A-Z][\w&' -]*?) (Department|Ministry)")


def _body_key(name: str) -> str:
    """One key for a department's or ministry's two word orders; the name's key otherwise."""
    name = " ".join(name.split())
    if m := _HEAD_FIRST.fullmatch(name):
        return name_key(f"{m[1]} of {m[2]}")
    if m := _HEAD_LAST.fullmatch(name):
        return name_key(f"{m[2]} of {m[1]}")
    return name_key(name)


_QUALIFIER = re.compile(r"(?:[Tt]he )?((?:[A-Z]\.){2,3}|[A-Z][\w.]*(?: [A-Z][\w.]*)?) (?=[A-Z])")


def _unqualified(name: str) -> str:
    """ "U.S. Agriculture Department": the body's name without the country it opens with, which
    an alias ("USDA") leaves unsaid."""
    if (m := _QUALIFIER.match(name)) and is_place(m.group(1)):
        return name[m.end() :]
    return name


def defined_short_forms(mentions: list[Mention], body: str) -> dict[str, str]:
    """ "the Central Bureau of Statistics (SCB)": the short forms the text defines in brackets
    (or, in capitals, in commas) right after an organisation's name, whether or not they spell
    it (an acronym of the name in its own language, "Doctors Without Borders (MSF)"; a word the
    model took for an organisation, "(Keidanren)"), each to that name's group key."""
    defined: dict[str, str] = {}
    # a bracketed word the model took for an organisation too: "(Keidanren)"
    orgs_at = {m.start for m in mentions if m.label == ORG}
    for m in mentions:
        short = _DEFINED_SHORT_FORM.match(body, m.end) if m.label == ORG else None
        short = short or (_COMMA_SHORT_FORM.match(body, m.end) if m.label == ORG else None)
        if short and (
            short.group(1).isupper()
            or short.start(1) in orgs_at
            or _contraction(short.group(1), m.text)
        ):
            defined.setdefault(name_key(short.group(1)), m.key())
    return defined


def short_forms_as_organisations(mentions: list[Mention], body: str) -> None:
    """A short form the text defines for an organisation is that organisation wherever the
    model took it for a person: "Nationale Nederlanden NV (NatNed) ... NatNed said"."""
    defined = defined_short_forms(mentions, body)
    for m in mentions:
        if m.label == PERSON and name_key(m.text) in defined:
            m.label = ORG


def merge_others(groups: dict[str, Cluster], defined: dict[str, str]) -> dict[str, Cluster]:
    """Map each group key to its owner: an acronym joins its expansion ("APEC") or the name the
    text defined it for (`defined_short_forms`), a shorter organisation name the fuller one
    ("Homeland Security" -> "Department of Homeland Security"). A known organisation joins only
    a fuller name with a legal form ("Shell Oil Co"): "Google" is not the "Google Search" it
    makes."""
    owner_of: dict[str, Cluster] = {}
    # A fuller name ends with a shorter one or opens with its first word: the groups to compare
    # a name with are found by those (a page of a thousand companies would otherwise compare
    # each with every other)
    ordered = list(groups.values())
    tokens_of = [name_tokens(o.canonical) for o in ordered]
    by_first_word: dict[str, list[int]] = {}
    by_ending: dict[tuple[str, ...], list[int]] = {}
    for k, tokens in enumerate(tokens_of):
        if tokens:
            by_first_word.setdefault(tokens[0], []).append(k)
        for cut in range(1, len(tokens)):
            by_ending.setdefault(tokens[cut:], []).append(k)
    for key, g in groups.items():
        name = g.canonical
        candidates: list[Cluster] = []
        # "NATO", "Nato" as British papers write it, and "U.N." as American papers do
        short_form = name.replace(".", "") if re.fullmatch(r"(?:[A-Z]\.){2,6}", name) else name
        full = groups.get(defined.get(key, ""))
        defined_for = [full] if full is not None and full is not g and full.label == ORG else []
        if re.fullmatch(r"[A-Z]{2,6}|[A-Z][a-z]{2,5}|[A-Z]{2,6}-[A-Z]{2,6}", short_form):
            # "ITC" of "U.S. International Trade Commission": the country a body's name opens
            # with may go unspelled; "SAG-AFTRA": two bodies' short forms joined, as their names
            # are
            candidates = [
                o
                for o in groups.values()
                if " " in o.canonical
                and any(spells(short_form, n) for n in (o.canonical, _unqualified(o.canonical)))
            ] or defined_for
        elif defined_for:
            candidates = defined_for  # "the Federation of Economic Organisations (Keidanren)"
        if not candidates and g.label == ORG and not is_place(name):
            # (a short word need not be an acronym: "Royex" of "Royex Gold Mining Corp"; a known
            # organisation joins only its own legal name: "Shell" of "Shell Oil Co")
            known = is_known_organisation(name)
            short = name_tokens(name)
            near = (
                sorted({*by_first_word.get(short[0], ()), *by_ending.get(short, ())})
                if short
                else range(len(ordered))
            )
            candidates = [
                ordered[k]
                for k in near
                if ordered[k].label == ORG
                and _contains(tokens_of[k], short)
                and (not known or ends_in_legal_form(ordered[k].canonical, organisation=True))
            ]
        if not candidates and g.label == ORG and _HEAD_LAST.fullmatch(name):
            # "Defense Department" joins "Department of Defense" (never the other way round)
            candidates = [
                o
                for o in groups.values()
                if o is not g and o.label == ORG and _body_key(o.canonical) == _body_key(name)
            ]
        if not candidates and g.label == ORG and name.casefold() in _BARE_HEADS:
            # "the Bank" in a story of "the Bank of Japan": the one body named with that head
            bodies = {o.canonical: o for o in groups.values() if o is not g and o.label == ORG}
            named = one_named_by_head(bodies, name, opening=True)
            candidates = [bodies[named]] if named else []
        if not candidates and (full := organisation_alias(name)):
            # "GOP" and "Republican Party", "Tories" and "Conservative Party", "USDA" and the
            # "(U.S.) Agriculture Department" in either word order
            # (a full name that opens with a place is compared whole: "New York Mercantile
            # Exchange" of "Nymex")
            candidates = [
                o
                for o in groups.values()
                if _body_key(full) in (_body_key(o.canonical), _body_key(_unqualified(o.canonical)))
            ] or _one_named_longer(groups, full)
        owner = max(candidates, key=lambda o: len(o.forms)) if candidates else g
        owner.first = min(owner.first, g.first)
        owner_of[key] = owner
    return owner_of


def _one_named_longer(groups: dict[str, Cluster], full: str) -> list[Cluster]:
    """ "Fed" in a story of the "Federal Reserve Board": the one organisation whose name opens
    with the name an alias stands for, where none is that name itself."""
    words = name_tokens(full)
    longer = [
        o
        for o in groups.values()
        if o.label == ORG and name_tokens(_unqualified(o.canonical))[: len(words)] == words
    ]
    return longer if len(longer) == 1 else []


_LISTED = re.compile(r",?[ \t]+(?:and|or)[ \t]+|,[ \t]+")
_LOCATIVE = re.compile(
    r"\b(?:in|from|near|outside|across|around"
    r"|(?:city|town|village|capital|province|port|region|district)[ \t]+of)[ \t]+\Z"
)


def apply_knowledge(
    mentions: list[Mention],
    body: str,
    excluded: list[tuple[int, int]],
    site: tuple[Sequence[str], str | None] = ((), None),
    *,
    english: bool = True,
    capitalised_nouns: bool = False,
) -> list[Mention]:
    """Known organisations, clubs and places decide the type the model gave (_knowledge.py);
    known organisations the model missed are added, and so is the page's own publisher where
    the text names it (`site`: the names the site goes by, and the page's URL). In English, a
    one-word person becomes a small city only where the words before it say it is a place. In a
    language that capitalises its nouns (`capitalised_nouns`), a known name written as a plain
    capitalised word is found only where the model found it: "das Bild des Zusammenhalts" names
    no newspaper."""
    people = person_clusters(mentions)
    surnames = {c.sequence[-1] for c in people if len(c.tokens) >= 2 and c.sequence}
    name_parts = {t for c in people if len(c.tokens) >= 2 for t in c.tokens}
    located = {
        m.key()
        for m in mentions
        if _LOCATIVE.search(body, max(0, m.start - 20), m.start) and known_city(m.text)
    }
    # a city listed after a place is in the same list: "in Sao Paulo, Rio de Janeiro and Porto
    # Alegre"
    for before, m in pairwise(mentions):
        if (
            before.label == LOCATION
            and _LISTED.fullmatch(body, before.end, m.start)
            and known_city(m.text)
            and known_place(before.text)
        ):
            located.add(m.key())
    addressed = addressed_cities(mentions, body)  # "of Dumpton Park Drive, Ramsgate"
    located |= {m.key() for m in mentions if id(m) in addressed}
    for m in mentions:
        if m.team:
            continue  # "NEW JERSEY 3 10 .231": a team, whatever else the name is
        if m.label == PERSON and name_key(m.text) in surnames:
            continue  # "Bloomberg" beside "Michael Bloomberg": the person, not the company
        if is_known_organisation(m.text) or is_club(m.text, is_place):
            m.label = ORG
        elif (
            m.label == PERSON
            and len(m.text.split()) >= 2
            and (
                name_tokens(m.text)[-1] in PLACE_HEADS
                or name_tokens(m.text)[0] in PLACE_FIRST_WORDS
            )
        ):
            m.label = LOCATION  # "Whistlers Mountain", "Shevchenko district", "Lac Beauvert"
        elif (
            m.label in (PERSON, ORG)
            and (is_place(m.text) or m.key() in located)
            and name_key(m.text) not in surnames
        ):
            # a country or state; a city only where the text puts something in it ("Clinton"
            # and "Jackson" are cities too)
            m.label = LOCATION
        elif (
            m.label == PERSON
            and m.rule == "model"
            and known_city(m.text)
            and not set(name_tokens(m.text)) & name_parts
            and not speaks(body, m.start, m.end)
            and not is_given_name(m.text.split()[0])
            and not re.search(r"\([ \t]*\Z", body[max(0, m.start - 3) : m.start])
            and (
                not english
                or " " in m.text.strip()
                or m.key() in located
                or city_population(m.text) >= 500_000
            )
        ):
            # "moved to Glasgow", "Sioux Falls": a known city, no person's name; but "Rui Barros
            # ( Porto )" in a squad list is a club
            m.label = LOCATION
        elif (
            m.label in (PERSON, ORG)
            and known_region(m.text)
            and not set(name_tokens(m.text)) & name_parts
            and not SPEECH_AFTER.match(body, m.end)
        ):
            m.label = LOCATION  # "Gauteng", "KwaZulu-Natal"; but "Victoria" of "Victoria Cole"
    sports_teams(mentions, body)
    city_teams(mentions, body)
    # A known name the model missed is added; one it cut into shorter names replaces them
    # ("USA" in "USA TODAY", "Bank" and "England" in "Bank of England").
    found, inside = [], set()
    own = {
        (start, end)
        for start, end in site_name_spans(body, *site)
        if not (is_place(body[start:end]) or known_city(body[start:end]))  # cleveland.com
    }
    for start, end in sorted(set(organisation_spans(body)) | own):
        if overlaps(start, end, excluded):
            continue
        if capitalised_nouns and re.fullmatch(r"[^\W\d_][^\W\d_A-Z]+", body[start:end]):
            continue
        hit = [m for m in mentions if m.start < end and start < m.end]
        # the publisher in its own spelling, even in capitals ("USA TODAY")
        canonical = body[start:end] if (start, end) in own else ""
        if all(start <= m.start and m.end <= end and (m.start, m.end) != (start, end) for m in hit):
            found.append(Mention(start, end, body[start:end], ORG, "sweep", canonical))
            inside |= {id(m) for m in hit}
        elif canonical and [(m.start, m.end) for m in hit] == [(start, end)]:
            hit[0].label, hit[0].canonical = ORG, canonical
    mentions = _split_known_pairs(mentions)
    if not found:
        return mentions
    return resolve_overlaps([m for m in mentions if id(m) not in inside] + found)


def _split_known_pairs(mentions: list[Mention]) -> list[Mention]:
    """Two known organisations side by side are two: "CBS Sports NFL insider", "VOA Pentagon
    correspondent" (the second names a beat). The model reads them as one name."""
    kept = []
    for m in mentions:
        pair = None
        if m.label != PERSON and not m.team:
            cuts = (gap.start() for gap in re.finditer(r"[ \t]+", m.text))
            pair = next(
                (
                    (m.text[:cut], m.text[cut:].lstrip())
                    for cut in cuts
                    if is_known_organisation(m.text[:cut])
                    and is_known_organisation(m.text[cut:].lstrip())
                ),
                None,
            )
        if pair is None:
            kept.append(m)
            continue
        left, right = pair
        kept.append(Mention(m.start, m.start + len(left), left, ORG, m.rule))
        kept.append(Mention(m.end - len(right), m.end, right, ORG, m.rule))
    return kept


# between a name and the one it had before: "X, formerly Twitter", "Meta (formerly Facebook)",
# "X, vormals Twitter"
_FORMERLY = re.compile(
    r"[ \t]*,?[ \t]*\(?[ \t]*(?:(?:formerly|früher|vormals|ehemals|anciennement|anteriormente)"
    r"(?:[ \t]+(?:known[ \t]+as|called|named|bekannt[ \t]+als))?|previously[ \t]+(?:known[ \t]+as"
    r"|called|named))[ \t]+"
)


def former_names(mentions: list[Mention], body: str) -> None:
    """A name the text gives as another's former one names the same body, under the name it
    has now ("X, formerly Twitter" and every "Twitter" after it are X): one facet value."""
    renamed: dict[str, str] = {}
    for now, before in pairwise(mentions):
        same = now.label is not None and now.label == before.label
        formerly = _FORMERLY.fullmatch(body, now.end, before.start)
        if same and formerly and now.canonical != before.canonical:
            renamed.setdefault(before.canonical, now.canonical)
    for m in mentions:
        if m.canonical in renamed:
            m.canonical = renamed[m.canonical]
