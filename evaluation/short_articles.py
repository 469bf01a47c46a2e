"""Short articles are articles: Reuters-21578 briefs as HTML pages, none rejected.

Every story with a dateline and a short body (under `SHORT_CHARS` characters: dividend notices,
earnings lines, two-line flashes) is wrapped in the benchmark's realistic article page
(`bench.corpus.article_html`) and extracted; the row gives the share accepted, on the Reuters
story halves. Pages with no article (index, error and paywall pages) are checked by
tests/test_extract.py.
"""

from __future__ import annotations

import time

from ._data import QUICK_REUTERS_STEP, REUTERS, REUTERS_SPLIT
from ._figures import Report, Throughput, share_figures, split_row
from ._splits import half_of

SHORT_CHARS = 300


def evaluate_short_articles(report: Report, quick: bool) -> None:
    from bench.corpus import article_html, load_stories
    from etl import DropArticle, extract

    stories = [s for s in load_stories(REUTERS) if len(s.body) < SHORT_CHARS]
    if quick:
        stories = stories[::QUICK_REUTERS_STEP]
    accepted = []
    start = time.perf_counter()
    for story in stories:
        try:
            extract(article_html(story), None)
            ok = True
        except DropArticle:
            ok = False
        accepted.append((half_of(REUTERS_SPLIT, story.reuters_id), ok))
    seconds = time.perf_counter() - start
    sample = f", 1 in {QUICK_REUTERS_STEP}" if quick else ""
    report.rows.append(
        split_row("short_articles", "short articles accepted",
                  f"Reuters-21578 bodies < {SHORT_CHARS} chars as pages{sample}", accepted,
                  share_figures, other_name="accepted")
    )  # fmt: skip
    report.throughput.append(Throughput("extraction of short pages", "pages/s", len(stories),
                                        seconds))  # fmt: skip
