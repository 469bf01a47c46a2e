"""The figures of `make eval`, and the table that prints them.

Each row of the table is one task on one data set: precision, recall and F1 from `Counts` of
true positives, false positives and misses, or a share of items (an accuracy, a false-positive
rate). `split_row` computes a row's figures on the whole set and again on each of its fixed
halves (tuning and checking, see `_splits`), with a bootstrap interval for the checking
figure; `format_report` prints the rows, the throughput and the notes of a `Report`.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ._splits import CHECKING, HALVES


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        return f1_of(self.precision, self.recall)


def f1_of(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class Row:
    id: str
    task: str
    dataset: str
    n: int
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    other_name: str | None = None  # "agency acc", "fp-rate", "accuracy", ...
    other: float | None = None
    status: str = "ok"  # "ok" | "n/a"
    note: str | None = None  # why a row is n/a
    # the same figures on the tuning and the checking half of the data set (evaluation/splits)
    halves: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def headline(self) -> str:
        """The figure the halves are compared on: F1 where there is one, else `other`."""
        return "f1" if self.f1 is not None else "other"

    def gap(self) -> float | None:
        """Tuning minus checking: how much of a figure is fitted to the half it was tuned on."""
        tuning, checking = (self.halves.get(h, {}).get(self.headline) for h in HALVES)
        return tuning - checking if tuning is not None and checking is not None else None


def counts_figures(items: Sequence[Counts]) -> dict[str, Any]:
    total = Counts()
    for counts in items:
        total.add(counts)
    return {"precision": total.precision, "recall": total.recall, "f1": total.f1}


def share_figures(items: Sequence[bool]) -> dict[str, Any]:
    """The share of items that are true (an accuracy, a false-positive rate)."""
    return {"other": sum(items) / len(items) if items else None}


def split_row(
    id: str,
    task: str,
    dataset: str,
    items: Sequence[tuple[str, Any]],
    figures: Callable[[Sequence[Any]], dict[str, Any]] = counts_figures,
    **kw: Any,
) -> Row:
    """A row over `items` (pairs of half and per-item result), with the same `figures`
    computed on each half. `figures` returns precision/recall/f1/other (and `n` when the row
    counts something other than items)."""
    whole = figures([item for _, item in items])
    row = Row(id, task, dataset, whole.pop("n", len(items)), **whole, **kw)
    for half in HALVES:
        part = [item for h, item in items if h == half]
        row.halves[half] = {"n": len(part), **figures(part)} if part else {"n": 0}
    checking = [item for h, item in items if h == CHECKING]
    row.halves[CHECKING]["interval"] = bootstrap_interval(checking, figures, row.headline, id)
    return row


BOOTSTRAP_RESAMPLES = 1000


def bootstrap_interval(
    items: Sequence[Any],
    figures: Callable[[Sequence[Any]], dict[str, Any]],
    figure: str,
    seed: str,
) -> list[float] | None:
    """The 95% percentile-bootstrap interval of `figure` over `items` (pages, documents or
    stories: the units a half is drawn in), so that a reader can tell a real difference from the
    luck of which few dozen pages fell in a half. The resampling is seeded by the row's id, so
    the interval is the same from run to run on the same results."""
    if len(items) < 2:
        return None
    rng = random.Random(zlib.crc32(seed.encode()))
    values = sorted(
        value
        for _ in range(BOOTSTRAP_RESAMPLES)
        if (value := figures(rng.choices(items, k=len(items))).get(figure)) is not None
    )
    if len(values) < BOOTSTRAP_RESAMPLES // 2:
        return None
    return [values[int(0.025 * len(values))], values[int(0.975 * len(values)) - 1]]


@dataclass
class Throughput:
    what: str
    unit: str  # "pages/s" | "words/s"
    items: int  # pages or words
    seconds: float

    @property
    def rate(self) -> float:
        return self.items / self.seconds if self.seconds else 0.0


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    throughput: list[Throughput] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)  # whole sections (per language, ...)


def _cell(value: float | None, width: int = 6) -> str:
    return f"{value:>{width}.3f}" if value is not None else " " * (width - 1) + "-"


def format_report(report: Report) -> str:
    lines = [
        f"{'task':<32} {'data set':<48} {'n':>6} {'P':>6} {'R':>6} {'F1':>6}   {'other':<18}"
        f"| {'tuning':>6} {'check':>6} {'95% interval':<13} {'gap':>6}  (n tuning/checking)",
        "-" * 164,
    ]
    for row in report.rows:
        if row.status != "ok":
            lines.append(f"{row.task:<32} {row.dataset:<48} {row.n:>6}   {row.note}")
            continue
        other = f"{row.other_name} {row.other:.3f}" if row.other is not None else ""
        tuning, checking = (row.halves.get(h, {}) for h in HALVES)
        gap = row.gap()
        interval = checking.get("interval")
        interval = f"{interval[0]:.3f}-{interval[1]:.3f}" if interval else "-"
        halves = (
            f"| {_cell(tuning.get(row.headline))} {_cell(checking.get(row.headline))} "
            f"{interval:<13} {f'{gap:+6.3f}' if gap is not None else '     -'}  "
            f"({row.headline}, {tuning.get('n', 0)}/{checking.get('n', 0)})"
        )
        lines.append(
            f"{row.task:<32} {row.dataset:<48} {row.n:>6} {_cell(row.precision)} "
            f"{_cell(row.recall)} {_cell(row.f1)}   {other:<18}{halves}"
        )
    lines += [
        "",
        f"{'throughput (this run)':<40} {'rate':>12}  {'':<8} {'items':>9} {'seconds':>8}",
    ]
    for t in report.throughput:
        lines.append(f"{t.what:<40} {t.rate:>12,.1f}  {t.unit:<8} {t.items:>9,} {t.seconds:>8.2f}")
    for table in report.tables:
        lines += ["", table]
    lines += [""] + [f"* {note}" for note in report.notes]
    return "\n".join(lines)
