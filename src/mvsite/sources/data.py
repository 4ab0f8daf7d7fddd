"""Data YAML under content/_data -> validated values; `figures.yaml` -> typed Figures, and
`figures.<code>.yaml` -> the figures in each language (figure_words.py)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mvsite.errors import SiteError
from mvsite.sources.figure_keys import check_figure_keys
from mvsite.sources.figure_words import FigureWords, localized_figures, parse_figure_words
from mvsite.sources.languages import LANGUAGE_CODE, Language, unknown_code_in_name
from mvsite.sources.strict_yaml import YamlDoc, parse_yaml
from mvsite.sources.textfile import read_source_text
from mvsite.sources.yaml_values import (
    check_known_keys,
    read_date,
    read_mapping,
    read_number,
    read_text,
)

FIGURES_FILE = "figures"
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    publisher: str
    retrieved: dt.date
    url: str | None
    retrieved_line: int = 0


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    page: str | None  # source path of the area's page, relative to content/
    line: int
    summary: str = ""  # one sentence for cards and lists
    page_line: int = 0  # the line of its `page:` (0: none)


@dataclass(frozen=True)
class Figure:
    key: str
    value: int | float
    display: str
    unit: str
    label: str
    area: Area | None
    source: Source
    as_of: dt.date
    note: str
    line: int
    # each key's line (value, as_of...), for warnings at them
    lines: Mapping[str, int] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Figures:
    path: Path
    sources: Mapping[str, Source]
    areas: Mapping[str, Area]
    items: Mapping[str, Figure]  # in file order
    line: int = 1  # the line of 'figures:'

    def by_area(self, area: str) -> tuple[Figure, ...]:
        return tuple(f for f in self.items.values() if f.area and f.area.key == area)

    def by_unit(self, unit: str) -> tuple[Figure, ...]:
        return tuple(f for f in self.items.values() if f.unit == unit)


@dataclass(frozen=True)
class SiteData:
    values: Mapping[str, Any]  # file stem -> parsed YAML, for templates
    figures: Figures | None  # in the default language
    localized: Mapping[str, Figures] = field(default_factory=dict)  # other languages' code ->

    def figures_in(self, code: str) -> Figures | None:
        """The figures in language `code` (in the default language for the default code)."""
        return self.localized.get(code, self.figures)


def load_data(
    content_dir: Path,
    rels: tuple[str, ...],
    site_root: Path,
    languages: tuple[Language, ...],
    pages: tuple[str, ...] = (),
) -> SiteData:
    """Every YAML file under content/_data -> SiteData (figures.yaml validated, and the
    figures in each of the site's languages). `pages`: the Markdown sources, which may cite
    a figure that figures.yaml lacks (read only then: figure_keys.py)."""
    values: dict[str, Any] = {}
    words: dict[str, YamlDoc] = {}  # language code -> its figures file
    for rel in rels:
        src = content_dir / rel
        shown = src.relative_to(site_root)
        doc = parse_yaml(read_source_text(src, shown), shown)
        name = Path(rel).stem if rel.count("/") == 1 else rel.split("/", 1)[1].rsplit(".", 1)[0]
        code = _words_code(name, shown, languages)
        if code is not None:
            words[code] = doc
        elif name in values:
            raise SiteError(f"two data files are named '{name}'", shown, None, "rename one")
        else:
            values[name] = parse_figures(doc) if name == FIGURES_FILE else doc.value
    figures: Figures | None = values.get(FIGURES_FILE)
    if figures is not None:
        check_figure_keys(figures, words, content_dir, pages)
    return SiteData(values, figures, _localized(figures, words, languages))


def _words_code(name: str, shown: Path, languages: tuple[Language, ...]) -> str | None:
    """'figures.da' -> 'da', the language of a figures file's words; None for other files.
    As in page names, a site of one language reads no codes."""
    stem, _, code = name.partition(".")
    if stem != FIGURES_FILE or len(languages) < 2 or not LANGUAGE_CODE.fullmatch(code):
        return None
    known = [language.code for language in languages]
    if code == known[0]:
        raise SiteError(
            f"'{code}' is the site's default language: its words are in figures.yaml",
            shown,
            None,
            "move them into figures.yaml and remove this file",
        )
    if code not in known:
        raise unknown_code_in_name(code, languages, shown)
    return code


def _localized(
    figures: Figures | None, words: Mapping[str, YamlDoc], languages: tuple[Language, ...]
) -> dict[str, Figures]:
    """Each language but the default -> the figures in it."""
    if figures is None:
        for doc in words.values():
            raise SiteError(
                "the figures' words have no figures.yaml to go with",
                doc.path,
                None,
                "add content/_data/figures.yaml, which gives the figures in the default language",
            )
        return {}
    default = languages[0].code
    parsed: dict[str, FigureWords] = {
        code: parse_figure_words(doc, code, figures, default) for code, doc in words.items()
    }
    return {
        language.code: localized_figures(figures, parsed.get(language.code), language.code, default)
        for language in languages[1:]
    }


def parse_figures(doc: YamlDoc) -> Figures:
    top = read_mapping(doc, (), doc.value)
    check_known_keys(doc, (), top, {"sources", "areas", "figures"})
    sources = {
        key: _source(doc, key, value)
        for key, value in _keyed(doc, "sources", top.get("sources")).items()
    }
    areas = {
        key: _area(doc, key, value) for key, value in _keyed(doc, "areas", top.get("areas")).items()
    }
    items = {
        key: _figure(doc, key, value, sources, areas)
        for key, value in _keyed(doc, "figures", top.get("figures")).items()
    }
    return Figures(doc.path, sources, areas, items, doc.line_of(("figures",)) or 1)


def _keyed(doc: YamlDoc, name: str, value: Any) -> dict[str, dict[str, Any]]:
    mapping = read_mapping(doc, (name,), value)
    entries = {}
    for key, entry in mapping.items():
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise doc.error(
                (name, key),
                f"'{key}' is not a valid key in '{name}'",
                "use lowercase letters, digits and hyphens, e.g. cancer-compounds",
            )
        entries[key] = read_mapping(doc, (name, key), entry)  # an empty entry: {}
    return entries


def _require(doc: YamlDoc, where: tuple[str, str], entry: Mapping[str, Any], key: str) -> Any:
    if entry.get(key) is None:
        raise doc.error(where, f"'{'.'.join(where)}' is missing '{key}'", f"add '{key}: ...'")
    return entry[key]


def _source(doc: YamlDoc, key: str, entry: dict[str, Any]) -> Source:
    where = ("sources", key)
    check_known_keys(doc, where, entry, {"title", "publisher", "retrieved", "url"})
    url = entry.get("url")
    return Source(
        key,
        read_text(doc, (*where, "title"), _require(doc, where, entry, "title")),
        read_text(doc, (*where, "publisher"), _require(doc, where, entry, "publisher")),
        read_date(doc, (*where, "retrieved"), _require(doc, where, entry, "retrieved")),
        None if url is None else _web_url(doc, (*where, "url"), url),
        doc.line_of((*where, "retrieved")) or 1,
    )


def _web_url(doc: YamlDoc, key: tuple[str, ...], value: Any) -> str:
    """A source's address: templates put it in href, so a javascript: URL must not pass."""
    url = read_text(doc, key, value)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise doc.error(
            key,
            f"'{'.'.join(key)}' must be an http(s) address (got {url!r})",
            "write the full address, e.g. https://example.org/report",
        )
    return url


def _area(doc: YamlDoc, key: str, entry: dict[str, Any]) -> Area:
    where = ("areas", key)
    check_known_keys(doc, where, entry, {"title", "page", "summary"})
    page = entry.get("page")
    summary = entry.get("summary")
    return Area(
        key,
        read_text(doc, (*where, "title"), _require(doc, where, entry, "title")),
        None if page is None else read_text(doc, (*where, "page"), page),
        doc.line_of(where) or 1,
        "" if summary is None else read_text(doc, (*where, "summary"), summary),
        doc.line_of((*where, "page")) or 0,
    )


_FIGURE_KEYS = {"value", "display", "unit", "label", "area", "source", "as_of", "note"}


def _figure(
    doc: YamlDoc,
    key: str,
    entry: dict[str, Any],
    sources: Mapping[str, Source],
    areas: Mapping[str, Area],
) -> Figure:
    where = ("figures", key)
    check_known_keys(doc, where, entry, _FIGURE_KEYS)
    source_key = read_text(doc, (*where, "source"), _require(doc, where, entry, "source"))
    if source_key not in sources:
        raise doc.error(
            (*where, "source"),
            f"unknown source '{source_key}'",
            "sources: " + ", ".join(sorted(sources)),
        )
    area_key = entry.get("area")
    if area_key is not None:
        area_key = read_text(doc, (*where, "area"), area_key)
        if area_key not in areas:
            raise doc.error(
                (*where, "area"),
                f"unknown research area '{area_key}'",
                "areas: " + ", ".join(sorted(areas)),
            )
    note = entry.get("note")
    return Figure(
        key=key,
        value=read_number(doc, (*where, "value"), _require(doc, where, entry, "value")),
        display=read_text(doc, (*where, "display"), _require(doc, where, entry, "display")),
        unit=read_text(doc, (*where, "unit"), _require(doc, where, entry, "unit")),
        label=read_text(doc, (*where, "label"), _require(doc, where, entry, "label")),
        area=areas[area_key] if area_key else None,
        source=sources[source_key],
        as_of=read_date(doc, (*where, "as_of"), _require(doc, where, entry, "as_of")),
        note="" if note is None else read_text(doc, (*where, "note"), note),
        line=doc.line_of(where) or 1,
        lines={str(k): doc.line_of((*where, k)) or 1 for k in entry},
    )
