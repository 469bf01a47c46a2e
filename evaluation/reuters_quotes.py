"""Who is quoted in wire copy: Reuters-21578 stories with their speakers labelled by hand.

Stories of 1987 (700 to 2,500 characters, at least two reporting verbs, sampled along fixed
sequences of the collection, as many in each of the Reuters halves; the gold's README gives the
rule and the count) were labelled by reading alone, before anyone saw what the project makes of
them: one entry per reporting cue, its speaker a named person or
organisation (`evaluation/gold/reuters-quotes/README.md` gives the rules and the source). The
labels hold speaker names and cue words only, never the stories' text, which stays in
`../shared` (research use only).

The stages run over the story as the bench's pages give it (`bench.corpus`: the dateline, then
the body's paragraphs with their wire line breaks joined), and the row is the set of speakers
per story, scored as the hand-labelled web pages are (`_scoring.score_speakers`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ._data import QUICK_REUTERS_STEP, REUTERS, REUTERS_SPLIT, jsonl
from ._figures import Report, Row, split_row
from ._runner import StageRunner
from ._scoring import score_speakers
from ._splits import half_of

LABELS = Path(__file__).resolve().parent / "gold" / "reuters-quotes" / "quotes.jsonl"
DATASET = "Reuters-21578 stories, hand-labelled"


def labelled_stories(
    runner: StageRunner, half: str | None = None, step: int = 1
) -> list[tuple[dict, Any]]:
    """(label row, enriched article) of each labelled story, of one half if `half` is given,
    every `step`-th only; the stages run over those stories only."""
    from bench.corpus import load_stories
    from etl import Article

    labels = [
        row
        for row in jsonl(LABELS)
        if half is None or half_of(REUTERS_SPLIT, str(row["id"])) == half
    ][::step]
    stories = {story.reuters_id: story for story in load_stories(REUTERS)}
    missing = sorted(row["id"] for row in labels if row["id"] not in stories)
    if missing:
        raise SystemExit(f"{LABELS}: stories {missing} are not in {REUTERS}")
    articles = [
        Article(id=f"reuters-{row['id']}", url=None, body="\n".join(stories[row["id"]].paragraphs))
        for row in labels
    ]
    return list(zip(labels, runner.run(articles), strict=True))


def evaluate_reuters_quotes(
    report: Report, runner: StageRunner, no_stage: str, quick: bool = False
) -> None:
    """The speakers row; `quick` scores every `QUICK_REUTERS_STEP`-th story only."""
    step = QUICK_REUTERS_STEP if quick else 1
    dataset = f"{DATASET} (1 in {step})" if quick else DATASET
    if not runner.has_quotes():
        stories = len(list(jsonl(LABELS))[::step])
        report.rows.append(Row("quotes_reuters_speakers", "quoted speakers per article", dataset,
                               stories, status="n/a", note=no_stage))  # fmt: skip
        return
    scored = [
        (half_of(REUTERS_SPLIT, str(row["id"])), score_speakers(row["quotes"], article.quotes))
        for row, article in labelled_stories(runner, step=step)
    ]
    report.rows.append(
        split_row("quotes_reuters_speakers", "quoted speakers per article", dataset, scored)
    )
