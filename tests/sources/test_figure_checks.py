from __future__ import annotations

import datetime as dt
from pathlib import Path

from mvsite.sources.data import parse_figures
from mvsite.sources.figure_checks import figure_warnings, future_date_warnings
from mvsite.sources.strict_yaml import parse_yaml

ROOT = Path(__file__).resolve().parents[2]
FIGURES = """\
sources:
  survey: {title: Survey, publisher: Office, retrieved: 2026-11-21}
figures:
  staff:
    display: "1,500+"
    value: VALUE
    unit: people
    label: Staff
    source: survey
    as_of: 2026-11-21
"""


def _warnings(value: str) -> list[str]:
    text = FIGURES.replace("VALUE", value)
    figures = parse_figures(parse_yaml(text, Path("content/_data/figures.yaml")))
    return [str(w) for w in figure_warnings(figures, "en")]


def test_a_value_a_thousand_times_off_its_display_is_a_warning_at_the_value() -> None:
    assert _warnings("1.5") == [
        "content/_data/figures.yaml:6: figure 'staff' has value 1.5, but its display '1,500+'"
        " says 1500\n  hint: write the value display shows, with no thousands separator (1500)"
        " and a point for decimals (1.5)"
    ]
    assert len(_warnings("1500000")) == 1
    assert _warnings("1500") == _warnings("1499") == _warnings("2000") == []


def test_the_bundled_figures_give_no_warning() -> None:
    doc = parse_yaml((ROOT / "content/_data/figures.yaml").read_text(), Path("figures.yaml"))
    assert list(figure_warnings(parse_figures(doc), "en")) == []


def test_dates_after_the_given_day_are_warnings_at_their_lines() -> None:
    figures = parse_figures(
        parse_yaml(FIGURES.replace("VALUE", "1500"), Path("content/_data/figures.yaml"))
    )
    assert [str(w) for w in future_date_warnings(figures, dt.date(2026, 11, 20))] == [
        "content/_data/figures.yaml:2: retrieved 2026-11-21 is in the future\n"
        "  hint: check the date (YYYY-MM-DD)",
        "content/_data/figures.yaml:10: as_of 2026-11-21 is in the future\n"
        "  hint: check the date (YYYY-MM-DD)",
    ]
    assert list(future_date_warnings(figures, dt.date(2026, 11, 21))) == []
