"""Defaults sized from the machine (etl/_sizing.py), and the settings that override them."""

from __future__ import annotations

import pytest

from etl import Settings
from etl._sizing import Machine, default_batch_size, default_batch_tasks, default_workers


@pytest.mark.parametrize(
    ("cores", "memory_mb", "workers", "tasks", "batch"),
    [
        (2, 24_000, 2, 2, 2000),  # this machine: a worker per core, two batch tasks
        (2, 4_000, 1, 1, 1000),  # half of 4 GB holds one task and one worker with two taggers
        (16, 8_000, 3, 1, 3000),  # memory, not cores, bounds the workers
        (64, 512_000, 64, 2, 10_000),  # batches stop growing: a retry fetches a whole batch
        (1, 1_000, 1, 1, 1000),  # never fewer than one
    ],
)
def test_defaults_follow_cores_and_memory(
    cores: int, memory_mb: int, workers: int, tasks: int, batch: int
) -> None:
    machine = Machine(cores=cores, memory_mb=memory_mb)
    assert default_workers(machine, truecase=False) == workers
    assert default_batch_tasks(machine, truecase=False) == tasks
    assert default_batch_size(default_workers(machine, truecase=False)) == batch


@pytest.mark.parametrize(
    ("cores", "memory_mb", "workers", "tasks"),
    [
        (2, 24_000, 2, 2),  # this machine holds a true-caser in each worker
        (2, 4_000, 1, 1),  # half of 4 GB does not hold two workers that each start one
        (16, 8_000, 1, 1),
    ],
)
def test_workers_are_sized_to_hold_the_true_caser(
    cores: int, memory_mb: int, workers: int, tasks: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine = Machine(cores=cores, memory_mb=memory_mb)
    assert default_workers(machine, truecase=True) == workers
    assert default_batch_tasks(machine, truecase=True) == tasks
    monkeypatch.setenv("NEWSARCHIVE_TRUECASE", "1")
    assert default_workers(machine) == workers  # the setting, read by default
    monkeypatch.setenv("NEWSARCHIVE_TRUECASE", "0")
    assert default_workers(machine) == default_workers(machine, truecase=False)


def test_this_machine_is_read() -> None:
    here = Machine.here()
    assert here.cores >= 1 and here.memory_mb > 256


def test_settings_override_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSARCHIVE_WORKERS", raising=False)
    monkeypatch.delenv("NEWSARCHIVE_BATCH_SIZE", raising=False)
    sized = Settings()
    assert sized.workers == default_workers()
    assert sized.batch_items == default_batch_size(sized.workers)
    monkeypatch.setenv("NEWSARCHIVE_WORKERS", "3")
    assert Settings().workers == 3
    assert Settings().batch_items == 3000  # batches follow the workers set
    monkeypatch.setenv("NEWSARCHIVE_BATCH_SIZE", "250")
    assert Settings().batch_items == 250
