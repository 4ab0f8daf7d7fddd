"""Translation statuses as people and tools read them: a count per language (`mvsite
check`), a table of pages by languages (`mvsite translations`), and JSON."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from mvsite.check.translations import STATES, TranslationStatus, counts
from mvsite.sources.languages import Language

UNTRANSLATED_THEME = "theme strings"  # the column of theme strings without a translation


def language_counts(
    statuses: tuple[TranslationStatus, ...],
    languages: tuple[Language, ...],
    theme_gaps: Mapping[str, int],
) -> str:
    """One row per language but the default: how many pages are in each state, and how many
    theme strings it lacks. Empty for a site of one language."""
    if len(languages) < 2:
        return ""
    header = ["translations", *STATES, UNTRANSLATED_THEME]
    rows = [
        [
            f"{language.code} ({language.name})",
            *(str(n) for n in counts(statuses, language.code).values()),
            str(theme_gaps.get(language.code, 0)),
        ]
        for language in languages[1:]
    ]
    return _table([header, *rows])


def page_table(statuses: tuple[TranslationStatus, ...], languages: tuple[Language, ...]) -> str:
    """Pages by languages: each cell the state of that page in that language."""
    codes = [language.code for language in languages[1:]]
    by_page: dict[str, dict[str, str]] = {}
    for status in statuses:
        by_page.setdefault(status.key, {})[status.code] = status.state
    rows = [[key, *(cells.get(code, "") for code in codes)] for key, cells in by_page.items()]
    return _table([["page", *codes], *rows])


def statuses_json(
    statuses: tuple[TranslationStatus, ...],
    languages: tuple[Language, ...],
    theme_gaps: Mapping[str, int],
    content: Path,
) -> dict[str, Any]:
    """{languages: {code: {state: count, 'theme strings': n}}, pages: [{page, language,
    state, file, line, recorded, current}]}; `file` as messages name it, under `content`."""
    return {
        "languages": {
            language.code: {
                **counts(statuses, language.code),
                "theme strings": theme_gaps.get(language.code, 0),
            }
            for language in languages[1:]
        },
        "pages": [
            {
                "page": status.key,
                "language": status.code,
                "state": status.state,
                "file": (content / status.rel).as_posix(),
                "line": status.recorded.line,
                "recorded": status.recorded.digest,
                "current": status.current,
            }
            for status in statuses
        ],
    }


def _table(rows: Sequence[Sequence[str]]) -> str:
    """Rows as columns, each as wide as its widest cell."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    return "\n".join(lines) + "\n"
