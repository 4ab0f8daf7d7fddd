"""mkdocs.yml's `nav` -> the menu it declares (NavEntry), and each page's place and title.

A nav entry is `page.md`, `Title: page.md`, `Title: https://...` (a link) or `Title:` over a
list (a group, which need not match a folder: MkDocs shows it as a titled section).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field

from mvsite.sources.strict_yaml import YamlDoc


@dataclass(frozen=True, slots=True)
class NavEntry:
    """One entry of the declared menu: a page (its rel), a link (its URL) or a group."""

    title: str | None  # None: the page's own title
    page: str = ""  # the page's rel under the docs folder
    link: str = ""  # an external (or absolute) URL
    children: tuple[NavEntry, ...] = ()
    line: int | None = field(default=None, compare=False)  # where the config names it


def named_pages(entries: tuple[NavEntry, ...]) -> Iterator[NavEntry]:
    """Every entry that names a page, depth first."""
    for entry in entries:
        if entry.page:
            yield entry
        yield from named_pages(entry.children)


@dataclass(frozen=True)
class DeclaredNav:
    """What a nav says: the menu, each page's place in it, the titles it gives."""

    menu: tuple[NavEntry, ...] = ()
    order: dict[str, int] = field(default_factory=dict)  # page rel -> place in nav
    titles: dict[str, str] = field(default_factory=dict)  # rel (folder/: section) -> title


def read_nav(doc: YamlDoc, nav: list[object]) -> DeclaredNav:
    """The nav's items -> DeclaredNav (an entry of another shape is an error at its line)."""
    declared = DeclaredNav()
    menu = tuple(_entry(doc, ("nav", i), item, declared) for i, item in enumerate(nav))
    return DeclaredNav(menu, declared.order, declared.titles)


def first_page(entry: NavEntry) -> str | None:
    """The first page an entry names, depth first (none for a link or an empty group)."""
    if entry.page:
        return entry.page
    return next((p for c in entry.children if (p := first_page(c)) is not None), None)


def _entry(
    doc: YamlDoc, key: tuple[str | int, ...], item: object, declared: DeclaredNav
) -> NavEntry:
    title, target = None, item
    if isinstance(item, dict) and len(item) == 1:
        title, target = next(iter(item.items()))
        title = str(title)
        key = (*key, title)
    if isinstance(target, list):
        children = tuple(_entry(doc, (*key, i), sub, declared) for i, sub in enumerate(target))
        pages = [p for c in children if (p := first_page(c)) is not None]
        folder = posixpath.commonpath([p.rpartition("/")[0] for p in pages]) if pages else ""
        if title is not None and folder:
            declared.titles.setdefault(folder + "/", title)  # the section's own title
        return NavEntry(title or "", children=children)
    if not isinstance(target, str):
        raise doc.error(key, "a nav entry is 'page.md', 'Title: page.md' or a titled list")
    if "://" in target or target.startswith(("/", "#", "mailto:")):
        return NavEntry(title or target, link=target)
    rel = target.removeprefix("./")
    declared.order.setdefault(rel, len(declared.order))
    if title is not None:
        declared.titles[rel] = title
    return NavEntry(title, page=rel, line=doc.line_of(key))
