"""The rebuild loop: saves -> rebuilds -> what the terminal and the open pages are told.

Everything here runs on the server's event loop, one build at a time, so the BuildCache,
the folder and the pages' state need no locks. Saves made during a build wait on the loop
and start the next one: none is lost, and a burst of saves is built once.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Sequence

from tornado.ioloop import IOLoop

from mvsite.errors import SiteError
from mvsite.findings import finding_from_error, findings_from_errors, format_finding, warning_lines
from mvsite.serve.live_reload import Browsers, swappable
from mvsite.serve.preview_build import Preview, Rebuilt
from mvsite.serve.watch import Saves

Log = Callable[[str], None]
SETTLE_AFTER = 1.0  # seconds after a build for its bookkeeping: pages reload first


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
            self.settle()
        else:
            self.loop.call_later(SETTLE_AFTER, self.settle)
        return result

    def settle(self) -> None:
        """Finish the last build's bookkeeping and print the warnings that are new."""
        for line in warning_lines(findings_from_errors(self.preview.settle(), "warning")):
            self.log(line)

    def _loop(self) -> IOLoop:
        return self.loop or IOLoop.current()

    def _report(self, result: Rebuilt, changed: Sequence[str]) -> None:
        was_failing = self.browsers.error is not None
        if result.error is not None:
            self.log(format_finding(finding_from_error(result.error)))
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
        if urls is None or urls or was_failing:
            self.browsers.update(None, pages_changed=urls is None, swap=urls or ())
