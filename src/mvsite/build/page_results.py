"""What the page stage's results make: each page's Markdown result and output file.

A page's Markdown result comes from its job, else from the cache (the page was not converted
again); its file is the one the job rendered, or the one already in the output folder.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace

from mvsite.build.build_plan import BuildPlan
from mvsite.build.cache import BuildCache, MarkdownRecord, html_folder
from mvsite.build.cache_update import CacheUpdate
from mvsite.build.card_files import claim_cards
from mvsite.build.options import BuildOptions
from mvsite.build.page_jobs import PageFolders, PageResult, Setup
from mvsite.build.page_stage import PagesRun
from mvsite.build.plan import PagePlan
from mvsite.build.pool import WorkerPool, Workers
from mvsite.build.problems import Problems
from mvsite.build.read_site import SiteContent
from mvsite.errors import SiteError
from mvsite.markdown.converted import Rendered
from mvsite.sources.pages import Page
from mvsite.write.output import OutputFile
from mvsite.write.stage import discard_stage, open_stage
from mvsite.write.urls import url_file


@dataclass(frozen=True)
class MarkdownResults:
    """Each page's Markdown result, in page order, up to the first page that was not run."""

    rendered: Mapping[str, Rendered]  # source rel -> result (html '' unless kept in memory)
    problems: tuple[SiteError, ...]  # in page order
    cached: CacheUpdate  # the results as the cache keeps them


def markdown_results(
    pages: tuple[Page, ...], work: PagePlan, results: Mapping[str, PageResult], cache: BuildCache
) -> MarkdownResults:
    """Every page's Markdown result: converted by its job, or the one the cache kept."""
    rendered: dict[str, Rendered] = {}
    records: dict[str, MarkdownRecord] = {}
    html: dict[str, str] = {}
    repaired: set[str] = set()
    in_memory = cache.keep_html and cache.html_dir is None
    for page in pages:
        key = work.markdown_keys[page.rel]
        result = results.get(page.rel)
        if result is not None and result.converted:
            done, at = result.rendered, result.html_at
            if result.repaired is not None:
                repaired.add(f"html/{result.repaired}")
        elif page.rel in work.cached:
            done, at = work.cached[page.rel], cache.markdown[page.rel].html_at
            if in_memory and key in cache.html:
                done = replace(done, html=cache.html[key])
        else:
            break  # not run, after the problem that stopped the build (reported below)
        rendered[page.rel] = done
        records[page.rel] = MarkdownRecord(key, replace(done, html="") if done.html else done, at)
        if in_memory:
            html[key] = done.html
    problems = tuple(problem for done in rendered.values() for problem in done.problems)
    update = CacheUpdate(
        markdown=records, html=html if in_memory else None, repaired=frozenset(repaired)
    )
    return MarkdownResults(rendered, problems, update)


def page_files(
    pages: tuple[Page, ...], work: PagePlan, results: Mapping[str, PageResult]
) -> dict[str, OutputFile]:
    """Each page's output file (kept, staged or in memory), for the pages that have one."""
    files: dict[str, OutputFile] = {}
    for page in pages:
        out = url_file(page.url)
        result = results.get(page.rel)
        if out in work.kept:
            files[out] = OutputFile(keep=True)
        elif result is not None and result.file is not None:
            files[out] = result.file
        # else its template failed: reported
    return files


def claim_page_files(
    site: SiteContent, plan: BuildPlan, pages: PagesDone, pool: WorkerPool | None
) -> dict[str, str]:
    """The pages' files and social cards claimed (after the Markdown problems: two sources
    on one path); the keys of those files."""
    if plan.collision is not None:
        raise plan.collision
    plan.claims.files.update(pages.files)
    keys = {out: plan.pages.output_keys[out] for out in pages.files}
    if site.config.social_cards:
        keys.update(claim_cards(plan.claims, site.pages, site.config, plan.last, pool))
    return keys


def template_problems(
    pages: tuple[Page, ...], results: Mapping[str, PageResult]
) -> list[SiteError]:
    """Each page's template error, in page order."""
    found = (results.get(page.rel) for page in pages)
    return [result.error for result in found if result is not None and result.error is not None]


@dataclass(frozen=True)
class PagesDone:
    """What the page stage made of the plan's jobs."""

    rendered: Mapping[str, Rendered]  # source rel -> Markdown result
    files: Mapping[str, OutputFile]  # output rel -> each page's file there is
    template_problems: tuple[SiteError, ...]  # in page order
    warnings: tuple[SiteError, ...]  # the Markdown's, in page order
    seconds: Mapping[str, float]  # the jobs' CPU seconds per stage
    cached: CacheUpdate  # the Markdown results as the cache keeps them


def pages_done(site: SiteContent, plan: BuildPlan, run: PagesRun, problems: Problems) -> PagesDone:
    """What the page jobs made (their results unpacked), and their Markdown problems reported."""
    results = run.take_results()
    markdown = markdown_results(site.pages, plan.pages, results, plan.last.cache)
    problems.report_all(markdown.problems)
    return PagesDone(
        markdown.rendered,
        page_files(site.pages, plan.pages, results),
        tuple(template_problems(site.pages, results)),
        tuple(w for done in markdown.rendered.values() for w in done.warnings),
        run.seconds,
        markdown.cached,
    )


_IN_MEMORY_PAGES = 16  # a build that renders more pages streams them (BuildOptions.stream)


@contextmanager
def staged_pages(
    options: BuildOptions, plan: BuildPlan, workers: Workers | None = None
) -> Iterator[Setup]:
    """The page stage's setup (`workers`: started with plan.inputs); with options.stream and
    more than a few pages to render, the pages go into the output's staging folder, which
    is discarded if the build fails."""
    previous = options.previous_output
    cache = plan.last.cache
    # A few pages come back in memory: write_site may then replace one file in place.
    rendering = plan.pages.jobs.rendering
    streams = options.stream and previous is not None and rendering > _IN_MEMORY_PAGES
    stage = open_stage(previous) if streams and previous else None
    folders = PageFolders(
        stage,
        previous if previous and previous.is_dir() else None,
        html_folder(cache),
        cache.keep_html and cache.html_dir is None,
    )
    try:
        yield Setup(plan.inputs, folders, workers)
    except BaseException:
        if stage is not None and previous is not None:
            discard_stage(previous)
        raise
