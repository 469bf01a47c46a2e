"""Every language handled honestly: figures per language over the Fundus pages.

The pages of `../shared/data/fundus` (about 90 publishers, 20-odd languages) with the body that
Fundus's per-site parsers extract, and the language of each publisher labelled by hand in
`fundus_languages.json` (fixed tuning and checking halves, by publisher). For each language:
pages, language identified right, body F1 (4-word shingles, the extraction benchmark's metric)
against trafilatura alone, pages that came out empty, pages with and without entities and which
NER model ran, datelines found. Language identification is also measured on short texts (the
first 200 characters of each gold body, the shortest body extraction keeps) and on the titles.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._data import FUNDUS, jsonl
from ._figures import Counts, Report, Row, counts_figures, share_figures, split_row
from ._labelled import quote_rows
from ._scoring import (
    ENTITY_TYPES,
    averaged,
    entity_rows,
    score_entities,
    score_place,
    shingle_scores,
)
from .run import plain_trafilatura

LABELS = Path(__file__).with_name("fundus_languages.json")
DATELINES = Path(__file__).with_name("fundus_datelines.json")
# pages of a language labelled by hand for entities, in the hand-labelled gold's format
LABELLED_ENTITIES = {
    "fr": Path(__file__).with_name("french_entities.jsonl"),
    "de": Path(__file__).with_name("german_entities.jsonl"),
}
# pages of a language labelled by hand for quotes (a speaker, kind, cue and opening per quote)
LABELLED_QUOTES = {"de": Path(__file__).with_name("german_quotes.jsonl")}
SHORT_CHARS = 200  # the shortest body extraction keeps (etl._extract.MIN_BODY_CHARS)


@dataclass
class FundusPage:
    page: str  # "de/Taz_2024_05_03.html.gz"
    publisher: str  # "de/Taz"
    language: str  # ISO 639-1, labelled by hand
    split: str  # "tuning" | "checking"
    url: str | None
    html: bytes
    title: str
    body: str


def gold_body(fields: dict[str, Any]) -> str:
    """The parser's body as text: summary paragraphs, then each section's headline and
    paragraphs, one per line."""
    body = fields.get("body") or {}
    lines = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        lines += list(section.get("headline") or [])
        lines += list(section.get("paragraphs") or [])
    return "\n".join(line.strip() for line in lines if line and line.strip())


def fundus_pages() -> list[FundusPage]:
    """The labelled Fundus pages, each paired with its parser version (by date and version
    order, as the data set's README says; a publisher whose counts differ is skipped)."""
    labels = json.loads(LABELS.read_text("utf-8"))["publishers"]
    pages: list[FundusPage] = []
    for publisher, (language, split) in sorted(labels.items()):
        country, name = publisher.split("/")
        folder = FUNDUS / country
        meta = json.loads((folder / "meta.info").read_text("utf-8"))
        versions = json.loads((folder / f"{name}.json").read_text("utf-8"))
        files = sorted(folder.glob(f"{name}_*.html.gz"))
        ordered = sorted(versions, key=lambda v: [int(p) for p in v.lstrip("V").split("_")])
        if len(files) != len(ordered):
            continue
        for path, version in zip(files, ordered, strict=True):
            fields = versions[version]
            pages.append(
                FundusPage(
                    page=f"{country}/{path.name}",
                    publisher=publisher,
                    language=language,
                    split=split,
                    url=(meta.get(path.name) or {}).get("url"),
                    html=gzip.decompress(path.read_bytes()),
                    title=(fields.get("title") or "").strip(),
                    body=gold_body(fields),
                )
            )
    return pages


@dataclass
class _Tally:
    pages: int = 0
    language_right: int = 0
    empty: int = 0
    with_entities: int = 0
    datelines: int = 0

    def __post_init__(self) -> None:
        self.ours: list[tuple[float, float]] = []
        self.plain: list[tuple[float, float]] = []
        self.models: Counter[str] = Counter()


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def evaluate_languages(report: Report, runner: Any) -> None:
    """The per-language table (a section of the report) and its summary rows."""
    from etl import Article, DropArticle, extract
    from etl._language import detect_language
    from etl.enrich._ner_models import NO_MODEL

    if not FUNDUS.exists():
        report.rows.append(
            Row("languages", "languages", "fundus", 0, status="n/a", note="no ../shared fundus")
        )
        return
    pages = fundus_pages()
    extracted: list[Any] = []
    for page in pages:
        try:
            extracted.append(extract(page.html, page.url))
        except DropArticle:
            extracted.append(None)
    live = [a for a in extracted if a is not None]
    enriched = dict(zip(map(id, live), runner.run(live), strict=True))
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    # (half, result) per page, for rows with the same figures on both halves
    right, short, titled, empty, unmodelled, bodies = [], [], [], [], [], []
    for page, article in zip(pages, extracted, strict=True):
        ours = shingle_scores(article.body if article is not None else "", page.body)
        plain = shingle_scores(plain_trafilatura(page.html, page.url), page.body)
        for key in (page.language, "all"):
            tally = tallies[key]
            tally.pages += 1
            tally.ours.append(ours)
            tally.plain.append(plain)
            if article is None:
                tally.empty += 1
                tally.models["(empty)"] += 1
                continue
            done: Article = enriched.get(id(article), article)
            tally.language_right += done.language == page.language
            entities = done.entities
            tally.with_entities += bool(entities.person or entities.org or entities.location)
            tally.datelines += done.dateline is not None
            tally.models[getattr(done, "ner_model", None) or "none"] += 1
        without = False
        if article is not None:
            done = enriched.get(id(article), article)
            model = getattr(done, "ner_model", None)
            entities = done.entities
            found = entities.person or entities.org or entities.location
            without = model in (None, NO_MODEL) and bool(found)
        half = page.split
        unmodelled.append((half, without))
        empty.append((half, article is None))
        right.append((half, article is not None and article.language == page.language))
        short.append((half, detect_language(page.body[:SHORT_CHARS]) == page.language))
        titled.append((half, detect_language(page.title) == page.language))
        if page.language != "en":
            bodies.append((half, (ours, plain)))
    report.tables.append(_table(tallies))
    for language in LABELLED_ENTITIES:
        _labelled_entity_rows(report, runner, pages, language)
    _dateline_rows(
        report, pages, [enriched.get(id(a)) if a is not None else None for a in extracted]
    )
    dataset = "fundus pages (hand-labelled language)"
    report.rows += [
        split_row("language", "language right", dataset, right, share_figures,
                  other_name="accuracy"),
        split_row("language_short", f"language, first {SHORT_CHARS} chars",
                  "fundus gold bodies", short, share_figures, other_name="accuracy"),
        split_row("language_title", "language, title", "fundus gold titles", titled,
                  share_figures, other_name="accuracy"),
        split_row("empty_pages", "pages that came out empty", "fundus pages", empty,
                  share_figures, other_name="share"),
        split_row("entities_without_model", "entities where no NER model ran", "fundus pages",
                  unmodelled, share_figures, other_name="share"),
    ]  # fmt: skip
    if bodies:
        report.rows.append(
            split_row("body_non_english", "body, non-English pages", "fundus (parser bodies)",
                      bodies, _body_figures, other_name="trafilatura F1")
        )  # fmt: skip


def _body_figures(items: Any) -> dict[str, Any]:
    """Body P/R/F1 averaged over pages, and trafilatura's F1 alone on the same pages."""
    if not items:
        return {}
    p, r, f = averaged([ours for ours, _ in items])
    return {"precision": p, "recall": r, "f1": f, "other": averaged([pl for _, pl in items])[2]}


def _table(tallies: dict[str, _Tally]) -> str:
    head = (
        f"{'language':<9} {'pages':>5} {'lang ok':>7} {'body F1':>7} {'trafil.':>7} "
        f"{'empty':>5} {'w/ ent':>6} {'no ent':>6} {'datel.':>6}  NER model"
    )
    lines = ["Per language (fundus pages, hand-labelled language)", head, "-" * len(head)]
    order = sorted((k for k in tallies if k != "all"), key=lambda k: (-tallies[k].pages, k))
    for key in [*order, "all"]:
        t = tallies[key]
        found = t.pages - t.empty
        models = ", ".join(f"{m} {n}" for m, n in t.models.most_common())
        lines.append(
            f"{key:<9} {t.pages:>5} {t.language_right / t.pages:>7.3f} "
            f"{averaged(t.ours)[2]:>7.3f} {averaged(t.plain)[2]:>7.3f} {t.empty:>5} "
            f"{t.with_entities:>6} {found - t.with_entities:>6} {t.datelines:>6}  {models}"
        )
    return "\n".join(lines)


def _dateline_rows(report: Report, pages: list[FundusPage], articles: list[Any]) -> None:
    """Dateline place P/R/F1 and agency accuracy per language that has labelled datelines
    (every page of that language counts: a dateline found where there is none is an error)."""
    gold = json.loads(DATELINES.read_text("utf-8"))["pages"]
    with_datelines = {p.language for p in pages if p.page in gold}

    def figures(items: Any) -> dict[str, Any]:
        agency = share_figures([ok for _, ok in items])["other"]
        return {**counts_figures([c for c, _ in items]), "other": agency}

    for language in sorted(with_datelines):
        items = []
        for page, article in zip(pages, articles, strict=True):
            if page.language != language:
                continue
            want, counts = gold.get(page.page) or {}, Counts()
            got = article.dateline if article is not None else None
            score_place(counts, want.get("place"), got.place if got else None)
            items.append(
                (page.split, (counts, want.get("agency") == (got.agency if got else None)))
            )
        report.rows.append(
            split_row(f"dateline_fundus_{language}", f"dateline place ({language})",
                      f"fundus pages in {language}, hand-labelled", items, figures,
                      other_name="agency acc")
        )  # fmt: skip


def labelled_entity_pages(
    runner: Any, language: str, pages: list[FundusPage] | None = None, half: str | None = None
) -> list[tuple[dict[str, Any], Any]]:
    """(label row, enriched article) of each page of `language` labelled by hand for entities
    (`LABELLED_ENTITIES`: pointers to pages and the names in them, in the hand-labelled gold's
    format), of one half if `half`; the stages run over the parser's title and body, as for the
    English entity rows."""
    from etl import Article, article_id

    by_page = {p.page: p for p in (fundus_pages() if pages is None else pages)}
    docs = [
        d for d in jsonl(LABELLED_ENTITIES[language])
        if d["page"] in by_page and half in (None, d["split"])
    ]  # fmt: skip
    articles = [
        Article(id=article_id(page.page), url=page.url, title=page.title, body=page.body,
                language=language)
        for page in (by_page[d["page"]] for d in docs)
    ]  # fmt: skip
    return list(zip(docs, runner.run(articles), strict=True))


def _labelled_entity_rows(
    report: Report, runner: Any, pages: list[FundusPage], language: str
) -> None:
    """Document-level entity F1 of one language's pages labelled by hand: all, and each type."""
    scored = []
    labelled = labelled_entity_pages(runner, language, pages)
    for doc, article in labelled:
        predicted = {kind: list(getattr(article.entities, kind)) for kind in ENTITY_TYPES}
        scored.append((doc["split"], score_entities(doc, predicted)))
    entity_rows(report, scored, f"_{language}",
                f"fundus {language} pages, hand-labelled (doc-level)")  # fmt: skip
    if language in LABELLED_QUOTES and runner.has_quotes():
        _labelled_quote_rows(report, language, labelled)


def labelled_quotes(language: str) -> dict[str, list[dict[str, Any]]]:
    """The quotes labelled by hand on each page of `language` (`LABELLED_QUOTES`)."""
    return {row["page"]: row["quotes"] for row in jsonl(LABELLED_QUOTES[language])}


def _labelled_quote_rows(
    report: Report, language: str, labelled: list[tuple[dict[str, Any], Any]]
) -> None:
    """Quotes right (speaker and overlap) and quoted speakers per article, as for English."""
    gold = labelled_quotes(language)
    pages = [
        (doc["split"], article, gold[doc["page"]], doc.get("aliases") or {})
        for doc, article in labelled
    ]
    dataset = f"fundus {language} pages, hand-labelled"
    report.rows += quote_rows(dataset, f"_{language}", pages, openings=False)
