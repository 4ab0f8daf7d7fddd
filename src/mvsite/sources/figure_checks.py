"""figures.yaml's figures -> what a build warns of but publishes: a display that says a
number a thousand times its value's or more (a Danish editor's `value: 1.500` for 1500), and
a date after today (the day the build is given: builds stay reproducible)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from mvsite.errors import SiteError
from mvsite.sources.data import Figures
from mvsite.sources.local_formats import read_number_display

_FACTOR = Decimal(1000)


def figure_warnings(figures: Figures | None, default: str) -> Iterator[SiteError]:
    """A warning at the value's line of each figure whose display is a number that differs
    from its value by a factor of a thousand or more."""
    if figures is None:
        return
    for figure in figures.items.values():
        shown = read_number_display(figure.display, default)
        value = Decimal(str(figure.value))
        if shown is None or not shown.low or not value:
            continue
        if 1 / _FACTOR < abs(shown.low / value) < _FACTOR:
            continue
        yield SiteError(
            f"figure '{figure.key}' has value {figure.value}, but its display"
            f" {figure.display!r} says {shown.low:f}",
            figures.path,
            figure.lines.get("value", figure.line),
            "write the value display shows, with no thousands separator (1500) and a point"
            " for decimals (1.5)",
        )


FUTURE_HINT = "check the date (YYYY-MM-DD)"


def future_date_warnings(figures: Figures | None, today: dt.date) -> Iterator[SiteError]:
    """A warning at each source's `retrieved:` and figure's `as_of:` later than `today`."""
    if figures is None:
        return
    for source in figures.sources.values():
        if source.retrieved > today:
            message = f"retrieved {source.retrieved.isoformat()} is in the future"
            yield SiteError(message, figures.path, source.retrieved_line, FUTURE_HINT)
    for figure in figures.items.values():
        if figure.as_of > today:
            message = f"as_of {figure.as_of.isoformat()} is in the future"
            line = figure.lines.get("as_of", figure.line)
            yield SiteError(message, figures.path, line, FUTURE_HINT)
