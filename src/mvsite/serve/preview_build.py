"""The preview's build side: rebuild into a private folder on each save, and tell the pages.

Everything here runs on the server's event loop, one build at a time, so the BuildCache,
the folder and the pages' state need no locks. Saves made during a build wait on the loop
and start the next one: none is lost, and a burst of saves is built once.
"""

from __future__ import annotations

import json
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from tornado.ioloop import IOLoop
from tornado.websocket import WebSocketClosedError, WebSocketHandler

from mvsite.build.cache import BuildCache, OutputRecord
from mvsite.build.pipeline import BuildOptions, build_site
from mvsite.errors import SiteError, warning_lines
from mvsite.serve.text_edit import LastBuild, rebuild_bodies
from mvsite.serve.watch import Saves
from mvsite.write.output import update_site

_IN_PLACE = (".css", ".png", ".jpg", ".jpeg", ".gif")  # what livereload.js swaps without reload

Log = Callable[[str], None]
SETTLE_AFTER = 1.0  # seconds after a build for its bookkeeping: pages reload first


def swappable(written: Sequence[str], removed: Sequence[str]) -> tuple[str, ...] | None:
    """The URLs livereload.js can swap in place (stylesheets, images), or None: reload pages."""
    if removed or any(not rel.endswith(_IN_PLACE) for rel in written):
        return None
    return tuple("/" + rel for rel in written)


@dataclass(frozen=True)
class Rebuilt:
    seconds: float  # building and writing
    error: SiteError | None = None
    write_seconds: float = 0.0
    pages: int = 0
    written: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    quick: bool = False  # only page bodies changed, and only those pages were rebuilt


@dataclass(frozen=True)
class _Unsettled:
    """What a build leaves for after its pages are reloading (see Preview.settle)."""

    output_keys: Mapping[str, str]
    warnings: tuple[SiteError, ...]


@dataclass
class Preview:
    """The site built into a private folder; a rebuild redoes and rewrites only what changed."""

    options: BuildOptions  # output: the private folder
    cache: BuildCache = field(default_factory=BuildCache)
    stats: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    warned: frozenset[str] = frozenset()
    unsettled: _Unsettled | None = None
    last: LastBuild | None = None  # of the last full build that succeeded, for serve/text_edit.py
    warnings: tuple[SiteError, ...] = ()  # of the last build that succeeded

    def rebuild(self, changed: Sequence[str] = ()) -> Rebuilt:
        """Build and write what changed (`changed`: the paths saved since the last build, if
        known); call settle() after it (else the next one does)."""
        self.settle()
        started = time.perf_counter()
        assert self.options.output is not None
        dest = self.options.output.absolute()
        try:
            quick = rebuild_bodies(self.last, changed, self.cache, dest) if self.last else None
            if quick is not None and self.last is not None:
                self.last = self.last.after(quick)
                files, output_keys, pages = quick.files, quick.output_keys, len(self.last.pages)
            else:
                self.last = None
                site = build_site(self.options, self.cache)
                self.last, self.warnings = LastBuild.of(site), site.warnings
                files, output_keys, pages = site.files, site.output_keys, len(site.pages)
            built = time.perf_counter()
            report = update_site(files, dest, self.stats, complete=quick is None)
        except SiteError as error:
            return Rebuilt(time.perf_counter() - started, error)
        self.stats = report.stats
        self.unsettled = _Unsettled(output_keys, self.warnings)
        now = time.perf_counter()
        written, removed = report.written, report.removed
        return Rebuilt(now - started, None, now - built, pages, written, removed, quick is not None)

    def settle(self) -> tuple[SiteError, ...]:
        """Finish the last build's bookkeeping; the warnings it has that the one before had not.

        Records what is in the folder for the next build's cache, and compares warnings: at
        10,000 pages that takes tens of milliseconds, and the server's one thread also sends
        the pages that are reloading, so it waits until they are (Rebuilds: SETTLE_AFTER), or
        at the latest until the next build starts.
        """
        done, self.unsettled = self.unsettled, None
        if done is None:
            return ()
        self.cache.output_dir = str(self.options.output.absolute()) if self.options.output else ""
        self.cache.outputs = {
            rel: OutputRecord(key, *self.stats[rel]) for rel, key in done.output_keys.items()
        }
        texts = [str(w) for w in done.warnings]
        shown = zip(done.warnings, texts, strict=True)
        new = tuple(w for w, text in shown if text not in self.warned)
        self.warned = frozenset(texts)
        return new


class Browsers:
    """The open pages, and the state of the build they should show.

    `version` counts the builds that changed pages. Each page is sent with the version it
    belongs to, and reloads itself when its status socket reports another one, even one
    reached while the page was loading: so no save is lost between two reloads.
    """

    def __init__(self) -> None:
        self.swappers: set[WebSocketHandler] = set()  # livereload.js
        self.pages: set[WebSocketHandler] = set()  # preview_client.js
        self.version = 0
        self.error: SiteError | None = None

    def swap(self, urls: Sequence[str]) -> None:
        for url in urls:
            message = {"command": "reload", "path": url, "liveCSS": True, "liveImg": True}
            _send(self.swappers, json.dumps(message))

    def update(self, error: SiteError | None, pages_changed: bool) -> None:
        if pages_changed:
            self.version += 1
        self.error = error
        _send(self.pages, self.status())

    def status(self) -> str:
        error = self.error
        shown = None
        if error is not None:
            shown = {"location": error.location, "message": error.message, "hint": error.hint}
        return json.dumps({"version": self.version, "error": shown})


def _send(sockets: set[WebSocketHandler], message: str) -> None:
    for sock in list(sockets):
        try:
            sock.write_message(message)
        except WebSocketClosedError:
            sockets.discard(sock)


class Rebuilds:
    """Saves -> rebuilds on the event loop: none lost, a burst built once, results shown."""

    def __init__(
        self, preview: Preview, browsers: Browsers, log: Log, loop: IOLoop | None = None
    ) -> None:
        self.preview = preview
        self.browsers = browsers
        self.log = log
        self.loop = loop  # None: settle each build at once (no server, as in tests)
        self.saves = Saves()
        self.timer: object | None = None

    def saw(self, kind: str, path: str) -> None:
        """A source changed (called on the loop, from the watcher's thread)."""
        self.saves.add(kind, path, time.monotonic())
        if self.timer is not None:  # the wait may now be shorter
            self._loop().remove_timeout(self.timer)
            self.timer = None
        self._schedule()

    def _schedule(self) -> None:
        if self.timer is None and self.saves.pending:
            wait = self.saves.wait(time.monotonic())
            self.timer = self._loop().call_later(wait, self._run)

    def _run(self) -> None:
        self.timer = None
        if self.saves.wait(time.monotonic()) > 0:  # a file is still being written
            self._schedule()
            return
        changed = self.saves.take()
        self.build(changed)
        # Saves made during the build were queued on the loop: they schedule the next one.

    def build(self, changed: Sequence[str] = ()) -> Rebuilt:
        try:
            result = self.preview.rebuild(changed)
        except Exception as exc:  # a bug in mvsite: say so in full, keep serving
            self.log("".join(traceback.format_exception(exc)).rstrip())
            result = Rebuilt(0.0, SiteError(f"mvsite crashed: {type(exc).__name__}: {exc}"))
        self._report(result, changed)
        if self.loop is None:
            self._settle()
        else:
            self.loop.call_later(SETTLE_AFTER, self._settle)
        return result

    def _settle(self) -> None:
        for line in warning_lines(self.preview.settle(), "warning"):
            self.log(line)

    def _loop(self) -> IOLoop:
        return self.loop or IOLoop.current()

    def _report(self, result: Rebuilt, changed: Sequence[str]) -> None:
        was_failing = self.browsers.error is not None
        if result.error is not None:
            self.log(f"error: {result.error}")
            self.browsers.update(result.error, pages_changed=False)
            return
        if changed or was_failing:
            files = ", ".join(result.written[:3]) + (" ..." if len(result.written) > 3 else "")
            self.log(
                f"Rebuilt in {result.seconds * 1000:.0f} ms (writing"
                f" {result.write_seconds * 1000:.0f} ms): {len(result.written)} written"
                f"{' (' + files + ')' if files else ''}, {len(result.removed)} removed"
            )
        urls = swappable(result.written, result.removed)
        if urls is None or was_failing:
            self.browsers.update(None, pages_changed=urls is None)
        if urls:
            self.browsers.swap(urls)
