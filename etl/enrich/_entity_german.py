"""What German does to names that English does not, for the rules that read English.

German capitalises every noun, so a capitalised word beside a name is no evidence that it
belongs to the name ("traf Präsident Emmanuel Macron", "Außenministerin Beate Meinl-Reisinger"):
the rules that grow a name by the capitalised words next to it read English and stay off
(`CAPITALISED_NOUNS`). And German names take a genitive -s ("Deutschlands Wirtschaft",
"Trumps Plan", "des Irans"), which the tagger keeps in the name: `genitive_bases` cuts it where
the document or the gazetteer knows the name without it. An institution's name holds its
field after "für" or "der" (`institutions_with_fields`), which the tagger often leaves out. A
noun's article is no part of a name: a "person" right after one is a noun phrase
(`no_people_after_articles`), and one that opens a sentence is cut off the name after it
(`opening_articles`). A known short form joined by a hyphen to an institution's head noun
is that institution (`prefixed_institutions`: "EU-Kommission", "UN-Sicherheitsrat"), and a
name in quotation marks after a noun for an outlet, party or group is that body
(`quoted_names`: "die Online-Zeitung „Ukrajinska Prawda“"). A
declined name is looked up in lists by its nominatives (`nominatives`: "der Vereinigten
Staaten"), and takes its nominative where the document or the organisation list has it
(`nominative_names`).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from ._entity_mentions import Mention, is_place, known_countries, name_key, resolve_overlaps
from ._entity_words import LOCATION, ORG, PERSON
from ._gazetteer import territory_names
from ._knowledge import is_known_organisation

_HEADS = Path(__file__).with_name("data") / "german_institution_heads.json"

# Languages that capitalise every noun (ISO 639-1): German, Luxembourgish.
CAPITALISED_NOUNS = frozenset({"de", "lb"})

_MIN_BASE = 3  # letters: "Irans" -> "Iran", never "Ras" -> "Ra"


def genitive_bases(mentions: list[Mention], body: str) -> None:
    """Cut the genitive -s off a name where the name without it stands alone elsewhere in the
    document ("Trumps" beside "Donald Trump") or is a known place ("Irans", "Hamburgs").
    "Paris", "Klaus" or "Niklas" stay: nothing knows "Pari" or "Nikla"."""
    for m in mentions:
        last = m.text.split()[-1] if m.text.split() else ""
        if not last.endswith("s") or last.endswith("ss") or len(last) <= _MIN_BASE:
            continue
        base = m.text[:-1]
        alone = re.search(rf"(?<![\w-]){re.escape(base)}(?![\w-])", body)
        if alone or is_place(base):
            m.end -= 1
            m.text = body[m.start : m.end]


@cache
def _heads(kind: str) -> tuple[str, ...]:
    """The head nouns of `data/german_institution_heads.json`: "heads" of institutions' names,
    "quoted_name_heads" before a body's name in quotation marks."""
    return tuple(json.loads(_HEADS.read_text("utf-8"))[kind])


# a noun, perhaps an article, then a capitalised name of at most four words in quotation marks:
# "der Online-Zeitung „Ukrajinska Prawda“", "eines Podcasts des „Stern“"
_QUOTED_NAME = re.compile(
    r"(?P<head>[\w-]+)[ \t]+(?:(?:der|des|dem|den|die|von)[ \t]+)?[„\"»«]"
    r"(?P<name>[A-ZÄÖÜ][^„“”\"»«\n.!?:;]{0,50}?)[“”\"«»]"
)
_MAX_QUOTED_WORDS = 4


def quoted_names(mentions: list[Mention], body: str) -> list[Mention]:
    """A capitalised name in quotation marks right after a noun for an outlet, a party or a
    group is that body, as German news sets them ("die Online-Zeitung „Ukrajinska Prawda“",
    "der Regierungspartei „Georgischer Traum“"); the title of a film or a word quoted after
    "Begriff" is none."""
    heads = _heads("quoted_name_heads")
    found = []
    for quoted in _QUOTED_NAME.finditer(body):
        name = quoted.group("name").strip()
        words = name.split()
        if not quoted.group("head").casefold().endswith(heads) or len(words) > _MAX_QUOTED_WORDS:
            continue
        if all(w[:1].isupper() or not w[:1].isalpha() for w in words):
            start = quoted.start("name")
            found.append(Mention(start, start + len(name), name, ORG, "headed"))
    return resolve_overlaps(mentions + found) if found else mentions


# the field of an institution: "für Neurodegenerative Erkrankungen", "der Russischen Föderation",
# "für Radikalisierungsforschung und Prävention"; capitalised words, at most four
_FIELD = re.compile(
    r"[ \t]+(?:für|der|des)[ \t]+[A-ZÄÖÜ][\w-]*(?:[ \t]+(?:und[ \t]+)?[A-ZÄÖÜ][\w-]*){0,3}"
)


def institutions_with_fields(mentions: list[Mention], body: str) -> list[Mention]:
    """An institution's name whose head takes its field after "für", "der" or "des" is one
    name, where the model cut it in two or left the field out ("Deutschen Zentrums" +
    "Neurodegenerative Erkrankungen", "Leipziger Hochschule" + "Grafik" + "Buchkunst")."""
    heads = _heads("heads")
    found = []
    for m in mentions:
        words = m.text.split()
        if m.label == PERSON or not words or not words[-1].casefold().endswith(heads):
            continue
        if field := _FIELD.match(body, m.end):
            found.append(Mention(m.start, field.end(), body[m.start : field.end()], ORG, "headed"))
    return resolve_overlaps(mentions + found) if found else mentions


# a known body's or country's short form joined to an institution by a hyphen ("EU-Kommission",
# "UN-Sicherheitsrat", "US-Justizministeriums")
_PREFIXED = re.compile(
    r"(?<![\w-])(?P<prefix>[A-Z][A-Za-z]{1,4})-(?P<rest>[A-ZÄÖÜ][a-zäöüß]+)(?![\w-])"
)


def prefixed_institutions(mentions: list[Mention], body: str) -> list[Mention]:
    """A known organisation's or country's short form joined by a hyphen to a noun that heads
    an institution's name is that institution ("EU-Kommission", "UN-Sicherheitsrat",
    "US-Justizministerium"); the tagger leaves such compounds out, or keeps only the short
    form. "EU-Gesetz" or "US-Präsident" name none: their nouns head no institution."""
    heads = _heads("heads")
    found = []
    for compound in _PREFIXED.finditer(body):
        prefix, rest = compound.group("prefix"), compound.group("rest")
        known = is_known_organisation(prefix) or name_key(prefix) in known_countries()
        if known and rest.casefold().endswith(heads):
            start, end = compound.span()
            found.append(Mention(start, end, body[start:end], ORG, "headed"))
    return resolve_overlaps(mentions + found) if found else mentions


# the articles of German nouns; a person's name takes none in news prose ("sagte Merz")
_ARTICLE_BEFORE = re.compile(r"(?:^|[^\w])(?:der|die|das|des|dem|den)[ \t]+\Z")


def no_people_after_articles(mentions: list[Mention], body: str, language: str) -> None:
    """A "person" right after an article is a noun phrase the tagger took for a name ("des
    Weißen Hauses", "die Grünen"): German news names a person without one, and with a role
    between them ("der Kanzler Friedrich Merz"). A country or region the language names so is
    a place ("die Türkei"); any other such name's type is unknown, so it is dropped."""
    for m in mentions:
        if m.label == PERSON and _ARTICLE_BEFORE.search(body, max(0, m.start - 5), m.start):
            m.label = LOCATION if m.text in territory_names(language) else None


_OPENING_ARTICLE = re.compile(r"(?:Der|Die|Das|Des|Dem|Den)[ \t]+(?=[A-ZÄÖÜ])")


def opening_articles(mentions: list[Mention]) -> None:
    """An article that opens a sentence is no part of the name after it ("Die International
    School on the Rhine"), unless the name is known with it ("Der Spiegel", "Die Linke")."""
    for m in mentions:
        article = _OPENING_ARTICLE.match(m.text)
        if article and m.label is not None and not is_known_organisation(m.text):
            m.start += article.end()
            m.text = m.text[article.end() :]


_MAX_DECLINED_WORDS = 4


def nominatives(name: str) -> list[str]:
    """The nominatives a declined German name of several words may have, for looking it up in
    a list of names ("Vereinigten Staaten" -> "Vereinigte Staaten", "Europäischen Union" ->
    "Europäische Union", "Vereinigten Königreichs" -> "Vereinigtes Königreich"): an adjective's
    -en read as -e, -es or -er, and the last word as written or without a dative -n or a
    genitive -s or -es. The name itself comes first."""
    words = name.split()
    if not 2 <= len(words) <= _MAX_DECLINED_WORDS:
        return [name]
    forms: list[list[str]] = [[]]
    for word in words[:-1]:
        endings = [word] + (
            [word[:-1], word[:-1] + "s", word[:-1] + "r"] if word.endswith("en") else []
        )
        forms = [[*form, ending] for form in forms for ending in endings]
    last = words[-1]
    lasts = [last] + [
        last[: -len(e)]
        for e in ("n", "s", "es")
        if last.endswith(e) and len(last) > len(e) + _MIN_BASE
    ]
    return [" ".join([*form, end]) for form in forms for end in lasts]


def nominative_names(mentions: list[Mention]) -> None:
    """A declined name of an organisation or place takes its nominative where the document
    names it so too, or the organisation list knows it ("der Europäischen Kommission" beside
    "Die Europäische Kommission"): one name, one facet value."""
    named = {m.canonical for m in mentions if m.label in (ORG, LOCATION)}
    for m in mentions:
        if m.label not in (ORG, LOCATION) or is_known_organisation(m.canonical):
            continue
        for form in nominatives(m.canonical)[1:]:
            if form in named or (m.label == ORG and is_known_organisation(form)):
                m.canonical = form
                break
