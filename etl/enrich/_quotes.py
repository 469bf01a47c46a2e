"""Attributed quotes: who said what, found by rules over the body and its entity mentions.

The entity stage runs first and leaves canonical names with character offsets in
`article.entity_mentions`; this stage only reads them, so it needs no model and costs a few regex
passes per article. Its work is shared among private modules, in the order a body meets them:

- `_quote_units`: quotation marks paired and masked, the body cut into units (sentences).
- `_quote_cues`: the reporting cues of each unit, and which quote goes to which cue.
- `_quote_speakers`: who the subject of a cue is.
- `_quote_names`: which name a name, a pronoun or a description refers to.
- `_quote_words`: the word lists, patterns and limits they share; the cue words are data.

This module walks the units of a body in text order and makes the quotes:

- Each unit first notes its likely subjects, and the document what it shows of each person's
  gender: what "he", "she" and "it" refer to later.
- A unit that is only a quote takes the speaker of the unit before it (the next sentences and
  paragraphs of a long quote), or of the unit after it when that one opens with its attribution
  ("“Why?” Brooke asked.").
- One cue gives one quote: the passages a direct quote runs on into join it, its text the passage
  as written. A cue with no quote gives an indirect quote when a reported clause can be found.
- Anonymous speakers ("a senior official said", "people familiar with the matter") are dropped,
  with the quotes they claim.
- An embedded post quotes the author its signature line names ("— Jane Doe (@janedoe) November
  18, 2019").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from .._article import Article, EntityMention, Quote
from .._stage import Stage
from ._quote_cues import (
    Cue,
    anonymous_kind,
    assign_quotes,
    colon_cue,
    reported_clause,
    speaks_for_body,
    unit_cues,
)
from ._quote_names import (
    joint_mentions,
    named_next,
    resolve_description,
    resolve_pronoun,
    vague_first_mention,
)
from ._quote_speakers import (
    after_opening_adjunct,
    at_unit_start,
    note_indefinite_subject,
    subject_like,
)
from ._quote_units import Doc, QuoteMarks, Unit, is_pure_quote, paragraph_units
from ._quote_words import (
    ADJUNCT_STARTS,
    ANONYMOUS_PRONOUNS,
    CONNECTIVES,
    EMBED_NAME,
    EMBED_SIGNATURE,
    GENDER_PRONOUNS,
    GENDER_TITLES,
    LEAD,
    LOCATION,
    NOT_NAMES,
    OPENING_WORDS,
    ORG,
    ORG_HEADS,
    ORG_NOUNS,
    PERSON,
    PERSON_NOUNS,
    PRONOUNS,
    QUESTION,
    SUBORDINATORS,
    TOKEN,
    cue_words,
)

__all__ = ["QuoteSpan", "QuoteStage", "extract_quotes"]

DIRECT, INDIRECT = "direct", "indirect"


@dataclass(frozen=True)
class QuoteSpan:
    """One attributed quote with the offsets of its text in the body.

    `start`/`end` cover the quoted words (direct) or the reported clause (indirect); a direct quote
    broken by its attribution ("“A,” she said, “B.”") or running on into the next sentences and
    paragraphs is one quote of its cue, and `text` is the passage as written, from its first quoted
    word to its last. A partial quote inside a reported clause ("she said the idea “is not so
    crazy”") keeps the clause, quotation marks included; a clause broken by its attribution ("The
    reason, Sarukhan said, is because ...") is joined with " ... ".
    """

    speaker: str
    cue: str
    kind: str
    text: str
    start: int
    end: int

    def to_quote(self) -> Quote:
        return Quote(speaker=self.speaker, cue=self.cue, kind=self.kind, text=self.text)


# --- the quotes of a cue -------------------------------------------------------------------------


def _emit(doc: Doc, unit: Unit, cue: Cue, quotes: list[QuoteMarks]) -> list[QuoteSpan]:
    """The quotes of one cue: direct with its quotes, else indirect with its clause."""
    if not cue.speakers:
        return []
    body = doc.body
    if quotes:
        kind = DIRECT
        start, end = quotes[0].inner_start, quotes[-1].inner_end
        clause = reported_clause(doc, unit, cue) if unit.start <= cue.start < unit.end else None
        lead_in = body[clause[0] : quotes[0].start] if clause else ""
        if (
            clause
            and clause[0] < start
            and clause[1] >= quotes[0].end - 1
            and re.search(r"[^\W\d_]", lead_in)
            # "told Reuters: “...”" introduces the quote; "If Biden can ..., “...,” he said"
            # is one reported sentence.
            and not (clause[0] >= cue.end and re.search(r"[:,]\s*\Z", lead_in))
        ):
            start, end, text = clause  # a partial quote inside a reported clause: the clause
        else:
            gaps = [body[q.end : r.start] for q, r in pairwise(quotes)]
            if any(len(g.split()) > 8 for g in gaps):
                quotes = quotes[:1]  # quotes far apart: the first is the one attributed
                end = quotes[0].inner_end
            text = body[start:end].strip().rstrip(",")  # as written, attributions inside
    else:
        # "asked why ...", "asked whether ...": a reported question, though "asked" alone
        # reports speech only with a quote ("she asked the judges").
        question = cue.verb in {"asked", "asks"} and QUESTION.match(body, cue.end)
        quote_only = cue.verb in cue_words().quote_only or cue.verb == ":"
        span = None if quote_only and not question else reported_clause(doc, unit, cue)
        if span is None:
            return []
        kind = INDIRECT
        start, end, text = span
        if any(q.start == start for q in unit.speech):
            return []  # "he said, “...,” the office said": the quote is the other cue's
    text = text.strip()
    if not text:
        return []
    return [QuoteSpan(s, cue.text, kind, text, start, end) for s in dict.fromkeys(cue.speakers)]


# --- the document --------------------------------------------------------------------------------


def _note_salient(doc: Doc, unit: Unit) -> None:
    """The first person and organisation named in a unit are its likely subjects; a unit that
    opens with a subject naming nobody ("Article 5 is one of Nato's principles. It says ...")
    leaves "it" without a name."""
    if _unnamed_subject(doc, unit):
        doc.salient.append((unit.start, ORG, "", False))
    seen = set()
    if (described := _described_subject(doc, unit)) is not None:
        # "the actress wasn't itching to ... “...,” she said": she is the one described
        doc.salient.append((described[0], PERSON, described[1], False))
        seen.add(PERSON)
    for m in doc.mentions_between(unit.start, min(unit.end, unit.start + 400)):
        listed = re.match(r",|\s+and\s+[A-Z]", doc.body[m.end : m.end + 8])
        if m.label == LOCATION and (listed or len(joint_mentions(doc, m, unit.start)) > 1):
            continue  # "Ukraine, Bosnia and Georgia are not members": no "it"
        if m.label not in seen and subject_like(doc, unit, m, titled=True):
            # A place is a subject only opening its sentence ("Israel did not appear ... It
            # argued"), and then what "it" may refer to, as a state speaks.
            kind = ORG if m.label == LOCATION else m.label
            seen.add(m.label)
            doc.salient.append((m.start, kind, m.canonical, False))


_DESCRIBED = re.compile(r"(?:[Tt]he|[Hh]is|[Hh]er)\s+(?:[a-z][\w-]*\s+){0,2}?([a-z]+)\b(?!\s+of\b)")


def _described_subject(doc: Doc, unit: Unit) -> tuple[int, str] | None:
    """A unit opening with a person described by role ("The actress", "the former governor"):
    the person the description names, and where."""
    lead = LEAD.match(doc.masked, unit.start, unit.end)
    first = lead.end() if lead else unit.start
    match = _DESCRIBED.match(doc.masked, first, unit.end)
    if match is None:
        # "Despite the paucity of roles, the actress wasn't ...": after an opening adjunct
        adjunct = after_opening_adjunct(doc.masked, first, min(unit.end, first + 200))
        first = min(unit.end, first + 200) - len(adjunct.lstrip())
        match = _DESCRIBED.match(doc.masked, first, unit.end) if first > unit.start else None
    if match is None or match.group(1) not in PERSON_NOUNS:
        return None
    name = resolve_description(doc, match.group(1), first)
    return (first, name) if name else None


def _unnamed_subject(doc: Doc, unit: Unit) -> bool:
    """Whether a unit opens with a noun phrase that is no name and no description of one: "The
    guarantee", "Article 5"; not "The company" (the organisation the story is about), a
    pronoun, an opening adjunct ("In May, ...") or a name."""
    lead = LEAD.match(doc.masked, unit.start, unit.end)
    first = lead.end() if lead else unit.start
    words = re.findall(r"[^\W\d_][\w’'-]*", doc.masked[first : min(unit.end, first + 60)])[:3]
    if not words or not words[0][:1].isupper() or not doc.masked.startswith(words[0], first):
        return False
    if doc.mentions_between(first, first + len(" ".join(words[:2])) + 1):
        return False
    word = words[0].casefold()
    if word in {"the", "this", "these"}:
        if len(words) < 2 or not words[1].islower():
            return False
        head = words[1].casefold()
        return head not in ORG_NOUNS | ORG_HEADS | cue_words().institution_nouns | PERSON_NOUNS
    return (
        word not in NOT_NAMES | PRONOUNS.keys() | ANONYMOUS_PRONOUNS
        and word not in ADJUNCT_STARTS | SUBORDINATORS | CONNECTIVES | OPENING_WORDS
        and not words[0].endswith("ing")
    )


def _opens_with_attribution(doc: Doc, unit: Unit, cues: list[Cue]) -> Cue | None:
    """A cue whose subject opens a unit before any quote ("Mr. Burton fumed, ..."): it also
    speaks the quote just before that unit."""
    for cue in cues:
        if unit.quotes and unit.quotes[0].start < cue.start:
            return None
        if cue.speakers and at_unit_start(doc, unit, cue.span_start):
            return cue
    return None


def _note_genders(doc: Doc, units: Sequence[Unit]) -> None:
    """What the document shows of each person's gender: a title before a mention ("Mr
    Govender"), and the subject pronouns of a sentence whose subject is that person, named
    alone, before any cue ("Zuma-Sambudla was flagged because she was an influential user";
    in "Govender said ... she" the pronoun belongs to the report, not to him). A person shown
    both ways stays unknown."""
    votes: dict[str, Counter[str]] = {}
    verbs = cue_words().verbs
    for m in doc.mentions:
        if m.label == PERSON:
            title = re.search(r"(\w+)\.?\s+\Z", doc.body[max(0, m.start - 8) : m.start])
            gender = GENDER_TITLES.get(title.group(1).casefold()) if title else None
            if gender:
                votes.setdefault(m.canonical, Counter())[gender] += 2
    for unit in units:
        people = {
            m.canonical for m in doc.mentions_between(unit.start, unit.end) if m.label == PERSON
        }
        if len(people) != 1:
            continue
        (person,) = people
        first = doc.mentions_between(unit.start, unit.end)[0]
        if first.label != PERSON or not subject_like(doc, unit, first):
            continue
        text = doc.masked[unit.start : unit.end]
        cue = next(
            (w.start() for w in TOKEN.finditer(text) if w.group().casefold() in verbs),
            len(text),
        )
        found = {
            GENDER_PRONOUNS[w.casefold()]
            for w in re.findall(r"[A-Za-z]+", text[first.end - unit.start : cue])
            if w.casefold() in GENDER_PRONOUNS
        }
        if len(found) == 1:
            votes.setdefault(person, Counter())[found.pop()] += 1
    for person, counts in votes.items():
        (gender, n), *rest = counts.most_common()
        if not rest or n >= 2 * rest[0][1]:
            doc.genders[person] = gender


def _name_vague_first_mentions(
    doc: Doc, found: list[tuple[Unit, Cue, list[QuoteMarks]]], units: list[Unit]
) -> None:
    """A vague first mention that the next sentence names, a person quoted in the text, is that
    person: "an Agriculture Ministry official told reporters ...", then "Hideo Maki, Director
    General of the ministry's Livestock Bureau, said ..." (wire copy leads with the voice, then
    names it)."""
    following = {id(unit): nxt for unit, nxt in pairwise(units)}
    speakers = {name for _, cue, _ in found for name in cue.speakers}
    for unit, cue, _ in found:
        nxt = following.get(id(unit))
        vague = vague_first_mention(doc, cue.start, cue.end, cue.span_start)
        if nxt is None or vague is None:
            continue
        person = named_next(doc, cue.start, vague, nxt.start, nxt.end)
        if person and person in speakers:
            cue.speakers = [person]


def extract_quotes(body: str, mentions: Sequence[EntityMention]) -> list[QuoteSpan]:
    """The attributed quotes of a body, in text order.

    `mentions` are the entity stage's mentions of `body` (canonical names and character
    offsets); a speaker is a mention's canonical name, or a capitalised name right at the cue
    when the entity stage missed it.
    """
    if not body.strip():
        return []
    doc = Doc(body, mentions)
    paragraphs = [paragraph_units(doc, start, end) for start, end in doc.paragraphs]
    units = [unit for paragraph in paragraphs for unit in paragraph]
    _note_genders(doc, units)
    reading = _Reading(doc)
    for paragraph in paragraphs:
        for unit in paragraph:
            reading.read(unit, paragraph)
    _name_vague_first_mentions(doc, reading.found, units)
    spans = _gathered(doc, reading.found)
    spans.extend(_embedded_posts(doc))
    spans.sort(key=lambda s: (s.start, s.end))
    return list(dict.fromkeys(spans))


class _Reading:
    """The walk through a body's units in text order: what each unit's cues say, and what is
    carried from one unit to the next (the speaker a following quote continues, quotes still
    waiting for theirs, the interview's turns, the bodies that have spoken)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.found: list[tuple[Unit, Cue, list[QuoteMarks]]] = []  # (unit, cue, its quotes)
        self.previous: Cue | None = None  # the attributed cue of the unit just before
        self.pending: list[Unit] = []  # pure-quote units still without a speaker
        self.asked = False  # the interviewer's turn came right before
        self.interviewee: list[str] = []  # the last person quoted alone
        self.subject: list[str] = []  # that person, when the unit before opens with he or she
        self.spoken_bodies: dict[str, set[str]] = {}  # organisations that spoke, by first word

    def read(self, unit: Unit, paragraph: list[Unit]) -> None:
        doc = self.doc
        _note_salient(doc, unit)
        cues = self._cues(unit)
        self._note_speakers(unit, cues)
        if not cues and is_pure_quote(doc, unit):
            self._pure_quote(unit, first_in_paragraph=unit is paragraph[0])
            return
        self.asked = _interviewer_turn(doc, unit, paragraph)
        self.subject = (
            (_pronoun_subject(doc, unit, self.interviewee) or _announcing_subject(doc, unit))
            if not cues
            else []
        )
        assigned = assign_quotes(doc, unit, cues)
        if self.pending:
            self._attribute_pending(unit, cues, assigned)
        self.previous = None
        for i, cue in enumerate(cues):
            self.found.append((unit, cue, assigned.get(i, [])))
            if cue.speakers:
                self.previous = cue
            if len(cue.speakers) == 1 and doc.labels.get(cue.speakers[0], PERSON) == PERSON:
                self.interviewee = cue.speakers

    def _cues(self, unit: Unit) -> list[Cue]:
        doc = self.doc
        cues = _outer_cues(doc, unit, unit_cues(doc, unit))
        # (a cue word that found no speaker may be a noun: "on a UPS earnings call, X
        # expressed concern: “...”")
        # (but "A French official added:" is a cue whose speaker is unnamed)
        unnamed = any(anonymous_kind(doc, c) == PERSON for c in cues)
        if not any(c.speakers for c in cues) and not unnamed and (colon := colon_cue(doc, unit)):
            return [colon]
        return cues

    def _note_speakers(self, unit: Unit, cues: list[Cue]) -> None:
        """Each cue's speakers become the unit's salient names, which later pronouns and
        descriptions ("the company said") refer to."""
        doc = self.doc
        attributed: Cue | None = None  # the cue before with speakers
        for cue in cues:
            if not cue.inverted:
                # (also when it names nobody: "A group led by members of a family said",
                # then "the group said" is that group again, not the company named last)
                note_indefinite_subject(doc, unit, cue.start, cue.speakers)
            cue.speakers = _speaking_company(doc, cue, self.spoken_bodies)
            # "Gynex said Monsanto has recalled ...": Monsanto is in what Gynex said, no
            # body that spoke for a later "the company said" to be
            body = any(doc.labels.get(name) == ORG for name in cue.speakers)
            spoke = not (body and _reported_by_earlier(doc, unit, attributed, cue))
            attributed = cue if cue.speakers else attributed
            for name in cue.speakers:
                kind = doc.labels.get(name, PERSON)
                doc.salient.append((cue.span_start, kind, name, spoke))
                if kind == ORG and spoke:
                    self.spoken_bodies.setdefault(name.split()[0], set()).add(name)
                if kind == ORG and speaks_for_body(doc, cue):
                    # "A spokesman for Zenith said ... he said": he speaks for Zenith too
                    doc.salient.append((cue.span_start, PERSON, name, True))
            if not cue.speakers and (kind := anonymous_kind(doc, cue)):
                # "a resident said ... she said": the pronoun is that anonymous speaker
                doc.salient.append((cue.span_start, kind, "", True))

    def _pure_quote(self, unit: Unit, first_in_paragraph: bool) -> None:
        """A unit that is only a quote: the speaker before it continues, else it waits for
        the next unit's."""
        if self.asked and self.interviewee and first_in_paragraph:
            # A paragraph of quote after the interviewer's turn is the answer: a quote
            # of its own, by the one the interview is with.
            self.previous = _unspoken_cue(unit, "answer", self.interviewee)
        elif self.previous is None and self.subject:
            # "He is more emphatic on Ukraine. “We should ...”": the quote after a
            # sentence about its speaker, the last one quoted, is theirs.
            self.previous = _unspoken_cue(unit, "introduced", self.subject)
        self.asked = False
        self.subject = []
        if self.previous is not None:
            # The next sentences or paragraphs of a quote already attributed.
            self.found.append((unit, self.previous, unit.speech))
        else:
            self.pending.append(unit)

    def _attribute_pending(
        self, unit: Unit, cues: list[Cue], assigned: dict[int, list[QuoteMarks]]
    ) -> None:
        """The quotes waiting for a speaker take this unit's when it opens with its
        attribution ("“Why?” Brooke asked.")."""
        cue = _opens_with_attribution(self.doc, unit, cues)
        if cue is None and self.pending[-1].speech[-1].unclosed and unit.quotes:
            # "“First paragraph ...\n“Last one,” she said.": one long quote.
            cue = next((cues[i] for i, qs in assigned.items() if unit.quotes[0] in qs), None)
        if cue is not None:
            self.found.extend((p, cue, p.speech) for p in self.pending)
        self.pending = []


def _speaking_company(doc: Doc, cue: Cue, spoken_bodies: dict[str, set[str]]) -> list[str]:
    """ "Chevron said" after "Chevron Corp's Chevron U.S.A. Inc said": a short name that opens
    the names of two companies is the one that has spoken (the unit), not the one it spells
    exactly (the parent). `spoken_bodies` holds the organisations that have spoken so far, by
    their names' first words."""
    named = [
        m for m in doc.mentions_between(cue.span_start, cue.start) if m.start == cue.span_start
    ]
    if len(cue.speakers) != 1 or not named or named[0].canonical != cue.speakers[0]:
        return cue.speakers
    short, name = named[0].text.split(), cue.speakers[0]
    if doc.labels.get(name) != ORG or len(short) >= len(name.split()):
        return cue.speakers
    spoken = {
        n for n in spoken_bodies.get(short[0], ()) if n != name and n.split()[: len(short)] == short
    }
    return [spoken.pop()] if len(spoken) == 1 else cue.speakers


def _reported_by_earlier(doc: Doc, unit: Unit, before: Cue | None, cue: Cue) -> bool:
    """Whether a cue is inside what the attributed cue before it in its unit reports after it
    (only that one is read: a unit of a thousand cues costs a thousand clauses)."""
    clause = reported_clause(doc, unit, before) if before is not None else None
    return clause is not None and before.span_end <= clause[0] <= cue.span_start < clause[1]


def _unspoken_cue(unit: Unit, label: str, speakers: list[str]) -> Cue:
    """A cue with no reporting word, at the start of the quote it gives to `speakers`."""
    return Cue(unit.start, unit.start, label, label, speakers, unit.start, unit.start)


# The writer's own turn in an interview: "I ask if ...", "..., I say.", "he interrupts me."
_WRITER_TURN = re.compile(
    r"\bI\s+(?:ask|asked|say|said|suggest|suggested|put\s+it\s+to)\b"
    r"|\b(?:interrupts|interrupted|tells|told|asks|asked|corrects|corrected)\s+me\b"
)


def _pronoun_subject(doc: Doc, unit: Unit, last: list[str]) -> list[str]:
    """The last person quoted alone, when a unit without a cue opens with "He" or "She" that
    refers to them."""
    text = doc.body[unit.start : unit.end]
    opening = re.match(r"\s*(He|She)\s+[a-z]", text)
    if not last or opening is None or text.rstrip().endswith(":"):
        # ("She shared the website, which contains the following statement:": the colon
        # introduces another source)
        return []
    name = resolve_pronoun(doc, opening.group(1).casefold(), unit.start + opening.start(1))
    return last if name == last[0] else []


# Nouns of something said that a sentence announces before the quote itself: "Jeremy Robinson
# had a more succinct statement after the ruling. “It is impossible ...”"
_SAID_NOUNS = re.compile(r"\b(?:statement|comment|message|response|reply|remark)s?\b")


def _announcing_subject(doc: Doc, unit: Unit) -> list[str]:
    """The one person a sentence without a cue names, as its subject, when it announces
    something said ("..., Jeremy Robinson, had a more succinct statement"): the quote that
    comes right after it is theirs."""
    if not _SAID_NOUNS.search(doc.body, unit.start, unit.end):
        return []
    subjects = {
        m.canonical
        for m in doc.mentions_between(unit.start, unit.end)
        if m.label == PERSON and subject_like(doc, unit, m)
    }  # ("Bolger's lawyer, Jeremy Robinson, ...": not the possessive)
    return list(subjects) if len(subjects) == 1 else []


def _interviewer_turn(doc: Doc, unit: Unit, units: list[Unit]) -> bool:
    """Whether a unit is the interviewer's: a question set as its own paragraph ("Is Starmer a
    good leader?") or the writer asking in the first person."""
    text = doc.body[unit.start : unit.end]
    question = len(units) == 1 and not unit.quotes and text.rstrip().endswith("?")
    return question or _WRITER_TURN.search(text) is not None


def _outer_cues(doc: Doc, unit: Unit, cues: list[Cue]) -> list[Cue]:
    """The cues of a unit but those inside what its last cue reports before it: in "Ecuador
    asked for the loan to guarantee supplies, Lusinchi said." the request is Lusinchi's report,
    and a quote nested in another speaker's is not split out."""
    if len(cues) < 2 or not cues[-1].speakers or cues[-1].verb == "according to":
        return cues  # "..., he said, according to the Intelligencer": the source of the report
    last = cues[-1]
    clause = reported_clause(doc, unit, last)
    if clause is None or clause[1] > last.span_start:
        return cues  # the last cue reports what follows it: the cues before report their own
    return [c for c in cues if not (clause[0] <= c.span_start and c.end <= clause[1])]


def _gathered(doc: Doc, found: list[tuple[Unit, Cue, list[QuoteMarks]]]) -> list[QuoteSpan]:
    """One quote per cue: the passages a cue's direct quote runs on into (the next sentences
    and paragraphs, or the paragraphs before its attribution) join that quote, as one cue
    introducing several quoted passages is one quote ("“A,” Lopez said. “B.”")."""
    own: dict[int, tuple[Unit, list[QuoteMarks]]] = {}
    more: dict[int, list[QuoteMarks]] = {}
    cues: dict[int, Cue] = {}
    for unit, cue, quotes in found:
        cues[id(cue)] = cue
        if unit.start <= cue.start < unit.end:
            own[id(cue)] = (unit, quotes)
        else:
            more.setdefault(id(cue), []).extend(quotes)
    spans = []
    for key, cue in cues.items():
        unit, quotes = own.get(key, (None, []))
        emitted = _emit(doc, unit, cue, quotes) if unit is not None else []
        extra = sorted(more.get(key, []), key=lambda q: q.start)
        if not extra:
            spans.extend(emitted)
            continue
        if not emitted:
            spans.extend(_passages(doc, cue, extra))
            continue
        for span in emitted:
            # "X told Fox News that ... . “...”": the reported clause and the quote that follows
            # are one quote, direct.
            parts = [(q.inner_start, q.inner_end) for q in extra]
            parts.append((span.start, span.end))
            start, end = min(a for a, _ in parts), max(b for _, b in parts)
            text = doc.body[start:end].strip().rstrip(",")
            spans.append(QuoteSpan(span.speaker, span.cue, DIRECT, text, start, end))
    return spans


def _passages(doc: Doc, cue: Cue, quotes: list[QuoteMarks]) -> list[QuoteSpan]:
    """The quoted passages of a cue outside its own sentence, as one direct quote."""
    start, end = quotes[0].inner_start, quotes[-1].inner_end
    text = doc.body[start:end].strip().rstrip(",")
    if not text or not cue.speakers:
        return []
    return [QuoteSpan(s, cue.text, DIRECT, text, start, end) for s in dict.fromkeys(cue.speakers)]


def _embedded_posts(doc: Doc) -> list[QuoteSpan]:
    """An embedded post quotes its author: the paragraph before its signature line ("— Jane
    Doe (@janedoe) November 18, 2019"). A post signed with a handle alone has no speaker."""
    spans = []
    for (_, previous_end), (start, end) in pairwise(doc.paragraphs):
        match = EMBED_SIGNATURE.match(doc.body, start, end)
        if not match or match.end() != end:
            continue
        named = EMBED_NAME.match(match.group("name"))
        if not named or not named.group()[:1].isupper():
            continue
        name_start = match.start("name")
        mention = next(
            (m for m in doc.mentions_between(name_start, match.end("name")) if m.label != LOCATION),
            None,
        )
        speaker = mention.canonical if mention and mention.start == name_start else named.group()
        text_start = doc.paragraphs[doc.paragraphs.index((start, end)) - 1][0]
        text = doc.body[text_start:previous_end].strip()
        if text:
            spans.append(
                QuoteSpan(speaker, "post (embedded)", DIRECT, text, text_start, previous_end)
            )
    return spans


class QuoteStage(Stage):
    """Fills `Article.quotes` from the body and the entity stage's mentions."""

    name = "quotes"
    # The languages whose cue words and quotation marks the rules know: English's
    # (`_quote_words`) and German's (`_quote_german`). Elsewhere no quotes rather than wrong
    # ones; an article of unknown language is read as English.
    languages = frozenset({"en", "de"})

    def process(self, article: Article) -> Article:
        if article.language and article.language not in self.languages:
            article.quotes = []
            return article
        if article.language == "de":
            from ._quote_german import german_quotes  # it builds on this module's QuoteSpan

            spans = german_quotes(article.body, article.entity_mentions)
        else:
            spans = extract_quotes(article.body, article.entity_mentions)
        article.quotes = [span.to_quote() for span in spans]
        return article
