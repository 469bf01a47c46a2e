"""Secrets and trust: an engine password never shows in output, reports, result files, Airflow
logs or the `news-runs` index; bad engine URLs fail without it; TLS is always verified.

The engine URL carries a password the embedded OpenSearch does not check (it runs without the
security plugin and ignores Basic auth), so the runs work while the password travels with every
request. Covered elsewhere, not repeated here: XML entity expansion is refused
(tests/crawl/test_discover.py::test_entity_bomb_feed_is_refused_quickly,
::test_external_entities_are_refused), decompression is bounded
(::test_gzip_bomb_sitemap_is_bounded, tests/crawl/test_fetch.py::
test_byte_limit_is_checked_on_the_wire_and_after_decompression), and non-public addresses are
refused (tests/crawl/test_fetch.py, tests/test_faults.py)."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import ipaddress
import json
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from etl import ConfigError, Engine, EngineError, EngineNotRunning, Settings, connect
from etl._engine import ElasticsearchEngine, OpenSearchEngine
from etl._index import RUNS_INDEX

from ._faultsite import migrated_airflow_home
from ._newssite import news_site, sources_file
from .conftest import REPO
from .dags._airflow import dag_test
from .test_faults import check_guard, child_env

USER, PASSWORD = "newsarchive", "S3cretPa55word"
# The password as it could leak: plain, or inside a Basic auth header.
LEAKS = (PASSWORD, base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode())


def secret_url(engine_url: str) -> str:
    parts = urlsplit(engine_url)
    if parts.password:
        pytest.skip("the test engine has credentials of its own")
    return f"{parts.scheme}://{USER}:{PASSWORD}@{parts.hostname}:{parts.port}"


def leaks_in(text: str, where: str) -> list[str]:
    return [f"{where}: {secret[:4]}..." for secret in LEAKS if secret in text]


def leaks_under(folder: Path) -> list[str]:
    """Every file below `folder`, gzip ones unpacked (WARC records), searched for the password."""
    found: list[str] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        found += leaks_in(data.decode("utf-8", errors="replace"), str(path))
    return found


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etl.cli", *args], capture_output=True, text=True, env=env,
        cwd=REPO, timeout=300, check=False,
    )  # fmt: skip


# --- the password stays secret ----------------------------------------------------------------


def test_cli_runs_never_show_the_engine_password(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    url = secret_url(settings.engine_url)
    env = child_env(settings, tmp_path, NEWSARCHIVE_ENGINE_URL=url)
    dead_letter = tmp_path / "home" / "dead.jsonl"
    with news_site(n_feed=2, n_sitemap=1) as site:
        sources = sources_file(tmp_path, site)
        ingest = run_cli(env, "-v", "ingest", "--sources", str(sources), "--json",
                         "--dead-letter", str(dead_letter))  # fmt: skip
    assert ingest.returncode == 0, ingest.stderr[-3000:]
    engine_address = settings.engine_url.split("//", 1)[1].rstrip("/")
    assert f"{engine_address}/_bulk" in ingest.stderr  # requests are logged: the grep means it
    report = json.loads(ingest.stdout)
    assert report["counts"]["indexed"] == 3
    found = run_cli(env, "-v", "search", "negotiations", "--json")
    assert found.returncode == 0 and json.loads(found.stdout)["total"] == 3
    # an engine-side error names the engine, with the password masked
    refused = run_cli(env, "-v", "--alias", "no-such-alias", "search", "x")
    assert refused.returncode == 1
    assert f"{USER}:***@" in refused.stderr and "Traceback" not in refused.stderr

    leaks = []
    for name, done in (("ingest", ingest), ("search", found), ("refused search", refused)):
        leaks += leaks_in(done.stdout, f"{name} stdout") + leaks_in(done.stderr, f"{name} stderr")
    leaks += leaks_under(tmp_path / "home")
    assert leaks == []
    check_guard(tmp_path)


@pytest.fixture(scope="module")
def airflow_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrated_airflow_home(tmp_path_factory, "airflow-security")


def test_dag_runs_never_store_or_log_the_engine_password(
    airflow_home: Path, settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    url = secret_url(settings.engine_url)
    env = child_env(
        settings, tmp_path, NEWSARCHIVE_ENGINE_URL=url, AIRFLOW__LOGGING__LOGGING_LEVEL="INFO"
    )
    with news_site(n_feed=2, n_sitemap=1) as site:
        conf = {"sources_file": str(sources_file(tmp_path, site)), "batch_size": 50}
        run = dag_test(airflow_home, "news_ingest", "2024-05-11T00:00:00+00:00", conf, env)
    assert run["state"] == "success", run["log"][-5000:]
    engine.refresh(RUNS_INDEX)
    hits = engine.search(RUNS_INDEX, {"query": {"term": {"index": settings.index_alias}}})
    (stored,) = [hit["_source"] for hit in hits["hits"]["hits"]]
    assert stored["counts"]["indexed"] == 3

    assert settings.engine_url.split("//", 1)[1].rstrip("/") in run["log"]  # logged, at INFO
    leaks = leaks_in(run["log"], "dag.test output")
    leaks += leaks_in(json.dumps(stored), "news-runs document")
    leaks += leaks_under(tmp_path / "home")  # report.json, results, dead letters, WARC files
    assert list((tmp_path / "home" / "runs").rglob("report.json"))
    logs = airflow_home / "logs"
    leaks += leaks_under(logs) if logs.exists() else []
    leaks += leaks_in((airflow_home / "airflow.db").read_bytes().decode("latin-1"), "airflow.db")
    assert leaks == []
    check_guard(tmp_path)


# --- bad engine URLs --------------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed when this returns: connections are refused


def test_a_bad_engine_host_fails_without_the_password(
    monkeypatch: pytest.MonkeyPatch, settings: Settings, tmp_path: Path
) -> None:
    # No name is ever looked up: the resolver is replaced by one that knows no names.
    def no_lookups(host: object, *args: object, **kwargs: object) -> list:
        raise socket.gaierror(socket.EAI_NONAME, f"no lookups in tests ({host})")

    monkeypatch.setattr(socket, "getaddrinfo", no_lookups)
    for url in (
        f"http://{USER}:{PASSWORD}@no-such-engine.invalid:9200",
        f"https://{USER}:{PASSWORD}@no-such-engine.invalid",
    ):
        with pytest.raises(EngineNotRunning) as caught:
            connect(url)
        message = str(caught.value)
        assert f"{USER}:***@no-such-engine.invalid" in message
        assert leaks_in(message, "error") == [] and leaks_in(repr(caught.value), "repr") == []
    monkeypatch.undo()

    # the CLI, in a child whose network guard refuses name lookups
    for url in (
        f"http://{USER}:{PASSWORD}@no-such-engine.invalid:9200",
        f"http://{USER}:{PASSWORD}@127.0.0.1:{_closed_port()}",
    ):
        env = child_env(settings, tmp_path, NEWSARCHIVE_ENGINE_URL=url)
        done = run_cli(env, "search", "migration")
        assert done.returncode == 1
        assert done.stderr.startswith("Error: no engine answers at"), done.stderr
        assert "Traceback" not in done.stderr and f"{USER}:***@" in done.stderr
        assert leaks_in(done.stdout + done.stderr, "cli") == []


# --- TLS is always verified -------------------------------------------------------------------


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 signed by nobody anyone trusts, and its key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "newsarchive test engine")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "engine.crt", folder / "engine.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class _FakeEngine(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps(
            {"cluster_name": "tls", "version": {"number": "2.19.1", "distribution": "opensearch"}}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def tls_engine(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`GET /` of an OpenSearch node, over TLS on loopback with a self-signed certificate."""
    cert, key = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeEngine)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_port}", cert
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def test_tls_certificates_are_verified(tls_engine: tuple[str, Path]) -> None:
    base, cert = tls_engine
    url = base.replace("https://", f"https://{USER}:{PASSWORD}@")
    with pytest.raises(EngineError) as caught:
        connect(url)  # the system CAs do not trust a self-signed certificate
    message = str(caught.value)
    assert "certificate" in message and "NEWSARCHIVE_ENGINE_CA_CERTS" in message
    for hint in ("verify=false", "verify_certs=false", "insecure", "disable"):
        assert hint not in message.lower()
    assert leaks_in(message, "error") == []

    trusted = connect(url, ca_certs=str(cert))  # its CA given: verified, and accepted
    try:
        assert isinstance(trusted, OpenSearchEngine)
        (node,) = trusted._client.transport.connection_pool.connections
        assert node.pool.cert_reqs == "CERT_REQUIRED"
    finally:
        trusted.close()
    with pytest.raises(ConfigError, match="cannot read the CA bundle"):
        connect(url, ca_certs=str(cert.with_name("missing.pem")))
    elastic = ElasticsearchEngine(url, "8.15.0")  # built only, never connected
    try:
        assert all(node.config.verify_certs for node in elastic._client.transport.node_pool.all())
    finally:
        elastic.close()

    with pytest.raises(EngineNotRunning) as nothing:  # https, but nothing listens there
        connect(f"https://{USER}:{PASSWORD}@127.0.0.1:{_closed_port()}")
    assert "disable" not in str(nothing.value) and leaks_in(str(nothing.value), "error") == []
