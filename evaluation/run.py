"""The measurement table: every figure computed now, from the data sets in ../shared.

    python -m evaluation.run [--quick] [--json PATH] [--stage DOTTED.PATH=ORDER ...]

One table of quality figures (each row names its data set) and one of throughput, both measured
in this run through the project's own code paths: `etl.extract` for extraction, the enrichment
stages that `etl.Pipeline(etl.Settings())` builds for everything else, and
`etl.enrich.parse_dateline` for the Reuters leads. Enrichment rows run the stages over the
ground-truth bodies, not over extracted text, so extraction errors do not leak into them.

`--quick` subsamples the big sets (every 10th Reuters story, of the leads and of the stories
labelled with their speakers, every 10th page of htmldate's, and the first 100 CoNLL++ documents);
`--json PATH` writes the figures for comparison between commits; `--stage` enables, disables
(`=none`) or reorders a stage for this run, e.g. `--stage etl.enrich.QuoteStage=none`.

The sections that score each data set are here and in `fundus`, `fundus_labels`, `languages`,
`readability_pages`, `comparison_pages`, `mediacloud_pages`, `webnews_pages`, `htmldate_pages`,
`short_articles` and `stories`. What they share has a module of its own: the figures and the
printed table (`_figures`), how a prediction is scored against the gold (`_scoring`), where the
data sets are and how they are read (`_data`), the sets labelled for this project (`_labelled`)
and the pages a Go module carries (`_module_pages`), and the stage runner (`_runner`).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import logging
import re
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._data import (
    BENCHMARK,
    CONLL,
    CONLL_SPLIT,
    FUNDUS,
    HANDLABELLED,
    PAGES_SPLIT,
    POLNEAR,
    POLNEAR_SPLIT,
    QUICK_CONLL_DOCS,
    QUICK_REUTERS_STEP,
    REPO,
    REUTERS,
    REUTERS_SPLIT,
    SEED_ID,
    SEED_TEXT,
    handlabelled,
    jsonl,
    page_half,
    require,
)
from ._figures import (
    BOOTSTRAP_RESAMPLES,
    Counts,
    Report,
    Row,
    Throughput,
    counts_figures,
    format_report,
    share_figures,
    split_row,
)
from ._runner import StageRunner, stage_settings
from ._scoring import (
    ENTITY_TYPES,
    MENTION_LABELS,
    entity_rows,
    label_figures,
    opening_figures,
    overlaps,
    place_figures,
    quote_figures,
    score_entities,
    score_mentions,
    score_openings,
    score_place,
    score_quotes,
    score_speakers,
    shingle_figures,
    shingle_scores,
    span_of,
    speakers_match,
)
from ._splits import half_of, publisher_key

if TYPE_CHECKING:
    from ._module_pages import ModulePages

NO_QUOTE_STAGE = "n/a (no quote stage enabled)"


# --- extraction ----------------------------------------------------------------------------------


def plain_trafilatura(html: bytes, url: str) -> str:
    """The body trafilatura alone extracts: the baseline that the extraction rows set beside
    `etl.extract`."""
    from .fundus import trafilatura_fields

    return trafilatura_fields(html, url).body


def evaluate_extraction(report: Report) -> dict[str, Any]:
    """Both extraction rows and their throughput; returns the extracted articles by page id
    (their metadata serves the enrichment rows)."""
    from etl import DropArticle, extract

    truth = json.loads((BENCHMARK / "ground-truth.json").read_text("utf-8"))
    pages = {
        page_id: gzip.decompress((BENCHMARK / "html" / f"{page_id}.html.gz").read_bytes())
        for page_id in sorted(truth)
    }
    first = next(iter(pages))  # warm up: imports and lazily loaded models are not page costs
    with contextlib.suppress(DropArticle):
        extract(pages[first], truth[first]["url"])
    plain_trafilatura(pages[first], truth[first]["url"])
    articles: dict[str, Any] = {}
    ours, plain = [], []
    seconds = plain_seconds = 0.0
    for page_id, html in pages.items():
        url, body = truth[page_id]["url"], truth[page_id]["articleBody"]
        half = half_of(PAGES_SPLIT, publisher_key(url))
        start = time.perf_counter()
        try:
            articles[page_id] = extract(html, url)
            text = articles[page_id].body
        except DropArticle:
            text = ""
        seconds += time.perf_counter() - start
        ours.append((half, (*shingle_scores(text, body), page_id not in articles)))
        start = time.perf_counter()
        base = plain_trafilatura(html, url)
        plain_seconds += time.perf_counter() - start
        plain.append((half, (*shingle_scores(base, body), None)))
    n = len(pages)
    dataset = "article-extraction-benchmark (half)"
    report.rows.append(
        split_row("extraction", "extraction (shingles)", dataset, ours, shingle_figures,
                  other_name="dropped")
    )  # fmt: skip
    report.rows.append(
        split_row("extraction_trafilatura", "extraction, trafilatura alone", dataset, plain,
                  shingle_figures)
    )  # fmt: skip
    report.throughput.append(Throughput("extraction (etl.extract)", "pages/s", n, seconds))
    report.throughput.append(
        Throughput("extraction, trafilatura fast alone", "pages/s", n, plain_seconds)
    )
    return articles


# --- datelines over Reuters-21578 ----------------------------------------------------------------

_MONTH_RE = re.compile(
    r"\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d+.*$", re.I
)


def reuters_place(dateline: str) -> str | None:
    """The place of a tagged Reuters dateline: "SALVADOR, Feb 26 -" -> "SALVADOR". Table rows
    mis-tagged as datelines ("us 7.8015 -") have none."""
    head = dateline.split(",", 1)[0] if "," in dateline else _MONTH_RE.sub("", dateline)
    head = head.strip().rstrip("-").strip()
    if not head or not head[0].isupper() or any(c.isdigit() for c in head):
        return None
    return head


def evaluate_reuters(report: Report, quick: bool) -> None:
    from etl.enrich import parse_dateline

    stories = [s for s in jsonl(REUTERS) if s.get("dateline") and s.get("body")]
    if quick:
        stories = stories[::QUICK_REUTERS_STEP]
    places: list[tuple[str, Counts]] = []
    false_positives: list[tuple[str, bool]] = []
    parse_dateline("LONDON, Feb 26 - warm up: the gazetteer loads on first use")
    start = time.perf_counter()
    for story in stories:
        half = half_of(REUTERS_SPLIT, story["id"])
        lead = f"{story['dateline']} {story['body']}"
        found = parse_dateline(lead)
        counts = Counts()
        score_place(counts, reuters_place(story["dateline"]), found.place if found else None)
        places.append((half, counts))
        false_positives.append((half, parse_dateline(story["body"]) is not None))
    seconds = time.perf_counter() - start
    n = len(stories)
    sample = f" (1 in {QUICK_REUTERS_STEP})" if quick else ""
    report.rows.append(
        split_row("dateline_reuters", "dateline place", f"Reuters-21578 leads{sample}", places)
    )
    report.rows.append(
        split_row("dateline_reuters_fp", "dateline false positives",
                  f"Reuters-21578 bodies without dateline{sample}", false_positives,
                  share_figures, other_name="fp-rate")
    )  # fmt: skip
    report.throughput.append(
        Throughput("parse_dateline (Reuters leads + bodies)", "calls/s", 2 * n, seconds)
    )


# --- hand-labelled gold over the benchmark pages -------------------------------------------------


def extract_benchmark_pages(only: set[str]) -> dict[str, Any]:
    """The extracted `Article` of each benchmark page in `only` (dropped pages left out): their
    metadata, without extracting and timing every page as `evaluate_extraction` does."""
    from etl import DropArticle, extract

    truth = json.loads((BENCHMARK / "ground-truth.json").read_text("utf-8"))
    articles: dict[str, Any] = {}
    for page_id in sorted(only & truth.keys()):
        html = gzip.decompress((BENCHMARK / "html" / f"{page_id}.html.gz").read_bytes())
        with contextlib.suppress(DropArticle):
            articles[page_id] = extract(html, truth[page_id]["url"])
    return articles


def handlabelled_articles(extracted: dict[str, Any]) -> dict[str, Any]:
    """One `Article` per page of the hand-labelled gold: the ground-truth body, with the URL and
    site name that extraction found (the sources stage needs them)."""
    from etl import Article, article_id
    from etl._extract import domain_of

    truth = json.loads((BENCHMARK / "ground-truth.json").read_text("utf-8"))
    articles: dict[str, Any] = {}
    for row in jsonl(HANDLABELLED / "datelines_sources.jsonl"):
        page_id = row["id"]
        if page_id == SEED_ID:  # a plain-text file: no URL, publisher unknown (see the gold)
            body = SEED_TEXT.read_text("utf-8").strip()
            articles[page_id] = Article(id=SEED_ID, url=None, body=body)
            continue
        body = truth[page_id]["articleBody"].strip()
        url = truth[page_id]["url"]
        meta = extracted.get(page_id)
        articles[page_id] = Article(
            id=article_id(url),
            url=meta.url if meta else url,
            title=meta.title if meta else None,
            body=body,
            publisher=meta.publisher if meta else None,
            domain=meta.domain if meta else domain_of(url),
            language=meta.language if meta else None,
        )
    return articles


def evaluate_sources(report: Report, articles: dict[str, Any]) -> None:
    gold = {row["id"]: row for row in jsonl(HANDLABELLED / "datelines_sources.jsonl")}
    places: list[tuple[str, tuple[Counts, bool]]] = []
    for page_id, row in gold.items():
        article = articles[page_id]
        want = row.get("dateline") or {}
        got = article.dateline
        counts = Counts()
        score_place(counts, want.get("place"), got.place if got else None)
        agency_right = (want.get("agency") or None) == (got.agency if got else None)
        places.append((page_half(row), (counts, agency_right)))
    dataset = "hand-labelled modern pages"
    report.rows.append(
        split_row("dateline_hand", "dateline place", dataset, places, place_figures,
                  other_name="agency acc")
    )  # fmt: skip
    for key, attr, task in (
        ("wire_agency", "wire_agency", "wire agency"),
        ("syndication", "syndicated_from", "syndication"),
    ):
        pairs = [
            (page_half(row), (row.get(key), getattr(articles[page_id], attr)))
            for page_id, row in gold.items()
        ]
        report.rows.append(
            split_row(key, task, "hand-labelled (non-null labels)", pairs, label_figures,
                      other_name="accuracy")
        )  # fmt: skip


def evaluate_entities(report: Report, articles: dict[str, Any]) -> None:
    docs = handlabelled("entities.jsonl")
    scored = []
    for doc in docs:
        entities = articles[doc["id"]].entities
        predicted = {kind: list(getattr(entities, kind)) for kind in ENTITY_TYPES}
        scored.append((page_half(doc), score_entities(doc, predicted)))
    entity_rows(report, scored, "", "hand-labelled benchmark pages (doc-level canonical)")


# --- entity mentions over CoNLL++ ----------------------------------------------------------------


def evaluate_conll(report: Report, runner: StageRunner, quick: bool) -> None:
    from etl import Article

    docs = list(jsonl(CONLL))
    if quick:
        docs = docs[:QUICK_CONLL_DOCS]
    articles = runner.run(
        [Article(id=d["doc_id"], url=None, body=d["text"], language="en") for d in docs]
    )
    scored = []
    for doc, article in zip(docs, articles, strict=True):
        gold = [(e["text"], e["label"]) for e in doc["entities"]]
        predicted = [(m.text, MENTION_LABELS[m.label]) for m in article.entity_mentions]
        scored.append((half_of(CONLL_SPLIT, doc["doc_id"]), score_mentions(gold, predicted)))
    dataset = "CoNLL++ test docs (doc-level mentions)"
    if quick:
        dataset = f"CoNLL++ test docs, first {QUICK_CONLL_DOCS} (doc-level mentions)"
    for label in (*MENTION_LABELS.values(), "all"):
        task = "entity mentions PER+ORG+LOC" if label == "all" else f"entity mentions {label}"
        items = [
            (half, [counts[label]] if label != "all" else list(counts.values()))
            for half, counts in scored
        ]
        report.rows.append(
            split_row(f"mentions_{label.lower()}", task, dataset, items,
                      lambda parts: counts_figures([c for part in parts for c in part]))
        )  # fmt: skip


# --- quotes --------------------------------------------------------------------------------------


def evaluate_quotes(report: Report, articles: dict[str, Any], enabled: bool) -> None:
    docs = handlabelled("quotes.jsonl")
    n = sum(len(doc["quotes"]) for doc in docs)
    dataset = "hand-labelled (speaker + overlap)"
    if not enabled:
        report.rows.append(Row("quotes_hand", "quote speakers", dataset, n, status="n/a",
                               note=NO_QUOTE_STAGE))  # fmt: skip
        report.rows.append(Row("quotes_hand_opening", "quote opens where gold's does",
                               "hand-labelled (right quotes)", n, status="n/a",
                               note=NO_QUOTE_STAGE))  # fmt: skip
        report.rows.append(Row("quotes_hand_speakers", "quoted speakers per article",
                               "hand-labelled (set of speakers per article)", len(docs),
                               status="n/a", note=NO_QUOTE_STAGE))  # fmt: skip
        return
    scored = []
    for doc in docs:
        article = articles[doc["id"]]
        counts, kinds = score_quotes(article.body, doc["quotes"], article.quotes)
        scored.append((page_half(doc), (counts, kinds, len(doc["quotes"]))))
    report.rows.append(
        split_row("quotes_hand", "quote speakers", dataset, scored, quote_figures,
                  other_name="kind acc")
    )  # fmt: skip
    openings = [
        (page_half(doc), score_openings(articles[doc["id"]].body, doc["quotes"],
                                        articles[doc["id"]].quotes))
        for doc in docs
    ]  # fmt: skip
    report.rows.append(
        split_row("quotes_hand_opening", "quote opens where gold's does",
                  "hand-labelled (right quotes)", openings, opening_figures, other_name="share")
    )  # fmt: skip
    # Who is quoted in each article (the speaker facet a user sees), whatever the quote spans.
    speakers = [
        (page_half(doc), score_speakers(doc["quotes"], articles[doc["id"]].quotes)) for doc in docs
    ]
    report.rows.append(
        split_row("quotes_hand_speakers", "quoted speakers per article",
                  "hand-labelled (set of speakers per article)", speakers)
    )  # fmt: skip


def polnear_results(
    runner: StageRunner, half: str | None = None
) -> Iterator[tuple[str, dict, Any, list[Any], bool]]:
    """(half, gold row, enriched article, the quotes overlapping the gold quote, right speaker)
    of each PolNeAR quote with a named speaker, of one half or both; the stages run once per
    article text."""
    from etl import Article

    rows = [r for r in jsonl(POLNEAR) if r["speaker_type"] == "named"]
    halves = [half_of(POLNEAR_SPLIT, r["publisher"]) for r in rows]
    rows = [(h, r) for h, r in zip(halves, rows, strict=True) if half in (None, h)]
    texts = list(dict.fromkeys(r["text"] for _, r in rows))
    articles = runner.run(
        [Article(id=f"polnear-{i}", url=None, body=t, language="en") for i, t in enumerate(texts)]
    )
    by_text = dict(zip(texts, articles, strict=True))
    for row_half, row in rows:
        article = by_text[row["text"]]
        want = (min(s for s, _ in row["quote_spans"]), max(e for _, e in row["quote_spans"]))
        near = [q for q in article.quotes if overlaps(want, span_of(article.body, q.text))]
        right = any(speakers_match(q.speaker, row["speaker"]) for q in near)
        yield row_half, row, article, near, right


def evaluate_polnear(report: Report, runner: StageRunner) -> None:
    dataset = "PolNeAR (named speakers)"
    if not runner.has_quotes():
        n = sum(r["speaker_type"] == "named" for r in jsonl(POLNEAR))
        report.rows.append(Row("quotes_polnear", "quote speakers (named)", dataset, n,
                               status="n/a", note=NO_QUOTE_STAGE))  # fmt: skip
        return
    scored = [(half, (bool(near), right)) for half, _, _, near, right in polnear_results(runner)]
    report.rows.append(
        split_row("quotes_polnear", "quote speakers (named)", dataset, scored, polnear_figures,
                  other_name="accuracy")
    )  # fmt: skip


def polnear_figures(items: Sequence[tuple[bool, bool]]) -> dict[str, Any]:
    """R = gold quotes overlapped by an extracted quote, P = right speaker among those,
    accuracy = right speaker among all."""
    n, found = len(items), sum(found for found, _ in items)
    right = sum(right for _, right in items)
    return {"precision": right / found if found else None, "recall": found / n if n else None,
            "other": right / n if n else None}  # fmt: skip


# --- the run -------------------------------------------------------------------------------------


SECTIONS = (
    "extraction", "fundus", "reuters", "short", "handlabelled", "conll", "polnear", "stories",
    "fundus-labels", "languages", "reuters-quotes", "readability", "comparison", "mediacloud",
    "webnews", "htmldate",
)  # fmt: skip


def evaluate(
    quick: bool = False, stage_overrides: Sequence[str] = (), only: Sequence[str] = ()
) -> Report:
    from .fundus import evaluate_fundus
    from .fundus_labels import evaluate_fundus_labels
    from .short_articles import evaluate_short_articles

    unknown = sorted(set(only) - set(SECTIONS))
    if unknown:
        raise SystemExit(f"--only: unknown section(s) {unknown}; choose from {', '.join(SECTIONS)}")
    wanted = set(only or SECTIONS)
    require(BENCHMARK, HANDLABELLED, REUTERS, CONLL, POLNEAR, SEED_TEXT, FUNDUS)
    report = Report()
    runner = StageRunner(stage_settings(stage_overrides))  # first: a bad stage fails fast
    try:
        if wanted & {"extraction", "handlabelled"}:
            extracted = evaluate_extraction(report)
        if "fundus" in wanted:
            evaluate_fundus(report)
        if "reuters" in wanted:
            evaluate_reuters(report, quick)
        if "short" in wanted:
            evaluate_short_articles(report, quick)
        if "handlabelled" in wanted:
            articles = handlabelled_articles(extracted)
            articles = dict(zip(articles, runner.run(list(articles.values())), strict=True))
            evaluate_sources(report, articles)
            evaluate_entities(report, articles)
            evaluate_quotes(report, articles, runner.has_quotes())
        if "conll" in wanted:
            evaluate_conll(report, runner, quick)
        if "polnear" in wanted:
            evaluate_polnear(report, runner)
        if "stories" in wanted:  # copies of one story on several outlets, grouped (issue 15)
            from .stories import add_rows as add_story_rows

            add_story_rows(report, quick)
        if "fundus-labels" in wanted:
            evaluate_fundus_labels(report, runner)
        if "languages" in wanted:
            from .languages import evaluate_languages

            evaluate_languages(report, runner)
        if "reuters-quotes" in wanted:  # who is quoted in wire copy, labelled by hand
            from .reuters_quotes import evaluate_reuters_quotes

            evaluate_reuters_quotes(report, runner, NO_QUOTE_STAGE, quick)
        for name, pages in module_page_sets().items():  # pages of Go modules, labelled by hand
            if name in wanted:
                pages.evaluate(report, runner)
        if "htmldate" in wanted:  # the publication day of 1,000 pages, htmldate's benchmark
            from .htmldate_pages import evaluate_htmldate

            evaluate_htmldate(report, quick)
        report.throughput.extend(runner.throughput())
        stages = ", ".join(runner.names) or "none"
        failures = sum(runner.failures.values())
    finally:
        runner.close()
    report.notes += [
        "Enrichment rows run the stages over ground-truth bodies (not extracted text), so "
        "extraction errors do not leak into them.",
        f"Stages enabled: {stages}"
        + (f" ({failures} articles rejected or failed)" if failures else ""),
        "tuning/check: the row's F1 (else its `other` figure) on the fixed tuning and checking "
        "halves of its data set (evaluation/splits/*.json, by publisher where there is one); "
        "rules change only from what the tuning half shows, the checking half is the figure "
        "to quote; gap = tuning - checking. 95% interval: the checking figure's percentile "
        f"bootstrap interval ({BOOTSTRAP_RESAMPLES:,} resamples of the half's pages, documents "
        "or stories, seeded by the row): a gap or a change inside it may be luck of the draw.",
        "P/R/F1 of labels count non-null labels; accuracy counts every page (null == null is "
        "right).",
        "Quote rows: a quote is right when its text overlaps the gold quote and its speaker "
        "matches by last name/token; 'opens where gold's does' is the share of right quotes whose "
        "text starts with the gold quote's first words (not with who was told or where it was "
        "said). PolNeAR: R = gold quotes overlapped by an extracted quote, P = right speaker "
        "among those, accuracy = right speaker among all.",
    ]
    if quick:
        from .htmldate_pages import QUICK_STEP as htmldate_step

        report.notes.append(
            f"--quick: 1 in {QUICK_REUTERS_STEP} Reuters stories, 1 in {htmldate_step} of "
            f"htmldate's pages, the first {QUICK_CONLL_DOCS} CoNLL++ docs."
        )
    return report


def split_keys() -> list[tuple[str, str, list[str]]]:
    """Every gold set `make eval` reads, what it is split by, and its keys (for
    `python -m evaluation._splits`, which stores the halves)."""
    from . import fundus, htmldate_pages

    require(BENCHMARK, REUTERS, CONLL, POLNEAR, FUNDUS)
    truth = json.loads((BENCHMARK / "ground-truth.json").read_text("utf-8"))
    pages = [publisher_key(row["url"]) for row in truth.values()] + [SEED_ID]
    stories = [str(s["id"]) for s in jsonl(REUTERS) if s.get("dateline") and s.get("body")]
    return [
        (PAGES_SPLIT, "publisher (host without www.) of each benchmark page; seed by id", pages),
        (REUTERS_SPLIT, "story id (stories with a dateline and a body)", stories),
        (CONLL_SPLIT, "doc_id", [d["doc_id"] for d in jsonl(CONLL)]),
        (POLNEAR_SPLIT, "publisher", [r["publisher"] for r in jsonl(POLNEAR)]),
        fundus.split_keys(),
        *(
            pages.split_keys()
            for pages in module_page_sets().values()
            if pages.split != htmldate_pages.SPLIT  # its pages keep the halves of htmldate's
        ),
        htmldate_pages.split_keys(),
    ]


def module_page_sets() -> dict[str, ModulePages]:
    """The sets of pages a Go module carries, labelled by hand, by section name."""
    from .comparison_pages import COMPARISON_PAGES
    from .mediacloud_pages import MEDIACLOUD_PAGES
    from .readability_pages import READABILITY_PAGES
    from .webnews_pages import WEBNEWS_PAGES

    sets = (READABILITY_PAGES, COMPARISON_PAGES, MEDIACLOUD_PAGES, WEBNEWS_PAGES)
    return {pages.name: pages for pages in sets}


def _commit() -> str | None:
    """The checked-out commit, to tell runs apart when comparing figures."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def to_json(report: Report, quick: bool, seconds: float) -> dict[str, Any]:
    return {
        "commit": _commit(),
        "quick": quick,
        "seconds": round(seconds, 2),
        "rows": [asdict(row) for row in report.rows],
        "throughput": [{**asdict(t), "rate": round(t.rate, 2)} for t in report.throughput],
        "notes": report.notes,
        "tables": report.tables,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation.run", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="subsample the big data sets")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures here")
    parser.add_argument(
        "--stage", action="append", default=[], metavar="DOTTED.PATH=ORDER",
        help="enable, reorder or (=none) disable a stage for this run; repeatable",
    )  # fmt: skip
    parser.add_argument(
        "--only", action="append", default=[], metavar="SECTION", choices=SECTIONS,
        help=f"run only this section (repeatable): {', '.join(SECTIONS)}",
    )  # fmt: skip
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    start = time.perf_counter()
    from etl import NewsarchiveError

    try:
        report = evaluate(quick=args.quick, stage_overrides=args.stage, only=args.only)
    except NewsarchiveError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - start
    print(format_report(report))
    print(f"* measured in {seconds:.1f} s")
    if args.json:
        args.json.write_text(json.dumps(to_json(report, args.quick, seconds), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
