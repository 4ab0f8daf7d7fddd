"""`mvsite serve`: build into a private folder, serve it, rebuild and live-reload on every save.

save -> watchdog event (inotify on Linux; watch.py) -> a coalesced rebuild on the event loop
(rebuilds.py), which build_site's cache keeps to what the change affects (preview_build.py)
-> output.update_site writes only the changed files -> the open pages are told (live_reload.py)
and reload, or swap a changed stylesheet or image in place. A failed build is shown over the
page, and the last good build stays served (app.py serves it, to this address only).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
import socket
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop

from mvsite.build.page_stage import WORKER_MODULES
from mvsite.build.pipeline import BuildOptions
from mvsite.build.pool import WorkerPool, cpu_count
from mvsite.errors import counted
from mvsite.serve.address import Listening, listen, preview_url
from mvsite.serve.app import make_app
from mvsite.serve.live_reload import Browsers
from mvsite.serve.overlay_words import overlay_words
from mvsite.serve.preview_build import Preview
from mvsite.serve.rebuilds import Log, Rebuilds
from mvsite.serve.watch import watch_sources

DEFAULT_PORT = 8000


@dataclass(frozen=True)
class ServeOptions:
    source: Path
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    open_browser: Callable[[str], object] | None = None  # serve --open: webbrowser.open
    today: dt.date | None = None  # page and figure dates after it are warned of, as in build


def serve(options: ServeOptions, log: Log) -> None:
    """Build the site and serve it until Ctrl-C; SiteError if the port cannot be had.

    SIGTERM and SIGHUP (a closed terminal) stop it as cleanly as Ctrl-C does, and a second
    Ctrl-C while it stops is ignored, so the private folder is always removed.
    """
    sockets = listen(options.host, options.port)
    options = replace(options, port=int(sockets[0].getsockname()[1]))  # --port 0: any free one
    stops = _stop_signals()
    previous = {stop: signal.signal(stop, _interrupt) for stop in stops}
    try:
        with tempfile.TemporaryDirectory(prefix="mvsite-serve-") as tmp:
            _serve(options, sockets, Path(tmp) / "site", log)
    except KeyboardInterrupt:
        pass
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, handler)
        for sock in sockets:
            sock.close()


def _stop_signals() -> tuple[signal.Signals, ...]:
    if threading.current_thread() is not threading.main_thread():
        return ()  # only the main thread may set handlers
    names = ("SIGINT", "SIGTERM", "SIGHUP")
    return tuple(getattr(signal, name) for name in names if hasattr(signal, name))


def _interrupt(signum: int, frame: object) -> None:
    for stop in _stop_signals():
        signal.signal(stop, signal.SIG_IGN)
    raise KeyboardInterrupt


def preview_build_options(options: ServeOptions, dest: Path) -> BuildOptions:
    """What the preview builds into `dest`: drafts too, links to its own address, and
    stylesheets under names that stay (a changed one is swapped in without a reload)."""
    url = preview_url(options.host, options.port)
    return BuildOptions(
        options.source, dest, drafts=True, base_url=url, hash_assets=False, today=options.today
    )


def _serve(options: ServeOptions, sockets: list[socket.socket], dest: Path, log: Log) -> None:
    url = preview_url(options.host, options.port)
    build = preview_build_options(options, dest)
    browsers = Browsers()
    asyncio.set_event_loop(asyncio.new_event_loop())
    io_loop = IOLoop.current()
    # The first build's workers are forked before the watcher's thread starts: a child forked
    # beside a running thread may wait forever on a lock that thread held.
    cores = cpu_count()
    pool = WorkerPool(cores, WORKER_MODULES) if cores > 1 else None
    rebuilds = Rebuilds(Preview(build, first_pool=pool), browsers, log, io_loop)
    # Watching starts first: a save during the first build is built once the loop runs.
    observer = watch_sources(
        options.source.absolute(), lambda kind, path: io_loop.add_callback(rebuilds.saw, kind, path)
    )
    listening = Listening(options.host, options.port)
    words = overlay_words(options.source)
    server = HTTPServer(make_app(dest, browsers, listening, log, words))
    try:
        first = rebuilds.build()
        if pool is not None:
            pool.close()  # (the build closes it when no stage needs it any more)
        rebuilds.settle()  # now: no page is open yet
        if first.error is None:
            log(f"Built {counted(first.pages, 'page')} (drafts included) in {first.seconds:.2f} s")
        server.add_sockets(sockets)
        log(f"Serving {url} (drafts shown, live reload on). Press Ctrl-C to stop.")
        if options.open_browser is not None:
            io_loop.add_callback(options.open_browser, url)
        io_loop.start()
    finally:
        log("Stopping...")  # removing a large site's private folder takes a few seconds
        if pool is not None:
            pool.close()
        observer.stop()
        observer.join(timeout=2)
        server.stop()
        io_loop.close(all_fds=False)
        asyncio.set_event_loop(None)
