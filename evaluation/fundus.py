"""Title, authors, publication day and body of real pages, against careful per-site parsers.

`../shared/data/fundus` holds pages of many publishers with the fields that Fundus's
hand-written parsers extract from them (see its README). This module scores `etl.extract` on
its English pages, and trafilatura alone beside it, on the fixed publisher halves stored in
`evaluation/splits/fundus.json`:

- title exact: the extracted title equals the gold headline (Unicode NFKC, whitespace folded);
- authors F1: the set of author names per page (case and whitespace folded), counted over all
  pages;
- publication day: the date part of the extracted publication date equals the gold's;
- body F1: the benchmark's 4-word shingle F1 against the gold body (standfirst, then every
  section's headline and paragraphs), averaged over pages.

A page is English when its gold body is (py3langid, the project's own language identifier):
the country folder only hints at the language.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._data import FUNDUS
from ._figures import (
    Counts,
    Report,
    Row,
    Throughput,
    counts_figures,
    share_figures,
    split_row,
)
from ._scoring import shingle_figures, shingle_scores
from ._splits import half_of

FUNDUS_SPLIT = "fundus"  # by publisher: "<country>/<Publisher>"
DATASET = "Fundus English pages"


@dataclass
class Page:
    publisher: str  # "<country>/<Publisher>", the split key
    path: Path
    url: str
    gold: dict[str, Any]

    @property
    def body(self) -> str:
        body = self.gold.get("body") or {}
        lines = list(body.get("summary") or [])
        for section in body.get("sections") or []:
            lines += section.get("headline") or []
            lines += section.get("paragraphs") or []
        return "\n".join(lines)

    @property
    def html(self) -> bytes:
        return gzip.decompress(self.path.read_bytes())


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", name))


def pages(root: Path = FUNDUS) -> Iterator[Page]:
    """Every page with its gold fields: a publisher's pages sorted by date, paired with its
    parser versions sorted by number (a publisher whose counts differ is skipped)."""
    for country in sorted(p for p in root.iterdir() if p.is_dir()):
        meta = json.loads((country / "meta.info").read_text("utf-8"))
        for gold_file in sorted(country.glob("*.json")):
            name = gold_file.stem
            versions = json.loads(gold_file.read_text("utf-8"))
            files = sorted(country.glob(f"{name}_*.html.gz"), key=lambda p: p.name)
            files = [f for f in files if re.fullmatch(rf"{name}_\d{{4}}_\d\d_\d\d", f.name[:-8])]
            if len(files) != len(versions):
                continue
            for path, version in zip(files, sorted(versions, key=_version_key), strict=True):
                url = (meta.get(path.name) or {}).get("url") or ""
                yield Page(f"{country.name}/{name}", path, url, versions[version])


def english_pages(root: Path = FUNDUS) -> list[Page]:
    from etl._extract import detect_language

    return [page for page in pages(root) if detect_language(page.body) == "en"]


# --- scoring -------------------------------------------------------------------------------------


def _text(value: str | None) -> str:
    return " ".join(unicodedata.normalize("NFKC", value or "").split())


def title_right(predicted: str | None, gold: str | None) -> bool:
    return bool(_text(gold)) and _text(predicted) == _text(gold)


def author_counts(predicted: Sequence[str], gold: Sequence[str] | None) -> Counts:
    want = {_text(a).casefold() for a in gold or [] if _text(a)}
    got = {_text(a).casefold() for a in predicted if _text(a)}
    return Counts(len(want & got), len(got - want), len(want - got))


def day_right(predicted: str | None, gold: str | None) -> bool:
    return bool(gold) and (predicted or "")[:10] == gold[:10]


def standfirst_counts(predicted: str | None, gold: str) -> Counts:
    """A standfirst found where the per-site parser has a summary, with the same text (4-word
    shingle F1 of at least 0.5), is right; one found where it has none is extra."""
    if predicted and gold:
        precision, recall = shingle_scores(predicted, gold)
        same = precision + recall and 2 * precision * recall / (precision + recall) >= 0.5
        return Counts(1, 0, 0) if same else Counts(0, 1, 1)
    return Counts(0, int(bool(predicted)), int(bool(gold)))


@dataclass
class Fields:
    title: str | None
    authors: list[str]
    published_at: str | None
    body: str
    standfirst: str | None = None


def extracted_fields(html: bytes, url: str | None) -> Fields:
    """The fields `etl.extract` gives a page (none where it drops the page)."""
    from etl import DropArticle, extract

    try:
        return article_fields(extract(html, url or None))
    except DropArticle:
        return article_fields(None)


def article_fields(article: Any) -> Fields:
    """The fields of an `etl.extract` Article (none for None, a page it dropped)."""
    if article is None:
        return Fields(None, [], None, "")
    published = article.published_at
    return Fields(article.title, list(article.authors), str(published or "") or None, article.body,
                  article.standfirst)  # fmt: skip


def trafilatura_fields(html: bytes, url: str | None) -> Fields:
    """The fields trafilatura alone gives a page (fast, tables kept, comments left out): the
    baseline the rows set beside `etl.extract`."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url or None, fast=True, include_comments=False, include_tables=True,
        with_metadata=True,
    )  # fmt: skip
    if doc is None:
        return Fields(None, [], None, "")
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return Fields(doc.title, authors, doc.date, doc.text or "")


def field_rows(
    key: str, dataset: str, scored: dict[str, list[tuple[str, Any]]], *, alone: bool
) -> list[Row]:
    """The title, authors and publication day rows of one method (`alone`: trafilatura's), from
    each page's half and score; `key` names the rows ("fundus{}" -> "fundus_title")."""
    tail = ", trafilatura alone" if alone else ""
    return [
        split_row(key.format("_title"), f"title exact{tail}", dataset, scored["title"],
                  share_figures, other_name="exact"),
        split_row(key.format("_authors"), f"authors{tail}", dataset, scored["authors"],
                  counts_figures),
        split_row(key.format("_day"), f"{'pub.' if alone else 'publication'} day{tail}",
                  dataset, scored["day"], share_figures, other_name="right"),
    ]  # fmt: skip


def evaluate_fundus(report: Report) -> None:
    """Each of the four fields by `etl.extract` and by trafilatura alone, and the standfirst."""
    import time

    english = english_pages()
    for name, method in (("", extracted_fields), ("_trafilatura", trafilatura_fields)):
        scored: dict[str, list[tuple[str, Any]]] = {
            k: [] for k in ("title", "authors", "day", "standfirst")
        }
        bodies = []
        start = time.perf_counter()
        for page in english:
            half = half_of(FUNDUS_SPLIT, page.publisher)
            got, gold = method(page.html, page.url), page.gold
            scored["title"].append((half, title_right(got.title, gold.get("title"))))
            scored["authors"].append((half, author_counts(got.authors, gold.get("authors"))))
            scored["day"].append((half, day_right(got.published_at, gold.get("publishing_date"))))
            bodies.append((half, (*shingle_scores(got.body, page.body), None)))
            summary = "\n".join((gold.get("body") or {}).get("summary") or [])
            scored["standfirst"].append((half, standfirst_counts(got.standfirst, summary)))
        seconds = time.perf_counter() - start
        report.rows += field_rows(f"fundus{{}}{name}", DATASET, scored, alone=bool(name))
        alone = ", trafilatura alone" if name else ""
        report.rows.append(
            split_row(f"fundus_body{name}", f"body (shingles){alone}", DATASET, bodies,
                      shingle_figures)
        )  # fmt: skip
        if not name:  # trafilatura reads no standfirst
            report.rows.append(
                split_row("fundus_standfirst", "standfirst (summary's text)", DATASET,
                          scored["standfirst"], counts_figures)
            )  # fmt: skip
        what = "trafilatura alone, metadata" if name else "etl.extract"
        report.throughput.append(Throughput(f"Fundus pages ({what})", "pages/s", len(english),
                                            seconds))  # fmt: skip


def split_keys() -> tuple[str, str, list[str]]:
    return (
        FUNDUS_SPLIT,
        "publisher (<country>/<Publisher>) of each page",
        [page.publisher for page in pages()],
    )
