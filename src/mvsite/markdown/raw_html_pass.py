"""Python-Markdown's raw-HTML postprocessor, which puts the stashed HTML (code blocks, raw
HTML) back in place of its placeholders, with the stock output at less cost.

The stock one substitutes `<p>PLACEHOLDER</p>|PLACEHOLDER`: a regex that begins with an
alternation has no literal start for the regex engine to look for, so it is tried at every
position of the page (~10 ns a character, 50 us for 5 KB). Here the engine looks for the
placeholder alone, which starts with a literal (30 times faster), and the `<p>` and `</p>`
around it are checked by hand. A match starts either at a placeholder or at the `<p>` just
before it, which is where the stock regex finds its leftmost matches.
"""

from __future__ import annotations

import re

import markdown
from markdown import util
from markdown.postprocessors import RawHtmlPostprocessor

_PLACEHOLDER = re.compile(util.HTML_PLACEHOLDER % r"([0-9]+)")


def install_raw_html(md: markdown.Markdown) -> None:
    """Put the cheaper postprocessor in place of Python-Markdown's own (only that one)."""
    if "raw_html" in md.postprocessors:
        item = md.postprocessors["raw_html"]
        if type(item) is RawHtmlPostprocessor:
            md.postprocessors.register(FastRawHtmlPostprocessor(md), "raw_html", 30)


class FastRawHtmlPostprocessor(RawHtmlPostprocessor):
    """`RawHtmlPostprocessor`'s output, with its placeholders found as this module says."""

    def run(self, text: str) -> str:
        if not self.md.htmlStash.html_counter:
            return text
        return self._restore(text)

    def _restore(self, text: str) -> str:
        """`pattern.sub(substitute_match, text)` of the stock `run`."""
        if util.STX not in text:
            return text
        parts: list[str] = []
        pos = 0
        while (found := _PLACEHOLDER.search(text, pos)) is not None:
            start, end = found.span()
            wrapped = (
                start - 3 >= pos
                and text.startswith("<p>", start - 3)
                and text.startswith("</p>", end)
            )
            if wrapped:
                start, end = start - 3, end + 4
            parts += (text[pos:start], self._html(text[start:end], int(found[1]), wrapped))
            pos = end
        if not parts:
            return text
        parts.append(text[pos:])
        return "".join(parts)

    def _html(self, matched: str, key: int, wrapped: bool) -> str:
        """The stock `substitute_match`: what replaces one placeholder (`matched`)."""
        if key >= self.md.htmlStash.html_counter:
            return matched
        block = self.md.htmlStash.rawHtmlBlocks[key]
        html = self.stash_to_string(block)  # type: ignore[arg-type]  # as stock calls it
        if not wrapped or self.isblocklevel(html):
            return self._restore(html)
        return self._restore(f"<p>{html}</p>")
