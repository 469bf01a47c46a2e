"""The plain functions behind `news_ingest`'s tasks that need no engine or Airflow."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from etl._tasks import plan_batches


def _manifests(folder: Path, *counts: int, hosts: int = 1) -> list[dict]:
    """One discovery file per source: source n lists `count` URLs spread over `hosts` hosts."""
    manifests = []
    for n, count in enumerate(counts):
        path = folder / f"discover-s{n}.json"
        urls = [f"https://site{i % hosts}.example/s{n}/{i}" for i in range(count)]
        path.write_text(json.dumps({"items": urls}))
        manifests.append({"source": f"s{n}", "kind": "feed", "path": str(path), "count": count})
    return manifests


def _items(batches: list[dict]) -> list[list]:
    plan = json.loads(Path(batches[0]["path"]).read_text())["items"]
    return [plan[b["start"] : b["end"]] for b in batches]


def test_batches_cover_every_url_once_and_mix_the_hosts(tmp_path: Path) -> None:
    manifests = _manifests(tmp_path, 2500, 0, 7, hosts=5)
    batches = plan_batches(manifests, 1000, tmp_path)
    assert [b["end"] - b["start"] for b in batches] == [1000, 1000, 507]
    assert len({b["batch_id"] for b in batches}) == len(batches)
    batched = [url for items in _items(batches) for url, _ in items]
    assert sorted(batched) == sorted(
        u for m in manifests for u in json.loads(Path(m["path"]).read_text())["items"]
    )
    for items in _items(batches):  # every batch crawls every host
        hosts = {urlsplit(url).hostname for url, _ in items}
        assert len(hosts) == 5


def test_a_url_listed_by_two_sources_is_one_item(tmp_path: Path) -> None:
    first, second = _manifests(tmp_path, 3, 2)
    Path(second["path"]).write_text(
        json.dumps({"items": ["https://site0.example/s0/1", "https://b.example/x"]})
    )
    batches = plan_batches([first, second], 10, tmp_path)
    (items,) = _items(batches)
    assert len(items) == 4
    assert dict((url, sources) for url, sources in items)["https://site0.example/s0/1"] == [
        "s0",
        "s1",
    ]


def test_a_big_night_grows_the_batches_instead_of_passing_airflows_map_limit(
    tmp_path: Path,
) -> None:
    manifests = _manifests(tmp_path, 250_000, 90_000, 3, hosts=300)
    batches = plan_batches(manifests, 100, tmp_path, max_batches=1024)
    assert len(batches) <= 1024
    size = max(b["end"] - b["start"] for b in batches)
    # the smallest size that fits: one item less per batch would need more than 1024 batches
    assert -(-340_003 // (size - 1)) > 1024
    assert batches[0]["start"] == 0 and batches[-1]["end"] == 340_003
    assert all(a["end"] == b["start"] for a, b in pairwise(batches))


def test_more_sources_than_mappable_batches_is_a_clear_error(tmp_path: Path) -> None:
    folders = [
        {"source": f"f{n}", "kind": "folder", "path": str(tmp_path / f"f{n}.json"), "count": 5}
        for n in range(10)
    ]
    with pytest.raises(ValueError, match="max_map_length"):
        plan_batches(folders, 100, tmp_path, max_batches=8)


def test_one_task_plans_the_run_sources_discovery_and_batches(tmp_path: Path) -> None:
    """`plan_run`, news_ingest's first task: the enabled sources, discovered, in batches; a
    source that cannot be read is an error in its manifest (the report counts it), not a
    failure of the task."""
    from etl import Settings
    from etl._tasks import plan_run

    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(5):
        (pages / f"{n}.html").write_text(f"<html><body><p>story {n}</p></body></html>")
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "sources:\n"
        "  - {name: local, kind: folder, path: pages}\n"
        "  - {name: gone, kind: folder, path: missing}\n"
        "  - {name: paused, kind: folder, path: pages, enabled: false}\n"
    )
    run = tmp_path / "run"
    run.mkdir()
    planned = plan_run(sources, Settings(home=tmp_path / "home"), run, batch_size=2)
    assert [m["source"] for m in planned["manifests"]] == ["local", "gone"]
    assert [m["count"] for m in planned["manifests"]] == [5, 0]
    assert planned["manifests"][0]["errors"] == []
    assert "does not exist" in planned["manifests"][1]["errors"][0]
    assert [(b["source"], b["end"] - b["start"]) for b in planned["batches"]] == [
        ("local", 2), ("local", 2), ("local", 1),
    ]  # fmt: skip
