"""Each page's social card (config social_cards): kept from the last build, or drawn again."""

from __future__ import annotations

from pathlib import Path

from mvsite.build.output_claims import OutputClaims
from mvsite.build.plan import Reusable, is_current_output
from mvsite.build.pool import WorkerPool
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
