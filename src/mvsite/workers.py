"""The page stage in batches: Markdown -> HTML -> template -> file, in worker processes or not.

The build plans one PageJob per page that needs work and hands them over in batches (never
one page at a time: each hand-over costs a round trip). A batch runs in this process when
there is little to do, else in a pool of worker processes that each set up their Markdown
converters and Jinja environment once. Results come back in the order the jobs were given,
whatever worker finished first, so the build reports the same first problem every time.

With a staging folder, pages are written straight into it (through `output.stage_file`) and
only what the build needs comes back: links, ids, the TOC, problems and timings.
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
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .cache import HtmlAt, PageRecord, digest, fast_dispatch, load_html, store_html
from .config import Config
from .content import FrontMatter, Page, page_body
from .errors import SiteError
from .navigation import NavItem, PageNav
from .output import OutputFile, stage_file
from .render import PageView, make_environment, render_template
from .rendered import FigureLink, Heading, LinkRef, LinkTargets, Rendered
from .textfile import read_source_text

STAGES = ("read", "markdown", "render", "write")


@dataclass(frozen=True)
class Setup:
    """What every worker needs, whatever page it gets (sent once per worker)."""

    config: Config
    targets: LinkTargets
    manifest: Mapping[str, str]
    globals_: Mapping[str, Any]
    templates: MutableMapping[str, bytes]  # compiled templates (kept by the cache)
    stage: Path | None  # write pages here (see output.stage_file), else return their bytes
    previous: Path | None  # the output folder of the last build, for unchanged files
    html_dir: Path | None  # keep each page's Markdown HTML here (cache.store_html)
    keep_html: bool  # return each page's Markdown HTML (for a cache kept in memory)
    settings: str  # loading.parse_settings: part of each source's digest


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A page's body to read from its file, which the build read before (as `digest`)."""

    path: Path
    digest: str  # cache.PageRecord.digest
    title_in_body: bool  # the page's title is its first heading (parse_page takes it out)


@dataclass(frozen=True, slots=True)
class PageJob:
    """One page's work: Markdown, then its template. `body`: the Markdown, or the file to
    read it from, or None to reuse the HTML the cache kept (`html`, or in its folder)."""

    rel: str
    src: Path  # as shown to the user
    body: str | SourceFile | None
    body_line: int
    markdown_key: str
    html: str | None  # the Markdown HTML from the cache, when `body` is None and kept in memory
    html_at: HtmlAt | None  # or where in the cache's folder it is
    out: str
    view: PageView | None  # None: Markdown only (the output file is kept as it is)
    template: str = ""
    template_line: int | None = None  # of the page's own `template:` key


@dataclass(frozen=True, slots=True)
class PageResult:
    rel: str
    rendered: Rendered  # html is '' unless Setup.keep_html (and the Markdown was converted)
    converted: bool  # the Markdown was converted (not taken from the cache)
    file: OutputFile | None  # None: no template was rendered (or it failed)
    error: SiteError | None  # the template's
    seconds: Mapping[str, float] = field(default_factory=dict)  # stage -> CPU seconds
    html_at: HtmlAt | None = None  # where the cache keeps the HTML converted (Setup.html_dir)


class _Worker:
    """The converters and environment of one process, set up once."""

    def __init__(self, setup: Setup) -> None:
        self.setup = setup
        self.config = setup.config
        from .markdown import MarkdownRenderer  # (a no-op build never gets here)

        self.renderer = MarkdownRenderer(setup.targets, setup.config.allow_html)
        self.env: jinja2.Environment = make_environment(
            setup.config, setup.manifest, setup.globals_, setup.templates
        )

    def run(self, jobs: Sequence[PageJob]) -> list[PageResult]:
        done = [self._run_one(job) for job in jobs]
        results = [result for result, _ in done]
        converted = [
            (i, jobs[i].markdown_key, html) for i, (_, html) in enumerate(done) if html is not None
        ]
        if self.setup.html_dir is None or not converted:
            return results
        # The batch's HTML goes into the cache as one file: a file per page cost more.
        clock = _Clock()
        places = store_html(self.setup.html_dir, [(key, html) for _, key, html in converted])
        clock.lap("write")
        share = clock.seconds["write"] / len(places)
        for (index, _, _), at in zip(converted, places, strict=True):
            result = results[index]
            seconds = {**result.seconds, "write": result.seconds.get("write", 0.0) + share}
            results[index] = replace(result, html_at=at, seconds=seconds)
        return results

    def _run_one(self, job: PageJob) -> tuple[PageResult, str | None]:
        """The job's result, and the HTML it converted (None: taken from the cache)."""
        clock = _Clock()
        setup = self.setup
        converted = None
        if job.body is not None:
            rendered = self._convert(job, clock)
            converted = rendered.html
        else:
            html = job.html if job.html is not None else _cached_html(setup, job)
            rendered = Rendered(html, (), frozenset(), (), (), ())
            clock.lap("read")
        file, error = None, None
        if job.view is not None:
            view = job.view if job.body is None else replace(job.view, toc=rendered.toc)
            try:
                file = self._page_file(job, view, rendered.html, clock)
            except SiteError as exc:
                error = exc
        kept = rendered if setup.keep_html else replace(rendered, html="")
        result = PageResult(job.rel, kept, job.body is not None, file, error, clock.seconds)
        return result, converted

    def _convert(self, job: PageJob, clock: _Clock) -> Rendered:
        body, line = job.body, job.body_line
        if isinstance(body, SourceFile):
            try:
                body, line = self._read_body(job, body)
            except SiteError as error:
                return Rendered("", (), frozenset(), (), (), (error,))
            clock.lap("read")
        assert body is not None
        rendered = self.renderer.render(body, job.rel, job.src, line)
        clock.lap("markdown")
        return rendered

    def _read_body(self, job: PageJob, source: SourceFile) -> tuple[str, int]:
        text = read_source_text(source.path, job.src)
        if digest(text, self.setup.settings) != source.digest:
            raise SiteError(
                "the file changed while the site was being built",
                job.src,
                None,
                "build again (the site was not changed)",
            )
        return page_body(text, job.src, job.rel, source.title_in_body)

    def _page_file(self, job: PageJob, view: PageView, html: str, clock: _Clock) -> OutputFile:
        page = render_page(self.env, job, replace(view, html=Markup(html)), self.setup.config)
        clock.lap("render")
        data = page.encode()
        if self.setup.stage is None:
            return OutputFile(data)
        written = stage_file(self.setup.stage, self.setup.previous, job.out, OutputFile(data))
        clock.lap("write")
        return OutputFile(staged="written" if written else "unchanged")


def _cached_html(setup: Setup, job: PageJob) -> str:
    html = load_html(setup.html_dir, job.html_at) if setup.html_dir and job.html_at else None
    if html is None:  # the build only plans this for HTML it has: a bug if missing
        raise RuntimeError(f"cached HTML for {job.rel} is missing")
    return html


def render_page(env: jinja2.Environment, job: PageJob, view: PageView, config: Config) -> str:
    """The page's template with `view`; a missing template is the page's error."""
    try:
        return render_template(env, job.template, {"page": view}, config.root)
    except SiteError as exc:
        if exc.path is None and "template not found" in exc.message:
            raise SiteError(exc.message, job.src, job.template_line, exc.hint) from None
        raise


class _Clock:
    """CPU seconds spent per stage of one page."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.process_time()

    def lap(self, stage: str) -> None:
        now = time.process_time()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self._last
        self._last = now


class WorkerPool:
    """Processes for page batches, started before the build reads the site.

    Forked early, they share only the imported code with the build's process, and each one's
    memory stays its own batch's: a pool forked after reading 10,000 pages would count those
    pages once per process. Each worker gets the build's Setup once, then batch after batch.
    """

    def __init__(self, size: int) -> None:
        # fork starts a worker in milliseconds, everything imported; elsewhere fork is unsafe
        # (macOS) or missing (Windows), and spawn imports mvsite again. The converter is
        # imported here, once, rather than by each worker when its first page comes.
        from . import markdown  # noqa: F401

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

    def run(self, setup: Setup, batches: Sequence[Sequence[PageJob]]) -> Iterator[list[PageResult]]:
        """Each batch's results, in the batches' order."""
        for connection in self._connections:
            _send(connection, ("setup", setup))
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
                    raise RuntimeError(f"a page worker failed:\n{payload}")
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
    """A worker process: a Setup, then batches, until told to stop."""
    _die_with(parent)
    worker: _Worker | None = None
    inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
    threading.Thread(target=_read_messages, args=(connection, inbox), daemon=True).start()
    while True:
        message = inbox.get()
        if message is None:
            return
        kind, payload = message
        try:
            if kind == "setup":
                worker = _Worker(payload)
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
        *(Rendered, Heading, LinkRef, LinkTargets, FigureLink),
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


def run_jobs(
    setup: Setup,
    jobs: Sequence[PageJob],
    pool: WorkerPool | None,
    stop: Callable[[PageResult], bool],
    progress: Callable[[int], None] | None = None,
) -> Iterator[PageResult]:
    """Each job's result, in the jobs' order; no more once `stop(result)` says so.

    With a pool and enough jobs, batches run in its processes; else in this one.
    """
    workers = pool.size if pool is not None else 1
    batches = _batches(jobs, workers)
    if pool is None or workers <= 1 or len(batches) <= 1:
        worker = _Worker(setup)
        results_of: Iterator[list[PageResult]] = (worker.run(batch) for batch in batches)
    else:
        results_of = pool.run(setup, batches)
    for results in results_of:
        yield from _until(results, stop)
        if progress:
            progress(len(results))
        if any(stop(r) for r in results):
            return


def _until(results: list[PageResult], stop: Callable[[PageResult], bool]) -> Iterator[PageResult]:
    for result in results:
        yield result
        if stop(result):
            return


def _batches(jobs: Sequence[PageJob], workers: int) -> list[Sequence[PageJob]]:
    """Batches small enough to spread the work evenly, large enough to be worth sending (and
    for the cache: each batch's HTML is one file). In one process: batches of the most."""
    if not jobs:
        return []
    if workers > 1 and len(jobs) < 2 * _MIN_BATCH:
        return [jobs]  # too little to be worth sending to other processes
    size = _MAX_BATCH if workers <= 1 else min(_MAX_BATCH, -(-len(jobs) // (workers * 8)))
    return [jobs[i : i + size] for i in range(0, len(jobs), size)]


_MIN_BATCH = 8
_MAX_BATCH = 64
_IN_FLIGHT = 2  # messages per worker at a time


def cpu_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
