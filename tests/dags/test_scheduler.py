"""A real Airflow: api-server, scheduler and dag-processor (LocalExecutor, SQLite, loopback),
`news_ingest` triggered through the REST API, then the articles searched in the engine."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from etl import Engine, Settings, search

from .._newssite import news_site, sources_file
from ._airflow import airflow_env, migrate

STARTUP_SECONDS = 180
RUN_SECONDS = 420


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Airflow:
    """The three Airflow services in their own process groups; `stop()` ends them all."""

    def __init__(self, home: Path, env: dict[str, str]) -> None:
        self.home, self.port = home, _free_port()
        self.api = f"http://127.0.0.1:{self.port}"
        self.env = airflow_env(
            home,
            {
                **env,
                "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
                "AIRFLOW__CORE__PARALLELISM": "2",
                "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
                "AIRFLOW__API__HOST": "127.0.0.1",
                "AIRFLOW__API__PORT": str(self.port),
                "AIRFLOW__API__WORKERS": "1",
                "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{self.api}/execution/",
                "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
                "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
            },
        )
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self) -> None:
        airflow = str(Path(sys.executable).with_name("airflow"))
        for service in ("api-server", "scheduler", "dag-processor"):
            log = open(self.home / f"{service}.log", "wb")  # noqa: SIM115 (closed with the process)
            self.procs.append(
                subprocess.Popen(
                    [airflow, service],
                    env=self.env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            self._check_alive()
            try:
                dags = httpx.get(f"{self.api}/api/v2/dags", timeout=30).json()["dags"]
                if any(d["dag_id"] == "news_ingest" for d in dags):
                    return
            except (httpx.HTTPError, ValueError, KeyError):
                pass
            time.sleep(2)
        raise AssertionError(f"Airflow did not list news_ingest in time; logs in {self.home}")

    def _check_alive(self) -> None:
        for proc in self.procs:
            if proc.poll() is not None:
                raise AssertionError(f"an Airflow service exited; logs in {self.home}")

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        for proc in self.procs:
            try:
                proc.wait(timeout=max(1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)

    def trigger(self, dag_id: str, conf: dict) -> str:
        api = f"{self.api}/api/v2/dags/{dag_id}"
        httpx.patch(api, json={"is_paused": False}, timeout=30).raise_for_status()
        run = httpx.post(f"{api}/dagRuns", json={"logical_date": None, "conf": conf}, timeout=30)
        run.raise_for_status()
        return run.json()["dag_run_id"]

    def wait(self, dag_id: str, run_id: str) -> str:
        deadline = time.monotonic() + RUN_SECONDS
        state = "queued"
        while time.monotonic() < deadline:
            self._check_alive()
            url = f"{self.api}/api/v2/dags/{dag_id}/dagRuns/{run_id}"
            state = httpx.get(url, timeout=30).json()["state"]
            if state in ("success", "failed"):
                return state
            time.sleep(3)
        return state


@pytest.fixture
def airflow(tmp_path: Path, settings: Settings) -> Iterator[tuple[Airflow, object]]:
    home = tmp_path / "airflow"
    home.mkdir()
    migrate(home)
    with news_site(n_feed=3, n_sitemap=2) as site:
        sources = sources_file(tmp_path, site)
        env = {
            "NEWSARCHIVE_ENGINE_URL": settings.engine_url,
            "NEWSARCHIVE_INDEX_ALIAS": settings.index_alias,
            "NEWSARCHIVE_HOME": str(tmp_path / "home"),
            "NEWSARCHIVE_ALLOW_PRIVATE_ADDRESSES": "1",  # the site is on loopback
            "NEWSARCHIVE_FETCH_DELAY": "0.05",
            "NEWSARCHIVE_SOURCES": str(sources),  # also what the scheduled run reads
        }
        runner = Airflow(home, env)
        try:
            runner.start()
            yield runner, sources
        finally:
            runner.stop()


def test_scheduler_runs_news_ingest_triggered_through_the_api(
    airflow: tuple[Airflow, Path], settings: Settings, engine: Engine
) -> None:
    runner, sources = airflow
    run_id = runner.trigger("news_ingest", {"sources_file": str(sources), "batch_size": 2})
    assert runner.wait("news_ingest", run_id) == "success", f"logs in {runner.home}"
    engine.refresh(settings.index_alias)
    assert engine.count(settings.index_alias) == 5
    assert search(engine, settings.index_alias, "negotiations").total == 5
