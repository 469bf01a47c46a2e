"""Run a child process with a time limit and measure its memory.

Three memory figures, because the pipeline may run worker processes of its own:
  main_peak_mb     the child's own peak RSS (VmHWM), read while it runs
  largest_peak_mb  the largest peak of any process of its tree (main or a worker): `wait4`
                   reports it exactly when the child is reaped
  tree_peak_mb     the largest sum of the RSS of every process of the tree, sampled every
                   `interval` seconds (a lower bound of the true peak of the sum)
The child runs in a session of its own; on timeout its whole process group is killed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Measured:
    returncode: int
    seconds: float
    stdout: str
    stderr: str
    main_peak_mb: float
    largest_peak_mb: float
    tree_peak_mb: float
    processes: int  # distinct processes seen in the tree
    cpu_seconds: float  # user + system time of the child and every descendant it reaped
    started: float  # time.monotonic() when the child was started
    timed_out: bool = False


def _status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def peak_rss_mb(pid: int) -> float:
    """A running process's peak RSS so far (VmHWM), in MB; 0 once it has gone."""
    return _status_kb(pid, "VmHWM") / 1024


def _children() -> dict[int, list[int]]:
    """ppid -> pids, for every process visible in /proc."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def descendants(pid: int) -> list[int]:
    tree = _children()
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(tree.get(current, []))
    return out


def run_measured(
    cmd: list[str],
    *,
    env: dict[str, str],
    cwd: Path,
    timeout: float,
    interval: float = 0.25,
) -> Measured:
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        started_mono = time.monotonic()
        proc = subprocess.Popen(
            cmd, env=env, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        main_peak = tree_peak = 0
        seen: set[int] = set()
        timed_out = False
        try:
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                pids = descendants(proc.pid)
                seen.update(pids)
                tree_peak = max(tree_peak, sum(_status_kb(p, "VmRSS") for p in pids))
                main_peak = max(main_peak, _status_kb(proc.pid, "VmHWM"))
                if time.perf_counter() - started > timeout:
                    timed_out = True
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(proc.pid, signal.SIGKILL)
                    _, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(interval)
        except BaseException:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.wait4(proc.pid, 0)
            proc.returncode = -9
            raise
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        # Workers the child left behind (it should not): end them, they are ours.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        out.seek(0)
        err.seek(0)
        return Measured(
            returncode=proc.returncode,
            seconds=seconds,
            stdout=out.read(),
            stderr=err.read(),
            main_peak_mb=main_peak / 1024,
            largest_peak_mb=max(usage.ru_maxrss, main_peak) / 1024,  # ru_maxrss is in KiB
            tree_peak_mb=tree_peak / 1024,
            processes=len(seen),
            cpu_seconds=usage.ru_utime + usage.ru_stime,
            started=started_mono,
            timed_out=timed_out,
        )


# --- who used the CPU -------------------------------------------------------------------------

_TICK = os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    total = sum(values[:8])  # guest time is already counted in user
    return (total - idle) / _TICK, total / _TICK


def process_cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds of one process (all its threads) so far."""
    if not pid:
        return 0.0
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK
    except (OSError, ValueError, IndexError):
        return 0.0


class CpuWatch:
    """Cores used during a block, on average: the whole machine, named helper processes
    (the engine's JVM, the site), and what is left for everything else; the measured
    process's own share is added by the caller (`share(own_cpu_seconds)`)."""

    def __init__(self, **pids: int | None) -> None:
        self.pids = pids

    def __enter__(self) -> CpuWatch:
        self._wall = time.perf_counter()
        self._machine = machine_busy_seconds()
        self._procs = {name: process_cpu_seconds(pid) for name, pid in self.pids.items()}
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._wall
        busy, total = machine_busy_seconds()
        cores = os.cpu_count() or 1
        self.machine_cores = (
            cores * (busy - self._machine[0]) / (total - self._machine[1])
            if total > self._machine[1]
            else 0.0
        )
        self.procs = {
            name: (process_cpu_seconds(pid) - self._procs[name]) / self.wall
            for name, pid in self.pids.items()
        }

    def share(self, own_cpu_seconds: float) -> dict[str, float]:
        own = own_cpu_seconds / self.wall if self.wall else 0.0
        helpers = sum(self.procs.values())
        return {
            "machine_busy_cores": round(self.machine_cores, 2),
            "measured_cores": round(own, 2),
            **{f"{name}_cores": round(v, 2) for name, v in self.procs.items()},
            "other_cores": round(max(0.0, self.machine_cores - own - helpers), 2),
        }
