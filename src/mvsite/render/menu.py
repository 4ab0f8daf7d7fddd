"""The menu a MkDocs nav declares, as each page shows it: groups with their titles (nested
to any depth), pages in nav order with nav titles, links as links, the page's groups open.

Pages the nav leaves out are built but not in the menu, as in MkDocs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from mvsite.sources.mkdocs_nav import NavEntry
from mvsite.sources.pages import Page


@dataclass(frozen=True, slots=True)
class MenuItem:
    title: str
    url: str = ""  # a page's site path without the base, or a link's URL; "" for a group
    children: tuple[MenuItem, ...] = ()  # a group's items
    external: bool = False  # a link the nav names, not a page of the site
    current: bool = False  # this page's item
    open: bool = False  # a group holding this page's item


def declared_menu(entries: tuple[NavEntry, ...], pages: Mapping[str, Page]) -> tuple[MenuItem, ...]:
    """The nav's entries -> the menu; a page not built (missing, draft) and a group left
    empty are left out."""
    items = (_item(entry, pages) for entry in entries)
    return tuple(item for item in items if item is not None)


def _item(entry: NavEntry, pages: Mapping[str, Page]) -> MenuItem | None:
    if entry.link:
        return MenuItem(entry.title or entry.link, entry.link, external=True)
    if entry.page:
        page = pages.get(entry.page)
        return MenuItem(entry.title or page.title, page.url) if page else None
    children = declared_menu(entry.children, pages)
    return MenuItem(entry.title or "", children=children) if children else None


def menu_for(menu: tuple[MenuItem, ...], url: str) -> tuple[MenuItem, ...]:
    """The menu as the page at `url` shows it: its item current, the groups holding it open.
    Items off its path are the tree's own objects."""
    return tuple(_marked(item, url) for item in menu)


def _marked(item: MenuItem, url: str) -> MenuItem:
    if item.children:
        children = menu_for(item.children, url)
        if any(c.current or c.open for c in children):
            return replace(item, children=children, open=True)
        return item
    if not item.external and item.url == url:
        return replace(item, current=True)
    return item


def menu_with_base(menu: tuple[MenuItem, ...], base: str) -> tuple[MenuItem, ...]:
    """The menu with the site's base path before each page's URL."""
    if not base:
        return menu
    return tuple(
        replace(item, children=menu_with_base(item.children, base))
        if item.children
        else item
        if item.external
        else replace(item, url=base + item.url)
        for item in menu
    )
