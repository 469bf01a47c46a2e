"""The tuning half's errors, page by page: what a rule may be changed from.

    python -m evaluation.errors entities [--set benchmark|fundus|readability|comparison|
                                                mediacloud|webnews|conll|german]
                                         [--type org]
    python -m evaluation.errors quotes [--set benchmark|fundus|readability|comparison|mediacloud|
                                              webnews|german|reuters|polnear]
    python -m evaluation.errors fields [--set readability|comparison|mediacloud|webnews|htmldate]
    python -m evaluation.errors datelines [--set fundus|readability|comparison|mediacloud|webnews]

`entities` lists, for each page of the tuning half, the names the project gave that the gold
does not have ("extra", with the type the gold gives the name where it has it) and the gold
names it missed; `quotes` the gold quotes not attributed to their speaker (with the speakers
the project gave the quote, if any) and the quotes it attributed that the gold does not have,
then the speakers per article; `fields` the Fundus pages (all languages) whose title, authors
or body differ from the per-site parsers' (`--set readability`, `comparison`, `mediacloud` or
`webnews`: the pages whose title, authors or publication day differ from the labels; `--set
htmldate`: htmldate's pages whose publication day differs from its gold, with trafilatura's
beside it); `datelines` the pages of a set labelled here whose dateline place or agency differs
from the labels.
Each is scored by the same functions as `make eval`.

Only the tuning half is ever printed. Rules change from what the tuning half shows; the checking
half is the figure to quote, and a rule read off its errors would tune it too (issue 12). Its
totals are what `make eval` prints.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from ._data import handlabelled, page_half
from ._labelled import LabelledSet
from ._runner import StageRunner, stage_settings
from ._scoring import (
    ENTITY_TYPES,
    entity_errors,
    match_quotes,
    name_key,
    shingle_scores,
    speakers_match,
)
from ._splits import TUNING, half_of
from .run import extract_benchmark_pages, handlabelled_articles, module_page_sets

MODULE_SETS = tuple(module_page_sets())  # the labelled sets of pages a Go module carries
LABELLED_SETS = ("fundus", *MODULE_SETS)  # the sets labelled for this project


def _labelled_set(which: str) -> LabelledSet:
    """One of the sets labelled for this project (`LABELLED_SETS`)."""
    if which == "fundus":
        from .fundus_labels import FUNDUS_LABELS

        return FUNDUS_LABELS
    return module_page_sets()[which].labels


def _labelled(which: str, runner: StageRunner) -> Iterator[tuple[dict, dict, Any]]:
    """(entities row, quotes row, enriched article) of each tuning-half page of a labelled set;
    the stages run over those pages only."""
    if which == "german":
        from .languages import labelled_entity_pages, labelled_quotes

        quotes = labelled_quotes("de")
        for row, article in labelled_entity_pages(runner, "de", half=TUNING):
            page = row["page"]
            yield {**row, "id": page}, {"id": page, "quotes": quotes[page]}, article
        return
    if which in LABELLED_SETS:
        labels = _labelled_set(which)
        rows = {name: labels.rows(name) for name in ("entities", "quotes")}
        tuning = [row for row in rows["entities"] if labels.half(row["id"]) == TUNING]
        articles = labels.articles(runner, {row["id"] for row in tuning})
    else:
        rows = {name: handlabelled(f"{name}.jsonl") for name in ("entities", "quotes")}
        tuning = [row for row in rows["entities"] if page_half(row) == TUNING]
        wanted = {row["id"] for row in tuning}
        pages = handlabelled_articles(extract_benchmark_pages(wanted))
        pages = {page_id: page for page_id, page in pages.items() if page_id in wanted}
        articles = dict(zip(pages, runner.run(list(pages.values())), strict=True))
    quotes = {row["id"]: row for row in rows["quotes"]}
    for row in tuning:
        yield row, quotes.get(row["id"], {"quotes": []}), articles[row["id"]]


def print_datelines(which: str, runner: StageRunner) -> None:
    """The tuning-half pages of a labelled set whose dateline place or agency differs from the
    labels, with the start of the body the dateline stage read."""
    labels = _labelled_set(which)
    rows = [row for row in labels.rows("datelines_sources") if labels.half(row["id"]) == TUNING]
    articles = labels.articles(runner, {row["id"] for row in rows})
    for row in rows:
        want, got = row.get("dateline") or {}, articles[row["id"]].dateline
        place, agency = (got.place, got.agency) if got else (None, None)
        if (want.get("place") or None, want.get("agency") or None) != (place, agency):
            print(f"== {_short(row['id'])} {row.get('url') or ''}")
            print(f"  got    {got.raw if got else None!r} (place {place!r}, agency {agency!r})")
            print(f"  gold   {want.get('raw')!r} (place {want.get('place')!r}, agency "
                  f"{want.get('agency')!r})")  # fmt: skip
            print(f"  body   {articles[row['id']].body[:160]!r}")


def _short(page_id: str) -> str:
    """A Fundus page's id ("uk/BBC_2024_08_01") whole, a benchmark page's hash cut short."""
    return page_id if "/" in page_id else page_id[:16]


def _gold_types(row: dict) -> dict[str, str]:
    return {name_key(n): kind for kind in ENTITY_TYPES for n in row.get(kind) or []}


def print_entities(pages: Iterator[tuple[dict, dict, Any]], only: str | None) -> None:
    for row, _, article in pages:
        predicted = {kind: list(getattr(article.entities, kind)) for kind in ENTITY_TYPES}
        errors = entity_errors(row, predicted)
        typed = _gold_types(row)
        lines = []
        for kind in ENTITY_TYPES:
            if only and kind != only:
                continue
            for name in errors[kind].extra:
                gold = typed.get(name_key(name))
                lines.append(f"  extra  {kind:<8} {name}" + (f"   (gold: {gold})" if gold else ""))
            for name in errors[kind].missed:
                lines.append(f"  missed {kind:<8} {name}")
        if lines:
            print(f"== {_short(row['id'])} {row.get('url') or ''}")
            print("\n".join(lines))


def print_quotes(pages: Iterator[tuple[dict, dict, Any]]) -> None:
    for _, row, article in pages:
        match = match_quotes(article.body, row["quotes"], article.quotes)
        lines = []
        for entry, near in match.missed:
            given = f"   (given to: {', '.join(str(s) for s in near)})" if near else ""
            lines.append(f"  missed {entry['speaker']!r}: {entry['text_start']}{given}")
        for quote in match.extra:
            lines.append(f"  extra  {quote.speaker!r} ({quote.cue}): {quote.text[:80]}")
        gold = {q["speaker"] for q in row["quotes"]}
        said = {q.speaker for q in article.quotes if q.speaker}
        wrong = sorted(s for s in said if not any(speakers_match(s, g) for g in gold))
        lost = sorted(g for g in gold if not any(speakers_match(s, g) for s in said))
        if wrong or lost:
            lines.append(f"  speakers: extra {wrong}, missed {lost}")
        if lines:
            print(f"== {_short(row['id'])} {article.url or ''}")
            print("\n".join(lines))


def print_reuters_speakers(runner: StageRunner) -> None:
    """The Reuters labels name speakers only (no text): per story, the speakers given that the
    gold does not have, with the cue each was given on, and those missed."""
    from .reuters_quotes import labelled_stories

    for row, article in labelled_stories(runner, TUNING):
        gold = {q["speaker"] for q in row["quotes"]}
        said = {q.speaker: q.cue for q in article.quotes if q.speaker}
        wrong = sorted(s for s in said if not any(speakers_match(s, g) for g in gold))
        lost = sorted(g for g in gold if not any(speakers_match(s, g) for s in said))
        if wrong or lost:
            print(f"== reuters {row['id']}")
            print("\n".join([*(f"  extra  {s!r} ({said[s]})" for s in wrong),
                             *(f"  missed {g!r}" for g in lost)]))  # fmt: skip


def print_conll(runner: StageRunner, only: str | None) -> None:
    """CoNLL++ labels mentions: per tuning document, the (name, type) pairs given that the gold
    does not have and those missed, as `make eval` scores them (document level, case folded)."""
    from etl import Article

    from ._data import CONLL, CONLL_SPLIT, jsonl
    from ._scoring import MENTION_LABELS, mention_key
    from ._splits import half_of

    docs = [d for d in jsonl(CONLL) if half_of(CONLL_SPLIT, d["doc_id"]) == TUNING]
    articles = runner.run(
        [Article(id=d["doc_id"], url=None, body=d["text"], language="en") for d in docs]
    )
    wanted = {MENTION_LABELS[only]} if only else set(MENTION_LABELS.values())
    for doc, article in zip(docs, articles, strict=True):
        gold = {(mention_key(e["text"]), e["label"]) for e in doc["entities"]}
        got = {(mention_key(m.text), MENTION_LABELS[m.label]) for m in article.entity_mentions}
        gold_types = {text: label for text, label in gold}
        lines = [
            f"  extra  {label}  {text}"
            + (f"   (gold: {gold_types[text]})" if text in gold_types else "")
            for text, label in sorted(got - gold)
            if label in wanted
        ]
        lines += [
            f"  missed {label}  {text}" for text, label in sorted(gold - got) if label in wanted
        ]
        if lines:
            print(f"== conll {doc['doc_id']}: {doc['text'][:70]!r}")
            print("\n".join(lines))


def print_polnear(runner: StageRunner) -> None:
    """PolNeAR labels one quote per row: each tuning-half quote with a named speaker that was
    not attributed to that speaker, with the speakers given to the quotes overlapping it."""
    from .run import polnear_results

    for _, row, article, near, right in polnear_results(runner, TUNING):
        if right:
            continue
        start = min(s for s, _ in row["quote_spans"])
        end = max(e for _, e in row["quote_spans"])
        given = f"given to {[q.speaker for q in near]}" if near else "no quote found"
        context = " ".join(article.body[max(0, start - 160) : end + 80].split())
        print(f"== polnear {row['publisher']}: {given}, gold {row['speaker']!r}")
        print(f"  ...{context}...")


def _field_lines(got: Any, title: str | None, authors: list[str] | None) -> list[str]:
    from .fundus import author_counts, title_right

    lines = []
    if not title_right(got.title, title):
        lines += [f"  title  {got.title!r}", f"  gold   {title!r}"]
    counts = author_counts(got.authors, authors)
    if counts.fp or counts.fn:
        lines.append(f"  authors {got.authors} (gold: {authors})")
    return lines


def print_fields() -> None:
    from ._splits import half_of
    from .fundus import FUNDUS_SPLIT, extracted_fields, pages

    for page in pages():
        if half_of(FUNDUS_SPLIT, page.publisher) != TUNING:
            continue
        got, gold = extracted_fields(page.html, page.url), page.gold
        lines = _field_lines(got, gold.get("title"), gold.get("authors"))
        precision, recall = shingle_scores(got.body, page.body)
        if min(precision, recall) < 0.97:
            lines.append(f"  body   P {precision:.3f} R {recall:.3f}")
        if lines:
            print(f"== {page.publisher} {page.path.name}")
            print("\n".join(lines))


def print_module_fields(name: str) -> None:
    from .fundus import day_right, extracted_fields

    pages = module_page_sets()[name]
    root = pages.root()
    for row in pages.metadata():
        if pages.half(row["id"]) != TUNING:
            continue
        got = extracted_fields(pages.html(root, row).read_bytes(), row["url"])
        lines = _field_lines(got, row["title"], row["authors"])
        if row["published"] and not day_right(got.published_at, row["published"]):
            lines.append(f"  day    {got.published_at!r} (gold: {row['published']})")
        if lines:
            print(f"== {row['id']} {row['url']}")
            print("\n".join(lines))


def print_htmldate_days() -> None:
    from . import htmldate_pages
    from ._module_pages import baseline_fields
    from .fundus import day_right

    for page in htmldate_pages.pages():
        if not page.published or half_of(htmldate_pages.SPLIT, page.publisher) != TUNING:
            continue
        got = htmldate_pages.published_day(page)
        if not day_right(got, page.published):
            alone = baseline_fields(page.path, page.url).published_at
            print(f"== {page.url}\n  day    {got!r} (gold: {page.published}; trafilatura alone: "
                  f"{alone!r}) {page.path.parent.name}/{page.path.name}")  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation.errors",
        description="Print the tuning half's errors, page by page (never the checking half's).",
    )
    parser.add_argument("what", choices=("entities", "quotes", "fields", "datelines"))
    labelled = (
        "benchmark",
        "fundus",
        *MODULE_SETS,
        "htmldate",
        "conll",
        "german",
        "reuters",
        "polnear",
    )
    parser.add_argument("--set", dest="labels", choices=labelled, default="benchmark",
                        help="hand-labelled pages to read (default: the "
                        "benchmark pages; fundus: the English Fundus pages; readability: "
                        "Readability's test pages; comparison: the English news pages of "
                        "trafilatura's comparison set; mediacloud: the English "
                        "news stories of Media Cloud in htmldate's evaluation; webnews: the "
                        "English news pages of htmldate's web sample; htmldate: the "
                        "publication day of htmldate's evaluation pages, fields only; conll: the "
                        "CoNLL++ documents, entities only; german: the German Fundus pages "
                        "labelled for entities and quotes; reuters: the "
                        "Reuters-21578 stories, quoted speakers only; polnear: PolNeAR's "
                        "quotes with a named speaker, quotes only)")  # fmt: skip
    parser.add_argument("--type", choices=ENTITY_TYPES, help="entities of this type only")
    args = parser.parse_args(argv)
    if args.what == "fields":
        if args.labels not in ("fundus", "benchmark", "htmldate", *MODULE_SETS):
            parser.error("fields are scored on the Fundus pages and the sets of Go modules only")
        if args.labels == "htmldate":
            print_htmldate_days()
        elif args.labels in MODULE_SETS:
            print_module_fields(args.labels)
        else:
            print_fields()
        return 0
    if args.what == "datelines" and args.labels not in LABELLED_SETS:
        parser.error(
            f"datelines are printed for the sets labelled here: {', '.join(LABELLED_SETS)}"
        )
    if args.labels == "htmldate":
        parser.error("--set htmldate has publication days only: use it with `fields`")
    if args.labels in ("reuters", "polnear") and args.what != "quotes":
        parser.error(f"--set {args.labels} has quotes only: use it with `quotes`")
    if args.labels == "conll" and args.what != "entities":
        parser.error("--set conll has entities only: use it with `entities`")
    if args.labels == "german" and args.what == "fields":
        parser.error("--set german has entities and quotes only")
    runner = StageRunner(stage_settings(()))
    try:
        if args.labels == "reuters":
            print_reuters_speakers(runner)
            return 0
        if args.labels == "polnear":
            print_polnear(runner)
            return 0
        if args.labels == "conll":
            print_conll(runner, args.type)
            return 0
        if args.what == "datelines":
            print_datelines(args.labels, runner)
            return 0
        pages = _labelled(args.labels, runner)
        if args.what == "entities":
            print_entities(pages, args.type)
        else:
            print_quotes(pages)
    finally:
        runner.close()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `... | head` closed the pipe: the reader has what it wanted
        sys.stderr.close()
        sys.exit(0)
