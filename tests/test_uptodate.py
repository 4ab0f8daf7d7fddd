"""A build whose inputs and output are as the last build left them skips building, and says
what that build said; any change to either, or to the options, builds."""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from mvsite import site
from mvsite.layout import CACHE_DIR
from mvsite.uptodate import RECORD_NAME

from .conftest import SITES, Run
from .test_cache import EDITS


class _Built(Exception):
    pass


def _refuse(*args: object, **kwargs: object) -> None:
    raise _Built


@pytest.fixture
def built_site(tmp_path: Path, run_cli: Callable[..., Run]) -> Path:
    source = tmp_path / "site"
    shutil.copytree(SITES / "basic", source)  # old timestamps: no source was just saved
    assert run_cli("build", "--source", source).code == 0
    assert (source / CACHE_DIR / RECORD_NAME).is_file()
    return source


@pytest.fixture
def no_building(monkeypatch: pytest.MonkeyPatch) -> None:
    """Building raises _Built: a build that gets through did not build."""

    monkeypatch.setattr(site, "build_site", _refuse)


def _said(run: Run) -> tuple[str, str]:
    return re.sub(r"in \d+\.\d\d s", "in T s", run.out), run.err


def test_an_unchanged_site_is_not_built_again_and_says_the_same(
    built_site: Path, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    full = run_cli("build", "--source", built_site, "--no-cache")  # builds, and forgets
    assert "warning: " in full.err and " 0 files written, 17 unchanged, 0 removed " in full.out
    assert run_cli("build", "--source", built_site).code == 0  # builds, and records
    monkeypatch.setattr(site, "build_site", _refuse)
    skipped = run_cli("build", "--source", built_site)
    assert skipped.code == 0
    assert _said(skipped) == _said(full)


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_any_source_change_builds(
    edit: str, built_site: Path, run_cli: Callable[..., Run], no_building: None
) -> None:
    EDITS[edit](built_site)
    with pytest.raises(_Built):
        run_cli("build", "--source", built_site)


OUTPUT_CHANGES: dict[str, Callable[[Path], None]] = {
    "deleted file": lambda out: (out / "about/index.html").unlink(),
    "edited file": lambda out: (out / "about/index.html").write_text("tampered"),
    "stray file": lambda out: (out / "stray.html").write_text("not ours"),
    "deleted output": lambda out: shutil.rmtree(out),
}


@pytest.mark.parametrize("change", sorted(OUTPUT_CHANGES))
def test_any_output_change_builds(
    change: str, built_site: Path, run_cli: Callable[..., Run], no_building: None
) -> None:
    OUTPUT_CHANGES[change](built_site / "public")
    with pytest.raises(_Built):
        run_cli("build", "--source", built_site)


@pytest.mark.parametrize(
    "options",
    [
        ["--drafts"],
        ["--base-url", "https://example.org/x/"],
        ["--strict"],
        ["--profile"],
        ["--no-cache"],
        ["--report-json", "report.json"],
        ["--output", "elsewhere"],
    ],
)
def test_other_options_or_a_wanted_report_build(
    options: list[str],
    built_site: Path,
    run_cli: Callable[..., Run],
    no_building: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(built_site)
    with pytest.raises(_Built):
        run_cli("build", "--source", built_site, *options)


def test_a_github_job_summary_builds(
    built_site: Path,
    run_cli: Callable[..., Run],
    no_building: None,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    with pytest.raises(_Built):
        run_cli("build", "--source", built_site)


def test_a_source_saved_just_now_is_not_trusted_next_time(
    built_site: Path, run_cli: Callable[..., Run]
) -> None:
    page = built_site / "content/about.md"
    page.write_text(page.read_text() + "\nMore.\n")
    assert run_cli("build", "--source", built_site).code == 0
    # A second save in the same timestamp tick could keep size and mtime: no record to trust.
    assert not (built_site / CACHE_DIR / RECORD_NAME).exists()
    old = time.time_ns() - 10_000_000_000
    os.utime(page, ns=(old, old))
    assert run_cli("build", "--source", built_site).code == 0
    assert (built_site / CACHE_DIR / RECORD_NAME).is_file()
