"""Run `news_ingest` once with `dag.test()` (in a child process: Airflow reads its
configuration, AIRFLOW_HOME included, once at import) and print one result line:
`DAGRUN-RESULT {"state", "batch_size", "parse_s", "api_s", "test_s", "ended",
                "tasks": {task_id: [[state, seconds, start, end], ...]}}`; `start`, `end` and
`ended` (when dag.test returned) on `time.monotonic()`'s clock, which the sites' records and
the bench's own use too: where a run's time goes, gaps between tasks included.

`api_s`: dag.test runs tasks through an execution API of its own, in this process, which the
first task would start (~4-5 s here: FastAPI's import and app); it is started and timed here,
before the run, so that the first task's time is its own. A deployment's tasks talk to the
API server that is already running.

usage: python -m bench._dag_test DAGS_FOLDER DAG_ID LOGICAL_DATE CONF_JSON
"""

from __future__ import annotations

import json
import sys
import time


def main() -> None:
    started = time.perf_counter()
    import pendulum
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(sys.argv[1])
    if bag.import_errors:
        raise SystemExit(f"DAG import errors: {bag.import_errors}")
    dag = bag.dags[sys.argv[2]]
    parsed = time.perf_counter()
    api_s = _start_execution_api()
    conf = json.loads(sys.argv[4])
    run = dag.test(logical_date=pendulum.parse(sys.argv[3]), run_conf=conf)
    tested = time.perf_counter()
    to_mono = time.monotonic() - time.time()  # a wall-clock date -> the monotonic clock
    tasks: dict[str, list[list[object]]] = {}
    for ti in run.get_task_instances():
        seconds = (
            (ti.end_date - ti.start_date).total_seconds() if ti.start_date and ti.end_date else None
        )
        start, end = (d.timestamp() + to_mono if d else None for d in (ti.start_date, ti.end_date))
        tasks.setdefault(ti.task_id, []).append([str(ti.state), seconds, start, end])
    result = {
        "state": str(run.state),
        "batch_size": conf.get("batch_size", dag.params.get("batch_size")),
        "parse_s": parsed - started,
        "api_s": api_s,
        "test_s": tested - parsed,
        "ended": time.monotonic(),
        "tasks": tasks,
    }
    print("DAGRUN-RESULT " + json.dumps(result), flush=True)


def _start_execution_api() -> float:
    """Start the in-process execution API that dag.test's tasks use; return the seconds."""
    started = time.perf_counter()
    try:
        from airflow.sdk.execution_time.supervisor import in_process_api_server

        in_process_api_server().transport  # noqa: B018 - builds the app, starts its loop
    except (ImportError, AttributeError):  # another Airflow: the first task starts it
        return 0.0
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
