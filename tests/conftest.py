"""Shared fixtures: the real embedded engine (one per test session and pytest worker), paths to
shared data."""

from __future__ import annotations

import os
import socket
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl import EmbeddedEngine, Engine, Settings, connect
from etl._maven import exclusive

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED_PAGE = REPO / "seeds" / "articles" / "biden-lopez-obrador-apec.html"
# Everyone the seed article names: each must be a person facet (issue 2).
SEED_PEOPLE = [
    "Joe Biden",
    "Andrés Manuel López Obrador",
    "Karine Jean-Pierre",
    "Arturo Sarukhan",
    "J.B. Pritzker",
    "Donald Trump",
    "Xi Jinping",
    "Dina Boluarte",
]


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test saying what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the project's ../shared data folder), which is missing")
    return path


def _free_port(candidates: range) -> int:
    for port in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {candidates}")


@pytest.fixture(scope="session")
def engine_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real engine for the whole session: NEWSARCHIVE_TEST_ENGINE_URL if set (e.g. an
    Elasticsearch), else an embedded OpenSearch node started here and stopped at the end,
    also when tests fail. Its jars are resolved once into the repo's .newsarchive/."""
    given = os.environ.get("NEWSARCHIVE_TEST_ENGINE_URL")
    if given:
        yield given
        return
    home = tmp_path_factory.mktemp("engine-home")
    embedded = EmbeddedEngine(
        home, lib_dir=REPO / ".newsarchive" / "engine" / "lib", heap="768m", stop_with_parent=True
    )
    # 9280-9289: the ports no test starting its own engine uses (each test file keeps to its
    # own range, so files run on parallel workers never race for a port). Held from choosing
    # a port until the engine listens on it, or parallel workers (pytest -n) would all choose
    # the same free one.
    with exclusive(Path(tempfile.gettempdir()) / "newsarchive-test-engine-port"):
        state = embedded.start(port=_free_port(range(9280, 9290)))
    try:
        yield state.url
    finally:
        embedded.stop()


@pytest.fixture
def engine(engine_url: str) -> Iterator[Engine]:
    client = connect(engine_url)
    yield client
    client.close()


@pytest.fixture
def settings(engine_url: str, tmp_path: Path) -> Settings:
    """Settings with an alias of its own, so tests never see each other's documents."""
    return Settings(engine_url=engine_url, index_alias=f"t{uuid.uuid4().hex[:10]}", home=tmp_path)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files of `slow` tests first, the rest in their order: the parallel workers of
    `make test` take whole files in this order, so the longest start early rather than keep
    one worker busy after the other has run out of files."""
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)  # stable: files stay whole
