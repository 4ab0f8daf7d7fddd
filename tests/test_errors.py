"""SiteError's form as an exception, and its place."""

from __future__ import annotations

from pathlib import Path

from mvsite.errors import SiteError


def test_an_error_prints_its_place_message_and_hint() -> None:
    error = SiteError("bad thing", Path("content/a.md"), 3, "fix it")
    assert str(error) == "content/a.md:3: bad thing\n  hint: fix it"
    assert str(SiteError("no place")) == "mvsite: no place"
    assert error.at(Path("content/b.md"), 2).location == "content/b.md:5"


def test_the_mistakes_found_with_an_error_move_with_it() -> None:
    error = SiteError("first", None, 2, also=(SiteError("second", None, 3),))
    moved = error.at(Path("content/a.md"), 4)
    assert [(e.path, e.line) for e in (moved, *moved.also)] == [
        (Path("content/a.md"), 6),
        (Path("content/a.md"), 7),
    ]
