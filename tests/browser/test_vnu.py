"""Nu Html Checker (npm vnu-jar): every built HTML page and CSS file has 0 errors.

vnu runs once (one JVM start, ~2 s) over all HTML and CSS files; each page and
each stylesheet is then its own test case, failing with vnu's messages for it.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from .qa import VNU_JAR, Site, require_java, require_node_module

pytestmark = pytest.mark.browser

Messages = dict[str, list[dict[str, Any]]]


def _rel(url: str, root: Path) -> str:
    path = Path(unquote(urlsplit(url).path)).resolve()
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return url


def _format(messages: list[dict[str, Any]]) -> str:
    lines = []
    for m in messages:
        where = f"line {m.get('lastLine', '?')}, col {m.get('firstColumn', '?')}"
        lines.append(f"  [{m.get('type')}] {where}: {m.get('message')}")
        if m.get("extract"):
            lines.append(f"      {m['extract'].strip()!r}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def vnu_report(site: Site, site_dir: Path) -> tuple[Messages, list[str]]:
    """({relative file path: [error messages]}, [css files]) from one vnu run."""
    java = require_java()
    require_node_module(VNU_JAR)
    root = site_dir.resolve()
    html = sorted(p for p in root.rglob("*.html"))
    css = sorted(p for p in root.rglob("*.css"))
    cmd = [
        java,
        "-jar",
        str(VNU_JAR),
        "--format",
        "json",
        "--stdout",
        "--errors-only",
        "--also-check-css",
        *map(str, html + css),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    try:
        messages = json.loads(proc.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(
            f"vnu gave no JSON report (exit {proc.returncode}).\n"
            f"stdout: {proc.stdout[-2000:]}\nstderr: {proc.stderr[-2000:]}",
            pytrace=False,
        )
    by_file: Messages = {}
    for m in messages:
        if m.get("type") in ("error", "non-document-error"):
            by_file.setdefault(_rel(m.get("url", "?"), root), []).append(m)
    known = {p.relative_to(root).as_posix() for p in html + css}
    stray = {k: v for k, v in by_file.items() if k not in known}
    if stray:
        pytest.fail(f"vnu reported errors for unexpected inputs: {stray}", pytrace=False)
    if proc.returncode != 0 and not by_file:
        pytest.fail(f"vnu exited {proc.returncode} without errors: {proc.stderr}", pytrace=False)
    return by_file, [p.relative_to(root).as_posix() for p in css]


def _file_of(page_path: str) -> str:
    rel = page_path.lstrip("/")
    return rel + "index.html" if rel == "" or rel.endswith("/") else rel


def test_html_is_valid(page_path: str, vnu_report: tuple[Messages, list[str]]) -> None:
    by_file, _ = vnu_report
    errors = by_file.get(_file_of(page_path), [])
    assert errors == [], f"vnu: {len(errors)} error(s) in {page_path}:\n{_format(errors)}"


def test_css_is_valid(vnu_report: tuple[Messages, list[str]]) -> None:
    by_file, css_files = vnu_report
    bad = {f: by_file[f] for f in css_files if by_file.get(f)}
    report = "\n".join(f"{f}:\n{_format(msgs)}" for f, msgs in bad.items())
    assert bad == {}, f"vnu --also-check-css found errors in {len(bad)} file(s):\n{report}"
