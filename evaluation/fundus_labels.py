"""Entities, datelines and quotes on the hand-labelled English Fundus pages.

The labels are in `evaluation/gold/fundus-en/` (see its README); the text is each page's gold
body in `../shared/data/fundus`. The enrichment stages run over those bodies (as for the shared
hand-labelled gold), with the page's URL and headline, and are scored by the same functions as
the shared gold, on the stored Fundus publisher halves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ._figures import Counts, Report, split_row
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
from ._splits import half_of
from .fundus import FUNDUS_SPLIT, english_pages

LABELS = Path(__file__).resolve().parent / "gold" / "fundus-en"
DATASET = "hand-labelled Fundus EN"


def label_rows(name: str) -> list[dict[str, Any]]:
    lines = (LABELS / f"{name}.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def label_half(page_id: str) -> str:
    return half_of(FUNDUS_SPLIT, page_id.rsplit("_", 3)[0])  # "<country>/<Publisher>"


def labelled_articles(runner: StageRunner, only: set[str] | None = None) -> dict[str, Any]:
    """The enriched article of every labelled page (of those in `only`, if given), by label
    id."""
    from etl import Article, article_id
    from etl._extract import domain_of

    wanted = {row["id"] for row in label_rows("entities")}
    pages = {
        f"{p.path.parent.name}/{p.path.name.removesuffix('.html.gz')}": p for p in english_pages()
    }
    missing = wanted - set(pages)
    if missing:
        raise SystemExit(f"labelled Fundus pages missing from ../shared: {sorted(missing)}")
    ids = sorted(wanted if only is None else wanted & only)
    articles = [
        Article(id=article_id(pages[i].url), url=pages[i].url, title=pages[i].gold.get("title"),
                body=pages[i].body, domain=domain_of(pages[i].url), language="en")
        for i in ids
    ]  # fmt: skip
    return dict(zip(ids, runner.run(articles), strict=True))


def _canonical_speakers(quotes: list[Any], aliases: dict[str, list[str]]) -> list[Any]:
    """Quotes with each speaker named as the labels name that entity ("Nato" is the North
    Atlantic Treaty Organization where the labels say so), as the entity rows count aliases."""
    import dataclasses

    canonical = {name_key(form): name for name, forms in aliases.items() for form in forms}
    return [
        dataclasses.replace(q, speaker=canonical.get(name_key(q.speaker), q.speaker))
        if q.speaker
        else q
        for q in quotes
    ]


def evaluate_fundus_labels(report: Report, runner: StageRunner) -> None:
    articles = labelled_articles(runner)
    places = []
    for row in label_rows("datelines_sources"):
        want, got = row.get("dateline") or {}, articles[row["id"]].dateline
        counts = Counts()
        score_place(counts, want.get("place"), got.place if got else None)
        right = (want.get("agency") or None) == (got.agency if got else None)
        places.append((label_half(row["id"]), (counts, right)))
    report.rows.append(
        split_row("dateline_fundus", "dateline place", DATASET, places, place_figures,
                  other_name="agency acc")
    )  # fmt: skip
    scored = []
    for doc in label_rows("entities"):
        entities = articles[doc["id"]].entities
        predicted = {kind: list(getattr(entities, kind)) for kind in ENTITY_TYPES}
        scored.append((label_half(doc["id"]), score_entities(doc, predicted)))
    entity_rows(report, scored, "_fundus", f"{DATASET} (doc-level)")
    if not runner.has_quotes():
        return
    aliases = {doc["id"]: doc.get("aliases") or {} for doc in label_rows("entities")}
    quotes, openings, speakers = [], [], []
    for doc in label_rows("quotes"):
        article = articles[doc["id"]]
        predicted = _canonical_speakers(article.quotes, aliases[doc["id"]])
        counts, kinds = score_quotes(article.body, doc["quotes"], predicted)
        quotes.append((label_half(doc["id"]), (counts, kinds, len(doc["quotes"]))))
        openings.append(
            (label_half(doc["id"]), score_openings(article.body, doc["quotes"], predicted))
        )
        speakers.append((label_half(doc["id"]), score_speakers(doc["quotes"], predicted)))
    report.rows.append(
        split_row("quotes_fundus", "quote speakers", f"{DATASET} (speaker + overlap)", quotes,
                  quote_figures, other_name="kind acc")
    )  # fmt: skip
    report.rows.append(
        split_row("quotes_fundus_opening", "quote opens where gold's does",
                  f"{DATASET} (right quotes)", openings, opening_figures, other_name="share")
    )  # fmt: skip
    report.rows.append(
        split_row("quotes_fundus_speakers", "quoted speakers per article",
                  f"{DATASET} (set per article)", speakers)
    )  # fmt: skip
