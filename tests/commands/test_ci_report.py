"""A build's report for CI: $GITHUB_STEP_SUMMARY and --report-json, also when it fails."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import Run, SiteFiles

PAGE = "---\ntitle: {title}\ndescription: D.\n---\n{body}\n"


def _page(title: str, body: str = "Text.") -> str:
    return PAGE.format(title=title, body=body)


@pytest.fixture
def summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$GITHUB_STEP_SUMMARY, as a job's earlier step left it."""
    path = tmp_path / "summary.md"
    path.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(path))
    return path


def test_build_appends_to_the_github_step_summary_and_writes_json(
    tmp_path: Path,
    summary: Path,
    make_site: Callable[[SiteFiles], Path],
    run_cli: Callable[..., Run],
) -> None:
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
    summary: Path,
    make_site: Callable[[SiteFiles], Path],
    run_cli: Callable[..., Run],
) -> None:
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
