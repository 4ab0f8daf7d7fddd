"""The build: config -> pages -> data -> markdown -> links -> templates -> the site's files.

Everything here returns values; `output.write_site` is what puts them on disk.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import __version__
from .cache import BuildCache, digest
from .config import Config, load_config
from .content import Page, Sources, find_sources, page_url, parse_page, select_pages
from .data import Figures, SiteData, load_data
from .errors import SiteError
from .markdown import FigureLink, LinkTargets, MarkdownRenderer, Rendered
from .navigation import NavItem, SiteTree, build_tree, page_nav
from .output import OutputFile, file_matches
from .render import (
    THEME_DIR,
    PageView,
    long_date,
    make_environment,
    render_robots,
    render_sitemap,
    render_template,
)
from .textfile import read_source_text

HASHED_SUFFIXES = (".css", ".js")


@dataclass(frozen=True)
class BuildOptions:
    source: Path
    output: Path | None = None  # never read as a source, even when inside the site folder
    drafts: bool = False
    base_url: str | None = None
    keep_going: bool = False  # collect problems (for `check`) instead of stopping at the first


@dataclass(frozen=True)
class BuiltSite:
    config: Config
    pages: tuple[Page, ...]
    tree: SiteTree
    data: SiteData
    rendered: Mapping[str, Rendered]
    files: Mapping[str, OutputFile]
    output_keys: Mapping[str, str]  # output rel -> key of what produced it (for the cache)
    warnings: tuple[SiteError, ...]
    problems: tuple[SiteError, ...]  # only with keep_going; otherwise the first one is raised


class _Problems:
    """Stop at the first problem, or collect them all."""

    def __init__(self, keep_going: bool) -> None:
        self.keep_going = keep_going
        self.found: list[SiteError] = []

    def report(self, error: SiteError) -> None:
        if not self.keep_going:
            raise error
        self.found.append(error)


def build_site(options: BuildOptions, cache: BuildCache | None = None) -> BuiltSite:
    """Read the site at options.source and return every file of the built site.

    With a cache, work whose inputs are unchanged is reused, and pages whose HTML would be
    identical to the file already in the output folder are marked to be kept as they are.
    """
    cache = cache if cache is not None else BuildCache()
    problems = _Problems(options.keep_going)
    root = options.source.absolute()
    config = load_config(root)
    if options.base_url is not None:
        config = config.with_base_url(options.base_url)
    skip = frozenset({options.output.absolute()} if options.output else ())
    sources = find_sources(config.content_dir, root, skip)
    pages, failed = load_pages_cached(config, sources, options.drafts, cache, problems)
    data = load_data(config.content_dir, sources.data, root)
    tree = build_tree(pages, config)
    assets = static_assets(config)
    targets = link_targets(pages, sources, data.figures, config, failed)
    rendered = render_markdown(pages, targets, config, cache, problems)
    plan = _OutputPlan()
    for page in pages:
        plan.add(page.url.lstrip("/") + "index.html", page.src, OutputFile())
    for rel in sources.assets:
        plan.add(rel, Path("content") / rel, OutputFile(copy_from=config.content_dir / rel))
    for src, (out, _) in assets.items():
        plan.add(out, src, OutputFile(copy_from=src))
    for error in check_links(pages, rendered, plan.paths):
        problems.report(error)
    manifest = {logical: out for _, (out, logical) in assets.items()}
    env = make_environment(config, manifest, {"data": data.values, "figures": data.figures})
    context_key = _context_key(env, config, manifest)
    keys = _render_pages(
        plan, env, context_key, pages, rendered, tree, config, cache, options, problems
    )
    _add_generated(plan, env, pages, tree, config)
    return BuiltSite(
        config,
        pages,
        tree,
        data,
        rendered,
        dict(plan.files),
        keys,
        tuple(_warnings(pages, config)),
        tuple(problems.found),
    )


def load_pages_cached(
    config: Config, sources: Sources, drafts: bool, cache: BuildCache, problems: _Problems
) -> tuple[tuple[Page, ...], dict[str, str]]:
    """Every page and section, reusing pages whose file is unchanged; and the pages that failed."""
    found: dict[str, Page] = {}
    failed: dict[str, str] = {}
    allowed = ",".join(config.allowed_front_matter)
    entries: dict[str, tuple[str, Page]] = {}
    for rel in sources.markdown:
        src = config.content_dir / rel
        try:
            text = read_source_text(src, src.relative_to(config.root))
            key = digest(text, allowed, config.title)
            cached = cache.pages.get(rel)
            page = (
                cached[1]
                if cached and cached[0] == key
                else parse_page(text, rel, src.relative_to(config.root), config)
            )
        except SiteError as error:
            problems.report(error)
            failed[rel] = page_url(rel, None)
            continue
        entries[rel] = (key, page)
        found[rel] = page
    cache.pages = entries
    return select_pages(found, sources, config, drafts), failed


def link_targets(
    pages: tuple[Page, ...],
    sources: Sources,
    figures: Figures | None,
    config: Config,
    failed: Mapping[str, str],
) -> LinkTargets:
    published = {p.rel: p.url for p in pages}
    return LinkTargets(
        pages={**failed, **published},  # a page that failed to load is still a link target
        assets=frozenset(sources.assets),
        base_path=config.base_path,
        figures=figure_links(figures, pages, config),
        drafts=frozenset(rel for rel in sources.markdown if rel not in published),
    )


class _OutputPlan:
    """Output paths and who claimed them; two sources on one path (even by case) is an error."""

    def __init__(self) -> None:
        self.files: dict[str, OutputFile] = {}
        self._owners: dict[str, tuple[str, Path]] = {}

    @property
    def paths(self) -> frozenset[str]:
        return frozenset(self.files)

    def add(self, rel: str, owner: Path, file: OutputFile, line: int | None = None) -> None:
        key = rel.casefold()
        if key in self._owners:
            other_rel, other = self._owners[key]
            raise SiteError(
                f"{owner} and {other} both produce /{other_rel}",
                owner,
                line,
                "rename one of them or give one a different slug (URLs that differ only"
                " in case collide on many servers)",
            )
        self._owners[key] = (rel, owner)
        self.files[rel] = file


def static_assets(config: Config) -> dict[Path, tuple[str, str]]:
    """Theme and site static files -> {src: (output path, logical path)}; CSS/JS get hashes."""
    found: dict[str, Path] = {}
    for folder in (THEME_DIR / "static", config.static_dir):
        for src in _walk_files(folder):
            found[src.relative_to(folder).as_posix()] = src  # the site's file wins
    result = {}
    for logical, src in sorted(found.items()):
        out = logical
        if logical.endswith(HASHED_SUFFIXES):
            digest = hashlib.sha256(src.read_bytes()).hexdigest()[:8]
            stem, dot, suffix = logical.rpartition(".")
            out = f"{stem}.{digest}{dot}{suffix}"
        result[src] = (out, logical)
    return result


def _walk_files(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def figure_links(
    figures: Figures | None, pages: tuple[Page, ...], config: Config
) -> dict[str, FigureLink]:
    """Each figure's display text, linked to its entry on the facts page."""
    if figures is None:
        return {}
    facts_url = next((p.url for p in pages if p.rel == config.facts_page), None)
    if config.facts_page and facts_url is None:
        raise SiteError(
            f"facts_page names content/{config.facts_page}, which does not exist",
            "mvsite.yaml",
            config.lines.get("facts_page"),
        )
    base = config.base_path.rstrip("/")
    return {
        key: FigureLink(
            f.display,
            f"{base}{facts_url}#fig-{key}" if facts_url else f"#fig-{key}",
            f"{f.label}. Source: {f.source.publisher}, {f.source.title}; as of "
            f"{long_date(f.as_of)}",
        )
        for key, f in figures.items.items()
    }


def render_markdown(
    pages: tuple[Page, ...],
    targets: LinkTargets,
    config: Config,
    cache: BuildCache,
    problems: _Problems,
) -> dict[str, Rendered]:
    """Every page's Markdown -> Rendered, reusing results whose inputs are unchanged."""
    targets_key = digest(
        repr(sorted(targets.pages.items())),
        repr(sorted(targets.assets)),
        repr(sorted(targets.drafts)),
        repr(sorted(targets.figures.items())),
        targets.base_path,
        str(config.allow_html),
    )
    renderer: MarkdownRenderer | None = None
    rendered: dict[str, Rendered] = {}
    entries: dict[str, tuple[str, Rendered]] = {}
    for page in pages:
        key = digest(targets_key, page.rel, str(page.body_line), page.body)
        cached = cache.markdown.get(page.rel)
        if cached and cached[0] == key:
            result = cached[1]
        else:
            renderer = renderer or MarkdownRenderer(targets, config.allow_html)
            result = renderer.render(page.body, page.rel, page.src, page.body_line)
        for problem in result.problems:
            problems.report(problem)
        entries[page.rel] = (key, result)
        rendered[page.rel] = result
    cache.markdown = entries
    return rendered


def check_links(
    pages: tuple[Page, ...], rendered: Mapping[str, Rendered], outputs: frozenset[str]
) -> Iterator[SiteError]:
    """Every site-internal link must reach an output file, and its #fragment a heading or id."""
    ids_by_url = {p.url: rendered[p.rel].ids for p in pages}
    for page in pages:
        for link in rendered[page.rel].links:
            url = link.url or page.url
            path = url.lstrip("/")
            if url.endswith("/") or not posixpath.splitext(path)[1]:
                path = posixpath.join(path, "index.html")
            if url not in ids_by_url and path.lstrip("/") not in outputs:
                yield SiteError(
                    f"link to {link.written}: no such page or file in the built site",
                    page.src,
                    link.line,
                    "check the path; links between pages are best written as paths to .md files",
                )
                continue
            target_url = url if url.endswith("/") else url + "/"
            ids = ids_by_url.get(url, ids_by_url.get(target_url))
            if link.fragment and ids is not None and link.fragment not in ids:
                known = ", ".join(sorted(ids)[:8]) or "none"
                yield SiteError(
                    f"link to {link.written}: no heading or id '{link.fragment}' there",
                    page.src,
                    link.line,
                    f"ids on that page: {known}",
                )


def template_name(page: Page, tree: SiteTree) -> str:
    """The page's own `template`, else its sections' `page_template`, else the default."""
    if page.meta.template:
        return page.meta.template
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


def page_view(page: Page, rendered: Rendered, tree: SiteTree, config: Config) -> PageView:
    base = config.base_path.rstrip("/")
    nav = page_nav(page, tree)
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
        html=Markup(rendered.html),
        toc=rendered.toc,
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
    return tuple(replace(item, url=base + item.url) for item in items)


def render_page(
    env: jinja2.Environment, page: Page, view: PageView, tree: SiteTree, config: Config
) -> str:
    name = template_name(page, tree)
    try:
        return render_template(env, name, {"page": view}, config.root)
    except SiteError as exc:
        if exc.path is None and "template not found" in exc.message:
            line = page.meta.lines.get("template")
            raise SiteError(exc.message, page.src, line, exc.hint) from None
        raise


def _render_pages(
    plan: _OutputPlan,
    env: jinja2.Environment,
    context_key: str,
    pages: tuple[Page, ...],
    rendered: Mapping[str, Rendered],
    tree: SiteTree,
    config: Config,
    cache: BuildCache,
    options: BuildOptions,
    problems: _Problems,
) -> dict[str, str]:
    """Render every page through its template, unless the output already holds that HTML."""
    same_output = options.output is not None and cache.output_dir == str(options.output.absolute())
    keys: dict[str, str] = {}
    for page in pages:
        out = page.url.lstrip("/") + "index.html"
        view = page_view(page, rendered[page.rel], tree, config)
        keys[out] = digest(context_key, repr(replace(view, html=Markup())), rendered[page.rel].html)
        record = cache.outputs.get(out)
        if (
            same_output
            and record
            and record.key == keys[out]
            and options.output
            and file_matches(options.output / out, record.size, record.mtime_ns)
        ):
            plan.files[out] = OutputFile(keep=True)
            continue
        try:
            html = render_page(env, page, view, tree, config)
        except SiteError as error:
            problems.report(error)
            continue
        plan.files[out] = OutputFile(html.encode())
    return keys


def _context_key(env: jinja2.Environment, config: Config, manifest: Mapping[str, str]) -> str:
    """Everything besides the page that a template's output can depend on."""
    loader = env.loader
    assert loader is not None
    templates = [
        (name, (loader.get_source(env, name)[0])) for name in sorted(set(env.list_templates()))
    ]
    return digest(
        __version__,
        repr(config),
        repr(templates),
        repr(sorted((k, repr(v)) for k, v in env.globals.items() if k in ("data", "figures"))),
        repr(sorted(manifest.items())),
    )


def _add_generated(
    plan: _OutputPlan,
    env: jinja2.Environment,
    pages: tuple[Page, ...],
    tree: SiteTree,
    config: Config,
) -> None:
    """404 page, alias redirects, sitemap.xml and robots.txt."""
    home = tree.sections[""].page
    not_found = replace(home, title="Page not found", url="/404.html", rel="404.md")
    view = page_view(not_found, Rendered("", (), frozenset(), (), (), ()), tree, config)
    html = render_template(env, "404.html", {"page": view}, config.root)
    plan.add("404.html", Path("404.html"), OutputFile(html.encode()))
    base = config.base_path.rstrip("/")
    for page in pages:
        for alias in page.meta.aliases:
            out = alias.lstrip("/")
            out = out if out.endswith(".html") else out + "index.html"
            target = {"url": base + page.url, "permalink": config.absolute_url(page.url)}
            html = render_template(env, "redirect.html", {"target": target}, config.root)
            plan.add(out, page.src, OutputFile(html.encode()), page.meta.lines.get("aliases"))
    sitemap_url = None
    if config.has_absolute_base:
        entries = [(config.absolute_url(p.url), p.meta.updated or p.meta.date) for p in pages]
        plan.add("sitemap.xml", Path("sitemap.xml"), OutputFile(render_sitemap(entries).encode()))
        sitemap_url = config.absolute_url("/sitemap.xml")
    plan.add("robots.txt", Path("robots.txt"), OutputFile(render_robots(sitemap_url).encode()))


def _warnings(pages: tuple[Page, ...], config: Config) -> list[SiteError]:
    warnings = []
    if not config.has_absolute_base:
        warnings.append(
            SiteError(
                "base_url is not an absolute URL, so no sitemap.xml was written",
                "mvsite.yaml",
                config.lines.get("base_url"),
                "set base_url: https://your.domain/ in mvsite.yaml, or pass --base-url",
            )
        )
    for page in pages:
        if not page.meta.description and not page.is_stand_in:
            warnings.append(
                SiteError(
                    "page has no description (search engines and link previews show it)",
                    page.src,
                    1,
                    "add 'description: ...' (one sentence) to the front matter",
                )
            )
    return warnings


__all__ = ["BuildOptions", "BuiltSite", "SiteData", "build_site"]
