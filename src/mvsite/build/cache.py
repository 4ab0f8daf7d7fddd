"""What earlier builds computed, keyed by content digests, so a rebuild redoes only what changed.

`serve` keeps one BuildCache in memory; `build` keeps it in `.mvsite-cache/` beside the
content: an index (`build.sqlite`, cache_store.py) with every page, its links, ids and TOC
(the link check needs them on every build), and the pages' Markdown HTML in pack files under
`html/` (html_packs.py). Saving rewrites only the parts of the index that changed. Deleting
the folder is always safe: the next build is a cold one.

The cache checks itself: each part of the index is stored with a digest of its bytes, and
each page's HTML has its own digest, checked when the HTML is read. A damaged index is a
cold build; a damaged or missing page's HTML is converted again from its source and kept
anew, and `BuildCache.repaired` says what was mended (one warning, printed by the build). A
cache folder that cannot be written at all is a warning and a build without it (`open_cache`).

A cache made by other code is ignored: the index names the code that made it (mvsite's
version, and the files of its package and of the libraries it renders with, as
build_record.code_identity digests them), so an edited or reinstalled mvsite starts cold.

A source file whose identity (sources/file_identity.py) is as recorded is not read again.
`build --no-cache` ignores the cache and writes it anew.
"""

from __future__ import annotations

import copyreg
import errno
import operator
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from mvsite.build.cache_store import Damaged, Stored, read_store, write_store
from mvsite.build.edit_records import INPUTS, VIEW_CLASSES, VIEWS, PageInputs
from mvsite.build.html_packs import HtmlAt, compact_packs, prune_packs
from mvsite.build.page_jobs import PageTemplate
from mvsite.markdown.converted import Heading, LinkRef, Rendered
from mvsite.sources.file_identity import Identity
from mvsite.sources.front_matter import FrontMatter
from mvsite.sources.pages import Page
from mvsite.sources.site_paths import cache_dir
from mvsite.write.folders import FolderRecord
from mvsite.write.output import LastOutput

INDEX_FILE = "build.sqlite"
_OLD_INDEX = "build.pickle"  # what mvsite kept before: deleted when the index is saved
_HTML_DIR = "html"
_TEMPLATE = "template:"  # the site part's names: _TEMPLATE + a template's key, or "output_dir"


@dataclass(frozen=True, slots=True)
class OutputRecord:
    """The file a build left in the output folder, and the key of what produced it."""

    key: str
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class PageRecord:
    """A source file as last read: its identity on disk, digest and parsed page."""

    identity: Identity  # or UNTRUSTED
    settings: str  # digest of the config values that parsing depends on
    digest: str  # of the file's text and `settings`
    page: Page  # its body is '' when not `has_body`
    has_body: bool = True  # the cache on disk leaves bodies out: the file has them


@dataclass(frozen=True, slots=True)
class MarkdownRecord:
    """A page's Markdown result; its HTML is kept apart (BuildCache.html or `html/`)."""

    key: str  # digest of every input of the conversion
    rendered: Rendered  # with html ''
    html_at: HtmlAt | None = None  # where in `html/` (None: in memory, or not kept)


@dataclass
class BuildCache:
    """Mutable on purpose: each build reads the previous entries and leaves its own."""

    pages: dict[str, PageRecord] = field(default_factory=dict)  # source rel -> record
    markdown: dict[str, MarkdownRecord] = field(default_factory=dict)  # source rel -> record
    outputs: dict[str, OutputRecord] = field(default_factory=dict)  # output rel -> record
    templates: dict[str, bytes] = field(default_factory=dict)  # Jinja bytecode (render.py)
    output_dir: str = ""  # the folder `outputs` describes
    output_folders: dict[str, FolderRecord] = field(default_factory=dict)  # its folders
    html: dict[str, str] = field(default_factory=dict)  # markdown key -> HTML (in memory)
    # The views of pages rendered since it was loaded (None: the page is gone), saved by
    # name: a build needs none of the others (edit_records.py).
    views: dict[str, PageTemplate | None] = field(default_factory=dict)
    page_inputs: PageInputs | None = None
    html_dir: Path | None = field(default=None, compare=False)  # or: HTML in files here
    keep_html: bool = True  # False: keep no HTML at all (a build that saves no cache)
    changed: bool = field(default=True, compare=False)  # since loaded: else saving is a no-op
    # What was found damaged and mended, as names in the cache folder (for the warning).
    repaired: set[str] = field(default_factory=set, compare=False)
    stored: Stored | None = field(default=None, compare=False, repr=False)  # as last read

    def has_html(self, record: MarkdownRecord) -> bool:
        """Is the record's HTML kept? (On disk: said to be; reading it checks it.)"""
        if self.html_dir is None:
            return record.key in self.html
        return record.html_at is not None


def open_cache(
    site_root: Path, code: str, fresh: bool = False
) -> tuple[BuildCache | None, str | None]:
    """The cache to build with (`fresh`: an empty one, which replaces the old when saved),
    or None when its folder cannot be written; and why not, for a warning. `code` is the
    identity of the code that builds (build_record.code_identity)."""
    folder = cache_dir(site_root)
    html = folder / _HTML_DIR
    repaired = set()
    try:
        if folder.exists() and not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder")
        if html.is_symlink() or (html.exists() and not html.is_dir()):
            html.unlink()  # the folder is ours: whatever else is there is damage
            repaired.add(f"{_HTML_DIR}/")
        html.mkdir(parents=True, exist_ok=True)
        probe = html / f".probe.{os.getpid()}.tmp"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        return None, exc.strerror or str(exc)
    cache = BuildCache(html_dir=html) if fresh else load_cache(site_root, code)
    cache.repaired |= repaired
    return cache, None


def load_cache(site_root: Path, code: str) -> BuildCache:
    """The cache an earlier build with the same `code` left, or an empty one (missing, made
    by other code, of another format or damaged: then `repaired` says so)."""
    folder = cache_dir(site_root)
    empty = BuildCache(html_dir=folder / _HTML_DIR)
    try:
        stored = read_store(folder / INDEX_FILE, code, apart=frozenset({VIEWS}))
    except Damaged:
        empty.repaired.add(INDEX_FILE)
        return empty
    if stored is None:
        return empty
    parts = stored.parts
    site = parts.get("site", {})
    cache = BuildCache(
        pages=dict(parts.get("pages", {})),
        markdown=dict(parts.get("markdown", {})),
        outputs=dict(parts.get("outputs", {})),
        templates=compiled_templates(site),
        output_dir=site.get("output_dir", ""),
        page_inputs=site.get(INPUTS),
        output_folders=dict(parts.get("folders", {})),
        html_dir=empty.html_dir,
        changed=False,
        stored=stored,
    )
    return cache


def compiled_templates(site: Mapping[str, Any]) -> dict[str, bytes]:
    """The compiled templates the index's site part keeps (name -> Jinja bytecode)."""
    return {
        name.removeprefix(_TEMPLATE): compiled
        for name, compiled in site.items()
        if name.startswith(_TEMPLATE)
    }


def describes_output(cache: BuildCache, output: Path) -> bool:
    """Are the cache's output records (`outputs`, `output_folders`) of the folder `output`?"""
    return cache.output_dir == str(output.absolute())


def recorded_output(cache: BuildCache, output: Path) -> LastOutput | None:
    """What the cache recorded of the output folder `output`, if it describes that folder."""
    if not describes_output(cache, output):
        return None
    return LastOutput(cache.outputs, cache.output_folders)


def save_cache(cache: BuildCache, site_root: Path, code: str) -> int:
    """Write what changed in the cache, made by `code`, and drop HTML files no entry uses (an
    OSError is the caller's to report as a warning); how many parts of the index it wrote."""
    _compact_html(cache)
    if not cache.changed:
        return 0
    folder = cache_dir(site_root)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".gitignore").write_text("*\n")
    cache.stored, written = write_store(
        folder / INDEX_FILE, code, _parts(cache), cache.stored, DISPATCH, {VIEWS: cache.views}
    )
    cache.changed, cache.views = False, {}
    (folder / _OLD_INDEX).unlink(missing_ok=True)
    if cache.html_dir is not None:
        prune_packs(cache.html_dir, _html_places(cache).values())
    return written


def _parts(cache: BuildCache) -> dict[str, Mapping[str, object]]:
    """The cache as the index keeps it: each kind of record by name; pages without bodies."""
    site: dict[str, object] = {
        _TEMPLATE + name: compiled for name, compiled in cache.templates.items()
    }
    site["output_dir"] = cache.output_dir
    if cache.page_inputs is not None:
        site[INPUTS] = cache.page_inputs
    return {
        "pages": {rel: without_body(r) for rel, r in cache.pages.items()},
        "markdown": cache.markdown,
        "outputs": cache.outputs,
        "folders": cache.output_folders,
        "site": site,
    }


def _html_places(cache: BuildCache) -> dict[str, HtmlAt]:
    """Markdown key -> where in `html/` its HTML is, of every record whose HTML is there."""
    return {r.key: r.html_at for r in cache.markdown.values() if r.html_at is not None}


def _compact_html(cache: BuildCache) -> None:
    """Point the records whose HTML html_packs.compact_packs moved at its new place."""
    if cache.html_dir is None:
        return
    moved = compact_packs(cache.html_dir, _html_places(cache))
    if not moved:
        return
    for rel, record in cache.markdown.items():
        if record.key in moved:
            cache.markdown[rel] = replace(record, html_at=moved[record.key])
    cache.changed = True


def _by_fields(cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    values = operator.attrgetter(*(f.name for f in fields(cls)))
    return lambda record: (cls, values(record))


def fast_dispatch(classes: tuple[type, ...]) -> dict[type, Callable[[Any], Any]]:
    """A pickler dispatch table that pickles each of these slotted dataclasses as cls(*values)."""
    return {**copyreg.dispatch_table, **{cls: _by_fields(cls) for cls in classes}}


# Records pickle as cls(*values): the default for slotted dataclasses (Python 3.11) calls
# dataclasses.fields() once per object, half the time a no-op build spent loading 10,000 pages.
_RECORDS = (OutputRecord, PageRecord, MarkdownRecord, Page, FrontMatter, Rendered, Heading, LinkRef)
DISPATCH = fast_dispatch((*_RECORDS, *VIEW_CLASSES))


def without_body(record: PageRecord) -> PageRecord:
    """Bodies are most of a page's size, and a page whose file is unchanged needs its body
    only when it must be converted again: then it is read from the file."""
    if not record.has_body:
        return record
    return replace(record, page=replace(record.page, body=""), has_body=False)


def html_folder(cache: BuildCache) -> Path | None:
    """The folder for HTML files, created (None when the HTML is kept in memory)."""
    if cache.html_dir is not None and cache.keep_html:
        cache.html_dir.mkdir(parents=True, exist_ok=True)
        return cache.html_dir
    return None
