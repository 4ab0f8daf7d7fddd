"""Command line: argument parsing, the only place that prints errors and picks exit codes."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .cache import CACHE_DIR, BuildCache, OutputRecord, load_cache, save_cache
from .errors import SiteError
from .output import WriteReport, write_site
from .site import BuildOptions, BuiltSite, build_site

EXIT_OK, EXIT_SITE_ERROR, EXIT_USAGE = 0, 1, 2


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
        return _build(args)
    except SiteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_SITE_ERROR


def _build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    output = args.output or args.source / "public"
    options = BuildOptions(args.source, output, drafts=args.drafts, base_url=args.base_url)
    cache = BuildCache() if args.no_cache else load_cache(args.source)
    site = build_site(options, cache)
    for warning in site.warnings:
        print(f"{'error' if args.strict else 'warning'}: {warning}", file=sys.stderr)
    if args.strict and site.warnings:
        print(
            f"error: {len(site.warnings)} warning(s) in --strict mode; nothing was written",
            file=sys.stderr,
        )
        return EXIT_SITE_ERROR
    report = write_site(site.files, output)
    if not args.no_cache:
        _save_cache(cache, site, report, output, args.source)
    seconds = time.perf_counter() - started
    print(
        f"Built {len(site.pages)} pages into {output}: {len(report.written)} files written, "
        f"{len(report.unchanged)} unchanged, {len(report.removed)} removed in {seconds:.2f} s"
    )
    return EXIT_OK


def _save_cache(
    cache: BuildCache, site: BuiltSite, report: WriteReport, output: Path, source: Path
) -> None:
    cache.output_dir = str(output.absolute())
    cache.outputs = {
        rel: OutputRecord(key, *report.stats[rel]) for rel, key in site.output_keys.items()
    }
    try:
        save_cache(cache, source)
    except OSError as exc:
        print(f"warning: could not save the build cache: {exc}", file=sys.stderr)


def main_entry() -> None:
    sys.exit(main())
