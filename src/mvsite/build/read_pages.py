"""Read the site's Markdown sources into Pages, reusing cached pages whose file is unchanged.

Many files are read and parsed in the worker processes, in batches.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from mvsite.build.cache import BuildCache, PageRecord, without_body
from mvsite.build.changes import is_unchanged, page_record
from mvsite.build.page_pickle import dumps
from mvsite.build.pool import WorkerPool
from mvsite.errors import SiteError
from mvsite.sources.config import Config
from mvsite.sources.content_files import Sources
from mvsite.sources.digest import digest
from mvsite.sources.file_identity import UNTRUSTED, Identity, identity_of
from mvsite.sources.page_languages import in_every_language
from mvsite.sources.page_urls import page_url
from mvsite.sources.pages import Page, parse_page, select_pages
from mvsite.sources.textfile import read_source_text


def load_pages_cached(
    config: Config,
    sources: Sources,
    drafts: bool,
    cache: BuildCache,
    report: Callable[[SiteError], None],
    pool: WorkerPool | None = None,
    keep_bodies: bool = True,
) -> tuple[tuple[Page, ...], dict[str, str], float, dict[str, PageRecord]]:
    """Every page and section, reusing pages whose file is unchanged; the pages that failed
    (rel -> url); the CPU seconds other processes spent reading; and each file's record
    (for the cache: build/cache_update.py). Files to read are read in `pool`'s processes
    when there are many; without `keep_bodies`, their bodies stay there (the pages' records
    say has_body=False)."""
    found: dict[str, Page] = {}
    failed: dict[str, str] = {}
    settings = parse_settings(config)
    records: dict[str, PageRecord] = {}
    loaded, elsewhere = _load_pages(config, sources.markdown, settings, cache, pool, keep_bodies)
    for rel in sources.markdown:
        record = loaded[rel]
        if isinstance(record, SiteError):
            report(record)
            failed[rel] = page_url(rel, None)
            continue
        records[rel] = record
        found[rel] = record.page
    pages = select_pages(found, sources, config, drafts)
    every = in_every_language(pages, config.site_languages, config.untranslated)
    return every, failed, elsewhere, records


def parse_settings(config: Config) -> str:
    """The digest of the config values that parsing a page depends on (sources/pages.py
    parse_page): a cached page is reused only if they are as they were. The languages are
    among them: which codes a file name may carry, and which is the default."""
    languages = ",".join(language.code for language in config.site_languages)
    return digest(
        ",".join(config.allowed_front_matter),
        config.title,
        languages,
        str(config.allow_html),
        str(config.from_mkdocs),  # (a MkDocs page's template: is its theme's)
    )


_READ_BATCH = 128  # files per batch read in a worker: enough to outweigh the hand-over


def _load_pages(
    config: Config,
    rels: Iterable[str],
    settings: str,
    cache: BuildCache,
    pool: WorkerPool | None,
    keep_bodies: bool,
) -> tuple[dict[str, PageRecord | SiteError], float]:
    """Each page's record (or the error reading it), and the CPU seconds other processes spent
    on them; a file is not read again if its identity (sources/file_identity.py) is as recorded."""
    loaded: dict[str, PageRecord | SiteError] = {}
    to_read: list[tuple[str, Identity | None, PageRecord | None]] = []
    content_dir = config.content_dir  # a property that looks at the disk
    now = time.time_ns()
    for rel in rels:
        cached = cache.pages.get(rel)
        if cached is None:  # its reader takes its identity (in a worker, for a cold build)
            to_read.append((rel, None, None))
            continue
        identity = _identity(f"{content_dir}/{rel}")  # (a Path per page: slower)
        if is_unchanged(cached, identity, settings):
            loaded[rel] = cached
        else:
            to_read.append((rel, identity, cached))
    batches = [to_read[i : i + _READ_BATCH] for i in range(0, len(to_read), _READ_BATCH)]
    pooled = pool is not None and pool.size > 1 and len(batches) > 1
    if pool is not None and pooled:
        arguments = [(config, content_dir, settings, now, keep_bodies, b) for b in batches]
        results = pool.map(_read_pages, arguments, dumps)
    else:
        results = (
            _read_pages(config, content_dir, settings, now, keep_bodies, batch) for batch in batches
        )
    elsewhere = 0.0
    for batch, (records, seconds) in zip(batches, results, strict=True):
        for (rel, _, _), record in zip(batch, records, strict=True):
            loaded[rel] = record
        elsewhere += seconds if pooled else 0.0
    return loaded, elsewhere


def _read_pages(
    config: Config,
    content_dir: Path,
    settings: str,
    now: int,
    keep_bodies: bool,
    batch: list[tuple[str, Identity | None, PageRecord | None]],
) -> tuple[list[PageRecord | SiteError], float]:
    """Read and parse each (rel, identity, cached record) of `batch` (in a worker or not);
    and the CPU seconds that took."""
    started = time.process_time()
    records: list[PageRecord | SiteError] = []
    for rel, stated, cached in batch:
        src = content_dir / rel
        identity = stated if stated is not None else _identity(str(src))  # before reading it
        try:
            record = load_page(src, rel, settings, cached, config, now, identity)
        except SiteError as error:
            records.append(error)
            continue
        records.append(record if keep_bodies else without_body(record))
    return records, time.process_time() - started


def _identity(path: str) -> Identity:
    try:
        return identity_of(os.stat(path))
    except OSError:
        return UNTRUSTED  # reading it reports the problem


def load_page(
    src: Path,
    rel: str,
    settings: str,
    cached: PageRecord | None,
    config: Config,
    now: int,
    identity: Identity,
) -> PageRecord:
    """The page at `src`, whose file has changed (or is not in the cache)."""
    shown = src.relative_to(config.root)
    text = read_source_text(src, shown)
    parse = partial(parse_page, text, rel, shown, config)
    return page_record(cached, identity, settings, text, now, parse)
