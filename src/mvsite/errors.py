"""The one error type a user sees: a message tied to a place in their site."""

from __future__ import annotations

import collections
from collections.abc import Sequence
from pathlib import Path

EXIT_OK, EXIT_SITE_ERROR, EXIT_USAGE = (
    0,
    1,
    2,
)  # the CLI's exit codes: success, a SiteError, bad usage


class SiteError(Exception):
    """A user mistake: prints as `path:line: message` plus a `hint:` line."""

    def __init__(
        self, message: str, path: Path | str | None = None, line: int | None = None, hint: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path if isinstance(path, Path) or path is None else Path(path)
        self.line = line
        self.hint = hint

    @property
    def location(self) -> str:
        if self.path is None:
            return "mvsite"
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text

    def at(self, path: Path, line_offset: int = 0) -> SiteError:
        """The same error placed in `path`, its line shifted by `line_offset`."""
        line = self.line + line_offset if self.line else None
        return SiteError(self.message, path, line, self.hint)


def counted(count: int, word: str) -> str:
    """(1, 'page') -> '1 page'; (2, 'page') -> '2 pages'."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


SHOWN_PER_KIND = 10  # warnings of one kind printed in full; `mvsite check` lists them all


def warning_lines(
    warnings: Sequence[SiteError], label: str, per_kind: int = SHOWN_PER_KIND
) -> list[str]:
    """The lines a build prints for its warnings: in order, at most SHOWN_PER_KIND of each
    kind (message and hint), then a count of the rest (a site of 10,000 pages without
    descriptions must not print 20,000 lines)."""
    lines: list[str] = []
    counts: collections.Counter[tuple[str, str]] = collections.Counter()
    for warning in warnings:
        kind = (warning.message, warning.hint)
        counts[kind] += 1
        if counts[kind] <= per_kind:
            lines.append(f"{label}: {warning}")
    for (message, _), count in counts.items():
        if count > per_kind:
            more = count - per_kind
            lines.append(
                f"{label}: {more} more like this: {message}\n"
                "  hint: `mvsite check` lists every one, with its file and line"
            )
    return lines
