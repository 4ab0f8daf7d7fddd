"""Updating the preview's folder file by file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mvsite.errors import SiteError
from mvsite.write.output import OutputFile
from mvsite.write.update import update_site

from ..conftest import tree_bytes


def test_update_site_writes_only_what_changed_and_removes_what_went(tmp_path: Path) -> None:
    dest = tmp_path / "preview"
    src = tmp_path / "img.png"
    src.write_bytes(b"png")
    first = update_site(
        {
            "index.html": OutputFile(b"home"),
            "a/index.html": OutputFile(b"a"),
            "gone/index.html": OutputFile(b"gone"),
            "img.png": OutputFile(copy_from=src),
        },
        dest,
        {},
    )
    assert first.written == ("a/index.html", "gone/index.html", "img.png", "index.html")
    assert first.added == first.written
    kept = (dest / "index.html").stat()
    edited = (dest / "a/index.html").stat()
    second = update_site(
        {
            "index.html": OutputFile(b"home"),
            "a/index.html": OutputFile(b"a, edited"),
            "img.png": OutputFile(copy_from=src),
            "b/index.html": OutputFile(keep=False, data=b"b"),
        },
        dest,
        first.stats,
    )
    assert (second.written, second.unchanged, second.removed) == (
        ("a/index.html", "b/index.html"),
        ("img.png", "index.html"),
        ("gone/index.html",),
    )
    assert tree_bytes(dest) == {
        "a/index.html": b"a, edited",
        "b/index.html": b"b",
        "img.png": b"png",
        "index.html": b"home",
    }
    assert (dest / "index.html").stat().st_ino == kept.st_ino  # not rewritten
    assert (dest / "a/index.html").stat().st_ino != edited.st_ino  # a new file, not edited
    assert not (dest / "gone").exists()
    assert set(second.stats) == set(tree_bytes(dest))


def test_update_site_copies_a_source_saved_again_at_once(tmp_path: Path) -> None:
    dest = tmp_path / "preview"
    src = tmp_path / "style.css"
    src.write_bytes(b"a { color: red }")
    files = {"style.css": OutputFile(copy_from=src)}
    first = update_site(files, dest, {})
    stat = src.stat()
    src.write_bytes(b"a { color: tan }")  # same size; force the same mtime too
    os.utime(src, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert update_site(files, dest, first.stats).written == ("style.css",)
    assert (dest / "style.css").read_bytes() == b"a { color: tan }"


def test_update_site_replaces_files_whole_and_leaves_no_temporary_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "preview"
    first = update_site({"index.html": OutputFile(b"v1")}, dest, {})
    replaced: list[tuple[str, bytes]] = []
    real = os.replace

    def spy(a: Path, b: Path) -> None:
        replaced.append((Path(b).name, Path(a).read_bytes()))
        assert Path(b).read_bytes() == b"v1"  # the old file stays whole until the swap
        real(a, b)

    monkeypatch.setattr(os, "replace", spy)
    update_site({"index.html": OutputFile(b"v2")}, dest, first.stats)
    assert replaced == [("index.html", b"v2")]
    assert sorted(p.name for p in dest.iterdir()) == ["index.html"]


def test_update_site_refuses_paths_outside_the_folder(tmp_path: Path) -> None:
    with pytest.raises(SiteError, match="refusing to write outside the output folder"):
        update_site({"../evil.html": OutputFile(b"x")}, tmp_path / "preview", {})
    assert not (tmp_path / "evil.html").exists()
