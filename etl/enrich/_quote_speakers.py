"""Who speaks at a cue: the subject before it, before an appositive, or after it.

- A cue's speaker is the entity mention in subject position: before the verb, before an
  appositive ("Arturo Sarukhan, a former ambassador, said"), or after the verb ("…,” said
  Illinois Gov. J.B. Pritzker").
- The voice of a named organisation (its spokesperson, statement or fact sheet) speaks for it,
  and "a company spokesman" for the organisation the story is about.
- "according to a report by X" is X's.
- A body of a named state or place ("the Philippine government") speaks under its name as
  written, and a state's officials or delegation for the state ("US officials").
- A body named in full that the entity stage missed ("the U.S. Attorney’s Office for the Western
  District of New York said") is kept as written; "the attorney's office" and "prosecutors" are
  that body later.
- Anything else is anonymous ("a senior official said"): a speaker with no name.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import takewhile

from .._article import EntityMention
from ._entity_mentions import one_named_by_head
from ._entity_words import ROLES
from ._knowledge import country_names, is_common_word
from ._quote_names import (
    UNQUALIFIED_BODIES,
    canonical_names,
    country_of_demonym,
    fallback_name,
    is_title_word,
    joint_mentions,
    opened_organisation,
    qualified_body,
    resolve_description,
    resolve_pronoun,
    state_body,
    words_back,
    writing_author,
)
from ._quote_units import Doc, Unit, is_abbreviation
from ._quote_words import (
    ANONYMOUS_PRONOUNS,
    APPOSITIVE_CLOSE,
    APPOSITIVE_OPEN,
    ARTICLE_JOINED,
    AUXILIARIES,
    CLAUSE_MARKS,
    DATELINE,
    DETERMINERS,
    GROUP_NOUNS,
    INDEFINITE,
    JOINED_AFTER,
    LEAD,
    LEADING_WORDS,
    LEFT_WINDOW,
    LOCATION,
    MASK,
    MEDIUM_BEFORE,
    NAME_RUN,
    OPENING_WORDS,
    ORG,
    ORG_HEADS,
    ORG_NOUNS,
    OTHER_GENDER,
    OUTLET_NOUNS,
    PASSIVE_BY,
    PERSON,
    PERSON_NOUNS,
    PHRASE_STOP,
    PHRASE_STOP_LOOSE,
    PLACE_OF_GROUP,
    POSSESSIVE,
    POSSESSIVE_AFTER,
    POSSESSIVE_PRONOUNS,
    POSSESSOR_WINDOW,
    PREPOSITIONS,
    PRONOUNS,
    PURE_PREPOSITIONS,
    READER_BEFORE,
    RIGHT_WINDOW,
    ROLE_WORDS,
    SENTENCE_ADVERBS,
    SMALL_WORDS,
    STATE_VOICES,
    SUBORDINATORS,
    TIME_LEADS,
    TIME_WORDS,
    TITLE_WINDOW,
    UNIT_NOUNS,
    cue_words,
    singular,
)

Speaker = tuple[list[str], int]
"""Speaker names (empty when anonymous) and where the subject starts."""


def _left_start(doc: Doc, unit: Unit, cue_start: int, floor: int = 0) -> int:
    """Where the subject of a cue may begin: the unit start, a quote's end (not a title's that
    a word before names: 'producer of "The Cosby Show"'), ";" or ":", or the `floor` past a
    cue that reports this one."""
    start = max(unit.start, cue_start - LEFT_WINDOW, doc.last_quote_end(cue_start), floor)
    cut = max(doc.masked.rfind(";", start, cue_start), doc.masked.rfind(":", start, cue_start))
    return max(start, cut + 1)


def _clause_start(doc: Doc, unit: Unit, start: int) -> bool:
    """Whether `start` begins a clause, rather than a window cut into a longer sentence."""
    return start == unit.start or doc.masked[start - 1] in CLAUSE_MARKS


def at_unit_start(doc: Doc, unit: Unit, pos: int) -> bool:
    """Whether only capitalised words (titles, names) and connectives come before `pos` in its
    unit: "But Illinois Gov. J.B. Pritzker", not "The demand has US officials"."""
    if pos - unit.start > 200:
        return False
    before = doc.masked[unit.start : pos]
    words = re.findall(r"[\w’'.-]+", before)
    return (
        len(words) <= 8
        and MASK not in before
        and all(not w.islower() or w in LEADING_WORDS for w in words)
        and not any(w.casefold() in DETERMINERS - {"the"} for w in words)
    )


def _after_preposition(doc: Doc, m: EntityMention, start: int, *, titled: bool = False) -> bool:
    """Whether a preposition comes right before the mention, back over "the" and a possessor
    ("authorities in China’s Inner Mongolia"), and with `titled` over the capitalised words of
    a title too ("headed by Venezuelan Investment Fund Minister Hector Hurtado")."""
    before = doc.body[max(start, m.start - 60) : m.start].split()
    while before and (
        before[-1].casefold() == "the"
        or POSSESSIVE.search(before[-1])
        or (titled and re.fullmatch(r"[A-Z][\w.’'-]*", before[-1]))
    ):
        before = before[:-1]
    return bool(before) and before[-1].casefold() in PREPOSITIONS | PURE_PREPOSITIONS


def subject_like(doc: Doc, unit: Unit, m: EntityMention, *, titled: bool = False) -> bool:
    """Whether a mention may be the subject of its sentence: not a possessive ("Russia's
    ministry") or a modifier ("the Minneapolis-based company"), not inside a prepositional
    phrase (with `titled`, not after its title either), not after a modifier ("his initial
    Instagram announcement"), and a place only at the very start ("Austria has long argued").
    A name joined to one after a preposition is in its phrase too ("the operations of Deere and
    Detroit Diesel")."""
    joined = re.search(r"(?:,\s*|\s+)(?:and|or)\s+\Z", doc.body[max(0, m.start - 8) : m.start])
    first = doc.mention_ending(m.start - len(joined.group())) if joined else None
    if (
        POSSESSIVE_AFTER.match(doc.body, m.end)
        or JOINED_AFTER.match(doc.body, m.end)
        or _after_preposition(doc, first or m, unit.start, titled=titled)
    ):
        return False
    if m.label == LOCATION:
        return at_unit_start(doc, unit, m.start) and not PLACE_OF_GROUP.match(doc.body, m.end)
    before = doc.body[max(unit.start, m.start - 40) : m.start].split()
    if len(before) > 1 and before[-1] == "the":
        before = before[:-1]  # "did not name the First Boston affiliate": the word before "the"
    prev = before[-1] if before else ""
    # a quantity before a name, not a year, makes it a modifier ("3,300,000 Princeville shares")
    quantity = re.fullmatch(r"[\d.,$]+", prev) and not re.fullmatch(r"(?:1[89]|20)\d\d", prev)
    return (
        (not prev.islower() and not quantity)
        or prev.endswith(",")
        or prev in LEADING_WORDS | PERSON_NOUNS | ROLE_WORDS
        # "Dutch insurer AEGON NV reported", not "telephoned the news agency Deutsche Presse"
        or (prev in ORG_NOUNS and (len(before) < 2 or before[-2][:1].isupper()))
    )


# anonymous people around a named one or body: "Sources close to Finance Minister Edouard
# Balladur", "sources close to the Italian Foreign Ministry"
_CLOSE_TO = re.compile(
    r"\b(?i:sources|people|officials|aides|associates|friends)[ \t]+(?i:close)[ \t]+to[ \t]+"
    r"(?:the[ \t]+)?(?:[A-Z][\w.’'-]*[ \t]+){0,4}\Z"
)


def left_speaker(
    doc: Doc, unit: Unit, cue_start: int, verb: str, *, floor: int = 0
) -> Speaker | None:
    """The speaker in subject position before a cue, past `floor`; None when nothing comes
    before the cue (it may be inverted)."""
    body, masked = doc.body, doc.masked
    start = _left_start(doc, unit, cue_start, floor)
    words = words_back(doc, start, cue_start)
    k = 0
    # Back over auxiliaries, adverbs and time phrases ("has also said", "in October revealed"),
    # but not over a comma: "..., campaign that year, said" ends an appositive.
    while k < len(words):
        if re.search(r"[,;:)—–]", masked[words[k][1] : words[k - 1][0] if k else cue_start]):
            break
        written = doc.word(words[k])
        word = written.casefold()
        # an adverb in -ly is lower case: "Ramly has said" ends a name
        if word in AUXILIARIES or (word.endswith("ly") and written.islower() and len(word) > 4):
            k += 1
        elif (
            word in TIME_WORDS
            and k + 1 < len(words)
            and (doc.word(words[k + 1]).casefold() in TIME_LEADS or doc.word(words[k]).islower())
        ):
            k += 2 if doc.word(words[k + 1]).casefold() in TIME_LEADS else 1
        else:
            break
    if k >= len(words):
        return None
    if (reduced := _before_reduced_relative(doc, unit, start, words[k][0])) is not None:
        return reduced
    w_start, w_end = words[k]
    tail_end = words[k - 1][0] if k else cue_start
    if re.search(r"[,)—–-]", masked[w_end:tail_end]) and masked[w_end:tail_end].strip():
        final = _final_attribution(doc, unit, start, tail_end, cue_start + len(verb))
        return final or _appositive_speaker(doc, unit, start, w_end, tail_end, verb)
    word = body[w_start:w_end]
    folded = word.casefold()
    if folded in PRONOUNS:
        # "The Information Systems Group will grow, it said": a pronoun after the clause it
        # reports is the speaker of the sentences before, not a name inside that clause
        trailing = re.search(r"\w.*,[ \t]*\Z", masked[unit.start : w_start], re.S) and (
            _FINAL_TAIL.match(masked, cue_start + len(verb), unit.end)
        )
        # "..., it said" goes to the body that spoke last, not a body the sentences between
        # only did something with ("Japan added 689,700 tonnes"); "he" stays with a person
        # newly the subject ("But Harm Schelhaas ... was less worried")
        name = None
        if trailing and folded == "it":
            name = resolve_pronoun(doc, folded, unit.start, speakers=True)
        name = name or resolve_pronoun(doc, folded, unit.start if trailing else w_start)
        return ([name] if name else [], w_start)
    if folded == "who":  # "Sowers, who is also considering Biden, said"
        gap = re.search(r",?\s*\Z", body[max(start, w_start - 4) : w_start])
        m = doc.mention_ending(w_start - len(gap.group())) if gap else None
        return ([m.canonical], m.start) if m and m.label != LOCATION else ([], w_start)
    if folded in {"and", "but"}:
        return main_subject(doc, unit, w_start)  # "... and noted there should be ..."
    if folded in ANONYMOUS_PRONOUNS:
        return ([], w_start)
    m = doc.mention_ending(w_end)
    if m is not None and m.start >= start:
        if _CLOSE_TO.search(body, max(start, m.start - 80), m.start):
            return ([], m.start)  # "Sources close to Finance Minister Edouard Balladur said"
        # "as" before the subject of a cue opens a clause ("..., as Van Jackson puts it"), where
        # before another name it is a preposition ("served as Gov. Lee's deputy")
        as_clause = doc.body[max(start, m.start - 4) : m.start].casefold().split()[-1:] == ["as"]
        if _after_preposition(doc, m, start) and not as_clause:
            if (unclosed := _unclosed_appositive(doc, start, m.start)) is not None:
                return unclosed  # "X, Executive Secretary of the U.N.'s ... Commission said"
            if (named := _cut_name(doc, start, m, w_end)) is not None:
                return named  # "the States of Malaya Chamber of Mines said"
            return description_speaker(doc, start, w_end)  # "the president of Mexico"
        # (a place right after an opening phrase's comma, maybe with "the": "For its part, the
        # Soviet Union has said")
        if m.label == LOCATION and not (
            at_unit_start(doc, unit, m.start)
            or re.search(r",\s*(?:the\s+)?\Z", body[start : m.start])
            or (_clause_start(doc, unit, start) and not body[start : m.start].strip())
        ):
            return ([], m.start)  # "after consultation Washington had concluded": no speaker
        if (unclosed := _unclosed_appositive(doc, start, m.start)) is not None:
            return unclosed  # "Abele Kuypers, secretary of ... organisation Landbouwschap said"
        opening = next((stop for begin, stop in doc.datelines if begin <= start < stop), start)
        if _PARTICIPLE_OBJECT.fullmatch(body, opening, m.start):
            # "The investor group seeking to acquire GenCorp Inc said": the group, not its target
            return description_speaker(doc, opening, m.start)
        people = joint_mentions(doc, m, start)
        person = _person_of(doc, people[0], start)
        if person is not None and people[0] is not m:
            # "Bruce Lazier of Prescott Ball and Turben said": one firm's name joined by "and"
            return description_speaker(doc, start, w_end)
        if person is not None and m.label == ORG:
            return ([person.canonical], person.start)  # "X of the Catholic charity Caritas"
        return (canonical_names(people), people[0].start)
    if (company := cue_words().associates.search(body, start, w_end)) and company.end() == w_end:
        # "Paganini and his team wrote": the named one speaks for them
        m = doc.mention_ending(company.start())
        if m is not None and m.start >= start and m.label != LOCATION:
            return ([m.canonical], m.start)
    if _name_cased(word) and not POSSESSIVE.search(word):
        if (unclosed := _unclosed_appositive(doc, start, w_end)) is not None:
            return unclosed  # "Dan Rostenkowski, an Illinois Democrat said"
        run_start = _name_run_start(doc, start, w_end)
        # the word before the name, past an article: "those with BED reported", "a British
        # naval source in the Gulf said"
        before = body[max(start, run_start - 16) : run_start].casefold().split()[-2:]
        if before[-1:] == ["the"]:
            before = before[:-1]
        if before and before[-1] in (PREPOSITIONS | PURE_PREPOSITIONS) - {"as"}:
            return description_speaker(doc, start, w_end)
        name = fallback_name(doc, run_start, w_end, at_start=at_unit_start(doc, unit, run_start))
        if name and not (verb == "say" and " " not in name):  # "Backers say": a plural
            return ([name], run_start)
    if (unclosed := _unclosed_appositive(doc, start, w_end)) is not None:
        return unclosed  # "Paul E. Lego, senior executive vice president told the analysts"
    return description_speaker(doc, start, w_end)


# the nouns of a person's role: the quote stage's and the entity stage's ("commissioner")
_PERSON_ROLES = PERSON_NOUNS | ROLES


# "of" or "at" after a person, maybe with the body's description: " of the Catholic charity "
_OF_BODY = re.compile(r"[ \t]+(?:of|at)[ \t]+(?:the[ \t]+(?:[\w’'-]+[ \t]+){0,5}?)?\Z")


def _person_of(doc: Doc, m: EntityMention, start: int) -> EntityMention | None:
    """The person a mention follows with "of" or "at" ("Bruce Lazier of Prescott Ball", "Pius
    Haffner of the Catholic charity Justitia et Pax"), or None."""
    of = _OF_BODY.search(doc.body, max(start, m.start - 60), m.start)
    person = doc.mention_ending(of.start()) if of else None
    if person is None or person.label != PERSON or person.start < start:
        return None
    return person


def _cut_name(doc: Doc, start: int, m: EntityMention, end: int) -> Speaker | None:
    """A name of capitalised words joined by "of" that the entity stage cut ("the States of
    Malaya Chamber of Mines": "Malaya Chamber of Mines"), as written; not a title ("the
    Governor of Texas")."""
    run_start = _name_run_start(doc, start, end)
    if run_start >= m.start or not re.search(r"\b(?:the|The)\s+\Z", doc.body[start:run_start]):
        return None
    first = doc.body[run_start:end].split()[0]
    if is_title_word(first) or first.casefold() in _PERSON_ROLES:
        return None
    return ([doc.body[run_start:end]], run_start)


# the appositive of a company's part, to the cue: ", a wholly owned subsidiary of Acme Corp "
_PART_OF = re.compile(
    rf",[ \t]+an?[ \t]+(?:[\w-]+[ \t]+){{0,3}}(?:{UNIT_NOUNS})[ \t]+of\b[^,;:()]{{0,80}}\Z"
)


def _unclosed_appositive(doc: Doc, start: int, end: int) -> Speaker | None:
    """ "Lowell Moholt, director of investor relations at Weyerhaeuser Co said": a person and
    the role that wire copy leaves without its closing comma; the role's organisation is no
    speaker."""
    comma = doc.masked.rfind(",", start, end)
    if comma < 0:
        return None
    role = re.findall(r"[\w’'-]+", doc.masked[comma:end])
    person = doc.mention_ending(comma)
    if person is not None and person.label == ORG and person.start >= start:
        # "NEC Electronics Inc, a unit of NEC Corp said": the unit, not its owner
        part = _PART_OF.match(doc.masked, comma, end)
        return ([person.canonical], person.start) if part else None
    if person is None or person.label != PERSON or person.start < start:
        return None
    if not role or len(role) > 12:
        return None
    # "the visit by Japanese Prime Minister Yasuhiro Nakasone, a Treasury spokesman said": a
    # preposition's object, past the person's titles, is no subject
    if _after_preposition(doc, person, start, titled=True):
        return None
    # "Dan Rostenkowski, an Illinois Democrat said": a party member is a role too
    roles = PERSON_NOUNS | ROLE_WORDS | cue_words().member_nouns
    folded = [w.casefold() for w in role]
    # capitalised words only in a role that opens as one ("secretary of the Dutch farmers'
    # organisation Landbouwschap said")
    # (or one that opens with its organisation's name: "Richard Jacob, Day chairman and chief
    # executive officer said")
    lower = next((k for k, w in enumerate(role) if not w[:1].isupper()), len(role))
    owned = 0 < lower < len(role) and folded[lower] in roles
    # (or a capitalised title, then "of" its organisation: "Adebayo Adedji, Executive Secretary
    # of the U.N.'s Economic Commission for Africa said")
    titled = 0 < lower < len(role) and folded[lower] == "of" and folded[lower - 1] in roles
    if any(w[:1].isupper() for w in role[lower if owned else 0 :]) and not (
        role[0] in roles or titled or (folded[0] in {"a", "an"} and folded[-1] in roles)
    ):
        return None
    return ([person.canonical], person.start) if set(folded) & roles else None


_BY_PHRASE = re.compile(r"[ \t]+[a-z]+ed[ \t]+by[ \t]+[^,;:.!?\x1f()—–]*\Z")


# a description, then a participle whose object the name is: "The investor group seeking to
# acquire GenCorp Inc", "a committee representing Texaco"
_PARTICIPLE_OBJECT = re.compile(
    r"\s*(?:The|the|A|a|An|an)[ \t]+(?:[\w-]+[ \t]+){0,3}?[a-z]+(?<!ing)[ \t]+"
    r"[a-z]+ing[ \t]+(?:to[ \t]+[a-z]+[ \t]+)?(?:the[ \t]+)?"
)


def _before_reduced_relative(doc: Doc, unit: Unit, start: int, end: int) -> Speaker | None:
    """The subject a participle and its "by" phrase follow, with no comma: "Governor Shunichi
    Suzuki backed by the LDP and two centrist parties has said"."""
    for m in reversed(doc.mentions_between(start, end)):
        if m.label == LOCATION or not _BY_PHRASE.match(doc.masked, m.end, end):
            continue
        return ([m.canonical], m.start) if subject_like(doc, unit, m) else None
    return None


_ARTICLE_JOINED = re.compile(ARTICLE_JOINED)


def _name_cased(word: str) -> bool:
    """Whether a word is written as a name is: capitalised, or an Arabic article joined to a
    capitalised name ("al-Qabas")."""
    return word[:1].isupper() or _ARTICLE_JOINED.match(word) is not None


def _name_run_start(doc: Doc, start: int, end: int) -> int:
    """Where the run of capitalised words (and "of", "for") that ends at `end` begins:
    "The United Nations High Commissioner for Human Rights"."""
    pos = end
    for s, e in words_back(doc, start, end):
        word = doc.body[s:e]
        if e != pos and not re.fullmatch(r"[ \t]+", doc.masked[e:pos]):
            break
        if not (_name_cased(word) or word in {"of", "for", "and"}):
            break
        pos = s
    while match := re.match(r"(?:of|for|and)\s+", doc.body[pos:end]):
        pos += match.end()
    return pos


# what may follow a cue that ends its sentence: "said.", "said on Tuesday.", "said in a statement."
_FINAL_TAIL = re.compile(r"(?:[ \t]+(?:on|in|at|late|early|last|this|a|an|the|[A-Z]?[a-z]+day|"
                         r"today|yesterday|statement|interview|week|month|year|morning|"
                         r"afternoon|evening|night)\b){0,5}[ \t]*(?:[.!?]|\Z)")  # fmt: skip
# ", chairman of the Agricultural Prices Commission," : an appositive of a few words
_APPOSITIVE_TAIL = re.compile(r",[ \t]+[^,;:()\n]{2,80}?,[ \t]*\Z")


def _final_attribution(
    doc: Doc, unit: Unit, start: int, tail_end: int, cue_end: int
) -> Speaker | None:
    """ "..., Shafi Niaz, chairman of the commission, said.": a named subject and its appositive
    after the reported clause, the cue ending the sentence."""
    masked = doc.masked
    if not _FINAL_TAIL.match(masked, cue_end, unit.end):
        return None
    tail = _APPOSITIVE_TAIL.search(masked, start, tail_end)
    named = doc.mention_ending(tail.start()) if tail else None
    if named is None or named.label == LOCATION or named.start <= start:
        return None
    if any(m.label == PERSON for m in doc.mentions_between(named.end, tail_end)):
        return None  # "..., Ryan’s spokeswoman, AshLee Strong, said": the last name speaks
    if not re.search(r",[ \t]*(?:the[ \t]+)?\Z", masked[start : named.start]):
        return None
    clause = masked[start : named.start].rstrip(" ,")
    if len(clause.split()) < 4 or not any(w.islower() for w in clause.split()):
        return None
    return (canonical_names(joint_mentions(doc, named, start)), named.start)


def _named_after(doc: Doc, unit: Unit, end: int, tail_end: int, verb: str) -> bool:
    """Whether a cue after ", " is inverted, its speaker named after it ("..., said X")."""
    if verb not in cue_words().invertible or not re.fullmatch(r"\s*,\s*", doc.masked[end:tail_end]):
        return False
    right = right_speaker(doc, tail_end + len(verb), unit.end, inverted=True)
    return right is not None and bool(right[0])


# a description of a body set before its name: ", the EC statistics office, ", "One of Ford's
# Japanese distributors, " (its head noun lower case, so that the description names nothing
# itself), opening a clause or the text after a dateline
_DESCRIBED_BODY = re.compile(
    r"(?:\A|,|\s--?|[—–])\s*(?:[Tt]he|[Ii]ts|[Aa]n?|[Oo]ne\s+of)\s+(?:[\w’'-]+\s+){0,4}"
    r"(?P<head>[a-z][\w’'-]*),\s*\Z"
)
# (past when and where it was said: "..., said AMBB in a statement.")
_NAME_ENDS_SENTENCE = re.compile(r"[ \t]+(?:[A-Z][\w.&’'-]*[ \t]*){1,6}?" + _FINAL_TAIL.pattern)


# a lower-case noun of what a person is, right before the name: "financier", "economist"
_ROLE_NOUN = r"[a-z][a-z-]*(?:er|or|ist|ian|ant|ent|man|woman)"


def _appositive_speaker(
    doc: Doc, unit: Unit, start: int, end: int, tail_end: int, verb: str
) -> Speaker | None:
    """A subject before an appositive ("Lisa Monaco, Obama's adviser on counterterrorism,
    said"), a name in apposition ("Ryan’s spokeswoman, AshLee Strong, said"), the names of a
    dash appositive ("- Egypt and Jordan - criticised"); None for an inverted cue ("..., the
    poles, said study co-author Anezina Solomonidou")."""
    masked = doc.masked
    if APPOSITIVE_CLOSE.search(masked, max(start, end - 1), tail_end):
        opening = max(masked.rfind(mark, start, end) for mark in (" -", "—", "–", "("))
        inside = doc.mentions_between(opening + 1, end) if opening >= start else []
        if inside and inside[-1].end == end:
            joint = joint_mentions(doc, inside[-1], opening + 1)
            if joint[0] == inside[0] and not re.search(r"\w", doc.body[opening : joint[0].start]):
                return (canonical_names(joint), joint[0].start)
    clause_start = _clause_start(doc, unit, start)
    named = doc.mention_ending(end)
    if named is not None and clause_start:
        before = masked[start : named.start]
        # "Ryan’s spokeswoman, AshLee Strong, said", "A Pentagon spokesman, Maj. Pete Nguyen,";
        # "Another major Taft shareholder, Cincinnati financier Carl Lindner, has said"
        if named.label == PERSON and re.search(
            r",\s*(?:the\s+)?(?:[A-Z][\w.’'-]*\s+){0,3}(?:" + _ROLE_NOUN + r"\s+)?\Z", before
        ):
            return ([named.canonical], named.start)
        if named.label == ORG and re.search(r"\w[’']s\s+[\w\s-]{1,40},\s*the\s+\Z", before):
            return ([named.canonical], named.start)  # "NatWest's parent, the RBS Group, said"
        if named.label == ORG and _DESCRIBED_BODY.search(before):
            # "..., the central bank, Bank Negara, said"; "the EC statistics office, Eurostat,";
            # "One of Ford Motor Co's Japanese distributors, Autorama Inc, said"
            return ([named.canonical], named.start)
    if named is None and clause_start:
        # "The financial newsletter, Platow, said": a name the entity stage missed, set beside a
        # description of a body that speaks
        run_start = _name_run_start(doc, start, end)
        described = _DESCRIBED_BODY.search(masked[start:run_start])
        bodies = cue_words().voices | ORG_NOUNS | ORG_HEADS
        if (
            described
            and described.group("head") in bodies
            and (name := fallback_name(doc, run_start, end, at_start=True))
        ):
            return ([name], run_start)
    if _NAME_ENDS_SENTENCE.match(masked, tail_end + len(verb)) and _named_after(
        doc, unit, end, tail_end, verb
    ):
        return None  # "A, B and C are the underwriters, said Pennsylvania Power.": a name alone
    # (a dateline is no part of the subject: "HELSINKI, March 11 - Finland's mining and metals
    # group Outokumpu Oy, which ..., said")
    subject_start = next((stop for begin, stop in doc.datelines if begin <= start < stop), start)
    if clause_start and (pair := _body_and_its_part(doc, subject_start, end)) is not None:
        return pair
    for m in doc.mentions_between(start, end):
        rest = masked[m.end : end]
        if (
            clause_start
            and APPOSITIVE_OPEN.match(rest)
            and re.search(r"\w", rest)
            and m.start >= subject_start
            and len(re.findall(r"\w+", after_opening_adjunct(masked, subject_start, m.start))) <= 6
            and not _after_preposition(doc, m, start)
        ):
            if m.label != LOCATION or at_unit_start(doc, unit, m.start):
                return (canonical_names(joint_mentions(doc, m, start)), m.start)
            break
    if MASK in masked[start:tail_end].rstrip(" ,\t") or not re.search(r"\w", masked[start:end]):
        return None
    if _named_after(doc, unit, end, tail_end, verb):
        return None
    # "As we have noted, a study by X, a think tank, concluded": past an opening adjunct
    start = end - len(after_opening_adjunct(masked, start, end))
    first = re.search(r"\s*[,(]|\s+[—–-]+\s", masked[start:end])
    if first:
        # "The company, which ..., confirmed"; "Richardson, via USA Today, said".
        first_end = start + first.start()
        if (leader := _leader_in_appositive(doc, start, first_end, end)) is not None:
            return leader
        found = description_speaker(doc, start, first_end)
        if found and found[0]:
            return found
        if (author := _author_in_appositive(doc, start, first_end, end)) is not None:
            return author
        if (listed := _people_in_appositive(doc, start, first_end, end)) is not None:
            return listed
        lead = len(masked[start:first_end]) - len(masked[start:first_end].lstrip())
        name = fallback_name(doc, start + lead, first_end, at_start=True)
        if name:
            return ([name], start)
    elif clause_start and verb in {"said", "says"}:
        # "Royal Dutch/Shell Group unit <Shell Australia Ltd>, said": a stray comma after a
        # subject that holds no appositive; the name that ends it speaks (not ", estimated
        # last year at ...": a participle of what the name owes)
        last = doc.mention_ending(end)
        if last is not None and last.label != LOCATION and subject_like(doc, unit, last):
            return ([last.canonical], last.start)
    return ([], start)


_AUTHORED_BY = re.compile(
    r"\b(?:published|released|issued|written|commissioned|conducted|compiled|prepared|filed"
    r"|sent|signed|posted)[ \t]+by[ \t]+(?:the[ \t]+)?"
)


def _author_in_appositive(doc: Doc, start: int, head_end: int, end: int) -> Speaker | None:
    """A writing whose appositive names its author speaks for that author: "The report,
    published by the World Bank on Tuesday, said"."""
    words = doc.masked[start:head_end].split()
    if not words or words[-1].casefold() not in cue_words().voices:
        return None
    by = _AUTHORED_BY.search(doc.masked, head_end, end)
    author = next(iter(doc.mentions_between(by.end(), end)), None) if by else None
    if author is None or author.start != by.end() or author.label == LOCATION:
        return None
    return ([author.canonical], author.start)


_LED_BY = re.compile(r"\s*,\s*(?:led|headed|chaired|run)\s+by\s+")


def _leader_in_appositive(doc: Doc, start: int, head_end: int, end: int) -> Speaker | None:
    """ "lawmakers on the committee, led by chairman Mike Gallagher, R-Wis., requested": a
    group the text does not name speaks through the one person it says leads it (a group
    that opens with a name, "Acme Corp, led by ...", speaks for itself)."""
    first = re.match(r"\s*([\w’'-]+)", doc.masked[start:head_end])
    if not first or not _LED_BY.match(doc.masked, head_end):
        return None
    if first.group(1)[:1].isupper() and first.group(1).casefold() not in DETERMINERS:
        return None
    people = [m for m in doc.mentions_between(head_end, end) if m.label == PERSON]
    return ([people[0].canonical], people[0].start) if people else None


# a body that is part of another, named right before the noun
_PART_NOUNS = {"unit", "subsidiary", "division", "affiliate", "arm"}
# "Fidata Corp and its subsidiary, Fidata Trust Company New York, announced": a body and the
# part of it (or its parent) the appositive names speak together
_AND_ITS_PART = re.compile(
    rf"\s+and\s+its\s+(?:[a-z]+\s+)?(?:{'|'.join(sorted(_PART_NOUNS | {'parent'}))})\s*,\s*\Z"
)


def _body_and_its_part(doc: Doc, start: int, end: int) -> Speaker | None:
    second = doc.mention_ending(end)
    joined = _AND_ITS_PART.search(doc.masked, start, second.start) if second else None
    first = doc.mention_ending(joined.start()) if joined else None
    if first is None or second is None or first.start < start:
        return None
    if first.label != ORG or second.label != ORG:
        return None
    return (canonical_names([first, second]), first.start)


def _people_in_appositive(doc: Doc, start: int, head_end: int, end: int) -> Speaker | None:
    """People an appositive names after a plural description: "The senators, Susan Collins of
    Maine and Lisa Murkowski of Alaska, said"."""
    head = doc.masked[start:head_end].split()
    if not head or not head[-1].islower() or not head[-1].endswith("s"):
        return None
    if doc.mentions_between(start, head_end):
        return None
    gap = re.match(r",[ \t]+", doc.masked[head_end : head_end + 4])
    inside = doc.mentions_between(head_end, end)
    if gap is None or not inside:
        return None
    # (a title may open the appositive: "two officials, State Secretaries Otto Schlecht and ...")
    title = doc.masked[head_end + gap.end() : inside[0].start]
    if not re.fullmatch(r"(?:[A-Z][\w.’'-]*[ \t]+){0,3}", title):
        return None
    if inside[0].label != PERSON:
        return None
    people = [m for m in inside if m.label == PERSON]
    return (canonical_names(people), people[0].start)


def after_opening_adjunct(masked: str, start: int, end: int) -> str:
    """The text before a subject, less an opening adverbial phrase and its comma ("At the time
    of his 2018 physical, Dr. Ronny Jackson, who ..., suggested")."""
    text = masked[start:end]
    # the first comma outside an aside: "After the attack (X called it “...”), Trump said"
    outside = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), text)
    comma = outside.find(",")
    first = re.match(r"\W*([\w’'-]+)", text)
    if comma < 0 or not first or MASK in outside[:comma]:
        return text
    word = first.group(1).casefold()
    if word in PREPOSITIONS | OPENING_WORDS | SUBORDINATORS:
        return text[comma + 1 :]
    if word in SENTENCE_ADVERBS and not text[first.end() : comma].strip():
        return text[comma + 1 :]  # "Earlier, Yugoslav journalists, who ..., told Reuters"
    # a participle phrase: "Testifying at a House hearing, Rep. Hal Daub said"
    if _PARTICIPLE_OPENING.match(text):
        return text[comma + 1 :]
    return text


# a capitalised "-ing" word and a lower-case word after it: no name ("Beijing, the capital")
_PARTICIPLE_OPENING = re.compile(r"\W*[A-Z][a-z]{2,}ing[ \t]+[a-z]")


_RELATIVE_PRONOUNS = {"which", "who", "whom"}


def _np_words(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """The words of the noun phrase that ends at `end`, back to its determiner or possessive;
    a prepositional phrase inside it is crossed ("the chairman of the Conservative Party")."""
    words = words_back(doc, start, end)[:14]
    found: list[tuple[int, int]] = []
    pos = end
    for i, (s, e) in enumerate(words):
        if re.search(r"[,;:\x1f]", doc.masked[e:pos]):
            break
        word = doc.body[s:e].casefold()
        if word in _RELATIVE_PRONOUNS or doc.in_dateline(s):
            # "a plan for the industry which diplomats say": the phrase is "diplomats";
            # "BAHRAIN, March 5 - Tehran radio reported": the dateline is no part of it
            break
        found.append((s, e))
        pos = s
        if POSSESSIVE.search(word) and any(
            m.start < s and m.end > e for m in doc.mentions_between(max(0, s - 100), end)
        ):
            continue  # inside a name: "an Australian Sugar Producers' Association spokesman"
        if word in DETERMINERS or word in INDEFINITE or POSSESSIVE.search(word):
            nxt = doc.word(words[i + 1]).casefold() if i + 1 < len(words) else ""
            # "the Chairman of Canada's largest bank": a possessive after "of" is inside
            if nxt not in PREPOSITIONS or (word.endswith(("’s", "'s")) and nxt != "of"):
                break
    return found[::-1]


def description_speaker(doc: Doc, start: int, end: int) -> Speaker | None:
    """A described speaker: a name with a description ("Mr. Morgan of the Sierra Club"), the
    voice of a named person or organisation ("Ivana Trump's brief", "a spokesperson for the
    Foreign Office"), or a definite description tied to a name ("the former ambassador").
    Anything else is anonymous. A description of a modifier and a head ("the trade group")
    names, later in the story, whom it named first."""
    spans = _np_words(doc, start, end)
    if not spans:
        return None
    words = [doc.word(s).casefold() for s in spans]
    # "the group" is looked up too (`note_indefinite_subject`), but only a longer description
    # is remembered here: "the company" may be another company later in the story
    phrase = (
        " ".join(words) if len(words) >= 2 and words[0] == "the" and words[-1].isalpha() else ""
    )
    if phrase in doc.described:
        return (doc.described[phrase], spans[0][0])
    key = phrase if len(words) >= 3 else ""
    if len(words) >= 3 and words[0] in {"a", "an"} and words[-1].isalpha():
        # "an airline spokesman said": "the airline spokesman" later is that one again, not
        # the spokesman of another body named between ("A Boeing spokesman was not available")
        key = " ".join(["the", *words[1:]])
    found = _description_speaker(doc, start, end, spans)
    if key and found is not None and found[0]:
        doc.described[key] = found[0]
    return found


def note_indefinite_subject(doc: Doc, unit: Unit, end: int, speakers: list[str]) -> None:
    """ "A group of investment firms led by Natalie Koether said ...": "the group" later in the
    story is the same speaker, not whichever body was named last."""
    dateline = DATELINE.match(doc.masked, unit.start, end)
    start = dateline.end() if dateline else unit.start
    # (three words, read from a bounded slice: a unit of a thousand cues stays linear)
    opening = doc.masked[start : min(end, start + 120)]
    words = [w.casefold() for w in re.findall(r"[\w’'-]+", opening)[:3]]
    if (
        len(words) == 3
        and words[0] in {"a", "an"}
        and words[1] in ORG_NOUNS
        and words[2] not in cue_words().voices
    ):
        doc.described.setdefault(f"the {words[1]}", speakers)


def _description_speaker(
    doc: Doc, start: int, end: int, spans: list[tuple[int, int]]
) -> Speaker | None:
    cue_lists = cue_words()
    np_start = spans[0][0]
    words = [doc.word(s).casefold().strip("’'\"“”") for s in spans]
    head_spans = []
    for span, word in zip(spans, words, strict=True):
        if word in PREPOSITIONS and head_spans:
            break
        head_spans.append(span)
    head_end = head_spans[-1][1]
    head = POSSESSIVE.sub("", words[len(head_spans) - 1])
    # a name may start before the possessive word that opens the phrase ("Maria Lopez's office")
    people = [
        m
        for m in doc.mentions_between(max(0, np_start - 80), head_end)
        if m.label == PERSON and m.end > np_start
    ]
    before_np = doc.body[max(start, np_start - 20) : np_start].split()
    object_of = bool(before_np) and before_np[-1].casefold() in PREPOSITIONS
    if _OUTSIDE_VOICE.search(" ".join(words)):
        return ([], np_start)  # "sources close to the CPA": anonymous, not the CPA's voice
    if (
        head in ORG_HEADS
        and doc.word(head_spans[-1])[:1].isupper()
        and not people
        and not object_of
        and not any(m.label == ORG for m in doc.mentions_between(np_start, end))
    ):
        # "the U.S. Attorney’s Office for the Western District of New York": a body the entity
        # stage missed, named as written from the capitalised words before its possessive.
        name_start = np_start
        for s, e in words_back(doc, start, np_start):
            if not doc.body[s:e][:1].isupper() or doc.masked[e:name_start].strip():
                break
            name_start = s
        name = doc.body[name_start:end].strip()
        if name.split()[0] in ("The", "A", "An"):  # "The Ministry has said": no name
            name = name.split(maxsplit=1)[1] if len(name.split()) > 2 else ""
        if len(name.split()) > 1:
            doc.bodies.append((name_start, name))
            return ([name], name_start)
    if head in STATE_VOICES and not people:
        # "A Russian defense ministry spokesman": the ministry's, not the state's
        inner = next(
            (i for i, w in enumerate(words[:-1]) if w in cue_lists.institution_nouns), None
        )
        if inner is not None:
            body_name = _institution(doc, spans[: inner + 1], words[: inner + 1], words[inner])
            if body_name:
                return ([body_name], np_start)
        elif body_name := _named_state_body(doc, spans):
            return ([body_name], np_start)  # "A visiting U.S. Mint official": the Mint's
        elif state := _state_of(doc, spans, words):
            return ([state], np_start)  # "US officials said", "the South African delegation"
    if head_end < end and people and people[-1].end == head_end and not object_of:
        return ([people[-1].canonical], np_start)  # "trader Drew Schaefer of Kidder Peabody"
    if head_end < end and all(doc.word(s)[:1].isupper() for s in head_spans) and not object_of:
        # "Mr. Morgan of the Sierra Club": a name, then what it is ("researchers out of NASA's
        # Goddard ... in Greenbelt" is no subject).
        # ("Eyewitnesses in the northern city of Zagreb reported": a plural opening a sentence)
        opens = re.search(r"(?:\A|[.!?\n]\s*|\s-\s+)\Z", doc.body[max(0, np_start - 4) : np_start])
        # ("<Qintex Ltd> of Brisbane said": the organisation the head names)
        bodies = [m for m in doc.mentions_between(np_start, head_end) if m.label == ORG]
        if people:
            name = people[-1].canonical
        elif bodies and bodies[-1].start <= head_spans[0][0]:
            name = bodies[-1].canonical
        else:
            name = fallback_name(doc, np_start, head_end, at_start=bool(opens))
        if name:
            return ([name], np_start)
    voice = any(w in cue_lists.voices for w in words)
    if voice and people:
        return ([people[-1].canonical], np_start)  # "Ivana Trump's brief", "a Ryan spokesman"
    if voice and (owner := POSSESSIVE_PRONOUNS.get(words[0])) and len(words) <= 3:
        # "His office said", "its spokesperson said": the person or body named last before
        # (an object too: "Teachers didn't see Holcomb. His office said ...")
        label, wrong = PRONOUNS[owner], OTHER_GENDER.get(owner)
        last = next(
            (m for m in doc.mentions_before(np_start, POSSESSOR_WINDOW) if m.label == label),
            None,
        )
        if last is not None and (wrong is None or doc.genders.get(last.canonical) != wrong):
            return ([last.canonical], np_start)
        return ([], np_start)
    owner = _possessor(doc, spans[0]) if voice and head in cue_lists.voices else None
    if owner is not None and owner.label == ORG:
        # "the U.S. Agriculture Department's officer in Sao Paulo said": the body's voice, not
        # the place where it sits
        return ([owner.canonical], np_start)
    orgs = [m for m in doc.mentions_between(np_start, end) if m.label != PERSON]
    org = orgs[-1].canonical if orgs else _known_org(doc, np_start, end)
    definite = words[0] in {"the", "this", "that"} or POSSESSIVE.search(words[0]) is not None
    if words[0] == "the" and len(spans) > 1 and orgs and not voice:
        named = orgs[-1]
        if named.start <= spans[1][0] and named.end >= end:
            return ([named.canonical], np_start)  # "the World Health Organization": a name
        gap = doc.body[named.end : head_spans[-1][0]] if head_spans[-1] == spans[-1] else ""
        if gap == " " and head == "agency" and (agency := _agency_of(doc, named, np_start)):
            return ([agency], np_start)  # "the Energy Department agency": the one named before
        if head in ORG_NOUNS and _NAME_BEFORE_KIND.fullmatch(gap):
            # "the Berliner Zeitung newspaper", "the Kyodo news agency": its name
            return ([named.canonical], np_start)
    if words[0] == "the" and not orgs and head in _OUTLET_NOUNS and head_spans[-1] == spans[-1]:
        # "the Observer newspaper": its title, which the entity stage missed, as written
        caps = list(takewhile(lambda s: doc.word(s)[:1].isupper(), spans[1:-1]))
        if caps and (name := fallback_name(doc, caps[0][0], caps[-1][1])):
            return ([name], np_start)
    if (
        POSSESSIVE.search(words[0])
        and (len(orgs) > 1 or (orgs and _possessor(doc, spans[0]) is not None))
        and head in _PART_NOUNS
        and orgs[-1].end == head_spans[-1][0] - 1
    ):
        return ([orgs[-1].canonical], np_start)  # "Comalco's Commonwealth Aluminium Corp unit"
    voice_before = any(w in cue_lists.voices for w in words[:-1])  # "the ministry" is itself a body
    led = bool(people) and people[-1].end == head_spans[-1][0] - 1  # "the Reagan administration"
    institution = _institution(doc, spans, words, head)
    if institution and (led or not people) and not voice_before:
        return ([institution], np_start)
    if not people and (bodies := _joint_institutions(doc, spans, words, head)):
        return (bodies, np_start)  # "the Russian and Syrian defense ministries"
    if (bodies := _named_together(doc, words, np_start)) is not None:
        return (bodies, np_start)  # "The companies said", "Representatives of the two firms"
    if org and voice:
        name = resolve_description(doc, head, np_start) if definite else None
        if name and head in PERSON_NOUNS and (not orgs or orgs[-1].label != ORG):
            return ([name], np_start)  # "Austria's interior minister": named nearby
        if name and head in PERSON_NOUNS and _titled_with(doc, name, org):
            return ([name], np_start)  # "the CBT chairman": "CBT, chairman Karsten Mahlmann"
        if not orgs or orgs[-1].label == ORG:
            return ([org], np_start)
    if voice and not org:
        # "an agency spokesman", "a company statement": the organisation the story is about
        # (not "an official from a leading conservation group": another, unnamed one)
        # ("Bank industry sources": of a trade, anonymous, not the bank named before)
        nouns = [
            w
            for k, w in enumerate(words)
            if w in ORG_NOUNS
            and not any(v in INDEFINITE for v in words[1:k])
            and not (k + 1 < len(words) and words[k + 1] in _SECTOR_NOUNS)
        ]
        name = resolve_description(doc, nouns[-1], np_start) if nouns else None
        if name and (doc.labels.get(name) == ORG or name == state_body(doc, np_start)):
            return ([name], np_start)  # "central bank officials": the central bank
        # "a board spokesman": the body whose own name ends or opens with that head ("the
        # Canadian Wheat Board"; "ministry officials": "the Ministry of International Trade and
        # Industry"), not any the text set beside the word
        heads = [
            w
            for k, w in enumerate(words[:-1])
            if w in ORG_HEADS and words[k + 1] in cue_lists.voices
        ]
        if heads and not nouns:
            before = (m.canonical for m in doc.mentions_before(np_start) if m.label == ORG)
            if named := one_named_by_head(before, heads[-1], opening=True):
                return ([named], np_start)
            if named := qualified_body(doc, heads[-1], np_start):
                return ([named], np_start)  # "administration officials": the Reagan one
            # "a foreign ministry spokesman", named no fuller; "a government spokesman" speaks
            # for the government as its official voice, where "a government official" is anonymous
            if body := state_body(doc, np_start, unqualified=words[-1] in _SPOKESPEOPLE):
                return ([body], np_start)
    if (
        len(words) == 1
        and words[0] in cue_lists.group_bodies
        and (body := _group_body(doc, words[0], np_start))
    ):
        return ([body], np_start)  # "prosecutors said": the prosecuting office the text names
    # a name is no description ("representatives of Epstein's family": not whoever an
    # appositive tied to Epstein)
    named = doc.mentions_between(head_spans[-1][0], head_spans[-1][1])
    if not definite or named:
        return ([], np_start)  # "a senior official", "officials", "two people": anonymous
    name = resolve_description(doc, head, np_start)
    named_as = _named_kind(doc, spans, len(head_spans) - 1) if head in ORG_NOUNS else None
    if named_as and (name is None or named_as.split()[0] not in name):
        return ([named_as], np_start)  # "The Bass group": not the company named last
    if name is None and head in cue_lists.writings:
        name = writing_author(doc, head, np_start)  # "The report said": "the IMF's report"
    return ([name] if name else [], np_start)


def _named_kind(doc: Doc, spans: list[tuple[int, int]], head: int) -> str | None:
    """ "the Bass group" after "a group led by members of the Bass family": the kind of body
    and the capitalised words before it that name someone the story names, as written."""
    caps = list(takewhile(lambda s: doc.word(s)[:1].isupper(), spans[1:head][::-1]))[::-1]
    if not caps or head != len(spans) - 1 or POSSESSIVE.search(doc.word(caps[-1])):
        return None
    if not {doc.word(s) for s in caps} & doc.name_words:
        return None
    return doc.body[caps[0][0] : spans[head][1]]


# people who know of a body's doings without speaking for it, or whom a body asked or quoted
# ("economists polled by Reuters", "an official quoted by Xinhua")
_OUTSIDE_VOICE = re.compile(
    r"\b(?:sources?|people|persons?) (?:close to|familiar with)\b"
    r"|\b(?:polled|surveyed|interviewed|questioned|contacted|quoted) by\b"
)
# the words after a body's kind that make it a trade: "bank industry sources", "airline sector"
_SECTOR_NOUNS = frozenset({"industry", "industries", "sector", "sectors", "trade"})
# the kinds of publication whose title may stand before the word ("the Observer newspaper")
_OUTLET_NOUNS = OUTLET_NOUNS | {"tabloid"}
# between a name and the kind of body it names: lower-case words of that kind ("news agency")
_NAME_BEFORE_KIND = re.compile(r" (?:[a-z]+ ){0,2}")
# the last words of a public agency's own name
_AGENCY_HEADS = frozenset(
    {"agency", "administration", "authority", "bureau", "commission", "service"}
)


def _agency_of(doc: Doc, body: EntityMention, pos: int) -> str | None:
    """ "the Energy Department agency", "the UN agency": an agency of `body`, where the text
    named one before `pos` by its own name ("the Energy Information Administration")."""
    return next(
        (
            m.canonical
            for m in doc.mentions_before(pos)
            if m.label == ORG
            and m.canonical != body.canonical
            and m.canonical.split()[-1].casefold() in _AGENCY_HEADS
        ),
        None,
    )


# the voices that speak for a body by office, not merely belong to it
_SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson", "statement"})


@cache
def _possessor(doc: Doc, span: tuple[int, int]) -> EntityMention | None:
    """The mention a possessive word ends ("Department's": the U.S. Agriculture Department)."""
    mark = POSSESSIVE.search(doc.word(span))
    return doc.mention_ending(span[0] + mark.start()) if mark else None


def _named_state_body(doc: Doc, spans: list[tuple[int, int]]) -> str | None:
    """ "A visiting U.S. Mint official": capitalised words between a country named in the phrase
    and its head are the body that speaks, as written with the country ("U.S. Mint"), where the
    text names that body alone elsewhere too ("the Mint said"): wire copy capitalises any word after
    "U.S." ("U.S. Officials"), so the capital alone proves no name."""
    for m in doc.mentions_between(spans[0][0], spans[-1][1]):
        if m.label != LOCATION or m.canonical not in country_names():
            continue
        between = [s for s in spans[:-1] if s[0] >= m.end]
        if not between or doc.mentions_between(between[0][0], between[-1][1]):
            return None
        if not all(doc.word(s)[:1].isupper() for s in between):
            return None
        name = doc.body[between[0][0] : between[-1][1]]
        if not re.search(rf"\b[Tt]he[ \t]+{re.escape(name)}\b(?![ \t]*[A-Z&])", doc.body):
            return None
        return doc.body[m.start : between[-1][1]]
    return None


def _state_of(doc: Doc, spans: list[tuple[int, int]], words: list[str]) -> str | None:
    """The country a state's voice speaks for: a country named in its phrase ("US officials",
    "representatives of Egypt") or made into its adjective ("the Israeli delegation")."""
    np_start, np_end = spans[0][0], spans[-1][1]
    for m in doc.mentions_between(np_start, np_end):
        if m.label == LOCATION and m.canonical in country_names():
            return m.canonical
    if any(m.label != LOCATION for m in doc.mentions_between(np_start, np_end)):
        return None
    for i, (s, _) in enumerate(spans):
        for j in (i + 2, i + 1):
            if j <= len(spans) and doc.body[s : s + 1].isupper():
                phrase = doc.body[s : spans[j - 1][1]]
                if (country := country_of_demonym(phrase)) is not None:
                    return country
    return None


def _group_body(doc: Doc, plural: str, pos: int) -> str | None:
    """The body whose members `plural` names ("prosecutors": the U.S. Attorney’s Office named
    before), the nearest before `pos`."""
    keys = cue_words().group_bodies[plural]
    named = [(p, n) for p, n in doc.bodies if p < pos]
    named += [
        (m.start, m.canonical) for m in doc.mentions_before(pos, TITLE_WINDOW) if m.label == ORG
    ]
    for _, name in sorted(named, reverse=True):
        if any(re.search(rf"(?i)\b{re.escape(k)}", name) for k in keys):
            return name
    return None


def _institution(doc: Doc, spans: list[tuple[int, int]], words: list[str], head: str) -> str | None:
    """ "the Philippine government", "Inner Mongolia health authority": a body of a named state
    or place, as written from its first capitalised word; "the government" names nothing."""
    if head not in cue_words().institution_nouns or len(spans) > 6 or words[-1] != head:
        return None
    # past an article or a quantifier ("Several top government officials": no name)
    first = 1 if words[0] in {"the"} | INDEFINITE else 0
    if first >= len(spans) - 1 or not doc.word(spans[first])[:1].isupper():
        return None
    owned = [i for i in range(first, len(spans) - 1) if POSSESSIVE.search(doc.word(spans[i]))]
    if owned:
        # "Italy's budget ministry": a place's body, written as the story names it, past the
        # place ("Acme's board" and "Lopez's office" are the possessor's, resolved elsewhere)
        owner = doc.mention_ending(
            POSSESSIVE.search(doc.word(spans[owned[0]])).start() + spans[owned[0]][0]
        )
        if len(owned) > 1 or owner is None or owner.label != LOCATION:
            return None
        before = doc.body[max(0, owner.start - 20) : owner.start].casefold().split()[-1:]
        if before and before[0] in PREPOSITIONS:
            return None  # "The statement issued by Chad's Paris embassy": its author speaks
        if doc.mentions_between(spans[first][0], owner.start) or owner.start > spans[first][0]:
            return None
        return doc.body[spans[owned[0] + 1][0] : spans[-1][1]]
    qualifier = doc.body[spans[first][0] : spans[-2][1]]
    if head == "board" and (
        company := doc.org_forms.get(qualifier) or opened_organisation(doc, qualifier.split())
    ):
        return company  # "the Hughes board": the board of "Hughes Tool Co" speaks for it
    return doc.body[spans[first][0] : spans[-1][1]]


_NUMBERS = {"two": 2, "three": 3, "four": 4}


def _named_together(doc: Doc, words: list[str], pos: int) -> list[str] | None:
    """ "the companies", "the two firms", "both banks": the organisations the text last named
    together ("Siemens and Philips, together with ..."), as many as it says; None when the
    phrase holds no such plural."""
    plural = next(
        (
            k
            for k, w in enumerate(words)
            if k
            and words[k - 1] in {"the", "both", *_NUMBERS}
            and singular(w) in ORG_NOUNS
            and w.endswith("s")
        ),
        None,
    )
    if plural is None or (plural >= 2 and words[plural - 2] not in {"the", "of"}):
        return None
    last = next((m for m in doc.mentions_before(pos) if m.label != PERSON), None)
    if last is None or last.label != ORG:
        return []
    together = joint_mentions(doc, last, max(0, last.start - 300))
    wanted = _NUMBERS.get(words[plural - 1])
    if len(together) < 2 or (wanted and len(together) != wanted):
        return []
    return canonical_names(together)


def _joint_institutions(
    doc: Doc, spans: list[tuple[int, int]], words: list[str], head: str
) -> list[str]:
    """ "the Russian and Syrian defense ministries": one body of each place named."""
    one = singular(head)
    if one == head or one not in cue_words().institution_nouns or words[-1] != head:
        return []
    first = 1 if words[0] in {"the"} else 0
    if "and" not in words[first:] or len(spans) > 8:
        return []
    places: list[str] = []
    rest = first
    for i in range(first, len(words) - 1):
        word = doc.word(spans[i])
        if words[i] == "and" or word.endswith(","):
            continue
        if not word[:1].isupper():
            rest = i
            break
        places.append(word.rstrip(","))
    else:
        rest = len(words) - 1
    if len(places) < 2 or any(w == "and" for w in words[rest:]):
        return []
    tail = " ".join([*(doc.word(s) for s in spans[rest:-1]), one])
    return [f"{place} {tail}" for place in places]


def _known_org(doc: Doc, start: int, end: int) -> str | None:
    """An organisation the entity stage found elsewhere but not here ("a WeWork spokesperson")."""
    for word in re.findall(r"[A-Z][\w’'.&-]+", doc.body[start:end]):
        if word in doc.org_forms:
            return doc.org_forms[word]
    return None


def _opening_state_body(doc: Doc, first: int) -> str | None:
    """The state body a sentence opens with as its subject ("The government froze wages"), or
    whose voices it opens with ("Central bank officials"; "A government official" is
    anonymous, as at a cue)."""
    body = state_body(doc, first)
    if body is None:
        return None
    opening = doc.masked[first : first + 80]
    rest = opening[opening.casefold().find(body.casefold()) + len(body) :].split()
    if rest and rest[0].casefold().strip(",") in cue_words().voices:
        return None if body in UNQUALIFIED_BODIES else body  # "The government official": nobody
    return None if re.match(r"(?i:an?)\s", opening) else body


def main_subject(doc: Doc, unit: Unit, pos: int) -> Speaker | None:
    """The subject of the unit, for "..., saying" and "... and noted": a leading pronoun, the
    first name in subject position, or a capitalised name opening the sentence."""
    pos = min(pos, unit.start + 300)
    dateline = DATELINE.match(doc.masked, unit.start, pos)
    opening = dateline.end() if dateline else unit.start
    lead = LEAD.match(doc.masked, opening, pos)
    first = lead.end() if lead else opening
    word = re.match(r"(\w+)\b", doc.masked[first:pos])
    if word and word.group(1).casefold() in PRONOUNS:
        name = resolve_pronoun(doc, word.group(1).casefold(), first)
        return ([name] if name else [], first)
    # "In a speech before ..., Clinton talks about ...", "On a UPS earnings call, X expressed
    # concern:": the subject comes after an opening adjunct, never inside it.
    adjunct = after_opening_adjunct(doc.masked, first, pos)
    after_adjunct = pos - len(adjunct) if adjunct != doc.masked[first:pos] else opening
    for m in doc.mentions_between(after_adjunct, pos):
        aside = doc.masked[opening : m.start]
        if aside.count("(") > aside.count(")"):
            continue  # "(Clinton called it ...), Trump inflamed tensions by saying": an aside
        if (holder := _office_holder(doc, m, pos)) is not None:
            return ([holder.canonical], m.start)  # "Quebec mines minister Raymond Savoie"
        if subject_like(doc, unit, m):
            people = joint_mentions(doc, m, unit.start)
            return (canonical_names(people), people[0].start)
    if adjunct != doc.masked[first:pos]:
        first = pos - len(adjunct.lstrip())
    if body := _opening_state_body(doc, first):
        return ([body], first)  # "The government froze wages ... and said"
    run = NAME_RUN.match(doc.masked, first, pos)
    place = doc.mention_ending(run.end()) if run else None
    if place and place.label == LOCATION and PLACE_OF_GROUP.match(doc.body, run.end()):
        return ([], first)  # "New York cocoa traders reacted ..., saying": nobody named
    following = doc.masked[run.end() : run.end() + 20].split()[:1] if run else []
    if run and following and following[0] in cue_words().institution_nouns:
        # "The Greek government later withdrew the request, saying": the body the phrase
        # describes, as when it is the subject of a cue, not the capitalised word before it
        noun_end = doc.masked.index(following[0], run.end()) + len(following[0])
        return description_speaker(doc, first, noun_end)
    if run and following and _common_modifier(doc.masked[first : run.end()], following[0]):
        return ([], first)  # "Restaurant owners in Milan protested ..., saying": nobody named
    name = fallback_name(doc, first, run.end(), at_start=True) if run else None
    if following and following[0].casefold() in DETERMINERS | PREPOSITIONS | OPENING_WORDS:
        # "Stir the mixture before adding ...": an imperative, not a name; "Appearing before
        # the court, ...": a participle opening the sentence.
        return None
    return ([name], first) if name else None


def _common_modifier(run: str, following: str) -> bool:
    """A word of the language opening the sentence before the plural noun it qualifies
    ("Restaurant owners", "Union members", "Farm workers"): a kind of people, not a name."""
    words = run.split()
    return len(words) == 1 and is_common_word(words[0]) and following in GROUP_NOUNS


def _titled_with(doc: Doc, name: str, org: str) -> bool:
    """Whether the text names `org` in a title or appositive of the person `name` (as a
    mention, or as words of a title the entity stage kept out of names: "Treasury Secretary
    James Baker")."""
    written = re.compile(rf"\b{re.escape(org)}\b")
    return any(
        m.canonical == name
        and (
            any(
                o.canonical == org and o.label == ORG
                for o in doc.mentions_between(max(0, m.start - 80), m.end + 80)
            )
            or written.search(doc.body, max(0, m.start - 80), m.start) is not None
        )
        for m in doc.mentions
    )


def _office_holder(doc: Doc, qualifier: EntityMention, pos: int) -> EntityMention | None:
    """The person a place's or a body's office words run into ("Quebec mines minister Raymond
    Savoie", "World Bank president Barber Conable"): the name only qualifies the title."""
    if qualifier.label == PERSON:
        return None
    person = next(iter(doc.mentions_between(qualifier.end, pos)), None)
    if person is None or person.label != PERSON:
        return None
    title = re.findall(r"\S+", doc.masked[qualifier.end : person.start])
    if not 0 < len(title) <= 4 or not all(w.isalpha() or w.endswith(".") for w in title):
        return None
    # (a role the entity stage knows too: "Texas Railroad Commissioner James Nugent")
    return person if any(is_title_word(w) or w.casefold() in _PERSON_ROLES for w in title) else None


def right_speaker(doc: Doc, cue_end: int, limit: int, *, inverted: bool) -> Speaker | None:
    """ "said Illinois Gov. J.B. Pritzker", "according to a statement from White House press
    secretary Karine Jean-Pierre": the speaker in the phrase after the cue."""
    if inverted and PASSIVE_BY.match(doc.body, cue_end):
        return None  # "The plan, announced by President Moon": a passive participle, no cue
    stop = phrase_end(doc.masked, cue_end, min(limit, cue_end + RIGHT_WINDOW), loose=not inverted)
    if inverted and (voice := _voice_at_body(doc, cue_end, stop, limit)) is not None:
        return voice
    people = [m for m in doc.mentions_between(cue_end, stop) if m.label == PERSON]
    if (
        not inverted
        and not people
        and (source := cue_words().source_by.match(doc.body, cue_end, stop))
    ):
        found = _name_at(doc, source.end(), min(limit, cue_end + RIGHT_WINDOW))
        if found is not None:
            return found
    if inverted and doc.body[stop : stop + 1] == "." and doc.mention_ending(stop + 1):
        stop += 1  # "..., said Guinness Mahon and Co Ltd.": the name's point ends the sentence
    if inverted and (role := _AS_ROLE.search(doc.body, cue_end, stop)):
        stop = role.start()  # "..., said Barclays de Zoete Wedd Ltd as joint arrangers."
    phrase = doc.body[cue_end:stop]
    mentions = doc.mentions_between(cue_end, stop)
    # (a long phrase after an inverted cue is a clause, unless it only names: "said Barclays de
    # Zoete Wedd Ltd and Guinness Mahon and Co Ltd")
    if not phrase.split() or (
        inverted and len(phrase.split()) > 10 and not _names_only(doc, cue_end, stop, mentions)
    ):
        return None
    if inverted:
        # "said David Palmiter" ends its phrase; "says Hillsborough is" has no inverted subject.
        mentions = [m for m in mentions if _ends_phrase(doc, m.end, stop)]
    readers = {m.canonical for m in mentions if READER_BEFORE.search(doc.body, cue_end, m.start)}
    mentions = [m for m in mentions if m.canonical not in readers]
    for m in mentions:
        if m.label == PERSON:
            return _and_joined(doc, m, mentions), m.start
    if (named := _named_after_description(doc, stop, limit)) is not None:
        return named
    described = description_speaker(doc, cue_end, stop)
    if described and described[0] and not set(described[0]) & readers:
        return described
    for m in mentions:
        before = doc.body[cue_end : m.start]
        if MEDIUM_BEFORE.search(before) or POSSESSIVE_AFTER.match(doc.body, m.end):
            continue  # "said in a Telegram post": a medium; "Ukraine's Air Force": its owner
        if m.label == LOCATION and re.match(r"[ \t]+[a-z]", doc.body[m.end : stop]):
            continue  # "according to Texas agricultural sources": the place qualifies them
        if m.label == ORG or not before.strip(" \t").removeprefix("the"):
            return _and_joined(doc, m, mentions), m.start  # a state: "according to Austria"
    lead = re.match(r"\s*(?:the\s+)?", phrase)
    name_start = cue_end + (lead.end() if lead else 0)
    name = fallback_name(doc, name_start, name_start + len(doc.body[name_start:stop].rstrip()))
    if name:
        return [name], name_start
    return [], cue_end


def _names_only(doc: Doc, start: int, end: int, mentions: list[EntityMention]) -> bool:
    """Whether the text from `start` to `end` is names joined by "and" or commas alone."""
    rest, pos = [], start
    for m in mentions:
        rest.append(doc.body[pos : m.start])
        pos = m.end
    rest.append(doc.body[pos:end])
    return bool(mentions) and set(" ".join(rest).replace(",", " ").split()) <= {"and", "&", "the"}


# the role an inverted speaker is named in, closing the phrase: "as joint arrangers"
_AS_ROLE = re.compile(r"[ \t]+as[ \t]+(?:[a-z-]+[ \t]+){0,3}[a-z-]+[ \t]*\Z")


def _and_joined(doc: Doc, first: EntityMention, mentions: list[EntityMention]) -> list[str]:
    """The speaker named first after a cue, and those of its kind joined on by "and": "said
    Barclays Bank Plc and Midland Bank Plc", "according to Ann Lee and Tom Ward"."""
    after = [m for m in mentions if m.start >= first.end and m.label == first.label]
    for last in reversed(after):
        joint = joint_mentions(doc, last, first.start)
        if joint[0] is first:
            return list(dict.fromkeys(canonical_names(joint)))
    return [first.canonical]


_AT_BODY = re.compile(r"[ \t]+(?:at|in)[ \t]+")


# who speaks from a firm's market desk: "said a broker at Nomura Securities" is the firm, where
# "the dealer said" alone is no voice of the body the story is about
_DESKS = frozenset("broker brokers dealer dealers trader traders".split())


def _voice_at_body(doc: Doc, cue_end: int, stop: int, limit: int) -> Speaker | None:
    """ "said one senior official at USDA's Foreign Agricultural Service": a voice noun, then
    "at" or "in" and an organisation's name closing the phrase, is that organisation's voice
    (the clause word "at" ends the phrase elsewhere: "said Smith at a news conference")."""
    words = doc.body[cue_end:stop].split()
    tail = _AT_BODY.match(doc.body, stop)
    if not words or words[-1].casefold() not in cue_words().voices | _DESKS or tail is None:
        return None
    end = phrase_end(doc.masked, tail.end(), min(limit, tail.end() + RIGHT_WINDOW), loose=True)
    named = [m for m in doc.mentions_between(tail.end(), end) if m.label == ORG]
    if not named or doc.body[named[-1].end : end].strip():
        return None
    return [named[-1].canonical], named[-1].start


_CLOSES = re.compile(r"\s*(?:[.,;!?\x1f]|\Z)")


def _named_after_description(doc: Doc, stop: int, limit: int) -> Speaker | None:
    """The person a description after the cue goes on to name, set off by a comma and closing
    the sentence or its own aside ("says the former editor of the Standard, George Osborne.")."""
    gap = re.match(r",[ \t]+", doc.masked[stop : stop + 4])
    if gap is None:
        return None
    m = next(iter(doc.mentions_between(stop + gap.end(), limit)), None)
    if m is None or m.label != PERSON or m.start != stop + gap.end():
        return None
    closes = _CLOSES.match(doc.masked, m.end)
    return ([m.canonical], m.start) if closes else None


def _name_at(doc: Doc, pos: int, stop: int) -> Speaker | None:
    """The person or organisation named right at `pos` ("the Argus Leader of Sioux Falls")."""
    lead = re.match(r"the\s+", doc.body[pos:stop])
    pos += lead.end() if lead else 0
    mention = next(iter(doc.mentions_between(pos, stop)), None)
    if mention is not None and mention.start == pos:
        return ([mention.canonical], pos) if mention.label != LOCATION else None
    run = re.match(r"[A-Z][\w’'&!-]*(?:\.?\s+[A-Z][\w’'&!-]*)*", doc.body[pos:stop])
    if run is None:
        return None
    name = fallback_name(doc, pos, pos + run.end())
    if name is None and len(run.group().split()) > 1 and not POSSESSIVE.search(run.group()):
        name = run.group()  # "E! News": a brand's own spelling, kept as written
    return ([name], pos) if name else None


def _ends_phrase(doc: Doc, pos: int, stop: int) -> bool:
    """Whether only capitalised words, small words or a time word follow `pos` before `stop`:
    "Rosaly Lopes of NASA's Jet Propulsion Laboratory"."""
    allowed = TIME_WORDS | SMALL_WORDS
    return all(w[:1].isupper() or w.casefold() in allowed for w in doc.body[pos:stop].split())


def phrase_end(masked: str, start: int, limit: int, *, loose: bool = False) -> int:
    """The end of the phrase that starts at `start`: a comma, a quote, a sentence end or (unless
    `loose`) a clause word; the period of "Gov." or "J.B." ends nothing."""
    for match in (PHRASE_STOP_LOOSE if loose else PHRASE_STOP).finditer(masked, start, limit):
        if match.group() == ".":
            token = masked[masked.rfind(" ", start, match.start()) + 1 : match.start()]
            if is_abbreviation(token):
                continue
        return match.start()
    return limit
