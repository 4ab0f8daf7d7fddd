"""View keys: they change exactly when what a page's template sees of its navigation does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path

import pytest
from markupsafe import Markup

from mvsite.build.page_keys import ViewKeys, targets_key
from mvsite.build.pipeline import BuildOptions, build_site
from mvsite.build.plan import page_view
from mvsite.markdown.converted import LinkTargets
from mvsite.render.navigation import NavItem
from mvsite.render.templates import PageView
from mvsite.sources.config import Config

from ..conftest import SiteFiles
from .test_page_stage import _many_pages


def test_view_keys_cover_every_navigation_field() -> None:
    """page_keys.ViewKeys writes navigation as titles and urls (`current` follows from the url):
    a new NavItem or PageView field must join the key."""
    assert [f.name for f in fields(NavItem)] == ["title", "url", "current"]
    assert [f.name for f in fields(PageView)] == [
        *("title", "description", "url", "permalink", "html", "toc", "date", "updated"),
        *("tags", "extra", "meta", "source", "is_section", "is_home", "draft", "pages", "nav"),
        *("lang", "content_lang", "versions", "heading", "heading_from_body"),  # the page's own
    ]


@pytest.mark.parametrize(
    "change",
    [
        ("content/notes/p0030.md", "title: Page 0030", "title: Renamed"),
        ("content/notes/p0005.md", "description: D", "description: D\nweight: 9"),
        ("content/notes/p0059.md", "title: Page 0059", "title: Page 0000a"),
        ("content/notes/_index.md", "title: Notes", "title: Jottings"),
        ("content/notes/deep/_index.md", "title: Deep", "title: Deeper"),
    ],
)
def test_a_view_key_changes_exactly_when_the_view_does(
    make_site: Callable[[SiteFiles], Path], change: tuple[str, str, str]
) -> None:
    files = {
        **_many_pages(60),
        "content/notes/_index.md": "---\ntitle: Notes\ndescription: D\n---\n",
        "content/notes/deep/_index.md": "---\ntitle: Deep\ndescription: D\n---\n",
        "content/notes/deep/one.md": "---\ntitle: One\ndescription: D\n---\nx\n",
    }
    rel, old, new = change
    before = build_site(BuildOptions(make_site(files)))
    after = build_site(BuildOptions(make_site({**files, rel: files[rel].replace(old, new)})))
    views, keys = {}, {}
    for site in (before, after):
        key = ViewKeys(site.tree)
        for page in site.pages:
            view = page_view(page, site.tree, site.config)
            views.setdefault(page.rel, []).append(replace(view, html=Markup()))
            keys.setdefault(page.rel, []).append(key.key(page))
    changed = {rel for rel, (one, two) in views.items() if one != two}
    assert changed
    assert {rel for rel, (one, two) in keys.items() if one != two} == changed


def test_the_markdown_key_covers_where_each_languages_links_point() -> None:
    """A translation added moves no English link, but the Danish pages' links to it no longer
    say hreflang="en"; a translation's slug moves only the Danish links: both change the key."""
    config = Config(root=Path("/site"))
    english = LinkTargets(pages={"about.md": "/about/"}, assets=frozenset())
    copy = replace(english, pages={"about.md": "/da/about/"}, hreflang={"about.md": "en"})
    translated = replace(copy, hreflang={})
    moved = replace(translated, pages={"about.md": "/da/om/"})
    keys = {
        targets_key(replace(english, views={"en": english, "da": view}), config)
        for view in (copy, translated, moved)
    }
    assert len(keys) == 3
