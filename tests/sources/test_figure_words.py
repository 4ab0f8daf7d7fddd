import dataclasses
from pathlib import Path

from mvsite.sources.data import SiteData, load_data, parse_figures
from mvsite.sources.figure_words import FigureWords, localized_display, localized_figures
from mvsite.sources.languages import Language
from mvsite.sources.strict_yaml import parse_yaml

ROOT = Path(__file__).resolve().parents[2]
THREE = (
    Language("en", "English", ""),
    Language("da", "Dansk", "da"),
    Language("sv", "Svenska", "sv"),
)
NBSP = "\u00a0"


def bundled() -> SiteData:
    rels = tuple(f"_data/{name}" for name in ("figures.yaml", "figures.da.yaml", "figures.sv.yaml"))
    return load_data(ROOT / "content", rels, ROOT, THREE)


def test_the_bundled_figures_are_shown_in_each_language() -> None:
    data = bundled()
    shown = {
        code: {key: f.display for key, f in data.figures_in(code).items.items()}  # type: ignore[union-attr]
        for code in ("en", "da", "sv")
    }
    some = ("inhabitants", "life-science-employees", "university-researchers", "universities")
    some += ("cancer-compounds", "cancer-venture-share")
    assert [shown["en"][key] for key in some] == [
        "4+ million", "tens of thousands", "7,000+", "9", "75+", "23%",
    ]  # fmt: skip
    assert [shown["da"][key] for key in some] == [
        "4+ millioner", "titusinder", "7.000+", "9", "75+", f"23{NBSP}%",
    ]  # fmt: skip
    assert [shown["sv"][key] for key in some] == [
        "4+ miljoner", "tiotusentals", f"7{NBSP}000+", "9", "75+", f"23{NBSP}%",
    ]  # fmt: skip


def test_every_word_of_the_bundled_figures_is_given_in_danish_and_swedish() -> None:
    data = bundled()
    english = data.figures
    assert english is not None
    for code in ("da", "sv"):
        figures = data.figures_in(code)
        assert figures is not None
        for key, figure in figures.items.items():
            assert figure.label != english.items[key].label, (code, key)
            assert not figure.note or figure.note != english.items[key].note, (code, key)
        assert all(a.summary != english.areas[k].summary for k, a in figures.areas.items())


def test_the_english_figures_are_figures_yaml_as_written() -> None:
    data = bundled()
    yaml_path = ROOT / "content/_data/figures.yaml"
    written = parse_figures(parse_yaml(yaml_path.read_text(), Path("content/_data/figures.yaml")))
    assert data.figures_in("en") == written


GOOD = """\
sources:
  survey: {title: Survey, publisher: Office, retrieved: 2026-11-21}
areas:
  north: {title: North, summary: Up there}
figures:
  people:
    value: 10000
    display: tens of thousands
    unit: people
    label: Inhabitants
    area: north
    source: survey
    as_of: 2026-11-21
    note: Greater region
"""


def test_words_fall_back_to_the_default_language_key_by_key() -> None:
    figures = parse_figures(parse_yaml(GOOD, Path("figures.yaml")))
    words = FigureWords("da", {"north": {"summary": "Deroppe"}}, {"people": {"note": "Større"}})
    danish = localized_figures(figures, words, "da", "en")
    people = danish.items["people"]
    assert (people.label, people.note, people.display) == (
        "Inhabitants",
        "Større",
        "tens of thousands",
    )
    assert (danish.areas["north"].title, danish.areas["north"].summary) == ("North", "Deroppe")
    assert people.area is danish.areas["north"]
    assert danish.sources is figures.sources
    assert localized_figures(figures, words, "en", "en") is figures


def test_a_display_in_words_is_taken_from_the_language_and_a_number_never_is() -> None:
    figures = parse_figures(parse_yaml(GOOD, Path("figures.yaml")))
    words = FigureWords("da", {}, {"people": {"display": "titusinder"}})
    people = figures.items["people"]
    assert localized_display(people, words, "da", "en") == "titusinder"
    as_number = dataclasses.replace(people, display="10,000+")
    assert localized_display(as_number, words, "da", "en") == "10.000+"
