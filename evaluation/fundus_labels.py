"""Entities, datelines and quotes on the hand-labelled English Fundus pages.

The labels are in `evaluation/gold/fundus-en/` (see its README); the text is each page's gold
body in `../shared/data/fundus`. The enrichment stages run over those bodies (as for the shared
hand-labelled gold), with the page's URL and headline, and are scored by the same functions as
the shared gold (`_labelled`), on the stored Fundus publisher halves.
"""

from __future__ import annotations

from typing import Any

from ._figures import Report
from ._labelled import LabelledSet, score_labelled_set
from ._runner import StageRunner
from ._splits import half_of
from .fundus import FUNDUS_SPLIT, english_pages


def label_half(page_id: str) -> str:
    return half_of(FUNDUS_SPLIT, page_id.rsplit("_", 3)[0])  # "<country>/<Publisher>"


def _pages(ids: set[str]) -> dict[str, Any]:
    from etl import Article, article_id
    from etl._extract import domain_of

    pages = {
        f"{p.path.parent.name}/{p.path.name.removesuffix('.html.gz')}": p for p in english_pages()
    }
    missing = ids - set(pages)
    if missing:
        raise SystemExit(f"labelled Fundus pages missing from ../shared: {sorted(missing)}")
    return {
        i: Article(id=article_id(pages[i].url), url=pages[i].url, title=pages[i].gold.get("title"),
                   body=pages[i].body, domain=domain_of(pages[i].url), language="en")
        for i in sorted(ids)
    }  # fmt: skip


FUNDUS_LABELS = LabelledSet(
    dataset="hand-labelled Fundus EN", suffix="_fundus", folder="fundus-en", half=label_half,
    pages=_pages,
)  # fmt: skip


def evaluate_fundus_labels(report: Report, runner: StageRunner) -> None:
    score_labelled_set(report, runner, FUNDUS_LABELS)
