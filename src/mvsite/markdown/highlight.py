"""Code blocks coloured by Pygments when the site is built: no JavaScript in the reader's
browser. The classes are Pygments' short ones (`k`, `s2`, `c1`); the theme's CSS colours them."""

from __future__ import annotations

from typing import Any

from markdown.extensions.codehilite import CodeHiliteExtension


class HighlightExtension(CodeHiliteExtension):
    """codehilite with a fence's language as written, never guessed (a guess is slow, and
    wrong often enough to colour prose as code)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**{"guess_lang": False, **kwargs})
