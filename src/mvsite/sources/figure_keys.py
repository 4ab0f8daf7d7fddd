"""Which file is wrong when a figure key is missing from figures.yaml but named elsewhere.

A key the languages' words files name (figures.da.yaml) and pages cite ([[fig:key]]) is
the site's word for that figure: when figures.yaml lacks it, figures.yaml is what changed (a
key misspelt or an entry removed), and the error is there, not at the first file that names
it, whose did-you-mean would spread figures.yaml's typo to every other file. A key named by
one file alone is that file's mistake (figure_words.py and markdown/figures.py say so).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from mvsite.errors import SiteError
from mvsite.sources.strict_yaml import YamlDoc
from mvsite.sources.textfile import read_source_text

if TYPE_CHECKING:  # data.py's load_data checks the keys, so it imports this module
    from mvsite.sources.data import Figures

FIGURE_PATTERN = r"\[\[fig:([^\]\s]*)\]\]"  # a citation in a page: [[fig:key]]
_CITATION = re.compile(FIGURE_PATTERN)
_PAGES_SHOWN = 3


def check_figure_keys(
    figures: Figures, words: Mapping[str, YamlDoc], content_dir: Path, pages: tuple[str, ...]
) -> None:
    """An error at figures.yaml for a key it lacks that two or more files name (the words
    files, and the pages under `content_dir` at `pages`, read only then)."""
    named = _named_by_words(words)
    missing = [key for key in named if key not in figures.items]
    if not missing:
        return
    cited = _citing_pages(content_dir, pages, set(missing), figures.path)
    for key in missing:
        if len(named[key]) + len(cited.get(key, ())) >= 2:
            raise _missing_figure(key, named, cited, figures)


def _named_by_words(words: Mapping[str, YamlDoc]) -> dict[str, list[str]]:
    """Figure key -> the words files that name it ('figures.da.yaml'), in language order."""
    named: dict[str, list[str]] = {}
    for _, doc in sorted(words.items()):
        section = doc.value.get("figures") if isinstance(doc.value, dict) else None
        for key in section if isinstance(section, dict) else ():
            named.setdefault(str(key), []).append(doc.path.name)
    return named


def _citing_pages(
    content_dir: Path, pages: tuple[str, ...], keys: Collection[str], data_file: Path
) -> dict[str, list[Path]]:
    """Each of `keys` -> the pages that cite it, as messages name them."""
    shown_content = data_file.parent.parent  # content/_data/figures.yaml -> content
    cited: dict[str, list[Path]] = {}
    for rel in sorted(pages):
        text = read_source_text(content_dir / rel, shown_content / rel)
        for key in dict.fromkeys(_CITATION.findall(text)):
            if key in keys:
                cited.setdefault(key, []).append(shown_content / rel)
    return cited


def _missing_figure(
    key: str, named: Mapping[str, list[str]], cited: Mapping[str, list[Path]], figures: Figures
) -> SiteError:
    files, pages = named[key], cited.get(key, [])
    namers = _and([*files, _count(len(pages))] if pages else files)
    unnamed = [k for k in figures.items if k not in named and k not in cited]
    close = difflib.get_close_matches(key, unnamed, n=1, cutoff=0.6)
    if close:
        return SiteError(
            f"'{close[0]}' is not a figure the site names elsewhere, but {namers} name '{key}'",
            figures.path,
            figures.items[close[0]].line,
            f"did you mean '{key}'? Rename it here",
        )
    shown = ", ".join(str(p) for p in pages[:_PAGES_SHOWN]) + (
        ", ..." if len(pages) > _PAGES_SHOWN else ""
    )
    return SiteError(
        f"no figure '{key}' in figures.yaml, though {namers} name it",
        figures.path,
        figures.line,
        f"restore it in figures.yaml, or remove it from {_and(files)}"
        + (f" and the pages that cite it ({shown})" if pages else ""),
    )


def _and(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def _count(pages: int) -> str:
    return "1 page" if pages == 1 else f"{pages} pages"
