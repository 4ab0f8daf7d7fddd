"""Worker processes: each makes its worker once, then runs the batches it is handed.

Results come back in the order the batches were given, whatever process finished first, so
a build reports the same first problem every time. A worker process ends with the build's
process, however that ends (see _die_with).
"""

from __future__ import annotations

import collections
import contextlib
import ctypes
import io
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Protocol

from mvsite.build.cache import PageRecord, fast_dispatch
from mvsite.build.page_jobs import PageJob, PageResult, SourceFile
from mvsite.markdown.converted import (
    FigureLink,
    Heading,
    LinkRef,
    LinkTargets,
    Rendered,
    SourceNote,
)
from mvsite.render.navigation import NavItem, PageNav
from mvsite.render.templates import PageView
from mvsite.sources.front_matter import FrontMatter
from mvsite.sources.pages import Page

_IN_FLIGHT = 2  # messages per worker at a time


class BatchWorker(Protocol):
    """What a pool's processes run: made once from the setup, then given batch after batch."""

    def run(self, batch: Any) -> Any: ...


class WorkerPool:
    """Processes for page batches, started before the build reads the site.

    Forked early, they share only the imported code with the build's process, and each one's
    memory stays its own batch's: a pool forked after reading 10,000 pages would count those
    pages once per process. Each worker makes its batch worker from the build's setup once,
    then runs batch after batch.
    """

    def __init__(self, size: int) -> None:
        # fork starts a worker in milliseconds, everything imported; elsewhere fork is unsafe
        # (macOS) or missing (Windows), and spawn imports mvsite again. The converter is
        # imported here, once, rather than by each worker when its first page comes.
        from mvsite.markdown import convert  # noqa: F401

        method = "fork" if sys.platform == "linux" else "spawn"
        context: Any = multiprocessing.get_context(method)
        self._connections: list[Connection] = []
        self._processes: list[BaseProcess] = []
        for _ in range(size):
            ours, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs, os.getpid()), daemon=True)
            process.start()
            theirs.close()
            self._connections.append(ours)
            self._processes.append(process)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def size(self) -> int:
        return len(self._processes)

    def run(
        self, make_worker: Callable[[Any], BatchWorker], setup: Any, batches: Sequence[Any]
    ) -> Iterator[Any]:
        """worker.run(batch) for each batch, in the batches' order; each process makes its
        worker once, as make_worker(setup) (a module-level name: it is sent by reference)."""
        for connection in self._connections:
            _send(connection, ("setup", (make_worker, setup)))
        return self._spread([("batch", batch) for batch in batches])

    def map(
        self, call: Callable[..., Any], argument_lists: Sequence[tuple[Any, ...]]
    ) -> Iterator[Any]:
        """call(*arguments) for each of the argument lists, in the workers; in the lists' order.
        `call` must be a module-level function (it is sent by name)."""
        return self._spread([("call", (call, arguments)) for arguments in argument_lists])

    def _spread(self, messages: Sequence[tuple[str, Any]]) -> Iterator[Any]:
        # Each worker holds its next message while it works on one (its reader thread takes
        # it off the pipe), so it never waits for the round trip through this process.
        waiting = list(enumerate(messages))[::-1]
        queued: dict[Connection, collections.deque[int]] = {
            c: collections.deque() for c in self._connections
        }
        done: dict[int, Any] = {}
        following = 0

        def feed(connection: Connection) -> None:
            while waiting and len(queued[connection]) < _IN_FLIGHT:
                index, message = waiting.pop()
                _send(connection, message)
                queued[connection].append(index)

        for connection in self._connections:
            feed(connection)
        while any(queued.values()):
            for ready in wait([c for c, indices in queued.items() if indices]):
                assert isinstance(ready, Connection)
                kind, payload = _recv(ready)
                if kind == "error":
                    raise RuntimeError(f"a worker process failed:\n{payload}")
                done[queued[ready].popleft()] = payload
                feed(ready)
            while following in done:
                yield done.pop(following)
                following += 1

    def close(self) -> None:
        for connection in self._connections:
            with contextlib.suppress(OSError):  # a worker that died has closed its end
                _send(connection, None)
        for process in self._processes:
            process.join(timeout=2)
            if process.is_alive():
                process.terminate()  # still busy with a batch no one waits for
                process.join()
        for connection in self._connections:
            connection.close()


def _serve(connection: Connection, parent: int) -> None:
    """A worker process: its worker made from a setup, then batches, until told to stop."""
    _die_with(parent)
    worker: BatchWorker | None = None
    inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
    threading.Thread(target=_read_messages, args=(connection, inbox), daemon=True).start()
    while True:
        message = inbox.get()
        if message is None:
            return
        kind, payload = message
        try:
            if kind == "setup":
                make_worker, setup = payload
                worker = make_worker(setup)
                continue
            if kind == "call":
                call, arguments = payload
                _send(connection, ("results", call(*arguments)))
                continue
            assert worker is not None
            _send(connection, ("results", worker.run(payload)))
        except BaseException:
            _send(connection, ("error", traceback.format_exc()))


def _read_messages(connection: Connection, inbox: queue.SimpleQueue[Any]) -> None:
    """Move messages from the pipe to `inbox` as they come, so the build never blocks on a
    full pipe while this worker is busy (and never deadlocks with it); None at the end."""
    while True:
        try:
            message = _recv(connection)
        except (EOFError, OSError):
            message = None
        inbox.put(message)
        if message is None:
            return


# Pipes carry thousands of slotted dataclasses per batch; pickled by their fields they cost
# a fraction of the default for slots, which calls dataclasses.fields() once per object.
_DISPATCH = fast_dispatch(
    (
        *(PageJob, SourceFile, PageResult, PageView, NavItem, PageNav, Page, FrontMatter),
        PageRecord,
        *(Rendered, Heading, LinkRef, LinkTargets, FigureLink, SourceNote),
    )
)


def _send(connection: Connection, message: object) -> None:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(message)
    connection.send_bytes(buffer.getbuffer())


def _recv(connection: Connection) -> Any:
    return pickle.loads(connection.recv_bytes())


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
