"""`newsarchive engine start|status|stop` run a real second node, and stop it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx

from .conftest import REPO, _free_port


def _cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSARCHIVE_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "etl.cli", *args], capture_output=True, text=True, env=env,
        cwd=REPO, timeout=300, check=False,
    )  # fmt: skip


def test_engine_lifecycle_from_the_cli(tmp_path: Path) -> None:
    # Reuse the resolved jars rather than asking Maven again.
    lib = REPO / ".newsarchive" / "engine" / "lib"
    (tmp_path / "engine").mkdir()
    (tmp_path / "engine" / "lib").symlink_to(lib)
    port = _free_port(range(9260, 9280))
    try:
        status = _cli("engine", "status", "--json", home=tmp_path)
        assert status.returncode == 1 and json.loads(status.stdout) == {"running": False}

        started = _cli("engine", "start", "--port", str(port), "--heap", "512m", home=tmp_path)
        assert started.returncode == 0, started.stderr
        url = started.stdout.strip()
        assert url == f"http://127.0.0.1:{port}"
        assert httpx.get(url).json()["version"]["distribution"] == "opensearch"

        again = _cli("engine", "start", "--port", str(port), "--json", home=tmp_path)
        assert json.loads(again.stdout)["url"] == url  # already running: same node

        status = _cli("engine", "status", "--json", home=tmp_path)
        assert status.returncode == 0 and json.loads(status.stdout)["running"] is True
    finally:
        stopped = _cli("engine", "stop", "--json", home=tmp_path)
    assert json.loads(stopped.stdout) == {"stopped": True}
    try:
        httpx.get(url, timeout=2)
        raise AssertionError("the engine still answers after stop")
    except httpx.ConnectError:
        pass
