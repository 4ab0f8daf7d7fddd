from __future__ import annotations

from pathlib import Path

import pytest

from mvsite.errors import SiteError
from mvsite.render.navigation import SECTION_WINDOW, build_tree, page_nav
from mvsite.sources.config import Config
from mvsite.sources.pages import parse_page

CONFIG = Config(root=Path("/site"), title="Site")


def make(rel: str, title: str, weight: int = 0):  # type: ignore[no-untyped-def]
    return parse_page(f"---\ntitle: {title}\nweight: {weight}\n---\n", rel, Path(rel), CONFIG)


PAGES = (
    make("_index.md", "Home"),
    make("about.md", "About", 9),
    make("guide/_index.md", "Guide", 1),
    make("guide/b.md", "Beta"),
    make("guide/a.md", "alpha"),
    make("guide/first.md", "Zeta", -1),
    make("guide/deep/_index.md", "Deep"),
    make("guide/deep/x.md", "X"),
)


def test_children_are_ordered_by_weight_then_title() -> None:
    tree = build_tree(PAGES, CONFIG)
    assert [p.title for p in tree.sections["guide"].pages] == ["Zeta", "alpha", "Beta"]
    assert [p.title for p in tree.sections["guide"].subsections] == ["Deep"]
    assert [p.title for p in tree.top] == ["Guide", "About"]


def test_the_config_nav_order_comes_first() -> None:
    config = Config(root=Path("/site"), nav=("about",))
    assert [p.title for p in build_tree(PAGES, config).top] == ["About", "Guide"]


def test_an_unknown_nav_name_is_an_error() -> None:
    config = Config(root=Path("/site"), nav=("nope",), lines={"nav": 4})
    with pytest.raises(SiteError) as caught:
        build_tree(PAGES, config)
    assert caught.value.line == 4
    assert caught.value.hint == "top-level names: about, guide"


def test_a_page_knows_its_crumbs_neighbours_and_section() -> None:
    tree = build_tree(PAGES, CONFIG)
    nav = page_nav(PAGES[4], tree)  # alpha
    assert [c.title for c in nav.breadcrumbs] == ["Home", "Guide", "alpha"]
    assert nav.breadcrumbs[-1].current
    assert (nav.previous and nav.previous.title, nav.next and nav.next.title) == ("Zeta", "Beta")
    assert nav.section is not None and nav.section.url == "/guide/"
    assert [(i.title, i.current) for i in nav.top] == [("Guide", True), ("About", False)]
    deep = page_nav(PAGES[7], tree)
    assert [c.title for c in deep.breadcrumbs] == ["Home", "Guide", "Deep", "X"]


def test_a_root_page_has_no_section_navigation() -> None:
    nav = page_nav(PAGES[1], build_tree(PAGES, CONFIG))
    assert (nav.section, nav.section_pages, nav.previous) == (None, (), None)


def test_the_section_window_stays_small_in_a_large_section() -> None:
    pages = (make(f"s/p{i:04}.md", f"P{i:04}") for i in range(500))
    many = (make("_index.md", "Home"), make("s/_index.md", "S"), *pages)
    tree = build_tree(many, CONFIG)
    nav = page_nav(many[250], tree)
    assert nav.section_pages[SECTION_WINDOW // 2].current
    assert len(nav.section_pages) == SECTION_WINDOW
    assert len(page_nav(many[2], tree).section_pages) == SECTION_WINDOW
