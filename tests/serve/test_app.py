"""The preview's HTTP app over a real server: what it serves and refuses (traversal, Host, Origin, 414).

The browser side (reloads, the error overlay, live CSS) is in tests/browser/test_serve.py."""

from __future__ import annotations

import asyncio
import http.client
import json
import socket
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from mvsite.serve.app import add_scripts, site_file

from ..conftest import Run, tree_bytes
from ..serving import Server, serving
from .conftest import FILES, SECRET


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
def test_only_the_previews_own_pages_open_its_websocket(
    server: Server, host: str, origin: str, opens: bool
) -> None:
    port, other = server.port, server.port + 1
    status = _handshake(
        port,
        "/__mvsite/live",
        host.format(port=port, other=other),
        origin.format(port=port, other=other),
        "dGhlIHNhbXBsZSBub25jZQ==",
    )
    assert (status == 101) == opens, status
    assert opens or status in (403, 421)


def test_a_page_of_the_preview_is_told_the_builds_state_on_connecting(server: Server) -> None:
    async def first_message() -> str | bytes | None:
        request = HTTPRequest(
            f"ws://127.0.0.1:{server.port}/__mvsite/live",
            headers={"Origin": f"http://127.0.0.1:{server.port}"},
        )
        socket = await websocket_connect(request)
        message = await socket.read_message()
        socket.close()
        return message

    # A thread of its own: when the browser tests ran first, Playwright's event loop is
    # still running in this one, and asyncio.run refuses to start a second.
    with ThreadPoolExecutor(1) as thread:
        message = thread.submit(lambda: asyncio.run(asyncio.wait_for(first_message(), 10))).result()
    assert message is not None
    status = json.loads(message)
    assert (status["error"], status["swap"]) == (None, [])
    assert status["version"] >= 1  # the first build


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
        else:  # reused only while unchanged
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
