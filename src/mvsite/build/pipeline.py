"""The build: config -> pages -> data -> markdown -> links -> templates -> the site's files.

Everything here returns values; `output.write_site` is what puts them on disk. Page work
(Markdown, templates) runs in batches, in worker processes with `jobs` > 1 (see workers);
with `stream`, pages go straight into the output's staging folder instead of into memory.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2

from mvsite import __version__
from mvsite.build.cache import BuildCache, MarkdownRecord, html_folder
from mvsite.build.links import built_ids, check_links, is_missing_anchor, link_targets
from mvsite.build.page_jobs import STAGES, PageResult, Setup, SourceFile
from mvsite.build.page_stage import run_jobs
from mvsite.build.plan import (
    PagePlan,
    is_current_output,
    output_path,
    page_view,
    plan_pages,
    targets_key,
)
from mvsite.build.pool import WorkerPool
from mvsite.build.read_pages import load_pages_cached, parse_settings
from mvsite.errors import SiteError, counted
from mvsite.markdown.converted import LinkTargets, Rendered
from mvsite.render.assets import static_assets
from mvsite.render.cards import card_key, card_path, render_cards
from mvsite.render.navigation import SiteTree, build_tree
from mvsite.render.search import INDEX_DIR, SearchRecord, build_index, index_key, search_script
from mvsite.render.templates import (
    make_environment,
    render_robots,
    render_sitemap,
    render_template,
)
from mvsite.sources.config import Config, load_config
from mvsite.sources.data import SiteData, load_data
from mvsite.sources.digest import digest
from mvsite.sources.gitdates import last_commit_dates, with_commit_dates
from mvsite.sources.pages import Page, Sources, find_sources, without_excluded
from mvsite.sources.site_paths import MKDOCS_CONFIG
from mvsite.sources.walk import check_folder
from mvsite.write.output import OutputFile, discard_stage, open_stage


@dataclass(frozen=True)
class BuildOptions:
    source: Path
    output: Path | None = None  # never read as a source, even when inside the site folder
    drafts: bool = False
    base_url: str | None = None
    keep_going: bool = False  # collect problems (for `check`) instead of stopping at the first
    strict: bool = False  # --strict: also warn of what a migrating site may leave as it is
    hash_assets: bool = True  # content-hashed CSS/JS names; `serve` keeps names for live CSS
    jobs: int = 1  # processes for page work; 1: this one only
    # Pages straight into output.staging_dir(output), for write_site; and page bodies only
    # in the worker processes, which read them again (a build keeps no page in memory).
    stream: bool = False


@dataclass(frozen=True)
class BuiltSite:
    config: Config
    pages: tuple[Page, ...]
    tree: SiteTree
    data: SiteData
    rendered: Mapping[str, Rendered]  # html is '' for pages not converted, or streamed
    files: Mapping[str, OutputFile]
    output_keys: Mapping[str, str]  # output rel -> key of what produced it (for the cache)
    warnings: tuple[SiteError, ...]
    problems: tuple[SiteError, ...]  # only with keep_going; otherwise the first one is raised
    seconds: Mapping[str, float] = field(default_factory=dict)  # stage -> CPU s, all processes
    inputs: BuildInputs | None = None  # what a later build may reuse (serve/text_edit.py)


@dataclass(frozen=True)
class BuildInputs:
    """What the pages were built with, besides the pages themselves."""

    targets: LinkTargets
    env: jinja2.Environment
    markdown_key: str  # targets_key: what every page's conversion depends on
    context_key: str  # what every page's template output depends on


class _Problems:
    """Stop at the first problem, or collect them all."""

    def __init__(self, keep_going: bool) -> None:
        self.keep_going = keep_going
        self.found: list[SiteError] = []

    def report(self, error: SiteError) -> None:
        if not self.keep_going:
            raise error
        self.found.append(error)


Progress = Callable[[int, int], None]  # pages done, pages to do
_IN_MEMORY_PAGES = 16  # a build that renders more pages streams them (BuildOptions.stream)


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
    by the caller before it loads the cache: see WorkerPool).
    """
    cache = cache if cache is not None else BuildCache()
    if pool is not None or options.jobs <= 1:
        return _build(options, cache, pool, progress)
    with WorkerPool(options.jobs) as own:
        return _build(options, cache, own, progress)


def _build(
    options: BuildOptions, cache: BuildCache, pool: WorkerPool | None, progress: Progress | None
) -> BuiltSite:
    clock = _Clock()
    problems = _Problems(options.keep_going)
    root = options.source.absolute()
    config = load_config(root)
    if options.base_url is not None:
        config = config.with_base_url(options.base_url)
    skip = frozenset({options.output.absolute()} if options.output else ())
    sources = without_excluded(find_sources(config.content_dir, root, skip), config.exclude_docs)
    pages, failed, read_elsewhere = load_pages_cached(
        config, sources, options.drafts, cache, problems.report, pool, not options.stream
    )
    clock.seconds["read"] += read_elsewhere
    if config.dates_from_git:
        pages = with_commit_dates(pages, last_commit_dates(config.content_dir))
    data = load_data(config.content_dir, sources.data, root)
    if not sources.markdown:  # after the data files: their errors are more precise
        raise _no_pages(config)
    tree = build_tree(pages, config)
    assets = static_assets(config, options.hash_assets)
    check_folder(config.templates_dir, root)
    targets = link_targets(pages, sources, data.figures, config, failed)
    manifest = {logical: out for _, (out, logical) in assets.items()}
    globals_ = {"data": data.values, "figures": data.figures}
    env = make_environment(config, manifest, globals_, cache.templates)
    plan = _OutputPlan()
    collision = _claim_outputs(plan, pages, sources, config, assets)
    clock.lap("read")
    context_key = _context_key(env, config, manifest)
    markdown_key = targets_key(targets, config)
    content_dir = config.content_dir  # a property that looks at the disk
    work = plan_pages(
        pages,
        {rel: record.digest for rel, record in cache.pages.items()},
        markdown_key,
        tree,
        config,
        context_key,
        cache,
        _previous_output(options, cache),
        {
            rel: SourceFile(content_dir / rel, r.digest, r.page.meta.title is None)
            for rel, r in cache.pages.items()
            if not r.has_body
        },
        render=collision is None,
    )
    clock.lap("render")
    previous = options.output.absolute() if options.output else None
    # A few pages come back in memory: write_site may then replace one file in place.
    rendering = sum(1 for job in work.jobs if job.view is not None)
    streams = options.stream and previous is not None and rendering > _IN_MEMORY_PAGES
    setup = Setup(
        config,
        targets,
        manifest,
        globals_,
        cache.templates,
        open_stage(previous) if streams and previous else None,
        previous if previous and previous.is_dir() else None,
        html_folder(cache),
        cache.keep_html and cache.html_dir is None,
        parse_settings(config),
    )
    try:
        results = _run_pages(setup, work, options, pool, progress)
        clock.skip()  # the results say where their time went
        rendered = _collect_markdown(pages, work, results, cache, problems)
        if collision is not None:
            raise collision
        keys = _add_pages(plan, pages, work, results)
        if config.social_cards:
            keys.update(
                _add_cards(plan, pages, config, cache, _previous_output(options, cache), pool)
            )
        ids_of = built_ids(plan.files, setup.stage, previous)
        failed_urls = frozenset(failed.values())
        anchors: list[SiteError] = []
        for error in check_links(pages, rendered, plan.paths, ids_of, failed_urls):
            if config.file == MKDOCS_CONFIG and is_missing_anchor(error):
                anchors.append(error)  # MkDocs' own default (validation: anchors: info)
            else:
                problems.report(error)
        for page in pages:
            result = results.get(page.rel)
            if result is not None and result.error is not None:
                problems.report(result.error)
        _add_generated(plan, env, pages, tree, config)
        if config.search:
            found = _search_records(data, targets, config)
            where = _PageFiles(setup.stage, _previous_output(options, cache), previous)
            keys.update(_add_search(plan, pages, keys, found, config, cache, where))
    except BaseException:
        if setup.stage is not None and previous is not None:
            discard_stage(previous)
        raise
    clock.lap("render")
    return BuiltSite(
        config,
        pages,
        tree,
        data,
        rendered,
        dict(plan.files),
        keys,
        (
            *_warnings(pages, config, options),
            *anchors,
            *(warning for page in pages for warning in rendered[page.rel].warnings),
        ),
        tuple(problems.found),
        clock.total(results.values()),
        BuildInputs(targets, env, markdown_key, context_key),
    )


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


class _Clock:
    """CPU seconds of this process per stage (the stages run one after the other here)."""

    def __init__(self) -> None:
        self.seconds = dict.fromkeys(STAGES, 0.0)
        self._last = time.process_time()

    def lap(self, stage: str) -> None:
        now = time.process_time()
        self.seconds[stage] += now - self._last
        self._last = now

    def skip(self) -> None:
        self._last = time.process_time()

    def total(self, results: Iterable[PageResult]) -> dict[str, float]:
        seconds = dict(self.seconds)
        for result in results:
            for stage, spent in result.seconds.items():
                seconds[stage] += spent
        return seconds


def _previous_output(options: BuildOptions, cache: BuildCache) -> Path | None:
    """The output folder, if it is the one whose files `cache.outputs` records."""
    if options.output is None or cache.output_dir != str(options.output.absolute()):
        return None
    return options.output.absolute()


def _claim_outputs(
    plan: _OutputPlan,
    pages: tuple[Page, ...],
    sources: Sources,
    config: Config,
    assets: Mapping[Path, tuple[str, str]],
) -> SiteError | None:
    """Claim each page's, content file's and static file's output path; the first clash."""
    try:
        for page in pages:
            plan.add(output_path(page), page.src, OutputFile())
        content_dir = config.content_dir  # a property that looks at the disk
        for rel in sources.assets:
            src = content_dir / rel
            shown = src.relative_to(config.root)
            plan.add(rel, shown, OutputFile(copy_from=src, shown=shown))
        for src, (out, _) in assets.items():
            shown = src.relative_to(config.root) if src.is_relative_to(config.root) else src
            plan.add(out, shown, OutputFile(copy_from=src, shown=shown))
    except SiteError as error:
        return error  # raised after the Markdown problems, which come first
    return None


def _run_pages(
    setup: Setup,
    work: PagePlan,
    options: BuildOptions,
    pool: WorkerPool | None,
    progress: Progress | None,
) -> dict[str, PageResult]:
    """Every job's result by source rel; after a Markdown problem (unless keep_going) the
    jobs after it are not run: the first problem is all a failed build reports."""
    total = len(work.jobs)
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total)

    def stop(result: PageResult) -> bool:
        return not options.keep_going and bool(result.rendered.problems)

    return {r.rel: r for r in run_jobs(setup, work.jobs, pool, stop, advance)}


def _collect_markdown(
    pages: tuple[Page, ...],
    work: PagePlan,
    results: Mapping[str, PageResult],
    cache: BuildCache,
    problems: _Problems,
) -> dict[str, Rendered]:
    """Every page's Markdown result, its problems reported in page order; the cache updated."""
    rendered: dict[str, Rendered] = {}
    records: dict[str, MarkdownRecord] = {}
    html: dict[str, str] = {}
    in_memory = cache.keep_html and cache.html_dir is None
    for page in pages:
        key = work.markdown_keys[page.rel]
        result = results.get(page.rel)
        if result is not None and result.converted:
            done, at = result.rendered, result.html_at
            if result.repaired is not None:
                cache.repaired.add(f"html/{result.repaired}")
        elif page.rel in work.cached:
            done, at = work.cached[page.rel], cache.markdown[page.rel].html_at
            if in_memory and key in cache.html:
                done = replace(done, html=cache.html[key])
        else:
            break  # not run, after the problem that stopped the build (reported below)
        for problem in done.problems:
            problems.report(problem)
        rendered[page.rel] = done
        records[page.rel] = MarkdownRecord(key, replace(done, html="") if done.html else done, at)
        if in_memory:
            html[key] = done.html
    if records.keys() != cache.markdown.keys() or any(
        cache.markdown[rel].key != record.key for rel, record in records.items()
    ):
        cache.changed = True
    cache.markdown = records
    if in_memory:
        cache.html = html
    return rendered


def _add_pages(
    plan: _OutputPlan,
    pages: tuple[Page, ...],
    work: PagePlan,
    results: Mapping[str, PageResult],
) -> dict[str, str]:
    """Each page's output file (kept, staged or in memory); the keys of those there are."""
    keys: dict[str, str] = {}
    for page in pages:
        out = output_path(page)
        result = results.get(page.rel)
        if out in work.kept:
            plan.files[out] = OutputFile(keep=True)
        elif result is not None and result.file is not None:
            plan.files[out] = result.file
        else:
            continue  # its template failed: reported
        keys[out] = work.output_keys[out]
    return keys


_CARDS_PER_BATCH = 25


def _add_cards(
    plan: _OutputPlan,
    pages: tuple[Page, ...],
    config: Config,
    cache: BuildCache,
    previous: Path | None,
    pool: WorkerPool | None,
) -> dict[str, str]:
    """Each page's social card: the previous build's file when its key is the same (drawing
    one takes as long as building a page), else drawn, in the workers if there are any."""
    keys: dict[str, str] = {}
    todo: list[tuple[str, Path, tuple[str, str]]] = []
    for page in pages:
        out, key = card_path(page.url), card_key(page.title, config.title)
        keys[out] = key
        if is_current_output(cache, previous, out, key):
            plan.add(out, page.src, OutputFile(keep=True))
        else:
            todo.append((out, page.src, (page.title, config.title)))
    batches = [
        [card for _, _, card in todo[i : i + _CARDS_PER_BATCH]]
        for i in range(0, len(todo), _CARDS_PER_BATCH)
    ]
    if pool is not None and len(batches) > 1:
        drawn = [png for batch in pool.map(render_cards, [(b,) for b in batches]) for png in batch]
    else:
        drawn = [png for batch in batches for png in render_cards(batch)]
    for (out, src, _), png in zip(todo, drawn, strict=True):
        plan.add(out, src, OutputFile(png))
    return keys


@dataclass(frozen=True)
class _PageFiles:
    """Where this build's pages are: staged, in the previous output, or in memory."""

    stage: Path | None
    recorded: Path | None  # the previous output, if the cache describes it
    previous: Path | None  # the previous output

    def html(self, out: str, file: OutputFile) -> str:
        if file.data is not None:
            return file.data.decode()
        folder = self.stage if file.staged else self.previous
        assert folder is not None, out
        return (folder / out).read_text(encoding="utf-8")


def _search_records(data: SiteData, targets: LinkTargets, config: Config) -> list[SearchRecord]:
    """Each figure as a search result of its own, titled by its label, at its facts entry."""
    if data.figures is None:
        return []
    records = []
    for key, figure in data.figures.items.items():
        href = targets.figures[key].href
        if href is None:
            continue
        area = f" ({figure.area.title})" if figure.area else ""
        records.append(
            SearchRecord(
                href,
                figure.label,
                f"{figure.label}{area}: {figure.display} {figure.unit}. Source:"
                f" {figure.source.publisher}, {figure.source.title}.",
            )
        )
    return records


def _add_search(
    plan: _OutputPlan,
    pages: tuple[Page, ...],
    page_keys: Mapping[str, str],
    records: list[SearchRecord],
    config: Config,
    cache: BuildCache,
    where: _PageFiles,
) -> dict[str, str]:
    """The Pagefind index of the pages and figures: the previous build's files while no page
    and no figure changed, else made again (it is one index: any change can move any file)."""
    base = config.base_path.rstrip("/")
    indexed = [(p, output_path(p)) for p in pages]
    key = index_key(
        [(base + p.url, page_keys.get(out, "")) for p, out in indexed], records, config.language
    )
    before = [rel for rel in cache.outputs if rel.startswith(INDEX_DIR + "/")]
    if before and all(is_current_output(cache, where.recorded, rel, key) for rel in before):
        for rel in before:
            plan.add(rel, Path(rel), OutputFile(keep=True))
        return dict.fromkeys(before, key)
    html = [
        (base + p.url, where.html(out, plan.files[out])) for p, out in indexed if out in plan.files
    ]
    files = build_index(html, records, config.language)
    for rel, data in files.items():
        plan.add(rel, Path(rel), OutputFile(data))
    return dict.fromkeys(files, key)


class _OutputPlan:
    """Output paths and who claimed them; two sources on one path (even by case) is an error."""

    def __init__(self) -> None:
        self.files: dict[str, OutputFile] = {}
        self._owners: dict[str, tuple[str, Path]] = {}
        self._folders: dict[str, tuple[str, Path]] = {}  # a folder -> a file in it, its owner

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
        clash = self._folders.get(key)
        folder = key.rpartition("/")[0]
        while clash is None and folder and folder not in self._folders:
            if folder in self._owners:
                clash = self._owners[folder]
            self._folders[folder] = (rel, owner)
            folder = folder.rpartition("/")[0]
        if clash is not None:
            other_rel, other = clash
            raise SiteError(
                f"{owner} produces /{rel} and {other} produces /{other_rel}:"
                " one cannot be a file and the other in a folder of that name",
                owner,
                line,
                "change the slug, alias or file name of one of them",
            )
        self._owners[key] = (rel, owner)
        self.files[rel] = file


def _context_key(env: jinja2.Environment, config: Config, manifest: Mapping[str, str]) -> str:
    """Everything besides the page that a template's output can depend on."""
    loader = env.loader
    assert loader is not None
    templates = [
        (name, _template_source(env, loader, name, config.root))
        for name in sorted(set(env.list_templates()))
    ]
    return digest(
        __version__,
        repr(config),
        repr(templates),
        repr(sorted((k, repr(v)) for k, v in env.globals.items() if k in ("data", "figures"))),
        repr(sorted(manifest.items())),
    )


def _template_source(
    env: jinja2.Environment, loader: jinja2.BaseLoader, name: str, site_root: Path
) -> str:
    try:
        return loader.get_source(env, name)[0]
    except OSError as exc:
        path = Path(exc.filename or name)
        raise SiteError(
            f"cannot read file: {exc.strerror}",
            path.relative_to(site_root) if path.is_relative_to(site_root) else path,
            None,
            "check the file's permissions",
        ) from None


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
    view = page_view(not_found, tree, config)
    html = render_template(env, "404.html", {"page": view}, config.root)
    plan.add("404.html", Path("404.html"), OutputFile(html.encode()))
    if config.search:
        base = config.base_path.rstrip("/")
        search = replace(home, title="Search", url="/search/", rel="search.md")
        script, script_out = search_script()
        context = {"page": page_view(search, tree, config), "search_script": f"{base}/{script_out}"}
        html = render_template(env, "search.html", context, config.root)
        plan.add("search/index.html", Path("search.html"), OutputFile(html.encode()))
        plan.add(script_out, Path("search.js"), OutputFile(script))
    sitemap_url = None
    if config.has_absolute_base:
        entries = [(config.absolute_url(p.url), p.meta.updated or p.meta.date) for p in pages]
        plan.add("sitemap.xml", Path("sitemap.xml"), OutputFile(render_sitemap(entries).encode()))
        sitemap_url = config.absolute_url("/sitemap.xml")
    plan.add("robots.txt", Path("robots.txt"), OutputFile(render_robots(sitemap_url).encode()))
    base = config.base_path.rstrip("/")
    for page in pages:  # after the generated files: a clash is the alias's, at its line
        for alias in page.meta.aliases:
            out = alias.lstrip("/")
            out = out if out.endswith(".html") else out + "index.html"
            target = {"url": base + page.url, "permalink": config.absolute_url(page.url)}
            html = render_template(env, "redirect.html", {"target": target}, config.root)
            plan.add(out, page.src, OutputFile(html.encode()), page.meta.lines.get("aliases"))


def _warnings(pages: tuple[Page, ...], config: Config, options: BuildOptions) -> list[SiteError]:
    warnings = list(config.notes)
    base = _base_url_warning(config, options.base_url is not None)
    if base is not None:
        warnings.append(base)
    foreign = _foreign_keys_warning(pages, config)
    if foreign is not None:
        warnings.append(foreign)
    for page in pages:
        if options.strict and page.title_from_name and not page.is_section:
            warnings.append(
                SiteError(
                    f"page has no title, so it is named after its file: {page.title!r}",
                    page.src,
                    1,
                    "add 'title: ...' to the front matter, or start the page with '# A heading'",
                )
            )
        if not page.meta.description and not page.is_stand_in:
            warnings.append(
                SiteError(
                    "page has no description (search engines and link previews show it)",
                    page.src,
                    page.meta.lines.get("description", 1),
                    "add 'description: ...' (one sentence) to the front matter",
                )
            )
    return warnings


def _foreign_keys_warning(pages: tuple[Page, ...], config: Config) -> SiteError | None:
    """One warning for every front matter key mvsite does not use (other generators' keys),
    unless the config allows it: which keys, on how many pages, and the first place."""
    allowed = set(config.allowed_front_matter)
    found: dict[str, list[Page]] = {}
    for page in pages:
        for key in page.meta.foreign:
            if key not in allowed:
                found.setdefault(key, []).append(page)
    if not found:
        return None
    first = min((p for ps in found.values() for p in ps), key=lambda p: p.rel)
    listed = ", ".join(f"{key} ({counted(len(ps), 'page')})" for key, ps in sorted(found.items()))
    return SiteError(
        f"front matter keys mvsite does not use, kept for templates as page.meta: {listed}",
        first.src,
        min(first.meta.lines.get(key, 1) for key in first.meta.foreign if key not in allowed),
        "list the ones you mean to keep under allowed_front_matter in the site's config"
        " (this is an error with --strict until then), or remove them",
    )


def _base_url_warning(config: Config, from_option: bool) -> SiteError | None:
    """A missing or placeholder base_url: canonical links, og:url, the sitemap, robots.txt
    and the JSON-LD ids would not say where the site lives."""
    where, line = (
        ("--base-url", None) if from_option else (config.file, config.lines.get("base_url"))
    )
    key = "site_url" if config.file == "mkdocs.yml" else "base_url"
    hint = (
        f"set {key}: in {config.file} to the address the site is published at, or pass"
        " --base-url URL (the hosted workflow passes the Pages address)"
        if config.file
        else "pass --base-url URL: the address the site is published at"
    )
    if not config.has_absolute_base:
        return SiteError(
            "no base_url (an absolute http(s) address): canonical links, og:url and"
            " og:image need one, and no sitemap.xml was written",
            where,
            line,
            hint,
        )
    if config.has_reserved_host:
        return SiteError(
            f"base_url {config.base_url} is a reserved example domain (RFC 2606): canonical"
            " links, og:url, the sitemap and JSON-LD ids would point nowhere",
            where,
            line,
            hint,
        )
    return None
