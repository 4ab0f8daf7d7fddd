"""figures.yaml's figures -> what a build warns of but publishes: a display that says a
number a thousand times its value's or more (a Danish editor's `value: 1.500` for 1500)."""

from __future__ import annotations

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
