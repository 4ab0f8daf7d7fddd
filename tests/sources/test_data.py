from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mvsite.errors import SiteError
from mvsite.sources.data import load_data, parse_figures
from mvsite.sources.languages import Language, single_language
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
    rels = ("_data/figures.yaml", "_data/team.yml")
    result = load_data(tmp_path / "content", rels, tmp_path, single_language("en"))
    assert result.values["team"] == {"members": ["a", "b"]}
    assert result.figures is not None and result.values["figures"] is result.figures


THREE = (
    Language("en", "English", ""),
    Language("da", "Dansk", "da"),
    Language("sv", "Svenska", "sv"),
)
DANISH = """\
areas:
  north: {title: Nord}
figures:
  people:
    label: Indbyggere
"""


def _site(tmp_path: Path, files: dict[str, str]) -> tuple[str, ...]:
    data_dir = tmp_path / "content" / "_data"
    data_dir.mkdir(parents=True)
    for name, text in files.items():
        (data_dir / name).write_text(text)
    return tuple(f"_data/{name}" for name in sorted(files))


def test_each_language_has_its_figures_with_its_words_and_number_format(tmp_path: Path) -> None:
    rels = _site(tmp_path, {"figures.yaml": GOOD, "figures.da.yaml": DANISH})
    data = load_data(tmp_path / "content", rels, tmp_path, THREE)
    assert "figures.da" not in data.values
    english, danish, swedish = (data.figures_in(code) for code in ("en", "da", "sv"))
    assert english is data.figures and danish is not None and swedish is not None
    people = danish.items["people"]
    assert (people.label, people.note, people.display) == (
        "Indbyggere",
        "Greater region",
        "4+ millioner",
    )
    assert danish.areas["north"].title == "Nord"
    assert danish.items["stations"].area == danish.areas["north"]
    # a language without a figures file: its number format, the default language's words
    assert (swedish.items["people"].display, swedish.items["people"].label) == (
        "4+ miljoner",
        "Inhabitants",
    )


def test_a_site_of_one_language_reads_no_code_in_a_data_files_name(tmp_path: Path) -> None:
    rels = _site(tmp_path, {"figures.yaml": GOOD, "figures.da.yaml": DANISH})
    data = load_data(tmp_path / "content", rels, tmp_path, single_language("en"))
    assert data.values["figures.da"]["areas"] == {"north": {"title": "Nord"}}
    assert data.figures_in("da") is data.figures


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("figures.fr.yaml", DANISH, "content/_data/figures.fr.yaml: 'fr' in the file name is not one of the site's languages (en, da, sv)"),
        ("figures.en.yaml", DANISH, "content/_data/figures.en.yaml: 'en' is the site's default language: its words are in figures.yaml"),
        ("figures.da.yaml", "figures:\n  poeple: {label: Folk}\n", "content/_data/figures.da.yaml:2: figures.yaml has no figure 'poeple' under 'figures'"),
        ("figures.da.yaml", "areas:\n  south: {title: Syd}\n", "content/_data/figures.da.yaml:2: figures.yaml has no area 'south' under 'areas'"),
        ("figures.da.yaml", "figures:\n  people:\n    value: 5\n", "content/_data/figures.da.yaml:3: 'figures.people.value' is the same in every language"),
        ("figures.da.yaml", "areas:\n  north:\n    page: nord.md\n", "content/_data/figures.da.yaml:3: 'areas.north.page' is the same in every language"),
        ("figures.da.yaml", "figures:\n  people:\n    lable: Folk\n", "content/_data/figures.da.yaml:3: unknown key 'lable' in 'figures.people'"),
        ("figures.da.yaml", "sources:\n  survey: {title: Optælling}\n", "content/_data/figures.da.yaml:1: sources are named as published, the same in every language"),
        ("figures.da.yaml", "figures:\n  people:\n    display: 4+ millioner\n", "content/_data/figures.da.yaml:3: figure 'people' is shown as a number (4+ million), which each language writes in its own format"),
        ("figures.da.yaml", "figures:\n  people:\n    note: NO\n", "content/_data/figures.da.yaml:3: 'figures.people.note' must be text (got 'NO', which YAML reads as False)"),
    ],
)  # fmt: skip
def test_bad_words_files_are_errors_at_their_line(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    rels = _site(tmp_path, {"figures.yaml": GOOD, name: text})
    with pytest.raises(SiteError) as caught:
        load_data(tmp_path / "content", rels, tmp_path, THREE)
    assert str(caught.value).splitlines()[0] == message
    assert caught.value.hint


def test_the_hints_name_what_was_meant(tmp_path: Path) -> None:
    rels = _site(tmp_path, {"figures.yaml": GOOD, "figures.da.yaml": "figures:\n  poeple: {}\n"})
    with pytest.raises(SiteError, match="did you mean 'people'"):
        load_data(tmp_path / "content", rels, tmp_path, THREE)
    number = "figures:\n  people:\n    display: 4+ millioner\n"
    (tmp_path / "content/_data/figures.da.yaml").write_text(number)
    with pytest.raises(SiteError) as caught:
        load_data(tmp_path / "content", rels, tmp_path, THREE)
    assert caught.value.hint == "remove 'display' here: da shows it as 4+ millioner"


def test_words_without_figures_are_an_error(tmp_path: Path) -> None:
    rels = _site(tmp_path, {"figures.da.yaml": DANISH})
    with pytest.raises(
        SiteError, match=r"figures\.da\.yaml: the figures' words have no figures\.yaml"
    ):
        load_data(tmp_path / "content", rels, tmp_path, THREE)
