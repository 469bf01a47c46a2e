"""news_ingest: nightly ingestion of the sources in seeds/sources.yaml.

Wiring only: the work is in etl._tasks, which `newsarchive` runs too. Heavy libraries (spaCy,
trafilatura) are imported inside tasks, never when the scheduler parses this file.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pendulum
from airflow.sdk import Param, dag, get_current_context, task

SOURCES_FILE = os.environ.get(
    "NEWSARCHIVE_SOURCES", str(Path(__file__).resolve().parent.parent / "seeds" / "sources.yaml")
)
# Batch tasks of one run at once: 2 keeps one machine's cores busy; with Celery workers on
# several machines, set it (where DAGs are parsed) to the worker slots a run may use.
BATCH_TASKS = int(os.environ.get("NEWSARCHIVE_BATCH_TASKS", "2"))


def _run(context: dict) -> tuple[object, object, str]:
    from etl._tasks import run_dir, run_key, task_settings

    settings = task_settings()
    key = run_key(context.get("logical_date"), context["run_id"])
    return settings, run_dir(settings, context["dag"].dag_id, key), key


@dag(
    dag_id="news_ingest",
    schedule="@daily",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,  # backfills: `airflow backfill create --dag-id news_ingest ...`
    max_active_runs=1,
    default_args={
        "retries": 3,
        "retry_delay": timedelta(seconds=30),
        "retry_exponential_backoff": True,
        "max_retry_delay": timedelta(minutes=30),
    },
    params={
        "sources_file": Param(SOURCES_FILE, type="string", description="sources.yaml to ingest"),
        # A batch mixes the URLs of every source, host by host in turn, and crawls its hosts
        # side by side. It starts worker processes (spaCy models, ~5 s) once: at 2,000 items
        # that start-up is under a tenth of the work; a retry fetches at most 2,000 pages again.
        # More batches than Airflow may map ([core] max_map_length) make them larger instead.
        "batch_size": Param(
            2000, type="integer", minimum=1, maximum=100_000, description="URLs per batch task"
        ),
    },
    tags=["newsarchive"],
    doc_md=__doc__,
)
def news_ingest() -> None:
    @task
    def plan_sources() -> list[dict]:
        from etl._tasks import plan_sources as plan

        return plan(get_current_context()["params"]["sources_file"])

    # One task discovers every source at once (a few requests each, side by side); a source
    # whose feed fails is reported in its manifest, it does not fail the task.
    @task
    def discover(sources: list[dict]) -> list[dict]:
        from etl._tasks import discover_sources

        context = get_current_context()
        settings, folder, _ = _run(context)
        since = context.get("prev_data_interval_start_success")  # a lazy proxy, maybe of None
        since = since if isinstance(since, datetime) else None
        return discover_sources(list(sources), settings, folder, since=since)

    @task
    def plan_batches(manifests: list[dict]) -> list[dict]:
        from airflow.sdk.configuration import conf

        from etl._tasks import plan_batches as plan

        context = get_current_context()
        _, folder, _ = _run(context)
        limit = conf.getint("core", "max_map_length", fallback=1024)
        return plan(list(manifests), context["params"]["batch_size"], folder, max_batches=limit)

    # Each batch task runs NEWSARCHIVE_WORKERS processes (default: the cores) and crawls many
    # hosts at once; a second task at once keeps the cores busy while one waits on the polite
    # delay of its last hosts. Batches crawling one host share its spacing (the host slots),
    # so the site never sees more than one request per delay.
    @task(max_active_tis_per_dagrun=BATCH_TASKS)
    def process(batch: dict) -> dict:
        from etl._tasks import process_batch

        context = get_current_context()
        settings, folder, _ = _run(context)
        return process_batch(batch, settings, folder, logical_date=context.get("logical_date"))

    @task(trigger_rule="all_done", retries=1)
    def report(manifests: list[dict], batches: list[dict]) -> dict:
        from etl._tasks import finish_run, format_report

        context = get_current_context()
        settings, folder, _ = _run(context)
        result = finish_run(
            None if manifests is None else list(manifests), list(batches or []), settings, folder,
            dag_id=context["dag"].dag_id, run_id=context["run_id"],
            logical_date=context.get("logical_date"),
            started_at=context["dag_run"].start_date,
        )  # fmt: skip
        print(format_report(result))
        return {k: result[k] for k in ("run_id", "total", "counts", "state", "report_path")}

    manifests = discover(plan_sources())
    batches = plan_batches(manifests)
    process.expand(batch=batches) >> report(manifests, batches)


news_ingest()
