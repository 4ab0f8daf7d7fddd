"""What `build` shows while it runs and after: a progress bar, its summary line, and the
`--profile` table.

The bar is drawn only on a terminal (never in CI, nor when stderr is a pipe or a file), and
only once a build has run for a moment: quick builds stay quiet.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TextIO

from mvsite.errors import counted

BAR_WIDTH = 30


def wants_progress(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Is `stream` a terminal a person watches (not CI, not a dumb terminal)?"""
    try:
        is_tty = stream.isatty()
    except (AttributeError, ValueError):
        return False
    return is_tty and not environ.get("CI") and environ.get("TERM") != "dumb"


class ProgressBar:
    """A one-line bar on `stream`, redrawn at most ten times a second, after `delay` seconds."""

    def __init__(
        self,
        stream: TextIO,
        enabled: bool,
        delay: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._enabled = enabled
        self._clock = clock
        self._start = clock()
        self._delay = delay
        self._drawn_at: float | None = None

    def __call__(self, done: int, total: int) -> None:
        if not self._enabled or total <= 0:
            return
        now = self._clock()
        if now - self._start < self._delay:
            return
        if self._drawn_at is not None and now - self._drawn_at < 0.1 and done < total:
            return
        self._drawn_at = now
        self._stream.write("\r" + progress_line(done, total))
        self._stream.flush()

    def close(self) -> None:
        """Clear the bar, if one was drawn."""
        if self._drawn_at is not None:
            self._stream.write("\r" + " " * (BAR_WIDTH + 30) + "\r")
            self._stream.flush()
            self._drawn_at = None


def progress_line(done: int, total: int) -> str:
    """'[#######-------] 512/1000 pages'"""
    filled = BAR_WIDTH * done // total if total else BAR_WIDTH
    return f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done}/{total} pages"


def summary_line(
    pages: int, output: Path, written: int, files: int, removed: int, seconds: float
) -> str:
    """'Built 11 pages into public: 3 files written, 57 unchanged, 0 removed in 0.41 s'"""
    return (
        f"Built {counted(pages, 'page')} into {output}: {counted(written, 'file')} written, "
        f"{files - written} unchanged, {removed} removed in {seconds:.2f} s"
    )


def format_profile(seconds: Mapping[str, float], wall: float, processes: int) -> str:
    """Stage -> CPU seconds (all processes) as a table, with shares and the wall time."""
    total = sum(seconds.values()) or 1e-9
    rows = [f"{'stage':<10} {'CPU s':>7} {'share':>6}"]
    for stage, spent in seconds.items():
        rows.append(f"{stage:<10} {spent:7.2f} {100 * spent / total:5.0f}%")
    plural = "es" if processes != 1 else ""
    rows.append(f"{'total':<10} {total:7.2f}  (wall {wall:.2f} s, {processes} process{plural})")
    return "\n".join(rows)
