"""Issues as text, JSON and GitHub annotations."""

from __future__ import annotations

import json
from pathlib import Path

from mvsite.findings import Issue, format_github, format_json, format_text, sorted_issues

ISSUES = sorted_issues(
    [
        Issue(Path("content/b.md"), 3, "warned", "", "warning", "w"),
        Issue(Path("content/a.md"), 12, "100% wrong, really: yes", "fix it", "error", "e"),
        Issue(Path("content/a.md"), 2, "early", "hint", "error", "e"),
        Issue(None, None, "no place", "", "error", "build"),
        Issue(Path("content/a.md"), 2, "early", "hint", "error", "e"),
    ]
)


def test_text_is_grouped_by_file_with_a_summary() -> None:
    assert format_text(ISSUES, 3) == (
        "mvsite: error: no place\n"
        "\n"
        "content/a.md:2: error: early — hint\n"
        "content/a.md:12: error: 100% wrong, really: yes — fix it\n"
        "\n"
        "content/b.md:3: warning: warned\n"
        "\n"
        "3 errors, 1 warning in 3 files (3 pages checked)\n"
    )
    assert format_text((), 1) == "No problems found in 1 page.\n"


def test_json() -> None:
    report = json.loads(format_json(ISSUES))
    assert (report["errors"], report["warnings"], len(report["issues"])) == (3, 1, 4)
    assert report["issues"][0] == {
        "path": None, "line": None, "severity": "error", "rule": "build",
        "message": "no place", "hint": "",
    }  # fmt: skip


def test_github_annotations_escape_their_text() -> None:
    assert format_github(ISSUES, Path("site")).splitlines() == [
        "::error title=mvsite check::no place",
        "::error file=site/content/a.md,line=2,title=mvsite check::early — hint",
        "::error file=site/content/a.md,line=12,title=mvsite check::"
        "100%25 wrong, really: yes — fix it",
        "::warning file=site/content/b.md,line=3,title=mvsite check::warned",
    ]
    odd = Issue(Path("a,b:c.md"), None, "two\nlines", "", "error", "e")
    assert format_github((odd,), Path(".")) == (
        "::error file=a%2Cb%3Ac.md,title=mvsite check::two%0Alines\n"
    )
