"""Defaults sized from the machine: pipeline workers, `news_ingest` batch tasks at once and
batch size, from its cores and memory. The settings (NEWSARCHIVE_WORKERS,
NEWSARCHIVE_BATCH_TASKS, NEWSARCHIVE_BATCH_SIZE, the DAG's `batch_size` param) override them.

The figures are `make bench` measurements on a 2-core machine (README, Sizing):

  - a pipeline worker holds ~550 MB: ~150 MB of Python and the CoreNLP tagger's JVM, ~370 MB
    with its 400 MB heap (with NEWSARCHIVE_NER=spacy, ~370 MB in all); ~60 MB more once it
    meets French, ~420 MB more once it meets German (the German tagger's own JVM):
    WORKER_MB; ~1.3 GB more once it meets an English body in lower case and
    starts the true-caser: TRUECASER_MB; a batch task's own process (fetching, WARC,
    indexing) ~300 MB beside its workers (1.0 GB with two): TASK_MB;
  - a worker starts in ~4.4-5 s (spaCy's import and model, or the tagger's JVM) and then
    enriches ~20 articles/s per core (50 ms of CPU each).

The rules:

  - workers = the cores, fewer when half the memory (the rest: the engine node, Airflow, the
    page cache) cannot hold a batch task and that many workers;
  - batch tasks at once = 2 (while one waits on the polite delay of its last hosts, the other's
    workers use the cores; more only add processes on the same cores), 1 when half the memory
    cannot hold two; with Celery workers on several machines, set NEWSARCHIVE_BATCH_TASKS to
    the worker slots one run may use;
  - batch size = what the workers enrich in ten start-ups (the start-up is then under a tenth
    of a batch's work): 1,000 URLs per worker, 2,000 on 2 cores, within 500-10,000 (a retry
    fetches a whole batch again).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# One pipeline worker and its English tagger's JVM: ~520 MB, ~60 MB more with French; and
# the German tagger's JVM (~415 MB peak RSS), which it starts on its first German article:
# a feed of several languages brings one to every worker.
WORKER_MB = 550 + 420
# The true-caser's JVM (etl/enrich/_casing.py), which a worker starts on its first English body
# written in lower case: a peak RSS of ~1.25 GB. Rare bodies, but any night may bring one to
# every worker, so the workers are sized to hold it (NEWSARCHIVE_TRUECASE=0 frees it).
TRUECASER_MB = 1300
TASK_MB = 300  # a batch task's own process, beside its workers
PIPELINE_SHARE = 0.5  # of the memory, for the pipeline; the rest for the engine, Airflow, cache
WORKER_START_S = 5.0
ARTICLES_PER_WORKER_S = 20.0
STARTS_PER_BATCH = 10  # a batch is worth this many worker start-ups
BATCH_TASKS = 2
MIN_BATCH, MAX_BATCH = 500, 10_000


@dataclass(frozen=True)
class Machine:
    cores: int
    memory_mb: int

    @classmethod
    def here(cls) -> Machine:
        return cls(cores=_cores(), memory_mb=_memory_mb())

    @property
    def pipeline_mb(self) -> int:
        return int(self.memory_mb * PIPELINE_SHARE)


def worker_mb(truecase: bool | None = None) -> int:
    """One pipeline worker's memory; `truecase` None reads NEWSARCHIVE_TRUECASE."""
    if truecase is None:
        truecase = os.environ.get("NEWSARCHIVE_TRUECASE", "1") != "0"
    return WORKER_MB + (TRUECASER_MB if truecase else 0)


def default_workers(machine: Machine | None = None, truecase: bool | None = None) -> int:
    machine = machine or Machine.here()
    fit = (machine.pipeline_mb - TASK_MB) // worker_mb(truecase)
    return max(1, min(machine.cores, fit))


def default_batch_tasks(
    machine: Machine | None = None, workers: int | None = None, truecase: bool | None = None
) -> int:
    machine = machine or Machine.here()
    workers = workers or default_workers(machine, truecase)
    fit = machine.pipeline_mb // (TASK_MB + workers * worker_mb(truecase))
    return max(1, min(BATCH_TASKS, fit))


def default_batch_size(workers: int) -> int:
    size = STARTS_PER_BATCH * WORKER_START_S * ARTICLES_PER_WORKER_S * max(1, workers)
    return int(min(MAX_BATCH, max(MIN_BATCH, size)))


def _cores() -> int:
    """The cores this process may use: its CPU affinity, within a cgroup CPU quota if any."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    try:  # cgroup v2: "max 100000" (no quota) or "200000 100000" (two cores)
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            cores = min(cores, max(1, int(int(quota) // int(period))))
    except (OSError, ValueError):
        pass
    return max(1, cores)


def _memory_mb() -> int:
    """The memory this process may use: the machine's, within a cgroup limit if any."""
    try:
        total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):
        total = 4 << 30  # unknown: assume a small machine
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        if limit != "max":
            total = min(total, int(limit))
    except (OSError, ValueError):
        pass
    return max(1, total >> 20)
