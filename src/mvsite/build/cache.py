"""What earlier builds computed, keyed by content digests, so a rebuild redoes only what changed.

`serve` keeps one BuildCache in memory; `build` keeps it in `.mvsite-cache/` beside the
content: an index (`build.pickle`) with every page, its links, ids and TOC (the link check
needs them on every build), and the pages' Markdown HTML in pack files under `html/`
(html_packs.py). Deleting the folder is always safe: the next build is a cold one.

The cache checks itself: the index is stored after a digest of its bytes, and each page's
HTML has its own digest, checked when the HTML is read. A damaged index is a cold build; a
damaged or missing page's HTML is converted again from its source and kept anew, and
`BuildCache.repaired` says what was mended (one warning, printed by the build). A cache
folder that cannot be written at all is a warning and a build without it (`open_cache`).

A cache made by other code is ignored: the index names the code that made it (mvsite's
version, and the files of its package and of the libraries it renders with, as
build_record.code_identity digests them), so an edited or reinstalled mvsite starts cold.

A source file whose identity (sources/file_identity.py) is as recorded is not read again.
`build --no-cache` ignores the cache and writes it anew.
"""

from __future__ import annotations

import copyreg
import errno
import hashlib
import io
import operator
import os
import pickle
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from mvsite.build.html_packs import HtmlAt, compact_packs, prune_packs
from mvsite.markdown.converted import Heading, LinkRef, Rendered
from mvsite.sources.file_identity import Identity
from mvsite.sources.front_matter import FrontMatter
from mvsite.sources.pages import Page
from mvsite.sources.site_paths import cache_dir

_CACHE_FILE = "build.pickle"
_HTML_DIR = "html"
_FORMAT = 6  # of the pickled index; a cache of another format is ignored
_MAGIC = b"mvsite-cache 6\n"  # then the digest of the pickled index, then the index
_DIGEST_SIZE = 16
_PICKLE = b"\x80"  # how every pickle (of protocol 2 or later) starts


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
    html: dict[str, str] = field(default_factory=dict)  # markdown key -> HTML (in memory)
    html_dir: Path | None = field(default=None, compare=False)  # or: HTML in files here
    keep_html: bool = True  # False: keep no HTML at all (a build that saves no cache)
    changed: bool = field(default=True, compare=False)  # since loaded: else saving is a no-op
    # What was found damaged and mended, as names in the cache folder (for the warning).
    repaired: set[str] = field(default_factory=set, compare=False)

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
        data = (folder / _CACHE_FILE).read_bytes()
    except FileNotFoundError:
        return empty
    except OSError:
        empty.repaired.add(_CACHE_FILE)
        return empty
    if not data.startswith(_MAGIC):
        if not data.startswith(_PICKLE):  # else an older mvsite's index: not damage
            empty.repaired.add(_CACHE_FILE)
        return empty
    body = data[len(_MAGIC) + _DIGEST_SIZE :]
    try:
        if data[len(_MAGIC) : len(_MAGIC) + _DIGEST_SIZE] != _index_digest(body):
            raise ValueError("digest")
        made_by, form, cache = pickle.loads(body)
    except (EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
        empty.repaired.add(_CACHE_FILE)
        return empty
    if (made_by, form) != (code, _FORMAT) or not isinstance(cache, BuildCache):
        return empty
    if not _is_complete(cache):
        return empty
    cache.html_dir = empty.html_dir
    cache.changed = False
    cache.repaired = set()
    return cache


def _index_digest(data: bytes | memoryview) -> bytes:
    return hashlib.sha1(data, usedforsecurity=False).digest()[
        :_DIGEST_SIZE
    ]  # see html_packs._entry_digest


def _is_complete(cache: object) -> bool:
    """A BuildCache with every field the current code has (not one pickled by older code)."""
    names = {f.name for f in fields(BuildCache)}
    return names <= set(vars(cache))


def save_cache(cache: BuildCache, site_root: Path, code: str) -> None:
    """Write the cache, made by `code`, atomically and drop HTML files no entry uses (an
    OSError is the caller's to report as a warning)."""
    _compact_html(cache)
    if not cache.changed:
        return
    folder = cache_dir(site_root)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".gitignore").write_text("*\n")
    stored = replace(cache, pages={rel: without_body(r) for rel, r in cache.pages.items()})
    stored.repaired = set()
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump((code, _FORMAT, stored))
    body = buffer.getbuffer()
    with tempfile.NamedTemporaryFile("wb", dir=folder, delete=False) as handle:
        try:
            handle.write(_MAGIC + _index_digest(body))
            handle.write(body)
        except BaseException:
            os.unlink(handle.name)
            raise
    os.replace(handle.name, folder / _CACHE_FILE)
    if cache.html_dir is not None:
        prune_packs(cache.html_dir, _html_places(cache).values())


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
_DISPATCH = fast_dispatch(_RECORDS)


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
