"""Reporting cues, and which quote and which clause each one reports.

- Each unit is searched for reporting cues: "said", "told", "according to", "added through an
  interpreter", a participle after a comma ("..., saying"), a dash after a quote ("“...” ―
  Stephanie Egan"). The cue words are data (`_quote_words`).
- With no reporting verb, a named subject's colon introduces the quote after it.
- A body's figures speak for it as its writings do: "according to Census Bureau data", "Statistics
  Bureau figures show", "a survey by X showed" ("show" is a cue only with a data or source noun
  in its subject).
- An organisation named only as another's part ("The Washington Post's Fact Checker") speaks as
  its owner.
- A quote goes to the nearest cue of its unit: the one right after "…,”", else the nearest one
  before it, else the nearest one after it.
- A cue's reported clause comes after it ("said (that) ..."), before its attribution ("..., X
  said"), or both ("The reason, Sarukhan said, is because ...").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .._article import EntityMention
from ._entity_mentions import is_place
from ._knowledge import capital_country
from ._quote_names import fallback_name, is_title_word, opened_organisation
from ._quote_speakers import (
    Speaker,
    description_speaker,
    left_speaker,
    main_subject,
    phrase_end,
    right_speaker,
)
from ._quote_units import Doc, QuoteMarks, Unit
from ._quote_words import (
    ADJUNCT_STARTS,
    ANONYMOUS_PEOPLE,
    ANONYMOUS_PRONOUNS,
    AUXILIARIES,
    BE,
    CAPITALISED_CUES,
    CONNECTIVES,
    DASH_ATTRIBUTION,
    GROUP_NOUNS,
    INTERPRETER,
    LOCATION,
    MASK,
    MAX_CLAUSE,
    NEGATIONS,
    NO_COMMENT,
    NOMINATIVE,
    NOT_BEFORE_TO,
    NOUN_DETERMINERS,
    ORG,
    ORG_HEADS,
    ORG_NOUNS,
    PARTICIPLE_AFTER,
    PASSIVE_BY,
    PERSON,
    PERSON_NOUNS,
    PREPOSITIONS,
    PRONOUNS,
    RIGHT_WINDOW,
    ROLE_WORDS,
    SUBORDINATORS,
    THAT,
    TIME_ADJUNCT,
    TOLD_OBJECT,
    cue_matches,
    cue_words,
)


@dataclass
class Cue:
    start: int
    end: int  # after the cue and its "through an interpreter"
    text: str
    verb: str  # the folded cue, for its class
    speakers: list[str]  # empty: an anonymous or unresolved speaker
    span_start: int  # the whole attribution: subject and cue
    span_end: int
    inverted: bool = False  # "…,” said X": what was said comes before


# words after which the next is a verb's base form ("will include"), never a verb in -s
_MODALS = {"will", "would", "can", "could", "should", "may", "might", "must", "to", "did", "does"}


# what follows a word in -s that makes it a noun: "of", or the cue its phrase is the subject of
_NOUN_AFTER = re.compile(r"\s+(?:of|said|say|showed|show)\b")
# "As reported by the Irish Examiner, ...", "..., as first noted by X": a participle after a
# clause-opening "as", its speaker after "by", like "according to X"
_AS_BEFORE = re.compile(
    r"(?:\A|[,;(—–]\s*)(?P<as>(?i:as)\s+(?:(?i:first|previously|earlier)\s+)?)\Z"
)
# the auxiliary of a progressive cue: "are urging", "has been insisting", "is also warning"
_PROGRESSIVE = re.compile(r"\b(?:is|are|was|were|been)\s+(?:(?:also|still|now|again)\s+)?\Z")
# a verb right after a cue: the cue ends a relative clause whose sentence goes on
_VERB_NEXT = re.compile(
    r"\s+(?:(?:does|did|do|is|was|are|were|has|have|had|will|would|can|could|should|may|might"
    r"|must)(?:n['’]t)?|won['’]t|can['’]t)\b"
)
_REPORTED_AS = re.compile(r"[ \t]+[^,;:.!?\x1f\n]{1,80}?[ \t]+as[ \t]+(?:saying|telling|stating)\b")


def unit_cues(doc: Doc, unit: Unit) -> list[Cue]:
    """The reporting cues of a unit with their speakers, in text order."""
    masked = doc.masked
    words = re.findall(r"[^\W\d_][\w’'-]*", masked[unit.start : min(unit.end, unit.start + 400)])
    # "Hillary Clinton Joked “You Are The Smartest People.”": a heading in title case.
    title_case = len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)
    cues: list[Cue] = []
    for match in cue_matches(masked, unit.start, unit.end):
        text = re.sub(r"\s+", " ", match.group())
        verb = text.casefold()
        after = masked[match.end() : match.end() + 6]
        before = masked[max(unit.start, match.start() - 40) : match.start()].casefold().split()
        if (
            (text[0].isupper() and verb not in CAPITALISED_CUES)
            and match.start() > unit.start + 2
            and not title_case
        ):
            continue  # "Reports", "Notes", "Calls": a noun in a heading
        if before and (before[-1] in NEGATIONS or before[-1].endswith("n't")):
            continue  # "did not say"
        if len(before) > 1 and before[-2] in NEGATIONS and before[-1] == "to":
            continue  # "declined to say"
        if before and before[-1] in BE and verb != "according to" and not verb.endswith("ing"):
            continue  # "he is said to be", "was told by"; "are urging" is active
        if verb in NOT_BEFORE_TO and re.match(r"\s+to\b", after):
            continue  # "adding to the pressure"
        if _ASKED_IF.search(masked, unit.start, match.start()):
            continue  # "Asked if the administration had ruled out a subsidy, Lyng said": asked
        if verb in _MOVES and _AMOUNT.match(masked, match.end()):
            continue  # "Devex added 50 to 13.00", "the index added 12.5 points": a price moved
        if (after_verb := cue_words().receiver_participles.get(verb)) and after_verb.match(
            masked, match.end()
        ):
            continue  # "Humza Yousaf accused of lying": he was spoken about, not speaking
        if verb in {"said", "says"} and re.match(r"\s+to\s+(?:be|have)\b", masked[match.end() :]):
            continue  # "former officials said to have played leading roles": a passive
        if verb in {"reported", "reports"} and _REPORTED_AS.match(masked, match.end()):
            continue  # "The daily al-Riyadh reported Prince Sultan as saying": his words
        if verb == "states" and not re.match(r"\s+that\b", after):
            continue  # "the two Arab states"
        if verb in cue_words().data_verbs and not _data_subject(masked, unit.start, match.start()):
            continue  # "Instagram shows the two together": no figures or writing that speak
        if _plural_noun(verb, before, masked, match.end()):
            continue  # "reports of alleged abuses", "will include notes": a noun, not a verb
        if before and before[-1] in NOUN_DETERMINERS:
            continue  # "the tweets", "her remarks", "a call": a noun, not a verb
        if verb.endswith("ed") and _POSSESSED.fullmatch(before[-1] if before else ""):
            continue  # "the government's proposed tax bills": a participle before its noun
        if (
            before
            and before[-1] in PREPOSITIONS - {"to"}
            and not verb.endswith("ing")
            and not (before[-1] == "as" and PASSIVE_BY.match(masked, match.end()))
        ):
            continue  # "a series of tweets", "in statements": a noun after a preposition
        cue = _resolve_cue(doc, unit, match.start(), match.end(), text, verb, cues)
        if cue is not None:
            cue.speakers = [_speaking_place(doc, doc.owners.get(n, n)) for n in cue.speakers]
            if verb in cue_words().data_verbs:  # "Data in the letter showed": the noun, no name
                cue.speakers = [
                    n for n in cue.speakers if n.casefold() not in cue_words().data_subjects
                ]
            cues.append(cue)
    for q in unit.speech:
        if (dash := _dash_cue(doc, unit, q)) is not None:
            cues.append(dash)
    cues.sort(key=lambda c: c.start)
    return cues


# a question put to the speaker whose own verb the cue is, after its auxiliary: what it asks
# about was not said ("Asked whether the bank had announced a cut, ..."); a cue after the
# question is the speaker's ("When asked if he would run he said ...")
_ASKED_IF = re.compile(
    r"\b[Aa]sked\s+(?:if|whether)\b[^,;:.!?\n]*\b"
    r"(?:had|has|have|would|will|did|does|do|could|can|should|might)(?:\s+not)?\s+$"
)


# cues that also tell how far a price or an index moved, and the amount that says so
_MOVES = frozenset({"added", "adds", "adding"})
_AMOUNT = re.compile(
    r"\s+(?:a\s+further\s+|another\s+)?(?:[$€£¥]?\d[\d.,/-]*|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|a\s+(?:point|cent|penny))\b(?!\s*(?:pct|percent|per\s+cent)\s+of\b)"
)
_CLAUSE_BREAK = re.compile(r"[;:!?\n]|[.,](?=\s)")


def _data_subject(masked: str, start: int, cue: int) -> bool:
    """Whether the clause before a data cue holds a data or source noun: "Statistics Bureau
    figures show", "a survey by the OECD showed"."""
    breaks = list(_CLAUSE_BREAK.finditer(masked, start, cue))
    clause = masked[breaks[-1].end() if breaks else start : cue].casefold()
    return any(w in cue_words().data_subjects for w in re.findall(r"[a-z]+", clause))


# a noun's possessive, not a pronoun's "has" ("he's said")
_POSSESSED = re.compile(r"(?!(?:he|she|it|that|there|who|what)['’]s$)[\w.-]+['’]s")
_QUANTITY = re.compile(r"[\d.,$]+|mln|bln|million|billion")


def _plural_noun(verb: str, before: list[str], masked: str, end: int) -> bool:
    """Whether a cue word in -s is a plural noun: before "of" or the cue its phrase is the subject
    of ("reports of alleged abuses", "Media reports said"), the object of a verb in -ed or of a
    quantity ("purchased notes totaling 40 mln dlrs", "issued reports"), or after a modal and a
    verb ("will include notes on Iran")."""
    if not verb.endswith("s") or verb in {"says", "tells"}:
        return False
    if _NOUN_AFTER.match(masked, end):
        return True
    if before and (before[-1].endswith("ed") or _QUANTITY.fullmatch(before[-1])):
        return True
    if len(before) > 1 and _QUANTITY.fullmatch(before[-2]) and before[-1].isalpha():
        return True  # "filing 1986 annual reports": a quantity and a word before the noun
    return (
        len(before) > 1
        and before[-2] in _MODALS
        and before[-1].isalpha()
        and before[-1] not in AUXILIARIES
    )


def _speaking_place(doc: Doc, name: str) -> str:
    """ "Washington has said": a national capital speaks for its country, where the story names
    that country too (a story of 1987 that names "Moscow" and the "Soviet Union" keeps "Moscow").
    "Dome said" in a story of "Dome Petroleum Ltd": a place that is no country or state, whose
    name opens the one organisation the story names so, is that organisation."""
    if doc.labels.get(name, LOCATION) != LOCATION:
        return name
    # (a name the entity stage missed too: "Peking has said" after a dateline "PEKING")
    country = capital_country(name)
    if country and doc.labels.get(country) == LOCATION:
        return country
    if name in doc.labels and not is_place(name):
        return opened_organisation(doc, name.split()) or name
    return name


def _resolve_cue(
    doc: Doc, unit: Unit, start: int, end: int, text: str, verb: str, earlier: list[Cue]
) -> Cue | None:
    """A cue with its speaker (empty when anonymous), or None when it reports nothing."""
    masked = doc.masked
    if verb == "according to":
        found = right_speaker(doc, end, unit.end, inverted=False)
        if found is None:
            return None
        stop = phrase_end(masked, end, min(unit.end, end + RIGHT_WINDOW), loose=True)
        return Cue(start, end, text, verb, found[0], start, stop)
    if verb.endswith("ed") and (by := PASSIVE_BY.match(doc.body, end)):
        window = max(unit.start, start - 20)
        if opening := _AS_BEFORE.search(masked[window:start]):
            # "As reported by the Irish Examiner, the pair will ...": X speaks, as "according to"
            as_start = window + opening.start("as")
            return _resolve_cue(doc, unit, as_start, by.end(), text, "according to", earlier)
        # "tax cuts announced by Nigel Lawson": a passive participle; what it follows speaks not
        return None
    if verb == "saying" and (quoted := _QUOTED_AS.search(masked, unit.start, start)):
        return _quoted_as_cue(doc, unit, quoted, end)
    # "Police Scotland are urging ...", "the union has been insisting ...": a finite verb
    progressive = _PROGRESSIVE.search(masked[max(unit.start, start - 20) : start])
    if progressive and _VERB_NEXT.match(masked, end):
        return None  # "the story the White House is telling doesn't ...": a relative clause
    if (verb.endswith("ing") or verb.startswith(("calling ", "pointing ", "going "))) and not (
        progressive and verb.split()[0].endswith("ing")
    ):
        joined = [
            c
            for c in earlier[-3:]
            if c.verb != "according to" and re.search(r",\s*\Z", masked[c.end : start])
        ]
        last = next((c for c in reversed(joined) if c.speakers), None)
        last = last or next((c for c in reversed(joined) if anonymous_kind(doc, c)), None)
        if last:
            # "Warren said to Obama, adding ...": the speaker of the cue before, or nobody
            # when that one is unnamed ("the delegation said ..., arguing ...").
            return Cue(start, end, text, verb, last.speakers, start, end)
        return _participle_cue(doc, unit, start, end, text, verb)
    cue_end = end
    if verb in {"added", "adds", "said"} and (interpreter := INTERPRETER.match(doc.body, end)):
        cue_end = interpreter.end()  # "López Obrador added through an interpreter"
    # "Siew told reporters on Saturday U.S. Officials told him": with no comma or clause mark
    # between, a cue that the one before reports has its subject past that one
    # (the cue right before only: a unit of a thousand cues stays linear)
    before = earlier[-1] if earlier and earlier[-1].end <= start else None
    reported = before is not None and not re.search(r"[,;:()—–\"“”]", masked[before.end : start])
    floor = before.end if before is not None and reported else unit.start
    subject_end = start - len(progressive.group()) if progressive else start
    left = left_speaker(doc, unit, subject_end, verb, floor=floor)
    if left is not None:
        return Cue(start, cue_end, text, verb, left[0], left[1], cue_end)
    if verb not in cue_words().invertible:
        return None
    right = right_speaker(doc, cue_end, unit.end, inverted=True)
    if right is None:
        return None
    stop = phrase_end(masked, cue_end, min(unit.end, cue_end + RIGHT_WINDOW))
    return Cue(start, cue_end, text, verb, right[0], start, stop, inverted=True)


# where a cue's speaker said it, however long, before "that": "said in a filing with the
# Securities and Exchange Commission that", "said in a statement issued in New York on Monday that"
_IN_PHRASE_THAT = re.compile(
    r"\s+(?:(?:on|late|early)\s+\w+\s+)?in\s+(?:a|an|the|its|his|her|their)\s+"
    r"(?:[\w.&’'-]+\s+){0,12}?(?=that\b)"
)
_SUBJECT_WORD = re.compile(r"\b(?:it|he|she|they|we|I|you|there)\b", re.IGNORECASE)
# "Opecna quoted an OPEC official as saying", "Smith was quoted as saying": the one quoted
# speaks, not the outlet that quotes them
_QUOTED_AS = re.compile(
    r"\b(?:(?:was|were|is|are|(?:has|have|had)[ \t]+been)[ \t]+(?:[a-z]+ly[ \t]+)?)?"
    r"(?:quoted|cited|reported)(?:[ \t]+(?P<object>[^,;:.!?\x1f]{1,80}?))?[ \t]+as[ \t]+\Z"
)


def _quoted_as_cue(doc: Doc, unit: Unit, quoted: re.Match[str], end: int) -> Cue | None:
    subject = left_speaker(doc, unit, quoted.start(), "quoted")
    adjunct = re.match(r"(?:in|by|on|at|from|during)\b", quoted.group("object") or "")
    if quoted.group("object") is None or adjunct:
        # the passive: its subject was quoted ("He was quoted in the newspaper Harian AB as
        # saying": the paper is where)
        if subject is None:
            return None
        return Cue(quoted.start(), end, "quoted as saying", "quoted", subject[0], subject[1], end)
    np_start, np_end = quoted.span("object")
    m = doc.mention_ending(np_end)
    if m is not None and m.label == LOCATION:
        people = [p for p in doc.mentions_between(np_start, np_end) if p.label == PERSON]
        m = people[-1] if people else m  # "quoted Senator Don Nickles of Oklahoma as saying"
    if m is not None and m.start >= np_start:
        found: Speaker | None = ([m.canonical], m.start)
    else:
        found = description_speaker(doc, np_start, np_end)
    # the attribution runs from the clause's start: "..., the news agency Xinhua quoted"
    head = max([doc.masked.rfind(c, unit.start, quoted.start()) for c in ",;:"] + [unit.start - 1])
    lead = doc.masked[head + 1 : quoted.start()]
    span_start = head + 1 + len(lead) - len(lead.lstrip())
    speakers = found[0] if found is not None else []
    return Cue(quoted.start(), end, "quoted as saying", "quoted", speakers, span_start, end)


# a preposition of where something was posted or said, before a name: "posted to Twitter",
# "went on Facebook", "wrote in The Atlantic"
_WHERE_POSTED = re.compile(r"\b(?:to|on|onto|in|via|through|at|from)[ \t]+(?:the[ \t]+)?\Z")


def _participle_cue(doc: Doc, unit: Unit, start: int, end: int, text: str, verb: str) -> Cue | None:
    """ "Raab defended the party, saying ...": the speaker is the subject of the sentence;
    "with Foreign Minister Ayman Safadi warning": the name right before the participle."""
    gap = re.search(r"\s*\Z", doc.body[max(0, start - 5) : start])
    right_before = doc.mention_ending(start - len(gap.group()) if gap else start)
    if right_before is not None and _WHERE_POSTED.search(doc.body, unit.start, right_before.start):
        # "Emery posted to Twitter asking ...": who posted speaks, not where
        found = main_subject(doc, unit, right_before.start)
        return Cue(start, end, text, verb, found[0], found[1], end) if found else None
    if right_before is not None and right_before.label != LOCATION:
        return Cue(start, end, text, verb, [right_before.canonical], right_before.start, end)
    if not PARTICIPLE_AFTER.search(doc.masked, max(unit.start, start - 48), start):
        return None
    if (agent := _clause_agent(doc, unit, start)) is not None:
        return Cue(start, end, text, verb, [agent.canonical], agent.start, end)
    found = main_subject(doc, unit, start)
    if found is None:
        return None
    return Cue(start, end, text, verb, found[0], found[1], end)


# a clause inside a sentence, whose subject does what "by ...ing" tells: "Bond prices were
# recovering when Citibank surprised the market by announcing ..."
_SUBORDINATE = re.compile(r"\b(?:when|as|after|while|because|since|until|before|but)[ \t]+\Z")


def _clause_agent(doc: Doc, unit: Unit, start: int) -> EntityMention | None:
    """The named subject of the clause that a "by ...ing" participle ends, where that clause
    opens inside the sentence after a conjunction; None elsewhere."""
    if not re.search(r"\bby[ \t]+\Z", doc.masked[max(unit.start, start - 8) : start]):
        return None
    for m in reversed(doc.mentions_between(unit.start, start)):
        if (
            m.label != LOCATION
            and _SUBORDINATE.search(doc.masked[max(unit.start, m.start - 12) : m.start])
            and re.match(r"[ \t]+[a-z]+ed\b", doc.masked[m.end : start])
            and not re.search(r"[,;:.]", doc.masked[m.end : start])
        ):
            return m
    return None


# the most words of a label before a colon that names who speaks ("Media caption Barack Obama:")
_LABEL_WORDS = 6


def colon_cue(doc: Doc, unit: Unit) -> Cue | None:
    """ "Trump swiped at Ryan in a series of tweets: “...”": a sentence with no cue whose named
    subject introduces a quote with a colon, in the sentence or as the next paragraph."""
    first = unit.speech[0] if unit.speech else None
    text = doc.masked[unit.start : first.start if first else unit.end].rstrip()
    if not text.endswith(":") or MASK in text:
        return None
    if first is None and not re.match(r"[ \t]*\n\s*[“\"«]", doc.body[unit.end : unit.end + 20]):
        return None
    colon = unit.start + len(text) - 1
    if re.search(r"\b(?:which|who)\b", text):
        return None  # "the website, which contains the following statement:": not the subject
    labelled = doc.mention_ending(colon)
    if labelled and labelled.label == PERSON and len(text.split()) <= _LABEL_WORDS:
        # a short label ending with a person's name: "Media caption Barack Obama: “...”"
        return Cue(colon, colon + 1, ":", ":", [labelled.canonical], labelled.start, colon + 1)
    found = main_subject(doc, unit, colon)
    if found is None or not found[0]:
        return None
    return Cue(colon, colon + 1, ":", ":", found[0], found[1], colon + 1)


def _dash_cue(doc: Doc, unit: Unit, q: QuoteMarks) -> Cue | None:
    """ "“...” ― Stephanie Egan", "‘...’ —Rev. Billy Graham": a name, maybe after a title,
    after a dash that follows a quote."""
    match = DASH_ATTRIBUTION.match(doc.body, q.end)
    if not match or q.end >= unit.end:
        return None
    name_end = phrase_end(doc.masked, match.end(), min(unit.end, match.end() + RIGHT_WINDOW))
    if len(doc.body[match.end() : name_end].split()) > 6:
        return None
    # (a title's point may end the phrase early: "—Rev. Billy Graham")
    mentions = doc.mentions_between(match.end(), min(unit.end, match.end() + RIGHT_WINDOW))
    titled = bool(mentions) and all(
        is_title_word(w) for w in doc.body[match.end() : mentions[0].start].split()
    )
    if mentions and mentions[0].label != LOCATION and titled:
        speaker: str | None = mentions[0].canonical
    else:
        speaker = fallback_name(doc, match.end(), name_end)
    if not speaker:
        return None
    cue = match.group().strip()
    return Cue(match.start(), match.end(), cue, cue, [speaker], match.start(), name_end)


def anonymous_kind(doc: Doc, cue: Cue) -> str | None:
    """What "he"/"she" or "it" an unnamed speaker is ("a senior official", "the emergency
    service"); None for a plural ("officials"), a pronoun or an inverted cue."""
    if cue.inverted or cue.span_start >= cue.start:
        return None
    words = re.findall(r"[\w’'-]+", doc.masked[cue.span_start : cue.start])
    words = [w for w in words if w.casefold() not in AUXILIARIES]
    if not words:
        return None
    head = words[-1].casefold()
    if head in PRONOUNS or head in ANONYMOUS_PRONOUNS or head in GROUP_NOUNS:
        return None
    if head in PERSON_NOUNS or head in ROLE_WORDS or head in ANONYMOUS_PEOPLE:
        return PERSON
    if head.endswith("s") or not words[-1].islower():
        return None  # a plural, or a name nobody resolved
    return ORG


def speaks_for_body(doc: Doc, cue: Cue) -> bool:
    """Whether the subject of an organisation's cue is one person speaking for it ("a
    spokesman for Zenith", "a bourse spokeswoman"): then "he" or "she" after it is that voice."""
    if cue.inverted or cue.span_start >= cue.start:
        return False
    words = {w.casefold() for w in re.findall(r"[\w’'-]+", doc.masked[cue.span_start : cue.start])}
    return bool(words & (PERSON_NOUNS | ROLE_WORDS)) and not words & GROUP_NOUNS


# --- quotes to cues ------------------------------------------------------------------------------


def assign_quotes(doc: Doc, unit: Unit, cues: list[Cue]) -> dict[int, list[QuoteMarks]]:
    """Give each quote of a unit to a cue: the one right after "…,”", else the nearest one
    before it, else the nearest one after it."""
    assigned: dict[int, list[QuoteMarks]] = {}
    starts = [c.start for c in cues]
    for q in unit.speech:
        i = bisect.bisect_left(starts, q.end - 1)
        # A cue's subject may come before it, so look a few cues on for the first attribution
        # that starts after the quote.
        after = next(
            (j for j in range(i, min(i + 3, len(cues))) if cues[j].span_start >= q.end - 1), None
        )
        j = bisect.bisect_right(starts, q.start) - 1
        before = next((k for k in range(j, max(j - 3, -1), -1) if cues[k].end <= q.start), None)
        choice = None
        if after is not None:
            inner = doc.body[q.inner_start : q.inner_end].rstrip()
            gap = doc.masked[q.end : cues[after].span_start]
            coordinated = re.match(r"[\s,]*(?:and|but)\s", doc.body[q.end : q.end + 12])
            if (inner[-1:] in ",?!—–-" or not gap.strip(" \t,—–-")) and not coordinated:
                choice = after  # "…,” said X", not "…,” and others told Y"
        if choice is None:
            choice = before if before is not None else after
        if choice is not None:
            assigned.setdefault(choice, []).append(q)
    return assigned


def reported_clause(doc: Doc, unit: Unit, cue: Cue) -> tuple[int, int, str] | None:
    """The reported clause of a cue, with its offsets: after it ("said (that) ..."), before its
    attribution ("..., X said.", "..., according to X"), or both ("The reason, Sarukhan said,
    is because ...")."""
    body = doc.body
    end = min(unit.end, cue.span_end + MAX_CLAUSE)
    while end > cue.span_end and body[end - 1] in " \t.\n":
        end -= 1
    after_start = cue.span_end
    if cue.verb in {"told", "tells", "telling"}:
        that = THAT.search(body, after_start, min(end, after_start + 80))
        if that:
            after_start = that.end()
        elif obj := cue_words().told_audience.match(body, after_start, end) or TOLD_OBJECT.match(
            body, after_start, end
        ):
            after_start = obj.end()  # "told Reuters the company would ..."
    else:
        that = THAT.search(body, after_start, min(end, after_start + 40))
        if that is None and (phrase := _IN_PHRASE_THAT.match(body, after_start, end)):
            that = THAT.match(body, phrase.end())  # "said in a filing with the SEC that"
        between = body[after_start : that.start()] if that else ""
        # "said on Monday that ...", but not "said it may waive the condition that ...": a
        # subject after the cue opens what was said
        if that and not re.search(r"[,;:]", between) and not _SUBJECT_WORD.search(between):
            after_start = that.end()
        elif said_in := cue_words().said_in.match(body, after_start, end):
            after_start = said_in.end()  # "said in a statement it would ..."
        elif cue.verb in cue_words().needs_that and not NOMINATIVE.match(body, after_start, end):
            after_start = end
    after = body[after_start:end]
    if NO_COMMENT.match(after.lstrip(" ,:")):
        return None  # "said it had no comment on the offer"
    lead = len(after) - len(after.lstrip(" ,:"))
    after = "" if cue.inverted else after.strip(" ,:")  # ", said X, a former ambassador"
    after_span = (after_start + lead, after_start + lead + len(after))
    adjunct = bool(after) and after.split()[0].casefold() in ADJUNCT_STARTS
    if TIME_ADJUNCT.match(after):
        adjunct = True  # "..., Zelenskyy said Sunday, marking the third time": when, not what
    if cue.verb in {"asked", "asks"} and re.match(r"for\s.*\bto\s+[a-z]", after):
        adjunct = False  # "asked for the talks to resume": a request; "asked for water" not
    if re.match(r"about\s+(?:how|why|what|whether)\s", after):
        adjunct = False  # "said, about how “servers are ...”": what, not a topic
    after_clause = cue.verb != "according to" and _is_clause(after) and not adjunct
    # "X talks about ..., saying ...": what comes before a participle is no reported clause
    before = None if cue.verb.endswith("ing") else _before_clause(doc, unit, cue)
    # ", he said, ..." or ", he told me, ...": a cue set inside the clause it reports
    inside = body[cue.span_end : cue.span_end + 2].lstrip(" ")[:1] == "," or body[
        cue.span_end : after_start
    ].rstrip().endswith(",")
    # "It’s easy, she says, for people to marvel ...": the sentence's opening words and what
    # follows the cue are one reported clause
    # (only where what follows has no subject of its own: "rates will rise" is a clause)
    opened = inside and before is None and _is_clause(after) and cue.verb != "according to"
    opened = opened and after.split()[0] in AUXILIARIES | PREPOSITIONS
    if opened and (subject := _subject_before(doc, unit, cue)):
        text = f"{body[subject[0] : subject[1]]} ... {after}"
        return subject[0], after_span[1], text
    if before and after_clause and inside:
        text = f"{body[before[0] : before[1]].rstrip(' ,')} ... {after}"
        return before[0], after_span[1], text
    if after_clause:
        return (*after_span, after)
    if before:
        return (*before, body[before[0] : before[1]])
    if _is_clause(after) and (cue.verb == "according to" or len(after.split()) > 8):
        return (*after_span, after)
    return None


_ARTICLES = frozenset({"the", "a", "an"})
_SHORT_FORM_IN_BRACKETS = re.compile(r"\([A-Z][\w.&-]*\)")


def _after_article(words: list[str]) -> bool:
    """Whether words end with an article and any capitalised words after it ("the Kuwait"), or
    one or two lower-case words ("the private business")."""
    k = len(words)
    while k > 0 and words[k - 1][:1].isupper() and words[k - 1][-1:].isalpha():
        k -= 1
    if k == len(words):
        while len(words) - k < 2 and k > 0 and words[k - 1].isalpha() and words[k - 1].islower():
            if words[k - 1] in _ARTICLES:
                break
            k -= 1
    return k > 0 and words[k - 1].casefold() in _ARTICLES


def _is_role(word: str) -> bool:
    """A title or a role a person holds ("minister", "spokesman", "official")."""
    return is_title_word(word) or word in ROLE_WORDS or word in PERSON_NOUNS


def _in_attribution(words: list[str], i: int, after: str) -> bool:
    """Whether `words[i]`, read back from a speaker's name, still belongs to the attribution
    before it ("..., the state oil company Petrobras said"); `after` is the text from the name
    on."""
    word = words[i]
    return bool(
        word.casefold() in _ARTICLES
        or _SHORT_FORM_IN_BRACKETS.fullmatch(word)  # "..., Petroleum Corp (CEPE) said"
        # a descriptor after an article: "the state Ecuadorean Petroleum Corp", "the Kuwait
        # daily al-Qabas"
        or (word.isalpha() and _after_article(words[:i]))
        # "..., Economy Minister X said", "..., Toronto Stock Exchange official John Kolosky said"
        or _is_role(word)
        # the field of a role in lower case, and "general" after one: "..., information
        # minister Marco Lara told", "lead manager Amro said", "secretary general X said"
        or (
            word.isalpha()
            and word.islower()
            and word not in CONNECTIVES
            and i + 1 < len(words)
            and _is_role(words[i + 1])
        )
        or (word == "general" and i > 0 and _is_role(words[i - 1]))
        # two roles of one person: "..., First Deputy Prime Minister and Chairman of the State
        # Agro-Industrial Committee X told"
        or (
            word == "and"
            and 0 < i < len(words) - 1
            and _is_role(words[i - 1].casefold())
            and _is_role(words[i + 1].casefold())
        )
        or word in ORG_NOUNS  # "..., company spokesman Bjoern Tretvoll said"
        or word in ORG_HEADS  # "..., House committee chairman Lee Hamilton said"
        # "..., the department's officer in Sao Paulo said": where the speaker sits
        # (or its voice, of a described body: "a spokesman for the private business group X")
        or (word in {"in", "at", "of", "for"} and (after[:1].isupper() or after[:4] == "the "))
        or re.fullmatch(r"[a-z]+-[a-z]+", word)  # "..., state-oil company Petrobras said"
        or (word[:1].isupper() and word[-1:].isalpha())
        or re.fullmatch(r"(?:[A-Z]\.){2,4}", word)  # "..., the U.S. Agriculture Department"
    )


def _before_clause(doc: Doc, unit: Unit, cue: Cue) -> tuple[int, int] | None:
    """ "..., the Interior Ministry said in a statement": the clause before the attribution."""
    body = doc.body
    head, before_end = _before_bounds(doc, unit, cue)
    before = body[head:before_end]
    if re.search(r",[”\"’']?\s*\Z", before):
        clause = before.rstrip()
        words = clause.split()
        last = words[-1].casefold().strip(',”"’') if words else ""
        # "As the charges were unsealed, X testified": a lone subordinate clause reports
        # nothing; "While the dollar rose, the greenback may weaken, said X" does.
        lone = words[0].casefold() in SUBORDINATORS and "," not in clause.rstrip(',”"’ ')
        if _is_clause(clause) and last not in CONNECTIVES and not lone:
            lead = len(clause) - len(clause.lstrip())
            return head + lead, head + len(clause.removesuffix(","))  # "Output fell, X said"
    return None


def _before_bounds(doc: Doc, unit: Unit, cue: Cue) -> tuple[int, int]:
    """Where the text a cue may report before it starts and ends: from the unit's start (at most
    `MAX_CLAUSE` back, after a dateline: "WASHINGTON, March 26 - Corn sales ... rose, the
    department said" reports no place) to where the attribution starts ("..., the Interior
    Ministry said")."""
    head = max(unit.start, cue.span_start - MAX_CLAUSE)
    head = next((end for start, end in doc.datelines if start <= head < end), head)
    body = doc.body
    before_end = cue.span_start
    words_before = body[max(head, before_end - 160) : before_end].split()
    for i in range(len(words_before) - 1, -1, -1):
        if not _in_attribution(words_before, i, body[before_end : before_end + 4]):
            break
        before_end = body.rindex(words_before[i], head, before_end)
    return head, before_end


_SENTENCE_START = re.compile(r"(?:\A|[.!?][”\"’']?\s+|\n)(?=\S)")
_SUBJECT_WORDS = 6


def _subject_before(doc: Doc, unit: Unit, cue: Cue) -> tuple[int, int] | None:
    """ "It’s easy, she says, for people to marvel ...": the words that open the sentence
    before a cue set off by commas, too short to be a clause of their own, begin what it
    reports (the clause after the cue goes on from them)."""
    body = doc.body
    head, before_end = _before_bounds(doc, unit, cue)
    opening = list(_SENTENCE_START.finditer(body, head, before_end))
    if opening:
        start = opening[-1].end()
    elif head == unit.start:
        start = head + len(body[head:before_end]) - len(body[head:before_end].lstrip())
    else:
        return None
    words = body[start:before_end].split()
    if not 0 < len(words) <= _SUBJECT_WORDS or not words[-1].endswith(","):
        return None
    if not words[0][:1].isupper() or words[0].casefold() in SUBORDINATORS:
        return None
    return start, start + len(body[start:before_end].rstrip().removesuffix(","))


def _is_clause(text: str) -> bool:
    words = text.split()
    return len(words) >= 3 and any(w.islower() for w in words)
