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

from livereload.handlers import LiveReloadJSHandler  # type: ignore[import-untyped]
from tornado import httputil, netutil, web
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.websocket import WebSocketHandler

from .errors import SiteError, counted, warning_lines
from .preview import Browsers, Log, Preview, Rebuilds
from .site import BuildOptions
from .watch import watch_sources

DEFAULT_PORT = 8000
STATUS_PATH = "/__mvsite/status"
CLIENT_PATH = "/__mvsite/preview.js"
CLIENT_JS = Path(__file__).parent / "preview_client.js"
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


class _ReloadSocket(WebSocketHandler):
    """The server side of the LiveReload protocol (official-7) that livereload.js speaks."""

    def initialize(self, browsers: Browsers) -> None:
        self.browsers = browsers

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


class _StatusSocket(WebSocketHandler):
    """Tells preview_client.js the build's version and error, now and on every change."""

    def initialize(self, browsers: Browsers) -> None:
        self.browsers = browsers

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
        rel = site_file(path)
        if rel is None:
            raise web.HTTPError(404)
        if (Path(self.root) / rel).is_dir():
            self.redirect(f"/{rel}/")
            return
        await super().get(rel, include_body)

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        inside = Path(absolute_path).resolve().is_relative_to(Path(root).resolve())
        if not inside or not Path(absolute_path).is_file():
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


def make_app(site_dir: Path, browsers: Browsers, port: int, log: Log) -> web.Application:
    """Routes: the site, livereload.js and its socket, preview_client.js and its socket."""

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
            log(f"{handler.get_status()} {request.method} {request.uri}")

    return web.Application(
        [
            (r"/livereload", _ReloadSocket, {"browsers": browsers}),
            (r"/livereload\.js", LiveReloadJSHandler),
            (STATUS_PATH, _StatusSocket, {"browsers": browsers}),
            (CLIENT_PATH.replace(".", r"\."), _ClientScript),
            (r"/(.*)", _SiteFiles, {"path": str(site_dir)}),
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
    server = HTTPServer(make_app(dest, browsers, options.port, log))
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
