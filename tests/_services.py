"""Redis and PostgreSQL on loopback, for the tests of the several-machine setup (Celery
workers, shared host slots). Each runs in its own process group on a free port, with its files
in a temporary folder, and is stopped (the whole group) when its `with` block ends, also when a
test fails. CI installs the Debian packages `redis-server` and `postgresql` (see .ci/run);
where they are missing, the tests that need them skip with the reason."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl._embedded import parent_death_signal

START_SECONDS = 60
NO_REDIS = "redis-server is not installed (Debian package redis-server; .ci/run installs it)"
NO_POSTGRES = "PostgreSQL is not installed (Debian package postgresql; .ci/run installs it)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_group(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    """End a process started with `start_new_session=True` and everything it started."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    # Children that outlived the leader (the group still exists) go too.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def _postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda p: p.parts[-3])
    versions = [p for p in found if p.parts[-3].isdigit()]
    versions.sort(key=lambda p: int(p.parts[-3]))
    return versions[-1].parent if versions else None


def need_services() -> None:
    """Skip the calling test, with the reason, when redis-server or PostgreSQL is missing."""
    if shutil.which("redis-server") is None:
        pytest.skip(NO_REDIS)
    if _postgres_bin() is None:
        pytest.skip(NO_POSTGRES)


def _wait_for(proc: subprocess.Popen[bytes], ready: object, log: Path, what: str) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"{what} exited: {log.read_text(errors='replace')[-2000:]}")
        if ready():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} did not start in {START_SECONDS} s; log in {log}")


@contextlib.contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A redis-server on a free loopback port, nothing persisted; yields its redis:// URL."""
    import redis

    if shutil.which("redis-server") is None:
        pytest.skip(NO_REDIS)
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder / "redis.log"
    args = ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
            "--appendonly", "no", "--dir", str(folder), "--logfile", str(log)]  # fmt: skip
    proc = subprocess.Popen(
        args, stdin=subprocess.DEVNULL, start_new_session=True,
        preexec_fn=parent_death_signal(os.getpid()),  # gone with a killed test run too
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1)

        def ready() -> bool:
            try:
                return bool(client.ping())
            except redis.RedisError:
                return False

        _wait_for(proc, ready, log, "redis-server")
        client.close()
        yield url
    finally:
        stop_group(proc)


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """A PostgreSQL cluster made for the test (trust auth on loopback and its own socket
    folder), on a free port; yields a SQLAlchemy URL for Airflow's metadata database. As
    root it runs as the `postgres` user (else `nobody`): PostgreSQL refuses to run as root."""
    bin_dir = _postgres_bin()
    if bin_dir is None:
        pytest.skip(NO_POSTGRES)
    folder = Path(tempfile.mkdtemp(prefix="newsarchive-pg-"))  # not under pytest's 0700 root
    run_as: list[str] = []
    if os.geteuid() == 0:
        user = "postgres"
        try:
            pwd.getpwnam(user)
        except KeyError:
            user = "nobody"
        entry = pwd.getpwnam(user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        run_as = ["runuser", "-u", user, "--"]
    data, log = folder / "data", folder / "postgres.log"
    proc: subprocess.Popen[bytes] | None = None
    try:
        initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", "airflow", "-A", "trust",
                  "-E", "UTF8", "--no-sync"]  # fmt: skip
        init = subprocess.run(
            [*run_as, *initdb], capture_output=True, text=True, timeout=120, check=False
        )
        assert init.returncode == 0, init.stdout[-2000:] + init.stderr[-2000:]
        port = free_port()
        args = [*run_as, str(bin_dir / "postgres"), "-D", str(data), "-p", str(port),
                "-h", "127.0.0.1", "-k", str(folder), "-c", "fsync=off",
                "-c", "full_page_writes=off", "-c", "max_connections=200"]  # fmt: skip
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True, preexec_fn=parent_death_signal(os.getpid()),
            )  # fmt: skip

        def ready() -> bool:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            except OSError:
                return False
            done = subprocess.run(
                [str(bin_dir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port), "-U", "airflow"],
                capture_output=True, timeout=10, check=False,
            )  # fmt: skip
            return done.returncode == 0

        _wait_for(proc, ready, log, "PostgreSQL")
        yield f"postgresql+psycopg2://airflow@127.0.0.1:{port}/postgres"
    finally:
        if proc is not None:
            stop_group(proc, signal.SIGINT)  # PostgreSQL's fast shutdown
        shutil.rmtree(folder, ignore_errors=True)
