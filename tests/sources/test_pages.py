from __future__ import annotations

from pathlib import Path

import pytest

from mvsite.errors import SiteError
from mvsite.sources.config import Config
from mvsite.sources.content_files import find_sources
from mvsite.sources.pages import parse_page, select_pages

CONFIG = Config(root=Path("/site"))
SRC = Path("content/a.md")


def page(text: str, rel: str = "a.md", config: Config = CONFIG):  # type: ignore[no-untyped-def]
    return parse_page(text, rel, SRC, config)


def test_front_matter_is_optional_and_the_title_can_come_from_the_first_h1() -> None:
    result = page("Intro line\n\n# The Title #\n\nText\n")
    assert result.title == "The Title"
    assert result.body == "Intro line\n\n\n\nText\n"  # the heading leaves, the lines stay


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("# `@scope/tool`", "@scope/tool"),
        ("# [libcbor](https://github.com/PJK/libcbor)", "libcbor"),
        ("# ssri [![npm](https://img.shields.io/npm/v/ssri.svg)](https://npm.im/ssri)", "ssri"),
        ("# The *fast* and __safe__ way {#way}", "The fast and safe way"),
        ("# snake_case_name & C\\#", "snake_case_name & C#"),
        ('# <a name="top"></a> Top', '<a name="top"></a> Top'),  # raw HTML is text here
        ("# ![Acme](logo.svg)", "Acme"),  # only an image: its alt text
    ],
)
def test_a_title_from_the_h1_is_its_text_as_a_reader_sees_it(heading: str, title: str) -> None:
    result = page(f"{heading}\n\nText\n")
    assert (result.title, result.heading_from_body, result.body) == (title, True, "\n\nText\n")


def test_with_raw_html_allowed_a_title_is_the_text_of_its_html() -> None:
    config = Config(root=Path("/site"), allow_html=True)
    assert page('# <a name="top"></a> Top\n', config=config).title == "Top"


def test_a_heading_of_many_spaces_is_read_in_one_walk() -> None:
    result = page("# a" + " " * 40_000 + "b ##\n\nText\n")
    assert result.title == "a" + " " * 40_000 + "b"


def test_an_h1_that_shows_no_text_stays_in_the_body_and_the_file_names_the_page() -> None:
    result = page("# ![](logo.svg)\n\nText\n", rel="guide/start_here.md")
    assert (result.title, result.title_from_name) == ("Start here", True)
    assert result.body == "# ![](logo.svg)\n\nText\n"


def test_a_heading_inside_a_code_fence_is_not_a_title() -> None:
    assert page("```\n# not a title\n```\n", rel="api/getting_started.md").title == (
        "Getting started"
    )


@pytest.mark.parametrize(
    ("rel", "body", "title", "named"),
    [
        ("api/module-reference.md", "::: package.module\n", "Module reference", True),
        ("snippet.md", "", "Snippet", True),
        ("guide/index.md", "Text.\n", "Guide", True),
        ("index.md", "Text.\n", "My site", True),
        ("a.md", "Intro.\n\n# Real title\n", "Real title", False),
    ],
)
def test_a_page_without_a_title_is_named_after_its_file(
    rel: str, body: str, title: str, named: bool
) -> None:
    result = page(body, rel=rel)
    assert (result.title, result.title_from_name) == (title, named)


def test_a_section_without_a_title_is_named_after_its_folder() -> None:
    assert page("", rel="life-science/_index.md").title == "Life science"


def test_a_section_cannot_have_a_slug() -> None:
    with pytest.raises(SiteError, match="a section cannot have a slug"):
        page("---\ntitle: A\nslug: b\n---\n", rel="x/_index.md")


def test_drafts_and_draft_sections_are_left_out(tmp_path: Path) -> None:
    found = {
        "a.md": page("---\ntitle: A\ndraft: true\n---\n"),
        "s/_index.md": page("---\ntitle: S\ndraft: true\n---\n", rel="s/_index.md"),
        "s/x.md": page("# X\n", rel="s/x.md"),
        "b.md": page("# B\n", rel="b.md"),
    }
    sources = find_sources(tmp_path, tmp_path)
    published = select_pages(found, sources, CONFIG, drafts=False)
    assert [p.rel for p in published] == ["_index.md", "b.md"]
    everything = select_pages(found, sources, CONFIG, drafts=True)
    assert [p.rel for p in everything] == ["_index.md", "a.md", "b.md", "s/_index.md", "s/x.md"]
