"""The packaged default theme on a documentation site (tests/sites/docs, a MkDocs project):
a menu tree from the nav, a table of contents from the headings, code coloured at build
time, and code colours that are up to date and readable. (In the browser:
tests/browser/test_docs_theme.py.)"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from mvsite.cli import main

from ..conftest import copy_site

ROOT = Path(__file__).resolve().parents[2]


def _code_colours() -> ModuleType:
    spec = importlib.util.spec_from_file_location("code_colours", ROOT / "scripts/code_colours.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["code_colours"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = copy_site("docs", tmp_path_factory.mktemp("docs") / "site")
    out = docs / "public"
    assert main(["build", "-q", "--no-cache", "-s", str(docs), "-o", str(out)]) == 0
    return out


def _links(html: str, css_class: str) -> list[str]:
    """The link texts of the nav with `css_class`, with '>' before each deeper level."""
    found = re.search(rf'<nav class="{css_class}"[^>]*>([\s\S]*?)</nav>', html)
    assert found is not None
    texts, depth = [], 0
    for tag, text in re.findall(r"<(/?[uo]l)\b|<a [^>]*>([^<]*)</a>", found.group(1)):
        depth += 1 if tag in ("ul", "ol") else -1 if tag else 0
        if text:
            texts.append(">" * (depth - 1) + text)
    return texts


def _menu(html: str) -> list[str]:
    """The menu's entries: a link by its text, a group as '[Title]' ('[Title]+' when open),
    with '>' before each deeper level."""
    found = re.search(r'<nav class="site-nav"[^>]*>([\s\S]*?)</nav>', html)
    assert found is not None
    texts, depth = [], 0
    pattern = r"<(/?ul)\b|<details( open)?><summary>([^<]*)</summary>|<a [^>]*>([^<]*)</a>"
    for tag, opened, group, text in re.findall(pattern, found.group(1)):
        depth += 1 if tag == "ul" else -1 if tag else 0
        if group:
            texts.append(">" * (depth - 1) + f"[{group}]" + ("+" if opened else ""))
        elif text:
            texts.append(">" * (depth - 1) + text)
    return texts


def test_the_menu_is_the_nav_with_the_pages_group_open(built: Path) -> None:
    install = (built / "guide/install/index.html").read_text()
    assert _menu(install) == [
        "Home",
        "Getting started",
        "[User guide]+",
        ">User guide",
        ">Installing",
        ">Configure",
        "[Reference]",
        ">API",
        ">Command line",
    ]
    assert '<a href="/guide/install/" aria-current="page">Installing</a>' in install
    home = (built / "index.html").read_text()
    assert "[User guide]" in _menu(home) and "[Reference]" in _menu(home)


def test_the_table_of_contents_follows_the_headings(built: Path) -> None:
    page = (built / "getting-started/index.html").read_text()
    assert _links(page, "toc") == ["Count a hive", "Read the result", ">What changes the estimate"]
    one_heading = (built / "guide/index.html").read_text()
    assert 'class="toc"' not in one_heading


def test_code_is_coloured_when_the_site_is_built(built: Path) -> None:
    api = (built / "reference/api/index.html").read_text()
    assert '<span class="kn">from</span>' in api
    assert "<script" not in api


def test_the_code_colours_in_the_stylesheet_are_up_to_date() -> None:
    colours = _code_colours()
    assert colours.main(["--check"]) == 0


def _contrast(foreground: str, background: str) -> float:
    def luminance(colour: str) -> float:
        value = colour.lstrip("#")
        if len(value) == 3:
            value = "".join(c * 2 for c in value)
        channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_code_colour_is_readable_on_its_background(scheme: str) -> None:
    colours = _code_colours()
    style, background = {
        "light": (colours.LIGHT, colours.LIGHT_BACKGROUND),
        "dark": (colours.DARK, colours.DARK_BACKGROUND),
    }[scheme]
    rules = colours.token_rules(style).values()
    found = {c for body in rules for c in re.findall(r"(?<![-\w])color: (#[0-9a-fA-F]+)", body)}
    assert found
    poor = {c: round(_contrast(c, background), 2) for c in found if _contrast(c, background) < 4.5}
    assert poor == {}
