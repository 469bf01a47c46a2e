"""Quotes and their speakers in German news prose.

The English quote rules (`_quotes` and its modules) read English cue words and word order, so
German has rules of its own, smaller, built on the same entity mentions and giving the same
`QuoteSpan`s. German news attributes a quotation in a few fixed ways, and these read them:

- after it: „Wir bleiben“, sagte Merz. / „...“, so die Polizei. / „...“, sagte er.
- before it, ending in a colon: Merz sagte: „...“ / Dazu erklärte die Polizei: „...“
- without quotation marks, a named subject and a verb of saying before a clause (Merz sagte,
  die Lage sei ernst / Merz räumte ein, dass ...: a separable verb with its particle), a
  pronoun's or a role's after it (..., sagte sie / ..., erklärte der Gemeindepräsident), or a
  source named around it (laut Merz / Merz zufolge / nach Angaben der Polizei / wie die
  Polizei mitteilte / ..., so Merz, ...).

The speaker is the person or organisation named in the attribution (the entity stage's canonical
name): a person named in it before a body ("sagte die Sprecherin des Ministeriums, Anna
Schmidt"), else the body ("sagte ein Sprecher des Innenministeriums"); "er", "sie" or a role
("sagte die Ministerin") is the person named last before the quotation, and so is a pronoun
that is the subject of an attribution naming someone else after it ("zitierte sie Max Mordhorst,
empfahl ihm: „...“"). A name set off by commas is the subject of the verb after it ("Die
Vorsitzende, Sofia Östmark, würdigte ..."). An attribution that
names nobody ("sagte ein Anwohner") gives no quote: no speaker rather than a wrong one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from .._article import EntityMention
from ._quotes import DIRECT, INDIRECT, QuoteSpan

_CUES = Path(__file__).with_name("data") / "quote_cues_de.json"
_SPEAKERS = ("person", "org")
_REACH = 80  # characters of an attribution after its cue: "sagte der Innenminister Herbert Reul"
# a quotation: „...“ (or „...” / „..."), »...«, «...», "..."
_QUOTATION = re.compile(r"„([^„“”\"]+)[“”\"]|»([^»«]+)«|«([^«»]+)»|\"([^\"\n]+)\"")
_QUOTE_MARK = re.compile(r"[„“”\"»«]")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")


@cache
def _cues() -> dict[str, Any]:
    data = json.loads(_CUES.read_text("utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    cues = _cues()

    def words(*keys: str) -> str:
        found = sorted({w for key in keys for w in cues[key]}, key=len, reverse=True)
        return "|".join(re.escape(w) for w in found)

    # "er", "sie" as written, opening a sentence too: "Er sagt, ..."
    pronouns = "|".join(f"[{p[0].upper()}{p[0]}]{re.escape(p[1:])}" for p in cues["pronouns"])

    return {
        # „...“, sagte Merz / „...“, so Merz / „...“ sagte er
        "after": re.compile(rf"[ \t]*,?[ \t]*(?P<cue>{words('verbs', 'after_quote')})\b", re.I),
        "verb": re.compile(rf"\b(?P<cue>{words('verbs')})\b", re.I),
        "before": re.compile(rf"\b(?P<cue>{words('sources_before')})[ \t]+", re.I),
        "zufolge": re.compile(rf"[ \t]+(?P<cue>{words('sources_after')})\b"),
        "as_said": re.compile(
            rf"\b[Ww]ie[ \t]+(?P<who>[^,.;:!?]{{2,60}}?)[ \t]+(?P<cue>{words('as_said')})\b"
        ),
        "pronoun": re.compile(rf"(?P<cue>)[ \t]*(?:{words('pronouns')})\b"),
        "pronoun_word": re.compile(rf"\b(?:{pronouns})\b"),
        "pronoun_at_end": re.compile(rf"(?:^|[ \t])(?:{pronouns})[ \t]*$"),
        # a verb of saying that ends a clause ("Unter anderem sagte er"; "Er sagt," before a quote)
        "clause_verb_at_end": re.compile(rf"\b(?P<cue>{words('clause_verbs')})[ \t]+$"),
        "clause_verb_comma_at_end": re.compile(rf"\b(?P<cue>{words('clause_verbs')})[ \t]*,$"),
        # the definite article and a noun: a role whose holder the text named before
        "role": re.compile(r"[ \t]*(?:der|die)[ \t]+[A-ZÄÖÜ0-9][\w-]+[ \t]*[.,;:]"),
        # "Merz sagte am Montag in Berlin, ...": the verb, a few words, the comma
        "clause_comma": re.compile(
            rf"[ \t]+(?P<cue>{words('clause_verbs')})\b[^,.;:!?\"„“»«]{{0,40}},"
        ),
        # "Merz räumte am Montag ein, ...": a separable verb, its particle before the comma
        "separable_comma": re.compile(
            rf"[ \t]+(?P<cue>{'|'.join(map(re.escape, cues['separable_clause_verbs']))})\b"
            r"[^,.;:!?\"„“»«]{0,40}?[ \t](?P<particle>[a-zäöü]+)[ \t]*,"
        ),
        # "Nancy Faeser (SPD) nannte ...": a named subject, then its verb (a party in brackets)
        "subject_verb": re.compile(
            rf"(?:[ \t]*\([^()]{{1,30}}\))?[ \t]+(?P<cue>{words('verbs', 'naming_verbs')})\b"
        ),
        "naming_verb": re.compile(rf"\b(?P<cue>{words('naming_verbs')})\b"),
        # "..., sagte Merz." / "..., sagte der Kanzler Friedrich Merz."
        "inverted": re.compile(rf",[ \t]*(?P<cue>{words('clause_verbs')})\b"),
        # "..., so Falk, ob ...": a source set off by commas inside reported speech
        "so_named": re.compile(rf",[ \t]*(?P<cue>{words('after_quote')})[ \t]+"),
    }


def _sentence_bounds(body: str, at: int) -> tuple[int, int]:
    start = max((m.end() for m in _SENTENCE_END.finditer(body, 0, at)), default=0)
    end_match = _SENTENCE_END.search(body, at)
    return start, end_match.end() if end_match else len(body)


class _Speakers:
    """The named people and organisations of one body, in text order."""

    def __init__(self, mentions: list[EntityMention]) -> None:
        self.named = sorted((m for m in mentions if m.label in _SPEAKERS), key=lambda m: m.start)

    def first_in(self, start: int, end: int) -> EntityMention | None:
        return next((m for m in self.named if start <= m.start and m.end <= end), None)

    def first_person_in(self, start: int, end: int) -> EntityMention | None:
        """A person named in the attribution speaks, not the body a role belongs to: "sagte
        die Sprecherin des Weißen Hauses, Karoline Leavitt"."""
        return next(
            (m for m in self.named if start <= m.start and m.end <= end and m.label == "person"),
            None,
        )

    def last_in(self, start: int, end: int) -> EntityMention | None:
        inside = [m for m in self.named if start <= m.start and m.end <= end]
        return inside[-1] if inside else None

    def last_person_before(self, at: int) -> EntityMention | None:
        people = [m for m in self.named if m.label == "person" and m.end <= at]
        return people[-1] if people else None


def _attribution_after(body: str, end: int, speakers: _Speakers) -> tuple[str, str] | None:
    """(cue, speaker) of an attribution right after a quotation: „...“, sagte Merz."""
    patterns = _patterns()
    cue = patterns["after"].match(body, end)
    if cue is None:
        return None
    stop = min(_sentence_bounds(body, cue.end())[1], cue.end() + _REACH)
    if patterns["pronoun"].match(body, cue.end()):
        person = speakers.last_person_before(end)
        return (cue.group("cue"), person.canonical) if person else None
    named = speakers.first_person_in(cue.end(), stop) or speakers.first_in(cue.end(), stop)
    if named is None and patterns["role"].match(body, cue.end()):
        named = speakers.last_person_before(end)  # "sagte die Synodalpräsidentin"
    return (cue.group("cue"), named.canonical) if named else None


def _attribution_before(body: str, start: int, speakers: _Speakers) -> tuple[str, str] | None:
    """(cue, speaker) of a clause ending in a colon, or in a verb of saying and a comma, right
    before a quotation: Merz sagte: „...“ / Er sagt, „...“."""
    head = body[:start].rstrip()
    if head.endswith(","):  # "Er sagt, „...“": a verb of saying right before the comma
        if _patterns()["clause_verb_comma_at_end"].search(head) is None:
            return None
    elif not head.endswith(":"):
        return None
    clause_start = _sentence_bounds(body, len(head) - 1)[0]
    cues = list(_patterns()["verb"].finditer(body, clause_start, len(head)))
    if not cues:
        # "Daniel Thioune (48) wundert es nicht: „...“": the person the clause opens with
        opener = speakers.first_in(clause_start, len(head))
        if opener and opener.label == "person" and not body[clause_start : opener.start].strip():
            return ":", opener.canonical
        return None
    cue = cues[-1]
    if (
        _patterns()["pronoun"].match(body, cue.end())
        or _patterns()["role"].match(body, cue.end())  # "sagte der 48-Jährige: „...“"
        or _patterns()["pronoun_at_end"].search(body[clause_start : cue.start()])
    ):
        person = speakers.last_person_before(clause_start)
        return (cue.group("cue"), person.canonical) if person else None
    after = speakers.first_in(cue.end(), len(head))
    if after is not None and not body[cue.end() : after.start].strip():
        return cue.group("cue"), after.canonical  # "sagte Leavitt: „...“"
    # names and pronouns outside the quotations the clause holds ("„...“, sagte er: „...“")
    unquoted = max((q.end() for q in _QUOTE_MARK.finditer(body, clause_start, cue.start())),
                   default=clause_start)  # fmt: skip
    first = speakers.first_in(unquoted, cue.start())
    pronoun = _patterns()["pronoun_word"].search(body, unquoted, cue.start())
    if after is None and pronoun and (first is None or pronoun.start() < first.start):
        # the pronoun is the subject, a name after it an object: "Weshalb, konnte er nicht
        # sagen: „...“"; "In einem Tweet zitierte sie Max Mordhorst, empfahl ihm: „...“"
        person = speakers.last_person_before(clause_start)
        return (cue.group("cue"), person.canonical) if person else None
    if first is not None and first.label == "person" and _opens_apposition(body, unquoted, first):
        return cue.group("cue"), first.canonical  # "Anna Schmidt, Soziologin an der X, sagt: „“"
    named = speakers.last_in(unquoted, cue.start()) or after
    return (cue.group("cue"), named.canonical) if named else None


def _opens_apposition(body: str, clause_start: int, m: EntityMention) -> bool:
    """The name opens its clause, and a comma after it opens what it is: "Özgür Özvatan,
    politischer Soziologe an der Berliner Humboldt-Universität, ..."."""
    return not body[clause_start : m.start].strip() and _comma_after(body, m)


def _comma_after(body: str, m: EntityMention) -> bool:
    return body[m.end : m.end + 2].lstrip().startswith(",")


def _attribution_within(body: str, start: int, speakers: _Speakers) -> tuple[str, str] | None:
    """(cue, speaker) of a sentence whose named subject says or names what the quotation
    holds: "Innenministerin Nancy Faeser (SPD) nannte die Kundgebung „schwer erträglich“"."""
    sentence_start = _sentence_bounds(body, start)[0]
    for m in speakers.named:
        if not sentence_start <= m.start < start:
            continue
        if _PREPOSITION_BEFORE.search(body, max(0, m.start - 30), m.start):
            continue  # "Gegenüber dem Redaktionsnetzwerk bezeichnete es Miersch als „...“"
        verb = _patterns()["subject_verb"].match(body, _after_apposition(body, m))
        if verb and verb.end() <= start:
            return verb.group("cue"), m.canonical
    for verb in _patterns()["naming_verb"].finditer(body, sentence_start, start):
        # the subject after its verb: "Gegenüber dem RND bezeichnete es Miersch als „...“"
        after = speakers.first_in(verb.end(), start)
        between = body[verb.end() : after.start].split() if after else None
        if after is not None and set(between) <= {"es", "das", "dies"}:
            return verb.group("cue"), after.canonical
    return None


# a preposition (and its article) right before a name: the name is no subject
_PREPOSITION_BEFORE = re.compile(
    r"(?<![\w-])(?:gegenüber|mit|von|bei|zu|nach|für|an|auf|vor|über|aus)[ \t]+"
    r"(?:(?:dem|der|den|des|einem|einer|eines)[ \t]+)?\Z",
    re.I,
)


def _after_apposition(body: str, m: EntityMention) -> int:
    """Where the verb of a name set off by commas would start: after the comma that closes it
    ("Die Vorsitzende, Sofia Östmark, würdigte ..."), else right after the name."""
    comma_before = body[max(0, m.start - 2) : m.start].rstrip().endswith(",")
    if comma_before and _comma_after(body, m):
        return body.index(",", m.end) + 1
    return m.end


def _direct(body: str, speakers: _Speakers) -> list[QuoteSpan]:
    found = []
    for quotation in _QUOTATION.finditer(body):
        text = next(group for group in quotation.groups() if group is not None)
        if len(text.split()) < 2:  # a single word in quotation marks is a term, not a quote
            continue
        attribution = (
            _attribution_after(body, quotation.end(), speakers)
            or _attribution_before(body, quotation.start(), speakers)
            or _attribution_within(body, quotation.start(), speakers)
        )
        if attribution:
            cue, speaker = attribution
            start = quotation.start() + 1
            found.append(QuoteSpan(speaker, cue, DIRECT, text, start, start + len(text)))
    return found


_Add = Callable[[EntityMention | None, str, int, int], None]


def _clause_verb(body: str, at: int) -> tuple[str, int] | None:
    """(cue, end) of a verb of saying at `at` and the comma that ends its clause: " sagte am
    Montag," / " räumte am Montag ein," (a separable verb with its particle)."""
    patterns = _patterns()
    if verb := patterns["clause_comma"].match(body, at):
        return verb.group("cue"), verb.end()
    verb = patterns["separable_comma"].match(body, at)
    if verb and verb.group("particle") in _cues()["separable_clause_verbs"][verb.group("cue")]:
        return f"{verb.group('cue')} {verb.group('particle')}", verb.end()
    return None


def _named_clause(body: str, named: list[EntityMention], end: int, add: _Add) -> None:
    """Merz sagte, die Lage sei ernst / Die Polizei erklärte am Montag, dass ..."""
    for m in named:
        if verb := _clause_verb(body, _after_apposition(body, m)):
            add(m, verb[0], verb[1], end)
            return


def _pronoun_clause(body: str, start: int, end: int, speakers: _Speakers, add: _Add) -> None:
    """Er sagte, ... / Unter anderem sagte er, dass ...: the person named last before."""
    patterns = _patterns()
    for pronoun in patterns["pronoun_word"].finditer(body[start:end]):
        at = start + pronoun.end()
        verb = _clause_verb(body, at)
        before = patterns["clause_verb_at_end"].search(body[start : start + pronoun.start()])
        comma = re.match(r"[^,.;:!?]{0,40},", body[at:end]) if before else None
        if verb or (before and comma):
            person = speakers.last_person_before(start + pronoun.start())
            if verb:
                add(person, verb[0], verb[1], end)
            elif before and comma:
                add(person, before.group("cue"), at + comma.end(), end)
            return


def _inverted_clause(body: str, start: int, end: int, speakers: _Speakers, add: _Add) -> None:
    """Die Lage sei ernst, sagte Merz. / ..., erklärt Hamburgs Polizeipräsident Falk Schnabel. /
    ..., sagte sie. / ..., erklärte der Gemeindepräsident (the person named last)."""
    patterns = _patterns()
    for verb in patterns["inverted"].finditer(body, start, end):
        if patterns["pronoun"].match(body, verb.end()) or patterns["role"].match(body, verb.end()):
            # "..., sagte sie." / "..., erklärte der Gemeindepräsident.": the person named last
            person = speakers.last_person_before(start)
            if person is not None:
                add(person, verb.group("cue"), start, verb.start())
                return
        reach = min(end, verb.end() + _REACH)
        who = speakers.first_person_in(verb.end(), reach)
        # one comma before a person ("sagte die Sprecherin des Ministeriums, Anna Schmidt"),
        # none before a body
        commas = 1 if who is not None else 0
        who = who or speakers.first_in(verb.end(), reach)
        if who is not None and len(re.findall(r"[,;:]", body[verb.end() : who.start])) <= commas:
            add(who, verb.group("cue"), start, verb.start())
            return


def _named_sources(
    body: str, start: int, end: int, named: list[EntityMention], speakers: _Speakers, add: _Add
) -> None:
    """laut Merz ... / nach Angaben der Polizei ... / Merz zufolge ... / wie die Polizei
    mitteilte, ... / ..., so Merz, ..."""
    patterns = _patterns()
    for source in patterns["before"].finditer(body, start, end):
        after = speakers.first_in(source.end(), min(end, source.end() + _REACH))
        if after is not None and not re.search(r"[,;:]", body[source.end() : after.start]):
            add(after, source.group("cue").casefold(), after.end, end)
    for m in named:
        if source := patterns["zufolge"].match(body, m.end):
            add(m, source.group("cue"), source.end(), end)
    for source in patterns["so_named"].finditer(body, start, end):
        who = speakers.first_in(source.end(), min(end, source.end() + _REACH))
        if who is not None and who.start == source.end():
            add(who, source.group("cue"), start, source.start())
    for said in patterns["as_said"].finditer(body, start, end):
        who = speakers.first_in(said.start("who"), said.end("who"))
        add(who, said.group("cue"), said.end(), end)


def _indirect(body: str, speakers: _Speakers, quoted: list[tuple[int, int]]) -> list[QuoteSpan]:
    """Reported speech without quotation marks, in sentences no quotation attributed: one
    clause of saying a sentence (a named subject's, else a pronoun's, else an inverted one's),
    and every source named in it."""
    found: list[QuoteSpan] = []

    def add(speaker: EntityMention | None, cue: str, start: int, end: int) -> None:
        if speaker is not None and body[start:end].strip():
            text = body[start:end].strip()
            found.append(QuoteSpan(speaker.canonical, cue, INDIRECT, text, start, end))

    start = 0
    for end in [*(m.end() for m in _SENTENCE_END.finditer(body)), len(body)]:
        if end <= start or any(s < end and start < e for s, e in quoted):
            start = end
            continue
        named = [m for m in speakers.named if start <= m.start and m.end <= end]
        before = len(found)
        _named_clause(body, named, end, add)
        if len(found) == before:
            _pronoun_clause(body, start, end, speakers, add)
        if len(found) == before:
            _inverted_clause(body, start, end, speakers, add)
        _named_sources(body, start, end, named, speakers, add)
        start = end
    return found


def german_quotes(body: str, mentions: list[EntityMention]) -> list[QuoteSpan]:
    """The attributed quotes of a German body, in text order."""
    speakers = _Speakers(mentions)
    direct = _direct(body, speakers)
    quoted = [(q.start - 1, q.end + 1) for q in direct]
    return sorted(direct + _indirect(body, speakers, quoted), key=lambda q: q.start)
