"""mvsite.check.translation_table: counts per language, pages by languages, JSON."""

from __future__ import annotations

from pathlib import Path

from mvsite.check.translation_table import language_counts, page_table, statuses_json
from mvsite.check.translations import TranslationStatus
from mvsite.sources.languages import Language
from mvsite.sources.translation_digest import Recorded

LANGUAGES = (
    Language("en", "English", ""),
    Language("da", "Dansk", "da"),
    Language("sv", "Svenska", "sv"),
)
NONE = Recorded(None, None)
STATUSES = (
    TranslationStatus("a.md", "da", "ok", "a.da.md", Recorded("1", 3), "1"),
    TranslationStatus("a.md", "sv", "outdated", "a.sv.md", Recorded("0", 4), "1"),
    TranslationStatus("research/b.md", "da", "fallback", "research/b.da.md", NONE, "2"),
    TranslationStatus("research/b.md", "sv", "unknown", "research/b.sv.md", NONE, "2"),
)


def test_pages_by_languages() -> None:
    assert page_table(STATUSES, LANGUAGES) == (
        "page           da        sv\n"
        "a.md           ok        outdated\n"
        "research/b.md  fallback  unknown\n"
    )


def test_counts_per_language_with_theme_strings() -> None:
    assert language_counts(STATUSES, LANGUAGES, {"sv": 3}) == (
        "translations  ok  outdated  unknown  draft  fallback  missing  orphan  theme strings\n"
        "da (Dansk)    1   0         0        0      1         0        0       0\n"
        "sv (Svenska)  0   1         1        0      0         0        0       3\n"
    )
    assert language_counts((), LANGUAGES[:1], {}) == ""


def test_json() -> None:
    report = statuses_json(STATUSES, LANGUAGES, {}, Path("content"))
    assert report["languages"]["sv"]["outdated"] == 1
    assert report["languages"]["sv"]["theme strings"] == 0
    assert report["pages"][1] == {
        "page": "a.md",
        "language": "sv",
        "state": "outdated",
        "file": "content/a.sv.md",
        "line": 4,
        "recorded": "0",
        "current": "1",
    }
