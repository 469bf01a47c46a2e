"""Readability's test pages: English news articles of publishers no other gold set has.

Mozilla's Readability keeps real pages as test cases (`source.html`, the page as crawled, and
`expected.html`, the article text it extracts); its Go port, the module pinned below, carries
them, and `make eval` fetches that module with the Go toolchain (through the Go module proxy the
machine is set up for; the module's checksum is pinned here and checked). 30 of its pages are
English news articles of 22 publishers (the New York Times, the BBC, the Guardian, the
Washington Post, ...), labelled by hand for this project before its output on them was seen:
entities, quotes, datelines and the article's title, authors and publication day, in
`evaluation/gold/readability-en/` (labels and a pointer to each page only; see its README).

The enrichment stages run over each page's article text (`expected.html`'s blocks, the text
the labels were made on), with the URL, title and publisher `etl.extract` reads from the page;
the title, authors and publication day are `etl.extract`'s, and trafilatura's alone beside
them. The pages are split into halves by publisher (`evaluation/splits/readability-pages.json`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

from ._data import REPO
from ._figures import Report
from ._labelled import LabelledSet, score_labelled_set
from ._runner import StageRunner
from ._splits import half_of, publisher_key
from .fundus import (
    author_counts,
    day_right,
    extracted_fields,
    field_rows,
    title_right,
    trafilatura_fields,
)

MODULE = "codeberg.org/readeck/go-readability/v2"  # MIT; the pages are their publishers'
VERSION = "v2.1.3"
SUM = "h1:6SR63+o3nHiZT6Ntq2Px4nNd2eSfrtsDpdM4uL3id9c="  # go's hash of the module's files
CACHE = REPO / ".tools" / "gomod"  # a Go module cache of the project's own
SPLIT = "readability-pages"  # by publisher (host without "www.")


@cache
def test_pages() -> Path:
    """The module's `test-pages` folder, fetched once into the project's own Go module cache."""
    go = shutil.which("go")
    if go is None:
        raise SystemExit(
            f"the Readability pages need the Go toolchain (`go`) to fetch {MODULE}@{VERSION}; "
            "install Go, or run the other sections with --only"
        )
    # no checksum database asked: the module's hash is checked against SUM below instead
    env = {**os.environ, "GOMODCACHE": str(CACHE), "GOFLAGS": "-modcacherw", "GOSUMDB": "off"}
    done = subprocess.run(
        [go, "mod", "download", "-json", f"{MODULE}@{VERSION}"], env=env, cwd=REPO,
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    try:
        info = json.loads(done.stdout)
    except json.JSONDecodeError:
        info = {"Error": done.stderr.strip() or done.stdout.strip()}
    if info.get("Error") or done.returncode != 0:
        raise SystemExit(f"could not fetch {MODULE}@{VERSION}: {info.get('Error')}")
    if info.get("Sum") != SUM:
        raise SystemExit(f"{MODULE}@{VERSION} has checksum {info.get('Sum')}, not {SUM}")
    return Path(info["Dir"]) / "test-pages"


_BLOCKS = frozenset(
    "p h1 h2 h3 h4 h5 h6 li blockquote figcaption pre td th dt dd div section article header "
    "footer ul ol figure table tr".split()
)


def article_text(expected_html: str) -> str:
    """The blocks of Readability's extracted article, one a paragraph, whitespace folded."""
    import lxml.html

    blocks: list[str] = []
    words: list[str] = []

    def flush() -> None:
        text = re.sub(r"\s+", " ", "".join(words)).strip()
        if text:
            blocks.append(text)
        words.clear()

    def walk(element: Any) -> None:
        if isinstance(element.tag, str) and element.tag not in ("script", "style"):
            block = element.tag in _BLOCKS
            if block:
                flush()
            words.append(" " if element.tag == "br" else element.text or "")
            for child in element:
                walk(child)
            if block:
                flush()
        words.append(element.tail or "")

    walk(lxml.html.fromstring(expected_html))
    flush()
    return "\n\n".join(blocks)


def label_half(page_id: str) -> str:
    return half_of(SPLIT, publisher_key(_urls()[page_id]))


@cache
def _urls() -> dict[str, str]:
    return {row["id"]: row["url"] for row in READABILITY_LABELS.rows("metadata")}


def _pages(ids: set[str]) -> dict[str, Any]:
    from etl import Article, DropArticle, article_id, extract
    from etl._extract import domain_of

    root, urls, articles = test_pages(), _urls(), {}
    for page_id in sorted(ids):
        url = urls[page_id]
        try:
            meta = extract((root / page_id / "source.html").read_bytes(), url)
        except DropArticle:
            meta = None
        articles[page_id] = Article(
            id=article_id(url), url=url, title=meta.title if meta else None,
            body=article_text((root / page_id / "expected.html").read_text("utf-8")),
            publisher=meta.publisher if meta else None, domain=domain_of(url), language="en",
        )  # fmt: skip
    return articles


READABILITY_LABELS = LabelledSet(
    dataset="hand-labelled Readability pages", suffix="_readability", folder="readability-en",
    half=label_half, pages=_pages,
)  # fmt: skip


def evaluate_metadata(report: Report) -> None:
    """Title exact, authors F1 and publication day by `etl.extract` and by trafilatura alone."""
    root = test_pages()
    name = READABILITY_LABELS.dataset
    for suffix, method in (("", extracted_fields), ("_trafilatura", trafilatura_fields)):
        scored: dict[str, list[tuple[str, Any]]] = {"title": [], "authors": [], "day": []}
        for row in READABILITY_LABELS.rows("metadata"):
            half = label_half(row["id"])
            got = method((root / row["id"] / "source.html").read_bytes(), row["url"])
            scored["title"].append((half, title_right(got.title, row["title"])))
            scored["authors"].append((half, author_counts(got.authors, row["authors"])))
            if row["published"]:  # a page that gives no date is not scored for it
                scored["day"].append((half, day_right(got.published_at, row["published"])))
        report.rows += field_rows(f"readability{{}}{suffix}", name, scored, alone=bool(suffix))


def evaluate_readability(report: Report, runner: StageRunner) -> None:
    evaluate_metadata(report)
    score_labelled_set(report, runner, READABILITY_LABELS)


def split_keys() -> tuple[str, str, list[str]]:
    return (SPLIT, "publisher (host without www.) of each labelled page",
            [publisher_key(url) for url in _urls().values()])  # fmt: skip
