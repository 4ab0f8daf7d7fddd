"""One process's page work: each job's Markdown -> HTML -> template -> file, a batch at a time.

A PageWorker is made once per process (in a pool's worker processes, or in the build's own:
page_stage.py decides) from what every page needs (WorkerSetup); each batch brings its jobs
and where their files go. With a staging folder, pages are written straight into it (through
`stage.stage_file`) and only what the build needs comes back: links, ids, the TOC, problems
and timings.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping, Sequence
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
    SourceFile,
)
from mvsite.build.page_pickle import dumps
from mvsite.build.stage_clock import StageClock
from mvsite.errors import SiteError
from mvsite.markdown.converted import Rendered
from mvsite.render.templates import PageView, render_template
from mvsite.sources.config import Config
from mvsite.sources.digest import digest
from mvsite.sources.pages import page_body
from mvsite.sources.textfile import read_source_text
from mvsite.write.output import OutputFile
from mvsite.write.stage import stage_file


@dataclass(frozen=True)
class WorkerSetup:
    """What a process makes its PageWorker from."""

    inputs: RenderInputs
    converts: bool  # Markdown is to be converted: the fast path is checked as it is made
    fast: bool = True  # False: stock Python-Markdown (the same HTML; for a page or two)


@dataclass(frozen=True)
class PageBatch:
    """Jobs for a PageWorker, and where their files go."""

    folders: PageFolders
    jobs: Sequence[PageJob]


@dataclass(frozen=True)
class PackedResults:
    """A batch's results as they crossed from a worker process, unpickled only when taken:
    at 50,000 pages they take a quarter of the memory packed, while the workers still run."""

    data: bytes
    count: int

    def unpacked(self) -> list[PageResult]:
        return list(pickle.loads(self.data))


@dataclass(frozen=True)
class BatchDone:
    """What a PageWorker made of a batch."""

    results: Sequence[PageResult] | PackedResults
    stop: int | None  # the index of the first result with a Markdown problem
    seconds: Mapping[str, float]  # stage -> CPU seconds the batch took
    # Templates the worker compiled since its last batch (name -> Jinja bytecode): the
    # build's process renders the generated pages with them, and the cache keeps them.
    templates: Mapping[str, bytes]

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled to cross to the build's process, where its results stay packed."""
        results = self.results
        if not isinstance(results, PackedResults):
            results = PackedResults(dumps(results), len(results))
        return (BatchDone, (results, self.stop, self.seconds, self.templates))

    @property
    def count(self) -> int:
        return self.results.count if isinstance(self.results, PackedResults) else len(self.results)

    def taken(self) -> Sequence[PageResult]:
        """The results, up to the first with a Markdown problem."""
        results = self.results
        listed = results.unpacked() if isinstance(results, PackedResults) else results
        return listed if self.stop is None else listed[: self.stop + 1]


class PageWorker:
    """The converters and environment of one process, set up once."""

    def __init__(self, setup: WorkerSetup) -> None:
        self.inputs = setup.inputs
        from mvsite.markdown.convert import renderer_for  # (a no-op build never gets here)

        self.renderer = renderer_for(setup.inputs.config, setup.inputs.targets, setup.fast)
        if (
            setup.converts
        ):  # checked now, rather than before its first page (page_stage.start_workers)
            self.renderer.fast_path_problem  # noqa: B018
        self.env: jinja2.Environment = setup.inputs.environment()
        self._templates_sent = set(setup.inputs.templates)

    def run(self, batch: PageBatch) -> BatchDone:
        clock = StageClock()
        results = self._run_batch(batch, clock)
        compiled = self.inputs.templates
        new = {name: compiled[name] for name in compiled.keys() - self._templates_sent}
        self._templates_sent.update(new)
        stop = next((i for i, r in enumerate(results) if r.rendered.problems), None)
        return BatchDone(results, stop, clock.seconds, new)

    def _run_batch(self, batch: PageBatch, clock: StageClock) -> list[PageResult]:
        folders, jobs = batch.folders, batch.jobs
        done = [self._run_one(job, folders, clock) for job in jobs]
        results = [result for result, _ in done]
        converted = [
            (i, jobs[i].markdown_key, html) for i, (_, html) in enumerate(done) if html is not None
        ]
        html_dir = folders.html_dir
        if html_dir is None or not converted:
            return results
        # The batch's HTML goes into the cache as one file: a file per page cost more.
        try:
            places = store_html(html_dir, [(key, html) for _, key, html in converted])
        except OSError:
            return results  # kept nowhere: a later build converts these pages again
        clock.lap("write")
        for (index, _, _), at in zip(converted, places, strict=True):
            results[index] = replace(results[index], html_at=at)
        return results

    def _run_one(
        self, job: PageJob, folders: PageFolders, clock: StageClock
    ) -> tuple[PageResult, str | None]:
        """The job's result, and the HTML it converted (None: taken from the cache), timed
        on `clock`."""
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
            view = template.view.with_body(Markup(rendered.html), toc)
            try:
                file = self._page_file(job, template, view, clock, folders)
            except SiteError as exc:
                error = exc
        kept = rendered if folders.keep_html else replace(rendered, html="")
        converted = body is not None
        result = PageResult(job.rel, kept, converted, file, error, repaired=repaired)
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
        return page_body(text, job.src, source.title_in_body)

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
