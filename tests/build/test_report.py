"""The CI build report: pages added, changed and removed, and warnings, as Markdown and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

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

from ..conftest import Run, SiteFiles


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
        SiteError("page has no description", "content/a.md", 1, "add one"), "warning"
    )
    data = json.loads(to_json(build_report(_write(("a/index.html",)), (warning,))))
    assert data["ok"] is True
    assert data["error"] is None
    assert data["pages"] == {"added": [], "changed": ["/a/"], "removed": [], "unchanged": 0}
    assert data["warnings"] == [
        {"path": "content/a.md", "line": 1, "message": "page has no description", "hint": "add one"}
    ]


def test_a_failed_build_reports_its_error_and_no_changes() -> None:
    error = finding_from_error(SiteError("duplicate key 'title'", "content/a.md", 3, "remove one"))
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
        SiteError("title <script>alert(1)</script> *bold* [x](y) | `c`\nsecond", "a.md", 2)
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


PAGE = "---\ntitle: {title}\ndescription: D.\n---\n{body}\n"


def _page(title: str, body: str = "Text.") -> str:
    return PAGE.format(title=title, body=body)


def test_build_appends_to_the_github_step_summary_and_writes_json(
    tmp_path: Path,
    make_site: Callable[[SiteFiles], Path],
    run_cli: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    site = make_site(
        {
            "mvsite.yaml": "base_url: https://mvsite.github.io/\n",
            "content/news/a.md": _page("A"),
            "content/keep/b.md": _page("B"),
            "content/news/c.md": _page("C"),
        }
    )
    report = tmp_path / "report.json"
    assert run_cli("build", "--source", site, "--report-json", report).code == 0
    first = json.loads(report.read_text())
    assert first["pages"]["added"] == [
        "/", "/404.html", "/keep/", "/keep/b/", "/news/", "/news/a/", "/news/c/",
    ]  # fmt: skip

    news = site / "content" / "news"
    (news / "a.md").write_text(_page("A", "New text."))
    (news / "c.md").unlink()
    (news / "d.md").write_text("---\ntitle: D\n---\nNo description.\n")
    result = run_cli("build", "--source", site, "--report-json", report)
    assert result.code == 0, result.err
    second = json.loads(report.read_text())
    assert second["ok"] is True
    assert second["pages"]["added"] == ["/news/d/"]
    assert "/news/a/" in second["pages"]["changed"]
    assert "/keep/b/" not in second["pages"]["changed"]
    assert second["pages"]["removed"] == ["/news/c/"]
    assert [(w["path"], w["line"]) for w in second["warnings"]] == [("content/news/d.md", 1)]

    text = summary.read_text()
    assert text.startswith("earlier step\n")
    assert text.count("## mvsite build: succeeded") == 2
    assert "**Pages removed** (1)\n\n- /news/c/\n" in text


def test_a_failed_build_still_reports(
    tmp_path: Path,
    make_site: Callable[[SiteFiles], Path],
    run_cli: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    site = make_site({"content/a.md": "---\ntitle: A\ntitle: B\n---\n"})
    report = tmp_path / "report.json"
    result = run_cli("build", "--source", site, "--report-json", report)
    assert result.code == 1
    assert json.loads(report.read_text())["error"]["line"] == 3
    assert "## mvsite build: failed" in summary.read_text()


def test_strict_mode_reports_the_warnings_it_stopped_for(
    tmp_path: Path, make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({"content/a.md": "---\ntitle: A\n---\nNo description.\n"})
    report = tmp_path / "report.json"
    assert run_cli("build", "--source", site, "--strict", "--report-json", report).code == 1
    data = json.loads(report.read_text())
    assert data["ok"] is False
    assert "--strict" in data["error"]["message"]
    assert len(data["warnings"]) == 2


def test_an_unwritable_report_is_an_error(
    tmp_path: Path, make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({"content/a.md": _page("A")})
    result = run_cli("build", "--source", site, "--report-json", tmp_path / "no" / "r.json")
    assert result.code == 1
    assert "could not write the build report" in result.err
    assert "Traceback" not in result.err
    assert (site / "public" / "a" / "index.html").is_file()  # the site itself was built
