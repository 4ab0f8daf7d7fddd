"""The live-reload channel: one websocket per open page, and what it is told after a build.

Each served page runs preview_client.js, which opens LIVE_PATH. On connecting and after
every build the page is sent {"version", "error", "swap"}: it reloads when the version is
not its own, fetches the stylesheets and images in "swap" anew in place, and shows
"error" over the page until a build succeeds, as `mvsite build` and `check` print it
(findings.format_finding).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from tornado import web
from tornado.websocket import WebSocketClosedError, WebSocketHandler

from mvsite.errors import SiteError
from mvsite.findings import finding_from_error, format_finding
from mvsite.serve.address import Listening

LIVE_PATH = "/__mvsite/live"
CLIENT_PATH = "/__mvsite/preview.js"
CLIENT_JS = Path(__file__).parent / "preview_client.js"
_IN_PLACE = (".css", ".png", ".jpg", ".jpeg", ".gif")  # what preview_client.js swaps


def swappable(written: Sequence[str], removed: Sequence[str]) -> tuple[str, ...] | None:
    """The URLs pages can swap in place (stylesheets, images), or None: reload pages."""
    if removed or any(not rel.endswith(_IN_PLACE) for rel in written):
        return None
    return tuple("/" + rel for rel in written)


class Browsers:
    """The open pages, and the state of the build they should show.

    `version` counts the builds that changed pages. Each page is sent with the version it
    belongs to, and reloads itself when its socket reports another one, even one reached
    while the page was loading: so no save is lost between two reloads.
    """

    def __init__(self) -> None:
        self.pages: set[WebSocketHandler] = set()
        self.version = 0
        self.error: SiteError | None = None

    def update(
        self, error: SiteError | None, pages_changed: bool, swap: Sequence[str] = ()
    ) -> None:
        """Tell every open page about a build: its error, whether to reload, what to swap."""
        if pages_changed:
            self.version += 1
        self.error = error
        message = self.status(swap)
        for page in list(self.pages):
            try:
                page.write_message(message)
            except WebSocketClosedError:
                self.pages.discard(page)

    def status(self, swap: Sequence[str] = ()) -> str:
        error = self.error
        shown = None
        if error is not None:
            shown = {"text": format_finding(finding_from_error(error))}  # as build prints it
        return json.dumps({"version": self.version, "error": shown, "swap": list(swap)})


class LiveSocket(WebSocketHandler):
    """A page's end of the channel; only pages of the preview itself may open it (Listening)."""

    def initialize(self, browsers: Browsers, listening: Listening) -> None:
        self.browsers = browsers
        self.listening = listening

    def prepare(self) -> None:
        # Tornado lets an Origin that matches Host through before check_origin: under DNS
        # rebinding both name the other site. So the Origin is checked here, on its own.
        origin = self.request.headers.get("Origin")
        if origin is not None and not self.listening.accepts_origin(origin):
            raise web.HTTPError(403)

    def check_origin(self, origin: str) -> bool:
        return self.listening.accepts_origin(origin)

    def open(self, *args: str, **kwargs: str) -> None:
        self.browsers.pages.add(self)
        self.write_message(self.browsers.status())

    def on_message(self, message: str | bytes) -> None:
        pass  # pages only listen

    def on_close(self) -> None:
        self.browsers.pages.discard(self)


class ClientScript(web.RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "text/javascript; charset=utf-8")
        self.set_header("Cache-Control", "no-cache")
        self.finish(CLIENT_JS.read_bytes())
