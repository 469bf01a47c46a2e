"""A set of pages labelled by hand for this project, and the rows `make eval` scores it with.

Each set keeps its labels in `evaluation/gold/<folder>/` (`entities.jsonl`, `quotes.jsonl`,
`datelines_sources.jsonl`, one row a page, the field names of the shared hand-labelled gold) and
says how to build the `Article` of each labelled page and which half a page is in. The English
Fundus pages (`fundus_labels`) and Readability's test pages (`readability_pages`) are two such
sets; both are scored by `score_labelled_set`, with the same functions as the shared gold.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ._figures import Counts, Report, Row, split_row
from ._runner import StageRunner
from ._scoring import (
    ENTITY_TYPES,
    entity_rows,
    name_key,
    opening_figures,
    place_figures,
    quote_figures,
    score_entities,
    score_openings,
    score_place,
    score_quotes,
    score_speakers,
)

GOLD = Path(__file__).resolve().parent / "gold"


@dataclass(frozen=True)
class LabelledSet:
    dataset: str  # the name the rows print
    suffix: str  # the end of each row's id ("_fundus": "entities_org_fundus")
    folder: str  # under evaluation/gold/
    half: Callable[[str], str]  # a page id's half
    # the Article of each page id asked for, not yet enriched
    pages: Callable[[set[str]], dict[str, Any]]

    def rows(self, name: str) -> list[dict[str, Any]]:
        """The rows of `name` (`entities`, `quotes`, ...), read once a run."""
        return _rows(self.folder, name)

    def articles(self, runner: StageRunner, only: set[str] | None = None) -> dict[str, Any]:
        """The enriched article of every labelled page (of those in `only`, if given), by
        label id."""
        wanted = {row["id"] for row in self.rows("entities")}
        pages = self.pages(wanted if only is None else wanted & only)
        return dict(zip(pages, runner.run(list(pages.values())), strict=True))


@cache
def _rows(folder: str, name: str) -> list[dict[str, Any]]:
    lines = (GOLD / folder / f"{name}.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _canonical_speakers(quotes: list[Any], aliases: dict[str, list[str]]) -> list[Any]:
    """Quotes with each speaker named as the labels name that entity ("Nato" is the North
    Atlantic Treaty Organization where the labels say so), as the entity rows count aliases."""
    canonical = {name_key(form): name for name, forms in aliases.items() for form in forms}
    return [
        dataclasses.replace(q, speaker=canonical.get(name_key(q.speaker), q.speaker))
        if q.speaker
        else q
        for q in quotes
    ]


def score_labelled_set(report: Report, runner: StageRunner, labels: LabelledSet) -> None:
    """The dateline, entity and quote rows of one labelled set."""
    articles = labels.articles(runner)
    name, suffix, half = labels.dataset, labels.suffix, labels.half
    places = []
    for row in labels.rows("datelines_sources"):
        want, got = row.get("dateline") or {}, articles[row["id"]].dateline
        counts = Counts()
        score_place(counts, want.get("place"), got.place if got else None)
        right = (want.get("agency") or None) == (got.agency if got else None)
        places.append((half(row["id"]), (counts, right)))
    report.rows.append(
        split_row(f"dateline{suffix}", "dateline place", name, places, place_figures,
                  other_name="agency acc")
    )  # fmt: skip
    scored = []
    for doc in labels.rows("entities"):
        entities = articles[doc["id"]].entities
        predicted = {kind: list(getattr(entities, kind)) for kind in ENTITY_TYPES}
        scored.append((half(doc["id"]), score_entities(doc, predicted)))
    entity_rows(report, scored, suffix, f"{name} (doc-level)")
    if not runner.has_quotes():
        return
    aliases = {doc["id"]: doc.get("aliases") or {} for doc in labels.rows("entities")}
    scored = [
        (half(doc["id"]), articles[doc["id"]], doc["quotes"], aliases[doc["id"]])
        for doc in labels.rows("quotes")
    ]
    report.rows += quote_rows(name, suffix, scored)


QuotedPage = tuple[str, Any, list[dict[str, Any]], dict[str, list[str]]]


def quote_rows(
    name: str, suffix: str, pages: Sequence[QuotedPage], openings: bool = True
) -> list[Row]:
    """The quote rows of a labelled set, from each page's (half, enriched article, gold quotes,
    the entity labels' aliases): quotes right (speaker and overlap), where the right ones open
    (`openings`), and quoted speakers per article."""
    quotes, opened, speakers = [], [], []
    for half, article, gold, aliases in pages:
        predicted = _canonical_speakers(article.quotes, aliases)
        counts, kinds = score_quotes(article.body, gold, predicted)
        quotes.append((half, (counts, kinds, len(gold))))
        opened.append((half, score_openings(article.body, gold, predicted)))
        speakers.append((half, score_speakers(gold, predicted)))
    rows = [
        split_row(f"quotes{suffix}", "quote speakers", f"{name} (speaker + overlap)", quotes,
                  quote_figures, other_name="kind acc"),
        split_row(f"quotes{suffix}_opening", "quote opens where gold's does",
                  f"{name} (right quotes)", opened, opening_figures, other_name="share"),
        split_row(f"quotes{suffix}_speakers", "quoted speakers per article",
                  f"{name} (set per article)", speakers),
    ]  # fmt: skip
    return rows if openings else [rows[0], rows[2]]
