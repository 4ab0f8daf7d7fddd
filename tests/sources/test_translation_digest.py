"""mvsite.sources.translation_digest: what a translator translates, and its recorded digest."""

from __future__ import annotations

from pathlib import Path

import pytest

from mvsite.errors import SiteError
from mvsite.sources.translation_digest import (
    Recorded,
    recorded_digest,
    translated_parts,
    translation_digest,
    with_front_matter_line,
    with_recorded_digest,
)

SHOWN = Path("content/research/cancer.md")
PAGE = "---\ntitle: Cancer\ndescription: Trials.\nweight: 1\ndate: 2026-01-01\n---\n\nText.\n"


def digest_of(text: str) -> str:
    return translation_digest(text, SHOWN)


def test_title_description_and_body_are_what_is_translated() -> None:
    assert translated_parts(PAGE, SHOWN).title == "Cancer"
    assert translated_parts(PAGE, SHOWN).description == "Trials."
    assert translated_parts(PAGE, SHOWN).body == "Text."
    assert len(digest_of(PAGE)) == 16
    assert digest_of(PAGE.replace("Cancer", "Tumours")) != digest_of(PAGE)
    assert digest_of(PAGE.replace("Trials.", "Studies.")) != digest_of(PAGE)
    assert digest_of(PAGE.replace("Text.", "Other text.")) != digest_of(PAGE)


def test_order_dates_slug_and_trailing_spaces_do_not_count() -> None:
    same = (
        PAGE.replace("weight: 1", "weight: 5\nslug: x").replace("2026-01-01", "2026-02-02"),
        PAGE.replace("Text.\n", "Text.   \n\n\n"),
        PAGE.replace("\n", "\r\n"),
    )
    assert {digest_of(text) for text in same} == {digest_of(PAGE)}


def test_a_front_matter_the_build_refuses_is_refused_here_too() -> None:
    """Two `translation_of` lines: recording would rewrite the first, and YAML keeps the
    last, so the page would stay outdated however often it was recorded."""
    twice = PAGE.replace("weight: 1", "translation_of: a\ntranslation_of: b")
    with pytest.raises(SiteError, match="duplicate key 'translation_of'"):
        recorded_digest(twice, SHOWN)
    with pytest.raises(SiteError, match="looks like a date"):
        digest_of(PAGE.replace("2026-01-01", "2026-13-01"))


def test_a_page_without_front_matter_has_a_digest() -> None:
    assert translated_parts("# Cancer\n\nText.\n", SHOWN).title == ""
    assert digest_of("Text.\n") == digest_of("---\n---\nText.\n")


def test_the_recorded_digest_and_its_line() -> None:
    text = with_recorded_digest(PAGE, "0123456789012345", SHOWN)
    assert text == PAGE.replace("---\n\n", 'translation_of: "0123456789012345"\n---\n\n')
    # quoted, the digits stay text (unquoted, YAML would read an octal number)
    assert recorded_digest(text, SHOWN) == Recorded("0123456789012345", 6)
    assert recorded_digest(PAGE, SHOWN) == Recorded(None, None)
    assert recorded_digest("no front matter\n", SHOWN) == Recorded(None, None)


def test_recording_again_rewrites_only_that_line() -> None:
    first = with_recorded_digest(PAGE.replace("\n", "\r\n"), "aaaa", SHOWN)
    again = with_recorded_digest(first, "bbbb", SHOWN)
    assert again == first.replace('"aaaa"', '"bbbb"')
    assert again.count("\r\n") == first.count("\r\n")


def test_a_text_without_front_matter_gets_one() -> None:
    assert with_front_matter_line("Text.\n", "draft", "true", SHOWN) == (
        "---\ndraft: true\n---\nText.\n"
    )


def test_a_key_that_only_starts_alike_is_not_rewritten() -> None:
    text = "---\ndrafts_note: x\ndraft: false\n---\n"
    assert with_front_matter_line(text, "draft", "true", SHOWN) == (
        "---\ndrafts_note: x\ndraft: true\n---\n"
    )


def test_a_toml_front_matter_gets_a_toml_line_where_it_is_top_level() -> None:
    text = '+++\ntitle = "Cancer"\n[extra]\nlead = true\n+++\n\nText.\n'
    recorded = with_recorded_digest(text, "0123", SHOWN)
    assert recorded == text.replace("+++\ntitle", '+++\ntranslation_of = "0123"\ntitle')
    assert recorded_digest(recorded, SHOWN) == Recorded("0123", 2)
    assert with_recorded_digest(recorded, "4567", SHOWN) == recorded.replace("0123", "4567")


@pytest.mark.parametrize(
    "front",
    [
        "[params]\ndraft = false",  # a table's key of the same name
        'description = """\ndraft = no\n[see below]\n"""',  # lines of a multi-line string
        'tags = [\n  ["a", 1],\n]',  # a nested list's line that starts with [
    ],
)
def test_a_toml_key_is_set_at_the_top_level_whatever_looks_like_it(front: str) -> None:
    text = f'+++\ntitle = "A"\n{front}\n+++\nText\n'
    changed = with_front_matter_line(text, "draft", "true", SHOWN)
    assert changed == text.replace("+++\ntitle", "+++\ndraft = true\ntitle")
    again = with_front_matter_line(changed, "draft", "false", SHOWN)
    assert again == text.replace("+++\ntitle", "+++\ndraft = false\ntitle")


@pytest.mark.parametrize("front", ['"draft" = false', "x = nan"])
def test_a_toml_key_written_in_quotes_or_beside_a_nan_is_set(front: str) -> None:
    text = f'+++\ntitle = "A"\n{front}\n+++\nText\n'
    changed = with_front_matter_line(text, "draft", "true", SHOWN)
    assert "draft = true" in changed and changed.count("draft") == 1
