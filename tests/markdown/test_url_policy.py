from __future__ import annotations

import pytest

from mvsite.markdown.url_policy import is_allowed_url, keep_url, srcset_urls


@pytest.mark.parametrize(
    ("srcset", "urls"),
    [
        ("logo.png", ["logo.png"]),
        ("a.png 1x, b.png 2x", ["a.png", "b.png"]),
        ("a.png 480w,b.png 800w", ["a.png", "b.png"]),  # no space after the comma
        ("a.png, b.png 2x", ["a.png", "b.png"]),  # a URL's trailing comma ends the candidate
        ("data:image/png;base64,AA== 1x, b.png 2x", ["data:image/png;base64,AA==", "b.png"]),
        (" , ,  ", []),
        ("", []),
    ],
)
def test_srcset_urls_are_read_as_html_reads_them(srcset: str, urls: list[str]) -> None:
    assert srcset_urls(srcset) == urls


@pytest.mark.parametrize(
    ("tag", "name", "value", "kept"),
    [
        ("a", "href", "https://example.org/", True),
        ("a", "href", "../guide/", True),
        ("a", "href", " JavaScript:alert(1)", False),
        ("a", "href", "java\tscript:alert(1)", False),
        ("a", "href", "data:image/png;base64,AA==", False),
        ("img", "src", "data:image/png;base64,AA==", True),
        ("img", "src", "data:text/html,x", False),
        ("source", "srcset", "a.png 1x, https://cdn.example.org/b.png 2x", True),
        ("source", "srcset", "a.png 1x, javascript:alert(1) 2x", False),
        ("img", "srcset", "data:image/svg+xml,AA 1x", True),
    ],
)
def test_one_answer_for_which_urls_a_page_keeps(
    tag: str, name: str, value: str, kept: bool
) -> None:
    assert is_allowed_url(tag, name, value) is kept
    assert keep_url(tag, name, value) == (value if kept else None)


def test_attributes_that_hold_no_url_pass_the_filter() -> None:
    assert keep_url("img", "alt", "javascript: a language") == "javascript: a language"
