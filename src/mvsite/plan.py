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
from dataclasses import dataclass, fields, replace
from pathlib import Path

from markupsafe import Markup

from .cache import BuildCache, digest
from .config import Config
from .content import Page
from .markdown import LinkTargets, Rendered
from .navigation import NavItem, SiteTree, page_nav
from .render import PageView
from .workers import PageJob


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
        str(config.allow_html),
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
    reread: Mapping[str, Path],
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
    for page in pages:
        source = sources.get(page.rel) or digest(str(page.body_line), page.body)
        key = markdown_keys[page.rel] = digest(inputs_key, page.rel, source)
        record = cache.markdown.get(page.rel)
        known = record.rendered if record is not None and record.key == key else None
        out = output_path(page)
        view = page_view(page, tree, config)
        output_key = output_keys[out] = digest(context_key, view_key(view), key)
        if known is not None and _is_current(cache, previous, out, output_key):
            kept.add(out)
            cached[page.rel] = known
            continue
        html = cache.html.get(key) if known is not None else None
        reuse = known is not None and (html is not None or cache.has_html(key))
        if reuse:
            assert known is not None
            cached[page.rel] = known
            if not render:
                continue
            view = replace(view, toc=known.toc)
        jobs.append(
            PageJob(
                page.rel,
                page.src,
                None if reuse else reread.get(page.rel, page.body),
                page.body_line,
                key,
                html,
                out,
                view if render else None,
                template_name(page, tree, config.facts_page),
                page.meta.lines.get("template"),
            )
        )
    return PagePlan(tuple(jobs), markdown_keys, output_keys, frozenset(kept), cached)


def _is_current(cache: BuildCache, previous: Path | None, out: str, key: str) -> bool:
    """Is the file the last build left at `out` the one `key` would produce, untouched since?"""
    record = cache.outputs.get(out)
    if previous is None or record is None or record.key != key:
        return False
    try:
        stat = os.stat(f"{previous}/{out}")  # a Path per page costs more than the stat
    except OSError:
        return False
    return (stat.st_size, stat.st_mtime_ns) == (record.size, record.mtime_ns)


_VIEW_FIELDS = tuple(f.name for f in fields(PageView) if f.name not in ("html", "toc"))


def view_key(view: PageView) -> str:
    """Everything in `view` (but the HTML and TOC, which the Markdown key covers) as text.

    repr() of the nested dataclasses would do, at several times the cost; navigation items
    are written as plain tuples, everything else by its repr.
    """
    values = []
    for name in _VIEW_FIELDS:
        value = getattr(view, name)
        if name == "nav":
            value = tuple(_nav_value(getattr(value, f.name)) for f in fields(value))
        elif name == "pages":
            value = _nav_value(value)
        values.append(value)
    return repr(values)


def _nav_value(value: object) -> object:
    if isinstance(value, NavItem):
        return (value.title, value.url, value.current)
    if isinstance(value, tuple):
        return tuple(_nav_value(item) for item in value)
    return value


def template_name(page: Page, tree: SiteTree, facts_page: str | None = None) -> str:
    """The page's own `template`, else its sections' `page_template`, else the default
    (for the site's facts page: facts.html, which lists every figure)."""
    if page.meta.template:
        return page.meta.template
    if page.rel == facts_page:
        return "facts.html"
    if page.is_section:
        return "home.html" if page.rel == "_index.md" else "section.html"
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
        source=page.rel,
        is_section=page.is_section,
        is_home=page.rel == "_index.md",
        draft=page.meta.draft,
        pages=children,
        nav=nav,
    )


def _with_base(items: tuple[NavItem, ...], base: str) -> tuple[NavItem, ...]:
    if not base:
        return items
    return tuple(replace(item, url=base + item.url) for item in items)
