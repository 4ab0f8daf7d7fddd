"""Command line: argument parsing, the only place that prints errors and picks exit codes."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import CACHE_DIR, __version__
from .errors import SiteError
from .uptodate import RECORD_NAME, Inputs, Outcome, forget, recorded_outcome, take_inputs

if TYPE_CHECKING:
    from .cache import BuildCache
    from .issues import Issue
    from .output import WriteReport
    from .report import BuildReport
    from .site import BuiltSite

# Each command imports the modules it runs when it runs, and a build only once it knows it
# has work to do (uptodate.py): importing the pipeline took longer than a no-op build.
EXIT_OK, EXIT_SITE_ERROR, EXIT_USAGE = 0, 1, 2
DEFAULT_PORT = 8000  # server.DEFAULT_PORT (tests/test_server.py checks they agree)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"mvsite: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mvsite", description="Build and preview a static site.")
    parser.add_argument("--version", action="version", version=f"mvsite {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    build = commands.add_parser("build", help="build the site into the output folder")
    _site_options(build)
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument(
        "--no-cache", action="store_true", help=f"ignore and do not write {CACHE_DIR}/"
    )
    build.add_argument(
        "--jobs",
        type=_job_count,
        default=None,
        metavar="N",
        help="processes for page work (default: the machine's cores; 1: no worker processes)",
    )
    build.add_argument(
        "--profile", action="store_true", help="print where the time went, stage by stage"
    )
    build.add_argument(
        "--report-json",
        type=Path,
        metavar="FILE",
        help="write pages added, changed and removed, and every warning, to FILE as JSON "
        "(the same report goes to $GITHUB_STEP_SUMMARY as Markdown when that is set)",
    )
    _check_options(
        commands.add_parser(
            "check",
            help="build in memory and report every problem at once",
            description="Build the site without writing it and report every problem: links, "
            "anchors, images and alt text, headings, ids, link text, titles and descriptions, "
            "pages nothing links to, old and unused figures. Exit 1 on any error.",
        )
    )
    _new_options(
        commands.add_parser(
            "new",
            help="start a new page or section, as a draft",
            description='mvsite new research/metabolism "Metabolism" creates '
            "content/research/metabolism.md; mvsite new section research/metabolism creates "
            "content/research/metabolism/_index.md. Existing files are never overwritten.",
        )
    )
    _serve_options(
        commands.add_parser(
            "serve",
            help="preview the site, with drafts, rebuilding and reloading on every save",
            description="Build the site (drafts included) into a private temporary folder and "
            "serve it on http://127.0.0.1:8000/. Every save rebuilds what it affects and "
            "reloads the browser; a stylesheet change applies without a reload; a build "
            "error is shown over the page. Ctrl-C stops it.",
        )
    )
    return parser


def _site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", type=Path, default=Path("."), help="site folder (default: .)")
    parser.add_argument(
        "--output", type=Path, default=None, help="output folder (default: SOURCE/public)"
    )
    parser.add_argument("--drafts", action="store_true", help="include pages marked draft: true")
    parser.add_argument(
        "--base-url", default=None, help="override base_url, e.g. https://x.org/site/"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run mvsite with `argv`; return the exit code."""
    try:
        args = make_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "new":
            return _new(args)
        if args.command == "serve":
            return _serve(args)
        return _build(args)
    except SiteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_SITE_ERROR


def _build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    output = args.output or args.source / "public"
    inputs = None
    if _may_skip(args):
        inputs = take_inputs(args.source, output, (args.drafts, args.base_url, args.strict))
        outcome = recorded_outcome(args.source / CACHE_DIR / RECORD_NAME, inputs, output)
        if outcome is not None:
            for warning in outcome.warnings:
                print(f"warning: {warning}", file=sys.stderr)
            _print_summary(outcome.pages, output, 0, outcome.files, 0, started)
            return EXIT_OK
    return _build_site(args, output, inputs, started)


def _may_skip(args: argparse.Namespace) -> bool:
    """Can a build whose inputs are unchanged skip building? Not when it must report."""
    wants_report = args.report_json is not None or os.environ.get("GITHUB_STEP_SUMMARY")
    return not (args.no_cache or args.profile or wants_report)


def _build_site(
    args: argparse.Namespace, output: Path, inputs: Inputs | None, started: float
) -> int:
    from .cache import BuildCache, load_cache
    from .output import discard_stage, write_site
    from .progress import ProgressBar, format_profile, wants_progress
    from .report import build_report
    from .site import BuildOptions, build_site
    from .workers import WorkerPool, cpu_count

    cpu = time.process_time()
    jobs = args.jobs or cpu_count()
    options = BuildOptions(args.source, output, args.drafts, args.base_url, jobs=jobs, stream=True)
    with WorkerPool(jobs) if jobs > 1 else contextlib.nullcontext() as pool:
        # Without a cache to save, no page's HTML needs keeping (memory stays flat).
        cache = BuildCache(keep_html=False) if args.no_cache else load_cache(args.source)
        loaded = time.process_time() - cpu
        bar = ProgressBar(sys.stderr, wants_progress(sys.stderr, os.environ))
        try:
            site = build_site(options, cache, bar, pool)
        except SiteError as exc:
            _publish_report(args, build_report(None, (), exc))
            raise
        finally:
            bar.close()
    for warning in site.warnings:
        print(f"{'error' if args.strict else 'warning'}: {warning}", file=sys.stderr)
    if args.strict and site.warnings:
        discard_stage(output)
        message = f"{len(site.warnings)} warning(s) in --strict mode; nothing was written"
        print(f"error: {message}", file=sys.stderr)
        _publish_report(args, build_report(None, site.warnings, SiteError(message)))
        return EXIT_SITE_ERROR
    writing = time.process_time()
    forget(args.source / CACHE_DIR / RECORD_NAME)  # what it says of the output ends here
    try:
        report = write_site(site.files, output)
    except SiteError as exc:
        _publish_report(args, build_report(None, site.warnings, exc))
        raise
    if not args.no_cache:
        _save_cache(cache, site, report, output, args.source, inputs)
    written = time.process_time() - writing
    files = len(report.written) + len(report.unchanged)
    _print_summary(
        len(site.pages), output, len(report.written), files, len(report.removed), started
    )
    if args.profile:
        spent = dict(site.seconds)
        spent["read"] = spent.get("read", 0.0) + loaded
        spent["write"] = spent.get("write", 0.0) + written
        print(format_profile(spent, time.perf_counter() - started, jobs))
    published = _publish_report(args, build_report(report, site.warnings))
    return EXIT_OK if published else EXIT_SITE_ERROR


def _print_summary(
    pages: int, output: Path, written: int, files: int, removed: int, started: float
) -> None:
    seconds = time.perf_counter() - started
    print(
        f"Built {pages} pages into {output}: {written} files written, "
        f"{files - written} unchanged, {removed} removed in {seconds:.2f} s"
    )


def _job_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1 (got {text!r})")
    return value


def _publish_report(args: argparse.Namespace, report: BuildReport) -> bool:
    """Append the report to GitHub's job summary, and write --report-json; False on failure."""
    from .report import to_json, to_markdown

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
) -> None:
    from .cache import OutputRecord, save_cache
    from .output import MARKER
    from .uptodate import record_outcome

    outputs = {rel: OutputRecord(key, *report.stats[rel]) for rel, key in site.output_keys.items()}
    if outputs != cache.outputs or cache.output_dir != str(output.absolute()):
        cache.changed = True
    cache.output_dir = str(output.absolute())
    cache.outputs = outputs
    try:
        save_cache(cache, source)
        if inputs is not None:
            marker = (output / MARKER).stat()
            files = {**report.stats, MARKER: (marker.st_size, marker.st_mtime_ns)}
            warnings = tuple(str(w) for w in site.warnings)
            outcome = Outcome(
                warnings, len(site.pages), len(report.written) + len(report.unchanged)
            )
            record_outcome(source / CACHE_DIR / RECORD_NAME, inputs, files, outcome)
    except OSError as exc:
        print(f"warning: could not save the build cache: {exc}", file=sys.stderr)


def _check_options(check: argparse.ArgumentParser) -> None:
    _site_options(check)
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--external", action="store_true", help="also check http(s) links (as warnings)"
    )
    check.add_argument(
        "--external-strict",
        action="store_true",
        help="check http(s) links, and count broken ones as errors",
    )


def _check(args: argparse.Namespace) -> int:
    """Print every issue (in GitHub Actions also as annotations); exit 1 on an error."""
    from .issues import count, format_github, format_json, format_text

    issues, pages = _check_issues(args)
    if args.format == "json":
        print(format_json(issues), end="")
    else:
        print(format_text(issues, pages), end="")
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(format_github(issues, _from_cwd(args.source)), end="")
    failed = count(issues, "error") or (args.strict and issues)
    return EXIT_SITE_ERROR if failed else EXIT_OK


def _check_issues(args: argparse.Namespace) -> tuple[tuple[Issue, ...], int]:
    from .check import build_for_check, check_site, external_issues, external_urls
    from .htmlcheck import scan_site
    from .issues import Severity, issue_from_error, sorted_issues
    from .linkcheck import CACHE_FILE, check_urls
    from .site import BuildOptions

    output = args.output or args.source / "public"
    options = BuildOptions(args.source, output, drafts=args.drafts, base_url=args.base_url)
    try:
        site = build_for_check(options)
        scan = scan_site(site, _shown_output(output, args.source))
        issues = check_site(site, scan, _today())
        if args.external or args.external_strict:
            cache = site.config.root / CACHE_FILE
            statuses = check_urls(external_urls(scan), cache, time.time())
            severity: Severity = "error" if args.external_strict else "warning"
            issues = sorted_issues((*issues, *external_issues(scan, statuses, severity)))
    except SiteError as exc:  # one that stops even a check, such as an unreadable mvsite.yaml
        return (issue_from_error(exc),), 0
    return issues, len(scan.documents)


def _shown_output(output: Path, source: Path) -> Path:
    """The output folder as check names it: relative to the site (public/) when inside it."""
    try:
        return output.absolute().relative_to(source.absolute())
    except ValueError:
        return output


def _from_cwd(path: Path) -> Path:
    """`path` relative to the working folder, as GitHub wants annotation paths."""
    try:
        return path.absolute().relative_to(Path.cwd()) if path.is_absolute() else path
    except ValueError:
        return path


def _today() -> dt.date:
    """Today (UTC), or the day of SOURCE_DATE_EPOCH when it is set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return dt.datetime.now(dt.UTC).date()
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        raise SiteError(
            f"SOURCE_DATE_EPOCH must be whole seconds since 1970 (got {epoch!r})",
            hint="unset it, or set it to e.g. $(git log -1 --format=%ct)",
        ) from None


def _new_options(new: argparse.ArgumentParser) -> None:
    new.add_argument("words", nargs="+", metavar="[section] PATH [TITLE]")
    new.add_argument("--source", type=Path, default=Path("."), help="site folder (default: .)")


def _new(args: argparse.Namespace) -> int:
    from .config import load_config
    from .scaffold import create_file, plan_new

    words = list(args.words)
    section = len(words) > 1 and words[0] == "section"
    words = words[1:] if section else words
    if len(words) > 2:
        print("mvsite new: expected [section] PATH [TITLE]; quote a title", file=sys.stderr)
        return EXIT_USAGE
    config = load_config(args.source.absolute())
    new = plan_new(config, words[0], words[1] if len(words) > 1 else None, _today(), section)
    create_file(new)
    print(f"Created {new.shown}, a draft: mvsite serve shows it (and build --drafts)")
    return EXIT_OK


def _serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", type=Path, default=Path("."), help="site folder (default: .)")
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port (default: {DEFAULT_PORT}; 0 picks a free one)",
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )


def _serve(args: argparse.Namespace) -> int:
    from .server import ServeOptions, is_loopback, serve

    if not is_loopback(args.host):
        print(
            f"warning: listening on {args.host}: other machines on the network can see this "
            "preview, drafts included\n  hint: leave out --host to keep it on this machine",
            file=sys.stderr,
        )

    def log(line: str) -> None:
        stream = sys.stderr if line.startswith(("error:", "warning:")) else sys.stdout
        print(line, file=stream, flush=True)

    serve(ServeOptions(args.source, args.host, args.port), log)
    print("Stopped.", flush=True)
    return EXIT_OK


def main_entry() -> None:
    sys.exit(main())
