"""Worker processes for batches of work: concurrent.futures.ProcessPoolExecutor, started early.

Results come back in the order the batches were given, whatever process finished first, so
a build reports the same first problem every time. A worker process ends with the build's
process, however that ends (see _die_with). The pool knows nothing of pages: what it runs,
and how its values are pickled, is the caller's (import-linter checks that it stays so).
"""

from __future__ import annotations

import ctypes
import gc
import importlib
import itertools
import multiprocessing
import os
import pickle
import shutil
import signal
import sys
import tempfile
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

Dumps = Callable[[Any], bytes]  # how values cross the pipes (a module-level function)


class BatchWorker(Protocol):
    """What a pool's processes run: made once from the setup, then given batch after batch."""

    def run(self, batch: Any) -> Any: ...


def _dumps(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


@dataclass(frozen=True)
class Workers:
    """The worker each process of a pool makes once, as make(setup), to run batches with."""

    key: str  # unique to this pool and call of WorkerPool.workers
    make: Callable[[Any], BatchWorker]  # a module-level name: it is sent by reference
    setup: str  # the file of the pickled setup, read once by each process


class WorkerPool:
    """Processes for batches, started before the build reads the site.

    Forked early, they share only the imported code with the build's process, and each one's
    memory stays its own batch's: a pool forked after reading 10,000 pages would count those
    pages once per process. `preload`: modules to import before forking (each worker would
    import them again).
    """

    def __init__(self, size: int, preload: Sequence[str] = ()) -> None:
        for module in preload:
            importlib.import_module(module)
        # fork starts a worker in milliseconds, everything imported; elsewhere fork is unsafe
        # (macOS) or missing (Windows), and spawn imports mvsite again.
        method = "fork" if sys.platform == "linux" else "spawn"
        self._executor = ProcessPoolExecutor(
            size,
            mp_context=multiprocessing.get_context(method),
            initializer=_start_worker,
            initargs=(os.getpid(),),
        )
        self._size = size
        self._setups = itertools.count()
        # Sent with every batch, a setup (that of 50,000 pages: 4 MB) cost each batch its
        # pickling and a trip through the pipes: CPU growing with pages times batches.
        self._setup_folder = _setup_folder()
        self._running: set[Future[Any]] = set()  # the calls handed over, until done
        # Frozen, what is imported by now is never walked by a worker's cycle collector (nor
        # copied into it when a collection touches it); this process unfreezes at once.
        gc.freeze()
        try:
            self._executor.submit(os.getpid).result()  # with fork: every worker starts now
        finally:
            gc.unfreeze()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def size(self) -> int:
        return self._size

    def workers(
        self,
        make_worker: Callable[[Any], BatchWorker],
        setup: Any,
        dumps: Dumps = _dumps,
        now: bool = False,
    ) -> Workers:
        """The worker of each process for `run`, made as make_worker(setup) for its first
        batch; with `now`, every idle process starts making it at once, while this one does
        other work before it has batches to give (a process that missed it makes it then)."""
        key = f"{os.getpid()}.{next(self._setups)}"
        setup_file = self._setup_folder / key
        setup_file.write_bytes(dumps(setup))
        made = Workers(key, make_worker, str(setup_file))
        if now:
            # (a failure shows again in `run`)
            self._track([self._executor.submit(_prepare, made) for _ in range(self._size)])
        return made

    def run(self, workers: Workers, batches: Sequence[Any], dumps: Dumps = _dumps) -> Iterator[Any]:
        """worker.run(batch) for each batch, in the batches' order, by `workers`."""
        return self._ordered(
            self._track([self._executor.submit(_run, workers, dumps(b), dumps) for b in batches])
        )

    def map(
        self,
        call: Callable[..., Any],
        argument_lists: Sequence[tuple[Any, ...]],
        dumps: Dumps = _dumps,
    ) -> Iterator[Any]:
        """call(*arguments) for each of the argument lists, in the workers; in the lists' order.
        `call` must be a module-level function (it is sent by name)."""
        return self._ordered(
            self._track(
                [self._executor.submit(_call, call, dumps(a), dumps) for a in argument_lists]
            )
        )

    def _track(self, futures: list[Future[Any]]) -> deque[Future[Any]]:
        """The calls handed over, known as running until each is done."""
        for future in futures:
            self._running.add(future)
            future.add_done_callback(self._running.discard)
        return deque(futures)

    def _ordered(self, waiting: deque[Future[Any]]) -> Iterator[Any]:
        """Each call's value, in order. A call's pickled value is let go once taken: kept to
        the end, those of 50,000 pages held ~70 MB of the build's peak."""
        try:
            while waiting:
                yield pickle.loads(_result(waiting.popleft()))
        finally:
            for future in waiting:
                future.cancel()  # not started: nobody waits for it (the build stopped)

    def close(self) -> None:
        """Stop the processes. If a call given to them is still running, wait until they
        have ended (none may go on writing while the build fails or goes on); if they are
        idle, they end while this process goes on (waiting took ~10 ms at the end of a
        build: each process's memory given back to the system)."""
        idle = all(future.done() for future in list(self._running))  # (a done one may linger)
        self._executor.shutdown(wait=not idle, cancel_futures=True)
        shutil.rmtree(self._setup_folder, ignore_errors=True)  # no worker reads it any more


def _setup_folder() -> Path:
    """A new folder for this process's setups; those of processes that died killed (they
    could not remove theirs) are removed first."""
    temp = Path(tempfile.gettempdir())
    for left in temp.glob(f"{_SETUP_PREFIX}*-*") if os.name == "posix" else ():
        owner = left.name.removeprefix(_SETUP_PREFIX).partition("-")[0]
        if owner.isdigit() and not _is_alive(int(owner)):
            shutil.rmtree(left, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{_SETUP_PREFIX}{os.getpid()}-", dir=temp))


_SETUP_PREFIX = "mvsite-workers-"


def _is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # (POSIX: no signal sent, only asked whether it could be)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's
        pass
    return True


def _result(future: Future[bytes]) -> bytes:
    try:
        return future.result()
    except Exception as exc:  # the worker's exception, or its process died
        trace = "".join(traceback.format_exception(exc))
        raise RuntimeError(f"a worker process failed:\n{trace}") from None


# The worker made in this process, and the setup it was made from: (setup id, worker).
_made: tuple[str, BatchWorker] | None = None


def _start_worker(parent: int) -> None:
    _die_with(parent)


def _make(workers: Workers) -> BatchWorker:
    """In a worker: this process's worker of `workers`, made first if it is new."""
    global _made
    if _made is None or _made[0] != workers.key:
        _made = (workers.key, workers.make(pickle.loads(Path(workers.setup).read_bytes())))
    return _made[1]


def _prepare(workers: Workers) -> None:
    _make(workers)


def _run(workers: Workers, batch: bytes, dumps: Dumps) -> bytes:
    """In a worker: the batch run by this process's worker of `workers`."""
    return dumps(_make(workers).run(pickle.loads(batch)))


def _call(call: Callable[..., Any], arguments: bytes, dumps: Dumps) -> bytes:
    return dumps(call(*pickle.loads(arguments)))


_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """End this worker when the build's process ends, however it ends.

    A build killed with SIGKILL cannot stop its workers, and forked workers share their pipes'
    ends, so none would ever see its pipe close: each would finish its batch, writing pages into
    a staging folder that the next build may already be using, and then wait forever. (Linux:
    the signal comes when the thread that started the pool ends, so start pools where they are
    used.)
    """
    if sys.platform != "linux":
        return
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before the line above
        os._exit(1)


def cpu_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
