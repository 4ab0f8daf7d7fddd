"""Hugo's TOML front matter (`+++`) is read as YAML front matter is: typed, checked and located."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mvsite.errors import SiteError
from mvsite.sources.toml_front_matter import parse_toml
from tests.sources.test_pages import page

HUGO_PAGE = """\
+++
title = "Cancer research"
date = 2024-05-02T09:30:00+02:00
draft = false
weight = 3
tags = ["oncology", "trials"]
aliases = ["/old/cancer/"]
[extra]
lead = true
+++

Text.
"""


def test_a_hugo_page_is_read_as_its_yaml_twin() -> None:
    result = page(HUGO_PAGE)
    meta = result.meta
    assert (result.title, meta.date, meta.draft, meta.weight) == (
        "Cancer research",
        dt.date(2024, 5, 2),
        False,
        3,
    )
    assert (meta.tags, meta.aliases, meta.extra) == (
        ("oncology", "trials"),
        ("/old/cancer/",),
        {"lead": True},
    )
    assert (result.body, result.body_line) == ("\nText.\n", 11)
    assert meta.lines["weight"] == 5


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ('draft = "no"', "content/a.md:3: 'draft' must be true or false (got 'no')"),
        ("tilte = 3", "content/a.md:3: unknown key 'tilte'"),
        ('title = "open', "content/a.md:3: TOML: Illegal character '\\n'"),
        ("date = 1\ndate = 2", "content/a.md:4: TOML: Cannot overwrite a value"),
        ("[extra]\nk = 1\n[extra]", "content/a.md:5: TOML: Cannot declare ('extra',) twice"),
    ],
)
def test_mistakes_are_said_at_their_line(front: str, message: str) -> None:
    with pytest.raises(SiteError) as caught:
        page(f'+++\ntitle = "A"\n{front}\n+++\nBody\n')
    assert str(caught.value).split("\n")[0] == message


def test_an_unclosed_block_names_its_own_delimiter() -> None:
    with pytest.raises(SiteError, match="add a line with just \\+\\+\\+ after"):
        page('+++\ntitle = "A"\n---\n')


def test_keys_of_tables_are_located_under_their_table() -> None:
    doc = parse_toml('a = 1\n[extra]\na = "x"\n', Path("p.md"), first_line=2)
    assert (doc.line_of(("a",)), doc.line_of(("extra",)), doc.line_of(("extra", "a"))) == (2, 3, 4)


def test_a_hugo_archetypes_quoted_date_is_a_date() -> None:
    result = page("+++\ntitle = 'A'\ndate = '2024-01-14T07:07:07+01:00'\n+++\nBody\n")
    assert result.meta.date == dt.date(2024, 1, 14)


@pytest.mark.parametrize(
    ("front", "message"),
    [
        (  # a line of a multi-line string is no key
            'description = """\ndate = 5\n"""\ndate = "soon"',
            "content/a.md:5: 'date' must be a date (got 'soon')\n  hint: write dates as",
        ),
        (
            "title = 1",
            "content/a.md:2: 'title' must be text (got 1)\n  hint: put it in quotes: title = \"1\"",
        ),
        (
            "title = 'A'\ntags = 3",
            "content/a.md:3: 'tags' must be a list of text (got 3)\n"
            '  hint: write tags = ["first", "second"]',
        ),
        (
            "title = 'A'\n[extra.deep]\nk = 1\n[slug]\nx = 1",
            "content/a.md:5: 'slug' must be text (got {'x': 1})",
        ),
        ("title = 'A'\nextra.k = 1\nslug.x = 1", "content/a.md:4: 'slug' must be text"),
        (f"x = {'[' * 40}{']' * 40}", "content/a.md:2: front matter nests more than 32 lists"),
        (f"x = {'[' * 2000}{']' * 2000}", "content/a.md:2: front matter nests more than 32 lists"),
    ],
)
def test_toml_is_located_and_said_in_its_own_syntax(front: str, message: str) -> None:
    with pytest.raises(SiteError) as caught:
        page(f"+++\n{front}\n+++\nBody\n")
    assert str(caught.value).startswith(message), str(caught.value)


def test_the_opening_line_is_read_one_way_by_both_halves() -> None:
    """A line separator (U+2028) after +++: split and parsed as TOML alike, so unclosed."""
    with pytest.raises(SiteError, match="never closed"):
        page("+++\u2028\ntitle: A\n---\nBody\n")


def test_a_line_separator_in_a_value_moves_no_line() -> None:
    result = page('+++\ntitle = "Home\u2028page"\n+++\nBody\n')
    assert (result.title, result.body_line) == ("Home\u2028page", 4)
