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
