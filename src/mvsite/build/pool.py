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
import mmap
import multiprocessing
import os
import pickle
import signal
import sys
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
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
    setup: bytes | tuple[int, int]  # pickled, or where it is in the pool's shared memory


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
        # Sent with every batch, a setup (that of 50,000 pages: 4 MB) cost each batch its
        # pickling and a trip through the pipes: CPU growing with pages times batches. Put
        # in memory the forked processes inherit, it is sent once, and no file outlives them.
        self._shared = _shared_memory() if method == "fork" else None
        self._shared_used = 0
        self._executor = ProcessPoolExecutor(
            size,
            mp_context=multiprocessing.get_context(method),
            initializer=_start_worker,
            initargs=(os.getpid(), self._shared),
        )
        self._size = size
        self._setups = itertools.count()
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
        made = Workers(
            f"{os.getpid()}.{next(self._setups)}", make_worker, self._share(dumps(setup))
        )
        if now:
            # (a failure shows again in `run`)
            self._track([self._executor.submit(_prepare, made) for _ in range(self._size)])
        return made

    def _share(self, setup: bytes) -> bytes | tuple[int, int]:
        """Where the processes find `setup`: in the shared memory if it fits, else itself."""
        start, end = self._shared_used, self._shared_used + len(setup)
        if self._shared is None or end > len(self._shared):
            return setup
        self._shared[start:end] = setup
        self._shared_used = end
        return start, end

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
        if self._shared is not None:
            self._shared.close()  # (this process's mapping: the processes keep theirs)


def _result(future: Future[bytes]) -> bytes:
    try:
        return future.result()
    except Exception as exc:  # the worker's exception, or its process died
        trace = "".join(traceback.format_exception(exc))
        raise RuntimeError(f"a worker process failed:\n{trace}") from None


_SHARED_SIZE = 256 * 2**20  # address space: memory is used only as setups are written


def _shared_memory() -> mmap.mmap | None:
    """Memory that processes forked later share with this one; None if the system refuses."""
    try:
        return mmap.mmap(-1, _SHARED_SIZE, flags=mmap.MAP_SHARED)
    except OSError:  # (a system that does not overcommit memory, short of it)
        return None


# In a worker: the worker made in this process, and the setup it was made from: (setup id,
# worker); and the memory it shares with the process that started it.
_made: tuple[str, BatchWorker] | None = None
_shared: mmap.mmap | None = None


def _start_worker(parent: int, shared: mmap.mmap | None) -> None:
    global _shared
    _shared = shared
    _die_with(parent)


def _make(workers: Workers) -> BatchWorker:
    """In a worker: this process's worker of `workers`, made first if it is new."""
    global _made
    if _made is None or _made[0] != workers.key:
        setup = workers.setup
        if not isinstance(setup, bytes):
            assert _shared is not None  # (shared only with forked processes)
            setup = _shared[setup[0] : setup[1]]
        _made = (workers.key, workers.make(pickle.loads(setup)))
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
