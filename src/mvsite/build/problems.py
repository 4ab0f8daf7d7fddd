"""A build's problems: stop at the first one, or (for `check`) collect them all."""

from __future__ import annotations

from collections.abc import Iterable

from mvsite.errors import SiteError


class Problems:
    """Stop at the first problem, or collect them all (keep_going)."""

    def __init__(self, keep_going: bool) -> None:
        self.keep_going = keep_going
        self.found: list[SiteError] = []

    def report(self, error: SiteError) -> None:
        if not self.keep_going:
            raise error
        self.found += error.each

    def report_all(self, errors: Iterable[SiteError]) -> None:
        for error in errors:
            self.report(error)
