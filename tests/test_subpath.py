"""The bundled site built for a sub-path (a GitHub project site) and served from a sub-folder:
every link and asset on every page answers 200."""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from .conftest import SITES, Run

ROOT = SITES.parent.parent


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.refs += [v for k, v in attrs if k in ("href", "src") and v]


@pytest.fixture
def server_root(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None  # type: ignore[assignment,method-assign]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield tmp_path, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_every_link_and_asset_works_from_a_sub_folder(
    server_root: tuple[Path, str], run_cli: Callable[..., Run]
) -> None:
    root, origin = server_root
    base = f"{origin}/mvsite/"
    result = run_cli("build", "--source", ROOT, "--output", root / "mvsite", "--base-url", base)
    assert result.code == 0, result.err
    to_visit, seen, checked = [base], {base}, 1
    while to_visit:
        page_url = to_visit.pop()
        with urllib.request.urlopen(page_url, timeout=10) as response:
            parser = _Refs()
            parser.feed(response.read().decode())
        for ref in parser.refs:
            url = urljoin(page_url, ref).split("#")[0]
            if urlsplit(url).netloc != urlsplit(origin).netloc or url in seen:
                continue
            seen.add(url)
            assert url.startswith(base), f"{page_url} links outside the sub-path: {ref}"
            assert _status(url) == 200, f"{page_url} -> {ref}"
            checked += 1
            if url.endswith("/"):
                to_visit.append(url)
    built_pages = {
        base + str(p.parent.relative_to(root / "mvsite")).removeprefix(".") + "/"
        for p in (root / "mvsite").rglob("index.html")
    }
    assert {url.replace("/mvsite//", "/mvsite/") for url in built_pages} <= seen
    assert checked >= len(built_pages)
    assert _status(f"{origin}/mvsite/sitemap.xml") == 200
