"""Watching the sources: which paths count, and a write held back until it is done."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from mvsite.serve.watch import CHANGE, DONE, MAX_WRITE_WAIT, WRITE, Saves, is_source, watch_sources

from ..conftest import write_tree
from .conftest import FILES


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
        (".mvsite-cache/build.sqlite", False),
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
