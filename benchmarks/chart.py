"""How each tool's cold build grows with the site, drawn as an SVG chart (report.py has the table).

Two panels side by side, cold build time and peak memory, against pages; both axes are
logarithmic, so equal growth rates are parallel lines and a tool twice as slow is the same
distance above another at every size. Only the standard library: the harness must run
anywhere.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

# One colour and dash pattern per tool, told apart without colour too.
_STYLES = {
    "mvsite": ("#0b4f5c", ""),
    "hugo": ("#c2410c", "6 3"),
    "eleventy": ("#6d28d9", "2 3"),
    "pelican": ("#15803d", "8 3 2 3"),
    "mkdocs": ("#4b5563", "1 2"),
}
_PANEL_W, _PANEL_H, _MARGIN = 340, 240, 56
_Y_TOP = 40  # room for the panel titles


@dataclass(frozen=True)
class Point:
    pages: int
    value: float


@dataclass(frozen=True)
class Series:
    tool: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class _Scale:
    """log10 of a value range -> pixels along one axis."""

    low: float
    high: float
    start: float
    length: float

    def at(self, value: float) -> float:
        span = math.log10(self.high) - math.log10(self.low) or 1.0
        return self.start + (math.log10(value) - math.log10(self.low)) / span * self.length


def _decades(low: float, high: float) -> list[float]:
    """Tick values 1, 2, 5 x 10^n within [low, high]."""
    ticks = []
    for exponent in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1):
        for mantissa in (1, 2, 5):
            value = mantissa * 10.0**exponent
            if low <= value <= high:
                ticks.append(value)
    return ticks


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:g}"


def _tag(name: str, text: str | None = None, /, **attributes: object) -> str:
    """One SVG element: stroke_width="2" is written stroke-width="2", class_ class."""
    written = " ".join(
        f'{key.rstrip("_").replace("_", "-")}="{escape(str(value))}"'
        for key, value in attributes.items()
    )
    return f"<{name} {written}/>" if text is None else f"<{name} {written}>{escape(text)}</{name}>"


def _panel(title: str, unit: str, data: Sequence[Series], left: float) -> list[str]:
    pages = [p.pages for s in data for p in s.points]
    values = [p.value for s in data for p in s.points]
    x = _Scale(min(pages) / 1.3, max(pages) * 1.3, left + _MARGIN, _PANEL_W - _MARGIN - 12)
    y = _Scale(min(values) / 1.5, max(values) * 1.5, _Y_TOP + _PANEL_H, -_PANEL_H)
    bottom, middle = _Y_TOP + _PANEL_H, _Y_TOP + _PANEL_H / 2
    parts = [_tag("text", title, x=left + _MARGIN, y=24, class_="title")]
    for tick in _decades(y.low, y.high):
        at = round(y.at(tick), 1)
        parts.append(_tag("line", x1=x.start, x2=x.start + x.length, y1=at, y2=at, class_="grid"))
        parts.append(_tag("text", _number(tick), x=x.start - 6, y=at + 4, text_anchor="end"))
    for size in sorted(set(pages)):
        at = round(x.at(size), 1)
        parts.append(_tag("text", f"{size:,}", x=at, y=bottom + 18, text_anchor="middle"))
    centre = x.start + x.length / 2
    parts.append(
        _tag("text", "pages", x=centre, y=bottom + 38, class_="axis", text_anchor="middle")
    )
    turn = f"rotate(-90 {left + 14} {middle})"
    parts.append(
        _tag(
            "text", unit, x=left + 14, y=middle, class_="axis", text_anchor="middle", transform=turn
        )
    )
    for line in data:
        colour, dash = _STYLES.get(line.tool, ("#111827", ""))
        coords = " ".join(f"{x.at(p.pages):.1f},{y.at(p.value):.1f}" for p in line.points)
        stroke = {
            "stroke": colour,
            "stroke_width": 2,
            **({"stroke_dasharray": dash} if dash else {}),
        }
        parts.append(_tag("polyline", points=coords, fill="none", data_tool=line.tool, **stroke))
        for p in line.points:
            cx, cy = round(x.at(p.pages), 1), round(y.at(p.value), 1)
            parts.append(_tag("circle", cx=cx, cy=cy, r=3, fill=colour))
    return parts


def _legend(tools: Sequence[str], top: float) -> list[str]:
    parts = []
    for index, tool in enumerate(tools):
        colour, dash = _STYLES.get(tool, ("#111827", ""))
        left = _MARGIN + index * 120
        stroke = {
            "stroke": colour,
            "stroke_width": 2,
            **({"stroke_dasharray": dash} if dash else {}),
        }
        parts.append(_tag("line", x1=left, x2=left + 28, y1=top, y2=top, **stroke))
        parts.append(_tag("text", tool, x=left + 34, y=top + 4))
    return parts


def scaling_svg(times: Sequence[Series], memory: Sequence[Series]) -> str:
    """The chart of `times` (seconds) and `memory` (MiB) against pages."""
    tools = [s.tool for s in times]
    sizes = ", ".join(f"{p:,}" for p in sorted({p.pages for s in times for p in s.points}))
    width, height = 2 * _PANEL_W + 20, _Y_TOP + _PANEL_H + 80
    body = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="t d">',
        '<title id="t">Cold build time and peak memory against pages</title>',
        f'<desc id="d">Median cold build seconds and peak resident memory (MiB) of '
        f"{', '.join(tools)} at {sizes} pages, both axes logarithmic; the numbers are in the "
        "table below the chart.</desc>",
        "<style>text{font:12px sans-serif;fill:#111827}.title{font-weight:700;font-size:13px}"
        ".axis{fill:#4b5563}.grid{stroke:#e5e7eb}</style>",
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
        *(_panel("Cold build, median seconds", "seconds", times, 0) if times else []),
        *(_panel("Peak memory, MiB", "MiB", memory, _PANEL_W + 20) if memory else []),
        *_legend(tools, height - 14),
        "</svg>",
    ]
    return "\n".join(body) + "\n"
