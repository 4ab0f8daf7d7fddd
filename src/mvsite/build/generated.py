"""The files no source page makes: each language's 404 and search page, sitemap.xml,
robots.txt, redirects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2

from mvsite.build.build_plan import BuildPlan
from mvsite.build.output_claims import OutputClaims
from mvsite.build.plan import page_view
from mvsite.build.read_site import SiteContent
from mvsite.build.search_files import PageFiles, claim_search_index
from mvsite.render.navigation import Version
from mvsite.render.search import search_script
from mvsite.render.sitemap import SitemapEntry, render_robots, render_sitemap
from mvsite.render.templates import render_template, site_catalogues
from mvsite.sources.config import Config
from mvsite.sources.languages import Language
from mvsite.sources.pages import Page
from mvsite.write.output import OutputFile
from mvsite.write.urls import url_file


def generate_files(
    site: SiteContent, plan: BuildPlan, page_keys: Mapping[str, str], where: PageFiles
) -> dict[str, str]:
    """The generated files claimed, then the search index (it indexes them all); the keys
    of the index's files."""
    claim_generated(plan.claims, plan.env, site)
    if not site.config.search:
        return {}
    return claim_search_index(plan.claims, site, page_keys, plan.last, where)


def claim_generated(claims: OutputClaims, env: jinja2.Environment, site: SiteContent) -> None:
    """Each language's 404 page (and search page), sitemap.xml and robots.txt, then alias
    redirects (after the generated files: a clash is the alias's, at its line)."""
    config = site.config
    catalogues = site_catalogues(config)
    extra: dict[str, str] = {}
    if config.search:
        script, script_out = search_script()
        claims.add(script_out, Path("search.js"), OutputFile(script))
        extra["search_script"] = f"{config.base_path.rstrip('/')}/{script_out}"
    for language in config.site_languages:
        title = catalogues.of(language.code).translations.gettext
        page = GeneratedPage("404.md", "/404.html", title("Page not found"), "404.html")
        _claim_page(claims, env, site, language, page, {})
        if config.search:
            page = GeneratedPage("search.md", "/search/", title("Search"), "search.html")
            _claim_page(claims, env, site, language, page, extra)
    _claim_sitemap_and_robots(claims, site)
    _claim_redirects(claims, env, site.pages, config)


@dataclass(frozen=True)
class GeneratedPage:
    """A page the build makes in each language's part of the site."""

    rel: str  # what templates see as page.source
    url: str  # in the default language
    title: str  # in the page's language
    template: str


def _claim_page(
    claims: OutputClaims,
    env: jinja2.Environment,
    site: SiteContent,
    language: Language,
    made: GeneratedPage,
    extra: Mapping[str, str],
) -> None:
    """`made` in `language`: its home page's navigation, its own title and URL, and the
    same page in the other languages for the switcher."""
    config = site.config
    tree = site.trees[language.code]
    home = tree.sections[""].page
    url = language.prefix + made.url
    page = replace(home, title=made.title, url=url, rel=made.rel, key="", fallback=False)
    versions = tuple(
        Version(other.code, other.name, other.prefix + made.url, other is language, False)
        for other in config.site_languages
        if len(config.site_languages) > 1
    )
    figures = site.data.figures_in(language.code)  # the 404 lists the research areas
    context = {"page": page_view(page, tree, config, versions), "figures": figures, **extra}
    html = render_template(env, made.template, context, config.root)
    claims.add(url_file(url), Path(made.template), OutputFile(html.encode()))


def _claim_sitemap_and_robots(claims: OutputClaims, site: SiteContent) -> None:
    """sitemap.xml, with an absolute base URL only: every page but copies of originals a
    language lacks (their canonical URL is the original's), each with its translations;
    robots.txt, pointing at it if there."""
    config = site.config
    sitemap_url = None
    if config.has_absolute_base:
        entries = [_sitemap_entry(p, site) for p in site.pages if not p.fallback]
        sitemap = render_sitemap(entries).encode()
        claims.add("sitemap.xml", Path("sitemap.xml"), OutputFile(sitemap))
        sitemap_url = config.absolute_url("/sitemap.xml")
    claims.add("robots.txt", Path("robots.txt"), OutputFile(render_robots(sitemap_url).encode()))


def _sitemap_entry(page: Page, site: SiteContent) -> SitemapEntry:
    absolute = site.config.absolute_url
    versions = site.versions_of(page)
    alternates = tuple((v.code, absolute(v.url)) for v in versions if not v.fallback)
    if versions:
        alternates += (("x-default", absolute(versions[0].url)),)
    return SitemapEntry(absolute(page.url), page.meta.updated or page.meta.date, alternates)


def _claim_redirects(
    claims: OutputClaims, env: jinja2.Environment, pages: tuple[Page, ...], config: Config
) -> None:
    """A redirect page at each of a page's aliases (a copy of an original has none: they
    are the original's)."""
    base = config.base_path.rstrip("/")
    for page in pages:
        if page.fallback:
            continue
        for alias in page.meta.aliases:
            out = url_file(alias)
            target = {"url": base + page.url, "permalink": config.absolute_url(page.url)}
            context = {"target": target, "lang": page.lang}
            html = render_template(env, "redirect.html", context, config.root)
            claims.add(out, page.src, OutputFile(html.encode()), page.meta.lines.get("aliases"))
