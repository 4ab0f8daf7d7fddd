"""The preview's HTTP application: the built site and the live-reload channel, for requests
that name the preview's own address (else 421), with paths no longer than a site's (else 414).

Pages get the live-reload script on their way out: a published build has none of them.
"""

from __future__ import annotations

import http.client
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tornado import httputil, routing, web

from mvsite.serve.address import Listening
from mvsite.serve.live_reload import CLIENT_PATH, LIVE_PATH, Browsers, ClientScript, LiveSocket
from mvsite.serve.overlay_words import WordsFor
from mvsite.write.urls import url_file

Log = Callable[[str], None]
MAX_URL_PATH = 2048  # characters: a longer path names no file of a site (414)
_ERROR_PAGE = (
    "<!doctype html>\n<html><head><title>{0}</title></head><body><h1>{0}</h1></body></html>\n"
)


def site_file(url_path: str) -> str | None:
    """A decoded URL path (without its leading '/') -> the site file it names, or None.

    Refuses anything that could leave the site folder or show what is not a page or
    asset: '..' and '.' segments, hidden names, backslashes, NUL, empty segments.
    """
    if "\\" in url_path or "\0" in url_path:
        return None
    parts = url_path.split("/")
    folder = parts[-1] == ""
    parts = parts[:-1] if folder else parts
    if any(not part or part.startswith(".") for part in parts):
        return None
    return url_file(url_path)


def add_scripts(html: bytes, snippet: bytes) -> bytes | None:
    """`html` with `snippet` before </head> (else before </body>), or None if it has neither."""
    lowered = html.lower()
    for tag in (b"</head>", b"</body>"):
        at = lowered.find(tag)
        if at != -1:
            return html[:at] + snippet + html[at:]
    return None


def make_app(
    site_dir: Path,
    browsers: Browsers,
    listening: Listening,
    log: Log,
    words: WordsFor = lambda page: "{}",
) -> web.Application:
    """Routes: the site, preview_client.js and its socket; for requests that name this
    address (Listening), else 421. `words`: the error overlay's, for a page."""
    routes: list[Any] = [
        (LIVE_PATH, LiveSocket, {"browsers": browsers, "listening": listening}),
        (CLIENT_PATH.replace(".", r"\."), ClientScript),
        (r"/(.*)", _SiteFiles, {"path": str(site_dir)}),
    ]
    return web.Application(
        [
            routing.Rule(_OwnHost(listening), routes),
            routing.Rule(routing.AnyMatches(), _Misdirected),
        ],
        transforms=[_script_adder(browsers, words)],
        log_function=_failure_logger(log),
        websocket_ping_interval=None,
    )


def _script_adder(browsers: Browsers, words: WordsFor) -> type[web.OutputTransform]:
    """A transform that adds preview_client.js to every HTML response."""

    class AddScripts(web.OutputTransform):
        def transform_first_chunk(
            self, status_code: int, headers: httputil.HTTPHeaders, chunk: bytes, finishing: bool
        ) -> tuple[int, httputil.HTTPHeaders, bytes]:
            if "text/html" not in headers.get("Content-Type", ""):
                return status_code, headers, chunk
            snippet = (
                f'<script src="{CLIENT_PATH}" data-version="{browsers.version}"'
                f' data-words="{words(chunk)}" defer></script>'
            ).encode()
            added = add_scripts(chunk, snippet)
            if added is None:
                return status_code, headers, chunk
            if "Content-Length" in headers:
                headers["Content-Length"] = str(int(headers["Content-Length"]) + len(snippet))
            return status_code, headers, added

    return AddScripts


def _failure_logger(log: Log) -> Callable[[web.RequestHandler], None]:
    """Tornado's log_function: one line for each request that failed, none for the rest."""

    def log_request(handler: web.RequestHandler) -> None:
        if handler.get_status() >= 400:
            request = handler.request
            uri = request.uri or ""
            shown = uri if len(uri) <= 200 else f"{uri[:200]}... ({len(uri):,} characters)"
            host = "" if handler.get_status() != 421 else f" (Host: {request.host[:100]})"
            log(f"{handler.get_status()} {request.method} {shown}{host}")

    return log_request


class _OwnHost(routing.Matcher):
    def __init__(self, listening: Listening) -> None:
        self.listening = listening

    def match(self, request: httputil.HTTPServerRequest) -> dict[str, Any] | None:
        return {} if self.listening.accepts(request.host) else None


class _Misdirected(web.RequestHandler):
    """421 for a request that names another host (see Listening)."""

    def prepare(self) -> None:
        self.set_status(421)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(_ERROR_PAGE.format("421 Misdirected Request"))


class _SiteFiles(web.StaticFileHandler):
    """The built site only: no traversal, no hidden files, no listings, never stale."""

    async def get(self, path: str, include_body: bool = True) -> None:
        if len(path) > MAX_URL_PATH:
            raise web.HTTPError(414)
        rel = site_file(path)
        if rel is None:
            raise web.HTTPError(404)
        if _is_folder(Path(self.root) / rel):
            self.redirect(f"/{rel}/")
            return
        await super().get(rel, include_body)

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        try:
            inside = Path(absolute_path).resolve().is_relative_to(Path(root).resolve())
            found = inside and Path(absolute_path).is_file()
        except OSError:  # a name longer than the file system allows, say: no such file
            found = False
        if not found:
            raise web.HTTPError(404)
        return super().validate_absolute_path(root, absolute_path)

    def compute_etag(self) -> str | None:
        """None for pages (each is sent with the build's version); else the file's identity.

        update_site replaces a file with a new one, so a changed file always has a new tag.
        """
        if self.absolute_path is None or self.absolute_path.endswith(".html"):
            return None
        stat = os.stat(self.absolute_path)
        return f'"{stat.st_ino:x}-{stat.st_size:x}-{stat.st_mtime_ns:x}"'

    def should_return_304(self) -> bool:
        # By ETag only: Last-Modified has whole seconds, and two saves can fall in one.
        return bool(self.request.headers.get("If-None-Match")) and self.check_etag_header()

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store" if path.endswith(".html") else "no-cache")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        page = Path(self.root) / "404.html"
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        if status_code == 404 and page.is_file():  # a missing page may be being written
            self.finish(page.read_bytes())
        else:
            reason = http.client.responses.get(status_code, "Error")
            self.finish(_ERROR_PAGE.format(f"{status_code} {reason}"))


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False
