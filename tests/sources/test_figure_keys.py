"""A figure key figures.yaml lacks, named by the words files and cited by pages: the error is
at figures.yaml (the typo or the removal is there), not at the first file that names it."""

from __future__ import annotations

from pathlib import Path

import pytest

from mvsite.errors import SiteError
from mvsite.sources.data import load_data
from mvsite.sources.languages import Language

THREE = (
    Language("en", "English", ""),
    Language("da", "Dansk", "da"),
    Language("sv", "Svenska", "sv"),
)
FIGURES = """\
sources:
  survey: {title: Survey, publisher: Office, retrieved: 2026-11-21}
figures:
  stations:
    value: 12
    display: "12"
    unit: stations
    label: Stations
    source: survey
    as_of: 2026-11-21
  cancer-compounds:
    value: 75
    display: "75+"
    unit: compounds
    label: Compounds
    source: survey
    as_of: 2026-11-21
"""
WORDS = "figures:\n  stations: {label: Stationer}\n  cancer-compounds: {label: Stoffer}\n"
PAGES = {
    "cancer.md": "# Cancer\n\n[[fig:cancer-compounds]] compounds, [[fig:cancer-compounds]].\n",
    "cancer.da.md": "# Kræft\n\n[[fig:cancer-compounds]] stoffer.\n",
    "about.md": "# About\n\n[[fig:stations]] stations.\n",
}


def _load(tmp_path: Path, figures: str, words: dict[str, str], pages: dict[str, str]) -> None:
    content = tmp_path / "content"
    (content / "_data").mkdir(parents=True)
    (content / "_data/figures.yaml").write_text(figures)
    for name, text in {**words, **pages}.items():
        (content / ("_data/" if name.startswith("figures.") else "") / name).write_text(text)
    rels = tuple(sorted(f"_data/{name}" for name in ("figures.yaml", *words)))
    load_data(content, rels, tmp_path, THREE, tuple(sorted(pages)))


def _error(tmp_path: Path, figures: str, words: dict[str, str], pages: dict[str, str]) -> list[str]:
    with pytest.raises(SiteError) as caught:
        _load(tmp_path, figures, words, pages)
    return str(caught.value).splitlines()


def test_a_key_misspelt_in_figures_yaml_is_an_error_there_with_the_key_others_name(
    tmp_path: Path,
) -> None:
    misspelt = FIGURES.replace("  cancer-compounds:", "  cancer-compunds:")
    both = {"figures.da.yaml": WORDS, "figures.sv.yaml": WORDS}
    assert _error(tmp_path, misspelt, both, PAGES) == [
        "content/_data/figures.yaml:11: 'cancer-compunds' is not a figure the site names"
        " elsewhere, but figures.da.yaml, figures.sv.yaml and 2 pages name 'cancer-compounds'",
        "  hint: did you mean 'cancer-compounds'? Rename it here",
    ]


def test_a_key_removed_from_figures_yaml_is_an_error_there_naming_who_names_it(
    tmp_path: Path,
) -> None:
    removed = FIGURES.split("  cancer-compounds:")[0]
    assert _error(tmp_path, removed, {"figures.da.yaml": WORDS}, PAGES) == [
        "content/_data/figures.yaml:3: no figure 'cancer-compounds' in figures.yaml, though"
        " figures.da.yaml and 2 pages name it",
        "  hint: restore it in figures.yaml, or remove it from figures.da.yaml and the pages"
        " that cite it (content/cancer.da.md, content/cancer.md)",
    ]


def test_a_key_one_words_file_alone_names_is_that_files_mistake(tmp_path: Path) -> None:
    typo = WORDS.replace("cancer-compounds:", "cancer-compunds:")
    assert _error(tmp_path, FIGURES, {"figures.da.yaml": typo}, PAGES) == [
        "content/_data/figures.da.yaml:3: figures.yaml has no figure 'cancer-compunds'"
        " under 'figures'",
        "  hint: did you mean 'cancer-compounds'?",
    ]


def test_keys_figures_yaml_has_need_no_page_read(tmp_path: Path) -> None:
    _load(tmp_path, FIGURES, {"figures.da.yaml": WORDS}, {"gone.md": ""})
    (tmp_path / "content/gone.md").unlink()  # (a page read would fail)
    rels = ("_data/figures.da.yaml", "_data/figures.yaml")
    load_data(tmp_path / "content", rels, tmp_path, THREE, ("gone.md",))
