"""Run Airflow for tests in child processes: its configuration is read once at import, so each
test setup gets its own AIRFLOW_HOME (SQLite, no examples, the repo's dags/ folder)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from etl._embedded import parent_death_signal

from .._services import free_port, stop_group
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


def migrate(home: Path, extra: dict[str, str] | None = None) -> None:
    airflow = str(Path(sys.executable).with_name("airflow"))
    done = subprocess.run(
        [airflow, "db", "migrate"],
        env=airflow_env(home, extra),
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


STARTUP_SECONDS = 180
RUN_SECONDS = 420


class Airflow:
    """A real Airflow on loopback: its services (api-server, scheduler, dag-processor, Celery
    workers...) each in its own process group, logging to `home/<name>.log`; `stop()` ends
    them all, `kill(name)` one of them (its whole group)."""

    def __init__(self, home: Path, env: dict[str, str]) -> None:
        self.home, self.port = home, free_port()
        self.api = f"http://127.0.0.1:{self.port}"
        self.env = airflow_env(
            home,
            {
                "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
                "AIRFLOW__CORE__PARALLELISM": "2",
                "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
                "AIRFLOW__API__HOST": "127.0.0.1",
                "AIRFLOW__API__PORT": str(self.port),
                "AIRFLOW__API__WORKERS": "1",
                "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{self.api}/execution/",
                "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
                "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
                **env,
            },
        )
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def spawn(self, name: str, args: list[str], env: dict[str, str] | None = None) -> None:
        airflow = str(Path(sys.executable).with_name("airflow"))
        log = open(self.home / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        self.procs[name] = subprocess.Popen(
            [airflow, *args],
            env={**self.env, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=parent_death_signal(os.getpid()),  # gone with a killed test run too
        )

    def start(self) -> None:
        """The api-server, scheduler and dag-processor; returns once news_ingest is listed."""
        for service in ("api-server", "scheduler", "dag-processor"):
            self.spawn(service, [service])
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            self.check_alive()
            try:
                dags = httpx.get(f"{self.api}/api/v2/dags", timeout=30).json()["dags"]
                if any(d["dag_id"] == "news_ingest" for d in dags):
                    return
            except (httpx.HTTPError, ValueError, KeyError):
                pass
            time.sleep(2)
        raise AssertionError(f"Airflow did not list news_ingest in time; logs in {self.home}")

    def check_alive(self) -> None:
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                raise AssertionError(f"Airflow's {name} exited; logs in {self.home}")

    def kill(self, name: str) -> None:
        """SIGKILL a service and everything it started, as when its machine dies."""
        stop_group(self.procs.pop(name), signal.SIGKILL)

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            stop_group(proc)

    def get(self, path: str) -> dict:
        """GET from the REST API; a slow answer (a busy machine) is asked again."""
        for attempt in range(5):
            try:
                reply = httpx.get(f"{self.api}/api/v2/{path}", timeout=30)
                break
            except httpx.TimeoutException:
                if attempt == 4:
                    raise
        reply.raise_for_status()
        return reply.json()

    def unpause(self, dag_id: str) -> None:
        """Unpause `dag_id`: the scheduler then also starts its due scheduled run."""
        api = f"{self.api}/api/v2/dags/{dag_id}"
        httpx.patch(api, json={"is_paused": False}, timeout=30).raise_for_status()

    def trigger(self, dag_id: str, conf: dict) -> str:
        self.unpause(dag_id)
        api = f"{self.api}/api/v2/dags/{dag_id}"
        run = httpx.post(f"{api}/dagRuns", json={"logical_date": None, "conf": conf}, timeout=30)
        run.raise_for_status()
        return run.json()["dag_run_id"]

    def wait(self, dag_id: str, run_id: str, seconds: float = RUN_SECONDS) -> str:
        deadline = time.monotonic() + seconds
        state = "queued"
        while time.monotonic() < deadline:
            self.check_alive()
            state = self.get(f"dags/{dag_id}/dagRuns/{run_id}")["state"]
            if state in ("success", "failed"):
                return state
            time.sleep(3)
        return state
