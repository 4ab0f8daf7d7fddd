from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mvsite.errors import SiteError
from mvsite.sources.data import load_data, parse_figures
from mvsite.sources.strict_yaml import parse_yaml

GOOD = """\
sources:
  survey: {title: Survey, publisher: Office, retrieved: 2026-11-21}
areas:
  north: {title: North, page: north.md}
figures:
  stations:
    value: 12
    display: "12+"
    unit: stations
    label: Stations
    area: north
    source: survey
    as_of: 2026-11-21
  people:
    value: 4000000
    display: 4+ million
    unit: people
    label: Inhabitants
    source: survey
    as_of: 2026-11-21
    note: Greater region
"""


def figures(text: str):  # type: ignore[no-untyped-def]
    return parse_figures(parse_yaml(text, Path("content/_data/figures.yaml")))


def test_figures_are_typed_and_keep_file_order() -> None:
    result = figures(GOOD)
    assert list(result.items) == ["stations", "people"]
    stations = result.items["stations"]
    assert (stations.value, stations.display, stations.as_of) == (12, "12+", dt.date(2026, 11, 21))
    assert stations.area is not None and stations.area.page == "north.md"
    assert stations.source.publisher == "Office"
    assert result.items["people"].area is None
    assert [f.key for f in result.by_area("north")] == ["stations"]
    assert [f.key for f in result.by_unit("people")] == ["people"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    value: 12\n", "", "content/_data/figures.yaml:6: 'figures.stations' is missing 'value'"),
        ("value: 12", "value: '12'", "content/_data/figures.yaml:7: 'figures.stations.value' must be a number (got '12')"),
        ("area: north", "area: south", "content/_data/figures.yaml:11: unknown research area 'south'"),
        ("source: survey\n    as_of: 2026-11-21\n  people", "source: poll\n    as_of: 2026-11-21\n  people", "content/_data/figures.yaml:12: unknown source 'poll'"),
        ("as_of: 2026-11-21\n  people", "as_of: last year\n  people", "content/_data/figures.yaml:13: 'figures.stations.as_of' must be a date (got 'last year')"),
        ("  stations:", "  Stations:", "content/_data/figures.yaml:6: 'Stations' is not a valid key in 'figures'"),
        ("    unit: stations", "    units: stations", "content/_data/figures.yaml:9: unknown key 'units' in 'figures.stations'"),
        ("label: Stations", "label: NO", "content/_data/figures.yaml:10: 'figures.stations.label' must be text (got 'NO', which YAML reads as False)"),
    ],
)  # fmt: skip
def test_bad_figures_are_errors_at_their_line(old: str, new: str, message: str) -> None:
    assert old in GOOD
    with pytest.raises(SiteError) as caught:
        figures(GOOD.replace(old, new, 1))
    assert str(caught.value).splitlines()[0] == message
    assert caught.value.hint


def test_every_data_file_is_given_to_templates(tmp_path: Path) -> None:
    data_dir = tmp_path / "content" / "_data"
    data_dir.mkdir(parents=True)
    (data_dir / "figures.yaml").write_text(GOOD)
    (data_dir / "team.yml").write_text("members: [a, b]\n")
    result = load_data(tmp_path / "content", ("_data/figures.yaml", "_data/team.yml"), tmp_path)
    assert result.values["team"] == {"members": ["a", "b"]}
    assert result.figures is not None and result.values["figures"] is result.figures
