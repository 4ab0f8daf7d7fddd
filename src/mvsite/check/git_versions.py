"""The earlier texts of a file in git: at each commit that changed it, newest first.

Used to find the version of an original a translation was made from. A file outside a
repository, one git does not track, or no git at all: no earlier texts.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

MAX_VERSIONS = 200  # commits looked at per file: translations older than that are rare


def committed_versions(src: Path) -> Iterator[tuple[str, str]]:
    """(commit, text) of `src` at each commit that changed it, newest first (the first is
    HEAD's text); nothing if git does not track it."""
    folder, name = src.parent, src.name
    log = _git(folder, "log", f"-{MAX_VERSIONS}", "--format=%H", "--", name)
    if not log:
        return
    seen: set[str] = set()
    for commit in log.split():
        text = _git(folder, "show", f"{commit}:./{name}")
        if text is not None and text not in seen:
            seen.add(text)
            yield commit, text


def _git(folder: Path, *args: str) -> str | None:
    """What git prints, or None if it failed or is not there."""
    command = ["git", "-c", "core.quotePath=false", "-C", str(folder), *args]
    try:
        done = subprocess.run(command, capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", errors="replace")
