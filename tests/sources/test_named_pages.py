from __future__ import annotations

from pathlib import Path

import pytest

from mvsite.errors import SiteError
from mvsite.sources.data import parse_figures
from mvsite.sources.front_matter import FrontMatter
from mvsite.sources.named_pages import check_area_pages, close_page
from mvsite.sources.pages import Page
from mvsite.sources.strict_yaml import parse_yaml

FIGURES = """\
sources:
  survey: {title: Survey, publisher: Office, retrieved: 2026-11-21}
areas:
  cancer:
    title: Cancer
    page: research/cancer.md
  diabetes: {title: Diabetes}
figures: {}
"""


def _page(rel: str, key: str = "") -> Page:
    return Page(Path("content") / rel, rel, "/" + rel, rel, FrontMatter(), "", 1, key=key)


def _error(pages: tuple[Page, ...], markdown: tuple[str, ...]) -> list[str]:
    figures = parse_figures(parse_yaml(FIGURES, Path("content/_data/figures.yaml")))
    with pytest.raises(SiteError) as caught:
        check_area_pages(figures, pages, markdown, {})
    return str(caught.value).splitlines()


def test_an_area_naming_a_draft_is_an_error_at_its_page_line() -> None:
    assert _error((_page("about.md"),), ("about.md", "research/cancer.md")) == [
        "content/_data/figures.yaml:6: area 'cancer' names research/cancer.md, which is a draft",
        "  hint: publish the page (draft: false), or build with --drafts to preview it",
    ]


def test_an_area_naming_a_page_renamed_or_gone_is_an_error_at_its_page_line() -> None:
    renamed = (_page("research/oncology.md"), _page("research/cancer.da.md", "research/cancer.md"))
    assert _error(renamed, ("research/oncology.md", "research/cancer.da.md")) == [
        "content/_data/figures.yaml:6: area 'cancer' names research/cancer.md,"
        " which does not exist",
        "  hint: publish the page, or change page: to the page's new path",
    ]
    misspelt = (_page("research/cancers.md"),)
    assert _error(misspelt, ("research/cancers.md",))[1] == (
        "  hint: did you mean 'research/cancers.md'?"
    )


def test_areas_naming_published_pages_or_none_pass() -> None:
    figures = parse_figures(parse_yaml(FIGURES, Path("content/_data/figures.yaml")))
    check_area_pages(figures, (_page("research/cancer.md"),), ("research/cancer.md",), {})
    check_area_pages(figures, (), (), {"research/cancer.md": "/research/cancer/"})  # failed
    check_area_pages(None, (), (), {})


def test_close_page_compares_names_without_md() -> None:
    assert close_page("abuot.md", ["about.md", "facts.md"]) == "about.md"
    assert close_page("team.md", ["about.md", "facts.md"]) is None
