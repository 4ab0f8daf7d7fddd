"""A file changed too recently to trust its stats is recorded by its content, compared by it,
and trusted by its stats again once its tick is over."""

from __future__ import annotations

import os
from pathlib import Path

from mvsite.build.racy_content import racy_files, same_content, still_racy
from mvsite.sources.file_identity import RACY_NS, identity_of


def _stats(*paths: Path) -> dict[str, tuple[int, ...]]:
    return {str(path): identity_of(os.stat(path)) for path in paths}


def test_only_files_changed_within_the_tick_are_fingerprinted(tmp_path: Path) -> None:
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text("old")
    new.write_text("new")
    now = os.stat(new).st_mtime_ns
    stats = {**_stats(new), str(old): (3, 0, 0, 1)}  # (as if changed long before `now`)
    assert set(racy_files(stats, now)) == {str(new)}
    assert racy_files(stats, now + RACY_NS) == {}


def test_what_cannot_be_stat_ed_is_not_fingerprinted(tmp_path: Path) -> None:
    assert racy_files({str(tmp_path / "gone"): (-1, 2, 0, 0)}, 0) == {}


def test_a_change_that_keeps_the_stats_is_seen_by_the_content(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("First.")
    racy = racy_files(_stats(page), os.stat(page).st_mtime_ns)
    assert same_content(racy)
    page.write_text("Other.")
    assert not same_content(racy)


def test_a_folder_is_compared_by_its_entries_and_a_file_by_who_may_read_it(
    tmp_path: Path,
) -> None:
    folder, page = tmp_path / "section", tmp_path / "page.md"
    folder.mkdir()
    page.write_text("text")
    racy = racy_files(_stats(folder, page), os.stat(page).st_mtime_ns)
    assert len(racy) == 2 and same_content(racy)
    (folder / "new.md").write_text("")
    page.chmod(0o600)
    assert [same_content({path: entry}) for path, entry in sorted(racy.items())] == [False, False]


def test_files_whose_tick_is_over_are_trusted_by_their_stats_again(tmp_path: Path) -> None:
    racy = {"a": ("x", 1_000), "b": ("y", 5_000)}
    assert still_racy(racy, 1_000 + RACY_NS) == {"b": ("y", 5_000)}
    assert still_racy(racy, 5_000 + RACY_NS) == {}
