"""htmldate's evaluation pages: the publication day of 1,000 real pages, against their gold.

htmldate, the library trafilatura finds dates with, is measured on 1,000 crawled pages whose
publication date its authors checked by hand: 200 news stories drawn from Media Cloud's
collection (publishers all over the world, many languages) and 800 pages of news sites, magazines,
blogs and public bodies (most in German, French and English). Its Go port,
`github.com/markusmobius/go-htmldate` (Apache-2.0), carries the pages (`test-files/`) and their
dates (`scripts/comparison/data-*.go`); `make eval` fetches the module (`_module_pages`) and reads
both from it, so nothing of theirs is copied into the repository.

The row scores the day `etl.extract` gives each page (none where it drops the page) against the
gold, beside trafilatura's alone; the 5 pages the gold gives no date are not scored. The pages
are split into halves by publisher (`evaluation/splits/htmldate-pages.json`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ._figures import Report, share_figures, split_row
from ._module_pages import baseline_fields, extracted_page, module_dir
from ._splits import half_of, publisher_key
from .fundus import article_fields, day_right

MODULE = "github.com/markusmobius/go-htmldate"  # Apache-2.0; the pages are their publishers'
VERSION, CHECKSUM = "v1.10.1", "h1:bkUp0aThgtwhaKvDQ2Q2zqORCEx/E2epCXm63ikODjc="
SPLIT = "htmldate-pages"  # by publisher (host without www.)
DATASET = "htmldate's evaluation pages (news, magazines, blogs; many languages)"
GOLD_FILES = ("scripts/comparison/data-mediacloud.go", "scripts/comparison/data-default.go")
PAGE_FOLDERS = ("mediacloud", "comparison", "mock")  # where its benchmark looks for a file
QUICK_STEP = 10  # --quick scores 1 page in 10

# one entry of the Go data files: `{ URL: "...", File: "...", Date: "2020-06-07", ... }`
_ENTRY = re.compile(r"\{([^{}]*)\}")
_FIELD = re.compile(r'(\w+):\s*"((?:[^"\\]|\\.)*)"')


@dataclass(frozen=True)
class DatedPage:
    url: str
    path: Path
    published: str | None  # the gold day, YYYY-MM-DD; None where the page gives no date

    @property
    def publisher(self) -> str:
        return publisher_key(self.url)


@cache
def pages() -> tuple[DatedPage, ...]:
    """Every page of the benchmark with its gold day, in the order of its data files."""
    root = module_dir(MODULE, VERSION, CHECKSUM)
    found = []
    for name in GOLD_FILES:
        for entry in _ENTRY.findall((root / name).read_text("utf-8")):
            fields = dict(_FIELD.findall(entry))
            if "File" not in fields:
                continue
            paths = (root / "test-files" / folder / fields["File"] for folder in PAGE_FOLDERS)
            path = next((p for p in paths if p.is_file()), None)
            if path is None:
                raise SystemExit(f"{MODULE}@{VERSION} lacks the page {fields['File']}")
            day = fields.get("Date", "")  # "nan" where the page gives no date
            dated = re.fullmatch(r"\d{4}-\d\d-\d\d", day)
            found.append(DatedPage(fields["URL"], path, day if dated else None))
    return tuple(found)


def published_day(page: DatedPage) -> str | None:
    """The publication date `etl.extract` gives the page (None where it drops it)."""
    return article_fields(extracted_page(page.path, page.url)).published_at


def evaluate_htmldate(report: Report, quick: bool) -> None:
    """The publication day by `etl.extract` and by trafilatura alone, on the dated pages."""
    dated = [page for page in pages() if page.published]
    if quick:
        dated = dated[::QUICK_STEP]
    methods = (
        ("", published_day),
        ("_trafilatura", lambda page: baseline_fields(page.path, page.url).published_at),
    )
    sample = f", 1 in {QUICK_STEP}" if quick else ""
    for suffix, method in methods:
        scored = [
            (half_of(SPLIT, page.publisher), day_right(method(page), page.published))
            for page in dated
        ]
        tail = ", trafilatura alone" if suffix else ""
        report.rows.append(
            split_row(f"htmldate_day{suffix}", f"publication day{tail}", DATASET + sample,
                      scored, share_figures, other_name="right")
        )  # fmt: skip


def split_keys() -> tuple[str, str, list[str]]:
    return (SPLIT, "publisher (host without www.) of each page",
            [page.publisher for page in pages()])  # fmt: skip
