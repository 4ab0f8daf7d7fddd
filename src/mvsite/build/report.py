"""A build's outcome -> a report for CI: Markdown for the job summary, JSON for tools.

Pure: the caller (cli) decides where the text goes. Pages are the site's HTML files, named
by their site path (`/research/cancer/`); everything else counts as another file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mvsite.findings import Finding
from mvsite.write.output import WriteReport
from mvsite.write.urls import file_url

MARKDOWN_LIST_LIMIT = 50  # a job summary is read by people: longer lists are cut short
# Inline markup; block markup (#, -, 1.) only counts at a line's start, which is never editor text.
_MARKDOWN_SPECIAL = set("\\`*_[]|~")


@dataclass(frozen=True)
class Changes:
    """Site paths added, changed and removed since the previous build, and how many stayed."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: int = 0


@dataclass(frozen=True)
class BuildReport:
    ok: bool
    pages: Changes
    files: Changes  # everything that is not a page: CSS, images, sitemap.xml, ...
    warnings: tuple[Finding, ...]
    error: Finding | None = None  # a failed build's first error


def is_page(rel: str) -> bool:
    return rel.endswith(".html")


def _changes(write: WriteReport, wanted: bool) -> Changes:
    def pick(rels: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(file_url(r) for r in rels if is_page(r) == wanted))

    return Changes(
        added=pick(write.added),
        changed=pick(write.changed),
        removed=pick(write.removed),
        unchanged=len(pick(write.unchanged)),
    )


def build_report(
    write: WriteReport | None, warnings: Sequence[Finding], error: Finding | None = None
) -> BuildReport:
    """What a build wrote (None: it wrote nothing) and what it warned about -> BuildReport."""
    if write is None:
        return BuildReport(error is None, Changes(), Changes(), tuple(warnings), error)
    return BuildReport(
        error is None, _changes(write, True), _changes(write, False), tuple(warnings), error
    )


def _finding_json(finding: Finding) -> dict[str, object]:
    return {
        "path": finding.path.as_posix() if finding.path else None,
        "line": finding.line,
        "message": finding.message,
        "hint": finding.hint or None,
    }


def _changes_json(changes: Changes) -> dict[str, object]:
    return {
        "added": list(changes.added),
        "changed": list(changes.changed),
        "removed": list(changes.removed),
        "unchanged": changes.unchanged,
    }


def to_json(report: BuildReport) -> str:
    """BuildReport -> JSON text (stable key order, one trailing newline)."""
    data = {
        "ok": report.ok,
        "error": _finding_json(report.error) if report.error else None,
        "pages": _changes_json(report.pages),
        "files": _changes_json(report.files),
        "warnings": [_finding_json(w) for w in report.warnings],
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def escape_markdown(text: str) -> str:
    """Editor-written text shown literally in GitHub Markdown: no markup, no raw HTML."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in text)
    return " ".join(text.split())  # one line: a newline would end a list item or table row


def _count(changes: Changes) -> str:
    return (
        f"| {len(changes.added)} | {len(changes.changed)} | {len(changes.removed)} "
        f"| {changes.unchanged} |"
    )


def _path_list(title: str, paths: tuple[str, ...]) -> list[str]:
    if not paths:
        return []
    lines = ["", f"**{title}** ({len(paths)})", ""]
    lines += [f"- {escape_markdown(p)}" for p in paths[:MARKDOWN_LIST_LIMIT]]
    if len(paths) > MARKDOWN_LIST_LIMIT:
        lines.append(f"- … and {len(paths) - MARKDOWN_LIST_LIMIT} more")
    return lines


def _problem_line(finding: Finding) -> str:
    text = f"- {escape_markdown(finding.location)}: {escape_markdown(finding.message)}"
    return text + (f" (hint: {escape_markdown(finding.hint)})" if finding.hint else "")


def to_markdown(report: BuildReport) -> str:
    """BuildReport -> a GitHub job summary section (Markdown, ends with a blank line)."""
    if report.ok:
        lines = ["## mvsite build: succeeded", ""]
    else:
        lines = ["## mvsite build: failed, the previous site is unchanged", ""]
        if report.error:
            lines += [_problem_line(report.error), ""]
    lines += [
        "| | added | changed | removed | unchanged |",
        "|---|---:|---:|---:|---:|",
        f"| pages {_count(report.pages)}",
        f"| other files {_count(report.files)}",
    ]
    lines += _path_list("Pages added", report.pages.added)
    lines += _path_list("Pages changed", report.pages.changed)
    lines += _path_list("Pages removed", report.pages.removed)
    lines += ["", f"### Warnings ({len(report.warnings)})", ""]
    lines += [_problem_line(w) for w in report.warnings] or ["None."]
    return "\n".join(lines) + "\n\n"
