"""Each page's social card (config social_cards): kept from the last build, or drawn again;
what the cards leave out of a title."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from mvsite.build.output_claims import OutputClaims
from mvsite.build.plan import Reusable, is_current_output
from mvsite.build.pool import WorkerPool
from mvsite.errors import SiteError
from mvsite.render.card_font import FONT_NAME, left_out, missing_glyphs
from mvsite.render.cards import card_key, card_path, render_cards
from mvsite.sources.config import Config
from mvsite.sources.pages import Page
from mvsite.write.output import OutputFile

_CARDS_PER_BATCH = 25


def claim_cards(
    claims: OutputClaims,
    pages: tuple[Page, ...],
    config: Config,
    last: Reusable,
    pool: WorkerPool | None,
) -> dict[str, str]:
    """Each page's social card: the previous build's file when its key is the same (drawing
    one takes as long as building a page), else drawn, in the workers if there are any; the
    cards' keys."""
    keys: dict[str, str] = {}
    todo: list[tuple[str, Path, tuple[str, str]]] = []
    for page in pages:
        out, key = card_path(page.url), card_key(page.title, config.title)
        keys[out] = key
        if is_current_output(last.cache, last.output, out, key):
            claims.add(out, page.src, OutputFile(keep=True))
        else:
            todo.append((out, page.src, (page.title, config.title)))
    drawn = _draw([card for _, _, card in todo], pool)
    for (out, src, _), png in zip(todo, drawn, strict=True):
        claims.add(out, src, OutputFile(png))
    return keys


def _draw(cards: list[tuple[str, str]], pool: WorkerPool | None) -> list[bytes]:
    """Each (title, site title) card's PNG, in batches (in the workers, if there are any)."""
    batches = [cards[i : i + _CARDS_PER_BATCH] for i in range(0, len(cards), _CARDS_PER_BATCH)]
    if pool is not None and len(batches) > 1:
        return [png for batch in pool.map(render_cards, [(b,) for b in batches]) for png in batch]
    return [png for batch in batches for png in render_cards(batch)]


def card_warnings(pages: tuple[Page, ...], config: Config) -> list[SiteError]:
    """A warning for each title, and the site's, with characters the cards' font has no glyph
    for: its card leaves them out (a box in their place, as Pillow's own font drew 'æ', would
    tell a reader nothing), which whoever wrote the title should know."""
    titles = {(page.src, page.title_line, page.title) for page in pages}
    missing = missing_glyphs([config.title, *(title for _, _, title in titles)])
    if not missing:
        return []
    where = config.lines.get("site_name" if config.from_mkdocs else "title")
    found = [(config.file, where, config.title, "the site's title")]
    found += [(src, line, title, "title") for src, line, title in sorted(titles, key=_place)]
    return [
        _left_out_warning(chars, what, src, line)
        for src, line, title, what in found
        if (chars := left_out(title, missing))
    ]


def _place(title: tuple[Path, int | None, str]) -> tuple[str, int]:
    return title[0].as_posix(), title[1] or 0


def _left_out_warning(chars: list[str], what: str, src: Path | None, line: int | None) -> SiteError:
    named = ", ".join(f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')})" for c in chars)
    return SiteError(
        f"{what} has characters its social card leaves out, as its font ({FONT_NAME}) has"
        f" none: {named}",
        src,
        line,
        "the page itself shows them; the card's font draws Latin and Greek letters and common"
        " punctuation: reword the title if its card must show them",
    )
