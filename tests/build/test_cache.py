"""Warm builds: whatever input changes, the result equals a cold build, byte for byte."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mvsite.build import build_record
from mvsite.build.cache import BuildCache, load_cache, save_cache
from mvsite.markdown.convert import MarkdownRenderer
from mvsite.markdown.converted import Rendered
from mvsite.sources.site_paths import CACHE_DIR, CONFIG_NAME, SOURCE_DIRS

from ..conftest import Run, copy_site, saved_cache, tree_bytes
from ..privileges import permissions_apply


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new))


EDITS: dict[str, Callable[[Path], None]] = {
    "page body": lambda s: _edit(s / "content/guide/first.md", "An intro", "A new intro"),
    "page title (other pages' navigation)": lambda s: _edit(
        s / "content/guide/second.md", "title: Second", "title: Second, renamed"
    ),
    "section order": lambda s: _edit(s / "content/guide/second.md", "weight: 2", "weight: 0"),
    "slug (links from other pages)": lambda s: _edit(
        s / "content/guide/second.md", "slug: next-steps", "slug: onwards"
    ),
    "figure data": lambda s: _edit(
        s / "content/_data/figures.yaml", 'display: "12"', "display: 12+"
    ),
    "other data": lambda s: _edit(s / "content/_data/team.yaml", "Linus", "Grace"),
    "template": lambda s: _edit(s / "templates/special.html", "members:", "people:"),
    "theme override": lambda s: (s / "templates/404.html").write_text("<p>gone</p>\n"),
    "config": lambda s: _edit(s / "mvsite.yaml", "title: Field Notes", "title: Field Book"),
    "static file (hashed name in every page)": lambda s: _edit(
        s / "static/js/app.js", "fixture", "changed"
    ),
    "new page": lambda s: (s / "content/guide/third.md").write_text("# Third\n\nNew.\n"),
    "deleted page": lambda s: (s / "content/notes/plain.md").unlink(),
    "content image": lambda s: (s / "content/guide/map.png").write_bytes(b"\x89PNG changed"),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_warm_build_after_an_edit_equals_a_cold_build(
    edit: str, tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    site = tmp_path / "site"
    copy_site("basic", site)
    warm, cold = site / "public", tmp_path / "cold"
    assert run_cli("build", "--source", site, "--output", warm).code == 0
    EDITS[edit](site)
    assert run_cli("build", "--source", site, "--output", warm).code == 0
    assert run_cli("build", "--source", site, "--output", cold, "--no-cache").code == 0
    assert tree_bytes(warm) == tree_bytes(cold)


def test_a_no_op_warm_build_rewrites_nothing(tmp_path: Path, run_cli: Callable[..., Run]) -> None:
    site = tmp_path / "site"
    copy_site("basic", site)
    out = site / "public"
    run_cli("build", "--source", site)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    result = run_cli("build", "--source", site)
    assert " 0 files written, 17 unchanged, 0 removed " in result.out
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before


def test_an_edited_page_rewrites_only_its_own_file(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    site = tmp_path / "site"
    copy_site("basic", site)
    run_cli("build", "--source", site)
    _edit(site / "content/guide/first.md", "An intro", "A new intro")
    result = run_cli("build", "--source", site)
    assert " 1 file written, 16 unchanged, 0 removed " in result.out


def test_the_cache_holds_across_processes(tmp_path: Path) -> None:
    """Keys must not depend on anything per-process, such as the order of a set."""
    site = tmp_path / "site"
    copy_site("basic", site)
    command = [sys.executable, "-m", "mvsite", "build", "--source", str(site)]
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert " 0 files written, 17 unchanged, 0 removed " in result.stdout
    markdown_keys = saved_cache(site).markdown
    assert len(markdown_keys) == 8


def test_a_damaged_output_file_is_rebuilt_not_kept(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    site = tmp_path / "site"
    copy_site("basic", site)
    out = site / "public"
    run_cli("build", "--source", site)
    page = out / "about/index.html"
    expected = page.read_bytes()
    page.write_bytes(b"tampered")
    os.utime(page, ns=(0, 0))
    run_cli("build", "--source", site)
    assert page.read_bytes() == expected


def test_an_unreadable_or_foreign_cache_is_ignored(tmp_path: Path) -> None:
    (tmp_path / CACHE_DIR).mkdir()
    (tmp_path / CACHE_DIR / "build.sqlite").write_bytes(b"not a database")
    assert load_cache(tmp_path, "code") == BuildCache()
    save_cache(BuildCache(output_dir="x"), tmp_path, "code")
    assert load_cache(tmp_path, "code").output_dir == "x"
    assert load_cache(tmp_path, "other code") == BuildCache()


def test_a_change_to_mvsite_itself_discards_the_cache(
    tmp_path: Path, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """mvsite edited in place (same version) may convert Markdown differently: the cache it
    left is not used, though no page changed."""
    package = tmp_path / "package"
    shutil.copytree(
        Path(build_record.__file__).parent.parent,
        package,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    monkeypatch.setattr(build_record, "_PACKAGE", package)
    site = tmp_path / "site"
    copy_site("basic", site)
    assert run_cli("build", "--source", site, "--jobs", "1").code == 0

    convert = package / "markdown/convert.py"
    convert.write_text(convert.read_text() + "\n# edited\n")
    render = MarkdownRenderer.render

    def edited(self: MarkdownRenderer, body: str, *args: Any) -> Rendered:
        return render(self, body.replace("An intro", "Edited code"), *args)

    monkeypatch.setattr(MarkdownRenderer, "render", edited)
    (site / "public/guide/first/index.html").unlink()  # else the no-op record answers
    assert run_cli("build", "--source", site, "--jobs", "1").code == 0
    assert "Edited code" in (site / "public/guide/first/index.html").read_text()


# ------------------------------------------------------------------------------ a damaged cache


def _pack(site: Path) -> Path:
    (pack,) = (site / CACHE_DIR / "html").iterdir()
    return pack


def _overwrite_middle(path: Path) -> None:
    data = path.read_bytes()
    middle = len(data) // 2
    path.write_bytes(data[:middle] + b"<b>GARBAGE</b>" + data[middle + 14 :])


def _overwrite_pack(site: Path) -> str:
    _overwrite_middle(_pack(site))
    return _pack(site).name


def _randomise_pack(site: Path) -> str:
    _pack(site).write_bytes(os.urandom(_pack(site).stat().st_size))
    return _pack(site).name


def _truncate_pack(site: Path) -> str:
    _pack(site).write_bytes(_pack(site).read_bytes()[:100])
    return _pack(site).name


def _delete_pack(site: Path) -> str:
    name = _pack(site).name
    _pack(site).unlink()
    return name


def _overwrite_index(site: Path) -> str:
    """Bytes of a record overwritten in the file (the middle of the file may be free space,
    which SQLite never reads: how much of it there is depends on the records' sizes)."""
    index = site / CACHE_DIR / "build.sqlite"
    with sqlite3.connect(index) as db:
        (data,) = db.execute("SELECT data FROM shards ORDER BY length(data) DESC").fetchone()
    stored = index.read_bytes()
    pieces = (data[i : i + 32] for i in range(len(data) // 2, len(data) - 32, 97))
    at = next(stored.find(piece) for piece in pieces if piece in stored)  # (not across pages)
    index.write_bytes(stored[:at] + b"<b>GARBAGE</b>" + stored[at + 14 :])
    return "build.sqlite"


def _randomise_index(site: Path) -> str:
    (site / CACHE_DIR / "build.sqlite").write_bytes(os.urandom(5000))
    return "build.sqlite"


def _file_for_html(site: Path) -> str:
    shutil.rmtree(site / CACHE_DIR / "html")
    (site / CACHE_DIR / "html").write_text("a file")
    return "html/"


# Each damages the cache of a built site and returns what the warning must name.
DAMAGE: dict[str, Callable[[Path], str]] = {
    "pack: bytes overwritten": _overwrite_pack,
    "pack: random bytes": _randomise_pack,
    "pack: truncated": _truncate_pack,
    "pack: deleted": _delete_pack,
    "index: bytes overwritten": _overwrite_index,
    "index: random bytes": _randomise_index,
    "html/ replaced by a file": _file_for_html,
}


def _cold(site: Path, tmp_path: Path, run_cli: Callable[..., Run]) -> dict[str, bytes]:
    """The site as a build without the cache makes it (in a copy: --no-cache writes one)."""
    copy = tmp_path / "cold-site"
    shutil.rmtree(copy, ignore_errors=True)
    for name in SOURCE_DIRS:
        shutil.copytree(site / name, copy / name)
    shutil.copy(site / CONFIG_NAME, copy / CONFIG_NAME)
    assert run_cli("build", "--source", copy, "--no-cache", "--jobs", "1").code == 0
    return tree_bytes(copy / "public")


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_cache_is_repaired_with_one_warning_and_never_published(
    damage: str, tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    site = tmp_path / "site"
    copy_site("basic", site)
    assert run_cli("build", "--source", site, "--jobs", "1").code == 0
    named = DAMAGE[damage](site)
    EDITS["static file (hashed name in every page)"](site)  # every page rendered again
    result = run_cli("build", "--source", site, "--jobs", "1")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    cache_lines = [line for line in result.err.splitlines() if CACHE_DIR in line]
    assert len(cache_lines) == 1, result.err
    assert cache_lines[0].startswith(f"warning: {CACHE_DIR}: repaired the damaged build cache")
    assert named in cache_lines[0]
    assert tree_bytes(site / "public") == _cold(site, tmp_path, run_cli)
    again = run_cli("build", "--source", site, "--jobs", "1", "--no-cache")
    assert again.code == 0 and CACHE_DIR not in again.err
    EDITS["page body"](site)  # the repaired cache is used, and is sound
    warm = run_cli("build", "--source", site, "--jobs", "1")
    assert warm.code == 0 and CACHE_DIR not in warm.err
    assert tree_bytes(site / "public") == _cold(site, tmp_path, run_cli)


def test_no_cache_rebuilds_the_cache_from_scratch(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    site = tmp_path / "site"
    copy_site("basic", site)
    assert run_cli("build", "--source", site, "--jobs", "1").code == 0
    (site / CACHE_DIR / "build.sqlite").write_bytes(os.urandom(5000))
    _pack(site).write_bytes(os.urandom(_pack(site).stat().st_size))
    rebuilt = run_cli("build", "--source", site, "--jobs", "1", "--no-cache")
    assert rebuilt.code == 0 and CACHE_DIR not in rebuilt.err
    EDITS["static file (hashed name in every page)"](site)
    result = run_cli("build", "--source", site, "--jobs", "1")
    assert result.code == 0 and CACHE_DIR not in result.err  # nothing left to repair
    assert "0 files written" not in result.out
    assert tree_bytes(site / "public") == _cold(site, tmp_path, run_cli)


UNUSABLE: dict[str, Callable[[Path], None]] = {
    "a file in place of the cache": lambda s: (
        shutil.rmtree(s / CACHE_DIR),
        (s / CACHE_DIR).write_text("not a folder"),
    )[0],
    "a read-only cache": lambda s: (
        [p.chmod(0o555) for p in (s / CACHE_DIR).rglob("*")] and (s / CACHE_DIR).chmod(0o555)
    ),
    "an unreadable cache": lambda s: (s / CACHE_DIR).chmod(0),
}


@pytest.mark.parametrize("kind", sorted(UNUSABLE))
def test_a_cache_that_cannot_be_used_is_a_warning_and_a_build_without_it(
    kind: str, tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    site = tmp_path / "site"
    copy_site("basic", site)
    assert run_cli("build", "--source", site, "--jobs", "1").code == 0
    UNUSABLE[kind](site)
    EDITS["static file (hashed name in every page)"](site)
    try:
        with permissions_apply():
            result = run_cli("build", "--source", site, "--jobs", "1")
            again = run_cli("build", "--source", site, "--jobs", "1")
    finally:
        (site / CACHE_DIR).chmod(0o755)
        for path in (site / CACHE_DIR).rglob("*"):
            path.chmod(0o755)
    for run in (result, again):
        assert run.code == 0, run.err
        assert "Traceback" not in run.err
        (line,) = [line for line in run.err.splitlines() if CACHE_DIR in line]
        assert line.startswith(f"warning: {CACHE_DIR}: cannot use the build cache ("), line
        assert line.endswith("); building without it")
    assert tree_bytes(site / "public") == _cold(site, tmp_path, run_cli)
