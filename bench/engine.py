"""The benchmark's own embedded engine: its home is `.newsarchive/bench` (git-ignored, so the
100,000-document search index survives between runs), its port a free one in 9201-9279 (the
tests use 9280-9299), its jars the ones `newsarchive engine start` already resolved."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from etl import EmbeddedEngine
from etl._embedded import EngineState

from .corpus import REPO

BENCH_HOME = REPO / ".newsarchive" / "bench"
LIB_DIR = REPO / ".newsarchive" / "engine" / "lib"
PORTS = range(9279, 9200, -1)  # from the top: the default engine sits at 9250


def free_port(candidates: range = PORTS) -> int:
    for port in candidates:
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {min(candidates)}-{max(candidates)}")


@contextmanager
def bench_engine(home: Path = BENCH_HOME, heap: str = "1g") -> Iterator[EngineState]:
    """Start the benchmark's engine, yield its state (`url`, `pid`), and stop it at the end,
    also on failure.

    A node of ours left running by a killed run (its state file names a live pid) is reused
    and stopped at the end like one started here."""
    home.mkdir(parents=True, exist_ok=True)
    embedded = EmbeddedEngine(
        home, lib_dir=LIB_DIR if LIB_DIR.exists() else None, heap=heap, stop_with_parent=True
    )
    try:
        yield embedded.start(port=free_port())
    finally:
        embedded.stop()
