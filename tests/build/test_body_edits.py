"""Text edited in pages' bodies is rebuilt from the cache's records alone, and leaves exactly
what a full build leaves; any other change is left to the full build."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from mvsite.build import body_edits, build_record, read_pages
from mvsite.build import pipeline as site
from mvsite.build.cache import INDEX_FILE
from mvsite.sources.site_paths import CACHE_DIR

from ..conftest import SECONDS_LATER, Run, copy_site, tree_bytes


class _Built(Exception):
    pass


def _refuse(*args: object, **kwargs: object) -> None:
    raise _Built


@pytest.fixture
def built(tmp_path: Path, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> Path:
    """The basic site, built; its sources saved seconds before each build (not racy)."""
    for module in (build_record, read_pages, body_edits):
        monkeypatch.setattr(module, "time", SECONDS_LATER)
    source = copy_site("basic", tmp_path / "site")
    assert run_cli("build", "--source", source).code == 0
    return source


@pytest.fixture
def shortcut(run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], Run]:
    """`mvsite build` of a site, in which the full build raises _Built."""

    def build(source: Path) -> Run:
        with monkeypatch.context() as patch:
            patch.setattr(site, "build_site", _refuse)
            return run_cli("build", "--source", source)

    return build


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def _full_build(source: Path, run_cli: Callable[..., Run]) -> tuple[int, dict[str, bytes]]:
    """The exit code and output of a build of a copy of `source` without the cache."""
    full = source.parent / "full"
    shutil.rmtree(full, ignore_errors=True)
    shutil.copytree(source, full, ignore=shutil.ignore_patterns(CACHE_DIR, "public", ".public*"))
    code = run_cli("build", "--source", full, "--no-cache").code
    return code, tree_bytes(full / "public") if (full / "public").is_dir() else {}


def _as_a_full_build_leaves(source: Path, run_cli: Callable[..., Run]) -> dict[str, bytes]:
    code, published = _full_build(source, run_cli)
    assert code == 0
    return published


FIRST = "content/guide/first.md"


def test_a_body_edit_is_rebuilt_alone_and_leaves_what_a_full_build_leaves(
    built: Path, run_cli: Callable[..., Run], shortcut: Callable[[Path], Run]
) -> None:
    _edit(built / FIRST, "An intro", "A new intro")
    edited = shortcut(built)
    again = shortcut(built)  # and the record holds for a no-op
    assert edited.code == 0 and " 1 file written, " in edited.out
    assert again.code == 0 and " 0 files written, " in again.out
    assert any(b"A new intro" in data for data in tree_bytes(built / "public").values())
    assert tree_bytes(built / "public") == _as_a_full_build_leaves(built, run_cli)
    # The cache it left is as good as a full build's: a template change after it.
    _edit(built / "templates/special.html", "members:", "people:")
    assert run_cli("build", "--source", built).code == 0
    assert tree_bytes(built / "public") == _as_a_full_build_leaves(built, run_cli)


def test_it_says_what_the_last_build_said(
    built: Path, run_cli: Callable[..., Run], shortcut: Callable[[Path], Run]
) -> None:
    """The warnings of the last build (no page's own) are still the site's."""
    said = run_cli("build", "--source", built, "--no-cache")
    _edit(built / FIRST, "An intro", "A new intro")
    edited = shortcut(built)
    assert edited.err == said.err and "warning: " in edited.err


def test_a_page_saved_again_as_it_was_is_left_as_it_was(
    built: Path, run_cli: Callable[..., Run], shortcut: Callable[[Path], Run]
) -> None:
    """Its record in the index has no body: the page is read anew, never rendered empty."""
    page = built / FIRST
    page.write_text(page.read_text())
    published = tree_bytes(built / "public")
    run = shortcut(built)
    assert run.code == 0 and " 0 files written, " in run.out
    assert tree_bytes(built / "public") == published


def test_a_site_with_a_search_index_is_left_to_the_full_build(
    built: Path, run_cli: Callable[..., Run], shortcut: Callable[[Path], Run]
) -> None:
    """The index holds every page's text."""
    config = built / "mvsite.yaml"
    config.write_text(config.read_text() + "search: true\n")
    assert run_cli("build", "--source", built).code == 0
    _edit(built / FIRST, "An intro", "A new intro")
    with pytest.raises(_Built):
        shortcut(built)


def test_a_link_to_an_anchor_of_another_page_is_checked_by_its_ids(
    built: Path, run_cli: Callable[..., Run], shortcut: Callable[[Path], Run]
) -> None:
    _edit(built / FIRST, "An intro", "An intro ([more](second.md#details))")
    assert shortcut(built).code == 0
    assert tree_bytes(built / "public") == _as_a_full_build_leaves(built, run_cli)


LEFT_TO_THE_FULL_BUILD: dict[str, Callable[[Path], None]] = {
    "front matter": lambda s: _edit(s / FIRST, "weight: 1", "weight: 3"),
    "a new heading (a new id)": lambda s: _edit(s / FIRST, "An intro", "## Start\n\nAn intro"),
    "a heading out of the TOC (an id the template made)": lambda s: _edit(
        s / FIRST, "## Tables and notes", "##### Tables and notes"
    ),
    "a link to no page": lambda s: _edit(s / FIRST, "An intro", "[An](missing.md) intro"),
    "a link to no anchor": lambda s: _edit(s / FIRST, "An intro", "[An](second.md#nope) intro"),
    "a body and a template": lambda s: (
        _edit(s / FIRST, "An intro", "A new intro"),
        _edit(s / "templates/special.html", "members:", "people:"),
    ),
    "a new page": lambda s: (s / "content/guide/third.md").write_text("# Third\n\nNew.\n"),
    "a draft (not published)": lambda s: _edit(s / "content/guide/draft.md", "Not yet.", "Soon."),
}


@pytest.mark.parametrize("change", sorted(LEFT_TO_THE_FULL_BUILD))
def test_any_other_change_is_left_to_the_full_build(
    change: str, built: Path, run_cli: Callable[..., Run], shortcut: Callable[[Path], Run]
) -> None:
    LEFT_TO_THE_FULL_BUILD[change](built)
    published = tree_bytes(built / "public")
    with pytest.raises(_Built):
        shortcut(built)
    assert tree_bytes(built / "public") == published  # the shortcut wrote nothing
    code = run_cli("build", "--source", built).code
    full_code, full_published = _full_build(built, run_cli)
    assert code == full_code
    assert code or tree_bytes(built / "public") == full_published


def test_a_page_in_another_language_is_rebuilt_alone(
    tmp_path: Path,
    run_cli: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
    shortcut: Callable[[Path], Run],
) -> None:
    for module in (build_record, read_pages, body_edits):
        monkeypatch.setattr(module, "time", SECONDS_LATER)
    source = copy_site("languages", tmp_path / "site")
    assert run_cli("build", "--source", source).code == 0
    page = source / "content/research/cancer.da.md"
    page.write_text(page.read_text() + "\nEn ny sætning.\n")
    assert shortcut(source).code == 0
    assert tree_bytes(source / "public") == _as_a_full_build_leaves(source, run_cli)


def test_a_cache_saved_by_another_build_since_the_record_is_left_alone(
    built: Path, run_cli: Callable[..., Run], shortcut: Callable[[Path], Run]
) -> None:
    """The record names the version of the cache's index its build saved."""
    with sqlite3.connect(built / CACHE_DIR / INDEX_FILE) as index:
        index.execute("UPDATE meta SET value = value + 1 WHERE name = 'generation'")
    _edit(built / FIRST, "An intro", "A new intro")
    with pytest.raises(_Built):
        shortcut(built)


def test_an_id_a_template_made_is_checked_where_other_pages_link_to_it(
    built: Path, run_cli: Callable[..., Run]
) -> None:
    """The theme's TOC has id="page-contents" only for a page with two or more headings in
    it: a heading moved out of its levels keeps its own id, yet takes the TOC's away, and a
    link to it no longer arrives. (Found by review: the shortcut published the broken link.)"""
    about = built / "content/about.md"
    about.write_text(about.read_text() + "\nSee [contents](/guide/first/#page-contents).\n")
    assert run_cli("build", "--source", built).code == 0
    _edit(built / FIRST, "## Tables and notes", "##### Tables and notes")
    edited = run_cli("build", "--source", built)
    assert edited.code == 1 and "'page-contents'" in edited.err
    assert _full_build(built, run_cli)[0] == 1


def test_an_mkdocs_anchor_warning_ends_when_a_template_makes_the_id(
    tmp_path: Path, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On an MkDocs site a missing anchor is a warning: a heading moved into the TOC's levels
    makes the page's id="page-contents", and the warning of a link to it ends."""
    for module in (build_record, read_pages, body_edits):
        monkeypatch.setattr(module, "time", SECONDS_LATER)
    source = copy_site("mkdocs-nav", tmp_path / "site")
    routing, middleware = source / "docs/routing.md", source / "docs/middleware.md"
    routing.write_text(routing.read_text() + "\n## Alpha\n\nText.\n\n##### Beta\n\nMore.\n")
    middleware.write_text(middleware.read_text() + "\nSee [toc](routing.md#page-contents).\n")
    first = run_cli("build", "--source", source)
    assert first.code == 0 and "'page-contents'" in first.err
    _edit(routing, "##### Beta", "## Beta")
    edited = run_cli("build", "--source", source)
    assert edited.code == 0 and "'page-contents'" not in edited.err
    assert tree_bytes(source / "public") == _as_a_full_build_leaves(source, run_cli)
