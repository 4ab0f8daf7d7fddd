"""SiteError's form as an exception, and its place."""

from __future__ import annotations

from pathlib import Path

from mvsite.errors import SiteError, all_in_one, first_of_each


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


def test_first_of_each_keeps_one_of_each_place_and_message_in_order() -> None:
    """A page's copies in other languages warn of what it warns of: once is enough."""
    copy = SiteError("page has no description", Path("content/a.md"), 1, "add one")
    other = SiteError("raw HTML is shown as text", Path("content/a.md"), 5)
    found = [copy, other, SiteError("page has no description", Path("content/a.md"), 1)]
    assert first_of_each(found) == [copy, other]
    elsewhere = SiteError("page has no description", Path("content/b.md"), 1)
    assert first_of_each([copy, elsewhere]) == [copy, elsewhere]


def test_mistakes_found_together_are_one_error_in_line_order_each_once() -> None:
    late, early = SiteError("b", Path("a.md"), 7), SiteError("a", Path("a.md"), 2, "fix")
    together = all_in_one([late, early, SiteError("b", Path("a.md"), 7)])
    assert together is not None and [(e.line, e.message) for e in together.each] == [
        (2, "a"),
        (7, "b"),
    ]
    assert together.hint == "fix" and all_in_one([]) is None
