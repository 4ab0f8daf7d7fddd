"""Issue: one finding of `mvsite check`, and the report as text, JSON or GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .errors import SiteError, counted

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    path: Path | None
    line: int | None
    message: str
    hint: str
    severity: Severity
    rule: str  # a stable id for tools: 'link', 'alt-text', 'heading-order', ...

    @property
    def location(self) -> str:
        if self.path is None:
            return "mvsite"
        return f"{self.path.as_posix()}:{self.line}" if self.line else self.path.as_posix()

    @property
    def text(self) -> str:
        """The message and what to do about it, on one line."""
        return f"{self.message} — {self.hint}" if self.hint else self.message


def issue_from_error(error: SiteError, severity: Severity = "error", rule: str = "build") -> Issue:
    return Issue(error.path, error.line, error.message, error.hint, severity, rule)


def sorted_issues(issues: Iterable[Issue]) -> tuple[Issue, ...]:
    """Grouped by file, then in line order; exact repeats dropped."""
    return tuple(
        sorted(
            set(issues),
            key=lambda i: (
                i.path is not None,
                i.path.as_posix() if i.path else "",
                i.line or 0,
                i.severity,
                i.rule,
                i.message,
            ),
        )
    )


def count(issues: Iterable[Issue], severity: Severity) -> int:
    return sum(1 for i in issues if i.severity == severity)


def format_text(issues: tuple[Issue, ...], pages: int) -> str:
    """`path:line: severity: problem — what to do`, a blank line between files, a summary."""
    out: list[str] = []
    previous: Path | None = None
    for issue in issues:
        if out and issue.path != previous:
            out.append("")
        out.append(f"{issue.location}: {issue.severity}: {issue.text}")
        previous = issue.path
    if not issues:
        return f"No problems found in {counted(pages, 'page')}.\n"
    files = len({i.path for i in issues})
    out += [
        "",
        f"{counted(count(issues, 'error'), 'error')}, "
        f"{counted(count(issues, 'warning'), 'warning')} in {counted(files, 'file')} "
        f"({counted(pages, 'page')} checked)",
    ]
    return "\n".join(out) + "\n"


def format_json(issues: tuple[Issue, ...]) -> str:
    """{issues: [{path, line, severity, rule, message, hint}], errors: N, warnings: M}."""
    report = {
        "issues": [
            {
                "path": i.path.as_posix() if i.path else None,
                "line": i.line,
                "severity": i.severity,
                "rule": i.rule,
                "message": i.message,
                "hint": i.hint,
            }
            for i in issues
        ],
        "errors": count(issues, "error"),
        "warnings": count(issues, "warning"),
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def format_github(issues: tuple[Issue, ...], site_dir: Path) -> str:
    """GitHub Actions workflow commands; paths are made relative to the repository's root
    (the working folder) by prefixing `site_dir`, the --source as given."""
    lines = []
    for issue in issues:
        props = []
        if issue.path is not None:
            props.append(f"file={_property((site_dir / issue.path).as_posix())}")
            if issue.line:
                props.append(f"line={issue.line}")
        props.append("title=mvsite check")
        lines.append(f"::{issue.severity} {','.join(props)}::{_data(issue.text)}")
    return "".join(line + "\n" for line in lines)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
