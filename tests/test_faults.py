"""A hostile news site (tests/_faultsite.py) through `newsarchive ingest --sources`: every fault
ends in its documented state with its reason, the counts add up, and the run never crashes.

The CLI runs in a child process with the fault limits (`FAULT_ENV`), loopback-only address
checks, and a network guard that refuses and records any connection off loopback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from etl import ConfigError, Engine, Settings
from etl.crawl._addresses import refused_address
from etl.crawl._fetch import FETCH_ENV, Fetcher, fetch_options_from_env

from ._faultsite import FAULT_ENV, FaultSite, netguard_dir
from .conftest import REPO


def child_env(settings: Settings, tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a child run: fault limits, this test's engine and alias, the guard."""
    guard = netguard_dir(tmp_path / "netguard")
    return {
        **os.environ,
        **FAULT_ENV,
        "NEWSARCHIVE_ENGINE_URL": settings.engine_url,
        "NEWSARCHIVE_INDEX_ALIAS": settings.index_alias,
        "NEWSARCHIVE_HOME": str(tmp_path / "home"),
        "PYTHONPATH": os.pathsep.join([str(guard), str(REPO)]),
        "NETGUARD_LOG": str(tmp_path / "netguard.log"),
        **extra,
    }


def indexed_docs(engine: Engine, alias: str) -> dict[str, dict[str, Any]]:
    """url -> document, for every document behind the alias (read without highlighting)."""
    engine.refresh(alias)
    docs: dict[str, dict[str, Any]] = {}
    for hit in engine.scan(alias, fields=["url", "language", "body", "source"]):
        source = hit["_source"]
        assert source["url"] not in docs, f"{source['url']} indexed twice"
        docs[source["url"]] = source
    return docs


def check_cases(
    site: FaultSite, problems: dict[str, dict[str, Any]], docs: dict[str, dict[str, Any]]
) -> list[str]:
    """Every case in its expected state with its reason; returns what went wrong, if anything
    (all cases are checked, so one run shows every mismatch)."""
    wrong = []
    for case in site.cases:
        problem = problems.get(case.key)
        if case.state == "indexed":
            if problem is not None:
                wrong.append(f"{case.name}: expected indexed, got {problem}")
            elif case.key not in docs:
                wrong.append(f"{case.name}: expected indexed, not in the index")
            elif case.check is not None:
                try:
                    case.check(docs[case.key])
                except AssertionError as exc:
                    wrong.append(f"{case.name}: indexed, but {exc}")
            continue
        if problem is None:
            wrong.append(f"{case.name}: expected {case.state} ({case.reason}), got no problem")
        elif problem["state"] != case.state or not case.reason_ok(problem["reason"]):
            wrong.append(
                f"{case.name}: expected {case.state} with {case.reason!r}, got "
                f"{problem['state']} with {problem['reason']!r}"
            )
    return wrong


def check_guard(tmp_path: Path) -> None:
    log = tmp_path / "netguard.log"
    assert not log.exists(), f"connections off loopback were attempted: {log.read_text()}"


def test_every_fault_ends_in_its_documented_state(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    with FaultSite() as site:
        sources = site.sources_file(tmp_path)
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "etl.cli", "ingest", "--sources", str(sources), "--json"],
            capture_output=True, text=True, env=child_env(settings, tmp_path), cwd=REPO,
            timeout=300, check=False,
        )  # fmt: skip
        elapsed = time.monotonic() - started
        tracked_hits = [h.path for h in site.site.hits if h.path.startswith("/news/tracked")]
        both_hits = [h.path for h in site.site.hits if h.path == "/news/both.html"]
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    check_guard(tmp_path)
    report = json.loads(done.stdout)

    # the counts add up: one state per input; inputs = distinct canonical URLs + one failed
    # input per discovery error (the run report names the source's URL)
    counts = report["counts"]
    assert report["total"] == sum(counts.values())
    problems = {p["key"]: p for p in report["problems"]}
    assert len(problems) == len(report["problems"]), "a key reported twice"
    keys = [case.key for case in site.cases]
    assert len(set(keys)) == len(keys)
    assert report["total"] == len(keys) + len(site.discovery_errors)
    for source_url, reason in site.discovery_errors.items():
        assert problems[source_url]["state"] == "failed"
        assert reason in problems[source_url]["reason"]

    docs = indexed_docs(engine, settings.index_alias)
    assert check_cases(site, problems, docs) == []
    expected_indexed = sum(case.state == "indexed" for case in site.cases)
    assert counts["indexed"] == expected_indexed == len(docs)
    assert counts["rejected"] == sum(case.state == "rejected" for case in site.cases)
    assert counts["failed"] == (
        sum(case.state == "failed" for case in site.cases) + len(site.discovery_errors)
    )
    assert counts["unchanged"] == counts["enriched"] == 0
    # tracking-parameter variants: one URL, fetched once
    assert tracked_hits == ["/news/tracked.html"]
    # a URL listed by the feed and by the sitemap: fetched once, both sources named
    assert both_hits == ["/news/both.html"]
    both = site.site.url("/news/both.html")
    assert sorted(report["listed_by"][both]) == ["faults-feed", "faults-sitemap"]
    assert list(report["listed_by"]) == [both]
    assert {d["source"] for d in docs.values()} == {"faults-feed", "faults-sitemap"}
    print(f"\nCLI fault run: {elapsed:.1f} s for {report['total']} inputs")


# --- the address decision, in process ---------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "loopback_only", "allow_all"),
    [
        ("127.0.0.1", None, None),
        ("::1", None, None),
        ("localhost", None, None),
        ("10.1.2.3", "non-public", None),
        ("192.168.1.1", "non-public", None),
        ("172.16.0.9", "non-public", None),
        ("169.254.169.254", "link-local", "link-local"),
        ("fe80::1", "link-local", "link-local"),
    ],
)
def test_loopback_only_mode_refuses_private_ranges(
    host: str, loopback_only: str | None, allow_all: str | None
) -> None:
    # Decisions only: numeric hosts (and localhost, from /etc/hosts), no connection attempted.
    refusal = refused_address(host, allow_private="loopback")
    assert (refusal is None) if loopback_only is None else (loopback_only in refusal)
    refusal = refused_address(host, allow_private=True)
    assert (refusal is None) if allow_all is None else (allow_all in refusal)
    assert refused_address(host, allow_private=False).startswith("refused:")


def test_a_redirect_to_a_private_address_is_refused_before_any_connection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    connected: list[str] = []
    real_connect = socket.socket.connect

    def recording_connect(sock: socket.socket, address: Any) -> Any:
        connected.append(str(address[0]))
        if not str(address[0]).startswith("127."):
            raise AssertionError(f"a connection to {address[0]} was attempted")
        return real_connect(sock, address)

    with FaultSite() as site, Fetcher(allow_private="loopback", min_delay=0) as fetcher:
        monkeypatch.setattr(socket.socket, "connect", recording_connect)
        item = fetcher.fetch_input(site.site.url("/news/to-private.html"))
        monkeypatch.undo()
    assert item.error == "refused: 10.1.2.3 resolves to non-public address 10.1.2.3"
    assert connected == ["127.0.0.1", "127.0.0.1"]  # robots.txt, then the redirecting page
    assert [h.path for h in site.site.hits] == ["/robots.txt", "/news/to-private.html"]


def test_fetch_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    defaults = {name: default for name, (_, _, default) in FETCH_ENV.items()}
    assert fetch_options_from_env({}) == defaults
    for variable, value in FAULT_ENV.items():
        monkeypatch.setenv(variable, value)
    with Fetcher() as fetcher:
        assert (fetcher.timeout, fetcher.connect_timeout, fetcher.deadline) == (1.0, 1.0, 3.0)
        assert (fetcher.max_retries, fetcher.backoff, fetcher.min_delay) == (1, 0.05, 0.02)
        assert fetcher.max_bytes == 2_000_000 and fetcher.allow_private == "loopback"
    with Fetcher(timeout=7, max_retries=0) as fetcher:  # arguments win over the environment
        assert fetcher.timeout == 7 and fetcher.max_retries == 0 and fetcher.deadline == 3.0
    with pytest.raises(ConfigError, match="NEWSARCHIVE_FETCH_RETRIES='many'"):
        fetch_options_from_env({"NEWSARCHIVE_FETCH_RETRIES": "many"})
    with pytest.raises(ConfigError, match="NEWSARCHIVE_FETCH_TIMEOUT='-1'"):
        fetch_options_from_env({"NEWSARCHIVE_FETCH_TIMEOUT": "-1"})
