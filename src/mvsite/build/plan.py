"""What a build must redo: each page's keys, and a job for each page whose inputs changed.

A page's Markdown key covers everything its conversion reads (its source, and where links
may point); its output key covers everything its file depends on (the Markdown key, what
the template sees of the page and its navigation, and the templates, data and config). A
page whose output key matches the file the last build left is not touched at all; one whose
Markdown key matches is rendered from the HTML the cache kept.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from markupsafe import Markup

from mvsite.build.cache import BuildCache
from mvsite.build.page_jobs import PageJob, SourceFile
from mvsite.markdown.converted import LinkTargets, Rendered
from mvsite.markdown.sanitize import Policy
from mvsite.render.navigation import SECTION_WINDOW, NavItem, SiteTree, page_nav
from mvsite.render.templates import PageView
from mvsite.sources.config import Config
from mvsite.sources.digest import digest
from mvsite.sources.pages import Page


@dataclass(frozen=True)
class PagePlan:
    jobs: tuple[PageJob, ...]  # in page order
    markdown_keys: Mapping[str, str]  # source rel -> key
    output_keys: Mapping[str, str]  # output rel -> key
    kept: frozenset[str]  # output rels whose file is kept as it is
    cached: Mapping[str, Rendered]  # source rel -> cached result, for pages not converted


def output_path(page: Page) -> str:
    return page.url.lstrip("/") + "index.html"


def targets_key(targets: LinkTargets, config: Config) -> str:
    """Everything besides its own source that a page's Markdown conversion depends on."""
    return digest(
        repr(sorted(targets.pages.items())),
        repr(sorted(targets.assets)),
        repr(sorted(targets.drafts)),
        repr(sorted(targets.figures.items())),
        targets.base_path,
        Policy(config.allow_html, config.allow_style).key,
        str(config.convert_time_limit),
        repr(config.markdown_extensions),
    )


def plan_pages(
    pages: tuple[Page, ...],
    sources: Mapping[str, str],
    inputs_key: str,
    tree: SiteTree,
    config: Config,
    context_key: str,
    cache: BuildCache,
    previous: Path | None,
    reread: Mapping[str, SourceFile],
    render: bool = True,
) -> PagePlan:
    """Decide each page's work. `sources`: rel -> digest of each source file read; `previous`:
    the output folder that `cache.outputs` describes, if it is this build's; `reread`: rel ->
    file, for pages loaded without their body; `render`: False to convert Markdown only (the
    build will fail, but must first report Markdown problems)."""
    jobs: list[PageJob] = []
    markdown_keys: dict[str, str] = {}
    output_keys: dict[str, str] = {}
    kept: set[str] = set()
    cached: dict[str, Rendered] = {}
    views = _ViewKeys(tree)
    for page in pages:
        source = sources.get(page.rel) or digest(str(page.body_line), page.body)
        out = output_path(page)
        key, output_key = page_keys(page.rel, source, views.key(page), inputs_key, context_key)
        markdown_keys[page.rel], output_keys[out] = key, output_key
        record = cache.markdown.get(page.rel)
        if record is not None and record.key != key:
            record = None  # of an earlier version of the page
        if record is not None and is_current_output(cache, previous, out, output_key):
            kept.add(out)
            cached[page.rel] = record.rendered
            continue
        view = page_view(page, tree, config)
        html = cache.html.get(key) if record is not None else None
        has_html = record is not None and (html is not None or cache.has_html(record))
        reused = record if has_html else None
        if reused is not None:
            cached[page.rel] = reused.rendered
            if not render:
                continue
            view = replace(view, toc=reused.rendered.toc)
        jobs.append(
            PageJob(
                page.rel,
                page.src,
                None if reused else reread.get(page.rel, page.body),
                page.body_line,
                key,
                html,
                reused.html_at if reused else None,
                out,
                view if render else None,
                template_name(page, tree, config.facts_page),
                page.meta.lines.get("template"),
                reread.get(page.rel, page.body) if reused and html is None else None,
            )
        )
    return PagePlan(tuple(jobs), markdown_keys, output_keys, frozenset(kept), cached)


def page_keys(
    rel: str, source: str, view: str, inputs_key: str, context_key: str
) -> tuple[str, str]:
    """A page's Markdown key and output key, from the digest of its source, its view key,
    targets_key and the context key (see the module docstring)."""
    markdown = digest(inputs_key, rel, source)
    return markdown, digest(context_key, view, markdown)


def view_key(page: Page, tree: SiteTree) -> str:
    """One page's view key (see _ViewKeys)."""
    return _ViewKeys(tree).key(page)


def is_current_output(cache: BuildCache, previous: Path | None, out: str, key: str) -> bool:
    """Is the file the last build left at `out` the one `key` would produce, untouched since?"""
    record = cache.outputs.get(out)
    if previous is None or record is None or record.key != key:
        return False
    try:
        stat = os.stat(f"{previous}/{out}")  # a Path per page costs more than the stat
    except OSError:
        return False
    return (stat.st_size, stat.st_mtime_ns) == (record.size, record.mtime_ns)


class _ViewKeys:
    """Each page's view key: text that changes whenever `page_view` would (but for the HTML
    and TOC, which the Markdown key covers, and the config, which the context key covers).

    Building every page's view just to write it out took longer than the rest of a no-op
    build of 10,000 pages. A view is a function of the page and the tree, so its key is the
    page's own values plus the parts of the tree its navigation is made of: the top level,
    its sections' chain (breadcrumbs), its section's pages around it (window, neighbours)
    and a section's children; each part is written once per plan. A NavItem's `current` is
    a function of its url and the page's, so titles and urls are all the parts need.
    """

    def __init__(self, tree: SiteTree) -> None:
        self.tree = tree
        self.top = repr([(p.title, p.url) for p in tree.top])
        self._chains: dict[str, str] = {}
        self._siblings: dict[str, tuple[tuple[str, str], ...]] = {}
        self._children: dict[str, str] = {}

    def key(self, page: Page) -> str:
        parts = [repr((page.rel, page.url, page.title, page.meta)), self.top]
        parts.append(self._chain(page.section_key))
        folder = page.folder if page.is_section else page.section_key
        if folder:  # which parts there are follows from page.rel, written first
            parts.append(self._window(page, folder))
        if page.is_section:
            parts.append(self._children_of(page.folder))
        return "\n".join(parts)

    def _chain(self, folder: str) -> str:
        """The sections from `folder` up to the root, as the breadcrumbs show them."""
        chain = self._chains.get(folder)
        if chain is None:
            items = []
            current = folder
            while True:
                section = self.tree.sections[current].page
                items.append((section.title, section.url))
                if not current:
                    break
                current = current.rpartition("/")[0]
            chain = self._chains[folder] = repr(items)
        return chain

    def _window(self, page: Page, folder: str) -> str:
        """The section, and its pages from which page_nav takes the window and neighbours."""
        section = self.tree.sections[folder]
        items = self._siblings.get(folder)
        if items is None:
            items = self._siblings[folder] = tuple((p.title, p.url) for p in section.pages)
        index = self.tree.positions.get(page.rel, -1)
        if index >= 0 and section.pages[index] != page:
            index = -1
        start = max(0, min(index - SECTION_WINDOW // 2, len(items) - SECTION_WINDOW))
        low, high = max(0, min(start, index - 1)), max(start + SECTION_WINDOW, index + 2)
        # Positions relative to the slice: a page added far away moves none of this.
        window = (index - low, start - low, items[low:high])
        return repr((section.page.title, section.page.url, window))

    def _children_of(self, folder: str) -> str:
        children = self._children.get(folder)
        if children is None:
            section = self.tree.sections[folder]
            items = [(p.title, p.url) for p in (*section.subsections, *section.pages)]
            children = self._children[folder] = repr(items)
        return children


def template_name(page: Page, tree: SiteTree, facts_page: str | None = None) -> str:
    """The page's own `template`, else its sections' `page_template`, else the default
    (for the site's facts page: facts.html, which lists every figure)."""
    if page.meta.template:
        return page.meta.template
    if page.rel == facts_page:
        return "facts.html"
    if page.is_section:
        return "home.html" if page.is_home else "section.html"
    folder = page.section_key
    while True:
        chosen = tree.sections[folder].page.meta.page_template
        if chosen:
            return chosen
        if not folder:
            return "page.html"
        folder = folder.rpartition("/")[0]


def page_view(page: Page, tree: SiteTree, config: Config) -> PageView:
    """What the page's template sees, but its HTML and TOC (which the Markdown stage makes)."""
    base = config.base_path.rstrip("/")
    nav = page_nav(page, tree)
    if base:
        nav = replace(
            nav,
            top=_with_base(nav.top, base),
            section=_with_base((nav.section,), base)[0] if nav.section else None,
            section_pages=_with_base(nav.section_pages, base),
            breadcrumbs=_with_base(nav.breadcrumbs, base),
            previous=_with_base((nav.previous,), base)[0] if nav.previous else None,
            next=_with_base((nav.next,), base)[0] if nav.next else None,
        )
    children: tuple[NavItem, ...] = ()
    if page.is_section:
        section = tree.sections[page.folder]
        children = _with_base(
            tuple(NavItem(p.title, p.url) for p in (*section.subsections, *section.pages)), base
        )
    return PageView(
        title=page.title,
        description=page.meta.description,
        url=base + page.url,
        permalink=config.absolute_url(page.url),
        html=Markup(),
        toc=(),
        date=page.meta.date,
        updated=page.meta.updated,
        tags=page.meta.tags,
        extra=page.meta.extra,
        meta=page.meta.foreign,
        source=page.rel,
        is_section=page.is_section,
        is_home=page.is_home,
        draft=page.meta.draft,
        pages=children,
        nav=nav,
    )


def _with_base(items: tuple[NavItem, ...], base: str) -> tuple[NavItem, ...]:
    if not base:
        return items
    return tuple(replace(item, url=base + item.url) for item in items)
