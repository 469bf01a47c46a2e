"""Fixed tuning and checking halves of every gold set `make eval` reads.

Rules are changed only from what the tuning half shows; the checking half is what the README
quotes. Each set is split by publisher where it has one (so that a checking page comes from a
publisher nobody tuned for), else by article, by one deterministic rule:

    half(set, key) = "tuning" if int(sha256(f"{set}:{key}").hexdigest()[:8], 16) % 2 == 0
                     else "checking"

The halves are stored in `evaluation/splits/<set>.json` (the rule, what the key is, and the keys
of each half), so a change of the data cannot silently move a page from one half to the other:
a key missing from the stored file is an error until the file is rewritten with

    python -m evaluation._splits   # rewrites evaluation/splits/*.json from ../shared
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

SPLITS = Path(__file__).resolve().parent / "splits"
TUNING, CHECKING = HALVES = ("tuning", "checking")
RULE = (
    'half(set, key) = "tuning" if int(sha256(f"{set}:{key}").hexdigest()[:8], 16) % 2 == 0 '
    'else "checking"'
)


def rule_half(dataset: str, key: str) -> str:
    digest = hashlib.sha256(f"{dataset}:{key}".encode()).hexdigest()
    return HALVES[int(digest[:8], 16) % 2]


def publisher_key(url: str | None) -> str:
    """A page's publisher as a split key: its host without "www." (the pages of one site stay
    in one half)."""
    host = (urlsplit(url or "").hostname or "").lower()
    return host.removeprefix("www.") or "(no url)"


@cache
def _stored(dataset: str) -> dict[str, str]:
    path = SPLITS / f"{dataset}.json"
    data = json.loads(path.read_text("utf-8"))
    return {str(key): half for half in HALVES for key in data[half]}


def half_of(dataset: str, key: str | int) -> str:
    """The stored half of `key` in `dataset`; a key the stored split lacks is an error."""
    try:
        return _stored(dataset)[str(key)]
    except KeyError:
        raise SystemExit(
            f"{key!r} is in no stored half of {dataset!r}: the data changed; rewrite the splits "
            "with `python -m evaluation._splits` and commit them"
        ) from None


def write_split(dataset: str, key_kind: str, keys: list[str]) -> Path:
    keys = sorted(set(map(str, keys)), key=lambda k: (len(k), k) if k.isdigit() else (0, k))
    halves = {half: [k for k in keys if rule_half(dataset, k) == half] for half in HALVES}
    data = {"dataset": dataset, "key": key_kind, "rule": RULE, **halves}
    SPLITS.mkdir(exist_ok=True)
    path = SPLITS / f"{dataset}.json"
    lines = [f'  "{name}": {json.dumps(value, ensure_ascii=False)}' for name, value in data.items()]
    path.write_text("{\n" + ",\n".join(lines) + "\n}\n", "utf-8")
    _stored.cache_clear()
    return path


def main() -> None:
    from . import run

    for dataset, key_kind, keys in run.split_keys():
        path = write_split(dataset, key_kind, keys)
        stored = _stored(dataset)
        counts = {half: sum(h == half for h in stored.values()) for half in HALVES}
        print(f"{path.relative_to(SPLITS.parent.parent)}: {counts}")


if __name__ == "__main__":
    main()
