"""Set two benchmark result files side by side: `python -m bench.compare OLD.json NEW.json`.

Prints every headline figure of both runs (see `bench.report.headline`), the change, and
whether it got better or worse. On a shared machine a change under about 15% in an absolute
figure is noise; ratios measured within one run (e2e / bound, Airflow / CLI, CPU per input)
and CPU-time figures are steadier.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .report import headline

LOWER_IS_BETTER = ("_ms", "_mb", "rss_growth", "airflow_over_cli", "cli_fixed_s", "cpu_over")
NOISE = 0.15


def _better(key: str, old: float, new: float) -> str:
    if old == 0 or new == old:
        return ""
    change = new / old - 1
    if abs(change) < NOISE and not key.startswith("ratio."):
        return "~"
    lower = any(marker in key for marker in LOWER_IS_BETTER)
    return "better" if (new < old) == lower else "worse"


def _describe(results: dict[str, Any]) -> str:
    meta = results["meta"]
    return (
        f"{meta['commit'][:10]}{'+' if meta.get('dirty') else ''} {meta['timestamp']} "
        f"load {meta['machine']['loadavg_start'].split()[0]}"
    )


def compare(old: dict[str, Any], new: dict[str, Any]) -> str:
    a, b = headline(old), headline(new)
    lines = [f"old: {_describe(old)}", f"new: {_describe(new)}", ""]
    lines.append(f"{'figure':<44}{'old':>12}{'new':>12}{'change':>9}  ")
    for key in list(dict.fromkeys([*a, *b])):
        x, y = a.get(key), b.get(key)
        if x is None or y is None:
            shown = (
                f"{'-' if x is None else f'{x:,.2f}':>12}{'-' if y is None else f'{y:,.2f}':>12}"
            )
            lines.append(f"{key:<44}{shown}")
            continue
        change = f"{y / x - 1:+.0%}" if x else "-"
        lines.append(f"{key:<44}{x:>12,.2f}{y:>12,.2f}{change:>9}  {_better(key, x, y)}")
    lines.append("")
    targets_old = {t["name"]: t["met"] for t in old.get("targets", [])}
    for t in new.get("targets", []):
        lines.append(
            f"target {t['name']:<30} old {_met(targets_old.get(t['name'])):<14} "
            f"new {_met(t['met'])}"
        )
    return "\n".join(lines)


def _met(value: bool | None) -> str:
    return {True: "met", False: "NOT met", None: "not measured"}[value]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__)
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    args = parser.parse_args(argv)
    old = json.loads(args.old.read_text(encoding="utf-8"))
    new = json.loads(args.new.read_text(encoding="utf-8"))
    print(compare(old, new))
    return 0


if __name__ == "__main__":
    sys.exit(main())
