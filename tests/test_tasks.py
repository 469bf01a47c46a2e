"""The plain functions behind `news_ingest`'s tasks that need no engine or Airflow."""

from __future__ import annotations

from itertools import pairwise

import pytest

from etl._tasks import plan_batches


def _manifests(*counts: int) -> list[dict]:
    return [
        {"source": f"s{n}", "kind": "feed", "path": f"/runs/discover-s{n}.json", "count": count}
        for n, count in enumerate(counts)
    ]


def _covered(batches: list[dict]) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for batch in batches:
        out.setdefault(batch["source"], []).append((batch["start"], batch["end"]))
    return out


def test_batches_cover_every_item_once_per_source() -> None:
    batches = plan_batches(_manifests(2500, 0, 7), 1000)
    assert _covered(batches) == {"s0": [(0, 1000), (1000, 2000), (2000, 2500)], "s2": [(0, 7)]}
    assert len({b["batch_id"] for b in batches}) == len(batches)


def test_a_big_night_grows_the_batches_instead_of_passing_airflows_map_limit() -> None:
    counts = (250_000, 90_000, 3)
    batches = plan_batches(_manifests(*counts), 100, max_batches=1024)
    assert len(batches) <= 1024
    sizes = [b["end"] - b["start"] for b in batches]
    # the smallest size that fits: one item less per batch would need more than 1024 batches
    size = max(sizes)
    assert sum(-(-c // (size - 1)) for c in counts) > 1024
    for source, spans in _covered(batches).items():
        count = counts[int(source[1:])]
        assert spans[0][0] == 0 and spans[-1][1] == count
        assert all(a[1] == b[0] for a, b in pairwise(spans))
    assert plan_batches(_manifests(500), 100, max_batches=1024) == plan_batches(
        _manifests(500), 100
    )


def test_more_sources_than_mappable_batches_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="max_map_length"):
        plan_batches(_manifests(*([5] * 10)), 100, max_batches=8)
