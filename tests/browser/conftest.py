"""Fixtures for the browser quality suite (tests/browser/).

The bundled site is built ONCE per pytest process, at collection time (the page
list parametrizes the tests), into a temporary directory:

    mvsite.cli.main(["build", "--source", ROOT, "--output", TMP/public])

Set ``MVSITE_QA_SITE=<dir of already built html>`` to test that directory instead
and skip the build.

The site is served by a threaded ``http.server`` on 127.0.0.1 (a free port), and
one Playwright instance per process drives Debian's Chromium (``/usr/bin/chromium``,
or ``$CHROME_PATH``). Playwright's own browser download is never used.

Missing tools (Chromium, Java, node_modules) skip the tests with a clear message,
except when the environment variable ``CI`` is set: then they fail.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .qa import (
    CHROME_FLAGS,
    DESKTOP,
    OpenPage,
    Site,
    Visit,
    get_site,
    is_local,
    require_chromium,
    tmpdirs,
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Chromium or a web-quality tool")
    config.addinivalue_line(
        "markers", "lighthouse: Lighthouse audits (slowest part of the browser suite)"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "page_path" not in metafunc.fixturenames:
        return
    site = get_site()
    if site.error:
        # One placeholder case; the `site` fixture turns it into a failure with the reason.
        metafunc.parametrize("page_path", ["<site unavailable>"], ids=["site-unavailable"])
    else:
        metafunc.parametrize("page_path", site.pages, ids=list(site.pages))


def pytest_unconfigure(config: pytest.Config) -> None:
    for tmp in tmpdirs:
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def site() -> Site:
    s = get_site()
    if s.error:
        pytest.fail(s.error, pytrace=False)
    return s


@pytest.fixture(scope="session")
def site_dir(site: Site) -> Path:
    assert site.root is not None
    return site.root


# --------------------------------------------------------------------------- HTTP server


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Browsers drop keep-alive connections; don't print their tracebacks.
        pass


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """Base URL (no trailing slash) of the built site served on 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    httpd: socketserver.TCPServer = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Playwright + Chromium for the whole process (a second sync_playwright() breaks)."""
    exe = require_chromium()
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=str(exe), args=CHROME_FLAGS)
        try:
            yield b
        finally:
            b.close()
    finally:
        pw.stop()


@pytest.fixture
def open_page(browser: Any, site_url: str) -> Iterator[OpenPage]:
    """open_page(path, viewport=..., js=True, color_scheme="light") -> Visit.

    Every request is recorded; any that would leave 127.0.0.1 is recorded in
    ``offsite`` and aborted, so nothing reaches the network.
    """
    contexts: list[Any] = []

    def _open(
        path: str,
        *,
        viewport: dict[str, int] | None = None,
        js: bool = True,
        color_scheme: str = "light",
        wait_until: str = "load",
    ) -> Visit:
        ctx = browser.new_context(
            viewport=viewport or DESKTOP,
            java_script_enabled=js,
            color_scheme=color_scheme,
            reduced_motion="reduce",
        )
        contexts.append(ctx)
        page = ctx.new_page()
        visit = Visit(page=page, url=site_url + path, status=None)

        def _route(route: Any) -> None:
            url = route.request.url
            if is_local(url):
                route.continue_()
            else:
                visit.offsite.append(url)
                route.abort("blockedbyclient")

        ctx.route("**/*", _route)
        page.on("request", lambda req: visit.requests.append(req.url))
        page.on(
            "console",
            lambda msg: (
                visit.console_errors.append(f"{msg.text} @ {msg.location.get('url', '')}")
                if msg.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda exc: visit.page_errors.append(str(exc)))
        resp = page.goto(visit.url, wait_until=wait_until)
        visit.status = resp.status if resp is not None else None
        assert visit.status == 200, f"GET {visit.url} answered {visit.status}"
        return visit

    yield _open
    for ctx in contexts:
        with contextlib.suppress(Exception):
            ctx.close()
