"""The site's shape: sections, their ordered pages, and each page's navigation.

A page's navigation is kept small on purpose: the top-level items, plus a window of its
own section's pages. Output per page must not grow with the rest of the site.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mvsite.errors import SiteError
from mvsite.render.menu import MenuItem, declared_menu, menu_for
from mvsite.sources.config import Config
from mvsite.sources.languages import Language
from mvsite.sources.pages import Page

SECTION_WINDOW = 20


@dataclass(frozen=True, slots=True)
class NavItem:
    title: str
    url: str  # site path without the base
    current: bool = False


@dataclass(frozen=True, slots=True)
class Section:
    page: Page
    pages: tuple[Page, ...]
    subsections: tuple[Page, ...]


@dataclass(frozen=True, slots=True)
class SiteTree:
    sections: Mapping[str, Section]  # folder ('' for the root) -> Section
    top: tuple[Page, ...]  # the root's sections and pages, in navigation order
    positions: Mapping[str, int] = field(default_factory=dict)  # page rel -> index in section
    menu: tuple[MenuItem, ...] = ()  # the menu a MkDocs nav declares (menu.py)
    # NavItems many pages share, made once (page_nav): part of no comparison or repr.
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Version:
    """A page in one language of the site: for the language switcher and hreflang links."""

    code: str  # the language's code, as in hreflang
    name: str  # the language's name in itself: 'Dansk'
    url: str  # where the switcher goes: the translation, a copy, else the original
    current: bool  # the page this is part of
    fallback: bool  # no translation: `url` shows the original's text


def language_versions(
    page: Page, versions: Mapping[str, Page], languages: tuple[Language, ...]
) -> tuple[Version, ...]:
    """`page` in each of the site's languages (`versions`: its original's, by code)."""
    if len(languages) == 1:
        return ()
    original = versions.get(languages[0].code, page)
    found = []
    for language in languages:
        version = versions.get(language.code, original)
        untranslated = version.fallback or version.lang != language.code
        current = language.code == page.lang
        found.append(Version(language.code, language.name, version.url, current, untranslated))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class PageNav:
    top: tuple[NavItem, ...]
    section: NavItem | None  # the section this page is listed in (none at the root)
    section_pages: tuple[NavItem, ...]
    breadcrumbs: tuple[NavItem, ...]
    previous: NavItem | None
    next: NavItem | None
    menu: tuple[MenuItem, ...] = ()  # the declared menu, as this page shows it


def _orderer(config: Config) -> Callable[[Page], tuple[int, int, str, str]]:
    """The sort key of pages in menus: their place in a MkDocs nav (a section: its first
    page's), then weight, then title."""
    places = config.page_order
    unlisted = len(places)
    firsts: dict[str, int] = {}
    for rel, place in places.items():
        folder = rel.rpartition("/")[0]
        while folder:
            firsts[folder] = min(firsts.get(folder, unlisted), place)
            folder = folder.rpartition("/")[0]

    def order(page: Page) -> tuple[int, int, str, str]:
        place = places.get(
            page.original, firsts.get(page.folder, unlisted) if page.is_section else unlisted
        )
        return (place, page.meta.weight, page.title.casefold(), page.original)

    return order


def build_trees(pages: tuple[Page, ...], config: Config) -> dict[str, SiteTree]:
    """Language code -> the tree of that language's pages."""
    codes = (language.code for language in config.site_languages)
    return {code: build_tree(tuple(p for p in pages if p.lang == code), config) for code in codes}


def build_tree(pages: tuple[Page, ...], config: Config) -> SiteTree:
    """All pages (sections included) of one language -> SiteTree with ordered children."""
    _order = _orderer(config)
    section_pages = {p.folder: p for p in pages if p.is_section}
    children: dict[str, list[Page]] = {key: [] for key in section_pages}
    subsections: dict[str, list[Page]] = {key: [] for key in section_pages}
    for page in pages:
        if page.is_section and page.folder:
            subsections[page.section_key].append(page)
        elif not page.is_section:
            children[page.section_key].append(page)
    sections = {
        key: Section(
            section_pages[key],
            tuple(sorted(children[key], key=_order)),
            tuple(sorted(subsections[key], key=_order)),
        )
        for key in sorted(section_pages)
    }
    root = sections[""]
    positions = {p.rel: i for s in sections.values() for i, p in enumerate(s.pages)}
    return SiteTree(
        sections,
        _top_order(sorted((*root.subsections, *root.pages), key=_order), config),
        positions,
        declared_menu(config.menu, {p.rel: p for p in pages}),
    )


def _top_order(items: list[Page], config: Config) -> tuple[Page, ...]:
    by_name = {p.folder.rpartition("/")[2] if p.is_section else p.original[:-3]: p for p in items}
    for name in config.nav:
        if name not in by_name:
            raise SiteError(
                f"nav names '{name}', which is not a top-level section or page",
                config.file,
                config.lines.get("nav"),
                "top-level names: " + ", ".join(sorted(by_name)),
            )
    named = [by_name[name] for name in config.nav]
    return (*named, *(p for p in items if p not in named))


def _item(page: Page, current: Page) -> NavItem:
    return NavItem(page.title, page.url, page.url == current.url)


def page_nav(page: Page, tree: SiteTree) -> PageNav:
    """The navigation one page shows: top level, its section's window, crumbs, neighbours.

    Items that are not the page's own are the same objects for every page that shows them
    (made once per tree): 10,000 pages show 260,000 items, but only ~10,000 distinct ones.
    """
    top, own = _top_items(page, tree), _item(page, page)
    crumbs = _breadcrumbs(page, own, tree)
    key = page.folder if page.is_section else page.section_key
    menu = menu_for(tree.menu, page.url)
    if not key:
        return PageNav(top, None, (), crumbs, None, None, menu)
    section = tree.sections[key]
    siblings = section.pages
    index = tree.positions.get(page.rel, -1)  # list.index would make the build quadratic
    if index >= 0 and siblings[index] is not page and siblings[index] != page:
        index = -1
    items = _shared(
        tree, ("siblings", key), lambda: tuple(_item(p, section.page) for p in siblings)
    )
    start = max(0, min(index - SECTION_WINDOW // 2, len(siblings) - SECTION_WINDOW))
    window = list(items[start : start + SECTION_WINDOW])
    if index >= 0 and start <= index < start + SECTION_WINDOW:
        window[index - start] = own
    if section.page.url == page.url:
        section_item = own
    else:
        section_item = _shared(tree, ("section", key), lambda: _item(section.page, page))
    return PageNav(
        top=top,
        section=section_item,
        section_pages=tuple(window),
        breadcrumbs=crumbs,
        previous=items[index - 1] if index > 0 else None,
        next=items[index + 1] if 0 <= index < len(siblings) - 1 else None,
        menu=menu,
    )


def _shared(tree: SiteTree, key: object, make: Callable[[], Any]) -> Any:
    found = tree.memo.get(key)
    if found is None:
        found = tree.memo[key] = make()
    return found


def _top_items(page: Page, tree: SiteTree) -> tuple[NavItem, ...]:
    active = tuple(page.url.startswith(p.url) and p.url != "/" for p in tree.top)
    return _shared(  # type: ignore[no-any-return]
        tree,
        ("top", active),
        lambda: tuple(NavItem(p.title, p.url, a) for p, a in zip(tree.top, active, strict=True)),
    )


def _breadcrumbs(page: Page, own: NavItem, tree: SiteTree) -> tuple[NavItem, ...]:
    """Home, then each enclosing section, ending with the page itself (`own`)."""
    folder = page.section_key
    chain: list[Page] = [page]
    while True:
        section = tree.sections[folder].page
        if section is not page:
            chain.append(section)
        if not folder:
            break
        folder = folder.rpartition("/")[0]
    ancestors = chain[1:]
    shared = _shared(
        tree,
        ("chain", tuple(p.url for p in ancestors)),
        lambda: tuple(NavItem(p.title, p.url) for p in reversed(ancestors)),
    )
    return (*shared, own)
