"""Each source file's last commit date, for pages without `updated:` (Hugo's enableGitInfo).

The date is the author date of the last commit that touched the file: the same for every build
of a given commit, whatever the machine or the time. A file git does not know (new, or a site
outside a repository, or no git installed) has no date.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # build_record imports this module, and only the standard library
    from mvsite.sources.pages import Page

_MARK = "\x1f"  # starts a commit's line in the log; never in a path git prints unquoted


def last_commit_dates(folder: Path) -> dict[str, dt.date]:
    """Files under `folder` (paths relative to it, with '/') -> their last commit's date."""
    command = ["git", "-c", "core.quotePath=false", "-C", str(folder), "log"]
    command += [f"--format={_MARK}%as", "--name-only", "--relative", "--no-renames", "--", "."]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    return parse_log(done.stdout) if done.returncode == 0 else {}


def parse_log(text: str) -> dict[str, dt.date]:
    """`git log --format=<mark>%as --name-only` output -> path -> its newest date."""
    dates: dict[str, dt.date] = {}
    current: dt.date | None = None
    for line in text.splitlines():
        if line.startswith(_MARK):
            current = dt.date.fromisoformat(line[1:])
        elif line and current is not None:
            dates.setdefault(line, current)  # the log starts with the newest commit
    return dates


def with_commit_dates(pages: tuple[Page, ...], dates: Mapping[str, dt.date]) -> tuple[Page, ...]:
    """Pages whose front matter has no `updated:` get their source's last commit date."""
    return tuple(
        replace(page, meta=replace(page.meta, updated=dates[page.rel]))
        if page.meta.updated is None and page.rel in dates
        else page
        for page in pages
    )


def head_files(source: Path) -> tuple[str, ...]:
    """The files a commit or checkout rewrites, in the repository holding `source` (if any)."""
    for folder in (source, *source.parents):
        dot_git = folder / ".git"
        if dot_git.is_dir():
            gitdir = dot_git
        elif dot_git.is_file():  # a worktree: "gitdir: <path>"
            text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
            gitdir = (folder / text.removeprefix("gitdir:").strip()).resolve()
        else:
            continue
        return tuple(os.fspath(gitdir / name) for name in ("HEAD", "logs/HEAD", "packed-refs"))
    return ()
