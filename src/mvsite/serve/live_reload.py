"""The live-reload channel: the open pages, their sockets, and what each is told after a build.

preview_client.js (on every served page) keeps a socket open that reports the build's
version and error; livereload.js keeps another, over which changed stylesheets and images
are swapped in place.
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

STATUS_PATH = "/__mvsite/status"
CLIENT_PATH = "/__mvsite/preview.js"
CLIENT_JS = Path(__file__).parent / "preview_client.js"
_IN_PLACE = (".css", ".png", ".jpg", ".jpeg", ".gif")  # what livereload.js swaps without reload
_LIVERELOAD_PROTOCOL = "http://livereload.com/protocols/official-7"


def swappable(written: Sequence[str], removed: Sequence[str]) -> tuple[str, ...] | None:
    """The URLs livereload.js can swap in place (stylesheets, images), or None: reload pages."""
    if removed or any(not rel.endswith(_IN_PLACE) for rel in written):
        return None
    return tuple("/" + rel for rel in written)


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
            finding = finding_from_error(error)
            shown = {
                "location": finding.location,
                "message": finding.message,
                "hint": finding.hint,
                "text": format_finding(finding),  # as `mvsite build` prints it
            }
        return json.dumps({"version": self.version, "error": shown})


def _send(sockets: set[WebSocketHandler], message: str) -> None:
    for sock in list(sockets):
        try:
            sock.write_message(message)
        except WebSocketClosedError:
            sockets.discard(sock)


class PreviewSocket(WebSocketHandler):
    """A websocket that only pages of the preview itself may open (see Listening)."""

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


class ReloadSocket(PreviewSocket):
    """The server side of the LiveReload protocol (official-7) that livereload.js speaks."""

    def on_message(self, message: str | bytes) -> None:
        try:
            command = json.loads(message).get("command")
        except (ValueError, AttributeError):
            return
        if command == "hello":
            hello = {
                "command": "hello",
                "protocols": [_LIVERELOAD_PROTOCOL],
                "serverName": "mvsite",
            }
            self.write_message(json.dumps(hello))
            self.browsers.swappers.add(self)

    def on_close(self) -> None:
        self.browsers.swappers.discard(self)


class StatusSocket(PreviewSocket):
    """Tells preview_client.js the build's version and error, now and on every change."""

    def open(self, *args: str, **kwargs: str) -> None:
        self.browsers.pages.add(self)
        self.write_message(self.browsers.status())

    def on_close(self) -> None:
        self.browsers.pages.discard(self)


class ClientScript(web.RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "text/javascript; charset=utf-8")
        self.set_header("Cache-Control", "no-cache")
        self.finish(CLIENT_JS.read_bytes())
