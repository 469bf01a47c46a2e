"""Run `news_ingest` once with `dag.test()` (in a child process: Airflow reads its
configuration, AIRFLOW_HOME included, once at import) and print one result line:
`DAGRUN-RESULT {"state", "batch_size", "parse_s", "test_s",
                "tasks": {task_id: [[state, seconds], ...]}}`.

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
    conf = json.loads(sys.argv[4])
    run = dag.test(logical_date=pendulum.parse(sys.argv[3]), run_conf=conf)
    tested = time.perf_counter()
    tasks: dict[str, list[list[object]]] = {}
    for ti in run.get_task_instances():
        seconds = (
            (ti.end_date - ti.start_date).total_seconds() if ti.start_date and ti.end_date else None
        )
        tasks.setdefault(ti.task_id, []).append([str(ti.state), seconds])
    result = {
        "state": str(run.state),
        "batch_size": conf.get("batch_size", dag.params["batch_size"]),
        "parse_s": parsed - started,
        "test_s": tested - parsed,
        "tasks": tasks,
    }
    print("DAGRUN-RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
