"""The page stage in batches: Markdown -> HTML -> template -> file, in worker processes or not.

The build plans one PageJob per page that needs work (page_jobs.py) and hands them over in
batches (never one page at a time: each hand-over costs a round trip). A batch runs in this
process when there is little to do, else in a pool of worker processes (pool.py) that each
set up their Markdown converters and Jinja environment once.

With a staging folder, pages are written straight into it (through `stage.stage_file`) and
only what the build needs comes back: links, ids, the TOC, problems and timings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from mvsite.build.html_packs import load_html, store_html
from mvsite.build.page_jobs import (
    LOCALIZED_FIGURES,
    CachedHtml,
    PageFolders,
    PageJob,
    PageResult,
    PageTemplate,
    RenderInputs,
    Setup,
    SourceFile,
)
from mvsite.build.page_pickle import dumps
from mvsite.build.pool import WorkerPool, Workers
from mvsite.build.stage_clock import StageClock
from mvsite.errors import SiteError
from mvsite.markdown.converted import Rendered
from mvsite.markdown.highlight import PYGMENTS_MODULES
from mvsite.render.templates import PageView, render_template
from mvsite.sources.config import Config
from mvsite.sources.digest import digest
from mvsite.sources.pages import page_body
from mvsite.sources.textfile import read_source_text
from mvsite.write.output import OutputFile
from mvsite.write.stage import stage_file


@dataclass(frozen=True)
class _WorkerSetup:
    inputs: RenderInputs
    converts: bool  # Markdown is to be converted: the fast path is checked as it is made


@dataclass(frozen=True)
class _Batch:
    folders: PageFolders
    jobs: Sequence[PageJob]


class _Worker:
    """The converters and environment of one process, set up once."""

    def __init__(self, setup: _WorkerSetup) -> None:
        self.inputs = setup.inputs
        from mvsite.markdown.convert import renderer_for  # (a no-op build never gets here)

        self.renderer = renderer_for(setup.inputs.config, setup.inputs.targets)
        if setup.converts:  # checked now, rather than before its first page (start_workers)
            self.renderer.fast_path_problem  # noqa: B018
        self.env: jinja2.Environment = setup.inputs.environment()

    def run(self, batch: _Batch) -> list[PageResult]:
        folders, jobs = batch.folders, batch.jobs
        done = [self._run_one(job, folders) for job in jobs]
        results = [result for result, _ in done]
        converted = [
            (i, jobs[i].markdown_key, html) for i, (_, html) in enumerate(done) if html is not None
        ]
        html_dir = folders.html_dir
        if html_dir is None or not converted:
            return results
        # The batch's HTML goes into the cache as one file: a file per page cost more.
        clock = StageClock()
        try:
            places = store_html(html_dir, [(key, html) for _, key, html in converted])
        except OSError:
            return results  # kept nowhere: a later build converts these pages again
        clock.lap("write")
        share = clock.seconds["write"] / len(places)
        for (index, _, _), at in zip(converted, places, strict=True):
            result = results[index]
            seconds = {**result.seconds, "write": result.seconds.get("write", 0.0) + share}
            results[index] = replace(result, html_at=at, seconds=seconds)
        return results

    def _run_one(self, job: PageJob, folders: PageFolders) -> tuple[PageResult, str | None]:
        """The job's result, and the HTML it converted (None: taken from the cache)."""
        clock = StageClock()
        body, repaired = job.body, None
        if body is None:
            cached = _planned(job.cached, job)
            html = cached.html if cached.html is not None else _cached_html(folders, job, cached)
            if html is None:  # damaged or missing in the cache: converted again
                assert cached.at is not None
                body, repaired = cached.fallback, cached.at[0]
            else:
                rendered = Rendered(html, (), frozenset(), (), (), ())
                clock.lap("read")
        if body is not None:
            rendered = self._convert(job, body, clock)
        file, error = None, None
        if job.template is not None:
            template = job.template
            toc = template.view.toc if body is None else rendered.toc
            view = replace(template.view, html=Markup(rendered.html), toc=toc)
            try:
                file = self._page_file(job, template, view, clock, folders)
            except SiteError as exc:
                error = exc
        kept = rendered if folders.keep_html else replace(rendered, html="")
        converted = body is not None
        result = PageResult(job.rel, kept, converted, file, error, clock.seconds, repaired=repaired)
        return result, rendered.html if converted else None

    def _convert(self, job: PageJob, body: str | SourceFile, clock: StageClock) -> Rendered:
        line = job.body_line
        if isinstance(body, SourceFile):
            try:
                body, line = self._read_body(job, body)
            except SiteError as error:
                return Rendered("", (), frozenset(), (), (), (error,))
            clock.lap("read")
        try:
            rendered = self.renderer.render(body, job.rel, job.src, line)
        except SiteError as error:  # the page cannot be converted at all
            rendered = Rendered("", (), frozenset(), (), (), (error,))
        clock.lap("markdown")
        return rendered

    def _read_body(self, job: PageJob, source: SourceFile) -> tuple[str, int]:
        text = read_source_text(source.path, job.src)
        if digest(text, self.inputs.settings) != source.digest:
            raise SiteError(
                "the file changed while the site was being built",
                job.src,
                None,
                "build again (the site was not changed)",
            )
        return page_body(text, job.src, job.rel, source.title_in_body)

    def _page_file(
        self,
        job: PageJob,
        template: PageTemplate,
        view: PageView,
        clock: StageClock,
        folders: PageFolders,
    ) -> OutputFile:
        page = _render_page(self.env, job.src, template, view, self.inputs.config)
        clock.lap("render")
        data = page.encode()
        if folders.stage is None:
            return OutputFile(data)
        written = stage_file(folders.stage, folders.previous, template.out, OutputFile(data))
        clock.lap("write")
        return OutputFile(staged="written" if written else "unchanged")


def _planned(cached: CachedHtml | None, job: PageJob) -> CachedHtml:
    if cached is None:
        raise RuntimeError(f"no cached HTML planned for {job.rel}")  # a bug in plan.py
    return cached


def _cached_html(folders: PageFolders, job: PageJob, cached: CachedHtml) -> str | None:
    """The HTML the cache kept for the job; None if damaged (and so to be converted again)."""
    if folders.html_dir is None or cached.at is None or cached.fallback is None:
        raise RuntimeError(f"no cached HTML planned for {job.rel}")  # a bug in plan.py
    return load_html(folders.html_dir, cached.at)


def _render_page(
    env: jinja2.Environment, src: Path, template: PageTemplate, view: PageView, config: Config
) -> str:
    """The page's template with `view`; a missing template is the page's error (at `src`)."""
    try:
        return render_template(
            env, template.name, _page_context(env, view), config.root, config.convert_time_limit
        )
    except SiteError as exc:
        if exc.path is None and "template not found" in exc.message:
            raise SiteError(exc.message, src, template.line, exc.hint) from None
        raise


def _page_context(env: jinja2.Environment, view: PageView) -> dict[str, Any]:
    """The page, and the figures in its language (the global `figures` are the default's)."""
    localized = env.globals.get(LOCALIZED_FIGURES)
    if isinstance(localized, Mapping) and view.lang in localized:
        return {"page": view, "figures": localized[view.lang]}
    return {"page": view}


Progress = Callable[[int, int], None]  # pages done, pages to do
# Imported before a pool's workers are forked, once, rather than by each worker.
WORKER_MODULES = ("mvsite.markdown.convert", *PYGMENTS_MODULES)


def start_workers(inputs: RenderInputs, pool: WorkerPool | None, to_convert: int) -> Workers | None:
    """The page workers of `pool`. If `to_convert` pages are enough to be sent to them, each
    idle process makes its worker at once (its renderer, with the fast path's check, and
    its Jinja environment: ~80 ms) while this one plans the build (~60 ms at 1,000 pages),
    rather than when its first batch arrives."""
    if pool is None or pool.size <= 1:
        return None
    now = to_convert >= 2 * _MIN_BATCH
    return pool.workers(_Worker, _WorkerSetup(inputs, converts=now), dumps, now=now)


def run_pages(
    setup: Setup,
    jobs: Sequence[PageJob],
    pool: WorkerPool | None,
    keep_going: bool,
    progress: Progress | None,
) -> dict[str, PageResult]:
    """Every job's result by source rel; after a Markdown problem (unless keep_going) the
    jobs after it are not run: the first problem is all a failed build reports."""
    total = len(jobs)
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total)

    def stop(result: PageResult) -> bool:
        return not keep_going and bool(result.rendered.problems)

    return {r.rel: r for r in run_jobs(setup, jobs, pool, stop, advance)}


def run_jobs(
    setup: Setup,
    jobs: Sequence[PageJob],
    pool: WorkerPool | None,
    stop: Callable[[PageResult], bool],
    progress: Callable[[int], None] | None = None,
) -> Iterator[PageResult]:
    """Each job's result, in the jobs' order; no more once `stop(result)` says so.

    With a pool and enough jobs, batches run in its processes; else in this one.
    """
    processes = pool.size if pool is not None else 1
    batches = [_Batch(setup.folders, batch) for batch in _batches(jobs, processes)]
    if pool is None or processes <= 1 or len(batches) <= 1:
        worker = _Worker(_WorkerSetup(setup.inputs, converts=False))
        results_of: Iterator[list[PageResult]] = (worker.run(batch) for batch in batches)
    else:
        workers = setup.workers or pool.workers(_Worker, _WorkerSetup(setup.inputs, False), dumps)
        results_of = pool.run(workers, batches, dumps)
    for results in results_of:
        yield from _until(results, stop)
        if progress:
            progress(len(results))
        if any(stop(r) for r in results):
            return


def _until(results: list[PageResult], stop: Callable[[PageResult], bool]) -> Iterator[PageResult]:
    for result in results:
        yield result
        if stop(result):
            return


def _batches(jobs: Sequence[PageJob], workers: int) -> list[Sequence[PageJob]]:
    """Batches large enough to be worth sending (and for the cache: each batch's HTML is one
    file), smaller as fewer jobs are left: the workers run out of work at about the same time,
    where equal batches left one worker finishing its last while the other waited. In one
    process: batches of the most."""
    if not jobs:
        return []
    if workers > 1 and len(jobs) < 2 * _MIN_BATCH:
        return [jobs]  # too little to be worth sending to other processes
    batches, start = [], 0
    while start < len(jobs):
        left = len(jobs) - start
        size = _MAX_BATCH if workers <= 1 else -(-left // (workers * 4))
        size = left if left < 2 * _MIN_BATCH else max(_MIN_BATCH, min(_MAX_BATCH, size))
        batches.append(jobs[start : start + size])
        start += size
    return batches


_MIN_BATCH = 8
_MAX_BATCH = 64
