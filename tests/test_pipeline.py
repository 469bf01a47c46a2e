"""The pipeline from HTML to an enriched Article, as `newsarchive enrich` shows it."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl import Article, ConfigError, Input, Pipeline, Settings, Stage

from .conftest import REPO, SEED_PAGE, SEED_PEOPLE


def _enrich_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etl.cli", "enrich", *args], input=stdin, capture_output=True,
        text=True, cwd=REPO, timeout=300, check=False, env=dict(os.environ),
    )  # fmt: skip


@pytest.fixture(scope="module")
def seed_article() -> dict:
    done = _enrich_cli(str(SEED_PAGE), "--json")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    return json.loads(lines[0])


def test_seed_page_title_and_metadata(seed_article: dict) -> None:
    assert "Biden" in seed_article["title"] and "López Obrador" in seed_article["title"]
    assert seed_article["publisher"] == "The Bay Ledger"
    assert seed_article["authors"] == ["Marisol Fenwick"]
    assert seed_article["published_at"].startswith("2023-11-17")
    assert seed_article["language"] == "en"
    assert seed_article["url"].startswith("https://www.bayledger.example/")
    body = seed_article["body"]
    assert body.startswith("SAN FRANCISCO —")
    assert body.rstrip().endswith("This article was originally published on NBCNews.com")
    for boilerplate in ("Newsletter", "Related", "All rights reserved"):
        assert boilerplate not in body


def test_seed_page_dateline_and_sources(seed_article: dict) -> None:
    dateline = seed_article["dateline"]
    assert dateline["place"] == "San Francisco"
    assert dateline["region"] == "California"
    assert dateline["country"] == "United States"
    assert dateline["agency"] is None
    assert seed_article["syndicated_from"] == "NBC News"
    assert seed_article["wire_agency"] is None


def test_seed_page_people_are_people_and_nothing_else(seed_article: dict) -> None:
    entities = seed_article["entities"]
    for person in SEED_PEOPLE:
        assert person in entities["person"], person
    others = set(entities["org"]) | set(entities["location"])
    assert not others & set(entities["person"])
    assert "White House" in entities["org"]
    assert {"San Francisco", "Mexico"} <= set(entities["location"])
    mentions = [m for m in seed_article["entity_mentions"] if m["canonical"] == "Joe Biden"]
    assert len(mentions) >= 10  # "President Joe Biden", "Biden", "Biden's"...
    body = seed_article["body"]
    assert all(body[m["start"] : m["end"]] == m["text"] for m in mentions)
    counts = {c["name"]: c["mentions"] for c in seed_article["entity_counts"]}
    assert counts["Joe Biden"] == len(mentions)
    assert seed_article["entity_counts"][0]["name"] == "Joe Biden"  # most mentioned first


def test_enrich_stdin_keeps_ids_and_reports_bad_lines() -> None:
    lines = [
        json.dumps({"id": "page-1", "html": SEED_PAGE.read_text(), "url": "https://x.example/a"}),
        json.dumps({"id": 42, "text": "LONDON, Nov 17 (Reuters) - Britain's economy grew " * 8}),
        "this is not json",
        json.dumps({"id": "empty"}),
        json.dumps({"id": "stub", "html": "<html><body><p>Subscribe to read.</p></body></html>"}),
    ]
    done = _enrich_cli("-", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == len(lines)  # one output line per input line
    assert out[0]["id"] == "page-1" and out[0]["url"] == "https://x.example/a"
    assert out[0]["syndicated_from"] == "NBC News"
    assert out[1]["id"] == "42" and out[1]["dateline"]["place"] == "London"
    assert out[1]["dateline"]["agency"] == "Reuters" and out[1]["wire_agency"] == "Reuters"
    assert out[2]["state"] == "failed" and "not a JSON object" in out[2]["reason"]
    assert out[3] == {
        "id": "empty",
        "state": "failed",
        "reason": 'line 4 has neither "html" nor "text"',
    }
    assert out[4]["id"] == "stub" and out[4]["state"] == "rejected"


def test_missing_file_fails_with_a_reason() -> None:
    done = _enrich_cli("no/such/page.html")
    assert done.returncode == 1
    assert "no/such/page.html: failed: no such file, folder or URL" in done.stderr


def test_every_input_gets_exactly_one_result() -> None:
    inputs = [
        Input(key="good", html=SEED_PAGE.read_bytes()),
        Input(key="broken", error="HTTP 500"),
        Input(key="empty", html=b""),
        Input(key="binary", html=b"%PDF-1.4\x00\x01\x02 binary junk"),
        Input(key="nothing"),
    ]
    with Pipeline(Settings()) as pipeline:
        results = list(pipeline.enrich(inputs))
    assert [r.input.key for r in results] == [i.key for i in inputs]
    states = {r.input.key: r.state for r in results}
    assert states == {
        "good": "enriched",
        "broken": "failed",
        "empty": "rejected",
        "binary": "rejected",
        "nothing": "failed",
    }
    assert all(r.reason for r in results if r.state != "enriched")


def test_a_pool_of_workers_gives_the_same_results_in_the_same_order() -> None:
    leads = [
        "WASHINGTON (AP) — Joe Biden met Xi Jinping about trade on Friday.",
        "LONDON, Nov 17 (Reuters) - Rishi Sunak said the economy grew.",
        "PARIS (AFP) — Emmanuel Macron spoke about asylum rules.",
    ]
    inputs = [
        Input(key=f"k{n}", text=(leads[n % 3] + " More details followed. ") * 6) for n in range(70)
    ] + [Input(key="broken", error="HTTP 500")]
    with Pipeline(Settings(), workers=1) as inline:
        expected = list(inline.enrich(inputs, batch_size=16))
    before = _taggers()
    with Pipeline(Settings(), workers=2) as pooled:
        got = list(pooled.enrich(inputs, batch_size=16))
        started = _taggers() - before
    assert len(started) == 2  # one NER tagger JVM per worker...
    assert not _taggers() & started  # ... stopped with its worker when the pool closes
    assert [r.input.key for r in got] == [i.key for i in inputs]
    assert [r.state for r in got] == [r.state for r in expected]
    assert [r.article.to_dict() if r.article else None for r in got] == [
        r.article.to_dict() if r.article else None for r in expected
    ]


def _taggers() -> set[int]:
    """Live CoreNLP tagger processes started below this one (zombies count as gone)."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if b"CrfTagger" in cmdline and state != "Z" and _descends_from(int(entry.name)):
            found.add(int(entry.name))
    return found


def _descends_from(pid: int, ancestor: int = os.getpid()) -> bool:
    while pid > 1:
        if pid == ancestor:
            return True
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            return False
    return False


class DieOnMarkerStage(Stage):
    """Ends its worker process, as the kernel's OOM killer would, on a marked article."""

    name = "die-on-marker"

    def process(self, article: Article) -> Article:
        if "KILL-THIS-WORKER" in article.body:
            os._exit(9)
        return article


def _texts(n: int, marked: set[int] = frozenset()) -> list[Input]:
    return [
        Input(
            key=f"k{i}",
            text=f"Story {i}. "
            + ("KILL-THIS-WORKER " if i in marked else "")
            + "The council met on Tuesday and agreed the budget for the coming year. " * 3,
        )
        for i in range(n)
    ]


def test_a_worker_that_dies_fails_its_batch_and_the_run_goes_on() -> None:
    settings = Settings(stages={"tests.test_pipeline.DieOnMarkerStage": 100})
    inputs = _texts(48, marked={13})
    with Pipeline(settings, workers=2) as pipeline:
        results = list(pipeline.enrich(inputs, batch_size=8))
    assert [r.input.key for r in results] == [i.key for i in inputs]
    failed = {r.input.key for r in results if r.state == "failed"}
    # The dying worker's own batch (k8-k15) fails with the reason; the batches the pool held
    # with it may fail too (the pool breaks as a whole). The pool holds at most 2 batches per
    # worker, the dying one among them, so it held none after k32-k39: the last batch, k40-k47,
    # goes to a fresh pool however fast the others ran.
    assert {f"k{i}" for i in range(8, 16)} <= failed
    assert all("worker process died" in r.reason for r in results if r.state == "failed")
    assert [r.state for r in results[-8:]] == ["enriched"] * 8


# The parent's main script, as in an Airflow task process: the `airflow` console script, whose
# import fails there (the task supervisor blocks the metadata database). spawn would run it
# again in every worker.
UNIMPORTABLE_MAIN = """
if __name__ != "__main__":
    raise RuntimeError("the parent's main script ran again in a worker")
import json
from etl import Pipeline, Settings
from tests.test_pipeline import _texts
with Pipeline(Settings(stages={}), workers=2) as pipeline:
    print(json.dumps([r.state for r in pipeline.enrich(_texts(24), batch_size=8)]))
"""


def test_workers_start_whatever_the_parent_process_main_script(tmp_path: Path) -> None:
    script = tmp_path / "task_process_main.py"
    script.write_text(UNIMPORTABLE_MAIN, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, cwd=REPO, timeout=300,
        check=False, env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.splitlines()[-1]) == ["enriched"] * 24, done.stderr[-3000:]


def test_stages_that_cannot_be_built_stop_the_run_with_the_reason() -> None:
    settings = Settings(stages={"etl.enrich.NoSuchStage": 100})
    with Pipeline(settings, workers=2) as pipeline, pytest.raises(ConfigError, match="NoSuchStage"):
        list(pipeline.enrich(_texts(20), batch_size=8))


def test_start_has_the_workers_loading_before_the_first_input() -> None:
    seen_workers: list[int] = []

    def inputs() -> Iterator[Input]:
        seen_workers.append(len(multiprocessing.active_children()))
        yield from _texts(20)

    settings = Settings(stages={})
    with Pipeline(settings, workers=2) as pipeline:
        pipeline.start()
        results = list(pipeline.enrich(inputs(), batch_size=8))
    assert seen_workers == [2]
    assert [r.state for r in results] == ["enriched"] * 20


def test_pages_that_trickle_in_go_out_in_batches_within_the_linger() -> None:
    from etl._pipeline import timely_batched

    def trickle() -> Iterator[int]:
        for n in range(12):
            time.sleep(0.1)  # 10 items a second, as a polite crawl of a few sites delivers
            yield n

    started = time.monotonic()
    seen = []
    for batch in timely_batched(trickle(), 64, 0.35):
        seen.append((batch, time.monotonic() - started))
    assert [n for batch, _ in seen for n in batch] == list(range(12))  # all, in order
    assert len(seen) >= 3  # never waiting for a batch of 64 that never fills
    for batch, at in seen:  # each out within the linger (+ slack) of its first item's arrival
        assert at <= 0.1 * (batch[0] + 1) + 0.35 + 0.3

    def broken() -> Iterator[int]:
        yield 1
        raise OSError("the source broke")

    with pytest.raises(OSError, match="the source broke"):
        list(timely_batched(broken(), 64, 0.2))
