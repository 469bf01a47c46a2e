"""Airflow's CeleryExecutor for real: Redis as the broker, PostgreSQL as the metadata database,
an api-server, a scheduler, a dag-processor and two Celery workers (each with its own
NEWSARCHIVE_WORKERS and host name), all on loopback. `news_ingest` crawls three news sites
(three hosts); one worker is killed (SIGKILL, as when its machine dies) in the middle of its
second batch. The run must still end with every article indexed once, the killed batch retried
on the other worker and no other batch run twice, and every host's requests spaced by the
delay across both workers (slots in Redis)."""

from __future__ import annotations

import itertools
import json
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from etl import Engine, Settings
from etl._index import RUNS_INDEX
from etl._tasks import run_key

from .._newssite import news_site
from .._services import need_services, postgres_server, redis_server
from .._site import Site
from ._airflow import RUN_SECONDS, Airflow, migrate

pytestmark = pytest.mark.scale

DELAY = 0.5  # NEWSARCHIVE_FETCH_DELAY: seconds between two requests to one host
PER_SITE = 6  # articles, all in the site's feed
BATCH = 3
WORKERS = {"worker-a": "1", "worker-b": "2"}  # host name -> NEWSARCHIVE_WORKERS
# One task at a time per worker; the log server is off (two workers on one machine, one port).
WORKER = ["celery", "worker", "--queues", "default", "--concurrency", "1", "--skip-serve-logs",
          "--without-mingle", "--without-gossip"]  # fmt: skip


@pytest.fixture
def sites() -> Iterator[list[Site]]:
    # The third host answers its article pages after 2 s: every batch has one of them (URLs
    # are dealt out host by host), which leaves time to kill a worker in the middle of one.
    with (
        news_site(PER_SITE, 0, host="127.0.0.1") as one,
        news_site(PER_SITE, 0, host="127.0.0.2") as two,
        news_site(PER_SITE, 0, host="127.0.0.3", pause=2.0) as three,
    ):
        yield [one, two, three]


@pytest.fixture
def celery(tmp_path: Path, settings: Settings, sites: list[Site]) -> Iterator[Airflow]:
    need_services()
    with postgres_server() as database, redis_server(tmp_path / "redis") as redis:
        home = tmp_path / "airflow"
        home.mkdir()
        broker, slots = redis, redis.removesuffix("/0") + "/1"
        env = {
            "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
            "AIRFLOW__CORE__PARALLELISM": "4",
            "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",  # only the run the test triggers
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": database,
            "AIRFLOW__CELERY__BROKER_URL": broker,
            "AIRFLOW__CELERY__RESULT_BACKEND": f"db+{database}",
            "AIRFLOW__CELERY__OPERATION_TIMEOUT": "10",
            # Workers call the api-server's execution API with tokens signed by this secret.
            "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_urlsafe(64),
            # A worker that stops heartbeating (killed) has its task failed, and retried, soon.
            "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT": "20",
            "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT_DETECTION_INTERVAL": "3",
            "AIRFLOW__CORE__HOSTNAME_CALLABLE": "tests.dags._hostname.from_env",
            "NEWSARCHIVE_ENGINE_URL": settings.engine_url,
            "NEWSARCHIVE_INDEX_ALIAS": settings.index_alias,
            "NEWSARCHIVE_HOME": str(tmp_path / "home"),  # shared storage, as NFS would be
            "NEWSARCHIVE_HOST_SLOTS": slots,
            "NEWSARCHIVE_ALLOW_PRIVATE_ADDRESSES": "1",  # the sites are on loopback
            "NEWSARCHIVE_FETCH_DELAY": str(DELAY),
        }
        migrate(home, env)
        runner = Airflow(home, env)
        try:
            runner.start()
            for name, workers in WORKERS.items():
                args = [*WORKER, "--celery-hostname", f"{name}@%h"]
                env = {"NEWSARCHIVE_WORKERS": workers, "NEWSARCHIVE_TEST_HOSTNAME": name}
                runner.spawn(name, args, env)
            yield runner
        finally:
            runner.stop()


def _sources(folder: Path, sites: list[Site]) -> Path:
    lines = ["sources:"]
    for n, site in enumerate(sites):
        lines.append(f"  - {{name: site{n}, kind: feed, url: '{site.url('/feed.xml')}'}}")
    path = folder / "sources.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def _batch_urls(home: Path, run: str, map_index: int) -> list[str]:
    plan = home / "runs" / "news_ingest" / run_key(None, run) / "plan.json"  # no logical date
    items = json.loads(plan.read_text())["items"]
    return [url for url, _ in items[map_index * BATCH : (map_index + 1) * BATCH]]


def _hits(sites: list[Site], url: str) -> int:
    parts = urlsplit(url)
    (site,) = [s for s in sites if s.base == f"{parts.scheme}://{parts.netloc}"]
    return len(site.hits_for(parts.path))


def _kill_worker_b_mid_batch(runner: Airflow, run: str, sites: list[Site], home: Path) -> int:
    """Wait until worker-b has finished one batch and fetched part of another, then SIGKILL
    it (its Celery process and everything under it); return the batch's map index."""
    deadline = time.monotonic() + RUN_SECONDS
    while time.monotonic() < deadline:
        runner.check_alive()
        tis = runner.get(f"dags/news_ingest/dagRuns/{run}/taskInstances?limit=100")
        mine = [t for t in tis["task_instances"]
                if t["task_id"] == "process" and t["hostname"] == "worker-b"]  # fmt: skip
        if any(t["state"] == "success" for t in mine):
            for ti in (t for t in mine if t["state"] == "running"):
                if any(_hits(sites, url) for url in _batch_urls(home, run, ti["map_index"])):
                    runner.kill("worker-b")
                    return ti["map_index"]
        if runner.get(f"dags/news_ingest/dagRuns/{run}")["state"] in ("success", "failed"):
            break
        time.sleep(0.2)
    raise AssertionError(f"worker-b never ran a second batch; logs in {runner.home}")


@pytest.mark.slow
def test_two_celery_workers_share_the_batches_and_survive_one_dying(
    celery: Airflow, sites: list[Site], settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    runner, home = celery, tmp_path / "home"
    conf = {"sources_file": str(_sources(tmp_path, sites)), "batch_size": BATCH}
    run = runner.trigger("news_ingest", conf)
    killed = _kill_worker_b_mid_batch(runner, run, sites, home)
    assert runner.wait("news_ingest", run) == "success", f"logs in {runner.home}"

    # Every batch ran once, on either worker, but the killed one: tried on worker-b, then
    # retried (on worker-a, the one left).
    tries = {}
    for n in range(PER_SITE * len(sites) // BATCH):
        path = f"dags/news_ingest/dagRuns/{run}/taskInstances/process/{n}/tries"
        tries[n] = sorted(runner.get(path)["task_instances"], key=lambda t: t["try_number"])
    assert len(tries) == 6
    for n, attempts in tries.items():
        where = [(t["hostname"], t["state"]) for t in attempts]
        if n == killed:
            assert [w[0] for w in where] == ["worker-b", "worker-a"], where
            assert where[-1][1] == "success", where
        else:
            assert len(where) == 1 and where[0][1] == "success", (n, where)
    assert {t[0]["hostname"] for n, t in tries.items() if n != killed} == set(WORKERS)

    # Every article indexed exactly once; only the killed batch's pages fetched again.
    expected = {s.url(f"/news/story-{n}.html") for s in sites for n in range(PER_SITE)}
    engine.refresh(settings.index_alias)
    docs = engine.search(settings.index_alias, {"query": {"match_all": {}}, "size": 100})
    urls = [hit["_source"]["url"] for hit in docs["hits"]["hits"]]
    assert sorted(urls) == sorted(expected)
    again = set(_batch_urls(home, run, killed))
    for url in expected:
        assert _hits(sites, url) in ((1, 2) if url in again else (1,)), url
    assert any(_hits(sites, url) == 2 for url in again)  # it was killed mid-batch

    # The run report counts every article once, none failed.
    engine.refresh(RUNS_INDEX)
    query = {"query": {"term": {"index": settings.index_alias}}}
    reports = [hit["_source"] for hit in engine.search(RUNS_INDEX, query)["hits"]["hits"]]
    (report,) = [r for r in reports if r["run_id"] == run]
    counts = report["counts"]
    assert report["total"] == len(expected) and report["state"] == "success", report
    assert counts["indexed"] + counts.get("unchanged", 0) == len(expected), counts
    assert counts["failed"] == 0, counts

    # Each host saw its requests spaced by the delay, across both workers. Slots are reserved
    # ahead: a process starved of CPU between its slot and its send (the whole suite on two
    # busy cores) arrives late, and the next request, on time, looks early by as much (43 ms
    # measured). 20% slack: without shared slots, two workers' requests come ~0 s apart.
    for site in sites:
        times = sorted(hit.at for hit in site.hits)
        gaps = [b - a for a, b in itertools.pairwise(times)]
        assert min(gaps) >= 0.8 * DELAY, (site.base, gaps)
