"""The CI build report: pages added, changed and removed, and warnings, as Markdown and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from mvsite.build.report import (
    MARKDOWN_LIST_LIMIT,
    Changes,
    build_report,
    escape_markdown,
    to_json,
    to_markdown,
)
from mvsite.errors import SiteError
from mvsite.findings import finding_from_error
from mvsite.write.output import WriteReport


def _write(
    written: tuple[str, ...] = (),
    unchanged: tuple[str, ...] = (),
    removed: tuple[str, ...] = (),
    added: tuple[str, ...] = (),
) -> WriteReport:
    return WriteReport(written, unchanged, removed, {}, added)


def test_pages_and_other_files_are_counted_apart() -> None:
    write = _write(
        written=("a/index.html", "b/index.html", "style.1.css"),
        added=("a/index.html", "style.1.css"),
        unchanged=("index.html", "robots.txt"),
        removed=("gone/index.html", "style.0.css"),
    )
    report = build_report(write, ())
    assert report.ok
    assert report.pages == Changes(("/a/",), ("/b/",), ("/gone/",), 1)
    assert report.files == Changes(("/style.1.css",), (), ("/style.0.css",), 1)


def test_json_report_lists_changes_and_located_warnings() -> None:
    warning = finding_from_error(
        SiteError("page has no description", Path("content/a.md"), 1, "add one"), "warning"
    )
    data = json.loads(to_json(build_report(_write(("a/index.html",)), (warning,))))
    assert data["ok"] is True
    assert data["error"] is None
    assert data["pages"] == {"added": [], "changed": ["/a/"], "removed": [], "unchanged": 0}
    assert data["warnings"] == [
        {"path": "content/a.md", "line": 1, "message": "page has no description", "hint": "add one"}
    ]


def test_a_failed_build_reports_its_error_and_no_changes() -> None:
    error = finding_from_error(
        SiteError("duplicate key 'title'", Path("content/a.md"), 3, "remove one")
    )
    report = build_report(None, (), error)
    data = json.loads(to_json(report))
    assert data["ok"] is False
    assert data["error"]["path"] == "content/a.md"
    assert data["error"]["line"] == 3
    text = to_markdown(report)
    assert "failed, the previous site is unchanged" in text
    assert "content/a.md:3: duplicate key 'title'" in text


def test_markdown_shows_editor_text_literally() -> None:
    hostile = finding_from_error(
        SiteError("title <script>alert(1)</script> *bold* [x](y) | `c`\nsecond", Path("a.md"), 2)
    )
    text = to_markdown(build_report(_write(), (hostile,)))
    line = next(ln for ln in text.splitlines() if ln.startswith("- a.md"))
    assert "<script>" not in text and "&lt;script&gt;" in line
    assert r"\*bold\*" in line and r"\[x\](y)" in line and r"\|" in line and r"\`c\`" in line
    assert "second" in line  # one list item, not a new line
    assert escape_markdown("a & b") == "a &amp; b"


def test_long_lists_are_cut_in_markdown_but_not_in_json() -> None:
    many = tuple(f"p{i:03}/index.html" for i in range(MARKDOWN_LIST_LIMIT + 7))
    report = build_report(_write(many, added=many), ())
    assert "- … and 7 more" in to_markdown(report)
    assert len(json.loads(to_json(report))["pages"]["added"]) == len(many)
