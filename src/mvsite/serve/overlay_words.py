"""The preview's error overlay in the language of the page it covers: its few words come
from the site's theme catalogues (the .po files its templates use), English where a
catalogue lacks them. The error itself stays as `mvsite build` prints it."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

from mvsite.errors import SiteError
from mvsite.render.templates import site_catalogues
from mvsite.sources.config import load_config

# What preview_client.js shows, by the name it reads them under.
OVERLAY_STRINGS = {
    "failed": "Build failed: showing the last good build",
    "dismiss": "Dismiss",
    "label": "Build error",
}
_HTML_LANG = re.compile(rb"<html\b[^>]*?\slang=\"([^\"]{1,35})\"", re.IGNORECASE)

WordsFor = Callable[[bytes], str]


def overlay_words(source: Path) -> WordsFor:
    """Page HTML -> the overlay's words in its <html lang>, as an attribute's value (JSON)."""
    try:
        catalogues = site_catalogues(load_config(source.absolute()))
    except SiteError:  # the build reports it; the overlay speaks English meanwhile
        catalogues = None
    made: dict[str, str] = {}

    def words_for(page: bytes) -> str:
        found = _HTML_LANG.search(page[:4096])
        code = found[1].decode("ascii", "replace") if found else ""
        if code not in made:
            gettext = catalogues.of(code).translations.gettext if catalogues else str
            words = {name: gettext(text) for name, text in OVERLAY_STRINGS.items()}
            made[code] = html.escape(json.dumps(words, ensure_ascii=False))
        return made[code]

    return words_for
