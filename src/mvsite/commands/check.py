"""`mvsite check`: build in memory, and report every problem at once."""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from mvsite.errors import EXIT_OK, EXIT_SITE_ERROR, SiteError

if TYPE_CHECKING:
    from mvsite.check.translation_findings import TranslationCheck
    from mvsite.findings import Finding


def run_check(args: argparse.Namespace) -> int:
    """Print every finding (in GitHub Actions also as annotations); exit 1 on an error."""
    from mvsite.findings import count, format_github, format_json, format_text

    findings, pages, translations = _find(args)
    failed = count(findings, "error") or (args.strict and findings)
    if args.quiet:
        findings = tuple(f for f in findings if f.severity == "error")
    if args.format == "json":
        print(format_json(findings, _translations_json(translations)), end="")
    else:
        print(format_text(findings, pages), end="")
        if not args.quiet and translations is not None:
            print(_translations_text(translations), end="")
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(format_github(findings, _from_cwd(args.source)), end="")
    return EXIT_SITE_ERROR if failed else EXIT_OK


def _find(
    args: argparse.Namespace,
) -> tuple[tuple[Finding, ...], int, TranslationCheck | None]:
    """Every finding of the site, how many pages were checked, and its translations."""
    from mvsite.build.pipeline import BuildOptions
    from mvsite.check.checker import build_for_check, check_site, external_issues, external_urls
    from mvsite.check.external_links import CACHE_FILE, check_urls
    from mvsite.check.htmlcheck import scan_site
    from mvsite.check.translation_findings import check_translations
    from mvsite.commands.today import today
    from mvsite.errors import first_of_each
    from mvsite.findings import Severity, finding_from_error, sorted_findings
    from mvsite.sources.site_paths import cache_dir

    output = args.output or args.source / "public"
    try:
        day = today(os.environ)
        options = BuildOptions(
            args.source, output, args.drafts, args.base_url, strict=args.strict, today=day
        )
        site = build_for_check(options)
        scan = scan_site(site, _shown_output(output, args.source))
        findings = check_site(site, scan, day)
        if args.external or args.external_strict:
            cache = cache_dir(site.config.root) / CACHE_FILE
            statuses = check_urls(external_urls(scan), cache, time.time())
            severity: Severity = "error" if args.external_strict else "warning"
            external = external_issues(scan, statuses, severity)
            findings = sorted_findings((*findings, *external))
        translations = check_translations(site.config)
    except SiteError as exc:  # one that stops even a check, such as an unreadable mvsite.yaml
        return tuple(map(finding_from_error, exc.each)), 0, None
    # An orphan translation is the build's warning too: check's own rule names it.
    findings = sorted_findings(first_of_each((*translations.findings, *findings)))
    return findings, len(scan.documents), translations


def _translations_text(translations: TranslationCheck) -> str:
    """The count of pages per language and state, after a blank line (nothing for a site of
    one language)."""
    from mvsite.check.translation_table import language_counts

    table = language_counts(translations.statuses, translations.languages, translations.theme_gaps)
    return "\n" + table if table else ""


def _translations_json(translations: TranslationCheck | None) -> dict[str, object]:
    from mvsite.check.translation_table import statuses_json

    if translations is None or len(translations.languages) < 2:
        return {}
    return {
        "translations": statuses_json(
            translations.statuses,
            translations.languages,
            translations.theme_gaps,
            translations.content,
        )
    }


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
