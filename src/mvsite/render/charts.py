"""Figures -> inline SVG bar charts, drawn at build time (no script, no chart library).

The SVG is sized by its viewBox and scales to its container; colours come from the page's CSS
(`currentColor` and the `chart-*` classes), so charts follow the light and dark schemes and print.
A chart shows one unit: bars of different units on one scale would compare unlike things. A
value the source gives as a lower bound ("75+") ends in a dashed run, the bar's "and more".
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from mvsite.errors import SiteError
from mvsite.sources.data import Figure

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
MORE = 14  # length of the dashed run after a lower bound's bar


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str  # the value as the source words it: "75+"
    href: str = ""  # where the figure's entry is (the row on the facts page)

    @property
    def is_lower_bound(self) -> bool:
        return self.display.rstrip().endswith("+")


@dataclass(frozen=True)
class BarChart:
    chart_id: str  # prefix for the ids of <title> and <desc>
    title: str
    description: str
    bars: tuple[Bar, ...]


def bars_from_figures(figures: Iterable[Figure]) -> tuple[Bar, ...]:
    """Figures of one unit -> bars labelled by research area, each linked to its facts row."""
    chosen = tuple(figures)
    units = sorted({f.unit for f in chosen})
    if len(units) > 1:
        raise SiteError(
            "a chart shows one unit, but these figures count " + " and ".join(units),
            hint="draw one chart per unit: figures.by_unit('compounds')",
        )
    return tuple(Bar(_name(f), float(f.value), f.display, f"#fig-{f.key}") for f in chosen)


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
    if any(b.is_lower_bound for b in chart.bars):
        value_room += MORE
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
    linked = any(b.href for b in chart.bars)
    # A picture with links in it is a group (an img's children are not reachable).
    labels = (
        {"role": "group", "aria-labelledby": title_id, "aria-describedby": desc_id}
        if linked
        else {"role": "img", "aria-labelledby": f"{title_id} {desc_id}"}
    )
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "class": "chart-svg",
            "viewBox": f"0 0 {WIDTH} {_num(total)}",
            "width": "100%",
            **labels,
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
    if bar.href:  # named by its text, "Cancer 75+", like any link
        group = ET.Element("a", {"class": "chart-row", "href": bar.href})
    else:
        group = ET.Element("g", {"class": "chart-row"})
    bar_top = top + _add_label(group, wrap(bar.label, max_chars), top) + LABEL_GAP
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
    end = width
    if bar.is_lower_bound:
        _add_more_run(group, width, bar_top + BAR_HEIGHT / 2)
        end += MORE
    value = ET.SubElement(
        group,
        "text",
        {
            "class": "chart-value",
            "x": _num(end + VALUE_GAP),
            "y": _num(bar_top + BAR_HEIGHT / 2),
            "dominant-baseline": "central",
        },
    )
    value.text = bar.display
    return group, bar_top + BAR_HEIGHT - top


def _add_label(group: ET.Element, lines: tuple[str, ...], top: float) -> float:
    """Add a label of `lines` starting at `top` to `group` -> the label's height."""
    label = ET.SubElement(group, "text", {"class": "chart-label", "x": "0"})
    for index, line in enumerate(lines):
        span = ET.SubElement(label, "tspan", {"x": "0", "y": _num(top + FONT + index * LINE)})
        span.text = line
    return len(lines) * LINE


def _add_more_run(group: ET.Element, width: float, middle: float) -> None:
    """The dashed run after a lower bound's bar: its "and more"."""
    y = _num(middle)
    ET.SubElement(
        group,
        "line",
        {"class": "chart-more", "x1": _num(width), "y1": y, "x2": _num(width + MORE), "y2": y},
    )


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
