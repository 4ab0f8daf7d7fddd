"""`mvsite serve`: what it serves and refuses, rebuilds that write only what changed, the CLI.

The browser side (reloads, the error overlay, live CSS) is in tests/browser/test_serve.py.
"""

from __future__ import annotations

import http.client
import json
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import mvsite.serve.server as server_module
from mvsite import cli
from mvsite.build.pipeline import BuildOptions
from mvsite.errors import SiteError
from mvsite.serve.preview_build import Browsers, Preview, Rebuilds, swappable
from mvsite.serve.server import (
    Listening,
    ServeOptions,
    add_scripts,
    is_loopback,
    listen,
    preview_url,
    site_file,
)
from mvsite.serve.watch import CHANGE, DONE, MAX_WRITE_WAIT, WRITE, Saves, is_source, watch_sources

from ..conftest import Run, tree_bytes, write_tree
from ..serving import SITE, STARTUP_TIMEOUT, Server, free_port, serving, start

SECRET = "SENTINEL-NEVER-SERVED"
FILES = {
    **SITE,
    "secret.txt": SECRET,
    "content/files/doc.txt": "a document\n",
    "static/fonts/x.txt": "x",
}


# --------------------------------------------------------------------------- pure parts


@pytest.mark.parametrize(
    ("url_path", "expected"),
    [
        ("", "index.html"),
        ("a/", "a/index.html"),
        ("style.css", "style.css"),
        ("notes/b/index.html", "notes/b/index.html"),
        ("../secret.txt", None),
        ("a/../../secret.txt", None),
        ("..", None),
        ("a/./b/", None),
        ("a//b", None),
        ("/etc/passwd", None),
        ("..\\secret.txt", None),
        ("a\\..\\..\\secret.txt", None),
        (".mvsite-output", None),
        ("a/.hidden", None),
        ("a\0.html", None),
    ],
)
def test_site_file_maps_url_paths_and_refuses_escapes(url_path: str, expected: str | None) -> None:
    assert site_file(url_path) == expected


def test_scripts_go_before_the_head_end_else_the_body_end() -> None:
    assert add_scripts(b"<html><head><title>t</title></head><body>", b"<s>") == (
        b"<html><head><title>t</title><s></head><body>"
    )
    assert add_scripts(b"<p>x</p></BODY>", b"<s>") == b"<p>x</p><s></BODY>"
    assert add_scripts(b"plain", b"<s>") is None


def test_only_stylesheets_and_images_are_swapped_in_place() -> None:
    assert swappable(["style.css", "img/a.png"], []) == ("/style.css", "/img/a.png")
    assert swappable(["style.css", "a/index.html"], []) is None
    assert swappable(["style.css"], ["old.css"]) is None
    assert swappable([], []) == ()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(
    ("host", "netloc", "accepted"),
    [
        ("127.0.0.1", "127.0.0.1:8000", True),
        ("127.0.0.1", "localhost:8000", True),
        ("127.0.0.1", "[::1]:8000", True),
        ("127.0.0.1", "evil.example:8000", False),
        ("127.0.0.1", "127.0.0.1:8001", False),
        ("127.0.0.1", "192.168.1.5:8000", False),
        ("192.168.1.5", "192.168.1.5:8000", True),
        ("192.168.1.5", "evil.example:8000", False),
        ("preview.lan", "preview.lan:8000", True),
        ("preview.lan", "PREVIEW.LAN:8000", True),
        ("::1", "[::1]:8000", True),
        ("0.0.0.0", "192.168.1.5:8000", True),  # every address of the machine: no names
        ("0.0.0.0", "[fe80::1]:8000", True),
        ("0.0.0.0", "evil.example:8000", False),
    ],
)
def test_the_preview_answers_only_to_its_own_address(
    host: str, netloc: str, accepted: bool
) -> None:
    listening = Listening(host, 8000)
    assert listening.accepts(netloc) == accepted
    assert listening.accepts_origin(f"http://{netloc}") == accepted
    assert not listening.accepts_origin(f"https://{netloc}")


def test_preview_url() -> None:
    assert preview_url("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert preview_url("0.0.0.0", 8001) == "http://127.0.0.1:8001/"
    assert preview_url("::1", 8000) == "http://[::1]:8000/"


def test_a_write_holds_the_build_until_it_is_done_or_given_up() -> None:
    saves = Saves()
    saves.add(WRITE, "/s/content/a.md", now=10.0)
    assert saves.wait(now=10.0) == MAX_WRITE_WAIT
    assert saves.wait(now=10.0 + MAX_WRITE_WAIT + 1) == 0.0
    saves.add(DONE, "/s/content/a.md", now=10.01)
    assert saves.wait(now=10.01) == 0.0
    saves.add(CHANGE, "/s/content/b.md", now=10.02)
    assert saves.take() == ("/s/content/a.md", "/s/content/b.md")
    assert not saves.pending and saves.take() == ()


@pytest.mark.parametrize(
    ("rel", "source"),
    [
        ("content/a.md", True),
        ("content/_data/figures.yaml", True),
        ("templates/page.html", True),
        ("static/style.css", True),
        ("mvsite.yaml", True),
        ("README.md", False),
        ("public/index.html", False),
        (".mvsite-cache/build.pickle", False),
        ("content/.a.md.swp", False),
        ("content/a.md~", False),
        ("content/#a.md#", False),
        ("content/.git/HEAD", False),
    ],
)
def test_is_source(rel: str, source: bool) -> None:
    assert is_source(Path("/s"), f"/s/{rel}") is source


def test_in_a_bare_folder_of_markdown_every_visible_file_is_a_source() -> None:
    assert is_source(Path("/s"), "/s/notes.md", bare=True)
    assert not is_source(Path("/s"), "/s/.hidden.md", bare=True)


# --------------------------------------------------------------------------- rebuilds


@pytest.fixture
def preview(tmp_path: Path) -> Preview:
    site = write_tree(tmp_path / "site", FILES)
    built = Preview(BuildOptions(site, tmp_path / "out", drafts=True, hash_assets=False))
    assert built.rebuild().error is None
    return built


def _out(preview: Preview) -> Path:
    assert preview.options.output is not None
    return preview.options.output


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_body_edit_rewrites_only_that_page(preview: Preview) -> None:
    _edit(preview.options.source / "content/a.md", "Original text", "New text")
    result = preview.rebuild()
    assert (result.error, result.written, result.removed) == (None, ("a/index.html",), ())
    assert "New text" in (_out(preview) / "a/index.html").read_text()


def test_a_stylesheet_edit_rewrites_only_the_stylesheet(preview: Preview) -> None:
    (preview.options.source / "static/style.css").write_text("body { color: red; }\n")
    assert preview.rebuild().written == ("style.css",)


def test_a_title_edit_rewrites_the_pages_that_show_it(preview: Preview) -> None:
    _edit(preview.options.source / "content/notes/b.md", "title: Note B", "title: Note Bee")
    written = preview.rebuild().written
    assert "notes/b/index.html" in written and "notes/index.html" in written
    assert "wip/index.html" not in written


def test_a_broken_build_keeps_the_last_good_site_until_fixed(preview: Preview) -> None:
    out = _out(preview)
    before = tree_bytes(out)
    page = preview.options.source / "content/a.md"
    good = page.read_text()
    page.write_text(good.replace("title: Page A", "title: Page A\ndate: soon"))
    result = preview.rebuild()
    assert result.error is not None and str(result.error).startswith("content/a.md:3: ")
    assert tree_bytes(out) == before
    page.write_text(good.replace("Original", "Fixed"))
    assert preview.rebuild().written == ("a/index.html",)


def test_a_deleted_page_is_removed_with_its_folder(preview: Preview) -> None:
    (preview.options.source / "content/wip.md").unlink()
    result = preview.rebuild()
    assert "wip/index.html" in result.removed
    assert not (_out(preview) / "wip").exists()


def test_pages_reload_on_page_changes_and_css_is_swapped(preview: Preview) -> None:
    browsers = Browsers()
    rebuilds = Rebuilds(preview, browsers, log=lambda line: None)
    _edit(preview.options.source / "content/a.md", "Original text", "New text")
    rebuilds.build(["content/a.md"])
    assert (browsers.version, browsers.error) == (1, None)
    (preview.options.source / "static/style.css").write_text("body { color: red; }\n")
    rebuilds.build(["static/style.css"])
    assert browsers.version == 1  # swapped in place by livereload.js, no reload
    (preview.options.source / "content/a.md").write_text("---\ntitle: [\n---\n")
    rebuilds.build(["content/a.md"])
    assert browsers.version == 1 and browsers.error is not None
    status = json.loads(browsers.status())
    assert status["error"]["location"].startswith("content/a.md:")
    (preview.options.source / "content/a.md").write_text(FILES["content/a.md"])
    rebuilds.build(["content/a.md"])
    assert (browsers.version, browsers.error) == (2, None)


def test_a_warning_is_printed_when_it_first_appears_not_on_every_rebuild(
    preview: Preview,
) -> None:
    lines: list[str] = []
    rebuilds = Rebuilds(preview, Browsers(), lines.append)
    (preview.options.source / "content/new.md").write_text("---\ntitle: New\n---\nNew.\n")
    rebuilds.build(["content/new.md"])
    _edit(preview.options.source / "content/a.md", "Original text", "New text")
    rebuilds.build(["content/a.md"])
    warnings = [line for line in lines if line.startswith("warning:")]
    assert warnings == [
        "warning: content/new.md:1: page has no description (search engines and link previews"
        " show it)\n  hint: add 'description: ...' (one sentence) to the front matter"
    ]


def test_the_watcher_reports_a_save_at_once(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", FILES)
    seen: list[tuple[str, str]] = []
    arrived = threading.Event()

    def on_change(kind: str, path: str) -> None:
        seen.append((kind, path))
        if kind in (DONE, CHANGE):
            arrived.set()

    observer = watch_sources(site, on_change)
    try:
        (site / "content/a.md").write_text("---\ntitle: A\n---\nNew.\n")
        (site / "README.md").write_text("not a source\n")
        assert arrived.wait(5)
    finally:
        observer.stop()
        observer.join(5)
    assert {path for _, path in seen} == {str(site / "content/a.md")}


# --------------------------------------------------------------------------- the real server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serving(tmp_path_factory.mktemp("serve"), FILES) as running:
        yield running


def _raw_get(port: int, target: str, headers: str | None = None) -> tuple[int, bytes]:
    """GET `target` exactly as written (no client-side normalising), with `headers` (by
    default a Host of 127.0.0.1:port); (status, whole response)."""
    if headers is None:
        headers = f"Host: 127.0.0.1:{port}\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return int(data.split(b" ", 2)[1]), data


@pytest.mark.parametrize(
    "target",
    [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/a/..%2f..%2fsecret.txt",
        "/%5c..%5csecret.txt",
        "/..%5csecret.txt",
        "/a/%2e%2e/%2e%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "/.%2e/secret.txt",
        "/a%00.html",
        "//etc/passwd",
        "/secret.txt",
        "/mvsite.yaml",
        "/content/a.md",
        "/static/style.css",
        "/fonts/",
        "/a/.hidden",
    ],
)
def test_nothing_outside_the_built_site_is_served(server: Server, target: str) -> None:
    status, response = _raw_get(server.port, target)
    assert status in (400, 404), response[:300]
    assert SECRET.encode() not in response
    assert b"root:" not in response


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:{port}",  # a name rebound to 127.0.0.1 (DNS rebinding)
        "evil.example",
        "localhost.evil.example:{port}",
        "127.0.0.1.evil.example:{port}",
        "127.0.0.1:{other}",
        "127.0.0.1",
        "127.0.0.1:x",
        "",
    ],
)
def test_a_request_naming_another_host_is_refused(server: Server, host: str) -> None:
    value = host.format(port=server.port, other=server.port + 1)
    status, response = _raw_get(server.port, "/", f"Host: {value}\r\n")
    assert status == 421, response[:300]
    assert b"Welcome home" not in response


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LocalHost:{port}"])
def test_a_request_naming_this_address_is_served(server: Server, host: str) -> None:
    status, response = _raw_get(server.port, "/", f"Host: {host.format(port=server.port)}\r\n")
    assert status == 200, response[:300]
    assert b"Welcome home" in response


def _handshake(port: int, path: str, host: str, origin: str, key: str) -> int:
    """The status of a websocket handshake (101: the socket is open)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\n"
            "Connection: Upgrade\r\nUpgrade: websocket\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
        )
        data = b""
        while b"\r\n" not in data and (chunk := sock.recv(4096)):
            data += chunk
    return int(data.split(b" ", 2)[1])


@pytest.mark.parametrize("path", ["/__mvsite/status", "/livereload"])
@pytest.mark.parametrize(
    ("host", "origin", "opens"),
    [
        ("127.0.0.1:{port}", "http://127.0.0.1:{port}", True),
        ("127.0.0.1:{port}", "http://localhost:{port}", True),
        ("localhost:{port}", "http://[::1]:{port}", True),
        # a page of another site whose name was rebound to 127.0.0.1: Host and Origin agree
        ("evil.example:{port}", "http://evil.example:{port}", False),
        ("127.0.0.1:{port}", "http://evil.example:{port}", False),
        ("127.0.0.1:{port}", "http://127.0.0.1:{other}", False),
        ("127.0.0.1:{port}", "https://127.0.0.1:{port}", False),
        ("127.0.0.1:{port}", "null", False),
    ],
)
def test_only_the_previews_own_pages_open_its_websockets(
    server: Server, path: str, host: str, origin: str, opens: bool
) -> None:
    port, other = server.port, server.port + 1
    status = _handshake(
        port,
        path,
        host.format(port=port, other=other),
        origin.format(port=port, other=other),
        "dGhlIHNhbXBsZSBub25jZQ==",
    )
    assert (status == 101) == opens, status
    assert opens or status in (403, 421)


@pytest.mark.parametrize("target", ["/" + "a" * 5000, "/" + "a/" * 2500, "/a" + "%41" * 3000])
def test_an_over_long_path_gets_414_or_404_and_no_traceback(server: Server, target: str) -> None:
    before = len(server.output)
    status, response = _raw_get(server.port, target)
    assert status in (404, 414), response[:300]
    status, _ = _raw_get(server.port, "/")
    assert status == 200
    assert "Traceback" not in server.output[before:]
    assert "Error" not in server.output[before:]


def test_pages_assets_and_scripts_are_served(server: Server) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    for path, kind in [
        ("/", "text/html"),
        ("/a/", "text/html"),
        ("/style.css", "text/css"),
        ("/files/doc.txt", "text/plain"),
        ("/livereload.js", "javascript"),
        ("/__mvsite/preview.js", "javascript"),
    ]:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        assert response.status == 200, path
        assert kind in response.getheader("Content-Type", ""), path
        if kind == "text/html":  # pages carry the build's version: never reused
            assert response.getheader("Cache-Control") == "no-store", path
            assert response.getheader("Etag") is None
        elif not path.startswith("/livereload"):  # reused only while unchanged
            assert response.getheader("Cache-Control") == "no-cache", path
        if kind == "text/html":
            assert body.count(b"/__mvsite/preview.js") == 1
            assert int(response.getheader("Content-Length", "0")) == len(body)
    conn.request("GET", "/style.css")
    etag = conn.getresponse()
    etag.read()
    conn.request("GET", "/style.css", headers={"If-None-Match": etag.getheader("Etag", "")})
    response = conn.getresponse()
    assert (response.status, response.read()) == (304, b"")
    conn.request("GET", "/notes")
    response = conn.getresponse()
    response.read()
    assert (response.status, response.getheader("Location")) == (302, "/notes/")
    conn.close()


def test_a_missing_page_gets_the_sites_404_page_with_the_scripts(server: Server) -> None:
    status, response = _raw_get(server.port, "/no/such/page/")
    assert status == 404
    assert b"Page not found" in response and b"/__mvsite/preview.js" in response


def test_a_published_build_has_none_of_the_preview(
    server: Server, tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    out = tmp_path / "out"
    assert run_cli("build", "--no-cache", "--source", server.site, "--output", out).code == 0
    for rel, data in tree_bytes(out).items():
        for word in (b"livereload", b"__mvsite", b"mvsite-build-error"):
            assert word not in data, (rel, word)


def test_a_port_in_use_gets_one_line_and_a_free_port(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", SITE)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "mvsite", "serve", "--source", str(site), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    prefix = f"error: mvsite: port {port} on 127.0.0.1 is in use: try --port "
    assert lines[0].startswith(prefix)
    suggested = int(lines[0].removeprefix(prefix))
    listen("127.0.0.1", suggested)[0].close()  # it is free


def test_listen_says_which_port_to_try() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(SiteError, match=rf"port {port} on 127.0.0.1 is in use: try --port \d+"):
            listen("127.0.0.1", port)


@pytest.mark.parametrize(
    "stops",
    [[signal.SIGINT], [signal.SIGINT, signal.SIGINT], [signal.SIGTERM]],
    ids=["ctrl-c", "ctrl-c-twice", "sigterm"],
)
def test_ctrl_c_stops_the_server_with_exit_code_0(
    tmp_path: Path, stops: list[signal.Signals]
) -> None:
    site = write_tree(tmp_path / "site", SITE)
    server = start(site, free_port())
    server.wait_for_output("Serving http://", 20)
    for stop in stops:
        server.proc.send_signal(stop)
    assert server.proc.wait(10) == 0
    assert "Traceback" not in server.output
    assert "Stopped." in server.output


def test_a_host_other_than_this_machine_is_warned_about(
    run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[ServeOptions] = []
    monkeypatch.setattr(server_module, "serve", lambda options, log: calls.append(options))
    result = run_cli("serve", "--host", "0.0.0.0", "--port", "8123")
    assert result.code == 0
    assert result.err.startswith("warning: listening on 0.0.0.0: other machines")
    assert calls == [ServeOptions(Path("."), "0.0.0.0", 8123)]
    assert run_cli("serve", "--host", "localhost").err == ""


def test_the_cli_default_port_is_the_servers() -> None:
    assert cli.DEFAULT_PORT == server_module.DEFAULT_PORT


def test_serve_open_opens_the_preview_in_the_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = tmp_path / "opened"
    monkeypatch.setenv("BROWSER", f"sh -c 'echo \"$0\" > {opened}' %s")
    site = write_tree(tmp_path / "site", SITE)
    server = start(site, free_port(), "--open", "-q")
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not (opened.is_file() and opened.read_text().strip()):
            assert time.monotonic() < deadline and server.proc.poll() is None, server.output
            time.sleep(0.05)
        assert opened.read_text() == f"http://127.0.0.1:{server.port}/\n"
        assert "Serving" not in server.output  # -q: problems only
    finally:
        server.stop()
