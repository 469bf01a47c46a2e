"""Run Airflow for tests in child processes: its configuration is read once at import, so each
test setup gets its own AIRFLOW_HOME (SQLite, no examples, the repo's dags/ folder)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ..conftest import REPO

DAGS = REPO / "dags"

RUN_DAG = """
import json, sys, pendulum
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(sys.argv[1])
assert not bag.import_errors, bag.import_errors
dag = bag.dags[sys.argv[2]]
date = pendulum.parse(sys.argv[3]) if sys.argv[3] != "-" else None
conf = json.loads(sys.argv[4])
run = dag.test(logical_date=date, run_conf=conf)
states = {}
for ti in run.get_task_instances():
    states.setdefault(ti.task_id, []).append(str(ti.state))
print("DAGRUN-RESULT " + json.dumps({"state": str(run.state), "tasks": states}))
"""


def airflow_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "WARNING",
        "PYTHONPATH": str(REPO),
    }
    env.update(extra or {})
    return env


def migrate(home: Path) -> None:
    airflow = str(Path(sys.executable).with_name("airflow"))
    done = subprocess.run(
        [airflow, "db", "migrate"],
        env=airflow_env(home),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


def dag_test(
    home: Path, dag_id: str, logical_date: str | None, conf: dict, env: dict[str, str]
) -> dict:
    """`dag.test()` in a child process; returns the run state and each task's states."""
    done = subprocess.run(
        [sys.executable, "-c", RUN_DAG, str(DAGS), dag_id, logical_date or "-", json.dumps(conf)],
        env=airflow_env(home, env),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    lines = [x for x in done.stdout.splitlines() if x.startswith("DAGRUN-RESULT ")]
    assert lines, (done.stdout[-4000:], done.stderr[-4000:])
    result = json.loads(lines[-1].removeprefix("DAGRUN-RESULT "))
    result["log"] = done.stdout + done.stderr
    return result
