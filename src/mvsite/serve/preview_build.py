"""The preview's build: the site built into a private folder, and rebuilt there on each save
redoing and rewriting only what changed (a body edit takes serve/text_edit.py's shortcut).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from mvsite.build.cache import BuildCache, OutputRecord
from mvsite.build.cache_update import CacheUpdate, remember
from mvsite.build.pipeline import BuildOptions, build_site
from mvsite.build.pool import WorkerPool
from mvsite.errors import SiteError
from mvsite.serve.text_edit import LastBuild, rebuild_bodies
from mvsite.write.update import update_site


@dataclass(frozen=True)
class Rebuilt:
    seconds: float  # building and writing
    error: SiteError | None = None
    write_seconds: float = 0.0
    pages: int = 0
    written: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    bodies_only: bool = False  # only page bodies changed, and only those pages were rebuilt


@dataclass(frozen=True)
class _Unsettled:
    """What a build leaves for after its pages are reloading (see Preview.settle)."""

    output_keys: Mapping[str, str]  # of the files the build wrote or kept
    warnings: tuple[SiteError, ...]
    bodies_only: bool  # output_keys and warnings: the rebuilt pages' alone


@dataclass
class Preview:
    """The site built into a private folder; a rebuild redoes and rewrites only what changed."""

    options: BuildOptions  # output: the private folder
    cache: BuildCache = field(default_factory=BuildCache)
    stats: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    warned: frozenset[str] = frozenset()
    unsettled: _Unsettled | None = None
    last: LastBuild | None = None  # of the last full build that succeeded, for serve/text_edit.py
    # Worker processes for the next full build alone (serve's first: the later ones redo
    # only what changed, in this process).
    first_pool: WorkerPool | None = None

    def rebuild(self, changed: Sequence[str] = ()) -> Rebuilt:
        """Build and write what changed (`changed`: the paths saved since the last build, if
        known); call settle() after it (else the next one does)."""
        self.settle()
        started = time.perf_counter()
        assert self.options.output is not None
        dest = self.options.output.absolute()
        output_keys: Mapping[str, str]
        warnings: tuple[SiteError, ...]
        try:
            bodies = rebuild_bodies(self.last, changed, self.cache, dest) if self.last else None
            if bodies is not None and self.last is not None:
                self.last = self.last.after(bodies)
                files, pages = bodies.files, len(self.last.pages)
                output_keys = {out: bodies.output_keys[out] for out in files}
                warnings = bodies.warnings
            else:
                self.last = None
                pool, self.first_pool = self.first_pool, None
                site = build_site(self.options, self.cache, pool=pool)
                self.last = LastBuild.of(site)
                files, output_keys, pages = site.files, site.output_keys, len(site.pages)
                warnings = site.warnings
            built = time.perf_counter()
            report = update_site(files, dest, self.stats, complete=bodies is None)
        except SiteError as error:
            return Rebuilt(time.perf_counter() - started, error)
        self.stats = report.stats
        self.unsettled = _Unsettled(output_keys, warnings, bodies is not None)
        now = time.perf_counter()
        written, removed = report.written, report.removed
        return Rebuilt(
            now - started, None, now - built, pages, written, removed, bodies is not None
        )

    def settle(self) -> tuple[SiteError, ...]:
        """Finish the last build's bookkeeping; the warnings it has that the one before had not.

        Records what is in the folder for the next build's cache, and compares warnings: at
        10,000 pages that takes tens of milliseconds, and the server's one thread also sends
        the pages that are reloading, so it waits until they are (rebuilds.SETTLE_AFTER), or
        at the latest until the next build starts.
        """
        done, self.unsettled = self.unsettled, None
        if done is None:
            return ()
        outputs = {
            rel: OutputRecord(key, *self.stats[rel]) for rel, key in done.output_keys.items()
        }
        if done.bodies_only:  # their warnings were told (text_edit): maybe on other lines now
            remember(self.cache, CacheUpdate(rewritten=outputs))
            self.warned |= {str(w) for w in done.warnings}
            return ()
        folder = str(self.options.output.absolute()) if self.options.output else ""
        remember(self.cache, CacheUpdate(outputs=outputs, output_dir=folder))
        texts = [str(w) for w in done.warnings]
        shown = zip(done.warnings, texts, strict=True)
        new = tuple(w for w, text in shown if text not in self.warned)
        self.warned = frozenset(texts)
        return new
