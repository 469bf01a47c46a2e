"""Document-level repairs of people: who is a person, and under which one name.

- a person's span that the model cut short grows ("Andrés Manuel López" + "Obrador", "Bashar" +
  "al-Assad");
- "the X" is not a person, nor is a name after an organisation noun ("website Full Fact"); a
  country is never a person;
- names listed with a country in parentheses are people like most of them ("Nick Price
  ( Zimbabwe )"), and so are names listed with a person or that beat one;
- a given name and a surname are a person, whatever the model made of them or where it missed
  them, and so is a name that "who" follows;
- a name's last word can settle its type: "Jr." a person's, "Records" or "Holdings" a company's;
- a name seen as a person is a person everywhere (`relabel`, which also makes a prison a place),
  and a known person's forms and surname are found where the model left them out (`sweep`);
- a person's forms cluster under the fullest ("Biden" -> "Joe Biden"); a shared surname goes to
  the person last named in full;
- a person named once by one word, with nothing to back it, is dropped.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence

from ._entity_mentions import (
    JOINED_MODIFIER_WORD,
    POSSESSIVE_WORD,
    Cluster,
    Mention,
    Ranges,
    fold,
    is_capitalised,
    is_demonym,
    is_junk,
    is_place,
    known_countries,
    known_place,
    name_key,
    name_tokens,
    names_a_country,
    place_alias,
    previous_word,
    sentence_start,
    strip_edges,
    word_spans,
)
from ._entity_text_rules import NAME, NAME_WORD, name_cut
from ._entity_words import (
    AWARD_HEADS,
    COMPANY_SUFFIXES,
    COMPANY_WORDS,
    CONNECTORS,
    DETERMINERS,
    EXCLUDED_HEADS,
    FACILITY_HEADS,
    HEADLINE_CUES,
    LOCATION,
    LOCATION_HEADS,
    MONTHS_DAYS,
    NAME_SUFFIXES,
    ORG,
    ORG_HEADS,
    ORG_NOUNS,
    PARTICLES,
    PEERAGE_TITLES,
    PERSON,
    PERSON_ADJECTIVES,
    PREPOSITIONS,
    PRISON_HEADS,
    ROLES,
    SPEECH_AFTER,
    SPEECH_VERBS,
    TITLE_WORDS,
    TYPES,
    speaks,
)
from ._knowledge import (
    city_population,
    is_big_city,
    is_club,
    is_common_word,
    is_given_name,
    is_known_organisation,
    known_region,
    lower_case_words,
    teams_named,
)

_NEXT_NAME_WORD = re.compile(rf"[ \t]+({NAME_WORD})")
# "Bashar" + "al-Assad": a surname joined to its particle, which only names have
_PARTICLE_SURNAME = re.compile(
    r"[ \t]+((?:al|el|ad|ash|as|at|az|ibn|bin|bint|abu)-[A-Z][\w'’-]*\w)"
)
_UPPER, _LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_PREVIOUS_NAME_WORD = re.compile(
    rf"(?<![\w.’'-])([{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)?(?:-[{_UPPER}][{_LOWER}]+)?)"
    r"[ \t]+\Z"  # "Adolf", "LeBron", "McKenzie-Smith"
)


def extend_people(mentions: list[Mention], body: str) -> None:
    """Grow person spans the model cut short.

    Right: "Andrés Manuel López" + "Obrador" when "López Obrador" occurs elsewhere too, "Bashar"
    + "al-Assad" always. Left:
    "where Adolf Hitler" when the model tagged only "Hitler" and "Adolf" is a plain capitalised
    word mid-sentence.
    """
    bounds = {m.start for m in mentions} | {m.end for m in mentions}
    for m in mentions:
        if m.label != PERSON:
            continue
        if (particle := _PARTICLE_SURNAME.match(body, m.end)) and particle.start(1) not in bounds:
            m.end = particle.end(1)
            m.text = body[m.start : m.end]
        while nxt := _NEXT_NAME_WORD.match(body, m.end):
            word, last = nxt.group(1), m.text.split()[-1]
            stop = MONTHS_DAYS | TITLE_WORDS | ORG_HEADS | LOCATION_HEADS
            if nxt.start(1) in bounds or fold(word) in stop | HEADLINE_CUES:
                break  # "Mikhail Mishustin" + "Says", twice in a page's title-case headlines
            # "Matthew" + "O’Connor": a given name alone, then a name word that is no common
            # word, is a full name; otherwise the pair must recur ("López" + "Obrador")
            given = " " not in m.text and is_given_name(m.text) and not is_common_word(word)
            # "Carl C." + "Icahn-controlled": a middle initial never ends a name
            initial = " " in m.text and re.fullmatch(r"[A-Z]\.", last)
            pair = rf"(?<!\w){re.escape(last)}\s+{re.escape(word)}(?!\w)"
            if not (given or initial) and len(re.findall(pair, body)) < 2:
                break
            m.end = nxt.end(1)
            if modifier := JOINED_MODIFIER_WORD.search(body, nxt.start(1), m.end):
                m.end = modifier.start() + 1  # the name before "-controlled"
            m.text = body[m.start : m.end]
            if modifier:
                break
        prev = _PREVIOUS_NAME_WORD.search(body, max(0, m.start - 40), m.start)
        # Only after a plain lower-case word: "where Adolf Hitler", not "NFL Insider Jason La
        # Canfora", "the Exchequer Kenneth Clarke" or "by Uruguayan Marcelo Otero"; or a known
        # given name after no word at all (",” Andrés Manuel López Obrador added").
        before = previous_word(body, prev.start(1)) if prev else ""
        after_no_word = prev is not None and not before and is_given_name(prev.group(1))
        # "The Los Angeles Lakers' LeBron James": after an owner, a name word is the person's
        after_owner = bool(POSSESSIVE_WORD.search(before)) and before[:1].isupper()
        if (
            prev
            and prev.start(1) not in bounds
            and (before.islower() or after_no_word or after_owner)
        ):
            word = fold(prev.group(1))
            demonym = re.search(r"(?:an|ese|ish|man|er|i)\Z", word)
            if (
                word not in MONTHS_DAYS | TITLE_WORDS
                and before not in DETERMINERS | PREPOSITIONS
                and not demonym
                and not is_place(word)
            ):
                m.start = prev.start(1)
                m.text = body[m.start : m.end]


_APPOSITIVE_ORG = re.compile(
    rf",[ \t]+(?:a|an|the)[ \t]+(?:[\w-]+[ \t]+){{0,3}}?(?:{'|'.join(sorted(ORG_NOUNS))})\b"
)


def _person_context(body: str, m: Mention) -> str | None:
    """What the words around a PERSON span say it is: ORG, "thing", or None (no objection)."""
    # words of this clause only: "On the pitch, Gallagher was..." has no determiner before him
    window = re.split(r"[,;:!?\n]|\.\s", body[max(0, m.start - 60) : m.start])[-1]
    previous = [w.strip("“”\"'’(") for w in window.split()[-3:]]
    if (previous and previous[-1].lower().split("-")[-1] in ORG_NOUNS) or _APPOSITIVE_ORG.match(
        body, m.end
    ):
        return ORG  # "website Full Fact", "Kosmos, a group co-founded by..."
    if previous and previous[-1] in ("in", "near") and body[m.end : m.end + 1] not in "'’":
        return LOCATION  # "talks ended in London"; but "in Biden's view"
    # Back over numbers and one adjective to a determiner: "the Steelers", "some Twitter users",
    # "its popular 737 Max jet" (a product), but not "the murder of Lester Lawhon".
    number, adjectives = False, 0
    for word in reversed(previous):
        if re.fullmatch(r"\d[\d,]*", word):
            number = True
        elif word in DETERMINERS:
            return "thing" if number else ORG
        elif (
            not word.islower()
            or word in ROLES | PERSON_ADJECTIVES | PREPOSITIONS
            or (adjectives := adjectives + 1) > 1
        ):
            return None  # "my wife Kimberly", "the late John McCain"
    return None


_PEERAGE_OF = re.compile(r"\b([A-Z][a-z]+)[ \t]+of[ \t]+\Z")


def peerage_titles(mentions: list[Mention], body: str) -> None:
    """A peer's or a royal's title held of a place ("the Duke of Sussex", "Meghan, Duchess of
    Sussex") names a person by their title: neither the title is an organisation nor the place
    in it a place of the story. The person is named elsewhere by name."""
    for m in mentions:
        if m.label == PERSON:
            continue
        words = m.text.split()
        titled = (
            len(words) in (3, 4)
            and words[1] == "of"
            and fold(words[0]) in PEERAGE_TITLES
            and known_place(" ".join(words[2:]))  # not "Duke of Edinburgh Award"
        )
        before = _PEERAGE_OF.search(body, max(0, m.start - 20), m.start)
        if titled or (before and fold(before.group(1)) in PEERAGE_TITLES and known_place(m.text)):
            m.label = None


# a royal's title before the given name they go by ("Prince Harry", "King Charles III")
_ROYAL_TITLE = re.compile(
    r"\b(?:(?:Crown|Grand)[ \t]+)?(?:King|Queen|Prince|Princess|Emperor|Empress)[ \t]+\Z"
)
_REGNAL = re.compile(r"[IVX]+")


def royal_titles(mentions: list[Mention], body: str) -> None:
    """A royal is named with the title before the one given name they go by: "Prince Harry",
    "King Charles III", "Princess Lilibet", not "Harry"; the bare name elsewhere is the same
    person. A name of more words ("Crown Prince Mohammed bin Salman") stands without it."""
    for m in mentions:
        words = m.text.split()
        if m.label != PERSON or not 1 <= len(words) <= 2:
            continue
        if len(words) == 2 and not _REGNAL.fullmatch(words[1]):
            continue
        if re.match(r"[ \t]+[A-Z]", body[m.end : m.end + 2]):
            continue  # "Prince William County": a longer name the model cut
        if title := _ROYAL_TITLE.search(body, max(0, m.start - 24), m.start):
            m.start, m.text = title.start(), body[title.start() : m.end]


def demote_non_people(mentions: list[Mention], body: str) -> None:
    """Repair the model's PERSON spans from their context in the document.

    A name after a determiner or an organisation noun is not a person, and neither are its
    other mentions. A one-word name takes the label most of its mentions have. A one-word
    "person" seen only at the start of sentences ("Challenges include...") is a common word,
    or a big city (`is_big_city`).
    """
    people = [m for m in mentions if m.label == PERSON]
    objections = {m.key(): why for m in people if (why := _person_context(body, m))}
    full_names = [set(m.key().split()) for m in people if m.key() not in objections]

    def has_full_name(key: str) -> bool:
        return any(set(key.split()) < f for f in full_names)

    for m in people:
        if m.key() in objections and not has_full_name(m.key()):
            m.label = objections[m.key()] if objections[m.key()] in TYPES else None
    by_key: dict[str, list[Mention]] = {}
    for m in mentions:
        by_key.setdefault(m.key(), []).append(m)
    for key, forms in by_key.items():
        if " " in key or has_full_name(key) or not any(m.label == PERSON for m in forms):
            continue
        votes = Counter(m.label for m in forms if m.label)
        label = max(votes, key=lambda lb: (votes[lb], lb == PERSON))
        spoke = any(SPEECH_AFTER.match(body, m.end) for m in forms)
        if label == PERSON and not spoke and key in known_countries():
            label = LOCATION  # a country named alone ("Mali", "Mauritius") is not a person
        if label == PERSON and not spoke and all(sentence_start(body, m.start) for m in forms):
            # a common word opening sentences ("Challenges include"), or a big city opening a
            # dateline line the model joined to the byline above ("By Ann Lee\nLondon, Jun 11")
            label = LOCATION if is_big_city(forms[0].text) else None
        for m in forms:
            if m.label:
                m.label = label


# "the previous Trump administration", "the Assad regime": a leader named for their government
_GOVERNED_BY = re.compile(r"[ \t]+(?:administration|regime|presidency|premiership)\b")


def leaders_of_governments(mentions: list[Mention], body: str) -> None:
    """A one-word name before "administration" or "regime" is the person who leads it (the
    model often calls it an organisation), unless the text or the knowledge names it otherwise:
    "the Kremlin administration", "the Chinese regime"."""
    for m in mentions:
        if (
            m.label != PERSON
            and " " not in m.text
            and _GOVERNED_BY.match(body, m.end)
            and not (is_place(m.text) or is_known_organisation(m.text))
            and m.text[:1].isupper()
            and not m.text.isupper()
        ):
            m.label = PERSON


_PLACE_IN_PARENS = re.compile(r"[ \t]*\([ \t]*([^()\n,]{2,40}?)[ \t]*(?:,[^()\n]*)?\)")


def people_by_country(mentions: list[Mention], body: str) -> None:
    """ "Nick Price ( Zimbabwe ) 68 68": in a document whose names mostly come with a country in
    parentheses and are people, the others that come so are people too."""
    listed = [
        m
        for m in mentions
        if (match := _PLACE_IN_PARENS.match(body, m.end)) and is_place(match.group(1))
    ]
    votes = Counter(m.label for m in listed)
    if votes[PERSON] < 2 or votes[PERSON] <= len(listed) - votes[PERSON]:
        return
    for m in listed:
        words = m.text.split()
        if (
            m.label != PERSON
            and all(is_capitalised(w) or w in PARTICLES for w in words)
            and len(words) <= 3
            and not is_place(m.text)
            and name_tokens(m.text)[-1] not in ORG_HEADS | LOCATION_HEADS
        ):
            m.label = PERSON


# What a leader's surname qualifies: "the Clinton campaign", "the Assad regime"
_LEADERS_THINGS = re.compile(
    r"[ \t]+(?:campaign|administration|presidency|regime|camp|era|aides|loyalists)\b"
)


def attributive_people(mentions: list[Mention], body: str) -> None:
    """ "the Clinton campaign", "the Obama administration": a one-word name the model called an
    organisation or a place, qualifying a leader's campaign or government, is that person
    (a known body or place stays: "the Ukraine campaign")."""
    for m in mentions:
        if (
            m.label in (ORG, LOCATION)
            and m.rule == "model"
            and " " not in m.text.strip()
            and is_capitalised(m.text)
            and _LEADERS_THINGS.match(body, m.end)
            and not (is_known_organisation(m.text) or is_place(m.text) or known_region(m.text))
        ):
            m.label = PERSON


# "A and B", "A, B"; and a match between two players: "A edged B", "A defeated B"
_COORDINATED = re.compile(
    r"[ \t]*,?[ \t]+and[ \t]+|[ \t]*,[ \t]+"
    r"|[ \t]+(?:beat|beats|defeated|defeats|edged|edges|downed|overcame|outlasted|upset|routed"
    r"|thrashed|ousted|eliminated|stunned|outplayed)[ \t]+"
)


def coordinated_people(mentions: list[Mention], body: str) -> None:
    """ "Marcel Granollers and Feliciano Lopez", "Vasek Pospisil edged Reilly Opelka": a two- or
    three-word name listed with a person, or that beat one or lost to one, is one."""
    changed = True
    while changed:
        changed = False
        for a, b in itertools.pairwise(mentions):
            if not _COORDINATED.fullmatch(body, a.end, b.start):
                continue
            for this, other in ((a, b), (b, a)):
                words = this.text.split()
                if (
                    this.label != PERSON
                    and other.label == PERSON
                    and " " in other.text
                    and 2 <= len(words) <= 3
                    and all(is_capitalised(w) or w in PARTICLES for w in words)
                    and this.key().split()[-1] not in ORG_HEADS | LOCATION_HEADS
                    and not is_place(this.text)
                ):
                    this.label, changed = PERSON, True


def people_by_given_name(mentions: list[Mention], body: str, org_keys: set[str]) -> None:
    """ "Alfie Gilchrist", "Zoran Savic": two or three capitalised words opening with a known
    given name (`data/given_names.json`) are a person whatever the model said, unless the name
    is a known organisation or place, or a word of it is an organisation's or a place's head, or
    the text also writes its last word in lower case (a surname is no common word), or an
    organisation noun next to it named it an organisation (`org_by_context`)."""
    lower: set[str] | None = None
    for m in mentions:
        words = m.text.split()
        if m.label == PERSON or m.rule != "model" or not 2 <= len(words) <= 3:
            continue
        if m.key() in org_keys:
            continue  # "Walter Reed hospital": the context named it an organisation
        first = words[0].split("-")[0]
        tokens = name_tokens(m.text)
        if (
            not is_given_name(first)
            or fold(first) in TITLE_WORDS
            or names_a_country(first)
            or not all(
                (w[:1].isupper() and not w.isupper()) or (0 < i < len(words) - 1 and w in PARTICLES)
                for i, w in enumerate(words)
            )  # "Luis de Miranda": a particle inside
            or set(tokens) & _NOT_SURNAMES
            or is_known_organisation(m.text)
            or is_place(m.text)
            or known_region(m.text)
            or city_population(m.text)
            or is_club(m.text, is_place)
        ):
            continue
        if lower is None:
            lower = lower_case_words(body)
        if words[-1].casefold() not in lower:
            m.label = PERSON


# Last words of an organisation's name only ("Harbour Lane Records", "Ithaca Holdings", "Muslim
# Brotherhood"); NAME_SUFFIXES end a person's only ("Marcus T. Hale Jr.").
_ORG_ONLY_HEADS = ORG_HEADS | COMPANY_SUFFIXES | COMPANY_WORDS
# First words of an organisation's name only, in the languages that name a bank head first
# ("Bank Negara", "Banco Santander", "Banque Misr")
_ORG_FIRST_WORDS = {"bank", "banco", "banca", "banque"}


def shaped_names(mentions: list[Mention]) -> None:
    """A model span's last word decides where it can only be one thing: "Jr." ends a person's
    name, "Records" or "Holdings" an organisation's; so does a first word that only opens an
    organisation's ("Bank Negara")."""
    for m in mentions:
        tokens = name_tokens(m.text)
        if m.rule != "model" or len(tokens) < 2:
            continue
        if tokens[-1] in NAME_SUFFIXES and all(is_capitalised(w) for w in m.text.split()):
            m.label = PERSON
        elif m.label == PERSON and _organisation_shaped(tokens):
            m.label = ORG


def _organisation_shaped(tokens: Sequence[str]) -> bool:
    return bool(tokens) and (tokens[-1] in _ORG_ONLY_HEADS or tokens[0] in _ORG_FIRST_WORDS)


# words no person's name holds: heads of organisations, places, buildings, forces and events
_NOT_SURNAMES = (
    ORG_HEADS
    | LOCATION_HEADS
    | FACILITY_HEADS
    | COMPANY_SUFFIXES
    | EXCLUDED_HEADS
    | set(
        """palace hall centre center tower hotel house church cathedral mosque temple museum
        hospital clinic airport station prison theatre theater academy army navy corps force forces
        command brigade regiment guard union alliance movement front network northern southern
        eastern western central""".split()
    )
    | AWARD_HEADS
)


def person_clusters(mentions: list[Mention]) -> list[Cluster]:
    """Cluster person forms: a form whose words are a subset of a longer form names that person."""
    forms = [m.text for m in mentions if m.label == PERSON]
    by_length = sorted(dict.fromkeys(forms), key=lambda f: -len(name_tokens(f)))
    clusters: list[Cluster] = []
    for form in by_length:
        tokens = set(name_tokens(form))
        owners = [c for c in clusters if tokens <= c.tokens]
        for owner in owners:
            owner.add(form)
        if not owners:
            clusters.append(Cluster(PERSON, [form]))
    return clusters


def person_for(mention: Mention, people: list[Cluster], mentions: list[Mention]) -> str:
    """The person a mention names; a shared surname goes to the person last named in full,
    unless the text already called someone else by it alone before that person came in: "Tanner
    Fischer ... Fischer said ... Fischer’s mother, Adrianne Fischer, ... Fischer said" is still
    Tanner (a writer who means the newcomer says so)."""
    tokens = set(name_tokens(mention.text))
    owners = [c for c in people if tokens and tokens <= c.tokens]
    if len(owners) <= 1:
        return owners[0].canonical if owners else mention.text
    full_keys = {name_key(c.canonical): c.canonical for c in owners}
    last_seen: dict[str, int] = {}
    first_seen: dict[str, int] = {}
    # (position, the person it went to) of each mention written as this one is
    alone: list[tuple[int, str | None]] = []
    for m in mentions:
        if m.start >= mention.start:
            break
        if (name := full_keys.get(m.key())) is not None:
            last_seen[name] = m.start
            first_seen.setdefault(name, m.start)
        elif m.key() == mention.key() and last_seen:
            alone.append((m.start, max(last_seen, key=lambda n: last_seen[n])))
    if not last_seen:
        return owners[0].canonical
    latest = max(last_seen, key=lambda name: last_seen[name])
    established = [who for where, who in alone if where < first_seen[latest] and who != latest]
    return established[-1] if established else latest


def merge_misspelt_surnames(mentions: list[Mention]) -> None:
    """A surname alone that misspells by one letter the surname of one person named in full
    ("Denman" beside "Roy Denmam", "Bracho" beside "Jorge Brancho": wire copy's typos) is that
    person, written with the spelling the text uses most (the full name's on a tie)."""
    people = [m for m in mentions if m.label == PERSON]
    full = {m.canonical: name_tokens(m.canonical) for m in people}
    full = {name: words for name, words in full.items() if len(words) >= 2}
    spelt = Counter(name_tokens(m.text)[-1] for m in people if name_tokens(m.text))
    for alone in {m.canonical for m in people if len(name_tokens(m.canonical)) == 1}:
        word = name_tokens(alone)[0]
        found = [name for name, words in full.items() if _one_letter_off(word, words[-1])]
        if len(found) != 1:
            continue
        name = found[0]
        if spelt[word] > spelt[full[name][-1]]:
            written = name.rsplit(maxsplit=1)[0]
            respelt = f"{written} {alone}"
            full[respelt] = (*full.pop(name)[:-1], word)
        else:
            respelt = name
        for m in people:
            if m.canonical in (alone, name):
                m.canonical = respelt


def _one_letter_off(a: str, b: str) -> bool:
    """Two words of five letters or more, one letter added, dropped or changed past the first,
    or two swapped."""
    if min(len(a), len(b)) < 5 or a[0] != b[0] or abs(len(a) - len(b)) > 1 or a == b:
        return False
    if not (a.isalpha() and b.isalpha()):
        return False
    if len(a) == len(b):
        apart = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        # one letter changed, or two side by side swapped ("Yuetter" of "Yeutter")
        swapped = len(apart) == 2 and apart[1] == apart[0] + 1 and a[apart[0]] == b[apart[1]]
        return len(apart) == 1 or (swapped and a[apart[1]] == b[apart[0]])
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def relabel(m: Mention, full_names: list[Cluster]) -> None:
    """Repair one non-person mention's label from the document and the name's shape."""
    words = m.text.split()
    sequence = name_tokens(m.text)
    head = sequence[-1] if sequence else ""
    name_like = all(is_capitalised(w) or w in PARTICLES for w in words)
    if name_like and not (m.label == LOCATION and is_place(m.text)):
        for c in full_names:
            # A name already seen as a person is a person everywhere; so is a longer span that
            # continues a full name ("Andrés Manuel López" + "Obrador").
            continues = sequence[: len(c.sequence)] == c.sequence and head not in ORG_HEADS
            if set(sequence) <= c.tokens or continues:
                m.label = PERSON
                return
    if place_alias(m.text, m.label) or (m.label in (ORG, None) and is_place(m.text)):
        m.label = LOCATION
    elif m.label == LOCATION and head in ORG_HEADS:
        m.label = ORG
    elif m.label == ORG and (head in LOCATION_HEADS or sequence[-2:] in PRISON_HEADS):
        m.label = LOCATION


def _looks_like_a_name(m: Mention) -> bool:
    """Two to four capitalised words, none an organisation's or a place's last word, not a
    known organisation or place."""
    tokens = name_tokens(m.text)
    return (
        2 <= len(tokens) <= 4
        and tokens[-1] not in ORG_HEADS | LOCATION_HEADS
        and not set(tokens) & CONNECTORS
        and not is_known_organisation(m.text)
        and not is_place(m.text)
    )


# "Montell Figgins, who represents Thomas": "who" is said of people (and of teams: "Newcastle,
# who are seventh")
_WHO_AFTER = re.compile(r",?[ \t]+who\b")


# "two New Yorkers who": a group, not a name
_GROUP_WORDS = DETERMINERS | set("two three four five six seven eight nine ten".split())


def _team_name(name: str) -> bool:
    return bool(teams_named(name)) or is_club(name, is_place) or known_place(name)


_CUE_BEFORE = re.compile(rf"(?P<name>{NAME})[ \t]+(?:{SPEECH_VERBS})\b")
_CUE_AFTER = re.compile(rf"\b(?:said|says)[ \t]+(?P<name>{NAME})(?=\s*[,.])")
# ", Jens Stoltenberg, said": a name set off by commas before a speech verb
_CUE_APPOSITIVE = re.compile(rf",[ \t]+(?P<name>{NAME}),[ \t]+(?:{SPEECH_VERBS})\b")
# "Kelly L Clarke", "Mary J. Blige": a given name, a middle initial, a surname
_INITIALLED = re.compile(r"[A-Z][a-z]+[ \t]+[A-Z]\.?[ \t]+[A-Z][a-z][\w'’-]*")


def cue_people(body: str, mentions: list[Mention]) -> list[Mention]:
    """Names right before "said"/"added"/"told" (or after "said") that are partly a known
    person: an untagged "Sarukhan said" is added, an ORG "Beth Ruffin said" is relabelled. A
    name set off by commas before a speech verb (", Jens Stoltenberg, said") and a name with a
    middle initial ("Kelly L Clarke") are people whatever the model said."""
    for m in mentions:
        if (
            m.label != PERSON
            and m.rule == "model"
            and _looks_like_a_name(m)
            and not _organisation_shaped(name_tokens(m.text))  # ", Bank Negara, said"
        ):
            appositive = _CUE_APPOSITIVE.match(body, body.rfind(",", 0, m.start))
            if (
                (appositive and appositive.span("name") == (m.start, m.end))
                or (_INITIALLED.fullmatch(m.text) and is_given_name(m.text.split()[0]))
                or (
                    _WHO_AFTER.match(body, m.end)
                    and not _team_name(m.text)
                    and previous_word(body, m.start).casefold() not in _GROUP_WORDS
                )
            ):
                m.label = PERSON
    known = {t for m in mentions if m.label == PERSON for t in name_tokens(m.text)}
    found = []
    spans = Ranges((m.start, m.end) for m in mentions)
    for pattern in (_CUE_BEFORE, _CUE_AFTER):
        for match in pattern.finditer(body):
            start, end = name_cut(body, *match.span("name"))
            inside = [mentions[k] for k in spans.overlapping(start, end)]
            if len(inside) == 1 and inside[0].label != PERSON:
                m = inside[0]
                tokens = name_tokens(m.text)
                if (
                    set(tokens) & known
                    and not is_place(m.text)
                    and m.end == end
                    and not _organisation_shaped(tokens)  # "Deere and Co said"
                ):
                    m.label = PERSON
                continue
            if inside:
                continue
            # The match may begin on a capitalised word before the name ("Friday Sarukhan").
            words = word_spans(body, start, end)
            while words and not set(name_tokens(body[words[0][0] : end])) <= known:
                words = words[1:]
            if words and not is_junk(body[words[0][0] : end]):
                found.append(Mention(words[0][0], end, body[words[0][0] : end], PERSON, "cue"))
    return found


def sweep(
    body: str, mentions: list[Mention], people: list[Cluster], excluded: list[tuple[int, int]]
) -> list[Mention]:
    """Occurrences of a known person's name forms or surname that the model left out.

    A surname that the text also uses as a lower-case word ("Long", "Rich") is not swept.
    """
    lower_words = lower_case_words(body)
    forms: set[str] = set()
    full = [c for c in people if len(c.tokens) >= 2]
    for c in full:
        forms.update(f for f in c.forms if " " in f)
        surname = c.canonical.split()[-1]
        if len(surname) > 2 and surname.lower() not in lower_words and not is_place(surname):
            forms.add(surname)
    forms.update(_own_given_names(full, lower_words))
    if not forms:
        return []
    # One pass; the alternation tries longer forms first ("López Obrador" before "Obrador").
    pattern = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    taken = Ranges([(m.start, m.end) for m in mentions] + excluded)
    return [
        Mention(*match.span(), match.group(), PERSON, rule="sweep")
        for match in re.finditer(rf"(?<![\w-])(?:{pattern})(?![\w-])", body)
        if not taken.overlaps(*match.span())
    ]


def _own_given_names(people: list[Cluster], lower_words: set[str]) -> set[str]:
    """The given names that stand for one person of the text: "Sagufta from Fiji turns waste
    into furniture", after "Sagufta Salma". A given name two people share, one that is also a
    surname of the text, a common word or a place stands for nobody in particular; nor does
    the first word of a "person" whose last is a place ("Kinder Bologna", a team)."""
    given = Counter(c.canonical.split()[0] for c in people)
    surnames = {c.canonical.split()[-1] for c in people}
    teams = {c.canonical.split()[0] for c in people if known_place(c.canonical.split()[-1])}
    return {
        name
        for name, count in given.items()
        if count == 1
        and name not in teams
        and len(name) > 2
        and name[:1].isupper()
        and name.lower() not in lower_words
        and name not in surnames
        and fold(name) not in TITLE_WORDS
        and not (is_common_word(name) or known_place(name))
    }


def parts_of_people(mentions: list[Mention], org_keys: set[str]) -> None:
    """Once the context rules have named more people ("Montell Figgins, who..."), a name made of
    a person's words ("Figgins") is that person, as in the relabelling rounds before."""
    full_names = [c for c in person_clusters(mentions) if len(c.tokens) >= 2]
    for m in mentions:
        if m.label != PERSON and m.key() not in org_keys and not m.team:
            relabel(m, full_names)


_GIVEN_AND_SURNAME = re.compile(
    r"(?<![\w.’'-])([A-Z][a-z]+)[ \t]+((?:Mc|Mac|O[’'])?[A-Z][a-z’'-]*[a-z])"
    r"(?![\w’'-])(?![ \t]+[A-Z])"
)


def given_name_sweep(
    body: str, mentions: list[Mention], excluded: list[tuple[int, int]]
) -> list[Mention]:
    """ "DL Devaroe Lawrence", "Serbia’s Novak Djokovic": a known given name and a capitalised
    word that the text never writes in lower case, which the model left out, name a person,
    unless they are a known organisation or place or end with an organisation's or a place's
    word."""
    taken = Ranges([(m.start, m.end) for m in mentions] + excluded)
    lower = lower_case_words(body)
    found = []
    for match in _GIVEN_AND_SURNAME.finditer(body):
        first, last = match.group(1), match.group(2)
        text = match.group()
        if (
            taken.overlaps(*match.span())
            or not is_given_name(first)
            or last.casefold() in lower
            or fold(first) in TITLE_WORDS | MONTHS_DAYS
            or fold(last) in _NOT_SURNAMES | MONTHS_DAYS | TITLE_WORDS
            or is_demonym(last)  # "An Iraqi field commander": a nationality, no surname
            or (fold(first) in DETERMINERS and sentence_start(body, match.start()))
            or names_a_country(first)
            or known_place(text)
            or known_place(last)
            or is_known_organisation(text)
            or is_known_organisation(last)
            or is_club(text, is_place)
        ):
            continue
        start, end = strip_edges(body, *match.span())  # "Stanley Thompson-designed"
        found.append(Mention(start, end, body[start:end], PERSON, rule="sweep"))
    return found


def drop_lone_names(mentions: list[Mention], body: str) -> list[Mention]:
    """A person known by one word, named once, with no title, role or speech verb to say so
    ("Mounjaro", "Inn"), is too weak a guess to keep: people in the news are named in full.
    A role noun before it ("Brazil star Neymar", "rapper Drake") is reason enough."""
    named = Counter(m.canonical for m in mentions if m.label == PERSON)
    return [
        m
        for m in mentions
        if not (
            m.label == PERSON
            and " " not in m.canonical
            and named[m.canonical] == 1
            and m.rule in ("model", "sweep")
            and not speaks(body, m.start, m.end)
            and previous_word(body, m.start).lower() not in ROLES | {"star", "superstar"}
        )
    ]
