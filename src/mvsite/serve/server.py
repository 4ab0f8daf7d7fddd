"""`mvsite serve`: build into a private folder, serve it, rebuild and live-reload on every save.

save -> watchdog event (inotify on Linux) -> a coalesced rebuild on the event loop, which
build_site's cache keeps to what the change affects -> output.update_site writes only the
changed files -> the page reloads (preview_client.js), or livereload.js swaps a changed
stylesheet or image in place. A failed build is shown over the page, and the last good build
stays served. None of this is in a published build: the two scripts are added to HTML
responses on their way out.
"""

from __future__ import annotations

import asyncio
import errno
import http.client
import ipaddress
import json
import os
import signal
import socket
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from livereload.handlers import LiveReloadJSHandler  # type: ignore[import-untyped]
from tornado import httputil, netutil, routing, web
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.websocket import WebSocketHandler

from mvsite.build.pipeline import BuildOptions
from mvsite.errors import SiteError, counted, warning_lines
from mvsite.serve.preview_build import Browsers, Log, Preview, Rebuilds
from mvsite.serve.watch import watch_sources

DEFAULT_PORT = 8000
STATUS_PATH = "/__mvsite/status"
CLIENT_PATH = "/__mvsite/preview.js"
CLIENT_JS = Path(__file__).parent / "preview_client.js"
MAX_URL_PATH = 2048  # characters: a longer path names no file of a site (414)
_LIVERELOAD_PROTOCOL = "http://livereload.com/protocols/official-7"
_ERROR_PAGE = (
    "<!doctype html>\n<html><head><title>{0}</title></head><body><h1>{0}</h1></body></html>\n"
)


@dataclass(frozen=True)
class ServeOptions:
    source: Path
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    open_browser: Callable[[str], object] | None = None  # serve --open: webbrowser.open


def is_loopback(host: str) -> bool:
    """Only this machine can reach the host: 'localhost', 127.x.y.z, ::1."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def preview_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
    shown = f"[{shown}]" if ":" in shown else shown
    return f"http://{shown}:{port}/"


def listen(host: str, port: int) -> list[socket.socket]:
    """Sockets listening on host:port, or a SiteError saying which port to try instead."""
    if not 0 <= port <= 65535:
        raise SiteError(f"--port must be a number from 1 to 65535 (got {port})")
    try:
        return netutil.bind_sockets(port, address=host)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise SiteError(
                f"port {port} on {host} is in use: try --port {free_port(host, port)}"
            ) from None
        raise SiteError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            hint="use --host 127.0.0.1 and a --port above 1024",
        ) from None


def free_port(host: str, after: int) -> int:
    """A port that can be listened on now: the first free one after `after`, else any."""
    for port in [*range(after + 1, min(after + 50, 65535) + 1), 0]:
        try:
            sockets = netutil.bind_sockets(port, address=host)
        except OSError:
            continue
        found = int(sockets[0].getsockname()[1])
        for sock in sockets:
            sock.close()
        return found
    return 0


@dataclass(frozen=True)
class Listening:
    """The address the preview listens on, and so the only ones a request may name.

    A page on another site can make its own name resolve to 127.0.0.1 (DNS rebinding):
    its requests then reach the preview with that name in Host, and its websockets with
    it in Origin too. Both must name this address; an IP address cannot be rebound.
    """

    host: str
    port: int

    def accepts(self, netloc: str) -> bool:
        """Is `netloc` (a Host header, or an Origin's host and port) this address?"""
        try:
            parts = urlsplit(f"//{netloc}")
            name, port = parts.hostname or "", parts.port or 80
        except ValueError:  # a port that is not a number
            return False
        if port != self.port:
            return False
        given = self.host.strip("[]").lower()
        if name in ("127.0.0.1", "localhost", "::1", given):
            return True
        return given in ("", "0.0.0.0", "::") and _is_ip_address(name)

    def accepts_origin(self, origin: str) -> bool:
        parts = urlsplit(origin)
        return parts.scheme == "http" and self.accepts(parts.netloc)


def _is_ip_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


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
    return "/".join([*parts, "index.html"] if folder else parts)


def add_scripts(html: bytes, snippet: bytes) -> bytes | None:
    """`html` with `snippet` before </head> (else before </body>), or None if it has neither."""
    lowered = html.lower()
    for tag in (b"</head>", b"</body>"):
        at = lowered.find(tag)
        if at != -1:
            return html[:at] + snippet + html[at:]
    return None


class _PreviewSocket(WebSocketHandler):
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


class _ReloadSocket(_PreviewSocket):
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


class _StatusSocket(_PreviewSocket):
    """Tells preview_client.js the build's version and error, now and on every change."""

    def open(self, *args: str, **kwargs: str) -> None:
        self.browsers.pages.add(self)
        self.write_message(self.browsers.status())

    def on_close(self) -> None:
        self.browsers.pages.discard(self)


class _ClientScript(web.RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "text/javascript; charset=utf-8")
        self.set_header("Cache-Control", "no-cache")
        self.finish(CLIENT_JS.read_bytes())


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


def make_app(site_dir: Path, browsers: Browsers, listening: Listening, log: Log) -> web.Application:
    """Routes: the site, livereload.js and its socket, preview_client.js and its socket;
    for requests that name this address (Listening), else 421."""
    port = listening.port

    class AddScripts(web.OutputTransform):
        def transform_first_chunk(
            self, status_code: int, headers: httputil.HTTPHeaders, chunk: bytes, finishing: bool
        ) -> tuple[int, httputil.HTTPHeaders, bytes]:
            if "text/html" in headers.get("Content-Type", ""):
                snippet = (
                    f'<script src="/livereload.js?port={port}" defer></script>'
                    f'<script src="{CLIENT_PATH}" data-version="{browsers.version}" defer></script>'
                ).encode()
                added = add_scripts(chunk, snippet)
                if added is not None:
                    if "Content-Length" in headers:
                        length = int(headers["Content-Length"]) + len(snippet)
                        headers["Content-Length"] = str(length)
                    chunk = added
            return status_code, headers, chunk

    def log_request(handler: web.RequestHandler) -> None:
        if handler.get_status() >= 400:
            request = handler.request
            uri = request.uri or ""
            shown = uri if len(uri) <= 200 else f"{uri[:200]}... ({len(uri):,} characters)"
            host = "" if handler.get_status() != 421 else f" (Host: {request.host[:100]})"
            log(f"{handler.get_status()} {request.method} {shown}{host}")

    sockets = {"browsers": browsers, "listening": listening}
    routes: list[Any] = [
        (r"/livereload", _ReloadSocket, sockets),
        (r"/livereload\.js", LiveReloadJSHandler),
        (STATUS_PATH, _StatusSocket, sockets),
        (CLIENT_PATH.replace(".", r"\."), _ClientScript),
        (r"/(.*)", _SiteFiles, {"path": str(site_dir)}),
    ]
    return web.Application(
        [
            routing.Rule(_OwnHost(listening), routes),
            routing.Rule(routing.AnyMatches(), _Misdirected),
        ],
        transforms=[AddScripts],
        log_function=log_request,
        websocket_ping_interval=None,
    )


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


def _serve(options: ServeOptions, sockets: list[socket.socket], dest: Path, log: Log) -> None:
    url = preview_url(options.host, options.port)
    build = BuildOptions(options.source, dest, drafts=True, base_url=url, hash_assets=False)
    browsers = Browsers()
    asyncio.set_event_loop(asyncio.new_event_loop())
    io_loop = IOLoop.current()
    rebuilds = Rebuilds(Preview(build), browsers, log, io_loop)
    # Watching starts first: a save during the first build is built once the loop runs.
    observer = watch_sources(
        options.source.absolute(), lambda kind, path: io_loop.add_callback(rebuilds.saw, kind, path)
    )
    listening = Listening(options.host, options.port)
    server = HTTPServer(make_app(dest, browsers, listening, log))
    try:
        first = rebuilds.build()
        for line in warning_lines(rebuilds.preview.settle(), "warning"):  # no page is open yet
            log(line)
        if first.error is None:
            log(f"Built {counted(first.pages, 'page')} (drafts included) in {first.seconds:.2f} s")
        server.add_sockets(sockets)
        log(f"Serving {url} (drafts shown, live reload on). Press Ctrl-C to stop.")
        if options.open_browser is not None:
            io_loop.add_callback(options.open_browser, url)
        io_loop.start()
    finally:
        log("Stopping...")  # removing a large site's private folder takes a few seconds
        observer.stop()
        observer.join(timeout=2)
        server.stop()
        io_loop.close(all_fds=False)
        asyncio.set_event_loop(None)
