"""The cards' font: shipped with the package, drawing the Latin letters titles are written in."""

from __future__ import annotations

import tomllib
import unicodedata
from fnmatch import fnmatch
from pathlib import Path

from mvsite.render.card_font import (
    FONT_FILE,
    NOWHERE,
    card_font,
    card_text,
    left_out,
    missing_glyphs,
)

ROOT = Path(__file__).parents[2]
LATIN = "".join(map(chr, range(0xA1, 0x250)))  # Latin-1 to Latin Extended-B
TITLES = "Kræft Øresund Åland äö ÆØÅ ÄÖ Łódź Straße ẞ Şi ș ț Ő ű ç œ € “ ” \u2013 — … β-celler"


def test_each_letter_of_a_nordic_title_is_drawn_and_not_the_missing_glyph_box() -> None:
    font = card_font(84)
    box = font.getmask(NOWHERE)
    assert box.getbbox() is not None  # the box is drawn: a missing glyph would match it
    for char in "Kræft Øresund Åland äö".replace(" ", ""):
        mask = font.getmask(char)
        assert (mask.size, bytes(mask)) != (box.size, bytes(box)), char


def test_the_font_has_latin_1_latin_extended_a_and_b_and_the_punctuation_titles_use() -> None:
    drawable = [c for c in LATIN if unicodedata.category(c) not in ("Cc", "Cf", "Cn")]
    assert len(drawable) > 400
    assert missing_glyphs([*drawable, TITLES]) == frozenset()


def test_emoji_and_chinese_are_missing_and_left_out() -> None:
    title = "Birds 🐦 of 東京 ❤️"
    missing = missing_glyphs([title])
    assert missing == frozenset("🐦東京❤")  # the U+FE0F after ❤ is invisible, not missing
    assert card_text(title, missing) == "Birds of"
    assert left_out(title, missing) == ["🐦", "東", "京", "❤"]


def test_a_decomposed_title_is_drawn_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Öresund och Åland")
    assert len(decomposed) == 19
    assert missing_glyphs([decomposed]) == frozenset()
    assert card_text(decomposed, frozenset()) == "Öresund och Åland"


def test_invisible_characters_are_dropped_without_a_word() -> None:
    title = "Soft\u00adware\u200b and\u200d\tspaces\n"
    assert missing_glyphs([title]) == frozenset()
    assert card_text(title, frozenset()) == "Software and spaces"


def test_the_font_and_its_licence_are_package_data() -> None:
    """A fresh install carries them: setuptools' package-data names them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["mvsite"]
    package = ROOT / "src/mvsite"
    for path in (FONT_FILE, FONT_FILE.with_name("LICENSE")):
        assert path.is_file()
        rel = path.relative_to(package).as_posix()
        assert any(fnmatch(rel, pattern) for pattern in patterns), rel
    assert "Bitstream Vera" in FONT_FILE.with_name("LICENSE").read_text()
    assert FONT_FILE.stat().st_size < 100_000  # the full DejaVu Sans is 760 KB
