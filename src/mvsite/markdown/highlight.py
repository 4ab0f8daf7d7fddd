"""Code blocks coloured by Pygments when the site is built: no JavaScript in the reader's
browser. The classes are Pygments' short ones (`k`, `s2`, `c1`); the theme's CSS colours them."""

from __future__ import annotations

from typing import Any

from markdown.extensions.codehilite import CodeHiliteExtension
from pygments.formatters import HtmlFormatter  # type: ignore[import-untyped]  # no stubs

_MOST_FORMATTERS = 64  # sets of options: one per site in practice, more with hl_lines


class HighlightExtension(CodeHiliteExtension):
    """codehilite with a fence's language as written, never guessed (a guess is slow, and
    wrong often enough to colour prose as code), and each formatter made once."""

    def __init__(self, **kwargs: Any) -> None:
        defaults = {"guess_lang": False, "pygments_formatter": Formatters()}
        super().__init__(**{**defaults, **kwargs})


class Formatters:
    """Pygments' HTML formatter for a set of options, made once and reused: making one builds
    its style's inline-style table (a third of a code block's time), which pages coloured by
    class never use. Called as codehilite calls a formatter class."""

    def __init__(self) -> None:
        self._made: dict[str, Any] = {}

    def __call__(self, lang_str: str = "", **options: Any) -> Any:
        # lang_str is for custom formatters; the built-in one ignores it, as codehilite's
        # default (by name) is never given it.
        key = repr(sorted(options.items()))
        made = self._made.get(key)
        if made is None:
            if len(self._made) >= _MOST_FORMATTERS:
                self._made.clear()
            made = self._made[key] = HtmlFormatter(**options)
        return made
