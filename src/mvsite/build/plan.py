"""What a build must redo: each page's keys (page_keys.py), and a job for each page whose
inputs changed.

A page whose output key matches the file the last build left is not touched at all; one whose
Markdown key matches is rendered from the HTML the cache kept; any other is converted.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from markupsafe import Markup

from mvsite.build.cache import BuildCache, MarkdownRecord, PageRecord
from mvsite.build.page_jobs import CachedHtml, PageJob, PageJobs, PageTemplate, SourceFile
from mvsite.build.page_keys import ViewKeys, page_keys, rendering_key
from mvsite.build.read_site import SiteContent
from mvsite.build.template_keys import TemplateKeys
from mvsite.markdown.converted import Rendered
from mvsite.render.menu import menu_with_base
from mvsite.render.navigation import NavItem, PageNav, SiteTree, Version, page_nav
from mvsite.render.templates import PageView
from mvsite.sources.config import Config
from mvsite.sources.digest import digest
from mvsite.sources.pages import Page
from mvsite.write.urls import url_file


@dataclass(frozen=True)
class PagePlan:
    jobs: PageJobs  # in page order
    markdown_keys: Mapping[str, str]  # source rel -> key
    output_keys: Mapping[str, str]  # output rel -> key
    kept: frozenset[str]  # output rels whose file is kept as it is
    cached: Mapping[str, Rendered]  # source rel -> cached result, for pages not converted
    views: Mapping[str, PageTemplate]  # source rel -> how each page with a job is rendered


@dataclass(frozen=True)
class SharedKeys:
    """The keys of what every page's work depends on besides the page (see page_keys)."""

    markdown: str  # targets_key
    context: TemplateKeys  # each template's context key


@dataclass(frozen=True)
class Reusable:
    """What a build may reuse: the cache, and the output folder if the cache describes it."""

    cache: BuildCache
    output: Path | None  # the output folder that `cache.outputs` describes, if this build's
    records: Mapping[str, PageRecord]  # source rel -> each page file as this build read it


def plan_pages(
    site: SiteContent, keys: SharedKeys, last: Reusable, render: bool = True
) -> PagePlan:
    """Decide each page's work. `render`: False to convert Markdown only (the build will
    fail, but must first report Markdown problems)."""
    jobs: list[PageJob] = []
    markdown_keys: dict[str, str] = {}
    output_keys: dict[str, str] = {}
    kept: set[str] = set()
    cached: dict[str, Rendered] = {}
    views = {code: ViewKeys(tree) for code, tree in site.trees.items()}
    content_dir = site.config.content_dir  # a property that looks at the disk
    for page in site.pages:
        file = page.original if page.fallback else page.rel  # a copy's text is its original's
        record = last.records.get(file)
        source = record.digest if record else digest(str(page.body_line), page.body)
        out = url_file(page.url)
        versions = site.versions_of(page)
        view_key = views[page.lang].key(page, versions)
        template = template_name(page, site.tree_of(page), site.config.facts_page)
        rendering = _Rendering(template, rendering_key(view_key, keys.context.of(template)))
        key, output_key = page_keys(page.rel, source, rendering.key, keys.markdown)
        markdown_keys[page.rel], output_keys[out] = key, output_key
        done = last.cache.markdown.get(page.rel)
        done = done if done is not None and done.key == key else None  # not an older version's
        if done is not None and is_current_output(last.cache, last.output, out, output_key):
            kept.add(out)
            cached[page.rel] = done.rendered
            continue
        html = last.cache.html.get(key) if done is not None else None
        body_file = _body_file(content_dir, file, last.records)
        if done is not None and (html is not None or last.cache.has_html(done)):
            cached[page.rel] = done.rendered
            if render:
                jobs.append(_render_job(page, site, rendering, key, done, html, body_file))
            continue
        view = page_view(page, site.tree_of(page), site.config, versions) if render else None
        jobs.append(_page_job(page, rendering, key, body_file or page.body, view))
    rendered = {job.rel: job.template for job in jobs if job.template is not None}
    return PagePlan(PageJobs(jobs), markdown_keys, output_keys, frozenset(kept), cached, rendered)


def _body_file(content_dir: Path, rel: str, records: Mapping[str, PageRecord]) -> SourceFile | None:
    """The file whose body a job's worker reads, for a page read without it (made for the
    pages with a job only: a Path for every page took a tenth of a one-page edit's plan)."""
    record = records.get(rel)
    if record is None or record.has_body:
        return None
    return SourceFile(f"{content_dir}/{rel}", record.digest, record.page.heading_from_body)


@dataclass(frozen=True)
class _Rendering:
    """The template that renders a page, and the page's rendering key (page_keys.py)."""

    template: str
    key: str


def _page_job(
    page: Page, rendering: _Rendering, key: str, body: str | SourceFile, view: PageView | None
) -> PageJob:
    """The job of a page to convert (and render as `rendering` says, given its view)."""
    template = _template(page, rendering, view) if view is not None else None
    return PageJob(page.rel, page.src, key, body, page.body_line, None, template)


def _render_job(
    page: Page,
    site: SiteContent,
    rendering: _Rendering,
    key: str,
    done: MarkdownRecord,
    html: str | None,
    file: SourceFile | None,
) -> PageJob:
    """The job of a page rendered from the HTML the cache kept (`html` in memory, else in
    its folder: if that turns out damaged, the page is converted from its source again)."""
    versions = site.versions_of(page)
    view = page_view(page, site.tree_of(page), site.config, versions)
    view = replace(view, toc=done.rendered.toc)
    cached = CachedHtml(html, done.html_at, (file or page.body) if html is None else None)
    return PageJob(
        page.rel, page.src, key, None, page.body_line, cached, _template(page, rendering, view)
    )


def _template(page: Page, rendering: _Rendering, view: PageView) -> PageTemplate:
    line = page.meta.lines.get("template")
    out = url_file(page.url)
    return PageTemplate(out, view, rendering.template, line, rendering.key)


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


def template_name(page: Page, tree: SiteTree, facts_page: str | None = None) -> str:
    """The page's own `template`, else its sections' `page_template`, else the default
    (for the site's facts page: facts.html, which lists every figure)."""
    if page.meta.template:
        return page.meta.template
    if page.original == facts_page:
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


_NO_HTML = Markup()  # one for every view: the page stage puts each page's in


def page_view(
    page: Page, tree: SiteTree, config: Config, versions: tuple[Version, ...] = ()
) -> PageView:
    """What the page's template sees, but its HTML and TOC (which the Markdown stage makes)."""
    base = config.base_path.rstrip("/")
    nav = _nav_with_base(page_nav(page, tree), base)
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
        html=_NO_HTML,
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
        lang=page.lang,
        content_lang=config.language if page.fallback else page.lang,
        versions=tuple(replace(v, url=base + v.url) for v in versions),
        heading=page.heading or page.title,
        heading_from_body=page.heading_from_body,
    )


def _nav_with_base(nav: PageNav, base: str) -> PageNav:
    if not base:
        return nav
    return replace(
        nav,
        top=_with_base(nav.top, base),
        section=_with_base((nav.section,), base)[0] if nav.section else None,
        section_pages=_with_base(nav.section_pages, base),
        breadcrumbs=_with_base(nav.breadcrumbs, base),
        previous=_with_base((nav.previous,), base)[0] if nav.previous else None,
        next=_with_base((nav.next,), base)[0] if nav.next else None,
        menu=menu_with_base(nav.menu, base),
    )


def _with_base(items: tuple[NavItem, ...], base: str) -> tuple[NavItem, ...]:
    if not base:
        return items
    return tuple(replace(item, url=base + item.url) for item in items)
