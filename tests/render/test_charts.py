"""mvsite.render.charts: figures -> inline SVG bar charts, checked by parsing the SVG."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from mvsite.errors import SiteError
from mvsite.render.charts import (
    Bar,
    BarChart,
    bar_chart,
    bar_widths,
    bars_from_figures,
    describe,
    render_bar_chart,
    wrap,
)
from mvsite.sources.data import Area, Figure, Source

NS = {"svg": "http://www.w3.org/2000/svg"}
SOURCE = Source("src", "A page", "A publisher", dt.date(2026, 11, 21), None)


def area(key: str, title: str) -> Area:
    return Area(key, title, f"research/{key}.md", 1)


def figure(key: str, value: float, display: str, unit: str, a: Area | None) -> Figure:
    return Figure(
        key, value, display, unit, f"Label {key}", a, SOURCE, dt.date(2026, 11, 21), "", 1
    )


CANCER = area("cancer", "Cancer")
DIABETES = area("diabetes", "Diabetes")
NEURO = area("neuroscience", "Neuroscience")
COMPOUNDS = (
    figure("cancer-compounds", 75, "75+", "compounds", CANCER),
    figure("neuro-compounds", 60, "60+", "compounds", NEURO),
    figure("diabetes-compounds", 40, "40+", "compounds", DIABETES),
)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def bars(root: ET.Element) -> list[ET.Element]:
    return root.findall(".//svg:rect[@class='chart-bar']", NS)


def labels(root: ET.Element) -> list[str]:
    return [
        " ".join(t.text or "" for t in text.findall("svg:tspan", NS))
        for text in root.findall(".//svg:text[@class='chart-label']", NS)
    ]


def values(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.findall(".//svg:text[@class='chart-value']", NS)]


def test_one_bar_per_figure_in_the_order_given() -> None:
    root = parse(bar_chart(COMPOUNDS, chart_id="c", title="Compounds"))
    assert len(bars(root)) == 3
    assert labels(root) == ["Cancer", "Neuroscience", "Diabetes"]
    assert values(root) == ["75+", "60+", "40+"]


def test_bar_widths_are_proportional_to_values() -> None:
    root = parse(bar_chart(COMPOUNDS, chart_id="c", title="Compounds"))
    widths = [float(rect.attrib["width"]) for rect in bars(root)]
    assert widths[0] == max(widths)
    for width, f in zip(widths, COMPOUNDS, strict=True):
        assert width / widths[0] == pytest.approx(f.value / 75, abs=0.001)


def test_bars_stay_inside_the_view_box() -> None:
    root = parse(bar_chart(COMPOUNDS, chart_id="c", title="Compounds"))
    _, _, width, height = (float(n) for n in root.attrib["viewBox"].split())
    for rect in bars(root):
        assert float(rect.attrib["x"]) + float(rect.attrib["width"]) <= width
        assert float(rect.attrib["y"]) + float(rect.attrib["height"]) <= height


def test_svg_is_a_group_labelled_by_its_title_and_desc() -> None:
    root = parse(bar_chart(COMPOUNDS, chart_id="chart-x", title="Compounds by area"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    # Its bars are links, which an img's children cannot be.
    assert root.attrib["role"] == "group"
    assert root.attrib["width"] == "100%"
    assert root.attrib["aria-labelledby"] == "chart-x-title"
    assert root.attrib["aria-describedby"] == "chart-x-desc"
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title is not None and title.attrib["id"] == "chart-x-title"
    assert title.text == "Compounds by area"
    assert desc is not None and desc.attrib["id"] == "chart-x-desc"
    assert desc.text == "Compounds by area. Cancer: 75+; Neuroscience: 60+; Diabetes: 40+."


def test_colours_come_from_the_page_not_hard_coded() -> None:
    svg = bar_chart(COMPOUNDS, chart_id="c", title="T")
    root = parse(svg)
    assert root.attrib["fill"] == "currentColor"
    assert "#000" not in svg and "black" not in svg
    assert all("fill" not in rect.attrib for rect in bars(root))


def test_labels_and_titles_are_escaped() -> None:
    nasty = area("x", 'R&D <b>"quoted"</b> & <script>')
    svg = bar_chart(
        (figure("x", 3, "3 < 4 & more", "things", nasty),), chart_id="c", title="A <&> chart"
    )
    assert "<script>" not in svg and "<b>" not in svg
    root = parse(svg)  # well-formed XML despite the markup characters
    assert labels(root) == ['R&D <b>"quoted"</b> & <script>']
    assert values(root) == ["3 < 4 & more"]
    title = root.find("svg:title", NS)
    assert title is not None and title.text == "A <&> chart"


def test_returns_markup_so_templates_do_not_escape_it_again() -> None:
    assert isinstance(bar_chart(COMPOUNDS, chart_id="c", title="T"), Markup)


def test_a_chart_shows_one_unit() -> None:
    mixed = (
        figure("a", 25, "25+", "organisations", CANCER),
        figure("b", 10, "10+", "companies", DIABETES),
    )
    with pytest.raises(SiteError) as caught:
        bars_from_figures(mixed)
    assert caught.value.message == (
        "a chart shows one unit, but these figures count companies and organisations"
    )
    assert [b.label for b in bars_from_figures(COMPOUNDS)] == [
        "Cancer",
        "Neuroscience",
        "Diabetes",
    ]


def test_each_bar_links_to_its_facts_row_and_names_its_value() -> None:
    root = parse(bar_chart(COMPOUNDS, chart_id="c", title="T"))
    rows = root.findall("svg:a", NS)
    assert [a.attrib["href"] for a in rows] == [
        "#fig-cancer-compounds",
        "#fig-neuro-compounds",
        "#fig-diabetes-compounds",
    ]
    assert "aria-label" not in rows[0].attrib  # its text names it: "Cancer 75+"


def test_a_lower_bound_ends_in_a_dashed_run_and_an_exact_value_does_not() -> None:
    chart = (
        figure("a", 75, "75+", "compounds", CANCER),
        figure("b", 40, "40", "compounds", DIABETES),
    )
    root = parse(bar_chart(chart, chart_id="c", title="T"))
    more = root.findall(".//svg:line[@class='chart-more']", NS)
    assert len(more) == 1
    first_bar = bars(root)[0]
    assert float(more[0].attrib["x1"]) == float(first_bar.attrib["width"])
    assert float(more[0].attrib["x2"]) > float(more[0].attrib["x1"])


def test_a_figure_without_an_area_is_labelled_by_its_label() -> None:
    assert bars_from_figures((figure("k", 9, "nine", "universities", None),))[0].label == (
        "Label k"
    )


def test_long_labels_wrap_onto_more_lines() -> None:
    long = area("i", "Inflammation and autoimmune diseases with a much longer title")
    root = parse(bar_chart((figure("i", 20, "20+", "companies", long),), chart_id="c", title="T"))
    text = root.find(".//svg:text[@class='chart-label']", NS)
    assert text is not None and len(text.findall("svg:tspan", NS)) == 2


def test_wrap() -> None:
    assert wrap("one two three", 7) == ("one two", "three")
    assert wrap("unbreakableword", 4) == ("unbreakableword",)
    assert wrap("", 10) == ("",)


def test_bar_widths_edge_cases() -> None:
    assert bar_widths([], 100) == ()
    assert bar_widths([Bar("a", 0, "0"), Bar("b", 0, "0")], 100) == (0.0, 0.0)
    assert bar_widths([Bar("a", -5, "-5"), Bar("b", 10, "10")], 100) == (0.0, 100.0)


def test_empty_chart_is_still_valid_svg() -> None:
    root = parse(render_bar_chart(BarChart("e", "Empty", describe("Empty", ()), ())))
    assert bars(root) == []
    desc = root.find("svg:desc", NS)
    assert desc is not None and desc.text == "Empty. No data."


def test_output_is_deterministic() -> None:
    first = bar_chart(COMPOUNDS, chart_id="c", title="T")
    assert bar_chart(COMPOUNDS, chart_id="c", title="T") == first
