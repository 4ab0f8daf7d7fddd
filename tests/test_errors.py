"""SiteError's one-line form, and how a list of warnings is printed."""

from __future__ import annotations

from pathlib import Path

from mvsite.errors import SHOWN_PER_KIND, SiteError, warning_lines


def test_an_error_prints_its_place_message_and_hint() -> None:
    error = SiteError("bad thing", "content/a.md", 3, "fix it")
    assert str(error) == "content/a.md:3: bad thing\n  hint: fix it"
    assert str(SiteError("no place")) == "mvsite: no place"
    assert error.at(Path("content/b.md"), 2).location == "content/b.md:5"


def test_many_warnings_of_one_kind_are_counted_not_all_printed() -> None:
    missing = [SiteError("no description", f"content/p{i}.md", 1, "add one") for i in range(25)]
    other = SiteError("no base_url", "mvsite.yaml", None, "set it")
    lines = warning_lines([missing[0], other, *missing[1:]], "warning")
    assert lines[:2] == [
        "warning: content/p0.md:1: no description\n  hint: add one",
        "warning: mvsite.yaml: no base_url\n  hint: set it",
    ]
    assert len(lines) == SHOWN_PER_KIND + 2
    assert lines[-1] == (
        f"warning: {25 - SHOWN_PER_KIND} more like this: no description\n"
        "  hint: `mvsite check` lists every one, with its file and line"
    )
    assert warning_lines(missing[:SHOWN_PER_KIND], "error") == [
        f"error: {w}" for w in missing[:SHOWN_PER_KIND]
    ]
