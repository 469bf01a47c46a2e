"""The data sets `make eval` reads: where each is, the halves it is split into, how it is read.

All of them are in `../shared` (read there, never copied into the repo), but for the hand
labels kept in `evaluation/gold/`. Each set is split into fixed tuning and checking halves,
stored under the names below (see `_splits`). `require` stops a run at once, naming what is
missing, when the shared folder is not there.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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

# what --quick reads of the big sets
QUICK_REUTERS_STEP = 10
QUICK_CONLL_DOCS = 100


def jsonl(path: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def require(*paths: Path) -> None:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise SystemExit(f"evaluation data missing: {', '.join(missing)} (the ../shared folder)")


def handlabelled(name: str) -> list[dict[str, Any]]:
    """The shared gold's rows of `name` (entities.jsonl, quotes.jsonl), then ours."""
    return [*jsonl(HANDLABELLED / name), *jsonl(MORE_HANDLABELLED / name)]


def page_half(row: dict[str, Any]) -> str:
    """The half of a hand-labelled benchmark page: its publisher's (the seed, which has no
    URL, by its id)."""
    return half_of(PAGES_SPLIT, publisher_key(row["url"]) if row.get("url") else row["id"])
