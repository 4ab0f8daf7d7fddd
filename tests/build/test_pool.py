"""Worker processes: results in the order given, one worker per process, failures surfaced."""

from __future__ import annotations

import os

import pytest

from mvsite.build.pool import WorkerPool, cpu_count


class _Scaler:
    """A batch worker: multiplies by its setup, and says which process it ran in."""

    def __init__(self, factor: int) -> None:
        self.factor = factor
        self.pid = os.getpid()

    def run(self, batch: list[int]) -> list[tuple[int, int]]:
        if -1 in batch:
            raise ValueError("a bad batch")
        return [(n * self.factor, self.pid) for n in batch]


def _pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def test_batches_run_in_the_workers_and_come_back_in_order() -> None:
    batches = [[i, i + 1] for i in range(0, 40, 2)]
    with WorkerPool(2) as pool:
        results = list(pool.run(_Scaler, 3, batches))
    assert [n for batch in results for n, _ in batch] == [3 * i for i in range(40)]
    pids = {pid for batch in results for _, pid in batch}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


def test_calls_run_in_the_workers_in_order() -> None:
    with WorkerPool(2) as pool:
        results = list(pool.map(_pid_and_square, [(n,) for n in range(10)]))
    assert [square for _, square in results] == [n * n for n in range(10)]
    assert os.getpid() not in {pid for pid, _ in results}


def test_a_failing_batch_is_an_error_with_the_workers_traceback() -> None:
    with WorkerPool(2) as pool, pytest.raises(RuntimeError) as failure:
        list(pool.run(_Scaler, 1, [[1], [-1], [2]]))
    assert "a worker process failed" in str(failure.value)
    assert "ValueError: a bad batch" in str(failure.value)


def test_cpu_count_is_the_cores_this_process_may_use() -> None:
    assert cpu_count() == len(os.sched_getaffinity(0))
