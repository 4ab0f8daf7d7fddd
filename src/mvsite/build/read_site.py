"""The build's first stage: the site's sources read into values (config, pages, data, tree).

It also decides where each internal link may point (link_targets): every later stage, and
each page's Markdown conversion, depends on that and on nothing else it read but the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from mvsite.build.cache import BuildCache, PageRecord
from mvsite.build.links import link_targets
from mvsite.build.options import BuildOptions
from mvsite.build.pool import WorkerPool
from mvsite.build.problems import Problems
from mvsite.build.read_pages import load_pages_cached
from mvsite.errors import SiteError
from mvsite.markdown.converted import LinkTargets
from mvsite.render.assets import static_assets
from mvsite.render.navigation import SiteTree, Version, build_trees, language_versions
from mvsite.render.templates import site_catalogues
from mvsite.sources.config import Config, load_config
from mvsite.sources.content_files import Sources, find_sources, without_excluded
from mvsite.sources.data import SiteData, load_data
from mvsite.sources.gitdates import last_commit_dates, with_commit_dates
from mvsite.sources.languages import section_file_names
from mvsite.sources.named_pages import check_area_pages
from mvsite.sources.page_languages import page_versions
from mvsite.sources.pages import Page
from mvsite.sources.walk import check_folder


@dataclass(frozen=True)
class SourcesRead:
    """The site's source files, and how reading its pages went."""

    files: Sources
    records: Mapping[str, PageRecord]  # source rel -> each page file as read (for the cache)
    failed: Mapping[str, str]  # source rel -> URL of each page that could not be read
    seconds_elsewhere: float  # CPU seconds worker processes spent reading pages


@dataclass(frozen=True)
class SiteContent:
    """The site as read: its config, source files, pages, data and navigation."""

    config: Config
    sources: SourcesRead
    pages: tuple[Page, ...]
    data: SiteData
    trees: Mapping[str, SiteTree]  # language code -> the navigation of its pages
    # original rel -> code -> page in that language ({} for a site of one language)
    versions: Mapping[str, Mapping[str, Page]]
    targets: LinkTargets  # where links may point
    assets: Mapping[Path, tuple[str, str]]  # static file -> (output rel, logical name)

    @property
    def tree(self) -> SiteTree:
        """The navigation of the default language's pages."""
        return self.trees[self.config.language]

    def tree_of(self, page: Page) -> SiteTree:
        return self.trees[page.lang]

    def versions_of(self, page: Page) -> tuple[Version, ...]:
        """The page in each language of the site (none for a site of one language)."""
        if len(self.config.languages) <= 1:
            return ()  # (site_languages would make the one Language for every page)
        versions = self.versions.get(page.original, {})
        return language_versions(page, versions, self.config.site_languages)


def read_site(
    options: BuildOptions, cache: BuildCache, problems: Problems, pool: WorkerPool | None
) -> SiteContent:
    """Read the site at options.source; a page that cannot be read is reported to `problems`."""
    root = options.source.absolute()
    config = load_config(root)
    if options.base_url is not None:
        config = config.with_base_url(options.base_url)
    skip = frozenset({options.output.absolute()} if options.output else ())
    section_files = section_file_names(config.site_languages)
    found = find_sources(config.content_dir, root, skip, section_files)
    sources = without_excluded(found, config.exclude_docs)
    pages, failed, elsewhere, records = load_pages_cached(
        config, sources, options.drafts, cache, problems.report, pool, not options.stream
    )
    if config.dates_from_git:
        pages = with_commit_dates(pages, last_commit_dates(config.content_dir))
    languages = config.site_languages
    data = load_data(config.content_dir, sources.data, root, languages, sources.markdown)
    if not sources.markdown:  # after the data files: their errors are more precise
        raise _no_pages(config)
    check_area_pages(data.figures, pages, sources.markdown, failed)
    trees = build_trees(pages, config)
    assets = static_assets(config, options.hash_assets)
    check_folder(config.templates_dir, root)
    catalogues = site_catalogues(config) if len(config.site_languages) > 1 else None
    targets = link_targets(pages, sources, data, config, failed, catalogues)
    read = SourcesRead(sources, records, failed, elsewhere)
    versions = page_versions(pages) if len(config.languages) > 1 else {}  # see versions_of
    return SiteContent(config, read, pages, data, trees, versions, targets, assets)


def _no_pages(config: Config) -> SiteError:
    content = config.content_dir
    if content.is_dir() and content != config.root:
        where, shown = "content/ or its subfolders", Path(content.name)
    else:
        where, shown = "this folder or its subfolders (and it has no content/)", config.root
    return SiteError(
        f"no Markdown pages: there is no .md file in {where}",
        shown,
        None,
        'add pages as content/*.md (mvsite new about "About" starts one), or pass'
        " --source with the folder that holds them",
    )
