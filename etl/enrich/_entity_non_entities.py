"""Capitalised names that name no entity where they stand.

- a name before a product or an award noun ("its Dragonfly mission", "the Oreshnik ballistic
  missile") is a product, and so is a known company's name with a model's name after it ("the
  Apple Vision Pro"), and one that an appositive calls an operation or a film is that thing;
- a word that the text also writes in lower case is that word ("Avoid", "Sauna Journey"), a
  nationality is a people ("Ukrainian"), and a common word that only ever opens a sentence is a
  common word ("Challenges include...");
- a sentence's first word before a name seen without it is cut off ("Key Security Council");
- names in a short quoted title (“Dawson’s Creek”) or after "dubbed" are dropped there, and a
  name given a ship's prefix ("HMS ...") everywhere.
"""

from __future__ import annotations

import re
from collections import Counter

from ._entity_mentions import (
    Mention,
    is_capitalised,
    is_demonym,
    is_place,
    known_place,
    label_votes,
    name_key,
    name_tokens,
    sentence_start,
)
from ._entity_words import (
    AWARD_HEADS,
    COMPANY_SUFFIXES,
    COMPANY_WORDS,
    LOCATION,
    LOCATION_HEADS,
    ORG,
    ORG_HEADS,
    ORG_NOUNS,
    PERSON,
    PUBLICATION_HEADS,
)
from ._gazetteer import territory_names
from ._knowledge import (
    city_population,
    is_club,
    is_common_word,
    is_given_name,
    is_known_company,
    is_known_organisation,
    known_region,
    lower_case_words,
    teams_named,
)

# Lower-case nouns that, after a name (and up to two more lower-case words), make it a
# product, a craft, a mission or an award: "its Dragonfly mission", "the Oreshnik ballistic
# missile", "Patriot air defense systems", "the Artist of the Decade award". Not nouns that
# follow a maker's name too ("a Boeing jet", "the Pfizer vaccine").
_PRODUCT_NOUNS = (
    set(
        """mission missions spacecraft telescope rover lander orbiter probe satellite satellites
    rocket rockets capsule
    missile missiles supercomputer vessel warship frigate destroyer submarine console consoles
    systems ceremony""".split()
    )
    | AWARD_HEADS
)
_PRODUCT_AFTER = re.compile(
    rf"[ \t]+(?:[a-z][a-z-]*[ \t]+){{0,2}}?(?:{'|'.join(sorted(_PRODUCT_NOUNS))})\b"
)


def products(mentions: list[Mention], body: str) -> None:
    """A name followed by a product noun ("Dragonfly mission", "Oreshnik ballistic missile") is
    a product, no entity, in all its mentions, unless it is a known organisation or place, or
    a person."""
    keys = {
        m.key()
        for m in mentions
        if m.rule == "model"
        and m.label != PERSON
        and _PRODUCT_AFTER.match(body, m.end)
        and not (is_known_organisation(m.text) or known_place(m.text))
    }
    for m in mentions:
        if m.key() in keys and m.label != PERSON:
            m.label = None


# Last words that keep a known company's name with more words after it an organisation (a
# division, a subsidiary, a venture: "Amazon Web Services", "Sony Pictures", "Fox News") or
# make it a place ("Amazon River"), not one of its products.
_NOT_PRODUCT_LAST = (
    ORG_HEADS | ORG_NOUNS | COMPANY_SUFFIXES | COMPANY_WORDS | PUBLICATION_HEADS | LOCATION_HEADS
    | set("news media music capital bank energy motor motors electronics financial health cloud "
          "research foundation".split())
)  # fmt: skip


# An article or a possessive before a name, with up to two lower-case words or a price between
# ("the Apple Vision Pro", "a used Google Pixel", "the $1,000 Meta Quest Pro")
_DETERMINED = re.compile(
    r"\b(?i:the|an?|its|his|her|their|our|my|your|this|that)[ \t]+"
    r"(?:(?:[a-z][\w-]*|\$[\d,.]+)[ \t]+){0,2}\Z"
)


def brand_products(mentions: list[Mention], body: str) -> None:
    """A known company's or platform's name with capitalised words after it that make no
    organisation's name, set after an article or a possessive ("the Apple Vision Pro", "the
    $1,000 Meta Quest Pro", which the model calls a person, "its Google Pixel"), is one of its
    products, no entity, in all its mentions and those of its model's name alone ("the Vision
    Pro"); unless the whole is itself a known organisation or place. A company named so
    ("Hanwha Q Cells had 3.7 GW") takes no article."""
    models: dict[str, str] = {}  # the product's key -> its model's name's key
    for m in mentions:
        words = m.text.split()
        if m.rule != "model" or m.label not in (ORG, PERSON) or len(words) < 2:
            continue
        if words[-1].casefold().rstrip(".") in _NOT_PRODUCT_LAST or not all(
            w[:1].isupper() or w[:1].isdigit() for w in words
        ):
            continue
        if is_known_organisation(m.text) or known_place(m.text):
            continue
        brand = next(
            (i for i in (1, 2) if i < len(words) and is_known_company(" ".join(words[:i]))), 0
        )
        if brand and _DETERMINED.search(body, max(0, m.start - 40), m.start):
            models[m.key()] = name_key(" ".join(words[brand:]))
    for m in mentions:
        if m.label in (ORG, PERSON) and (m.key() in models or m.key() in models.values()):
            m.label = None


def awards(mentions: list[Mention]) -> None:
    """A name ending with "Prize", "Award", "Medal" or "Trophy" is an award, no entity ("Nobel
    Peace Prize", which the model may call a person)."""
    for m in mentions:
        if len(m.text.split()) > 1 and m.text.split()[-1].casefold() in AWARD_HEADS:
            m.label = None


# What an appositive calls a thing, no named entity: "Inherent Resolve, the U.S. military
# operation against...", "Event Horizon, a 1997 film"
_THING_NOUNS = set(
    """operation mission programme program campaign exercise festival film movie album song
    book novel series show documentary game app drug vaccine disease disorder award
    prize""".split()
)
_APPOSITIVE_THING = re.compile(
    rf",[ \t]+(?:a|an|the|its|his|her|their)[ \t]+(?:[\w.’'-]+[ \t]+){{0,4}}?"
    rf"(?:{'|'.join(sorted(_THING_NOUNS))})s?\b"
    # the noun heads the phrase: not "the drug maker", "the film studio"
    r"(?=[ \t]*[,.;:)]|[ \t]+(?:of|for|against|in|on|at|by|that|which|from|about|with|to)\b)"
)


def described_things(mentions: list[Mention], body: str) -> None:
    """A name that an appositive calls an operation, a festival, a film, a drug... is that
    thing, no entity, in all its mentions, unless it is a known organisation or place."""
    keys = {
        m.key()
        for m in mentions
        if m.rule == "model"
        and _APPOSITIVE_THING.match(body, m.end)
        and not (is_known_organisation(m.text) or known_place(m.text))
    }
    for m in mentions:
        if m.key() in keys:
            m.label = None


def common_words(mentions: list[Mention], body: str, language: str = "en") -> None:
    """Words the text also writes in lower case are those words, not names: a one-word
    organisation or place ("Avoid", "Boons") the model found, and a two-word "person" that opens
    with no given name and ends with such a word ("Sauna Journey", "Park Lodge"). Known
    organisations and places stay, and so does a country the article's language names like an
    English nationality ("Türkei" is no "Turkish")."""
    lower = lower_case_words(body)
    own = territory_names(language) if language != "en" else frozenset()
    for m in mentions:
        words = m.text.split()
        described = len(words) == 1 or (len(words) == 2 and words[1].casefold() in lower)
        demonym = m.text not in own and is_demonym(words[0])
        if m.label in (ORG, LOCATION) and m.rule == "model" and described and demonym:
            m.label = None  # "Ukrainian", "Chinese Aggression": a people, or a description
            continue
        if m.rule != "model" or m.text.isupper() or words[-1].casefold() not in lower:
            continue
        if m.label in (ORG, LOCATION) and len(words) == 1:
            known = is_known_organisation(m.text) or is_place(m.text) or known_region(m.text)
            if not (known or city_population(m.text) or _capitalised_inside(m, body)):
                m.label = None
        elif m.label == PERSON and len(words) == 2 and not is_given_name(words[0].split("-")[0]):
            m.label = None
    for m in mentions:
        if _adjective_before_noun(m, body):
            m.label = None  # "Congressional sources said": what the sources are, not a name


def _adjective_before_noun(m: Mention, body: str) -> bool:
    """A one-word organisation or place the model found that is an English adjective in -al
    set before a lower-case noun ("Congressional sources", "Federal officials"), and no known
    organisation or place."""
    word = m.text
    if m.rule != "model" or m.label not in (ORG, LOCATION) or " " in word or word.isupper():
        return False
    if not word.endswith("al") or not is_common_word(word):
        return False
    if is_known_organisation(word) or is_place(word) or known_region(word):
        return False
    return re.match(r"[ \t]+[a-z]{3,}", body[m.end : m.end + 20]) is not None


def _capitalised_inside(m: Mention, body: str) -> bool:
    """Whether the text capitalises an organisation's one word inside sentences more than once
    ("A Treasury official said ... the Treasury was aware", beside "the treasury market"): a
    name the text also uses as a common noun."""
    if m.label != ORG:
        return False
    pattern = rf"(?<![\w'’-]){re.escape(m.text)}(?![\w'’-])"
    inside = [f for f in re.finditer(pattern, body) if not sentence_start(body, f.start())]
    # once at least between two lower-case words: running prose, not a heading in title case
    prose = re.compile(rf"\b[a-z]+[ \t]+{re.escape(m.text)}[ \t]+[a-z]+\b")
    return len(inside) > 1 and prose.search(body) is not None


def _common_word_opener(m: Mention, body: str, named: set[str]) -> bool:
    """ "Challenges include...", "Twice a year...": a one-word organisation or place the model
    found only where a capital is due anyway (opening a sentence or a line), that is an English
    common word (WordNet) and no known organisation, place or region, is that word."""
    word = m.text
    if m.rule != "model" or m.label not in (ORG, LOCATION) or " " in word or word.isupper():
        return False
    if m.key() in named or not is_common_word(word):
        return False
    if is_known_organisation(word) or is_place(word) or known_region(word):
        return False
    if city_population(word) or is_club(word, is_place) or teams_named(word):
        return False
    pattern = rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])"
    return all(_opens(body, found.start()) for found in re.finditer(pattern, body))


def _opens(body: str, start: int) -> bool:
    """Whether a word opens a line or a sentence that ends a full stop, "!" or "?" before it
    (not a colon or a dash: "Results: Partizan - ...")."""
    before = body[max(0, start - 80) : start].rstrip(" \t\"“‘'(")
    return (
        not before
        or before[-1] in "\n!?"
        or (before[-1] == "." and sentence_start(body, len(before) + max(0, start - 80)))
    )


# Auxiliaries that open a question before its subject ("Will Warren continue ...?")
_QUESTION_OPENERS = frozenset("Will Can Could Should Would Did Does Do Is Was Has Had".split())
_QUESTION_END = re.compile(r"[^.!?\n]{0,200}\?")


def trim_sentence_openers(mentions: list[Mention], body: str) -> None:
    """ "Key Security Council powers": a sentence-initial word before a name seen without it.
    A sentence-initial word that the text also writes in lower case is that word, not a name:
    an "-ing" word before a name ("Wearing Alaïa"), a name of one such word ("Consume") whose
    every mention opens a sentence."""
    keys = Counter(m.key() for m in mentions)
    labels = label_votes(mentions)
    lower = lower_case_words(body)
    name_parts = {
        t for m in mentions if m.label == PERSON and " " in m.text for t in name_tokens(m.text)
    }
    openers = {m.key() for m in mentions if not sentence_start(body, m.start)}
    for m in mentions:
        words = m.text.split(maxsplit=1)
        if not sentence_start(body, m.start) or words[0].casefold() not in lower:
            pass
        elif len(words) == 2 and words[0].endswith("ing") and is_capitalised(words[1]):
            m.start = m.end - len(words[1])
            m.text = words[1]
            continue
        elif len(words) == 1 and m.key() not in openers and m.key() not in name_parts:
            m.label = None
            continue
        if _common_word_opener(m, body, openers | name_parts):
            m.label = None
            continue
        if (
            m.label == PERSON
            and len(words) == 1
            and words[0].casefold() in lower
            and m.key() not in name_parts
        ):
            m.label = None  # "Glutathione" beside "glutathione": a common noun, not a person
        if (
            len(words) == 2
            and words[0] in _QUESTION_OPENERS
            and keys[m.key()] == 1
            and _QUESTION_END.match(body, m.end)
        ):
            # "Will Warren continue to face the heat?": the question's verb, not a given name
            m.start = m.end - len(words[1])
            m.text = words[1]
            continue
        if m.label == PERSON or len(words) < 2:
            continue  # "Eyamba Sowers didn’t know": a first name is no sentence opener
        # a known place or body as a whole keeps its first word: "New Delhi: The Delhi Police"
        known = known_place(m.text) or is_known_organisation(m.text)
        if keys[m.key()] == 1 and sentence_start(body, m.start) and not known:
            rest = name_key(words[1])
            if keys.get(rest):
                m.start = m.end - len(words[1])
                m.text = words[1]
                if rest in labels:  # it is that name, with the type the text gives it there
                    m.label = labels[rest].most_common(1)[0][0]


# A short quoted phrase in title case: “Dawson’s Creek”, “Takin’ It to the Streets.”, ‘Jewels
# after Jewels’. Small words may stay in lower case; a final stop may sit inside the quote.
_QUOTED = (
    re.compile(r"“([^“”\n]{2,80}?)”"),
    re.compile(r'"([^"\n]{2,80}?)"'),
    re.compile(r"‘((?:[^‘’\n]|’(?=\w)){2,80}?)[’‘](?!\w)"),  # an apostrophe inside: "Takin’"
)
_TITLE_SMALL_WORDS = set(
    "a an the of to in on and or for with at by from as is not no vs after into over up".split()
)
_QUOTED_TITLE_MAX_WORDS = 6


def _quoted_titles(body: str) -> list[tuple[int, int]]:
    """Where the text quotes a short title-case phrase: the name of a work (a song, a film, a
    show, a book), a slogan or a nickname. A name inside one is no entity there."""
    ranges = []
    for match in (m for pattern in _QUOTED for m in pattern.finditer(body)):
        inner = match.group(1).strip().rstrip(".,!?").strip()
        words = inner.split()
        if not words or len(words) > _QUOTED_TITLE_MAX_WORDS or not words[0][:1].isupper():
            continue
        if all(is_capitalised(w) or w in _TITLE_SMALL_WORDS for w in words):
            ranges.append(match.span(1))
    return ranges


# Prefixes of ships' names (navies' and merchant): vessels are products, no entities
_SHIP = re.compile(
    r"(?<![\w.])(?:USS|USNS|HMS|HMAS|HMCS|HMNZS|RFA|BRP|INS|PNS|ROKS|MV|RV|FV)[ \t]+"
    r"(?P<name>[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,3})"
)


def drop_ships(mentions: list[Mention], body: str) -> list[Mention]:
    """ "the BRP Datu Cabaylo, a patrol vessel", later "the Datu Cabaylo": a name the text
    gives a ship's prefix is a vessel's, no entity, in all its mentions."""
    ships = {name_key(match.group("name")) for match in _SHIP.finditer(body)}
    if not ships:
        return mentions
    ships |= {name_key(match.group()) for match in _SHIP.finditer(body)}
    return [m for m in mentions if m.key() not in ships]


# "the Southern District of New York": a court's district, a jurisdiction, no place of its own
_COURT_DISTRICT = re.compile(r"(?:Northern|Southern|Eastern|Western|Middle|Central) District of ")


def drop_court_districts(mentions: list[Mention]) -> list[Mention]:
    """ "the Eastern District of New York": a federal court's district is the court's
    jurisdiction (and part of its name), no place."""
    return [m for m in mentions if not (m.label == LOCATION and _COURT_DISTRICT.match(m.text))]


# "dubbed Moscow Mick and Kremlin Clare", "the disease dubbed the Black Death": a nickname
_NICKNAMED = re.compile(
    r"\b(?:dubbed|nicknamed|so-called)[ \t]+(?:the[ \t]+)?[“\"‘]?"
    r"(?P<names>[A-Z][\w'’-]*(?:[ \t]+(?:[A-Z][\w'’-]*|and|of|the))*)"
)


def drop_nicknames(mentions: list[Mention], body: str) -> list[Mention]:
    """Names right after "dubbed", "nicknamed" or "so-called" are nicknames and labels, no
    entity there."""
    spans = [match.span("names") for match in _NICKNAMED.finditer(body)]
    if not spans:
        return mentions
    return [m for m in mentions if not any(s <= m.start and m.end <= e for s, e in spans)]


# A market instrument's code as wire copy sets it after the name: an index ("the Dow Jones
# Industrial Average .DJI", "(.N225)"), a share ("Apple (AAPL.O)"), a continuous future ("Nikkei
# futures NKc1", "LCOc1"), a rate ("EUR=", "JPY=EBS"). A code names no entity.
_INSTRUMENT_CODE = re.compile(
    r"(?<![\w.])\.[A-Z][A-Z0-9]{1,9}\b"
    r"|\b[A-Z][A-Z0-9]{0,5}\.(?:O|N|L|T|PA|DE|HK|SS|SZ|TO|AX|KS|F|MI|AS|SW|BO|NS)\b"
    r"|\b[A-Z]{1,5}c[1-9]\b"
    r"|\b[A-Z]{3,6}=[A-Z]{0,4}"
)


def drop_instrument_codes(mentions: list[Mention], body: str) -> list[Mention]:
    """Mentions of a market instrument's code (`_INSTRUMENT_CODE`: "DJI" of ".DJI") go; the
    name set before the code is its own mention and stays."""
    codes = [match.span() for match in _INSTRUMENT_CODE.finditer(body)]
    if not codes:
        return mentions
    return [m for m in mentions if not any(s <= m.start + 1 and m.end <= e for s, e in codes)]


# The words that name a law or a ballot question by its number ("Senate Bill 10", "Proposition
# 22", "Bill 96"), whatever the model took the words before the number for
_LAW_WORDS = frozenset("bill proposition prop measure resolution ordinance".split())
_NUMBER_AFTER = re.compile(r"[ \t]+(?:No\.[ \t]*)?\d")


def drop_numbered_laws(mentions: list[Mention], body: str) -> list[Mention]:
    """Mentions that end with a law's word right before its number go: "Senate Bill 10" is
    legislation, no person named Bill and no Senate."""

    def names_a_law(m: Mention) -> bool:
        tokens = name_tokens(m.text)
        return bool(tokens) and tokens[-1] in _LAW_WORDS and bool(_NUMBER_AFTER.match(body, m.end))

    return [m for m in mentions if not names_a_law(m)]


def drop_quoted_titles(mentions: list[Mention], body: str) -> list[Mention]:
    """Mentions inside a quoted title (`_quoted_titles`) go; the same name said elsewhere stays
    ("Glasgow" the song's name, Glasgow the city)."""
    titles = _quoted_titles(body)
    if not titles:
        return mentions
    return [m for m in mentions if not any(s <= m.start and m.end <= e for s, e in titles)]


# Words of a clause, never of a name: a heading in capitals ("CONGRESS HAS INVESTIGATED HIM")
_CLAUSE_WORDS = set(
    """is are was were has have had been be being will would can could should does did not
    him her his he she they them their it its he's she's it's they're we you i how why what
    who by""".split()
)


def drop_headings(mentions: list[Mention]) -> list[Mention]:
    """A span in capitals of three words or more with a word only a clause has is a heading
    the model read as a name ("HE'S BEEN CALLED OUT BY FELLOW DOCTORS"), not an entity."""
    return [
        m
        for m in mentions
        if not (
            m.text.isupper()
            and len(words := m.text.casefold().replace("’", "'").split()) >= 3
            and _CLAUSE_WORDS.intersection(words)
        )
    ]
