"""The files no source page makes: 404 page, search page, sitemap.xml, robots.txt, redirects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import jinja2

from mvsite.build.build_plan import BuildPlan
from mvsite.build.output_claims import OutputClaims
from mvsite.build.plan import page_view
from mvsite.build.read_site import SiteContent
from mvsite.build.search_files import PageFiles, claim_search_index
from mvsite.render.navigation import SiteTree
from mvsite.render.search import search_script
from mvsite.render.templates import render_robots, render_sitemap, render_template
from mvsite.sources.config import Config
from mvsite.sources.pages import Page
from mvsite.write.output import OutputFile
from mvsite.write.urls import url_file


def generate_files(
    site: SiteContent, plan: BuildPlan, page_keys: Mapping[str, str], where: PageFiles
) -> dict[str, str]:
    """The generated files claimed, then the search index (it indexes them all); the keys
    of the index's files."""
    claim_generated(plan.claims, plan.env, site.pages, site.tree, site.config)
    if not site.config.search:
        return {}
    return claim_search_index(plan.claims, site, page_keys, plan.last, where)


def claim_generated(
    claims: OutputClaims,
    env: jinja2.Environment,
    pages: tuple[Page, ...],
    tree: SiteTree,
    config: Config,
) -> None:
    """404 page, search page, sitemap.xml and robots.txt, then alias redirects (after the
    generated files: a clash is the alias's, at its line)."""
    home = tree.sections[""].page
    not_found = replace(home, title="Page not found", url="/404.html", rel="404.md")
    html = render_template(
        env, "404.html", {"page": page_view(not_found, tree, config)}, config.root
    )
    claims.add("404.html", Path("404.html"), OutputFile(html.encode()))
    if config.search:
        _claim_search_page(claims, env, home, tree, config)
    _claim_sitemap_and_robots(claims, pages, config)
    _claim_redirects(claims, env, pages, config)


def _claim_search_page(
    claims: OutputClaims, env: jinja2.Environment, home: Page, tree: SiteTree, config: Config
) -> None:
    base = config.base_path.rstrip("/")
    search = replace(home, title="Search", url="/search/", rel="search.md")
    script, script_out = search_script()
    context = {"page": page_view(search, tree, config), "search_script": f"{base}/{script_out}"}
    html = render_template(env, "search.html", context, config.root)
    claims.add("search/index.html", Path("search.html"), OutputFile(html.encode()))
    claims.add(script_out, Path("search.js"), OutputFile(script))


def _claim_sitemap_and_robots(
    claims: OutputClaims, pages: tuple[Page, ...], config: Config
) -> None:
    """sitemap.xml, with an absolute base URL only; robots.txt, pointing at it if there."""
    sitemap_url = None
    if config.has_absolute_base:
        entries = [(config.absolute_url(p.url), p.meta.updated or p.meta.date) for p in pages]
        claims.add("sitemap.xml", Path("sitemap.xml"), OutputFile(render_sitemap(entries).encode()))
        sitemap_url = config.absolute_url("/sitemap.xml")
    claims.add("robots.txt", Path("robots.txt"), OutputFile(render_robots(sitemap_url).encode()))


def _claim_redirects(
    claims: OutputClaims, env: jinja2.Environment, pages: tuple[Page, ...], config: Config
) -> None:
    """A redirect page at each of a page's aliases."""
    base = config.base_path.rstrip("/")
    for page in pages:
        for alias in page.meta.aliases:
            out = url_file(alias)
            target = {"url": base + page.url, "permalink": config.absolute_url(page.url)}
            context = {"target": target, "lang": config.language}
            html = render_template(env, "redirect.html", context, config.root)
            claims.add(out, page.src, OutputFile(html.encode()), page.meta.lines.get("aliases"))
