"""The build: sources -> plan -> pages -> links -> generated files -> the site's files.

Each stage is a module of its own, in the order _build calls them:

    read_site     the sources read: config, pages (read_pages), data, navigation, link targets
    build_plan    templates, every source's output path (output_claims), keys (page_keys)
                  and each page's job (plan)
    page_results  the page jobs run (page_stage, in the pool's processes or not) and gathered
    site_links    every internal link and anchor of the built pages checked
    generated     404 and search pages, sitemap, robots.txt, redirects, search index

Everything here returns values; the caller writes them (`write_site`, or `update_site` for
the preview), and the cache takes what the stages computed in one place (cache_update).
With `stream`, pages go straight into the output's staging folder instead of into memory.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import jinja2

from mvsite.build.build_plan import BuildPlan, plan_build, render_inputs
from mvsite.build.cache import BuildCache
from mvsite.build.cache_update import CacheUpdate, remember
from mvsite.build.edit_records import PageInputs, copied_originals
from mvsite.build.generated import generate_files
from mvsite.build.options import BuildOptions
from mvsite.build.page_results import claim_page_files, pages_done, staged_pages
from mvsite.build.page_stage import WORKER_MODULES, Progress, run_pages, start_workers
from mvsite.build.pool import WorkerPool
from mvsite.build.problems import Problems
from mvsite.build.read_site import SiteContent, read_site
from mvsite.build.search_files import PageFiles
from mvsite.build.site_links import check_site_links
from mvsite.build.site_warnings import site_warnings
from mvsite.build.stage_clock import STAGES, StageClock, total_seconds
from mvsite.build.template_keys import TemplateKeys
from mvsite.errors import SiteError, first_of_each
from mvsite.markdown.converted import LinkTargets, Rendered
from mvsite.render.navigation import SiteTree
from mvsite.sources.config import Config
from mvsite.sources.data import SiteData
from mvsite.sources.pages import Page
from mvsite.write.output import OutputFile

__all__ = ["BuildInputs", "BuildOptions", "BuiltSite", "build_site"]


@dataclass(frozen=True)
class BuiltSite:
    """The site as read, what its pages became, and every file of the built site."""

    content: SiteContent  # config, pages, data and navigation, as read
    rendered: Mapping[str, Rendered]  # html is '' for pages not converted, or streamed
    files: Mapping[str, OutputFile]
    output_keys: Mapping[str, str]  # output rel -> key of what produced it (for the cache)
    warnings: tuple[SiteError, ...]
    problems: tuple[SiteError, ...]  # only with keep_going; otherwise the first one is raised
    seconds: Mapping[str, float]  # stage -> CPU s, all processes
    inputs: BuildInputs  # what a later build may reuse (serve/text_edit.py)

    @property
    def config(self) -> Config:
        return self.content.config

    @property
    def pages(self) -> tuple[Page, ...]:
        return self.content.pages

    @property
    def tree(self) -> SiteTree:
        return self.content.tree

    @property
    def data(self) -> SiteData:
        return self.content.data


@dataclass(frozen=True)
class BuildInputs:
    """What the pages were built with, besides the pages themselves."""

    targets: LinkTargets
    env: jinja2.Environment
    markdown_key: str  # targets_key: what every page's conversion depends on
    context_keys: TemplateKeys  # what a page's template output depends on, by template


def build_site(
    options: BuildOptions,
    cache: BuildCache | None = None,
    progress: Progress | None = None,
    pool: WorkerPool | None = None,
) -> BuiltSite:
    """Read the site at options.source and return every file of the built site.

    With a cache, work whose inputs are unchanged is reused, and pages whose HTML would be
    identical to the file already in the output folder are marked to be kept as they are.
    Page work runs in `pool`, else with options.jobs > 1 in a pool of its own (best started
    by the caller before it loads the cache: see WorkerPool). The pool is closed as soon as no
    stage needs it any more: give a pool to one build.
    """
    cache = cache if cache is not None else BuildCache()
    if pool is not None or options.jobs <= 1:
        return _build(options, cache, pool, progress)
    with WorkerPool(options.jobs, WORKER_MODULES) as own:
        return _build(options, cache, own, progress)


def _build(
    options: BuildOptions, cache: BuildCache, pool: WorkerPool | None, progress: Progress | None
) -> BuiltSite:
    clock, problems = StageClock(STAGES), Problems(options.keep_going)
    site = read_site(options, cache, problems, pool)
    remember(cache, CacheUpdate(pages=site.sources.records))
    clock.seconds["read"] += site.sources.seconds_elsewhere
    clock.lap("read")
    inputs = render_inputs(site, cache)
    workers = start_workers(inputs, pool, sum(p.rel not in cache.markdown for p in site.pages))
    plan = plan_build(site, cache, options, inputs)
    if cache.html_dir is not None:  # kept on disk, for a later build (the preview's is not)
        remember(cache, _edit_records(site, plan))
    clock.lap("render")
    with staged_pages(options, plan, workers) as setup:
        run = run_pages(setup, plan.pages.jobs, pool, problems.keep_going, progress)
        if pool is not None and not site.config.social_cards:  # (claim_page_files draws them)
            pool.close()  # no later stage needs it: its memory goes before the results come
        pages = pages_done(site, plan, run, problems)
        clock.skip()  # the pages' results say where their time went
        remember(cache, pages.cached)
        keys = claim_page_files(site, plan, pages, pool)
        stage, previous = setup.folders.stage, options.previous_output
        anchors = check_site_links(site, pages.rendered, plan.claims, stage, previous, problems)
        problems.report_all(pages.template_problems)
        keys |= generate_files(site, plan, keys, PageFiles(stage, previous))
    clock.lap("render")
    return BuiltSite(
        site,
        pages.rendered,
        dict(plan.claims.files),
        keys,
        tuple(first_of_each((*site_warnings(site, options), *anchors, *pages.warnings))),
        tuple(problems.found),
        total_seconds(clock.seconds, (pages.seconds,)),
        BuildInputs(site.targets, plan.env, plan.keys.markdown, plan.keys.context),
    )


def _edit_records(site: SiteContent, plan: BuildPlan) -> CacheUpdate:
    """What a later build needs to rebuild an edited page alone (edit_records.py)."""
    inputs = replace(plan.inputs, templates={})
    copied = copied_originals(site.pages)
    return CacheUpdate(
        views=plan.pages.views, page_inputs=PageInputs(inputs, plan.keys.markdown, copied)
    )
