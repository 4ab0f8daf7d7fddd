"""Whether the output's folders hold exactly a build's files, listing only changed folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mvsite.write import folders
from mvsite.write.folders import checked_folders, folder_entries

_LONG_AGO_NS = 1_000_000_000_000_000_000  # 2001


def test_each_folder_lists_its_files_and_subfolders() -> None:
    assert folder_entries(["a.html", "c/d/e.html", "c/f.html"]) == {
        "": ("a.html", "c"),
        "c": ("d", "f.html"),
        "c/d": ("e.html",),
    }


def test_a_path_that_is_not_relative_is_a_name_no_folder_lists() -> None:
    assert folder_entries(["/a/b.html"]) == {"": ("/a",), "/a": ("b.html",)}


def _site(root: Path) -> dict[str, tuple[str, ...]]:
    for rel in ("a.html", "c/d/e.html"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(rel)
    for folder in (root / "c/d", root / "c", root):  # as if written long ago
        os.utime(folder, ns=(_LONG_AGO_NS, _LONG_AGO_NS))
    return folder_entries(["a.html", "c/d/e.html"])


def test_a_folder_changed_just_now_is_checked_but_not_recorded(tmp_path: Path) -> None:
    entries = _site(tmp_path)
    assert checked_folders(str(tmp_path), entries, {}) == {}  # (their ctime is now)


def test_a_recorded_folder_as_it_was_is_not_listed_a_changed_one_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = _site(tmp_path)
    monkeypatch.setattr(folders, "is_racy", lambda changed_ns, now_ns: False)
    recorded = checked_folders(str(tmp_path), entries, {})
    assert recorded is not None and sorted(recorded) == ["", "c", "c/d"]
    listed: list[str] = []
    real_listdir = os.listdir

    def listdir(path: str) -> list[str]:
        listed.append(path)
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", listdir)
    assert checked_folders(str(tmp_path), entries, recorded) == recorded
    assert listed == []
    (tmp_path / "c/d/stray.html").write_text("not ours")
    assert checked_folders(str(tmp_path), entries, recorded) is None
    assert listed == [f"{tmp_path}/c/d"]


@pytest.mark.parametrize(
    "change",
    ["stray file", "stray folder", "missing file", "file for a folder"],
)
def test_any_other_entries_fail_the_check(tmp_path: Path, change: str) -> None:
    entries = _site(tmp_path)
    if change == "stray file":
        (tmp_path / "c/stray.html").write_text("not ours")
    elif change == "stray folder":
        (tmp_path / "c/d/more").mkdir()
    elif change == "missing file":
        (tmp_path / "c/d/e.html").unlink()
    else:
        (tmp_path / "c/d/e.html").unlink()
        (tmp_path / "c/d").rmdir()
        (tmp_path / "c/d").write_text("a file")
    assert checked_folders(str(tmp_path), entries, {}) is None
