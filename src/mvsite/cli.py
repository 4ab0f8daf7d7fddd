"""Command line: argument parsing, the only place that prints errors and picks exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from mvsite import __version__
from mvsite.sources.site_paths import CACHE_DIR, output_problem

from .errors import EXIT_OK, EXIT_SITE_ERROR, EXIT_USAGE, SiteError
from .findings import finding_from_error, format_finding

# Each command (commands/build.py, commands/check.py, and new and serve below) imports the
# modules it runs when it runs: importing them all took longer than a build with nothing to do.
DEFAULT_PORT = 8000  # server.DEFAULT_PORT (tests/serve/test_server.py checks they agree)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mvsite", description="Build and preview a static site.")
    parser.add_argument("--version", action="version", version=f"mvsite {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    build = commands.add_parser(
        "build",
        help="build the site into the output folder",
        description="Build the site into the output folder (default: SOURCE/public). The new "
        "site replaces the old one only when every page has succeeded; on any error every "
        "problem found is listed and the previous site is left as it was. Exit 1 on an error.",
    )
    _site_options(build)
    _loudness_options(build)
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument(
        "--no-cache",
        action="store_true",
        help=f"ignore {CACHE_DIR}/ and build it again from scratch",
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
        check := commands.add_parser(
            "check",
            help="build in memory and report every problem at once",
            description="Build the site without writing it and report every problem: links, "
            "anchors, images and alt text, headings, ids, link text, titles and descriptions, "
            "pages nothing links to, old and unused figures. Exit 1 on any error.",
        )
    )
    _new_options(
        new := commands.add_parser(
            "new",
            help="start a new page or section, as a draft",
            description='mvsite new research/metabolism "Metabolism" creates '
            "content/research/metabolism.md; mvsite new section research/metabolism creates "
            "content/research/metabolism/_index.md. Existing files are never overwritten.",
        )
    )
    _serve_options(
        serve := commands.add_parser(
            "serve",
            help="preview the site, with drafts, rebuilding and reloading on every save",
            description="Build the site (drafts included) into a private temporary folder and "
            "serve it on http://127.0.0.1:8000/. Every save rebuilds what it affects and "
            "reloads the browser; a stylesheet change applies without a reload; a build "
            "error is shown over the page. Ctrl-C stops it.",
        )
    )
    init = commands.add_parser(
        "init",
        help="write mvsite.yaml for an existing project (--from mkdocs)",
        description="Write mvsite.yaml from the project's mkdocs.yml: the same title, address, "
        "docs folder, menu, Markdown extensions, extra and exclusions. A MkDocs project "
        "builds without it too; this is for switching for good. An existing mvsite.yaml is "
        "never overwritten.",
    )
    init.add_argument(
        "--from", dest="origin", choices=("mkdocs",), required=True, help="the generator to read"
    )
    _source_option(init)
    subcommands = (("build", build), ("check", check), ("new", new), ("serve", serve))
    for name, sub in (*subcommands, ("init", init)):
        sub.set_defaults(usage_of=sub)  # extra arguments are reported with this usage
        assert sub.prog == f"mvsite {name}"
    return parser


def _loudness_options(parser: argparse.ArgumentParser) -> None:
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument(
        "-q", "--quiet", action="store_true", help="print errors only (no warnings, no summary)"
    )
    loudness.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="print every warning in full (by default ten of a kind, then a count)",
    )


def _source_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-s",
        "--source",
        type=Path,
        default=Path("."),
        help="site folder: mvsite.yaml, mkdocs.yml or just Markdown files (default: .)",
    )


def _site_options(parser: argparse.ArgumentParser) -> None:
    _source_option(parser)
    parser.add_argument(
        "-o",
        "-d",
        "--output",
        type=Path,
        default=None,
        help="output folder (default: SOURCE/public)",
    )
    parser.add_argument(
        "-D", "--drafts", action="store_true", help="include pages marked draft: true"
    )
    parser.add_argument(
        "--base-url", default=None, help="override base_url, e.g. https://x.org/site/"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run mvsite with `argv`; return the exit code."""
    try:
        args, extra = make_parser().parse_known_args(argv)
        if extra:
            args.usage_of.error(f"unrecognized arguments: {' '.join(extra)}")
        _check_source(args)
        _check_output(args)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if args.command == "check":
            from mvsite.commands.check import run_check

            return run_check(args)
        if args.command == "new":
            return _new(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "init":
            from mvsite.commands.init import write_mvsite_yaml

            print(f"Wrote {write_mvsite_yaml(args.source)}")
            return EXIT_OK
        from mvsite.commands.build import run_build

        return run_build(args)
    except SiteError as exc:
        print(format_finding(finding_from_error(exc)), file=sys.stderr)
        return EXIT_SITE_ERROR


def _check_source(args: argparse.Namespace) -> None:
    """A --source that is not a folder is a usage error (a build would publish nothing)."""
    source: Path = args.source
    if source.is_dir():
        return
    what = "is not a folder" if source.exists() else "does not exist"
    here = [name for name in ("docs", "mkdocs.yml", "mvsite.yaml") if Path(name).exists()]
    hint = (
        f"this folder holds {', '.join(here)}: leave out --source to build it"
        if here
        else "give the folder that holds the site's Markdown files (or its mvsite.yaml)"
    )
    args.usage_of.error(f"--source {source} {what}\n  hint: {hint}")


def _check_output(args: argparse.Namespace) -> None:
    """An output folder among the sources, or holding them, is a usage error."""
    if args.command != "build" or args.output is None:
        return
    problem = output_problem(args.source, args.output)
    if problem is not None:
        hint = f"choose a folder outside content/, static/, templates/ and {CACHE_DIR}/"
        args.usage_of.error(f"{problem}\n  hint: {hint}, such as public/")


def _job_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1 (got {text!r})")
    return value


def _check_options(check: argparse.ArgumentParser) -> None:
    _site_options(check)
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    check.add_argument(
        "-q", "--quiet", action="store_true", help="list errors only (warnings still count)"
    )
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (default) or JSON"
    )
    check.add_argument(
        "--external", action="store_true", help="also check http(s) links (as warnings)"
    )
    check.add_argument(
        "--external-strict",
        action="store_true",
        help="check http(s) links, and count broken ones as errors",
    )


def _new_options(new: argparse.ArgumentParser) -> None:
    new.add_argument(
        "words",
        nargs="+",
        metavar="[section] PATH [TITLE]",
        help="'section' to start a section; the page's path inside the content; its title",
    )
    _source_option(new)


def _new(args: argparse.Namespace) -> int:
    from mvsite.commands.check import today
    from mvsite.commands.new import create_file, plan_new
    from mvsite.sources.config import load_config

    words = list(args.words)
    section = len(words) > 1 and words[0] == "section"
    words = words[1:] if section else words
    if len(words) > 2:
        print("mvsite new: expected [section] PATH [TITLE]; quote a title", file=sys.stderr)
        return EXIT_USAGE
    config = load_config(args.source.absolute())
    new = plan_new(config, words[0], words[1] if len(words) > 1 else None, today(), section)
    create_file(new)
    print(f"Created {new.shown}, a draft: mvsite serve shows it (and build --drafts)")
    return EXIT_OK


def _serve_options(parser: argparse.ArgumentParser) -> None:
    _source_option(parser)
    parser.add_argument(
        "-p",
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
    parser.add_argument(
        "--open", action="store_true", help="open the preview in the default web browser"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors and warnings only")


def _serve(args: argparse.Namespace) -> int:
    from mvsite.serve.address import is_loopback
    from mvsite.serve.server import ServeOptions, serve

    if not is_loopback(args.host):
        print(
            f"warning: listening on {args.host}: other machines on the network can see this "
            "preview, drafts included\n  hint: leave out --host to keep it on this machine",
            file=sys.stderr,
        )

    def log(line: str) -> None:
        problem = line.startswith(("error:", "warning:"))
        if problem or not args.quiet:
            print(line, file=sys.stderr if problem else sys.stdout, flush=True)

    serve(ServeOptions(args.source, args.host, args.port, _browser_opener(args.open)), log)
    print("Stopped.", flush=True)
    return EXIT_OK


def _browser_opener(wanted: bool) -> Callable[[str], object] | None:
    if not wanted:
        return None
    import webbrowser

    return webbrowser.open


def main_entry() -> None:
    sys.exit(main())
