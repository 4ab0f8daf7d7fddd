"""Worker processes: results in the order given, one worker per process and setup, failures
surfaced."""

from __future__ import annotations

import os
import pickle
import sys
import time
from pathlib import Path

import pytest

import mvsite.build.pool as pool_module
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


class _Made(_Scaler):
    """A batch worker that says which worker (made in which process) ran each number."""

    def __init__(self, factor: int) -> None:
        super().__init__(factor)
        self.made_as = os.urandom(8).hex()  # (an id() may be reused once the old one is gone)

    def run(self, batch: list[int]) -> list[tuple[int, tuple[int, str]]]:
        return [(n, (self.pid, self.made_as)) for n, _ in super().run(batch)]


def _pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def test_batches_run_in_the_workers_and_come_back_in_order() -> None:
    batches = [[i, i + 1] for i in range(0, 40, 2)]
    with WorkerPool(2) as pool:
        results = list(pool.run(pool.workers(_Scaler, 3), batches))
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
        list(pool.run(pool.workers(_Scaler, 1), [[1], [-1], [2]]))
    assert "a worker process failed" in str(failure.value)
    assert "ValueError: a bad batch" in str(failure.value)


def test_each_process_makes_its_worker_once_per_setup() -> None:
    batches = [[i] for i in range(12)]
    with WorkerPool(2) as pool:
        first = [row for batch in pool.run(pool.workers(_Made, 2), batches) for row in batch]
        second = [
            row for batch in pool.run(pool.workers(_Made, 5, now=True), batches) for row in batch
        ]
    assert [n for n, _ in first] == [2 * i for i in range(12)]
    assert [n for n, _ in second] == [5 * i for i in range(12)]
    for rows in (first, second):
        made = {}  # pid -> the one worker it made
        for _, (pid, worker) in rows:
            assert made.setdefault(pid, worker) == worker
    assert {w for _, w in first}.isdisjoint({w for _, w in second})  # made anew for setup 5


class _Sized:
    """A batch worker made from a blob: says how large its blob is."""

    def __init__(self, blob: bytes) -> None:
        self.size = len(blob)

    def run(self, batch: list[int]) -> list[int]:
        return [self.size for _ in batch]


@pytest.mark.skipif(sys.platform != "linux", reason="shared with forked processes (Linux)")
def test_a_setup_goes_to_each_process_once_not_with_every_batch() -> None:
    """What is sent with each batch stays small however large the setup: at 50,000 pages
    a setup of 4 MB sent with each of 800 batches cost seconds of pickling and piping."""
    with WorkerPool(2) as pool:
        large, small = pool.workers(_Sized, bytes(4_000_000)), pool.workers(_Sized, b"")
        sent = len(pickle.dumps(large))
        assert sent < 1000 and sent - len(pickle.dumps(small)) < 10
        assert list(pool.run(large, [[1], [2, 3]])) == [[4_000_000], [4_000_000] * 2]
        assert list(pool.run(small, [[1], [2]])) == [[0], [0]]


def test_a_setup_too_large_to_share_goes_with_its_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool_module, "_SHARED_SIZE", 5000)
    with WorkerPool(2) as pool:
        shared, too_large = pool.workers(_Sized, bytes(3000)), pool.workers(_Sized, bytes(3000))
        assert len(pickle.dumps(too_large)) > 3000
        assert sys.platform != "linux" or len(pickle.dumps(shared)) < 1000
        assert list(pool.run(too_large, [[1], [2]])) == [[3000], [3000]]
        assert list(pool.run(shared, [[1], [2]])) == [[3000], [3000]]


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="Linux only")
def test_cpu_count_follows_the_cores_this_process_is_allowed() -> None:
    allowed = os.sched_getaffinity(0)
    try:
        os.sched_setaffinity(0, {min(allowed)})  # as `taskset -c 0` or a CPU-limited container
        assert cpu_count() == 1
    finally:
        os.sched_setaffinity(0, allowed)


class _Announced(_Made):
    """A batch worker that leaves a file named after its process when made."""

    def __init__(self, folder: str) -> None:
        super().__init__(1)
        (Path(folder) / str(self.pid)).write_text(self.made_as)


def test_workers_made_now_are_made_before_any_batch_and_then_used(tmp_path: Path) -> None:
    with WorkerPool(2) as pool:
        workers = pool.workers(_Announced, str(tmp_path), now=True)
        deadline = time.monotonic() + 30
        while not any(tmp_path.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.01)
        made = {int(p.name): p.read_text() for p in tmp_path.iterdir()}
        assert made, "no process made its worker before it was given a batch"
        rows = [row for batch in pool.run(workers, [[i] for i in range(12)]) for row in batch]
    assert [n for n, _ in rows] == list(range(12))
    for _, (pid, worker) in rows:
        assert made.setdefault(pid, worker) == worker  # made once, before or for its batch


class _Failing(_Scaler):
    def __init__(self, factor: int) -> None:
        raise ValueError("cannot be made")


def test_a_worker_that_fails_to_be_made_now_fails_the_run() -> None:
    with WorkerPool(2) as pool, pytest.raises(RuntimeError) as failure:
        list(pool.run(pool.workers(_Failing, 1, now=True), [[1], [2], [3]]))
    assert "ValueError: cannot be made" in str(failure.value)


class _Slow(_Scaler):
    """A batch worker made slowly, that leaves a file named after its process once made."""

    def __init__(self, folder: str) -> None:
        super().__init__(1)
        time.sleep(0.3)
        (Path(folder) / str(self.pid)).write_text("made")


def test_closing_waits_for_a_call_still_running(tmp_path: Path) -> None:
    """Nothing a worker was given may go on once the pool is closed (it could be writing)."""
    with WorkerPool(2) as pool:
        pool.workers(_Slow, str(tmp_path), now=True)
        time.sleep(0.05)  # (taken by the processes by now: not cancelled by closing)
    assert list(tmp_path.iterdir()), "the pool closed while a worker was being made"


def test_idle_processes_end_after_closing() -> None:
    """Closing an idle pool does not wait for its processes to end, but they do end."""
    with WorkerPool(2) as pool:
        pids = {pid for pid, _ in pool.map(_pid_and_square, [(n,) for n in range(8)])}
    deadline = time.monotonic() + 30
    while any(_is_running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not any(_is_running(pid) for pid in pids)


def _is_running(pid: int) -> bool:
    """Is `pid` alive (a zombie not yet reaped counts as ended)?"""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):  # (the latter: it ended while read)
        return False
