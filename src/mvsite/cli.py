"""Command line: argument parsing (each command's options: commands/arguments.py), the only
place that prints errors and picks exit codes.

Each command (commands/) is imported only when it runs: importing them all took longer than
a build with nothing to do.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from mvsite import __version__
from mvsite.commands.arguments import COMMANDS

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
    for about in COMMANDS:
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
        for error in exc.each:
            print(format_finding(finding_from_error(error)), file=sys.stderr)
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
