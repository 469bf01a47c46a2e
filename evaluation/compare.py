"""Set two `make eval` result files side by side: `python -m evaluation.compare OLD NEW`.

Both files are what `python -m evaluation.run --json PATH` writes. Every row that changed is
printed with its tuning and checking figures before and after; a checking figure that left the
old run's 95% interval is marked, since a change inside it may be the luck of the draw (see
`_figures.bootstrap_interval`). Rows that did not change are counted, not printed.

`--identical` is for changes that must not move a figure (a refactor, a rename): it exits 1
when any row differs in any figure, either half or interval, or a row is missing, and prints
which. The throughput rows and the run's own timing are never compared (machines are noisy).

`--tuning` prints the tuning halves only: the rows whose tuning figure moved, and nothing of the
checking halves or the whole (which holds them). It is the view to decide a rule from (issue
12's method: rules change only from what the tuning half shows), so that a developer trying
rules does not see, round after round, what they did on the pages kept for checking.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._splits import CHECKING, TUNING


def _headline(row: dict[str, Any]) -> str:
    return "f1" if row.get("f1") is not None else "other"


def _figure(row: dict[str, Any] | None, half: str | None = None) -> float | None:
    if row is None:
        return None
    source = row if half is None else row.get("halves", {}).get(half, {})
    return source.get(_headline(row))


def _cell(value: float | None) -> str:
    return f"{value:.3f}" if value is not None else "-"


def _change(old: float | None, new: float | None) -> str:
    return f"{new - old:+.3f}" if old is not None and new is not None else ""


def _left_interval(old: dict[str, Any], new: dict[str, Any]) -> str:
    interval = old.get("halves", {}).get(CHECKING, {}).get("interval")
    checking = _figure(new, CHECKING)
    if not interval or checking is None or interval[0] <= checking <= interval[1]:
        return ""
    return "outside the old interval"


def _differences(a: Any, b: Any, path: str = "") -> list[str]:
    """The dotted paths at which two rows differ ("halves.checking.interval")."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [
            difference
            for key in dict.fromkeys([*a, *b])
            for difference in _differences(a.get(key), b.get(key), f"{path}.{key}".lstrip("."))
        ]
    return [] if a == b else [path]


def compare(old: dict[str, Any], new: dict[str, Any]) -> tuple[list[str], int]:
    """The printed lines, and how many rows differ (in any figure) or are missing."""
    rows_old = {row["id"]: row for row in old["rows"]}
    rows_new = {row["id"]: row for row in new["rows"]}
    lines = [
        f"old: {old.get('commit') or '?'}{' (quick)' if old.get('quick') else ''}",
        f"new: {new.get('commit') or '?'}{' (quick)' if new.get('quick') else ''}",
        "",
        f"{'row':<28} {'figure':<6} {'whole':>15} {'tuning':>15} {'checking':>15} {'change':>7}",
    ]
    changed = same = 0
    for row_id in dict.fromkeys([*rows_old, *rows_new]):
        a, b = rows_old.get(row_id), rows_new.get(row_id)
        if a is not None and a == b:
            same += 1
            continue
        changed += 1
        if a is None or b is None:
            lines.append(f"{row_id:<28} only in the {'new' if a is None else 'old'} file")
            continue
        pairs = [
            f"{_cell(_figure(a, half))}->{_cell(_figure(b, half))}"
            for half in (None, TUNING, CHECKING)
        ]
        change = _change(_figure(a, CHECKING), _figure(b, CHECKING))
        figures_moved = any(_figure(a, h) != _figure(b, h) for h in (None, TUNING, CHECKING))
        remark = (
            _left_interval(a, b)
            if figures_moved
            else f"same figures; differs in {', '.join(_differences(a, b))}"
        )
        lines.append(
            f"{row_id:<28} {_headline(b):<6} {pairs[0]:>15} {pairs[1]:>15} {pairs[2]:>15} "
            f"{change:>7}  {remark}".rstrip()
        )
    lines += ["", f"{changed} rows changed or missing, {same} identical"]
    return lines, changed


def compare_tuning(old: dict[str, Any], new: dict[str, Any]) -> tuple[list[str], int]:
    """The printed lines of the rows whose tuning figure moved, and how many moved."""
    rows_old = {row["id"]: row for row in old["rows"]}
    lines = [f"{'row':<28} {'figure':<6} {'tuning':>15} {'change':>7}"]
    moved = 0
    for b in new["rows"]:
        before, after = _figure(rows_old.get(b["id"]), TUNING), _figure(b, TUNING)
        if before == after:
            continue
        moved += 1
        lines.append(
            f"{b['id']:<28} {_headline(b):<6} {_cell(before) + '->' + _cell(after):>15} "
            f"{_change(before, after):>7}"
        )
    lines += ["", f"{moved} rows moved on the tuning half (checking halves not shown)"]
    return lines, moved


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation.compare", description=__doc__.split("\n")[0]
    )
    parser.add_argument("old", type=Path, help="a file written by evaluation.run --json")
    parser.add_argument("new", type=Path, help="the same, of the change")
    parser.add_argument(
        "--identical",
        action="store_true",
        help="exit 1 if any row's figures differ (for changes that must not move one)",
    )
    parser.add_argument(
        "--tuning",
        action="store_true",
        help="show the tuning halves only (the view to decide a rule from)",
    )
    args = parser.parse_args(argv)
    try:
        old, new = (json.loads(path.read_text("utf-8")) for path in (args.old, args.new))
    except (OSError, ValueError) as exc:
        parser.error(f"cannot read the results: {exc}")
    lines, changed = (compare_tuning if args.tuning else compare)(old, new)
    print("\n".join(lines))
    return 1 if args.identical and changed else 0


if __name__ == "__main__":
    sys.exit(main())
