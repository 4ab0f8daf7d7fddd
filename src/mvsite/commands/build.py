"""`mvsite build`: when nothing changed, or only pages' bodies, a shortcut (shortcuts.py);
otherwise build, judge what it found, write, and record the outcome for the next time."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mvsite.build.build_record import (
    Inputs,
    Outcome,
    code_files,
    code_identity,
    forget,
    record_path,
    take_inputs,
)
from mvsite.commands.progress import summary_line
from mvsite.commands.shortcuts import took_shortcut
from mvsite.commands.today import today
from mvsite.errors import EXIT_OK, EXIT_SITE_ERROR, SiteError
from mvsite.findings import (
    Finding,
    Severity,
    error_lines,
    finding_from_error,
    findings_from_errors,
    format_finding,
    warning_lines,
)
from mvsite.sources.site_paths import CACHE_DIR, output_problem

if TYPE_CHECKING:
    from mvsite.build.cache import BuildCache
    from mvsite.build.pipeline import BuildOptions, BuiltSite
    from mvsite.build.report import BuildReport
    from mvsite.write.output import WriteReport

# The pipeline is imported only once the build knows it has work to do (build/build_record.py):
# importing it took longer than a build with nothing to do.


def run_build(args: argparse.Namespace) -> int:
    """`mvsite build`: build the site, or say that it is up to date; the exit code."""
    started = time.perf_counter()
    output = args.output or args.source / "public"
    inputs = None
    if not _must_report(args):
        # Taken with --no-cache too: that build leaves a new record, as it leaves a new cache.
        options = (args.drafts, args.base_url, args.strict, today(os.environ).isoformat())
        inputs = take_inputs(args.source, output, options)
        if not args.no_cache and took_shortcut(args.source, output, inputs, args.quiet, started):
            return EXIT_OK
    collecting = gc.isenabled()
    try:
        return _build(args, output, inputs, started)
    finally:
        if collecting:
            gc.enable()  # _run_pipeline pauses it


def output_folder_problem(source: Path, output: Path) -> str | None:
    """Why `output` cannot be the output folder of the site at `source`, with a hint; or None."""
    problem = output_problem(source, output)
    if problem is None:
        return None
    hint = f"choose a folder outside content/, static/, templates/ and {CACHE_DIR}/"
    return f"{problem}\n  hint: {hint}, such as public/"


def _must_report(args: argparse.Namespace) -> bool:
    """Must the build report more than it records? Then it builds, even if nothing changed."""
    wants_report = args.report_json is not None or os.environ.get("GITHUB_STEP_SUMMARY")
    return bool(args.profile or wants_report)


def _build(args: argparse.Namespace, output: Path, inputs: Inputs | None, started: float) -> int:
    """Build, judge, write and record; the exit code."""
    from mvsite.build.cache import recorded_output
    from mvsite.build.report import build_report
    from mvsite.write.stage import discard_stage, write_site

    code = inputs.code if inputs is not None else code_identity(code_files())
    run = _run_pipeline(args, output, code)
    warnings = findings_from_errors(run.site.warnings, "warning")
    failure, shown = _judge(run.site, args)
    if failure is not None:
        discard_stage(output)
        _publish(args, build_report(None, warnings, failure))
        return EXIT_SITE_ERROR
    writing = time.process_time()
    if run.saving:
        forget(record_path(args.source))  # what it says of the output ends here
    try:
        report = write_site(run.site.files, output, recorded_output(run.cache, output))
    except SiteError as exc:
        _publish(args, build_report(None, warnings, finding_from_error(exc)))
        raise
    if run.saving:
        _save_cache(run, report, output, args.source, inputs, shown)
    _print_outcome(args, run, report, output, (started, time.process_time() - writing))
    published = _publish(args, build_report(report, warnings))
    return EXIT_OK if published else EXIT_SITE_ERROR


@dataclass(frozen=True)
class _Run:
    """A finished run of the pipeline, and what it ran with."""

    site: BuiltSite
    cache: BuildCache
    saving: bool  # the cache folder is usable: the cache is saved once the site is written
    jobs: int
    code: str  # build_record.code_identity: the cache is saved as made by it
    opening: float  # CPU seconds to start the workers and open the cache (--profile: read)


def _run_pipeline(args: argparse.Namespace, output: Path, code: str) -> _Run:
    from mvsite.build.page_stage import WORKER_MODULES
    from mvsite.build.pipeline import build_site
    from mvsite.build.pool import WorkerPool, cpu_count
    from mvsite.build.report import build_report
    from mvsite.commands.progress import ProgressBar, wants_progress

    cpu = time.process_time()
    jobs = args.jobs or cpu_count()
    with WorkerPool(jobs, WORKER_MODULES) if jobs > 1 else contextlib.nullcontext() as pool:
        if pool is not None:
            # Once the workers are forked (with it on: they make reference cycles page after
            # page), the cycle collector is off here. This process keeps every page to the
            # end and makes few cycles, yet each full collection walks all it holds: at
            # 10,000 pages that took a quarter of its CPU time, to free under 1% of its memory.
            gc.disable()
        cache, saving = _open_cache(args.source, code, args.no_cache, args.quiet)
        opening = time.process_time() - cpu
        bar = ProgressBar(sys.stderr, wants_progress(sys.stderr, os.environ))
        try:
            site = build_site(_options(args, output, jobs), cache, bar, pool)
        except SiteError as exc:
            _publish(args, build_report(None, (), finding_from_error(exc)))
            raise
        finally:
            bar.close()
    if cache.repaired and not args.quiet:
        print(_repaired_warning(cache.repaired), file=sys.stderr)
    return _Run(site, cache, saving, jobs, code, opening)


def _options(args: argparse.Namespace, output: Path, jobs: int) -> BuildOptions:
    from mvsite.build.pipeline import BuildOptions

    return BuildOptions(
        args.source,
        output,
        args.drafts,
        args.base_url,
        keep_going=True,
        strict=args.strict,
        jobs=jobs,
        stream=True,  # pages go straight to the staging folder: see BuildOptions
        today=today(os.environ),
    )


def _open_cache(source: Path, code: str, fresh: bool, quiet: bool) -> tuple[BuildCache, bool]:
    """The build cache, and whether it is saved afterwards: an unusable cache folder is a
    warning and a build with an empty cache that is not kept."""
    from mvsite.build.cache import BuildCache, open_cache

    cache, unusable = open_cache(source, code, fresh=fresh)
    if cache is not None:
        return cache, True
    if not quiet:
        message = f"cannot use the build cache ({unusable}); building without it"
        hint = "mvsite keeps its cache in that folder: make it a writable folder, or delete it"
        print(_cache_warning(message, hint), file=sys.stderr)
    # Without a cache to save, no page's HTML needs keeping (memory stays flat).
    return BuildCache(keep_html=False), False


def _repaired_warning(repaired: set[str]) -> str:
    names = ", ".join(sorted(repaired))
    return _cache_warning(
        f"repaired the damaged build cache ({names})",
        "what it held was built again from the sources; nothing damaged was published",
    )


def _cache_warning(message: str, hint: str) -> str:
    return format_finding(Finding(Path(CACHE_DIR), None, message, hint, "warning", "cache"))


def _judge(site: BuiltSite, args: argparse.Namespace) -> tuple[Finding | None, list[str]]:
    """Print the build's errors, or its warnings; the finding that fails the build (None:
    publish it), and the warning lines shown (a build with nothing to do says them again)."""
    if site.problems:
        problems = findings_from_errors(site.problems)
        _print_lines(error_lines(problems))
        return problems[0], []
    severity: Severity = "error" if args.strict else "warning"
    warnings = findings_from_errors(site.warnings, severity)
    shown = warning_lines(warnings)
    if args.strict or not args.quiet:
        _print_lines(warning_lines(warnings, len(warnings)) if args.verbose else shown)
    if args.strict and site.warnings:
        message = f"{len(site.warnings)} warning(s) in --strict mode; nothing was written"
        print(f"error: {message}", file=sys.stderr)
        return finding_from_error(SiteError(message)), shown
    return None, shown


def _print_lines(lines: list[str]) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def _print_outcome(
    args: argparse.Namespace,
    run: _Run,
    report: WriteReport,
    output: Path,
    times: tuple[float, float],  # when the build started; CPU seconds spent writing
) -> None:
    """The summary line; with --verbose and --profile the Markdown converter used; with
    --profile where the time went."""
    from mvsite.commands.progress import format_profile
    from mvsite.markdown.fast_path import markdown_line

    started, writing = times
    if not args.quiet:
        written = len(report.written)
        seconds = time.perf_counter() - started
        pages = len(run.site.pages)
        print(summary_line(pages, output, written, report.files, len(report.removed), seconds))
    if args.profile or args.verbose:
        config = run.site.config  # fast path, or stock and why:
        print(markdown_line(config.allow_html, bool(config.markdown_extensions)))
    if args.profile:
        spent = dict(run.site.seconds)
        spent["read"] = spent.get("read", 0.0) + run.opening
        spent["write"] = spent.get("write", 0.0) + writing
        print(format_profile(spent, time.perf_counter() - started, run.jobs))


def _publish(args: argparse.Namespace, report: BuildReport) -> bool:
    from mvsite.commands.ci_report import publish_report

    return publish_report(report, args.report_json)


def _save_cache(
    run: _Run,
    report: WriteReport,
    output: Path,
    source: Path,
    inputs: Inputs | None,
    warnings_shown: list[str],
) -> None:
    """Keep the cache, and the record a build with nothing to do compares with."""
    from mvsite.build.build_record import Written, record_outcome
    from mvsite.build.cache import OutputRecord, save_cache
    from mvsite.build.cache_update import CacheUpdate, remember
    from mvsite.write.stage import MARKER

    cache, site = run.cache, run.site
    outputs = {rel: OutputRecord(key, *report.stats[rel]) for rel, key in site.output_keys.items()}
    folder = str(output.absolute())
    remember(cache, CacheUpdate(outputs=outputs, output_dir=folder, output_folders=report.folders))
    try:
        save_cache(cache, source, run.code)
        if inputs is not None:
            marker = (output / MARKER).stat()
            files = {**report.stats, MARKER: (marker.st_size, marker.st_mtime_ns)}
            outcome = Outcome(tuple(warnings_shown), len(site.pages), report.files)
            generation = cache.stored.generation if cache.stored else -1
            written = Written(files, report.folders, generation)
            record_outcome(record_path(source), inputs, output, written, outcome)
    except OSError as exc:
        print(f"warning: could not save the build cache: {exc}", file=sys.stderr)
