"""Which name a name, a pronoun or a description at a cue refers to.

- "He", "she" and "it" go to the last person or organisation that was a subject (never a
  possessor) or a speaker before them ("it" also to a state opening its sentence), an unnamed
  speaker included ("a resident said ... she said" stays unnamed).
- "He" never goes to a person the text shows to be a woman ("Ms", "she" in a sentence about her
  alone), nor "she" to a man.
- A definite description ("the former ambassador", "the company") goes to the name, most often
  named, whose title ("Gov." for a governor) or appositive holds the same noun, or to the
  organisation the story is about. A state's body the story names by what it is alone ("the
  central bank", "the finance ministry", "the government") speaks as written, as wire copy
  names it; "the central bank" is never a company named with "bank".
- A vague first mention ("an Agriculture Ministry official told reporters") is the person the
  next sentence names and quotes ("Hideo Maki, Director General of the ministry's ...,
  said"), unless that sentence gives the person another office ("Finance Minister ...").
- A capitalised name right at a cue that the entity stage missed ("Revesz said") is kept as
  written, or as the fuller name it is the surname of. An acronym ("says WHO") is the
  organisation it abbreviates, and a capitalised party plural after "the" ("the Conservatives
  have said") is the party.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

from .._article import EntityMention
from ._entity_text_rules import spells
from ._entity_words import UNNAMED_VOICES
from ._knowledge import (
    country_names,
    is_common_word,
    is_given_name,
    is_known_organisation,
    is_news_outlet,
)
from ._quote_units import Doc, is_abbreviation
from ._quote_words import (
    AND_GAP,
    ANTECEDENT_WINDOW,
    APPOSITIVE,
    DETERMINERS,
    GROUP_NOUNS,
    INDEFINITE,
    LIST_GAP,
    LOCATION,
    MEDIUM_BEFORE,
    NAME_WORD,
    NOT_NAMES,
    ORG,
    ORG_HEADS,
    ORG_NOUNS,
    OTHER_GENDER,
    PERSON,
    PERSON_NOUNS,
    POSSESSIVE,
    PRONOUNS,
    TITLE_WINDOW,
    TITLE_WORDS,
    WORD,
    cue_matches,
    cue_words,
)
from ._sources import agency_named


def words_back(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the words of masked[start:end], last first."""
    return [m.span() for m in WORD.finditer(doc.masked, start, end)][::-1]


def joint_mentions(doc: Doc, last: EntityMention, start: int) -> list[EntityMention]:
    """ "Egypt and Jordan criticised": every name of a coordination that ends with `last`."""
    found = [last]
    pos = last.start
    while pos > start:
        # The last gap holds "and": "in San Diego, Hillary Clinton said" names one speaker.
        # It is read in the masked text, where a ticker after a name is blank ("<BCS.L> and").
        gaps = AND_GAP if len(found) == 1 else LIST_GAP
        gap = gaps.search(doc.masked, max(start, pos - 24), pos)
        if gap is None and found[-1].label == PERSON:
            gap = _titled_gap(doc, max(start, pos - 60), pos)
        other = doc.mention_ending(pos - len(gap.group())) if gap else None
        if gap is not None and gap.groups() and (other is None or other.label != PERSON):
            other = None  # a title after "and" joins one person to another only
        if other is None or (
            (other.label == LOCATION) != (last.label == LOCATION)
            and not _state_and_body(other, last)
        ):
            break
        found.append(other)
        pos = other.start
    return found[::-1]


# "and" and a person's title: "CME chairman John Sandner and Executive committee chairman Leo
# Melamed urged", "James Baker and Finance Minister Kiichi Miyazawa said"
_AND_TITLE = re.compile(r",?\s*\band\s+((?:[\w.’'-]+\s+){1,4})\Z")


def _titled_gap(doc: Doc, start: int, pos: int) -> re.Match[str] | None:
    gap = _AND_TITLE.search(doc.masked, start, pos)
    if gap is None:
        return None
    words = gap.group(1).split()
    last = words[-1].casefold()
    if not (is_title_word(last) or last in PERSON_NOUNS):
        return None
    return gap if all(w[:1].isupper() or w.isalpha() for w in words) else None


def _state_and_body(a: EntityMention, b: EntityMention) -> bool:
    """A country and an organisation speak together ("Canada and the EC told"); another place
    is where something happened ("in San Diego and Clinton ...")."""
    place, other = (a, b) if a.label == LOCATION else (b, a)
    return other.label == ORG and place.canonical in country_names()


def canonical_names(mentions: list[EntityMention]) -> list[str]:
    return [m.canonical for m in mentions]


def is_title_word(word: str) -> bool:
    return word.casefold().rstrip(".") in TITLE_WORDS


# the endings a nationality adds to its country's name ("Israeli", "Chinese", "Moroccan")
_DEMONYM_RESTS = ("", "n", "an", "ian", "ean", "ese", "ish", "i", "ic")


def country_of_demonym(words: str) -> str | None:
    """ "Israeli" -> Israel, "South African" -> South Africa, "Chinese" -> China: the country
    whose name (all but its last letter at least) the words extend by a nationality ending."""
    folded = words.casefold()
    for country in country_names():
        name = country.casefold()
        if len(name) < 4 or not folded.startswith(name[:-1]):
            continue
        shared = len(name) if folded.startswith(name) else len(name) - 1
        if folded[shared:] in _DEMONYM_RESTS and (shared == len(name) or folded[shared:]):
            return country
    return None


def fallback_name(doc: Doc, start: int, end: int, *, at_start: bool = False) -> str | None:
    """A capitalised name at a cue that the entity stage missed ("Revesz said"): the fuller
    name it is the surname of, or the name as written. `at_start`: it opens its sentence,
    where a capitalised common noun is no name ("Delegates said")."""
    names = _name_words(doc, start, end)
    if not names:
        return None
    if named := _named_before(doc, names):
        return named
    if names[-1].casefold() in cue_words().party_nouns and len(names) == 1:
        last_start = end - len(names[-1])
        if re.search(r"\b[Tt]he\s+\Z", doc.body[max(0, last_start - 5) : last_start]):
            return names[0]  # "the Conservatives have said": the party, not its members
    if _common_noun(doc, names, start, end, at_start=at_start):
        return None
    if len(names) == 1 and names[0] not in country_names() and country_of_demonym(names[0]):
        return None  # "Japanese officials ... and said": a nationality is no name
    return " ".join(names)


def _name_words(doc: Doc, start: int, end: int) -> list[str] | None:
    """The capitalised words of body[start:end] that may be a name, without the words before
    them that name nobody ("But", a title); None when the span is no name at all."""
    cue_lists = cue_words()
    words = list(NAME_WORD.finditer(doc.body, start, end))
    if not words or words[-1].end() != end or doc.body[start : words[0].start()].strip():
        return None
    if doc.in_dateline(words[0].start()):
        return None  # "TORONTO, March 2 - <Multi-Step Products Inc> ... said": a place
    if any(doc.body[a.end() : b.start()].strip() for a, b in pairwise(words)):
        return None
    names = [w.group() for w in words]
    if any(re.search(r"[’'](?:ve|re|ll|d|m|t)\Z", w) for w in names):
        return None  # "We've said this before"
    while names and (
        # "WHO" in capitals is an acronym, not the pronoun
        (names[0].casefold() in NOT_NAMES and not (len(names[0]) > 1 and names[0].isupper()))
        or names[0].islower()
    ):
        names = names[1:]
    if not names or len(names) > 8 or names[-1].islower() or is_title_word(names[-1]):
        return None
    if names[-1].casefold() in UNNAMED_VOICES:
        return None  # "one U.S. Official told Reuters", as 1987 wire copy capitalises
    if re.search(r"\w-(?:[a-z]+(?:ed|ing)|language|run|made|born|led|wide)\Z", names[-1]):
        return None  # "The English-language paper", "a Tokyo-based analyst": an adjective
    if names[-1].casefold().rstrip(".") in cue_lists.abbreviations or POSSESSIVE.search(names[-1]):
        return None  # "Russia's foreign ministry": a possessor, not a speaker
    while len(names) > 1 and is_title_word(names[0]):
        names = names[1:]
    return names


def opened_organisation(doc: Doc, names: list[str]) -> str | None:
    """The one organisation the story names whose name opens with these words ("Hughes" of
    "Hughes Tool Co"); None when none or several do."""
    opened = [
        name
        for name, label in doc.labels.items()
        if label == ORG and len(name.split()) > len(names) and name.split()[: len(names)] == names
    ]
    return opened[0] if len(opened) == 1 else None


def _named_before(doc: Doc, names: list[str]) -> str | None:
    """The fuller name the story gave these words: the person they are the surname of, the
    organisation they open, the organisation they abbreviate (as the entity stage resolved the
    same short form elsewhere in the story, or as it spells the name: "BWA said")."""
    last = names[-1].casefold()
    if last in doc.surnames:
        return doc.surnames[last]
    if opened := opened_organisation(doc, names):
        return opened  # "Consul said": Consul Restaurant Corp, which the story named before
    letters = [n for n in names if n not in ("and", "&")]
    if len(names) == 1 and len(names[0]) > 1 and names[0].isupper():
        short = names[0]  # "WHO" for the World Health Organization the text names
        if (resolved := doc.org_forms.get(short)) is not None:
            return resolved
    elif len(letters) >= 2 and all(len(n) == 1 and n.isupper() for n in letters):
        short = "".join(letters)  # "S and P" for Standard and Poor's Corp
    else:
        return None
    return next(
        (name for name, label in doc.labels.items() if label == ORG and spells(short, name)), None
    )


def _common_noun(doc: Doc, names: list[str], start: int, end: int, *, at_start: bool) -> bool:
    """The capitalised words are a common noun, no name: a plural ("Prosecutors said"), a
    word the story writes in lower case elsewhere or an English plural opening a sentence
    ("Delegates said", "Brokers said", "Press reports said"), a member of a party ("the Texas
    Democrat told")."""
    cue_lists = cue_words()
    last = names[-1].casefold()
    if len(names) == 1 and (last in GROUP_NOUNS or (len(last) < 3 and not names[0].isupper())):
        return True
    # "most Congressmen", "many Democrats": a group, no name
    quantifier = doc.body[max(0, start - 12) : start].casefold().split()[-1:]
    if (
        len(names) == 1
        and quantifier
        and quantifier[0] in INDEFINITE | {"most", "all"}
        and _plural_noun(names[0])
    ):
        return True
    following = doc.body[end : end + 20].split()[:1]
    if (
        len(names) == 1
        and at_start
        and (
            last in PERSON_NOUNS
            or last in doc.lower_words
            or _plural_noun(names[0])
            # "Press reports said", "Industry officials said": a common word before a voice
            # qualifies it
            or (
                following[:1]
                and following[0].casefold().strip(",") in cue_lists.voices | {"reports"}
                and is_common_word(last)
            )
        )
    ):
        return True
    # "the Democrat said", "the Texas Democrat told": a member, described (see
    # _description_speaker)
    return last in cue_lists.member_nouns and bool(
        len(names) == 1 or re.search(r"\b[Tt]he\s+\Z", doc.body[max(0, start - 5) : start])
    )


def _plural_noun(word: str) -> bool:
    """ "Brokers", "Bankers", "Congressmen": a plural of an English noun, and no known name
    ("Sears")."""
    folded = word.casefold()
    if folded.endswith("men") and len(folded) > 5:  # "Congressmen", "Businessmen"
        return is_common_word(folded[:-3] + "man") and not is_given_name(word)
    singulars = [folded[:-3] + "y"] if folded.endswith("ies") else [folded[:-1], folded[:-2]]
    return (
        folded.endswith("s")
        and not folded.endswith("ss")
        and any(is_common_word(s) for s in singulars if len(s) > 2)  # "Eyewitnesses"
        and not is_given_name(word)
        and not is_known_organisation(word)
    )


def resolve_pronoun(
    doc: Doc, pronoun: str, pos: int, *, speakers: bool = False, gendered: bool = True
) -> str | None:
    """ "he said" -> the person last in subject or speaker position; "it" -> the organisation.
    With `speakers`, only a previous speaker will do. "he" passes over a person the document
    shows to be a woman and "she" over a man (`doc.genders`); unknown genders fit both."""
    label = PRONOUNS[pronoun]
    wrong = OTHER_GENDER.get(pronoun) if gendered else None

    def fits(name: str) -> bool:
        return wrong is None or doc.genders.get(name) != wrong

    for where, kind, name, spoke in reversed(doc.salient):
        if where < pos - ANTECEDENT_WINDOW:
            break
        medium = MEDIUM_BEFORE.search(doc.body, max(0, where - 12), where)
        if where < pos and kind == label and (spoke or not speakers) and not medium and fits(name):
            return name
    if speakers:
        return None
    return next(
        (
            m.canonical
            for m in doc.mentions_before(pos)
            if m.label == label
            and fits(m.canonical)
            and not MEDIUM_BEFORE.search(doc.body, max(0, m.start - 12), m.start)
        ),
        None,
    )


@cache
def _noun_patterns(head: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A head noun as a title right before a name ("Interior Minister Wolfgang Peschorn"), and
    as a word anywhere ("a former Mexican ambassador to the U.S.")."""
    noun = rf"(?i:{re.escape(head)})s?"
    short = [re.escape(a) for a, full in cue_words().title_abbreviations.items() if full == head]
    forms = "|".join([f"{re.escape(head)}s?", *(f"{a}\\." for a in short)])
    return (
        re.compile(rf"(?<!\w)(?i:{forms})\s+(?:[A-Z][\w.’'-]*\s+){{0,3}}\Z"),
        re.compile(rf"(?<!\w){noun}(?!\w)"),
    )


# kinds of body whose description is the one of its kind that spoke last: "the company" after
# "Gull Air said"; "..., the paper said" after "The paper said" (not the bank the sentence is
# about). ("the bank" and "the insurer" are left out: a story of a bank and an insurer names
# each so after the other spoke.)
_SPOKE_LAST_NOUNS = set(
    """company firm group paper newspaper magazine airline carrier lender retailer automaker
    publisher broadcaster bloc club team""".split()
)
# kinds of body whose names hold the kind's noun ("Liberal Democratic Party"): a description
# by one is a body named with it or no one ("the ruling party revealed": not the World Bank)
_SELF_NAMED = {"party"}
# kinds whose members' names seldom hold the kind's noun: "the company" is rarely the one named
# "... Company"
_UNNAMED_KINDS = frozenset({"company", "firm"})
# a business is never one of these bodies, whose names end in their kind
_BUSINESS_NOUNS = frozenset(
    "company firm group airline carrier lender retailer automaker insurer startup".split()
)
_PUBLIC_HEADS = frozenset(
    """ministry department commission committee council court government administration
    cabinet authority bureau""".split()
)

# A state's own body named by what it is: "the central bank", "the finance ministry" (a bare
# "the ministry" names nothing), "the government", "the cabinet", "the statistics office";
# "central bank officials".
_STATE_BODY = re.compile(
    # (from a word's start: "he ministry" is no body in "The ministry plans")
    r"(?<![\w’'-])(?:(?i:the|its|an?)\s+)?(?P<body>[Cc]entral\s+bank"
    rf"|(?:(?!(?:{'|'.join(sorted(DETERMINERS))})\s)[a-z]+\s+){{1,2}}ministry|government|cabinet"
    # "the statistics department", "the federal statistics office"
    r"|(?:(?:national|federal|state|central)\s+)?(?:statistics|statistical|census)\s+"
    r"(?:department|bureau|office|agency|institute|authority))\b"
)
# the names a central bank goes by, besides "Bank of <country>": "Federal Reserve Board",
# "Reserve Bank of India", "Central Bank of Kenya", "Banco Central", "Bundesbank", "Riksbank",
# "Nationalbank", "Bank Negara"
_CENTRAL_BANK_WORDS = re.compile(r"\b(?:Central|Reserve|Negara)\b|(?:Bundes|Riks|National)bank\b")


# the bodies whose spokesman or official stays anonymous ("a government official")
UNQUALIFIED_BODIES = ("government", "cabinet")


def _central_bank(name: str) -> bool:
    of = re.match(r"(?:Bank|Banque|Banco|Banca) (?:of|de|d'|di|do) (?:the )?(.+)", name)
    return bool(_CENTRAL_BANK_WORDS.search(name) or (of and of.group(1) in country_names()))


def state_body(doc: Doc, pos: int, *, unqualified: bool = True) -> str | None:
    """The state body described at `pos` as what it is: "central bank" ("central bank officials",
    "a foreign ministry spokesman"), and with `unqualified` "government" and "cabinet", which
    a spokesman or official of leaves anonymous ("a government official")."""
    match = _STATE_BODY.match(doc.body, pos)
    if match is None or (not unqualified and match.group("body") in UNQUALIFIED_BODIES):
        return None
    return match.group("body").lower()  # "Central bank officials" opening a sentence too


# the bodies of a state or its leader that a story names with a qualifier and then calls by
# their noun alone ("the Reagan administration" ... "administration officials said")
_QUALIFIED_NOUNS = frozenset({"administration", "government", "ministry"})
_QUALIFIER = r"(?:[A-Z][\w.’'-]*[ \t]+){1,3}"


def qualified_body(doc: Doc, noun: str, pos: int) -> str | None:
    """The one body the text before `pos` names as capitalised words and `noun` ("the Reagan
    administration", "the West German government"), as written; None when it names none or
    several."""
    if noun not in _QUALIFIED_NOUNS:
        return None
    found = set()
    if noun == "ministry":
        # "The finance ministry appears ready ..., a ministry official said": a ministry named
        # in lower case, as wire copy does, is a state body (`state_body`), not a mention
        for match in _STATE_BODY.finditer(doc.body, 0, pos):
            if match.group("body").endswith(noun):
                found.add(match.group("body").lower())
    for match in re.finditer(rf"\b({_QUALIFIER}){noun}\b(?:[ \t]+(\w+))?", doc.body[:pos]):
        if (match.group(2) or "") in ORG_NOUNS | ORG_HEADS:
            continue  # "a Philippine government agency": another body
        words = match.group(1).split()
        # "... the Northwest Passage. The U.S. government": the qualifier starts past the
        # sentence's end (not past an abbreviation: "Gov.")
        ends = [
            i
            for i, w in enumerate(words)
            if re.fullmatch(r"[A-Z][a-z]+\.", w) and not is_abbreviation(w)
        ]
        words = words[ends[-1] + 1 :] if ends else words
        while words and words[0].casefold() in DETERMINERS:
            words = words[1:]
        if words and not any(POSSESSIVE.search(w) for w in words):
            found.add(" ".join([*words, noun]))
    return found.pop() if len(found) == 1 else None


# after a writing, its author: "a study by the OECD", "an article in Progressive magazine"
_WRITING_BY = re.compile(
    r"\s+(?:(?:published|released|issued|prepared|commissioned|compiled|written)\s+)?"
    r"(?:by|from|of|in)\s+(?:the\s+)?"
)
# before it: the author's name, its possessive and up to three lower-case words ("the Energy
# Department's annual study"), the name alone ("the IMF report"), or the name that released it
# ("the Energy Department released a study"; not "Goldman Sachs criticised the report")
_AUTHOR_GAP = re.compile(
    r"(?:['’]s?(?:\s+[a-z][\w-]*){0,3}"
    r"|(?:\s+(?:released|published|issued|prepared|compiled|commissioned|presented))?"
    r"(?:\s+(?:a|an|its|their|his|her|the|new|latest))*)\s+"
)


# between a name and the name it qualifies: "Italy's Budget Ministry", "the Wallenberg holding
# companies AB Investor" (not "the Argus Leader of Sioux Falls")
_QUALIFIES = re.compile(
    r"['’]s?\s+|(?:\s+(?!(?:of|in|at|on|for|from|with|and|or|by|to)\b)[a-z][\w-]*){1,2}\s+"
)
# a writing a cue's own speaker spoke in: "Shearson disclosed in a Securities and Exchange
# Commission filing", "said in a statement" (the speaker's, not the body named in it)
_SPOKEN_IN = re.compile(r"[a-z]+\s+in\s+(?:a|an|the|its|his|her|their)\s+(?:[\w.&’'-]+\s+){0,5}\Z")


def writing_author(doc: Doc, head: str, pos: int) -> str | None:
    """ "The report said": the author of the writing the text named last before `pos` (one
    called `head` if any, else any writing), where it named the author with it ("the Energy
    Department's study", "the IMF report", "a study by the OECD", "an article in Progressive
    magazine"); None where it named none."""
    body = doc.body
    start = max(0, pos - ANTECEDENT_WINDOW)
    writings = cue_words().writings
    found = None
    for word in WORD.finditer(body, start, pos):
        noun = word.group().casefold()
        singular = noun.removesuffix("s")
        if (noun in writings or singular in writings) and (
            found is None or singular == head or found[1] != head
        ):
            found = (word, singular)
    if found is None:
        return None
    writing = found[0]
    if _SPOKEN_IN.search(body, max(start, writing.start() - 80), writing.start()):
        return None  # whoever wrote in it spoke: the cue's speaker, named there
    before = doc.mentions_between(max(start, writing.start() - 80), writing.start())
    if before and _AUTHOR_GAP.fullmatch(body, before[-1].end, writing.start()):
        return before[-1].canonical
    if by := _WRITING_BY.match(body, writing.end(), pos):
        after = doc.mentions_between(by.end(), min(pos, by.end() + 80))
        if after and after[0].start == by.end():
            # "a report by Italy's Budget Ministry", "a statement by the Wallenberg holding
            # companies AB Investor and ...": the name the first one qualifies
            owned = [m for m in after[1:] if _QUALIFIES.fullmatch(body, after[0].end, m.start)]
            return (owned or after)[0].canonical
    return None


def _joined_names(name: str) -> list[str]:
    """A name, and each of two names of two words or more it joins with a hyphen ("Screen
    Actors Guild-American Federation of Television and Radio Artists": a guild's name and a
    federation's); "San Diego Union-Tribune" is one name."""
    left, hyphen, right = name.partition("-")
    if hyphen and " " in left.strip() and " " in right.strip() and "-" not in right:
        return [name, left, right]
    return [name]


def resolve_description(doc: Doc, head: str, pos: int) -> str | None:
    """ "the former ambassador" -> the person whose title or appositive holds "ambassador";
    "the ministry" -> the organisation named so; "the company" -> the organisation the story is
    about; "the actor" -> the person who spoke last."""
    if len(head) < 3 or not head.isalpha():
        return None
    if head in cue_words().member_nouns:
        head = "member"  # "the Republican": the person who spoke last, whatever their role
    title, word = _noun_patterns(head)
    body = doc.body
    before = doc.mentions_before(pos, TITLE_WINDOW)
    after = doc.mentions_between(pos, min(len(body), pos + ANTECEDENT_WINDOW // 2))
    titled = [
        m
        for m in [*before, *after]
        if m.label == PERSON
        and (
            title.search(body, max(0, m.start - 60), m.start)
            or word.search(_appositive_text(body, m.end))
        )
    ]
    if re.match(
        rf"\W*(?:the\s+)?former\s+(?:[\w-]+\s+)?{re.escape(head)}", body[pos : pos + 60], re.I
    ):
        # "the former governor" is none of the sitting ones ("Florida Governor Ron DeSantis")
        titled = [
            m
            for m in titled
            if re.search(r"(?i)\b(?:former|ex-)", body[max(0, m.start - 60) : m.start])
            or re.search(r"(?i)\b(?:former|ex-)", _appositive_text(body, m.end))
        ]
    if titled:
        # The person of that title the story is about: named most often, then nearest.
        return max(titled, key=lambda m: doc.counts[m.canonical]).canonical
    if head in ORG_NOUNS | ORG_HEADS:
        orgs = [m for m in before if m.label == ORG and m.start > pos - ANTECEDENT_WINDOW]
        if head == "agency":
            # "an agency spokesman" after "according to the Intelligencer": a newspaper is no
            # agency; a wire agency is ("the agency said" after AFP)
            orgs = [
                m
                for m in orgs
                if not is_news_outlet(m.canonical) or agency_named(m.canonical) is not None
            ]
        if (paired := _paired_description(doc, orgs, head, pos)) is not None:
            return paired
        described = state_body(doc, pos)
        central = described is not None and described.split() == ["central", "bank"]
        kind = cue_words().kind_names.get(head, word)
        named = [
            m
            for m in orgs
            if any(word.search(part) or kind.search(part) for part in _joined_names(m.canonical))
        ]
        if (
            head in _UNNAMED_KINDS
            and named
            and (last := _subject_organisation(doc, head, pos, orgs))
        ):
            # "The company also said" after "Whole Foods plans ...": the company the story
            # speaks of, not one whose name happens to hold "Company" ("Dana F. Besecker
            # Company") named before
            return last
        if central:
            # "the central bank" is no company named with "bank" ("Chase Manhattan Bank")
            named = [m for m in orgs if _central_bank(m.canonical)]
        if named:
            return named[0].canonical
        bodies = [n for p, n in reversed(doc.bodies) if p < pos and word.search(n)]
        if bodies and not central:
            return bodies[0]  # "the prosecutor’s office": the office named in full before
        if not named and (qualified := qualified_body(doc, head, pos)):
            return qualified  # "the administration": "the Reagan administration" named before
        if described:
            # "the central bank", "the finance ministry", "the government" of the state the
            # story is about, named by no fuller name: what it is, as written
            return described
        if head in _BUSINESS_NOUNS:
            # "In a filing with the Securities and Exchange Commission, the group said": a
            # company or group is no public body
            orgs = [m for m in orgs if m.canonical.split()[-1].casefold() not in _PUBLIC_HEADS]
        if head in ORG_NOUNS and head not in _SELF_NAMED and orgs:
            # "the company": the organisation the sentence before had as its subject, else the
            # one named most often.
            last = _subject_organisation(doc, head, pos, orgs)
            return last or max(orgs, key=lambda m: (doc.counts[m.canonical], m.start)).canonical
    if head in PERSON_NOUNS or head == "member":
        name = resolve_pronoun(doc, "he", pos, speakers=True, gendered=False)
        roles = _roles(doc, name) if name else set()
        # "the French president" is not the last speaker when the text calls that one a
        # prime minister: only a speaker with no known role, or this one, will do.
        return name if not roles or head in roles else None
    return None


def _subject_organisation(doc: Doc, head: str, pos: int, orgs: list[EntityMention]) -> str | None:
    """The organisation the text had as its subject last before `pos`, if it is one of `orgs`
    (for a company, an airline...: the one last quoted first, "Gull Air said ... when Texas Air
    acquired Provincetown-Boston Airline ..., the company said")."""
    last = (
        next(
            (
                name
                for where, kind, name, spoke in reversed(doc.salient)
                if where < pos and kind == ORG and name and spoke
            ),
            None,
        )
        if head in _SPOKE_LAST_NOUNS
        else None
    )
    last = last or next(
        (
            name
            for where, kind, name, _ in reversed(doc.salient)
            if where < pos and kind == ORG and name
        ),
        None,
    )
    if last and doc.labels.get(last) == ORG and any(m.canonical == last for m in orgs):
        return last
    return None


def _paired_description(doc: Doc, orgs: list[EntityMention], head: str, pos: int) -> str | None:
    """ "the central bank" -> the organisation the text set in apposition with those words
    ("the central bank, Bank Negara," or "Bank Negara, the central bank,"), not the nearest
    one named with "bank"."""
    phrase = re.match(
        rf"(?i:the|its)\s+((?:[a-z][\w-]*\s+){{1,3}}{re.escape(head)})\b", doc.body[pos : pos + 80]
    )
    if phrase is None:
        return None
    words = r"\s+".join(phrase.group(1).split())
    for m in orgs:
        if re.search(
            rf"(?i:the|its)\s+{words},\s*\Z", doc.body[max(0, m.start - 80) : m.start]
        ) or (re.match(rf",\s*(?i:the|its)\s+{words}\b", doc.body[m.end : m.end + 80])):
            return m.canonical
    return None


def _roles(doc: Doc, name: str) -> set[str]:
    """The role nouns the text gives a person: in a title before a mention ("Prime Minister
    Keir Starmer") or in an appositive after one ("Elon Musk, its chief executive,")."""
    roles: set[str] = set()
    for m in doc.mentions:
        if m.canonical == name:
            near = f"{doc.body[max(0, m.start - 40) : m.start]} {_appositive_text(doc.body, m.end)}"
            words = re.findall(r"[a-z]+", near.casefold())
            roles.update(
                w
                for w in (cue_words().title_abbreviations.get(w, w) for w in words)
                if w in PERSON_NOUNS
            )
    return roles


def _appositive_text(body: str, end: int) -> str:
    """ ", a former Mexican ambassador to the U.S.": what the text says a name is."""
    match = APPOSITIVE.match(body, end, end + 130)
    if not match or cue_matches(match.group(), 0, len(match.group())):
        return ""  # ", according to the White House schedule" describes nobody
    if _PREDICATE.match(match.group()):
        return ""  # "Rodney Shields, filed a suit on behalf of the company's shareholders": no
        # appositive, the sentence's verb after one
    return match.group()


# the verb of a sentence after an appositive's closing comma, not an appositive
_PREDICATE = re.compile(r",\s*(?:[a-z]+ed|has|have|had|is|was|were|will|would)\b")


# An indefinite voice of a body or a role, one person ("an Agriculture Ministry official", "a
# senior aide", "A top Treasury official", "a spokesman for Lloyds of London"), right before its
# cue or right after it. Its noun may be capitalised, as wire copy does after "U.S." ("A top U.S.
# Official said").
_VAGUE_VOICE = (
    r"(?<![\w’'-])(?:[Aa]n?|[Oo]ne)\s+(?:[\w.&’'-]+\s+){0,4}?"
    r"(?i:official|spokesman|spokeswoman|spokesperson|executive|aide|adviser|advisor|director"
    r"|negotiator|planner|leader|member|attorney|lawyer|controller)"
    r"(?:\s+(?:of|for|at)\s+(?:the\s+)?(?:[A-Z][\w.&’'-]*\s+){1,5}?)?"
)
_VAGUE_BEFORE = re.compile(_VAGUE_VOICE + r"\s*\Z")
_VAGUE_AFTER = re.compile(r"\s+" + _VAGUE_VOICE + r"(?![\w’'-])")
# how far into the next sentence the person it names may stand ("The official, Ralph ...")
_NAMED_NEXT_WITHIN = 60


def vague_first_mention(doc: Doc, cue_start: int, cue_end: int, span_start: int) -> str | None:
    """The indefinite voice at a cue, one person of a body or role whom the text has not named
    there ("a senior Foreign Ministry official said"), or None."""
    match = _VAGUE_BEFORE.search(doc.masked, span_start, cue_start) or _VAGUE_AFTER.match(
        doc.masked, cue_end
    )
    return match.group().strip() if match else None


# words of a vague mention that say nothing of whom it is
_VAGUE_WORDS = frozenset("a an one senior top leading the of for at".split())


def named_next(doc: Doc, pos: int, vague: str, start: int, end: int) -> str | None:
    """The person the sentence from `start` to `end` names first, near its start, whom the text
    had not named before `pos`, where the sentence ties them with a word of the `vague` mention,
    or gives no office of another before the name: the one that mention was ("an
    Agriculture Ministry official told reporters ...", then "Hideo Maki, Director General of
    the ministry's Livestock Bureau, said")."""
    people = [m for m in doc.mentions_between(start, end) if m.label == PERSON]
    if not people or people[0].start - start > _NAMED_NEXT_WITHIN:
        return None
    first = people[0]
    if first.canonical in {m.canonical for m in doc.mentions_before(pos, pos)}:
        return None
    said = doc.masked[start : min(end, first.end + _NAMED_NEXT_WITHIN * 2)].casefold()
    words = {w.casefold() for w in re.findall(r"[\w-]+", vague)} - _VAGUE_WORDS
    if any(re.search(rf"\b{re.escape(w)}", said) for w in words):
        return first.canonical  # "a Chrysler official", then "Chrysler ... director Everett ..."
    # else only a person the sentence gives no other office ("Finance Minister Kiichi Miyazawa"
    # after "a Labour Ministry official" is another one)
    title = doc.masked[start : first.start].split()
    other_office = bool(title) and all(w[:1].isupper() for w in title) and is_title_word(title[-1])
    return None if other_office else first.canonical
