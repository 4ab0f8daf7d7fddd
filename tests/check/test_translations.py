"""mvsite.check.translations: every page in every language: ok, outdated, unknown, draft,
fallback, missing, orphan."""

from __future__ import annotations

from pathlib import Path

from mvsite.check.translations import (
    TranslationStatus,
    counts,
    read_facts,
    translation_statuses,
)
from mvsite.sources.languages import Language
from mvsite.sources.translation_digest import (
    Recorded,
    SourceFacts,
    translation_digest,
    with_recorded_digest,
)

LANGUAGES = (
    Language("en", "English", ""),
    Language("da", "Dansk", "da"),
    Language("sv", "Svenska", "sv"),
)
CONTENT = Path("content")
CANCER = "---\ntitle: Cancer\n---\nTrials.\n"
NOW = translation_digest(CANCER, CONTENT / "cancer.md")


def translation(digest: str | None, extra: str = "") -> str:
    text = f"---\ntitle: Kræft\n{extra}---\nForsøg.\n"
    return text if digest is None else with_recorded_digest(text, digest, CONTENT)


def states(texts: dict[str, str], untranslated: str = "notice") -> dict[tuple[str, str], str]:
    found = translation_statuses(_facts(texts), LANGUAGES, untranslated, CONTENT)
    return {(s.key, s.code): s.state for s in found}


def test_each_state() -> None:
    texts = {
        "cancer.md": CANCER,
        "cancer.da.md": translation(NOW),
        "cancer.sv.md": translation("0000000000000000"),
        "about.md": "About.\n",
        "about.da.md": translation(None),
        "about.sv.md": translation(NOW, "draft: true\n"),
        "_index.md": "Home.\n",
        "gone.da.md": translation(NOW),
    }
    assert states(texts) == {
        ("_index.md", "da"): "fallback",
        ("_index.md", "sv"): "fallback",
        ("about.md", "da"): "unknown",
        ("about.md", "sv"): "draft",
        ("cancer.md", "da"): "ok",
        ("cancer.md", "sv"): "outdated",
        ("gone.md", "da"): "orphan",
    }
    assert states(texts, "original")[("_index.md", "da")] == "missing"


def test_a_status_names_its_file_and_the_recorded_line() -> None:
    texts = {"cancer.md": CANCER, "cancer.sv.md": translation("0000000000000000")}
    found = translation_statuses(_facts(texts), LANGUAGES, "notice", CONTENT)
    assert found == (
        TranslationStatus("cancer.md", "da", "fallback", "cancer.da.md", Recorded(None, None), NOW),
        TranslationStatus(
            "cancer.md", "sv", "outdated", "cancer.sv.md", Recorded("0000000000000000", 3), NOW
        ),
    )
    assert counts(found, "sv") == {
        "ok": 0,
        "outdated": 1,
        "unknown": 0,
        "draft": 0,
        "fallback": 0,
        "missing": 0,
        "orphan": 0,
    }


def test_a_site_of_one_language_has_no_statuses() -> None:
    assert (
        translation_statuses(_facts({"cancer.md": CANCER}), LANGUAGES[:1], "notice", CONTENT) == ()
    )


def test_a_page_that_cannot_be_read_is_left_out_and_the_others_counted() -> None:
    texts = {
        "cancer.md": CANCER,
        "cancer.da.md": translation("0000000000000000"),
        "broken.md": "---\ntitle: B\ndate: 2024-13-45\n---\nText.\n",
        "broken.da.md": translation("0000000000000000"),
    }
    facts, problems = read_facts(texts, CONTENT)
    assert [str(p).splitlines()[0] for p in problems] == [
        "content/broken.md:3: '2024-13-45' looks like a date but is not one"
        " (month must be in 1..12)"
    ]
    found = translation_statuses(facts, LANGUAGES, "notice", CONTENT, {"broken.md"})
    assert [(s.rel, s.state) for s in found] == [
        ("cancer.da.md", "outdated"),
        ("cancer.sv.md", "fallback"),
    ]


def _facts(texts: dict[str, str]) -> dict[str, SourceFacts]:
    return read_facts(texts, CONTENT)[0]
