"""Staging a new site beside the output folder and swapping it in."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from mvsite.errors import SiteError
from mvsite.write import folders, stage
from mvsite.write.output import LastOutput, OutputFile
from mvsite.write.stage import MARKER, as_published, staging_dir, write_site

from ..conftest import tree_bytes


def test_a_first_build_writes_everything(tmp_path: Path) -> None:
    dest = tmp_path / "public"
    (tmp_path / "img.png").write_bytes(b"png")
    report = write_site(
        {
            "index.html": OutputFile(b"home"),
            "a/img.png": OutputFile(copy_from=tmp_path / "img.png"),
        },
        dest,
    )
    assert (report.written, report.unchanged, report.removed) == (
        ("a/img.png", "index.html"),
        (),
        (),
    )
    assert tree_bytes(dest) == {
        "a/img.png": b"png",
        "index.html": b"home",
        MARKER: stage._MARKER_TEXT,
    }
    assert not staging_dir(dest).exists()


def test_unchanged_files_keep_their_inode_and_time_and_removed_files_go(tmp_path: Path) -> None:
    dest = tmp_path / "public"
    write_site({"same.html": OutputFile(b"1"), "old.html": OutputFile(b"x")}, dest)
    before = (dest / "same.html").stat()
    report = write_site({"same.html": OutputFile(b"1"), "new.html": OutputFile(b"n")}, dest)
    after = (dest / "same.html").stat()
    assert (report.written, report.unchanged, report.removed) == (
        ("new.html",),
        ("same.html",),
        ("old.html",),
    )
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert not (dest / "old.html").exists()


def test_a_folder_mvsite_did_not_write_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "thesis.tex").write_text("precious")
    with pytest.raises(SiteError, match="output folder exists and was not written by mvsite"):
        write_site({"index.html": OutputFile(b"x")}, tmp_path / "home")
    assert (tmp_path / "home" / "thesis.tex").read_text() == "precious"


def test_a_path_leaving_the_output_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SiteError, match="refusing to write outside the output folder"):
        write_site({"../escape.html": OutputFile(b"x")}, tmp_path / "public")
    assert not (tmp_path / "escape.html").exists()


def test_a_failed_write_keeps_the_previous_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "public"
    write_site({"index.html": OutputFile(b"v1")}, dest)
    before = tree_bytes(dest)
    real = stage.write_file

    def full_disk(file: OutputFile, target: Path | str, previous: Path | str | None) -> bool:
        if Path(target).name == "b.html":
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        return real(file, target, previous)

    monkeypatch.setattr(stage, "write_file", full_disk)
    with pytest.raises(SiteError) as caught:
        write_site({"index.html": OutputFile(b"v2"), "b.html": OutputFile(b"b")}, dest)
    assert caught.value.message == "could not write the site: No space left on device"
    assert "the previous site is unchanged" in caught.value.hint
    monkeypatch.undo()
    assert tree_bytes(dest) == before
    assert not staging_dir(dest).exists()


def test_a_stale_staging_folder_from_a_killed_build_is_cleared(tmp_path: Path) -> None:
    dest = tmp_path / "public"
    staging_dir(dest).mkdir()
    (staging_dir(dest) / "junk.html").write_text("half")
    write_site({"index.html": OutputFile(b"ok")}, dest)
    assert sorted(tree_bytes(dest)) == [MARKER, "index.html"]


def test_a_single_changed_file_is_replaced_in_place_more_are_staged(tmp_path: Path) -> None:
    """One file differing: rename(2) over it is atomic for the whole site, so the folder
    stays; two or more: a new folder is staged and swapped in."""
    out = tmp_path / "public"
    files = {"a.html": OutputFile(b"a"), "b.html": OutputFile(b"b"), "c/d.html": OutputFile(b"d")}
    write_site(files, out)
    folder = out.stat().st_ino
    one = write_site({**files, "a.html": OutputFile(b"a2")}, out)
    assert (one.written, one.removed) == (("a.html",), ())
    assert out.stat().st_ino == folder
    assert tree_bytes(out) == {
        MARKER: (out / MARKER).read_bytes(),
        "a.html": b"a2",
        "b.html": b"b",
        "c/d.html": b"d",
    }
    two = write_site({**files, "a.html": OutputFile(b"a3"), "b.html": OutputFile(b"b3")}, out)
    assert sorted(two.written) == ["a.html", "b.html"]
    assert out.stat().st_ino != folder
    assert not staging_dir(out).exists()


def test_a_write_error_names_the_published_path_not_the_staging_folder() -> None:
    staged = staging_dir(Path("/srv/site/public")) / "a" / "index.html"
    assert as_published(staged) == Path("/srv/site/public/a/index.html")
    assert as_published(Path("/srv/site/public/a")) == Path("/srv/site/public/a")


def test_a_staged_file_gets_its_folders_and_links_an_identical_previous_file(
    tmp_path: Path,
) -> None:
    previous, new = tmp_path / "public", stage.open_stage(tmp_path / "public")
    (previous / "a" / "b").mkdir(parents=True)
    (previous / "a" / "b" / "index.html").write_bytes(b"same")
    assert stage.stage_file(new, previous, "a/b/index.html", OutputFile(b"same")) is False
    assert stage.stage_file(new, previous, "a/c/index.html", OutputFile(b"new")) is True
    assert stage.stage_file(new, None, "index.html", OutputFile(b"home")) is True
    assert (new / "a" / "b" / "index.html").stat().st_ino == (
        previous / "a" / "b" / "index.html"
    ).stat().st_ino
    assert (new / "a" / "c" / "index.html").read_bytes() == b"new"
    assert (new / "index.html").read_bytes() == b"home"


def test_a_file_where_a_staged_page_needs_a_folder_is_a_write_error(tmp_path: Path) -> None:
    new = stage.open_stage(tmp_path / "public")
    (new / "a").write_bytes(b"not a folder")
    with pytest.raises(SiteError, match="could not write the site"):
        stage.stage_file(new, None, "a/index.html", OutputFile(b"page"))


def test_a_symlink_in_the_previous_site_is_never_linked(tmp_path: Path) -> None:
    previous, new = tmp_path / "public", stage.open_stage(tmp_path / "public")
    previous.mkdir()
    (tmp_path / "outside.html").write_bytes(b"same")
    (previous / "page.html").symlink_to(tmp_path / "outside.html")
    assert stage.stage_file(new, previous, "page.html", OutputFile(b"same")) is True
    assert not (new / "page.html").is_symlink()


class _Recorded:
    def __init__(self, size: int, mtime_ns: int) -> None:
        self.size, self.mtime_ns = size, mtime_ns


def _aged_and_trusted(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every folder of `out` as if written long ago, and trusted once checked."""
    for folder in (path for path in out.rglob("*") if path.is_dir()):
        os.utime(folder, ns=(1, 1))
    os.utime(out, ns=(1, 1))
    monkeypatch.setattr(folders, "is_racy", lambda changed_ns, now_ns: False)


def test_a_one_page_edit_after_a_stray_file_is_staged_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folders recorded by an in-place update spare the next one listing them, but a
    folder changed since is listed again: a stray file there is removed by staging."""
    out = tmp_path / "public"
    files = {"a/index.html": OutputFile(b"a"), "b/index.html": OutputFile(b"b")}
    write_site(files, out)
    _aged_and_trusted(out, monkeypatch)
    one = write_site({**files, "a/index.html": OutputFile(b"a2")}, out)
    assert one.written == ("a/index.html",)
    assert sorted(one.folders) == ["", "b"]  # 'a' changed just now: listed next time
    (out / "b/stray.html").write_text("not ours")
    last = LastOutput({}, one.folders)
    two = write_site({**files, "a/index.html": OutputFile(b"a3")}, out, last)
    assert (two.written, two.removed) == (("a/index.html",), ("b/stray.html",))
    assert sorted(tree_bytes(out)) == [MARKER, "a/index.html", "b/index.html"]
    assert two.folders == {}


def test_an_empty_stray_folder_is_ignored_as_before(tmp_path: Path) -> None:
    out = tmp_path / "public"
    files = {"a/index.html": OutputFile(b"a")}
    write_site(files, out)
    (out / "empty").mkdir()
    one = write_site({"a/index.html": OutputFile(b"a2")}, out)
    assert (one.written, one.folders) == (("a/index.html",), {})
    assert (out / "empty").is_dir()


def test_a_kept_file_is_reported_as_recorded_others_as_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan found a kept file as the last build recorded it: it is not stat'ed again."""
    out = tmp_path / "public"
    write_site({"a.html": OutputFile(b"a"), "b.html": OutputFile(b"b")}, out)
    last = LastOutput({"a.html": _Recorded(1, 12345)}, {})
    report = write_site({"a.html": OutputFile(keep=True), "b.html": OutputFile(b"b2")}, out, last)
    found = (out / "b.html").stat()
    assert report.stats == {"a.html": (1, 12345), "b.html": (found.st_size, found.st_mtime_ns)}
