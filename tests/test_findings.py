"""Findings in their one printed form, as a build's bounded lists, as check's text, JSON
and GitHub annotations."""

from __future__ import annotations

import json
from pathlib import Path

from mvsite.errors import SiteError
from mvsite.findings import (
    SHOWN_PER_KIND,
    Finding,
    error_lines,
    finding_from_error,
    findings_from_errors,
    format_finding,
    format_github,
    format_json,
    format_text,
    sorted_findings,
    warning_lines,
)

FINDINGS = sorted_findings(
    [
        Finding(Path("content/b.md"), 3, "warned", "", "warning", "w"),
        Finding(Path("content/a.md"), 12, "100% wrong, really: yes", "fix it", "error", "e"),
        Finding(Path("content/a.md"), 2, "early", "hint", "error", "e"),
        Finding(None, None, "no place", "", "error", "build"),
        Finding(Path("content/a.md"), 2, "early", "hint", "error", "e"),
    ]
)


def test_the_printed_form_is_severity_place_message_then_hint() -> None:
    error = SiteError("unknown key 'drafts'", Path("content/m.md"), 5, "did you mean 'draft'?")
    assert format_finding(finding_from_error(error)) == (
        "error: content/m.md:5: unknown key 'drafts'\n  hint: did you mean 'draft'?"
    )
    assert format_finding(finding_from_error(SiteError("no place"), "warning")) == (
        "warning: mvsite: no place"
    )
    file_only = finding_from_error(SiteError("no base_url", Path("mvsite.yaml"), None, "set it"))
    assert format_finding(file_only) == "error: mvsite.yaml: no base_url\n  hint: set it"


def test_many_warnings_of_one_kind_are_counted_not_all_printed() -> None:
    missing = [
        SiteError("no description", Path(f"content/p{i}.md"), 1, "add one") for i in range(25)
    ]
    other = SiteError("no base_url", Path("mvsite.yaml"), None, "set it")
    lines = warning_lines(findings_from_errors([missing[0], other, *missing[1:]], "warning"))
    assert lines[:2] == [
        "warning: content/p0.md:1: no description\n  hint: add one",
        "warning: mvsite.yaml: no base_url\n  hint: set it",
    ]
    assert len(lines) == SHOWN_PER_KIND + 2
    assert lines[-1] == (
        f"warning: {25 - SHOWN_PER_KIND} more like this: no description\n"
        "  hint: `mvsite check` lists every one, with its file and line"
    )
    strict = findings_from_errors(missing[:SHOWN_PER_KIND], "error")
    assert warning_lines(strict) == [format_finding(f) for f in strict]


def test_a_failed_build_prints_its_errors_once_each_then_a_count() -> None:
    broken = [SiteError("link to a missing page", Path(f"content/p{i}.md"), 2) for i in range(23)]
    lines = error_lines(findings_from_errors([broken[0], *broken]), shown=20)
    assert lines[0] == "error: content/p0.md:2: link to a missing page"
    assert lines[20:] == [
        "error: and 3 more errors\n  hint: `mvsite check` lists every one",
        "23 errors: nothing was written",
    ]
    assert error_lines(findings_from_errors(broken[:1])) == [
        "error: content/p0.md:2: link to a missing page",
        "1 error: nothing was written",
    ]


def test_text_is_grouped_by_file_with_a_summary() -> None:
    assert format_text(FINDINGS, 3) == (
        "error: mvsite: no place\n"
        "\n"
        "error: content/a.md:2: early\n"
        "  hint: hint\n"
        "error: content/a.md:12: 100% wrong, really: yes\n"
        "  hint: fix it\n"
        "\n"
        "warning: content/b.md:3: warned\n"
        "\n"
        "3 errors, 1 warning in 3 files (3 pages checked)\n"
    )
    assert format_text((), 1) == "No problems found in 1 page.\n"


def test_json() -> None:
    report = json.loads(format_json(FINDINGS))
    assert (report["errors"], report["warnings"], len(report["issues"])) == (3, 1, 4)
    assert report["issues"][0] == {
        "path": None, "line": None, "severity": "error", "rule": "build",
        "message": "no place", "hint": "",
    }  # fmt: skip


def test_github_annotations_escape_their_text() -> None:
    assert format_github(FINDINGS, Path("site")).splitlines() == [
        "::error title=mvsite check::no place",
        "::error file=site/content/a.md,line=2,title=mvsite check::early — hint",
        "::error file=site/content/a.md,line=12,title=mvsite check::"
        "100%25 wrong, really: yes — fix it",
        "::warning file=site/content/b.md,line=3,title=mvsite check::warned",
    ]
    odd = Finding(Path("a,b:c.md"), None, "two\nlines", "", "error", "e")
    assert format_github((odd,), Path(".")) == (
        "::error file=a%2Cb%3Ac.md,title=mvsite check::two%0Alines\n"
    )
