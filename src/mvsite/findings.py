"""Finding: one problem in a site, found by a build or a check, and its printed forms.

Every command prints a finding the same way (`format_finding`):

    error: content/research/metabolism.md:5: unknown key 'drafts'
      hint: did you mean 'draft'?

`build`, `check` and the preview's overlay all show that text; `check` can also give JSON
and GitHub annotations.
"""

from __future__ import annotations

import collections
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .errors import SiteError, counted, location

Severity = Literal["error", "warning"]
SHOWN_PER_KIND = 10  # warnings of one kind a build prints in full; `mvsite check` lists them all
SHOWN_ERRORS = 20  # errors a failed build prints; `mvsite check` lists them all


@dataclass(frozen=True)
class Finding:
    path: Path | None
    line: int | None
    message: str
    hint: str
    severity: Severity
    rule: str  # a stable id for tools: 'build', 'link', 'alt-text', 'heading-order', ...

    @property
    def location(self) -> str:
        return location(self.path, self.line)


def finding_from_error(
    error: SiteError, severity: Severity = "error", rule: str = "build"
) -> Finding:
    return Finding(error.path, error.line, error.message, error.hint, severity, rule)


def format_finding(finding: Finding) -> str:
    """The one printed form: `severity: path:line: message`, then `  hint: ...` if any."""
    text = f"{finding.severity}: {finding.location}: {finding.message}"
    return f"{text}\n  hint: {finding.hint}" if finding.hint else text


def sorted_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Grouped by file, then in line order; exact repeats dropped."""
    return tuple(
        sorted(
            set(findings),
            key=lambda f: (
                f.path is not None,
                f.path.as_posix() if f.path else "",
                f.line or 0,
                f.severity,
                f.rule,
                f.message,
            ),
        )
    )


def findings_from_errors(
    errors: Iterable[SiteError], severity: Severity = "error"
) -> tuple[Finding, ...]:
    return tuple(finding_from_error(error, severity) for error in errors)


def count(findings: Iterable[Finding], severity: Severity) -> int:
    return sum(1 for f in findings if f.severity == severity)


def error_lines(errors: Sequence[Finding], shown: int = SHOWN_ERRORS) -> list[str]:
    """What a failed build prints: its first `shown` errors, a count of the rest, a total."""
    unique = list(dict.fromkeys(errors))  # one link twice on a line: once
    lines = [format_finding(error) for error in unique[:shown]]
    if len(unique) > shown:
        more = counted(len(unique) - shown, "more error")
        lines.append(f"error: and {more}\n  hint: `mvsite check` lists every one")
    lines.append(f"{counted(len(unique), 'error')}: nothing was written")
    return lines


def warning_lines(warnings: Sequence[Finding], per_kind: int = SHOWN_PER_KIND) -> list[str]:
    """What a build prints for its warnings: in order, at most `per_kind` of each kind
    (message and hint), then a count of the rest (a site of 10,000 pages without
    descriptions must not print 20,000 lines)."""
    lines: list[str] = []
    counts: collections.Counter[tuple[Severity, str, str]] = collections.Counter()
    for warning in warnings:
        kind = (warning.severity, warning.message, warning.hint)
        counts[kind] += 1
        if counts[kind] <= per_kind:
            lines.append(format_finding(warning))
    for (severity, message, _), number in counts.items():
        if number > per_kind:
            lines.append(
                f"{severity}: {number - per_kind} more like this: {message}\n"
                "  hint: `mvsite check` lists every one, with its file and line"
            )
    return lines


def format_text(findings: tuple[Finding, ...], pages: int) -> str:
    """Every finding in its printed form, a blank line between files, then a summary."""
    out: list[str] = []
    previous: Path | None = None
    for finding in findings:
        if out and finding.path != previous:
            out.append("")
        out.append(format_finding(finding))
        previous = finding.path
    if not findings:
        return f"No problems found in {counted(pages, 'page')}.\n"
    files = len({f.path for f in findings})
    out += [
        "",
        f"{counted(count(findings, 'error'), 'error')}, "
        f"{counted(count(findings, 'warning'), 'warning')} in {counted(files, 'file')} "
        f"({counted(pages, 'page')} checked)",
    ]
    return "\n".join(out) + "\n"


def format_json(findings: tuple[Finding, ...], more: Mapping[str, object] | None = None) -> str:
    """{issues: [{path, line, severity, rule, message, hint}], errors: N, warnings: M}, and
    the sections in `more` (check's translation status)."""
    report: dict[str, object] = {
        "issues": [
            {
                "path": f.path.as_posix() if f.path else None,
                "line": f.line,
                "severity": f.severity,
                "rule": f.rule,
                "message": f.message,
                "hint": f.hint,
            }
            for f in findings
        ],
        "errors": count(findings, "error"),
        "warnings": count(findings, "warning"),
        **(more or {}),
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def format_github(findings: tuple[Finding, ...], site_dir: Path) -> str:
    """GitHub Actions workflow commands, one line each (`message — hint`); paths are made
    relative to the repository's root (the working folder) by prefixing `site_dir`, the
    --source as given."""
    lines = []
    for finding in findings:
        props = []
        if finding.path is not None:
            props.append(f"file={_property((site_dir / finding.path).as_posix())}")
            if finding.line:
                props.append(f"line={finding.line}")
        props.append("title=mvsite check")
        text = f"{finding.message} — {finding.hint}" if finding.hint else finding.message
        lines.append(f"::{finding.severity} {','.join(props)}::{_data(text)}")
    return "".join(line + "\n" for line in lines)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
