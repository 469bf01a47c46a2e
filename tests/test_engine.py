"""The engine interface against the real embedded engine, and the embedded engine's errors."""

from __future__ import annotations

import copy
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from etl import (
    Article,
    EmbeddedEngine,
    Engine,
    EngineError,
    EngineNotRunning,
    EngineSetupError,
    OpenSearchEngine,
    article_id,
    connect,
    ensure_index,
    redact_url,
)
from etl._embedded import _alive, _terminate_all
from etl._index import (
    add_new_fields,
    index_articles,
    load_runs_mapping,
    load_template,
    ready_for_swap,
    ready_for_writes,
    versioned_name,
)

from .conftest import REPO, _free_port


def test_connect_recognises_the_engine(engine: Engine) -> None:
    assert isinstance(engine, OpenSearchEngine) or engine.kind == "elasticsearch"
    assert engine.version[0].isdigit()


def test_nothing_listening_gives_one_clear_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but not listening: connections are refused
        with pytest.raises(EngineNotRunning, match="newsarchive engine start"):
            connect(f"http://127.0.0.1:{port}")


def test_passwords_never_appear_in_errors() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://elastic:s3cret-pw@127.0.0.1:{sock.getsockname()[1]}"
        with pytest.raises(EngineError) as caught:
            connect(url)
    assert "s3cret-pw" not in str(caught.value)
    assert redact_url(url) == f"http://elastic:***@127.0.0.1:{url.rsplit(':', 1)[1]}"


def test_first_use_creates_v1_behind_the_alias(engine: Engine, settings) -> None:
    alias = settings.index_alias
    index = ensure_index(engine, alias)
    assert index == versioned_name(alias, 1)
    assert engine.alias_targets(alias) == [index]
    assert ensure_index(engine, alias) == index  # idempotent
    mapping = engine.get_mapping(index)[index]["mappings"]
    assert mapping["dynamic"] == "strict"
    assert mapping["properties"]["dateline"]["properties"]["location"]["type"] == "geo_point"


def _older_release_index(engine: Engine, alias: str, *, broad: bool = True) -> str:
    """`<alias>-v1` as an older release made it: without `modified_at`, `ner_model`,
    `story.copies` and the `title.broad` multi-field (with `broad=False`, without the
    `news_broad` analyzer those multi-fields need, and without `body.broad` too)."""
    template = copy.deepcopy(load_template()["template"])
    props = template["mappings"]["properties"]
    del props["modified_at"], props["ner_model"], props["story"]["properties"]["copies"]
    del props["title"]["fields"]["broad"]
    if not broad:
        del template["settings"]["analysis"]["analyzer"]["news_broad"]
        del props["body"]["fields"]["broad"]
    index = versioned_name(alias, 1)
    engine.create_index(index, body=template, aliases={alias: {}})
    return index


def test_an_archive_from_an_older_release_gains_the_new_fields_in_place(
    engine: Engine, settings
) -> None:
    # The mapping is strict: without this every new document would be refused until a reindex.
    alias = settings.index_alias
    index = _older_release_index(engine, alias)
    try:
        assert ensure_index(engine, alias) == index  # no new version: fields added in place
        props = engine.get_mapping(index)[index]["mappings"]["properties"]
        assert props["modified_at"]["type"] == "date"
        assert "copies" in props["story"]["properties"]
        assert set(props["title"]["fields"]) == {"folded", "raw", "broad"}
        assert add_new_fields(engine, index) == []  # nothing left to add
        article = Article(
            id=article_id("https://news.example/a"), url="https://news.example/a",
            title="Port reopens", body="The port reopened.", modified_at="2024-05-02",
            ner_model="en_core_web_sm",
        )  # fmt: skip
        assert [item.ok for item in index_articles(engine, index, [article])] == [True]
        engine.refresh(index)
        query = {"query": {"range": {"modified_at": {"gte": "2024-05-01"}}}}
        assert engine.search(alias, query)["hits"]["total"]["value"] == 1
    finally:
        engine.delete_index(index)


def test_fields_the_engine_cannot_add_in_place_are_logged_with_the_way_out(
    engine: Engine, settings, caplog: pytest.LogCaptureFixture
) -> None:
    alias = settings.index_alias
    index = _older_release_index(engine, alias, broad=False)  # `*.broad` need their analyzer
    try:
        with caplog.at_level("WARNING", logger="etl._index"):
            assert ensure_index(engine, alias) == index
        assert "newsarchive reindex" in caplog.text and "title (" in caplog.text
        props = engine.get_mapping(index)[index]["mappings"]["properties"]
        assert "broad" not in props["title"]["fields"]
        assert props["modified_at"]["type"] == "date"  # the others are added all the same
    finally:
        engine.delete_index(index)


def test_a_runs_index_from_an_older_release_gains_its_new_fields_too(
    engine: Engine, settings
) -> None:
    body = copy.deepcopy(load_runs_mapping())
    wanted = copy.deepcopy(body["mappings"]["properties"])
    del (
        body["mappings"]["properties"]["stories"],
        body["mappings"]["properties"]["counts"]["properties"]["failed"],
    )
    name = f"{settings.index_alias}-runs"
    engine.create_index(name, body=body)
    try:
        assert sorted(add_new_fields(engine, name, wanted)) == [
            "counts.failed",
            "stories.copies",
            "stories.new",
        ]
        props = engine.get_mapping(name)[name]["mappings"]["properties"]
        assert props["counts"]["properties"]["failed"]["type"] == "long"
        assert add_new_fields(engine, name, wanted) == []
    finally:
        engine.delete_index(name)


def test_first_runs_at_once_share_one_v1(engine: Engine, settings) -> None:
    """Batch tasks on several workers may all be the archive's first writers: each starts
    the same moment (a barrier), none fails, all get the one v1 behind the alias."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    alias = settings.index_alias
    start = threading.Barrier(6)

    def first_run(_: int) -> str:
        start.wait()
        return ensure_index(engine, alias)

    for _round in range(3):  # a fresh alias each round: the race is timing-dependent
        with ThreadPoolExecutor(6) as pool:
            found = set(pool.map(first_run, range(6)))
        assert found == {versioned_name(alias, 1)}
        assert engine.alias_targets(alias) == [versioned_name(alias, 1)]
        engine.delete_index(versioned_name(alias, 1))


def test_shards_and_replicas_shape_new_versions_and_health_waits_say_what_is_missing(
    engine: Engine, settings
) -> None:
    """One node cannot hold a replica: the index is yellow. Writes need no more; a swap
    needs no more either, since no copy could ever be placed; a wait for green times out
    with one line saying what is missing."""
    index = ensure_index(engine, settings.index_alias, shards=2, replicas=1)
    try:
        shape = engine._client.indices.get_settings(index=index)[index]["settings"]["index"]
        assert (shape["number_of_shards"], shape["number_of_replicas"]) == ("2", "1")
        ready_for_writes(engine, index, 30)
        ready_for_swap(engine, index, replicas=1, timeout=30)
        with pytest.raises(EngineError) as caught:
            engine.wait_for_health(index, "green", 1)
        assert f"{index} is yellow, not green, after 1s" in str(caught.value)
        assert "nodes: 1, unassigned shard copies: 2" in str(caught.value)
    finally:
        engine.delete_index(index)


def test_engine_errors_are_converted(engine: Engine) -> None:
    with pytest.raises(EngineError, match="no such index"):
        engine.search("no-such-index-here", {"query": {"match_all": {}}})


# -- the embedded engine's own errors ----------------------------------------------------------
def test_port_taken_is_refused_before_starting(tmp_path: Path) -> None:
    embedded = EmbeddedEngine(tmp_path, lib_dir=REPO / ".newsarchive" / "engine" / "lib")
    port = _free_port(range(9230, 9250))
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", port))
        squatter.listen()
        with pytest.raises(EngineSetupError, match=f"port {port} is taken"):
            embedded.start(port=port)
    assert embedded.state() is None


def test_missing_java_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-jdk"))
    embedded = EmbeddedEngine(tmp_path, lib_dir=tmp_path / "lib")
    with pytest.raises(EngineSetupError, match="Java is not installed"):
        embedded.start(port=9231)


def test_missing_maven_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # neither mvn nor anything else
    embedded = EmbeddedEngine(tmp_path, lib_dir=tmp_path / "lib")
    with pytest.raises(EngineSetupError, match="Maven"):
        embedded.resolve()


_HOLDER = """
import sys
from pathlib import Path
from etl._maven import exclusive

with exclusive(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.readline()  # until the test says so
    Path(sys.argv[1]).mkdir()  # as if its Maven had just filled the folder
    (Path(sys.argv[1]) / sys.argv[2]).touch()
"""


def test_two_processes_resolving_the_jars_at_once_fill_the_folder_once(tmp_path: Path) -> None:
    # Parallel test workers or tasks on a fresh machine: the second waits for the first, then
    # finds the jars there instead of running Maven into the same folder.
    import threading

    embedded = EmbeddedEngine(tmp_path, lib_dir=tmp_path / "lib")
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(embedded.lib_dir), f".resolved-{embedded.version}"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "held"
        waiter = threading.Thread(target=embedded.resolve, daemon=True)
        waiter.start()
        waiter.join(2)
        assert waiter.is_alive()  # waits for the lock: no Maven of its own meanwhile
        holder.stdin.write("go\n")
        holder.stdin.flush()
        waiter.join(60)
        assert not waiter.is_alive()
    finally:
        holder.kill()
        holder.wait()
    assert embedded.resolved()
    # only what the first process left: this one never ran Maven (it would have copied jars)
    assert not list(embedded.lib_dir.glob("*.jar"))
    assert not list(tmp_path.glob("*.partial"))


def test_a_node_that_dies_points_at_its_log(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / ".resolved-broken").touch()  # "resolved", but no jars: the JVM exits at once
    embedded = EmbeddedEngine(tmp_path, lib_dir=lib, version="broken", heap="64m")
    with pytest.raises(EngineSetupError, match=r"see its log: .*engine\.log"):
        embedded.start(port=_free_port(range(9232, 9250)), timeout=60)
    assert embedded.state() is None
    assert os.path.exists(embedded.log_path)


_STARTER = """
import sys, time
from pathlib import Path
from etl import EmbeddedEngine
from etl._embedded import free_port_block

embedded = EmbeddedEngine(
    Path(sys.argv[1]), lib_dir=Path(sys.argv[2]), heap="512m", stop_with_parent=True
)
print(embedded.start(port=free_port_block(range(9290, 9300))).pid, flush=True)
time.sleep(600)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a Linux kernel request")
def test_an_engine_started_for_a_run_stops_when_the_run_is_killed(tmp_path: Path) -> None:
    # a test or benchmark run killed outright (SIGKILL: no `finally`, no atexit) leaves no JVM
    lib = REPO / ".newsarchive" / "engine" / "lib"
    run = subprocess.Popen(
        [sys.executable, "-c", _STARTER, str(tmp_path), str(lib)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    engine_pid = 0
    try:
        assert run.stdout is not None
        engine_pid = int(run.stdout.readline())  # printed once the node is healthy
        assert _alive(engine_pid)
        run.kill()
        run.wait(timeout=30)
        deadline = time.monotonic() + 60
        while _alive(engine_pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(engine_pid), "the engine outlived the run that started it"
    finally:
        run.kill()
        run.wait(timeout=30)
        if engine_pid and _alive(engine_pid):
            _terminate_all([engine_pid])
