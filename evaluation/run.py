"""The measurement table: every figure computed now, from the data sets in ../shared.

    python -m evaluation.run [--quick] [--json PATH] [--stage DOTTED.PATH=ORDER ...]

One table of quality figures (each row names its data set) and one of throughput, both measured
in this run through the project's own code paths: `etl.extract` for extraction, the enrichment
stages that `etl.Pipeline(etl.Settings())` builds for everything else, and
`etl.enrich.parse_dateline` for the Reuters leads. Enrichment rows run the stages over the
ground-truth bodies, not over extracted text, so extraction errors do not leak into them.

`--quick` subsamples the big sets (every 10th Reuters story, the first 100 CoNLL++ documents);
`--json PATH` writes the figures for comparison between commits; `--stage` enables, disables
(`=none`) or reorders a stage for this run, e.g. `--stage etl.enrich.QuoteStage=none`.
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
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ._figures import (
    BOOTSTRAP_RESAMPLES,
    Counts,
    Report,
    Row,
    Throughput,
    counts_figures,
    f1_of,
    format_report,
    share_figures,
    split_row,
)
from ._splits import half_of, publisher_key

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
BENCHMARK = DATA / "article-extraction-benchmark"
HANDLABELLED = DATA / "gold" / "handlabelled"
# More benchmark pages labelled the same way, kept here (labels only; see its README).
MORE_HANDLABELLED = Path(__file__).resolve().parent / "gold" / "benchmark-en"
REUTERS = DATA / "reuters21578" / "stories.jsonl.gz"
CONLL = DATA / "gold" / "conllpp" / "test_docs.jsonl"
POLNEAR = DATA / "gold" / "polnear" / "quotes.jsonl"
SEED_TEXT = SHARED / "seeds" / "000_7fc5941f8b79aba8.txt"
SEED_ID = "seed-nbc"
FUNDUS = DATA / "fundus"

# the stored halves of each set (evaluation/splits/<name>.json, see evaluation/_splits.py)
PAGES_SPLIT = "extraction-benchmark"  # its pages and their hand labels, by publisher
REUTERS_SPLIT = "reuters21578"  # by story
CONLL_SPLIT = "conllpp"  # by document
POLNEAR_SPLIT = "polnear"  # by publisher

BATCH_SIZE = 32
QUICK_REUTERS_STEP = 10
QUICK_CONLL_DOCS = 100
NO_QUOTE_STAGE = "n/a (no quote stage enabled)"


# --- normalisation -------------------------------------------------------------------------------

_STOP = frozenset(
    """the of and in on at for a an to de la le del der von van mr mrs ms dr sir president
    sen rep gov prime minister secretary chief spokesman spokeswoman spokesperson""".split()
)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    return " ".join(text.casefold().split())


def place_key(text: str | None) -> str | None:
    """Places compare without case, accents or periods: "ST. LOUIS" == "St Louis"."""
    if not text:
        return None
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().replace(".", " ").replace("-", " ").split()) or None


def name_key(text: str) -> str:
    """Entity names compare without case, periods, possessives or a leading "the"."""
    text = _fold(text).replace(".", "")
    text = re.sub(r"'s$", "", text)
    return re.sub(r"^the ", "", text).strip()


def mention_key(text: str) -> str:
    """Mentions compare without case or a possessive ("McDonald 's" == "McDonald")."""
    return re.sub(r"\s*'s$", "", _fold(text))


def _name_tokens(text: str) -> list[str]:
    return [t for t in re.findall(r"\w+", _fold(text)) if t not in _STOP]


def speakers_match(predicted: str | None, gold: str) -> bool:
    """Last-name/token overlap: "Barack Obama" matches "President Barack Obama", "Trump"
    matches "Donald Trump"."""
    if not predicted:
        return False
    pred, want = _name_tokens(predicted), _name_tokens(gold)
    if not pred or not want:
        return _fold(predicted) == _fold(gold)
    return pred[-1] in want or want[-1] in pred


# --- data ----------------------------------------------------------------------------------------


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def _require(*paths: Path) -> None:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise SystemExit(f"evaluation data missing: {', '.join(missing)} (the ../shared folder)")


def _words(text: str) -> int:
    return len(text.split())


def _batches(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- running the stages --------------------------------------------------------------------------


class StageRunner:
    """The enabled stages of `etl.Pipeline(settings)`, run over `Article` objects in batches,
    with the time each stage spends and the words it reads."""

    def __init__(self, settings: Any) -> None:
        import etl

        self.pipeline = etl.Pipeline(settings)
        self.stages = self.pipeline.stages
        self.seconds: Counter[str] = Counter()
        self.words: Counter[str] = Counter()
        self.failures: Counter[str] = Counter()

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    def has_quotes(self) -> bool:
        return any("quote" in f"{s.name} {type(s).__name__}".lower() for s in self.stages)

    def run(self, articles: Sequence[Any]) -> list[Any]:
        """Run every stage over `articles`; returns them enriched, in order. A rejected or
        failed article keeps what the stages before gave it, and is counted."""
        from etl import Article

        results = list(articles)
        for batch in _batches(range(len(results)), BATCH_SIZE):
            live = list(batch)  # indices into results
            for stage in self.stages:
                inputs = [results[i] for i in live]
                start = time.perf_counter()
                try:
                    outputs: list[Any] = list(stage.process_batch(inputs))
                except Exception:  # find the article that broke the batch, as the pipeline does
                    outputs = []
                    for article in inputs:
                        try:
                            outputs.extend(stage.process_batch([article]))
                        except Exception as exc:
                            outputs.append(exc)
                self.seconds[stage.name] += time.perf_counter() - start
                self.words[stage.name] += sum(_words(a.body) for a in inputs)
                survivors = []
                for index, output in zip(live, outputs, strict=True):
                    if isinstance(output, Article):
                        results[index] = output
                        survivors.append(index)
                    else:
                        self.failures[stage.name] += 1
                live = survivors
        return results

    def throughput(self) -> list[Throughput]:
        return [
            Throughput(f"stage {name}", "words/s", self.words[name], self.seconds[name])
            for name in self.names
        ]

    def close(self) -> None:
        self.pipeline.close()


# --- extraction ----------------------------------------------------------------------------------

_WORD_RE = re.compile(r"\w+")


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    words = _WORD_RE.findall(text)
    return Counter(tuple(words[i : i + 4]) for i in range(len(words) - 3))


def shingle_scores(extracted: str, truth: str) -> tuple[float, float]:
    """The benchmark's metric for one page: precision and recall of 4-word shingle multisets."""
    got, want = _shingles(extracted), _shingles(truth)
    common = sum((got & want).values())
    precision = common / sum(got.values()) if got else float(not want)
    recall = common / sum(want.values()) if want else 1.0
    return precision, recall


def _averaged(scores: list[tuple[float, float]]) -> tuple[float, float, float]:
    precision = sum(p for p, _ in scores) / len(scores)
    recall = sum(r for _, r in scores) / len(scores)
    return precision, recall, f1_of(precision, recall) or 0.0


def shingle_figures(items: Sequence[tuple[float, float, bool | None]]) -> dict[str, Any]:
    """Averaged shingle precision and recall of pages, F1 of the averages; `other` is the
    share of pages dropped (None where drops are not counted)."""
    precision, recall, f1 = _averaged([(p, r) for p, r, _ in items])
    drops = [d for _, _, d in items if d is not None]
    other = sum(drops) / len(drops) if drops else None
    return {"precision": precision, "recall": recall, "f1": f1, "other": other}


def _plain_trafilatura(html: bytes, url: str) -> str:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url, fast=True, include_comments=False, include_tables=True, with_metadata=True
    )
    return (doc.text or "") if doc is not None else ""


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
    _plain_trafilatura(pages[first], truth[first]["url"])
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
        base = _plain_trafilatura(html, url)
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

    stories = [s for s in _jsonl(REUTERS) if s.get("dateline") and s.get("body")]
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
        _score_place(counts, reuters_place(story["dateline"]), found.place if found else None)
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


def _score_place(counts: Counts, gold: str | None, predicted: str | None) -> None:
    gold_key, pred_key = place_key(gold), place_key(predicted)
    if gold_key and pred_key == gold_key:
        counts.tp += 1
        return
    if pred_key:
        counts.fp += 1
    if gold_key:
        counts.fn += 1


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
    for row in _jsonl(HANDLABELLED / "datelines_sources.jsonl"):
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


def _label_scores(pairs: Iterable[tuple[str | None, str | None]]) -> tuple[Counts, float, int]:
    """P/R/F1 over non-null labels, and accuracy over all (None == None counts as right)."""
    counts, right, n = Counts(), 0, 0
    for gold, predicted in pairs:
        gold_key, pred_key = (
            (_fold(gold) if gold else None),
            (_fold(predicted) if predicted else None),
        )
        n += 1
        right += gold_key == pred_key
        if gold_key and gold_key == pred_key:
            counts.tp += 1
            continue
        if pred_key:
            counts.fp += 1
        if gold_key:
            counts.fn += 1
    return counts, right / n if n else 0.0, n


def page_half(row: dict[str, Any]) -> str:
    """The half of a hand-labelled benchmark page: its publisher's (the seed, which has no
    URL, by its id)."""
    return half_of(PAGES_SPLIT, publisher_key(row["url"]) if row.get("url") else row["id"])


def evaluate_sources(report: Report, articles: dict[str, Any]) -> None:
    gold = {row["id"]: row for row in _jsonl(HANDLABELLED / "datelines_sources.jsonl")}
    places: list[tuple[str, tuple[Counts, bool]]] = []
    for page_id, row in gold.items():
        article = articles[page_id]
        want = row.get("dateline") or {}
        got = article.dateline
        counts = Counts()
        _score_place(counts, want.get("place"), got.place if got else None)
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


def place_figures(items: Sequence[tuple[Counts, bool]]) -> dict[str, Any]:
    """Dateline places: P/R/F1 of the places, `other` the share of right agencies."""
    figures = counts_figures([counts for counts, _ in items])
    return {**figures, "other": sum(right for _, right in items) / len(items)}


def label_figures(pairs: Sequence[tuple[str | None, str | None]]) -> dict[str, Any]:
    counts, accuracy, _ = _label_scores(pairs)
    return {**counts_figures([counts]), "other": accuracy}


ENTITY_TYPES = ("person", "org", "location")


@dataclass
class EntityErrors:
    """One type's names of one article against the gold: found, extra and missed (gold keys)."""

    found: set[str] = field(default_factory=set)
    extra: list[str] = field(default_factory=list)  # predicted names no gold name matches
    missed: list[str] = field(default_factory=list)

    def counts(self) -> Counts:
        return Counts(len(self.found), len(self.extra), len(self.missed))


def entity_errors(doc: dict[str, Any], predicted: dict[str, list[str]]) -> dict[str, EntityErrors]:
    """Document-level canonical entities of one article against the gold: a predicted name
    counts if it or its alias is a gold name of that type; optional names count either way not
    at all; a second name for an entity already found counts as extra."""
    aliases = {
        name_key(alias): name_key(canonical)
        for canonical, forms in (doc.get("aliases") or {}).items()
        for alias in forms
    }
    result = {}
    for kind in ENTITY_TYPES:
        gold = {name_key(g): g for g in doc.get(kind) or []}
        optional = {name_key(o) for o in (doc.get("optional") or {}).get(kind) or []}
        errors = EntityErrors()
        for name in predicted.get(kind) or []:
            key = name_key(name)
            key = key if key in gold or key in optional else aliases.get(key, key)
            if key in gold and key not in errors.found:
                errors.found.add(key)
            elif key not in optional:
                errors.extra.append(name)
        errors.missed = [name for key, name in gold.items() if key not in errors.found]
        result[kind] = errors
    return result


def score_entities(doc: dict[str, Any], predicted: dict[str, list[str]]) -> dict[str, Counts]:
    """`entity_errors` counted."""
    return {kind: errors.counts() for kind, errors in entity_errors(doc, predicted).items()}


def _handlabelled(name: str) -> list[dict[str, Any]]:
    """The shared gold's rows of `name` (entities.jsonl, quotes.jsonl), then ours."""
    return [*_jsonl(HANDLABELLED / name), *_jsonl(MORE_HANDLABELLED / name)]


def evaluate_entities(report: Report, articles: dict[str, Any]) -> None:
    docs = _handlabelled("entities.jsonl")
    scored = []
    for doc in docs:
        entities = articles[doc["id"]].entities
        predicted = {kind: list(getattr(entities, kind)) for kind in ENTITY_TYPES}
        scored.append((page_half(doc), score_entities(doc, predicted)))
    entity_rows(report, scored, "", "hand-labelled benchmark pages (doc-level canonical)")


def entity_rows(
    report: Report, scored: Sequence[tuple[str, dict[str, Counts]]], suffix: str, dataset: str
) -> None:
    """One row per entity type and one for all, from each document's `score_entities`."""
    for kind in (*ENTITY_TYPES, "all"):
        items = [
            (half, [counts[kind]] if kind != "all" else list(counts.values()))
            for half, counts in scored
        ]
        report.rows.append(
            split_row(f"entities_{kind}{suffix}", f"entities {kind}", dataset, items,
                      lambda parts: counts_figures([c for part in parts for c in part]))
        )  # fmt: skip


# --- entity mentions over CoNLL++ ----------------------------------------------------------------

MENTION_LABELS = {"person": "PER", "org": "ORG", "location": "LOC"}


def score_mentions(
    gold: Iterable[tuple[str, str]], predicted: Iterable[tuple[str, str]]
) -> dict[str, Counts]:
    """Document-level mention F1 per type: sets of (normalised text, label)."""
    want = {(mention_key(text), label) for text, label in gold if label in MENTION_LABELS.values()}
    got = {(mention_key(text), label) for text, label in predicted}
    result = {}
    for label in MENTION_LABELS.values():
        w = {m for m in want if m[1] == label}
        g = {m for m in got if m[1] == label}
        result[label] = Counts(len(w & g), len(g - w), len(w - g))
    return result


def evaluate_conll(report: Report, runner: StageRunner, quick: bool) -> None:
    from etl import Article

    docs = list(_jsonl(CONLL))
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


def _span_of(body: str, text: str) -> tuple[int, int] | None:
    """Where a quote's text sits in the body: verbatim, else by its first words."""
    text = text.strip().strip("“”\"‘’'").strip()
    if not text:
        return None
    at = body.find(text)
    if at >= 0:
        return at, at + len(text)
    head = text[:40]
    at = body.find(head)
    return (at, at + len(text)) if at >= 0 else None


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


@dataclass
class QuoteMatch:
    """Gold quotes of one article against the extracted ones, one-to-one."""

    right: list[tuple[dict[str, Any], Any]] = field(default_factory=list)  # (gold, extracted)
    # a gold quote no extracted quote both overlaps and attributes to its speaker, with the
    # speakers of the extracted quotes that overlap it
    missed: list[tuple[dict[str, Any], list[str | None]]] = field(default_factory=list)
    extra: list[Any] = field(default_factory=list)  # extracted quotes left unmatched


def match_quotes(body: str, gold: list[dict[str, Any]], predicted: list[Any]) -> QuoteMatch:
    """A predicted quote is right when its text overlaps a gold quote's and its speaker matches
    that quote's speaker (one-to-one)."""
    spans = [_span_of(body, q.text) for q in predicted]
    used: set[int] = set()
    match = QuoteMatch()
    for entry in gold:
        start = body.find(entry["text_start"])
        want = (start, start + len(entry["text_start"])) if start >= 0 else None
        near = [i for i in range(len(predicted)) if _overlaps(want, spans[i])]
        right = next(
            (i for i in near if i not in used and speakers_match(predicted[i].speaker,
                                                                  entry["speaker"])),
            None,
        )  # fmt: skip
        if right is None:
            match.missed.append((entry, [predicted[i].speaker for i in near]))
        else:
            used.add(right)
            match.right.append((entry, predicted[right]))
    match.extra = [q for i, q in enumerate(predicted) if i not in used]
    return match


def score_quotes(body: str, gold: list[dict[str, Any]], predicted: list[Any]) -> tuple[Counts, int]:
    """`match_quotes` counted, and how many of the right quotes have the gold kind
    (direct/indirect)."""
    match = match_quotes(body, gold, predicted)
    counts = Counts(len(match.right), len(match.extra), len(match.missed))
    return counts, sum(quote.kind == entry["kind"] for entry, quote in match.right)


def evaluate_quotes(report: Report, articles: dict[str, Any], enabled: bool) -> None:
    docs = _handlabelled("quotes.jsonl")
    n = sum(len(doc["quotes"]) for doc in docs)
    dataset = "hand-labelled (speaker + overlap)"
    if not enabled:
        report.rows.append(Row("quotes_hand", "quote speakers", dataset, n, status="n/a",
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
    # Who is quoted in each article (the speaker facet a user sees), whatever the quote spans.
    speakers = [
        (page_half(doc), score_speakers(doc["quotes"], articles[doc["id"]].quotes)) for doc in docs
    ]
    report.rows.append(
        split_row("quotes_hand_speakers", "quoted speakers per article",
                  "hand-labelled (set of speakers per article)", speakers)
    )  # fmt: skip


def quote_figures(items: Sequence[tuple[Counts, int, int]]) -> dict[str, Any]:
    """Quotes: P/R/F1 of attributed quotes, `other` the share of right kinds among the right
    quotes, `n` the gold quotes."""
    figures = counts_figures([counts for counts, _, _ in items])
    tp = sum(counts.tp for counts, _, _ in items)
    kinds = sum(kinds for _, kinds, _ in items)
    return {**figures, "other": kinds / tp if tp else None, "n": sum(n for _, _, n in items)}


def score_speakers(gold_quotes: list[dict[str, Any]], predicted_quotes: list[Any]) -> Counts:
    """The set of speakers of one article against the gold's, by last name/token."""
    gold = {q["speaker"] for q in gold_quotes}
    predicted = {q.speaker for q in predicted_quotes if q.speaker}
    hits = {p for p in predicted if any(speakers_match(p, g) for g in gold)}
    found = {g for g in gold if any(speakers_match(p, g) for p in predicted)}
    return Counts(tp=len(found), fp=len(predicted - hits), fn=len(gold - found))


def evaluate_polnear(report: Report, runner: StageRunner) -> None:
    from etl import Article

    rows = [r for r in _jsonl(POLNEAR) if r["speaker_type"] == "named"]
    dataset = "PolNeAR (named speakers)"
    if not runner.has_quotes():
        report.rows.append(Row("quotes_polnear", "quote speakers (named)", dataset, len(rows),
                               status="n/a", note=NO_QUOTE_STAGE))  # fmt: skip
        return
    texts = list(dict.fromkeys(r["text"] for r in rows))
    articles = runner.run(
        [Article(id=f"polnear-{i}", url=None, body=t, language="en") for i, t in enumerate(texts)]
    )
    by_text = dict(zip(texts, articles, strict=True))
    scored = []
    for row in rows:
        article = by_text[row["text"]]
        want = (min(s for s, _ in row["quote_spans"]), max(e for _, e in row["quote_spans"]))
        near = [q for q in article.quotes if _overlaps(want, _span_of(article.body, q.text))]
        right = any(speakers_match(q.speaker, row["speaker"]) for q in near)
        scored.append((half_of(POLNEAR_SPLIT, row["publisher"]), (bool(near), right)))
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


def _settings(stage_overrides: Sequence[str]) -> Any:
    import etl

    settings = etl.Settings()
    if not stage_overrides:
        return settings
    stages = dict(settings.stages)
    for item in stage_overrides:
        path, _, order = item.partition("=")
        if not path or not (order.isdigit() or order.lower() == "none"):
            raise SystemExit(f"--stage wants DOTTED.PATH=ORDER or DOTTED.PATH=none, got {item!r}")
        stages[path] = None if order.lower() == "none" else int(order)
    return settings.with_overrides(stages=stages)


SECTIONS = (
    "extraction", "fundus", "reuters", "short", "handlabelled", "conll", "polnear", "stories",
    "fundus-labels", "languages",
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
    _require(BENCHMARK, HANDLABELLED, REUTERS, CONLL, POLNEAR, SEED_TEXT, FUNDUS)
    report = Report()
    runner = StageRunner(_settings(stage_overrides))  # first: a bad stage fails fast
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
        "matches by last name/token. PolNeAR: R = gold quotes overlapped by an extracted quote, "
        "P = right speaker among those, accuracy = right speaker among all.",
    ]
    if quick:
        report.notes.append(
            f"--quick: 1 in {QUICK_REUTERS_STEP} Reuters stories, the first {QUICK_CONLL_DOCS} "
            "CoNLL++ docs."
        )
    return report


def split_keys() -> list[tuple[str, str, list[str]]]:
    """Every gold set `make eval` reads, what it is split by, and its keys (for
    `python -m evaluation._splits`, which stores the halves)."""
    from . import fundus

    _require(BENCHMARK, REUTERS, CONLL, POLNEAR, FUNDUS)
    truth = json.loads((BENCHMARK / "ground-truth.json").read_text("utf-8"))
    pages = [publisher_key(row["url"]) for row in truth.values()] + [SEED_ID]
    stories = [str(s["id"]) for s in _jsonl(REUTERS) if s.get("dateline") and s.get("body")]
    return [
        (PAGES_SPLIT, "publisher (host without www.) of each benchmark page; seed by id", pages),
        (REUTERS_SPLIT, "story id (stories with a dateline and a body)", stories),
        (CONLL_SPLIT, "doc_id", [d["doc_id"] for d in _jsonl(CONLL)]),
        (POLNEAR_SPLIT, "publisher", [r["publisher"] for r in _jsonl(POLNEAR)]),
        fundus.split_keys(),
    ]


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
