"""The menu a MkDocs nav declares (tests/sites/mkdocs-nav: a group of top-level pages, a
nested group, a page left out, a link): shown as declared, with golden output, and a nav
change re-renders the pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mvsite.render.menu import MenuItem, declared_menu, menu_for, menu_with_base
from mvsite.sources.front_matter import FrontMatter
from mvsite.sources.mkdocs_nav import NavEntry
from mvsite.sources.pages import Page
from mvsite.write.stage import MARKER

from ..conftest import SITES, Run, check_golden, copy_site, tree_bytes

GOLDEN = SITES / "mkdocs-nav.expected"


def _page(rel: str, url: str, title: str) -> Page:
    return Page(Path("docs") / rel, rel, url, title, FrontMatter(), "", 1, False)


PAGES = {
    "a.md": _page("a.md", "/a/", "Page A"),
    "b.md": _page("b.md", "/b/", "Page B"),
    "deep/c.md": _page("deep/c.md", "/deep/c/", "Page C"),
}
NAV = (
    NavEntry("First", page="a.md"),
    NavEntry(
        "Group",
        children=(
            NavEntry(None, page="b.md"),
            NavEntry("Inner", children=(NavEntry("C", page="deep/c.md"),)),
        ),
    ),
    NavEntry("Gone", children=(NavEntry(None, page="missing.md"),)),
    NavEntry("Code", link="https://example.org/code"),
)


def test_the_menu_is_the_nav_as_declared() -> None:
    assert declared_menu(NAV, PAGES) == (
        MenuItem("First", "/a/"),
        MenuItem(
            "Group",
            children=(
                MenuItem("Page B", "/b/"),
                MenuItem("Inner", children=(MenuItem("C", "/deep/c/"),)),
            ),
        ),
        MenuItem("Code", "https://example.org/code", external=True),
    )


def test_the_pages_item_is_current_and_its_groups_open() -> None:
    menu = declared_menu(NAV, PAGES)
    shown = menu_for(menu, "/deep/c/")
    group = shown[1]
    assert group.open and group.children[1].open and group.children[1].children[0].current
    assert shown[0] is menu[0] and not group.children[0].current
    assert menu_for(menu, "/elsewhere/") == menu


def test_the_base_path_goes_before_pages_but_not_links() -> None:
    menu = menu_with_base(declared_menu(NAV, PAGES), "/docs")
    assert menu[0].url == "/docs/a/" and menu[1].children[1].children[0].url == "/docs/deep/c/"
    assert menu[2].url == "https://example.org/code"


def test_the_mkdocs_nav_site_matches_golden_output(
    tmp_path: Path, run_cli: Callable[..., Run], update_goldens: bool
) -> None:
    out = tmp_path / "public"
    site = copy_site("mkdocs-nav", tmp_path / "site")
    assert run_cli("build", "--no-cache", "-s", site, "-o", out).code == 0
    built = check_golden(out, GOLDEN, update_goldens)
    assert "unlisted/index.html" in built  # built, though the menu leaves it out
    menu = built["index.html"].decode().partition('<nav class="site-nav"')[2].partition("</nav>")[0]
    assert "Source code" in menu and "Not in the nav" not in menu


def test_a_nav_change_re_renders_every_page(tmp_path: Path, run_cli: Callable[..., Run]) -> None:
    site = copy_site("mkdocs-nav", tmp_path / "site")
    out, fresh = tmp_path / "public", tmp_path / "fresh"
    assert run_cli("build", "-s", site, "-o", out).code == 0
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  - Features:", "  - Core features:").replace(
            "Routing: routing.md", "Routes: routing.md"
        ),
        encoding="utf-8",
    )
    assert run_cli("build", "-s", site, "-o", out).code == 0
    assert run_cli("build", "--no-cache", "-s", site, "-o", fresh).code == 0
    built = {k: v for k, v in tree_bytes(out).items() if k != MARKER}
    assert built == {k: v for k, v in tree_bytes(fresh).items() if k != MARKER}
    assert b"<summary>Core features</summary>" in built["middleware/index.html"]
    assert b">Routes</a>" in built["unlisted/index.html"]


def test_a_nav_entry_naming_no_page_is_warned_of_at_its_line(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    """MkDocs warns of it; mvsite left it (and a group it was alone in) out of the menu
    without a word, even with --strict."""
    site = copy_site("mkdocs-nav", tmp_path / "site")
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        .replace("guide/deploy.md", "guide/deplyo.md")
        .replace("  - Release notes: release-notes.md", "  - Gone: gone.md"),
        encoding="utf-8",
    )
    built = run_cli("build", "-s", site, "-o", tmp_path / "public")
    assert built.code == 0
    assert [
        line for line in built.err.splitlines() if "nav names" in line or "did you" in line
    ] == [
        "warning: mkdocs.yml:13: nav names 'guide/deplyo.md', which is not a page of the site"
        " (no such file, or a draft): it is left out of the menu",
        "  hint: did you mean 'guide/deploy.md'?",
        "warning: mkdocs.yml:14: nav names 'gone.md', which is not a page of the site (no such"
        " file, or a draft): it is left out of the menu",
    ]
    assert run_cli("build", "--strict", "-s", site, "-o", tmp_path / "strict").code == 1
