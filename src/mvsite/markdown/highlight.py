"""Code blocks coloured by Pygments when the site is built: no JavaScript in the reader's
browser. The classes are Pygments' short ones (`k`, `s2`, `c1`); the theme's CSS colours them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pygments  # type: ignore[import-untyped]  # no stubs
from markdown.extensions.codehilite import CodeHilite, CodeHiliteExtension
from pygments.formatters import HtmlFormatter  # type: ignore[import-untyped]
from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped]

from mvsite.markdown.code_html import plain_block_html
from mvsite.markdown.fast_lexing import faster

_MOST_FORMATTERS = 64  # sets of options: one per site in practice, more with hl_lines
_MOST_LEXERS = 64  # languages of one converter's code blocks: a handful in practice
# What colouring any code block imports, whatever its language: imported by the build's
# process before its workers fork (build/page_stage.py), not once by each worker.
PYGMENTS_MODULES = (
    "pygments.lexer",
    "pygments.lexers.special",
    "pygments.regexopt",
    "pygments.styles.default",
    "pygments.unistring",
)


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


def code_blocks(config: Mapping[str, Any]) -> CodeBlocks | None:
    """Fenced code without options coloured as codehilite colours it with `config` (a
    CodeHiliteExtension's); None if that guesses languages, does without Pygments or names
    its formatter (HighlightExtension does none of these)."""
    options = dict(config)
    style = options.pop("pygments_style", "default")
    made = CodeHilite("", lang=None, style=style, **options)  # codehilite's reading of them
    if made.guess_lang or not made.use_pygments or not callable(made.pygments_formatter):
        return None
    return CodeBlocks(made.options, made.lang_prefix, made.pygments_formatter)


class CodeBlocks:
    """Code blocks coloured by Pygments, each language's lexer made once (see code_blocks).

    codehilite looks the lexer up by name for every block and makes it anew, a sixth of a
    block's time; a lexer keeps no state from one text to the next. Each lexer lexes as
    fast_lexing makes it, the same tokens; with codehilite's default options, code_html
    writes the formatter's HTML.
    """

    def __init__(self, options: dict[str, Any], prefix: str, formatter: Any) -> None:
        self._options = options  # for the lexer and the formatter, as codehilite passes them
        self._prefix = prefix
        self._formatter = formatter
        self._lexers: dict[str | None, Any] = {}
        self._plain = plain_block_html(options)

    def html(self, code: str, lang: str | None) -> str:
        """The block's HTML, as `CodeHilite(code, lang=lang, ...).hilite(shebang=False)`."""
        lexer = self._lexer(lang)
        if self._plain is not None:
            return self._plain.html(lexer.get_tokens(code.strip("\n")))
        shown = lang or lexer.aliases[0]
        formatter = self._formatter(lang_str=f"{self._prefix}{shown}", **self._options)
        return pygments.highlight(code.strip("\n"), lexer, formatter)  # type: ignore[no-any-return]

    def _lexer(self, lang: str | None) -> Any:
        lexer = self._lexers.get(lang)
        if lexer is None:
            try:
                lexer = get_lexer_by_name(lang, **self._options)
            except ValueError:  # no such language (or none): plain text, as codehilite does
                lexer = get_lexer_by_name("text", **self._options)
            if len(self._lexers) >= _MOST_LEXERS:
                self._lexers.clear()
            self._lexers[lang] = lexer = faster(lexer)
        return lexer
