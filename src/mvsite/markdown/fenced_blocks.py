"""The fenced code part of the fast path: a fence with no options (a language at most) is
coloured by highlight.CodeBlocks, which makes each language's lexer once; from the first
fence with options on, the stock preprocessor does the rest of the text. A fence is looked
for only at the lines that start with one: the stock search, led by `^`, tries its regex at
every character of the page (~0.05-0.1 ms a page).

It uses FencedBlockPreprocessor's FENCED_BLOCK_RE and the way its `run` replaces a block by
a placeholder, which `install_fenced_blocks` checks are there.
"""

from __future__ import annotations

import re

import markdown
from markdown.extensions.codehilite import CodeHiliteExtension
from markdown.extensions.fenced_code import FencedBlockPreprocessor

from mvsite.markdown.highlight import CodeBlocks, code_blocks
from mvsite.markdown.tree_passes import FastPathUnavailable

_NAME = "fenced_code_block"
_PRIORITY = 25  # fenced_code's own
_GROUPS = frozenset({"attrs", "lang", "hl_lines", "code"})
_FENCE_STARTS = ("```", "~~~")  # FENCED_BLOCK_RE's opening fence begins with one
_FENCE_AFTER_NEWLINE = re.compile(r"\n(?:```|~~~)")


def install_fenced_blocks(md: markdown.Markdown) -> None:
    """Put FencedBlocks in place of fenced_code's preprocessor, if `md` has it."""
    if _NAME not in md.preprocessors:
        return
    stock = md.preprocessors[_NAME]
    if type(stock) is not FencedBlockPreprocessor:
        raise FastPathUnavailable(f"the '{_NAME}' preprocessor is not Python-Markdown's own")
    regex = getattr(stock, "FENCED_BLOCK_RE", None)
    if not _GROUPS.issubset(getattr(regex, "groupindex", ())):
        raise FastPathUnavailable("Python-Markdown's fenced code has no FENCED_BLOCK_RE")
    md.preprocessors.register(FencedBlocks(md, stock.config), _NAME, _PRIORITY)  # type: ignore[attr-defined]


class FencedBlocks(FencedBlockPreprocessor):
    """FencedBlockPreprocessor, colouring a fence without options itself."""

    _blocks: CodeBlocks | None = None
    _looked = False  # for codehilite among the extensions (as the stock run does, once)

    def run(self, lines: list[str]) -> list[str]:
        blocks = self._code_blocks()
        if blocks is None:
            return super().run(lines)
        text = "\n".join(lines)
        index = 0
        while (found := search_fence(self.FENCED_BLOCK_RE, text, index)) is not None:
            start = found.start()
            if found.group("attrs") or found.group("hl_lines"):
                rest = super().run(text[start:].split("\n"))  # it finds this block first
                return (text[:start] + "\n".join(rest)).split("\n")
            html = blocks.html(found.group("code"), found.group("lang") or None)
            placeholder = self.md.htmlStash.store(html)
            text = f"{text[:start]}\n{placeholder}\n{text[found.end() :]}"
            index = start + 1 + len(placeholder)
        return text.split("\n")

    def _code_blocks(self) -> CodeBlocks | None:
        if not self._looked:
            self._looked = True
            for extension in self.md.registeredExtensions:
                if isinstance(extension, CodeHiliteExtension):
                    self._blocks = code_blocks(extension.getConfigs())
        return self._blocks


def search_fence(regex: re.Pattern[str], text: str, index: int) -> re.Match[str] | None:
    """`regex.search(text, index)` for FENCED_BLOCK_RE, tried only where a line starts with a
    fence (its `^`, in MULTILINE mode, matches only at the start of the text or of a line)."""
    if index == 0 and text.startswith(_FENCE_STARTS):
        found = regex.match(text, 0)
        if found is not None:
            return found
    for newline in _FENCE_AFTER_NEWLINE.finditer(text, max(index - 1, 0)):
        found = regex.match(text, newline.start() + 1)
        if found is not None:
            return found
    return None
