"""`figures.<code>.yaml` -> one language's words for the figures, and the figures in that language.

figures.yaml is language-neutral in all but its words: numbers, dates, units and sources are the
same in every language. A language's file beside it gives, by the same ids, the keys that are
words (an area's title and summary; a figure's label, note, and display where it is words:
"tens of thousands"). Whatever it leaves out falls back to figures.yaml, key by key. A display
that is a number ("7,000+", "4+ million") is written by each language's number format instead.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mvsite.sources.local_formats import format_number_display, read_number_display
from mvsite.sources.strict_yaml import YamlDoc
from mvsite.sources.yaml_values import check_known_keys, read_mapping, read_text

if TYPE_CHECKING:  # data.py's load_data reads these files, so it imports this module
    from mvsite.sources.data import Area, Figure, Figures

AREA_WORDS = frozenset({"title", "summary"})
FIGURE_WORDS = frozenset({"label", "note", "display"})
_NOT_WORDS = {
    "areas": frozenset({"page"}),
    "figures": frozenset({"value", "unit", "area", "source", "as_of"}),
}


@dataclass(frozen=True, slots=True)
class FigureWords:
    """One language's words for figures.yaml, by id: {'cancer': {'title': 'Kræft'}}."""

    code: str
    areas: Mapping[str, Mapping[str, str]]
    figures: Mapping[str, Mapping[str, str]]


def parse_figure_words(doc: YamlDoc, code: str, figures: Figures, default: str) -> FigureWords:
    """A language's figures file -> its words; an id figures.yaml lacks, a key that is not
    words, or a display that is a number are errors at their line."""
    top = read_mapping(doc, (), doc.value)
    if "sources" in top:
        raise doc.error(
            ("sources",),
            "sources are named as published, the same in every language",
            f"remove 'sources' from {doc.path.name}: figures.yaml gives them",
        )
    check_known_keys(doc, (), top, {"areas", "figures"})
    areas = _section(doc, "areas", top.get("areas"), figures.areas, AREA_WORDS)
    items = _section(doc, "figures", top.get("figures"), figures.items, FIGURE_WORDS)
    for key, words in items.items():
        if "display" in words and read_number_display(figures.items[key].display, default):
            raise doc.error(
                ("figures", key, "display"),
                f"figure '{key}' is shown as a number ({figures.items[key].display}), which"
                " each language writes in its own format",
                f"remove 'display' here: {code} shows it as"
                f" {localized_display(figures.items[key], None, code, default)}",
            )
    return FigureWords(code, areas, items)


def _section(
    doc: YamlDoc, name: str, value: Any, known: Mapping[str, object], words: frozenset[str]
) -> dict[str, dict[str, str]]:
    entries: dict[str, dict[str, str]] = {}
    for key, entry in read_mapping(doc, (name,), value).items():
        if key not in known:
            close = difflib.get_close_matches(str(key), sorted(known), n=1, cutoff=0.6)
            raise doc.error(
                (name, key),
                f"figures.yaml has no {name[:-1]} '{key}' under '{name}'",
                f"did you mean '{close[0]}'?" if close else f"{name}: " + ", ".join(known),
            )
        fields = read_mapping(doc, (name, key), entry)
        for field in fields:
            if field in _NOT_WORDS[name]:
                raise doc.error(
                    (name, key, field),
                    f"'{name}.{key}.{field}' is the same in every language",
                    f"remove it here: figures.yaml gives {field} for every language",
                )
        check_known_keys(doc, (name, key), fields, set(words))
        entries[key] = {f: read_text(doc, (name, key, f), v) for f, v in fields.items()}
    return entries


def localized_figures(
    figures: Figures, words: FigureWords | None, code: str, default: str
) -> Figures:
    """The figures in language `code`: its words where it gives them, else figures.yaml's;
    displays that are numbers in its number format."""
    if code == default:
        return figures
    areas = {
        key: _localized_area(area, words.areas.get(key, {}) if words else {})
        for key, area in figures.areas.items()
    }
    items = {
        key: _localized_figure(figure, words, code, default, areas)
        for key, figure in figures.items.items()
    }
    return dataclasses.replace(figures, areas=areas, items=items)


def _localized_area(area: Area, words: Mapping[str, str]) -> Area:
    return dataclasses.replace(
        area, title=words.get("title", area.title), summary=words.get("summary", area.summary)
    )


def _localized_figure(
    figure: Figure,
    words: FigureWords | None,
    code: str,
    default: str,
    areas: Mapping[str, Area],
) -> Figure:
    own = words.figures.get(figure.key, {}) if words else {}
    return dataclasses.replace(
        figure,
        display=localized_display(figure, words, code, default),
        label=own.get("label", figure.label),
        note=own.get("note", figure.note),
        area=None if figure.area is None else areas[figure.area.key],
    )


def localized_display(figure: Figure, words: FigureWords | None, code: str, default: str) -> str:
    """A figure's display in language `code`: its number in that language's format, else the
    words the language gives, else figures.yaml's."""
    number = read_number_display(figure.display, default)
    if number is not None:
        return format_number_display(number, code)
    own = words.figures.get(figure.key, {}) if words else {}
    return own.get("display", figure.display)
