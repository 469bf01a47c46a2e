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


def _batch_tasks() -> int:
    """Batch tasks of one run at once: 2 keep one machine's cores busy (1 when its memory
    holds only one; etl/_sizing.py); with Celery workers on several machines, set
    NEWSARCHIVE_BATCH_TASKS (where DAGs are parsed) to the worker slots a run may use."""
    if os.environ.get("NEWSARCHIVE_BATCH_TASKS", "").strip():
        return int(os.environ["NEWSARCHIVE_BATCH_TASKS"])
    from etl._sizing import default_batch_tasks  # light: no spaCy, no trafilatura

    return default_batch_tasks()


BATCH_TASKS = _batch_tasks()
MANIFESTS = "manifests"  # discover's XCom for the report: what each source listed, its errors


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
        # side by side. It starts worker processes (spaCy models, ~5 s) once. None: sized on the
        # worker that plans the run, so that the start-up is under a tenth of a batch's work
        # (NEWSARCHIVE_BATCH_SIZE, else 1,000 per pipeline worker: 2,000 on 2 cores; see
        # etl/_sizing.py). More batches than Airflow may map ([core] max_map_length) make
        # them larger instead.
        "batch_size": Param(
            None,
            type=["null", "integer"],
            minimum=1,
            maximum=100_000,
            description="URLs per batch task (empty: from the worker's cores)",
        ),
    },
    tags=["newsarchive"],
    doc_md=__doc__,
)
def news_ingest() -> None:
    # One task reads the sources file, discovers every source at once (a few requests each,
    # side by side) and deals the URLs out into batches: three steps of a second or so, which
    # as three tasks paid three task starts. A source whose feed fails is reported in its
    # manifest, it does not fail the task; a task that fails after its retries is one failed
    # item of the run report (the report runs anyway), and its retry discovers everything again.
    # Returns the batches (mapped over); the sources' manifests go to the report as an XCom.
    @task
    def discover() -> list[dict]:
        from airflow.sdk.configuration import conf

        from etl._tasks import plan_run

        context = get_current_context()
        settings, folder, _ = _run(context)
        since = context.get("prev_data_interval_start_success")  # a lazy proxy, maybe of None
        planned = plan_run(
            context["params"]["sources_file"], settings, folder,
            batch_size=context["params"]["batch_size"] or settings.batch_items,
            max_batches=conf.getint("core", "max_map_length", fallback=1024),
            since=since if isinstance(since, datetime) else None,
        )  # fmt: skip
        context["ti"].xcom_push(key=MANIFESTS, value=planned["manifests"])
        return planned["batches"]

    # Each batch task runs NEWSARCHIVE_WORKERS processes (default: the cores, fewer when memory
    # is short) and crawls many hosts at once; a second task at once keeps the cores busy while
    # one waits on the polite delay of its last hosts. Batches crawling one host share its
    # spacing (the host slots), so the site never sees more than one request per delay.
    @task(max_active_tis_per_dagrun=BATCH_TASKS)
    def process(batch: dict) -> dict:
        from etl._tasks import process_batch

        context = get_current_context()
        settings, folder, _ = _run(context)
        return process_batch(batch, settings, folder, logical_date=context.get("logical_date"))

    @task(trigger_rule="all_done", retries=1)
    def report(batches: list[dict]) -> dict:
        from etl._tasks import finish_run, format_report

        context = get_current_context()
        settings, folder, _ = _run(context)
        manifests = context["ti"].xcom_pull(task_ids="discover", key=MANIFESTS)  # None: failed
        result = finish_run(
            None if manifests is None else list(manifests), list(batches or []), settings, folder,
            dag_id=context["dag"].dag_id, run_id=context["run_id"],
            logical_date=context.get("logical_date"),
            started_at=context["dag_run"].start_date,
        )  # fmt: skip
        print(format_report(result))
        return {k: result[k] for k in ("run_id", "total", "counts", "state", "report_path")}

    batches = discover()
    process.expand(batch=batches) >> report(batches)


news_ingest()
