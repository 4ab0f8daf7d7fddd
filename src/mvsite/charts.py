"""Figures -> inline SVG bar charts, drawn at build time (no script, no chart library).

The SVG is sized by its viewBox and scales to its container; colours come from the page's CSS
(`currentColor` and the `chart-*` classes), so charts follow the light and dark schemes and print.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from .data import Figure

SVG_NS = "http://www.w3.org/2000/svg"

WIDTH = 320  # viewBox units; at 320 px of screen one unit is about one pixel
FONT = 13
LINE = 16  # height of one line of label text
BAR_HEIGHT = 18
ROW_GAP = 12
LABEL_GAP = 4  # between a label's last line and its bar
VALUE_GAP = 6  # between a bar's end and its value
CHAR_WIDTH = 0.6  # a generous average glyph width, in ems, for wrapping labels
VALUE_CHAR_WIDTH = 0.75  # values are bold, and digits are wide


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str  # the value as the source words it: "75+"


@dataclass(frozen=True)
class BarChart:
    chart_id: str  # prefix for the ids of <title> and <desc>
    title: str
    description: str
    bars: tuple[Bar, ...]


def bars_from_figures(figures: Iterable[Figure]) -> tuple[Bar, ...]:
    """Figures -> bars labelled by research area; the unit is added when the units differ."""
    chosen = tuple(figures)
    mixed = len({f.unit for f in chosen}) > 1
    return tuple(
        Bar(
            label=f"{_name(f)} ({f.unit})" if mixed else _name(f),
            value=float(f.value),
            display=f.display,
        )
        for f in chosen
    )


def _name(figure: Figure) -> str:
    return figure.area.title if figure.area else figure.label


def describe(title: str, bars: Sequence[Bar]) -> str:
    """A sentence a screen reader can read instead of the picture."""
    values = "; ".join(f"{bar.label}: {bar.display}" for bar in bars)
    return f"{title}. {values}." if bars else f"{title}. No data."


def wrap(text: str, max_chars: int) -> tuple[str, ...]:
    """Break a label into lines of at most max_chars (a longer single word keeps its line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= max_chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return tuple(lines) or ("",)


def bar_widths(bars: Sequence[Bar], room: float) -> tuple[float, ...]:
    """Bar lengths proportional to value, the largest filling `room`; negatives draw as 0."""
    top = max((bar.value for bar in bars), default=0.0)
    if top <= 0:
        return tuple(0.0 for _ in bars)
    return tuple(max(bar.value, 0.0) / top * room for bar in bars)


def render_bar_chart(chart: BarChart) -> str:
    """BarChart -> SVG markup: role=img, labelled by its <title> and <desc>."""
    value_room = VALUE_GAP + math.ceil(
        max((len(b.display) for b in chart.bars), default=1) * FONT * VALUE_CHAR_WIDTH
    )
    widths = bar_widths(chart.bars, WIDTH - value_room)
    max_chars = int(WIDTH // (FONT * CHAR_WIDTH))
    rows: list[ET.Element] = []
    y = 0.0
    for bar, width in zip(chart.bars, widths, strict=True):
        row, height = _row(bar, width, y, max_chars)
        rows.append(row)
        y += height + ROW_GAP
    total = max(y - ROW_GAP, 0.0)
    title_id, desc_id = f"{chart.chart_id}-title", f"{chart.chart_id}-desc"
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "class": "chart-svg",
            "viewBox": f"0 0 {WIDTH} {_num(total)}",
            "width": "100%",
            "role": "img",
            "aria-labelledby": f"{title_id} {desc_id}",
            "font-size": str(FONT),
            "fill": "currentColor",
        },
    )
    ET.SubElement(svg, "title", {"id": title_id}).text = chart.title
    ET.SubElement(svg, "desc", {"id": desc_id}).text = chart.description
    svg.extend(rows)
    return ET.tostring(svg, encoding="unicode")


def _row(bar: Bar, width: float, top: float, max_chars: int) -> tuple[ET.Element, float]:
    """One bar with its label above it and its value after it -> (group, height)."""
    group = ET.Element("g", {"class": "chart-row"})
    lines = wrap(bar.label, max_chars)
    label = ET.SubElement(group, "text", {"class": "chart-label", "x": "0"})
    for index, line in enumerate(lines):
        span = ET.SubElement(label, "tspan", {"x": "0", "y": _num(top + FONT + index * LINE)})
        span.text = line
    bar_top = top + len(lines) * LINE + LABEL_GAP
    ET.SubElement(
        group,
        "rect",
        {
            "class": "chart-bar",
            "x": "0",
            "y": _num(bar_top),
            "width": _num(width),
            "height": str(BAR_HEIGHT),
            "rx": "2",
        },
    )
    value = ET.SubElement(
        group,
        "text",
        {
            "class": "chart-value",
            "x": _num(width + VALUE_GAP),
            "y": _num(bar_top + BAR_HEIGHT / 2),
            "dominant-baseline": "central",
        },
    )
    value.text = bar.display
    return group, bar_top + BAR_HEIGHT - top


def _num(value: float) -> str:
    """Coordinates with at most two decimals and no trailing zeros: 12.0 -> '12'."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def bar_chart(
    figures: Iterable[Figure], *, chart_id: str, title: str, description: str = ""
) -> Markup:
    """Template helper: figures -> inline SVG bar chart (Markup), bars in the order given."""
    bars = bars_from_figures(figures)
    chart = BarChart(chart_id, title, description or describe(title, bars), bars)
    return Markup(render_bar_chart(chart))
