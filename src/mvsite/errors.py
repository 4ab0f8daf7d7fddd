"""The one error type a user sees: a message tied to a place in their site."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

EXIT_OK, EXIT_SITE_ERROR, EXIT_USAGE = (
    0,
    1,
    2,
)  # the CLI's exit codes: success, a SiteError, bad usage


def location(path: Path | None, line: int | None) -> str:
    """Where a problem is, as every message names it: `path:line`, `path`, or `mvsite`."""
    if path is None:
        return "mvsite"
    return f"{path.as_posix()}:{line}" if line else path.as_posix()


class SiteError(Exception):
    """A user mistake: prints as `path:line: message` plus a `hint:` line."""

    def __init__(
        self,
        message: str,
        path: Path | None = None,
        line: int | None = None,
        hint: str = "",
        also: tuple[SiteError, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint
        self.also = also  # more mistakes found with it (a front matter's others), each said too

    @property
    def location(self) -> str:
        return location(self.path, self.line)

    @property
    def each(self) -> tuple[SiteError, ...]:
        """This mistake and those found with it, each to be said."""
        return (self, *self.also)

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text

    def at(self, path: Path, line_offset: int = 0) -> SiteError:
        """The same error placed in `path`, its line shifted by `line_offset`."""
        line = self.line + line_offset if self.line else None
        also = tuple(more.at(path, line_offset) for more in self.also)
        return SiteError(self.message, path, line, self.hint, also)


def all_in_one(errors: Iterable[SiteError]) -> SiteError | None:
    """Mistakes found together as one error to raise: the first by line, the others in its
    `also`, each said once; None if there are none."""
    unique = {(error.path, error.line, error.message): error for error in reversed([*errors])}
    if not unique:
        return None
    first, *more = sorted(unique.values(), key=lambda error: error.line or 0)
    return SiteError(first.message, first.path, first.line, first.hint, also=tuple(more))


def counted(count: int, word: str) -> str:
    """(1, 'page') -> '1 page'; (2, 'page') -> '2 pages'."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
