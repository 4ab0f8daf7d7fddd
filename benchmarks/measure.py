"""Run one command and measure its wall time and the peak memory of its whole process tree.

Memory: a sampler thread lists ``/proc`` every ``interval`` seconds (20 ms by default), notes
each new process's parent the first time it sees it, and sums the resident set (``statm``) of
the root process and every descendant alive at that moment; the peak of that sum is kept.
The kernel's own peak for the root process (``ru_maxrss`` from ``wait4``, which also covers
descendants it reaped, as a maximum, not a sum) is a floor under it, for builds so short that
the sampler never saw them.  Summing RSS counts pages shared between processes (libraries,
copy-on-write memory after fork) once per process, so for multi-process tools the figure is an
upper bound of what the tree really held.  Linux only.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
DEFAULT_INTERVAL = 0.02


@dataclass(frozen=True)
class Measurement:
    """One timed run of a command."""

    wall_s: float
    cpu_s: float  # user + system time of the process and the descendants it waited for
    peak_rss_bytes: int
    returncode: int
    timed_out: bool


def _parent_pid(pid: int) -> int | None:
    """The parent of ``pid`` from ``/proc/<pid>/stat``, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
    except OSError:
        return None
    # The command name (field 2) may hold spaces or parentheses: parse after the last ')'.
    fields = stat[stat.rindex(b")") + 2 :].split()
    return int(fields[1])


def _rss_bytes(pid: int) -> int:
    """Resident set size of ``pid`` (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def _proc_pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and all its descendants until stopped."""

    def __init__(self, interval: float = DEFAULT_INTERVAL) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.peak_bytes = 0
        self._stop_event = threading.Event()
        self._members: set[int] = set()
        # Processes that existed before the run are never descendants: skip them for good.
        self._seen: set[int] = set(_proc_pids())

    def watch(self, root_pid: int) -> None:
        """Start sampling the tree rooted at ``root_pid``."""
        self._members.add(root_pid)
        self._seen.add(root_pid)
        self.start()

    def stop(self) -> None:
        self._stop_event.set()
        self.join()

    def run(self) -> None:
        self.sample()
        while not self._stop_event.wait(self.interval):
            self.sample()

    def sample(self) -> None:
        self._adopt_new_processes()
        total = sum(_rss_bytes(pid) for pid in self._members)
        self.peak_bytes = max(self.peak_bytes, total)

    def _adopt_new_processes(self) -> None:
        parents: dict[int, int] = {}
        for pid in _proc_pids():
            if pid not in self._seen:
                self._seen.add(pid)
                ppid = _parent_pid(pid)
                if ppid is not None:
                    parents[pid] = ppid
        # A child may be listed before its parent: repeat until nothing more joins.
        changed = True
        while changed:
            changed = False
            for pid, ppid in list(parents.items()):
                if ppid in self._members:
                    self._members.add(pid)
                    del parents[pid]
                    changed = True


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def run_measured(
    cmd: list[str],
    cwd: Path,
    log_path: Path,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
    interval: float = DEFAULT_INTERVAL,
) -> Measurement:
    """Run ``cmd`` in ``cwd`` (output to ``log_path``), timing it and sampling its memory.

    The command gets its own process group; on timeout the whole group is killed.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    sampler = TreeSampler(interval)
    timed_out = threading.Event()
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        sampler.watch(proc.pid)
        timer = _start_timeout(proc.pid, timeout, timed_out)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # interrupted (Ctrl-C, SIGTERM): take the build down too
            _kill_group(proc.pid)
            proc.wait()
            raise
        wall = time.perf_counter() - start
    if timer is not None:
        timer.cancel()
    sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    _kill_group(proc.pid)  # leave no stragglers behind (daemons, workers)
    peak = max(sampler.peak_bytes, usage.ru_maxrss * 1024)
    cpu = usage.ru_utime + usage.ru_stime
    return Measurement(wall, cpu, peak, proc.returncode, timed_out.is_set())


def _start_timeout(
    pgid: int, timeout: float | None, flag: threading.Event
) -> threading.Timer | None:
    if timeout is None:
        return None

    def expire() -> None:
        flag.set()
        _kill_group(pgid)

    timer = threading.Timer(timeout, expire)
    timer.daemon = True
    timer.start()
    return timer
