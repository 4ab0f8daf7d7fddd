"""Social cards: a page's title and the site's mark -> the 1200x630 PNG its og:image names.

Drawn with Pillow in the font the package ships (card_font.py), so the bytes depend only on
the title, the site's name, the Pillow version and its text layout (which the card's key
includes): two builds make the same file. Pillow is imported only when a card is drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from mvsite.render.card_font import card_font, card_text, layout_engine, missing_glyphs
from mvsite.sources.digest import digest

if TYPE_CHECKING:
    from PIL import ImageDraw

CARD_NAME = "social-card.png"
WIDTH, HEIGHT = 1200, 630
_VERSION = "2"  # of the drawing below: a change here must change every card's key
_MARGIN = 96
_BACKGROUND = (0x0B, 0x4F, 0x5C)  # the site's brand colour
_INK = (0xFF, 0xFF, 0xFF)
_TITLE_SIZES = (84, 72, 60)  # the largest that fits the title in three lines


def card_path(url: str) -> str:
    """A page's URL (without the base path) -> its card's output path: '/a/b/' -> 'a/b/...'."""
    return url.lstrip("/") + CARD_NAME


def card_key(title: str, site_title: str) -> str:
    """What a card's bytes depend on."""
    from PIL import __version__ as pillow

    return digest("card", _VERSION, pillow, layout_engine(), title, site_title)


def render_cards(cards: Sequence[tuple[str, str]]) -> list[bytes]:
    """[(title, site title), ...] -> their PNGs (a batch for a worker process)."""
    return [render_card(title, site_title) for title, site_title in cards]


def render_card(title: str, site_title: str) -> bytes:
    """A page's title and the site's name -> a 1200x630 PNG with the site's mark."""
    import io

    from PIL import Image, ImageDraw

    missing = missing_glyphs((title, site_title))
    title, site_title = card_text(title, missing), card_text(site_title, missing)
    # Drawn as coverage (0: background, 255: ink) and saved as a palette image whose 256
    # colours run from background to ink: anti-aliased like RGB, a third of the bytes to
    # compress, which is most of a card's time.
    mask = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(mask)
    _draw_mark(draw, _MARGIN, 80, 96)
    name_font = card_font(44)
    draw.text((_MARGIN + 124, 128), site_title, font=name_font, fill=230, anchor="lm")
    size, lines = _fit_title(title, WIDTH - 2 * _MARGIN)
    font = card_font(size)
    top = 250
    for index, line in enumerate(lines):
        draw.text((_MARGIN, top + index * round(size * 1.18)), line, font=font, fill=255)
    draw.rectangle((0, HEIGHT - 24, WIDTH, HEIGHT), fill=255)
    card = Image.frombuffer("P", mask.size, mask.tobytes(), "raw", "P", 0, 1)
    card.putpalette(_palette())
    out = io.BytesIO()
    card.save(out, "PNG", compress_level=6)
    return out.getvalue()


def _draw_mark(draw: ImageDraw.ImageDraw, left: int, top: int, size: int) -> None:
    """The header's mark (favicon.svg: a rounded square with an M), scaled from 32 px."""
    scale = size / 32

    def at(x: float, y: float) -> tuple[float, float]:
        return left + x * scale, top + y * scale

    draw.rounded_rectangle((*at(0, 0), *at(32, 32)), radius=round(7 * scale), fill=255)
    points = [at(7, 23), at(7, 9), at(12, 17), at(16, 11), at(20, 17), at(25, 9), at(25, 23)]
    draw.line(points, fill=0, width=round(2.6 * scale), joint="curve")
    for x, y in (points[0], points[-1]):  # round caps, as the SVG's
        radius = 1.3 * scale
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=0)


def _fit_title(title: str, width: int) -> tuple[int, list[str]]:
    """The largest of _TITLE_SIZES at which `title` wraps into three lines, and the lines
    (at the smallest size, what does not fit ends with an ellipsis)."""
    for size in _TITLE_SIZES:
        font = card_font(size)
        lines = _wrap(title, font.getlength, width)
        if len(lines) <= 3:
            return size, lines
    lines = lines[:3]
    while lines[2] and font.getlength(lines[2] + "…") > width:
        lines[2] = lines[2][:-1]
    lines[2] = lines[2].rstrip() + "…"
    return _TITLE_SIZES[-1], lines


def _wrap(text: str, length: Callable[[str], float], width: int) -> list[str]:
    """Greedy word wrap of `text` to `width` as measured by `length`."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and length(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def _palette() -> list[int]:
    return [
        round(low + (high - low) * level / 255)
        for level in range(256)
        for low, high in zip(_BACKGROUND, _INK, strict=True)
    ]
