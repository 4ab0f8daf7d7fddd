"""mvsite.check.git_versions: a file's texts at the commits that changed it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from mvsite.check.git_versions import committed_versions

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(repo: Path, *args: str) -> None:
    who = ["-c", "user.name=A", "-c", "user.email=a@a"]
    subprocess.run(["git", *who, "-C", str(repo), *args], check=True, capture_output=True)


def commit(repo: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    git(repo, "add", *files)
    git(repo, "commit", "-qm", "x")


def test_newest_first_each_text_once(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    commit(tmp_path, {"content/a b.md": "one\n"})
    commit(tmp_path, {"content/a b.md": "two\n", "other.md": "x"})
    commit(tmp_path, {"content/a b.md": "one\n"})
    commit(tmp_path, {"other.md": "y"})
    (tmp_path / "content/a b.md").write_text("not committed\n")
    texts = [text for _, text in committed_versions(tmp_path / "content/a b.md")]
    assert texts == ["one\n", "two\n"]


def test_a_file_git_does_not_know_has_none(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("one\n")
    assert list(committed_versions(tmp_path / "a.md")) == []
    git(tmp_path, "init", "-q")
    commit(tmp_path, {"b.md": "x"})
    assert list(committed_versions(tmp_path / "a.md")) == []
