"""`mvsite build`: the build, its report, its cache, and the shortcut when nothing changed."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from mvsite.build.changes import Inputs, Outcome, forget, record_path, recorded_outcome, take_inputs
from mvsite.errors import EXIT_OK, EXIT_SITE_ERROR, SiteError, counted
from mvsite.findings import (
    error_lines,
    finding_from_error,
    findings_from_errors,
    warning_lines,
)
from mvsite.sources.site_paths import CACHE_DIR

if TYPE_CHECKING:
    from mvsite.build.cache import BuildCache
    from mvsite.build.pipeline import BuiltSite
    from mvsite.build.report import BuildReport
    from mvsite.write.output import WriteReport

# The pipeline is imported only once the build knows it has work to do (build/changes.py):
# importing it took longer than a build with nothing to do.


def run_build(args: argparse.Namespace) -> int:
    """`mvsite build`: build the site, or say that it is up to date; the exit code."""
    started = time.perf_counter()
    output = args.output or args.source / "public"
    inputs = None
    if not _must_report(args):
        # Taken with --no-cache too: that build leaves a new record, as it leaves a new cache.
        inputs = take_inputs(args.source, output, (args.drafts, args.base_url, args.strict))
        outcome = (
            None if args.no_cache else recorded_outcome(record_path(args.source), inputs, output)
        )
        if outcome is not None:
            for line in () if args.quiet else outcome.warnings:
                print(line, file=sys.stderr)
            if not args.quiet:
                _print_summary(outcome.pages, output, 0, outcome.files, 0, started)
            return EXIT_OK
    collecting = gc.isenabled()
    try:
        return _build_site(args, output, inputs, started)
    finally:
        if collecting:
            gc.enable()  # _build_site pauses it


def _must_report(args: argparse.Namespace) -> bool:
    """Must the build report more than it records? Then it builds, even if nothing changed."""
    wants_report = args.report_json is not None or os.environ.get("GITHUB_STEP_SUMMARY")
    return bool(args.profile or wants_report)


def _build_site(
    args: argparse.Namespace, output: Path, inputs: Inputs | None, started: float
) -> int:
    from mvsite.build.cache import BuildCache, open_cache
    from mvsite.build.page_stage import WORKER_MODULES
    from mvsite.build.pipeline import BuildOptions, build_site
    from mvsite.build.pool import WorkerPool, cpu_count
    from mvsite.build.report import build_report
    from mvsite.commands.progress import ProgressBar, format_profile, wants_progress
    from mvsite.markdown.fast_path import markdown_line
    from mvsite.write.stage import discard_stage, write_site

    cpu = time.process_time()
    jobs = args.jobs or cpu_count()
    options = BuildOptions(
        args.source,
        output,
        args.drafts,
        args.base_url,
        keep_going=True,
        strict=args.strict,
        jobs=jobs,
        stream=True,
    )
    with WorkerPool(jobs, WORKER_MODULES) if jobs > 1 else contextlib.nullcontext() as pool:
        if pool is not None:
            # Once the workers are forked (with it on: they make reference cycles page after
            # page), the cycle collector is off here. This process keeps every page to the
            # end and makes few cycles, yet each full collection walks all it holds: at
            # 10,000 pages that took a quarter of its CPU time, to free under 1% of its memory.
            gc.disable()
        cache, unusable = open_cache(args.source, fresh=args.no_cache)
        if cache is None and not args.quiet:
            print(
                f"warning: {CACHE_DIR}: cannot use the build cache ({unusable}); "
                "building without it\n"
                "  hint: mvsite keeps its cache in that folder: make it a writable folder, "
                "or delete it",
                file=sys.stderr,
            )
        # Without a cache to save, no page's HTML needs keeping (memory stays flat).
        saving = cache is not None
        cache = cache if cache is not None else BuildCache(keep_html=False)
        loaded = time.process_time() - cpu
        bar = ProgressBar(sys.stderr, wants_progress(sys.stderr, os.environ))
        try:
            site = build_site(options, cache, bar, pool)
        except SiteError as exc:
            _publish_report(args, build_report(None, (), finding_from_error(exc)))
            raise
        finally:
            bar.close()
    if cache.repaired and not args.quiet:
        print(_repaired_warning(cache.repaired), file=sys.stderr)
    warnings = findings_from_errors(site.warnings, "warning")
    if site.problems:
        discard_stage(output)
        problems = findings_from_errors(site.problems)
        for line in error_lines(problems):
            print(line, file=sys.stderr)
        _publish_report(args, build_report(None, warnings, problems[0]))
        return EXIT_SITE_ERROR
    shown_as = findings_from_errors(site.warnings, "error") if args.strict else warnings
    shown = warning_lines(shown_as)
    printed = warning_lines(shown_as, len(shown_as)) if args.verbose else shown
    for line in () if args.quiet and not args.strict else printed:
        print(line, file=sys.stderr)
    if args.strict and site.warnings:
        discard_stage(output)
        message = f"{len(site.warnings)} warning(s) in --strict mode; nothing was written"
        print(f"error: {message}", file=sys.stderr)
        failure = finding_from_error(SiteError(message))
        _publish_report(args, build_report(None, warnings, failure))
        return EXIT_SITE_ERROR
    writing = time.process_time()
    if saving:
        forget(record_path(args.source))  # what it says of the output ends here
    try:
        report = write_site(site.files, output)
    except SiteError as exc:
        _publish_report(args, build_report(None, warnings, finding_from_error(exc)))
        raise
    if saving:
        _save_cache(cache, site, report, output, args.source, inputs, shown)
    written = time.process_time() - writing
    if not args.quiet:
        _print_summary(
            len(site.pages), output, len(report.written), report.files, len(report.removed), started
        )
    if args.profile or args.verbose:
        config = site.config  # fast path, or stock and why:
        print(markdown_line(config.allow_html, bool(config.markdown_extensions)))
    if args.profile:
        spent = dict(site.seconds)
        spent["read"] = spent.get("read", 0.0) + loaded
        spent["write"] = spent.get("write", 0.0) + written
        print(format_profile(spent, time.perf_counter() - started, jobs))
    published = _publish_report(args, build_report(report, warnings))
    return EXIT_OK if published else EXIT_SITE_ERROR


def _repaired_warning(repaired: set[str]) -> str:
    names = ", ".join(sorted(repaired))
    return (
        f"warning: {CACHE_DIR}: repaired the damaged build cache ({names})\n"
        "  hint: what it held was built again from the sources; nothing damaged was published"
    )


def _print_summary(
    pages: int, output: Path, written: int, files: int, removed: int, started: float
) -> None:
    seconds = time.perf_counter() - started
    print(
        f"Built {counted(pages, 'page')} into {output}: {counted(written, 'file')} written, "
        f"{files - written} unchanged, {removed} removed in {seconds:.2f} s"
    )


def _publish_report(args: argparse.Namespace, report: BuildReport) -> bool:
    """Append the report to GitHub's job summary, and write --report-json; False on failure."""
    from mvsite.build.report import to_json, to_markdown

    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        try:
            with open(summary, "a", encoding="utf-8") as handle:
                handle.write(to_markdown(report))
        except OSError as exc:
            print(f"warning: could not append to $GITHUB_STEP_SUMMARY: {exc}", file=sys.stderr)
    if args.report_json is None:
        return True
    try:
        args.report_json.write_text(to_json(report), encoding="utf-8")
    except OSError as exc:
        print(
            f"error: {args.report_json}: could not write the build report: {exc.strerror}\n"
            "  hint: check that its folder exists and is writable",
            file=sys.stderr,
        )
        return False
    return True


def _save_cache(
    cache: BuildCache,
    site: BuiltSite,
    report: WriteReport,
    output: Path,
    source: Path,
    inputs: Inputs | None,
    warnings_shown: list[str],
) -> None:
    from mvsite.build.cache import OutputRecord, save_cache
    from mvsite.build.cache_update import CacheUpdate, remember
    from mvsite.build.changes import record_outcome
    from mvsite.write.stage import MARKER

    outputs = {rel: OutputRecord(key, *report.stats[rel]) for rel, key in site.output_keys.items()}
    remember(cache, CacheUpdate(outputs=outputs, output_dir=str(output.absolute())))
    try:
        save_cache(cache, source)
        if inputs is not None:
            marker = (output / MARKER).stat()
            files = {**report.stats, MARKER: (marker.st_size, marker.st_mtime_ns)}
            outcome = Outcome(tuple(warnings_shown), len(site.pages), report.files)
            record_outcome(record_path(source), inputs, output, files, outcome)
    except OSError as exc:
        print(f"warning: could not save the build cache: {exc}", file=sys.stderr)
