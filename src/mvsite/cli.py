"""Command line: argument parsing, the only place that prints errors and picks exit codes.

Each command (commands/) is imported only when it runs: importing them all took longer than
a build with nothing to do.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mvsite import __version__
from mvsite.commands.serve import DEFAULT_PORT
from mvsite.sources.site_paths import CACHE_DIR

from .errors import EXIT_SITE_ERROR, EXIT_USAGE, SiteError
from .findings import finding_from_error, format_finding


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mvsite", description="Build and preview a static site.")
    parser.add_argument("--version", action="version", version=f"mvsite {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for about in _COMMANDS:
        command = commands.add_parser(about.name, help=about.summary, description=about.description)
        about.add_options(command)
        command.set_defaults(usage_of=command)  # extra arguments are reported with this usage
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run mvsite with `argv`; return the exit code."""
    try:
        args = _parse(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return _run(args)
    except SiteError as exc:
        print(format_finding(finding_from_error(exc)), file=sys.stderr)
        return EXIT_SITE_ERROR


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The arguments, or SystemExit after printing the usage error."""
    args, extra = make_parser().parse_known_args(argv)
    if extra:
        args.usage_of.error(f"unrecognized arguments: {' '.join(extra)}")
    _check_source(args)
    if args.command == "build" and args.output is not None:
        from mvsite.commands.build import output_folder_problem

        problem = output_folder_problem(args.source, args.output)
        if problem is not None:
            args.usage_of.error(problem)
    return args


def _run(args: argparse.Namespace) -> int:
    """Run the command `args` name (`run_NAME` in commands/NAME.py); its exit code."""
    module = importlib.import_module(f"mvsite.commands.{args.command}")
    code: int = getattr(module, f"run_{args.command}")(args)
    return code


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


def _build_options(build: argparse.ArgumentParser) -> None:
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
    new.add_argument("--translate", metavar="LANG", help="start PATH's LANG version")
    _source_option(new)


def _translations_options(parser: argparse.ArgumentParser) -> None:
    _source_option(parser)
    parser.add_argument("--json", action="store_true", help="print the status as JSON")
    parser.add_argument("--done", metavar="LANG", help="record PAGEs' LANG versions as updated")
    parser.add_argument("pages", nargs="*", metavar="PAGE", help="pages, with --done")


def _serve_options(serve: argparse.ArgumentParser) -> None:
    _source_option(serve)
    serve.add_argument(
        "-p",
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port (default: {DEFAULT_PORT}; 0 picks a free one)",
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    serve.add_argument(
        "--open", action="store_true", help="open the preview in the default web browser"
    )
    serve.add_argument("-q", "--quiet", action="store_true", help="print errors and warnings only")


def _init_options(init: argparse.ArgumentParser) -> None:
    init.add_argument(
        "--from", dest="origin", choices=("mkdocs",), required=True, help="the generator to read"
    )
    _source_option(init)


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


def _job_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1 (got {text!r})")
    return value


@dataclass(frozen=True)
class _Command:
    name: str
    summary: str  # its line in `mvsite --help`
    description: str  # `mvsite NAME --help`
    add_options: Callable[[argparse.ArgumentParser], None]


_COMMANDS = (
    _Command(
        "build",
        "build the site into the output folder",
        "Build the site into the output folder (default: SOURCE/public). The new "
        "site replaces the old one only when every page has succeeded; on any error every "
        "problem found is listed and the previous site is left as it was. Exit 1 on an error.",
        _build_options,
    ),
    _Command(
        "check",
        "build in memory and report every problem at once",
        "Build the site without writing it and report every problem: links, "
        "anchors, images and alt text, headings, ids, link text, titles and descriptions, "
        "pages nothing links to, old and unused figures. Exit 1 on any error.",
        _check_options,
    ),
    _Command(
        "new",
        "start a new page or section, as a draft",
        'mvsite new research/metabolism "Metabolism" creates '
        "content/research/metabolism.md; mvsite new section research/metabolism creates "
        "content/research/metabolism/_index.md; new --translate da research/cancer.md creates "
        "content/research/cancer.da.md to translate. Existing files are never overwritten.",
        _new_options,
    ),
    _Command(
        "translations",
        "show which pages are translated, outdated or missing in each language",
        "Print each page by the site's other languages: ok, outdated (its original changed "
        "since), unknown, draft, fallback or missing. --done LANG PAGE... records that "
        "those translations now say what their originals say.",
        _translations_options,
    ),
    _Command(
        "serve",
        "preview the site, with drafts, rebuilding and reloading on every save",
        "Build the site (drafts included) into a private temporary folder and "
        "serve it on http://127.0.0.1:8000/. Every save rebuilds what it affects and "
        "reloads the browser; a stylesheet change applies without a reload; a build "
        "error is shown over the page. Ctrl-C stops it.",
        _serve_options,
    ),
    _Command(
        "init",
        "write mvsite.yaml for an existing project (--from mkdocs)",
        "Write mvsite.yaml from the project's mkdocs.yml: the same title, address, "
        "docs folder, menu, Markdown extensions, extra and exclusions. A MkDocs project "
        "builds without it too; this is for switching for good. An existing mvsite.yaml is "
        "never overwritten.",
        _init_options,
    ),
)


def main_entry() -> None:
    """The `mvsite` command: main(), then the process ends at once.

    By the time main() returns every file is written and closed and every worker, thread and
    temporary folder is gone; what is left is the interpreter freeing each object and module
    one by one, 0.1-0.2 s of every command (more than a build with nothing to do takes), which
    a process about to end need not do.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        pass  # a pipe its reader closed (mvsite check | head): the reader wanted no more
    os._exit(code)
