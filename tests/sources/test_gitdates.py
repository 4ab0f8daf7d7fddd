"""mvsite.sources.gitdates: pages' last commit dates, read from a real repository made here."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from mvsite.sources.gitdates import head_files, last_commit_dates, parse_log

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def commit(repo: Path, when: str, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": "2030-01-01T00:00:00"}
    env |= {"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@a", "GIT_COMMITTER_NAME": "A"}
    env |= {"GIT_COMMITTER_EMAIL": "a@a"}
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "commit", "-qm", "x"], check=True, env=env)


def test_each_file_gets_the_author_date_of_its_last_commit(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    commit(tmp_path, "2026-01-02T10:00:00", {"content/a.md": "1", "content/s/b é.md": "1"})
    commit(tmp_path, "2026-03-04T10:00:00", {"content/a.md": "2", "other.txt": "x"})
    (tmp_path / "content/new.md").write_text("not committed")
    dates = last_commit_dates(tmp_path / "content")
    assert dates == {"a.md": dt.date(2026, 3, 4), "s/b é.md": dt.date(2026, 1, 2)}
    assert str(tmp_path / ".git" / "HEAD") in head_files(tmp_path / "content")


def test_outside_a_repository_there_are_no_dates(tmp_path: Path) -> None:
    assert last_commit_dates(tmp_path) == {}


def test_parse_log_keeps_the_newest_date() -> None:
    log = "\x1f2026-05-01\n\na.md\n\x1f2026-04-01\n\na.md\nb.md\n"
    assert parse_log(log) == {"a.md": dt.date(2026, 5, 1), "b.md": dt.date(2026, 4, 1)}
