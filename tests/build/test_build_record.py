"""A build whose inputs and output are as the last build left them skips building, and says
what that build said; any change to either, or to the options, builds."""

from __future__ import annotations

import marshal
import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mvsite.build import build_record, input_stats, output_record
from mvsite.build import pipeline as site
from mvsite.build.build_record import RECORD_NAME
from mvsite.sources.site_paths import CACHE_DIR

from ..conftest import SECONDS_LATER, Run, copy_site
from ..privileges import permissions_apply
from .test_cache import EDITS


class _Built(Exception):
    pass


def _refuse(*args: object, **kwargs: object) -> None:
    raise _Built


@pytest.fixture
def built_site(
    tmp_path: Path, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> Path:
    source = tmp_path / "site"
    copy_site("basic", source)
    monkeypatch.setattr(build_record, "time", SECONDS_LATER)
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


def test_the_first_build_after_a_cold_build_takes_the_shortcut(
    built_site: Path, run_cli: Callable[..., Run], no_building: None
) -> None:
    """The cold build made the cache folder it records; that is no change to build for."""
    assert run_cli("build", "--source", built_site).code == 0


@pytest.mark.parametrize("edit", sorted(set(EDITS) - {"page body"}))  # test_body_edits.py
def test_any_source_change_builds(
    edit: str, built_site: Path, run_cli: Callable[..., Run], no_building: None
) -> None:
    EDITS[edit](built_site)
    with pytest.raises(_Built):
        run_cli("build", "--source", built_site)


def test_a_package_installed_or_upgraded_builds_with_a_new_cache(
    tmp_path: Path, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The libraries a site's Markdown extensions come from (pymdownx, material, ...) are
    code the build cache was made with too."""
    installed = tmp_path / "site-packages"
    installed.mkdir()
    paths = {"purelib": str(installed), "platlib": str(installed)}
    monkeypatch.setattr(input_stats.sysconfig, "get_paths", lambda: paths)
    source = tmp_path / "site"
    copy_site("basic", source)
    monkeypatch.setattr(build_record, "time", SECONDS_LATER)
    assert run_cli("build", "--source", source).code == 0
    before = build_record.code_identity(build_record.code_files())
    (installed / "__pycache__").mkdir()  # Python writing bytecode is no change
    assert build_record.code_identity(build_record.code_files()) == before
    (installed / "pymdown_extensions-10.16.dist-info").mkdir()
    assert build_record.code_identity(build_record.code_files()) != before
    before = build_record.code_identity(build_record.code_files())
    on_path = tmp_path / "python-path"  # a folder of PYTHONPATH, or the user's site-packages
    (on_path / "material-9.6.dist-info").mkdir(parents=True)
    monkeypatch.syspath_prepend(on_path)
    assert build_record.code_identity(build_record.code_files()) != before
    monkeypatch.setattr(site, "build_site", _refuse)
    with pytest.raises(_Built):
        run_cli("build", "--source", source)


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


@pytest.mark.parametrize("change", sorted(OUTPUT_CHANGES))
def test_an_output_changed_before_the_record_is_taken_builds_next_time(
    change: str, built_site: Path, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record is made from the files the build wrote, not from a walk of the output:
    whatever changed there since is found by the next build's walk, or leaves no record."""
    real_record = build_record.record_outcome

    def record_outcome(file: Path, inputs: Any, output: Path, *rest: Any) -> None:
        OUTPUT_CHANGES[change](output)
        real_record(file, inputs, output, *rest)

    monkeypatch.setattr(build_record, "record_outcome", record_outcome)
    (built_site / "content/about.md").write_text("# About\n\nChanged.\n")
    assert run_cli("build", "--source", built_site).code == 0
    monkeypatch.setattr(site, "build_site", _refuse)
    with pytest.raises(_Built):
        run_cli("build", "--source", built_site)


def test_an_output_file_made_a_symlink_leaves_no_record(
    built_site: Path, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A written file replaced by a link to one of the same size and mtime: not as written."""
    real_record = build_record.record_outcome

    def record_outcome(file: Path, inputs: Any, output: Path, *rest: Any) -> None:
        page = output / "about/index.html"
        twin = output.parent / "twin.html"
        shutil.copy2(page, twin)
        page.unlink()
        page.symlink_to(twin)
        real_record(file, inputs, output, *rest)

    monkeypatch.setattr(build_record, "record_outcome", record_outcome)
    (built_site / "content/about.md").write_text("# About\n\nChanged.\n")
    assert run_cli("build", "--source", built_site).code == 0
    assert not (built_site / CACHE_DIR / RECORD_NAME).exists()


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


@pytest.mark.parametrize(
    "change",
    [
        lambda page: page.write_text(page.read_text() + "\nMore.\n"),
        lambda page: page.chmod(0o600),  # a change of who may read it: ctime only
    ],
    ids=["saved", "chmod"],
)
def test_a_build_right_after_a_change_records_it_and_the_next_build_takes_the_shortcut(
    change: Callable[[Path], None],
    built_site: Path,
    run_cli: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The changed file is racy: its content is recorded, and compared next time."""
    monkeypatch.setattr(build_record, "time", time)
    change(built_site / "content/about.md")
    assert run_cli("build", "--source", built_site).code == 0
    monkeypatch.setattr(site, "build_site", _refuse)
    assert run_cli("build", "--source", built_site).code == 0


def _same_stats_again(page: Path, text: str) -> None:
    """Rewrite `page` with `text` of the same size and its mtime put back: what a second save
    in the same timestamp tick looks like (its ctime, which no call can put back, is left out
    of the identity by the test)."""
    before = page.stat()
    assert len(text.encode()) == before.st_size
    page.write_text(text)
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))


def _identity_without_ctime(stat: os.stat_result) -> tuple[int, int, int, int]:
    return stat.st_size, stat.st_mtime_ns, 0, stat.st_ino


def _saved_just_now(site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A page of `site` saved just now, whose next same-size save keeps its identity."""
    monkeypatch.setattr(build_record, "time", time)
    for module in (input_stats, output_record):
        monkeypatch.setattr(module, "identity_of", _identity_without_ctime)
    page = site / "content/about.md"
    page.write_text(page.read_text() + "\nFirst.\n")
    return page


def test_a_second_change_in_the_same_tick_is_seen_by_its_content(
    built_site: Path, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _saved_just_now(built_site, monkeypatch)
    assert run_cli("build", "--source", built_site).code == 0
    assert (built_site / CACHE_DIR / RECORD_NAME).is_file()
    _same_stats_again(page, page.read_text().replace("First.", "Other."))
    assert run_cli("build", "--source", built_site).code == 0
    assert "Other." in (built_site / "public/about/index.html").read_text()


def test_a_racy_file_changed_during_the_build_leaves_no_record(
    built_site: Path, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build may have read it before the change: the next build must not trust it."""
    page = _saved_just_now(built_site, monkeypatch)
    real_build_site = site.build_site

    def build_site(*args: Any, **kwargs: Any) -> Any:
        built = real_build_site(*args, **kwargs)
        _same_stats_again(page, page.read_text().replace("First.", "Other."))
        return built

    monkeypatch.setattr(site, "build_site", build_site)
    assert run_cli("build", "--source", built_site).code == 0
    assert not (built_site / CACHE_DIR / RECORD_NAME).exists()


def test_an_output_changed_again_in_the_same_tick_is_seen_by_its_content(
    built_site: Path, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build's own writes are racy too: a script may change one at once."""
    _saved_just_now(built_site, monkeypatch)
    assert run_cli("build", "--source", built_site).code == 0
    written = built_site / "public/about/index.html"
    _same_stats_again(written, written.read_text().replace("First.", "Fir5t."))
    monkeypatch.setattr(site, "build_site", _refuse)
    with pytest.raises(_Built):
        run_cli("build", "--source", built_site)


def _racy_in_record(site: Path) -> dict[str, tuple[str, int]]:
    racy: dict[str, tuple[str, int]] = marshal.loads(
        (site / CACHE_DIR / RECORD_NAME).read_bytes()[4:]
    )[3]
    return racy


def test_contents_are_compared_until_their_tick_is_over(
    built_site: Path, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Then a change moves their stats: the no-op that finds them unchanged forgets them."""
    page = _saved_just_now(built_site, monkeypatch)
    assert run_cli("build", "--source", built_site).code == 0
    racy = _racy_in_record(built_site)
    assert str(page) in racy and str(built_site / "public/about/index.html") in racy
    monkeypatch.setattr(site, "build_site", _refuse)
    monkeypatch.setattr(build_record, "time", SECONDS_LATER)
    assert run_cli("build", "--source", built_site).code == 0
    assert _racy_in_record(built_site) == {}
    assert run_cli("build", "--source", built_site).code == 0


def _unreadable(rel: str) -> Callable[[Path], None]:
    return lambda site: (site / rel).chmod(0)  # its mtime stays


BREAKAGES: dict[str, Callable[[Path], None]] = {
    "dangling symlink in content/": lambda s: (s / "content/gone.md").symlink_to("nowhere.md"),
    "dangling symlink in a section": lambda s: (s / "content/guide/gone.md").symlink_to("x.md"),
    "page symlinked, then its target deleted": lambda s: (s / "content/notes/plain.md").unlink(),
    "unreadable template": _unreadable("templates/special.html"),
    "unreadable static file": _unreadable("static/js/app.js"),
    "unreadable page": _unreadable("content/about.md"),
    "unreadable section folder": _unreadable("content/guide"),
    "unreadable data file": _unreadable("content/_data/team.yaml"),
    "unreadable config": _unreadable("mvsite.yaml"),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_a_site_broken_since_the_last_build_fails_as_a_full_build_does(
    breakage: str, built_site: Path, run_cli: Callable[..., Run]
) -> None:
    """Issue #12, finding 3: the shortcut said 'Built' where --no-cache exits 1."""
    plain = built_site / "content/notes/plain.md"
    kept = built_site / "kept.md"
    plain.rename(kept)
    plain.symlink_to(kept)
    with permissions_apply():
        assert run_cli("build", "--source", built_site).code == 0
        assert (built_site / CACHE_DIR / RECORD_NAME).is_file()
        if "target deleted" in breakage:
            kept.unlink()
        else:
            BREAKAGES[breakage](built_site)
        shortcut = _outcome(run_cli, "build", "--source", built_site)
        full = _outcome(run_cli, "build", "--source", built_site, "--no-cache")
    assert full[0] != 0, full
    assert shortcut == full


def _outcome(run_cli: Callable[..., Run], *argv: str | Path) -> tuple[int | str, str]:
    """Exit code and messages; or, for a bug that escapes as an exception, its type (some
    unreadable files still do: the comparison holds either way)."""
    try:
        run = run_cli(*argv)
    except Exception as exc:
        return "raised", type(exc).__name__
    return run.code, run.err
