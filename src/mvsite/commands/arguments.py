"""Each command's name, help and options on the command line (cli.py parses with them)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mvsite.commands.serve import DEFAULT_PORT
from mvsite.sources.site_paths import CACHE_DIR


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
class Command:
    """A command: its name, help, and the options it takes."""

    name: str
    summary: str  # its line in `mvsite --help`
    description: str  # `mvsite NAME --help`
    add_options: Callable[[argparse.ArgumentParser], None]


COMMANDS = (
    Command(
        "build",
        "build the site into the output folder",
        "Build the site into the output folder (default: SOURCE/public). The new "
        "site replaces the old one only when every page has succeeded; on any error every "
        "problem found is listed and the previous site is left as it was. Exit 1 on an error.",
        _build_options,
    ),
    Command(
        "check",
        "build in memory and report every problem at once",
        "Build the site without writing it and report every problem: links, "
        "anchors, images and alt text, headings, ids, link text, titles and descriptions, "
        "pages nothing links to, old and unused figures. Exit 1 on any error.",
        _check_options,
    ),
    Command(
        "new",
        "start a new page or section, as a draft",
        'mvsite new research/metabolism "Metabolism" creates '
        "content/research/metabolism.md; mvsite new section research/metabolism creates "
        "content/research/metabolism/_index.md; new --translate da research/cancer.md creates "
        "content/research/cancer.da.md to translate. Existing files are never overwritten.",
        _new_options,
    ),
    Command(
        "translations",
        "show which pages are translated, outdated or missing in each language",
        "Print each page by the site's other languages: ok, outdated (its original changed "
        "since), unknown, draft, fallback or missing. --done LANG PAGE... records that "
        "those translations now say what their originals say.",
        _translations_options,
    ),
    Command(
        "serve",
        "preview the site, with drafts, rebuilding and reloading on every save",
        "Build the site (drafts included) into a private temporary folder and "
        "serve it on http://127.0.0.1:8000/. Every save rebuilds what it affects and "
        "reloads the browser; a stylesheet change applies without a reload; a build "
        "error is shown over the page. Ctrl-C stops it.",
        _serve_options,
    ),
    Command(
        "init",
        "write mvsite.yaml for an existing project (--from mkdocs)",
        "Write mvsite.yaml from the project's mkdocs.yml: the same title, address, "
        "docs folder, menu, Markdown extensions, extra and exclusions. A MkDocs project "
        "builds without it too; this is for switching for good. An existing mvsite.yaml is "
        "never overwritten.",
        _init_options,
    ),
)
