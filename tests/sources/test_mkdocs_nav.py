"""mkdocs.yml's nav -> the declared menu, each page's place and the titles it gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from mvsite.errors import SiteError
from mvsite.sources.mkdocs_nav import NavEntry, first_page, read_nav
from mvsite.sources.strict_yaml import parse_yaml

NAV = """\
nav:
  - Home: index.md
  - Features:
      - Routing: routing.md
      - ./middleware.md
      - Advanced:
          - advanced/testing.md
  - Guide:
      - guide/index.md
      - Deploy: guide/deploy.md
  - Source: https://example.org/src
"""


def _read(text: str) -> tuple[NavEntry, ...]:
    doc = parse_yaml(text, Path("mkdocs.yml"))
    return read_nav(doc, doc.value["nav"]).menu


def test_groups_pages_and_links_are_read_as_declared() -> None:
    doc = parse_yaml(NAV, Path("mkdocs.yml"))
    declared = read_nav(doc, doc.value["nav"])
    home, features, guide, source = declared.menu
    assert home == NavEntry("Home", page="index.md")
    assert features.title == "Features" and not features.page
    assert features.children[1] == NavEntry(None, page="middleware.md")
    assert features.children[2].children == (NavEntry(None, page="advanced/testing.md"),)
    assert source == NavEntry("Source", link="https://example.org/src")
    assert list(declared.order) == [
        "index.md",
        "routing.md",
        "middleware.md",
        "advanced/testing.md",
        "guide/index.md",
        "guide/deploy.md",
    ]
    # A group whose pages share a folder titles that folder's section; a folderless one does not.
    assert declared.titles == {
        "index.md": "Home",
        "routing.md": "Routing",
        "guide/": "Guide",
        "advanced/": "Advanced",
        "guide/deploy.md": "Deploy",
    }
    assert first_page(features) == "routing.md" and first_page(source) is None
    assert first_page(guide) == "guide/index.md"


def test_an_entry_of_another_shape_is_an_error_at_its_line() -> None:
    with pytest.raises(SiteError) as caught:
        _read("nav:\n  - Home: index.md\n  - Group:\n      - 3\n")
    assert caught.value.line == 4
    assert "a nav entry is 'page.md'" in caught.value.message
