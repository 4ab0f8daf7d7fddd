"""The one error type a user sees: a message tied to a place in their site."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol, TypeVar

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


class Placed(Protocol):
    """A finding, or an error or warning before it is one: a message at a place."""

    @property
    def path(self) -> Path | None: ...
    @property
    def line(self) -> int | None: ...
    @property
    def message(self) -> str: ...


PlacedT = TypeVar("PlacedT", bound=Placed)


def first_of_each(found: Iterable[PlacedT]) -> list[PlacedT]:
    """One of each place and message, the first, in order: a page not translated is shown in
    every language, and each copy says what its original says; check reports some of the
    build's warnings under rules of its own."""
    seen: set[tuple[Path | None, int | None, str]] = set()
    kept = []
    for item in found:
        key = (item.path, item.line, item.message)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def all_in_one(errors: Iterable[SiteError]) -> SiteError | None:
    """Mistakes found together as one error to raise: the first by line, the others in its
    `also`, each said once; None if there are none."""
    found = sorted(first_of_each(errors), key=lambda error: error.line or 0)
    if not found:
        return None
    first, *more = found
    return SiteError(first.message, first.path, first.line, first.hint, also=tuple(more))


def counted(count: int, word: str) -> str:
    """(1, 'page') -> '1 page'; (2, 'page') -> '2 pages'."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
