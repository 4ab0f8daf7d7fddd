"""A file's identity, and the racy-timestamp rule every stage that skips work shares."""

from __future__ import annotations

import os
from pathlib import Path

from mvsite.sources import file_identity
from mvsite.sources.file_identity import RACY_NS, UNTRUSTED, identity_of, trusted


def test_an_identity_is_size_times_and_inode(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Hello\n")
    stat = page.stat()
    assert identity_of(stat) == (8, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def test_a_chmod_changes_the_identity(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("text\n")
    before = identity_of(page.stat())
    os.utime(page, ns=(0, before[1] - 10**9))  # ctime is now later than mtime
    page.chmod(0o600)
    after = identity_of(page.stat())
    assert after != before and file_identity.last_change_ns(after) == after[2]


def test_a_change_within_the_window_is_racy() -> None:
    now = 10 * RACY_NS
    assert file_identity.is_racy(now - RACY_NS + 1, now)
    assert file_identity.is_racy(now, now)
    assert not file_identity.is_racy(now - RACY_NS, now)


def test_a_racy_identity_is_not_trusted() -> None:
    now = 10 * RACY_NS
    old, recent = (5, now - 3 * RACY_NS, now - 3 * RACY_NS, 7), (5, now - 1, now - 1, 7)
    assert trusted(old, now) == old
    assert trusted(recent, now) == UNTRUSTED
    # ctime alone (a chmod moments ago) is enough to distrust it
    assert trusted((5, now - 3 * RACY_NS, now - 1, 7), now) == UNTRUSTED
