"""The social cards' font, shipped in fonts/ (DejaVu Sans cut to the Latin and Greek letters
and the punctuation a title needs: fonts/README says how), and what of a text it can draw.

Pillow's own font (Aileron) has ASCII alone: every 'æ', 'ø' and 'å' was an empty box.
A character no font here has (an emoji, Chinese) is left out of the card rather than drawn
as that box, and the build warns of it (build/card_files.py).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

FONT_FILE = Path(__file__).parent / "fonts" / "DejaVuSans-cards.ttf"
FONT_NAME = "DejaVu Sans"
NOWHERE = "\U0010fffd"  # a private-use character no font maps: it draws the missing-glyph box
_PROBE_SIZE = 32
_INVISIBLE = ("Cc", "Cf")  # controls and format characters (zero-width joiners, bidi marks)


def card_font(size: int) -> FreeTypeFont:
    """The cards' font at `size` pixels."""
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT_FILE), size)  # (Pillow 10.1 took no Path)


def layout_engine() -> str:
    """The text layout Pillow draws with here: 'raqm' (kerned) where libraqm loads, else
    'basic'. A card's bytes depend on it."""
    from PIL import features

    return "raqm" if features.check_feature("raqm") else "basic"


def missing_glyphs(texts: Iterable[str]) -> frozenset[str]:
    """The characters of `texts` (composed, as card_text draws them) that the font has no
    glyph for: those it draws as its missing-glyph box."""
    font = card_font(_PROBE_SIZE)
    box = _drawn(font, NOWHERE)
    seen = {c for text in texts for c in _composed(text) if not _is_blank(c)}
    return frozenset(c for c in seen if _drawn(font, c) == box)


def card_text(text: str, missing: frozenset[str]) -> str:
    """What a card draws of `text`: composed (NFC: a title written in decomposed form, as
    macOS file names are, draws 'å' and not 'a' and a ring), without invisible characters
    or those in `missing`, its white space (tabs, line breaks too) one space."""
    kept = (
        " " if c.isspace() else c
        for c in _composed(text)
        if c.isspace() or not (_is_blank(c) or c in missing)
    )
    return " ".join("".join(kept).split())


def left_out(text: str, missing: frozenset[str]) -> list[str]:
    """The characters of `text` that a card leaves out, each once, in the order they come."""
    return [c for c in dict.fromkeys(_composed(text)) if c in missing]


def _composed(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _is_blank(char: str) -> bool:
    """Drawn as nothing in any font: white space, a control, a format character (a soft
    hyphen, a zero-width joiner) or a variation selector (the U+FE0F after an emoji)."""
    return (
        char.isspace() or unicodedata.category(char) in _INVISIBLE or "\ufe00" <= char <= "\ufe0f"
    )


def _drawn(font: FreeTypeFont, char: str) -> tuple[tuple[int, int], bytes]:
    """`char` drawn alone: its size and coverage."""
    mask = font.getmask(char)
    return mask.size, bytes(mask)
