"""What the build hands the page stage, and what it gets back: one job and one result per page.

These cross the pipes to worker processes (see pool), so they hold values, never open files
or environments: each worker makes its own converters and templates from the Setup.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from mvsite.build.html_packs import HtmlAt
from mvsite.build.pool import Workers
from mvsite.errors import SiteError
from mvsite.markdown.converted import LinkTargets, Rendered
from mvsite.render.templates import PageView, make_environment
from mvsite.sources.config import Config
from mvsite.write.output import OutputFile

# The templates' global of the figures in each language, by code: a page's template sees its
# language's as `figures` (page_stage).
LOCALIZED_FIGURES = "localized_figures"


@dataclass(frozen=True)
class RenderInputs:
    """What every page's conversion and template read besides the page itself."""

    config: Config
    targets: LinkTargets  # where links may point
    manifest: Mapping[str, str]  # a static file's logical name -> its output name
    globals_: Mapping[str, Any]  # `data` and `figures`, for every template (and LOCALIZED_FIGURES)
    templates: MutableMapping[str, bytes]  # compiled templates (kept by the cache)
    settings: str  # read_pages.parse_settings: part of each source's digest

    def environment(self) -> jinja2.Environment:
        return make_environment(
            self.config, self.manifest, self.globals_, self.templates, self.targets
        )


@dataclass(frozen=True)
class PageFolders:
    """Where the page stage puts what it makes."""

    stage: Path | None  # write pages here (see output.stage_file), else return their bytes
    previous: Path | None  # the output folder of the last build, for unchanged files
    html_dir: Path | None  # keep each page's Markdown HTML here (html_packs.store_html)
    keep_html: bool  # return each page's Markdown HTML (for a cache kept in memory)


@dataclass(frozen=True)
class Setup:
    """What every worker needs, whatever page it gets (made into a worker once per process)."""

    inputs: RenderInputs
    folders: PageFolders
    workers: Workers | None = None  # a pool's, made with `inputs` (page_stage.start_workers)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A page's body to read from its file, which the build read before (as `digest`)."""

    path: str  # a str: a Path for every page of a cold build took a tenth of its plan
    digest: str  # cache.PageRecord.digest
    title_in_body: bool  # the page's title is its first heading (parse_page takes it out)


@dataclass(frozen=True, slots=True)
class CachedHtml:
    """A page's Markdown HTML as the cache kept it: in memory, or where in its folder."""

    html: str | None  # kept in memory
    at: HtmlAt | None  # else: where in the cache's folder it is
    # The Markdown to convert if the HTML at `at` turns out damaged (html_packs.load_html).
    fallback: str | SourceFile | None = None


@dataclass(frozen=True, slots=True)
class PageTemplate:
    """A page's template, and what it sees of the page (but the HTML and TOC, until known);
    with the key of both (page_keys.py), for a later build that renders the page alone."""

    out: str  # the output file's rel
    view: PageView
    name: str
    line: int | None = None  # of the page's own `template:` key
    rendering_key: str = ""  # page_keys.rendering_key


@dataclass(frozen=True, slots=True)
class PageJob:
    """One page's work: Markdown, then its template."""

    rel: str
    src: Path  # as shown to the user
    markdown_key: str
    body: str | SourceFile | None  # the Markdown, or the file to read it from; None: `cached`
    body_line: int
    cached: CachedHtml | None  # the HTML to reuse, when `body` is None
    template: PageTemplate | None  # None: Markdown only (the output file is kept as it is)


@dataclass(frozen=True, slots=True)
class PageResult:
    rel: str
    rendered: Rendered  # html is '' unless Setup.keep_html (and the Markdown was converted)
    converted: bool  # the Markdown was converted (not taken from the cache)
    file: OutputFile | None  # None: no template was rendered (or it failed)
    error: SiteError | None  # the template's
    html_at: HtmlAt | None = None  # where the cache keeps the HTML converted (Setup.html_dir)
    repaired: str | None = None  # the pack whose damaged HTML was converted again instead


class PageJobs:
    """The plan's page jobs, handed over once: the page stage takes them, and nothing keeps
    them after it has sent them (at 50,000 pages, the jobs and their views held ~60 MB to
    the end of the build)."""

    def __init__(self, jobs: Sequence[PageJob]) -> None:
        self._jobs: Sequence[PageJob] | None = jobs
        self.count = len(jobs)
        self.rendering = sum(1 for job in jobs if job.template is not None)  # pages to render

    def take(self) -> Sequence[PageJob]:
        jobs, self._jobs = self._jobs, None
        if jobs is None:
            raise RuntimeError("the page jobs were taken before")  # a bug in the caller
        return jobs
