"""Shared helpers for the browser quality suite: tool paths, the built site, skips."""

from __future__ import annotations

import os
import shutil
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from ..conftest import PUBLISHED_URL

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE_DIR = NODE_MODULES / "lighthouse"
ARTIFACTS = ROOT / "tests" / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

#: Flags for Debian's Chromium on these machines (see shared/webqa.md).
#: Playwright adds --headless and a fresh --user-data-dir itself.
CHROME_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

DESKTOP = {"width": 1280, "height": 800}


def chrome_path() -> Path:
    return Path(os.environ.get("CHROME_PATH") or "/usr/bin/chromium")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require(ok: bool, what: str, fix: str) -> None:
    """Skip (locally) or fail (under CI) when a tool the test needs is missing."""
    if ok:
        return
    msg = f"{what} is missing: {fix} (or run `bash .ci/test`, which installs it)"
    if in_ci():
        pytest.fail(f"{msg} [CI is set, so this fails instead of skipping]", pytrace=False)
    pytest.skip(msg)


def require_chromium() -> Path:
    path = chrome_path()
    require(
        path.is_file() and os.access(path, os.X_OK),
        f"Chromium ({path})",
        "`apt-get install chromium`, or set CHROME_PATH",
    )
    return path


def require_java() -> str:
    java = shutil.which("java")
    require(java is not None, "java", "`apt-get install default-jre-headless`")
    assert java is not None
    return java


def require_node_module(path: Path) -> Path:
    require(path.exists(), str(path.relative_to(ROOT)), "run `npm ci` in the repository root")
    return path


# --------------------------------------------------------------------------- the built site


@dataclass(frozen=True)
class Site:
    root: Path | None
    pages: tuple[str, ...]  # URL paths: "/", "/facts/", "/404.html", ...
    error: str | None = None


_site: Site | None = None
tmpdirs: list[Path] = []


def url_path_of(html_file: Path, root: Path) -> str:
    rel = html_file.relative_to(root).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def discover_pages(root: Path) -> tuple[str, ...]:
    return tuple(sorted(url_path_of(p, root) for p in root.rglob("*.html")))


def _build_site() -> Site:
    given = os.environ.get("MVSITE_QA_SITE")
    if given:
        root = Path(given).resolve()
        if not root.is_dir():
            return Site(None, (), f"MVSITE_QA_SITE={given} is not a directory")
    else:
        tmp = Path(tempfile.mkdtemp(prefix="mvsite-qa-"))
        tmpdirs.append(tmp)
        root = tmp / "public"
        argv = ["build", "--source", str(ROOT), "--output", str(root), "--base-url", PUBLISHED_URL]
        try:
            from mvsite.cli import main

            rc = main(argv)
        except (Exception, SystemExit):
            return Site(
                None,
                (),
                f"building the bundled site with mvsite.cli.main({argv!r}) raised:\n"
                + traceback.format_exc(),
            )
        if rc != 0:
            return Site(None, (), f"mvsite.cli.main({argv!r}) returned {rc}")
    pages = discover_pages(root)
    if not pages:
        return Site(root, (), f"no .html files found under {root}")
    return Site(root, pages)


def get_site() -> Site:
    global _site
    if _site is None:
        _site = _build_site()
    return _site


def page_slug(path: str) -> str:
    """'/' -> 'index', '/research/cancer/' -> 'research-cancer', '/404.html' -> '404'."""
    slug = path.strip("/").removesuffix(".html").replace("/", "-")
    return slug or "index"


def is_local(url: str) -> bool:
    """True for URLs that do not leave the machine: 127.0.0.1, data:, blob:, about:."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname == "127.0.0.1"


@dataclass
class Visit:
    """A page opened in its own browser context, with what happened while loading it."""

    page: Any  # playwright.sync_api.Page
    url: str
    status: int | None
    requests: list[str] = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


OpenPage = Callable[..., Visit]
