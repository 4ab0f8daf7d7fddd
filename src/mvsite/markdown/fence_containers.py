"""The container a line of Markdown is in (a list item, admonition, definition or footnote),
as Python-Markdown reads it: a fence indented as such a container's text is fenced code in
it (nested_fences.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What opens a block whose text is indented by four more spaces, as Python-Markdown reads it:
# a list item (`-`, `*`, `+`, `1.`; not a rule `* * *`), an admonition (`!!! note`,
# pymdownx.details' `??? note`), a definition (`:`), a footnote (`[^1]:`).
_LIST_ITEM = re.compile(r" *(?:[-*+]|\d{1,9}\.)(?: |\t|$)")
_RULE = re.compile(r" {0,3}([-*_])(?: *\1){2,} *$")
_BLOCK_OPENER = re.compile(r" *(?:!!!|\?\?\?\+?) ?[\w-]")
_DEFINITION = re.compile(r" *:(?: |\t)")
_FOOTNOTE = re.compile(r" {0,3}\[\^[^\]]+\]:")


@dataclass(frozen=True)
class Container:
    """The list item, admonition, definition or footnote a line is in (OuterLines)."""

    indent: int
    seen_by_markdown: bool  # Python-Markdown reads it so (a list: after a blank line)
    after_blank: bool  # the line comes after a blank line


class OuterLines:
    """The container (list item, admonition, definition, footnote) a line is in: the nearest
    line above it that is less indented (blank lines aside), if that opens one. A stack of the
    lines above, each less indented than the one after it, answers it in one pass. As in
    Python-Markdown, a list starts only after a blank line (or another item): `Steps:` then
    `- one` is one paragraph, though GitHub reads a list there."""

    def __init__(self) -> None:
        self._stack: list[tuple[int, bool, bool]] = []  # (indent, opens one, Markdown's)
        self._after_blank = True  # (the start of the text counts as one)
        self._in_list = False

    def container_of(self, line: str) -> Container | None:
        if not line.strip():
            self._after_blank = True
            return None  # (no fence opens on it)
        indent = len(line) - len(line.lstrip(" "))
        while self._stack and self._stack[-1][0] >= indent:
            self._stack.pop()
        outer = self._stack[-1] if self._stack else None
        container = None
        if outer is not None and outer[1]:
            container = Container(outer[0], outer[2], self._after_blank)
        self._stack.append((indent, *self._opens(line, indent)))
        self._after_blank = False
        return container

    def _opens(self, line: str, indent: int) -> tuple[bool, bool]:
        """Whether the line opens a container, and whether Python-Markdown reads it so."""
        if _LIST_ITEM.match(line) and not _RULE.match(line):
            self._in_list = self._in_list or self._after_blank
            return True, self._in_list
        if indent == 0 and self._after_blank:
            self._in_list = False  # a paragraph after the list
        opens = bool(_BLOCK_OPENER.match(line) or _DEFINITION.match(line) or _FOOTNOTE.match(line))
        return opens, opens
