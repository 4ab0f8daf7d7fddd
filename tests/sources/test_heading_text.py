from __future__ import annotations

import pytest

from mvsite.sources import heading_text as module
from mvsite.sources.heading_text import heading_text


def test_a_heading_without_markup_is_its_own_text_and_is_not_converted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(module.markdown, "Markdown", None)  # would raise if called
    assert heading_text("Getting started: 1-2-3 (fast)", False) == "Getting started: 1-2-3 (fast)"


def test_a_heading_that_takes_too_long_to_convert_is_left_as_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`<a ` thousands of times takes Python-Markdown minutes; the title stays as written."""
    monkeypatch.setattr(module, "_MOST_SECONDS", 0.01)
    hostile = "<a " * 3000
    assert heading_text(hostile, True) == hostile
    assert heading_text("`tool`", True) == "tool"  # the limit is per heading


@pytest.mark.parametrize(
    ("written", "allow_html", "text"),
    [
        ("Option<T>", False, "Option<T>"),  # raw HTML is text where the page shows it so
        ("The <b>bold</b> way", True, "The bold way"),
        ("&#" + "1" * 5000 + ";", False, "&#" + "1" * 5000 + ";"),  # html.unescape refuses it
        ("Title { #top }", False, "Title"),
        ("Titre {: lang=fr }", False, "Titre"),
        ("Set {a, b}", False, "Set {a, b}"),  # no attribute list
    ],
)
def test_what_a_heading_shows(written: str, allow_html: bool, text: str) -> None:
    assert heading_text(written, allow_html) == text
