"""Fenced code inside list items, quotes and admonitions, as GitHub and CommonMark read it.

Python-Markdown's fenced code finds a fence only at the start of a line: one under a list item
(`1. Install:` then an indented ```` ```bash ````) or in a quote (`> ````) became a paragraph
with the code run together as inline code, with no warning. Here such a fence is taken off
its line prefix (the list item's indentation, the quote's `>`), given to the fenced code
preprocessor the converter has (stock or the fast path's: one way to colour code), and its
placeholder put back behind the same prefix, so the list or quote holds the code block. A
placeholder that the block parser puts in a paragraph (after a line of text, as in
`> Note:` then `> ````) becomes a paragraph of its own, which the code block replaces: a code
block inside a <p> is not HTML.

As CommonMark: a fence indented by up to three spaces is a fence anywhere; one indented by
four or more is one only in a list item, or in an admonition or a definition, whose text
Python-Markdown indents too (elsewhere it is an indented code block that shows the
backticks). Every line up to the closing fence (the same run of backticks or tildes)
has the opening line's prefix, or is blank; else the lines stay as they are.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator

import markdown
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

NESTED_FENCES_PRIORITY = 24  # after fenced code at the start of a line (25), before raw HTML (20)
FENCE_PARAGRAPHS_PRIORITY = 25  # before the inline patterns (20): a paragraph is text only
_OPENING = re.compile(r"(?P<prefix>(?: {0,3}> ?)+ {0,3}| +)(?P<fence>`{3,}|~{3,})")
_NESTED_OPENING = re.compile(r"^(?:(?: {0,3}> ?)+ {0,3}| +)(?:`{3}|~{3})", re.MULTILINE)
# What opens a block whose text is indented by four more spaces, as Python-Markdown reads it:
# a list item (`-`, `*`, `+`, `1.`; not a rule `* * *`), an admonition (`!!! note`,
# pymdownx.details' `??? note`), a definition (`:`). (Not a footnote: its back link would go
# into the code block's paragraph.)
_LIST_ITEM = re.compile(r" *(?:[-*+]|\d{1,9}\.)(?: |\t|$)")
_RULE = re.compile(r" {0,3}([-*_])(?: *\1){2,} *$")
_BLOCK_OPENER = re.compile(r" *(?:!!!|\?\?\?\+?) ?[\w-]")
_DEFINITION = re.compile(r" *:(?: |\t)")
_CONTENT_INDENT = 4  # tab_length: a container's text is indented by it, its code by twice it
_MOST_INDENT_OUTSIDE = 3  # CommonMark: four spaces or more make an indented code block


class NestedFences(Preprocessor):
    """Fences behind a list item's indentation or a quote's `>`, coloured as any fence."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self._md = md
        self.placeholders: set[str] = set()  # this page's nested fences'

    def run(self, lines: list[str]) -> list[str]:
        self.placeholders = set()
        if "fenced_code_block" not in self._md.preprocessors:
            return lines
        fenced = self._md.preprocessors["fenced_code_block"]
        if not isinstance(fenced, FencedBlockPreprocessor):
            return lines  # another tool's fenced code (pymdownx.superfences nests its own)
        text = "\n".join(lines)
        if ("```" not in text and "~~~" not in text) or not _NESTED_OPENING.search(text):
            return lines
        return list(_with_nested_fences(lines, fenced, self.placeholders))


class FenceParagraphs(Treeprocessor):
    """Each nested fence's placeholder that is a line of a paragraph, a paragraph of its own."""

    def __init__(self, md: markdown.Markdown, fences: NestedFences) -> None:
        super().__init__(md)
        self._fences = fences

    def run(self, root: etree.Element) -> None:
        placeholders = self._fences.placeholders
        if not placeholders:
            return
        for parent in [*root.iter()]:
            for index in range(len(parent) - 1, -1, -1):
                paragraph = parent[index]
                text = paragraph.text
                if paragraph.tag == "p" and text and "\n" in text and len(paragraph) == 0:
                    parts = _paragraph_parts(text, placeholders)
                    if len(parts) > 1:
                        parent[index : index + 1] = [_paragraph(part) for part in parts]


def _paragraph_parts(text: str, placeholders: set[str]) -> list[str]:
    """The paragraph's text in parts: each placeholder line one, the lines between them one."""
    parts: list[str] = []
    lines: list[str] = []
    for line in text.split("\n"):
        if line.strip() in placeholders:
            parts.extend(["\n".join(lines)] if lines else [])
            parts.append(line.strip())
            lines = []
        else:
            lines.append(line)
    return parts + (["\n".join(lines)] if lines else [])


def _paragraph(text: str) -> etree.Element:
    # No tail: the prettifier gives it one, and the inline pass looks up the index of every
    # element with a tail, each time from the start (many fences in one quote: quadratic).
    made = etree.Element("p")
    made.text = text
    return made


def _with_nested_fences(
    lines: list[str], fenced: FencedBlockPreprocessor, placeholders: set[str]
) -> Iterator[str]:
    """`lines`, each nested fence replaced by its placeholder behind the fence's prefix; the
    placeholders are added to `placeholders`."""
    outer_lines, closings = _OuterLines(), _Closings(lines)
    index = 0
    while index < len(lines):
        opening = _OPENING.match(lines[index])
        container = outer_lines.container_indent(lines[index])
        prefix, found = "", None
        if opening is not None and _may_open(opening["prefix"], container):
            prefix = opening["prefix"]
            found = _code_block(closings, index, prefix, opening["fence"], fenced)
        if found is None:
            yield lines[index]
            index += 1
        else:
            index, placeholder = found
            yield from _placeholder_lines(prefix, placeholder, lines[index : index + 1])
            placeholders.add(placeholder)


def _placeholder_lines(prefix: str, placeholder: str, following: list[str]) -> list[str]:
    """The placeholder's line behind its prefix, with the blank lines that keep it a block of
    its own, as stock fenced code adds them (a `---` under it is a rule, not a heading's
    underline). In a quote a blank line is its `>`; in a list, none goes before (the block
    parser's paragraphs split, FenceParagraphs) nor before the next item: a tight list stays
    tight."""
    if ">" in prefix:
        return [prefix.rstrip(), prefix + placeholder, prefix.rstrip()]
    next_line = following[0] if following else ""
    if not next_line.strip() or _LIST_ITEM.match(next_line):
        return [prefix + placeholder]
    return [prefix + placeholder, ""]


def _may_open(prefix: str, container: int | None) -> bool:
    """Whether a fence behind `prefix` is a fence: in a quote, indented up to three spaces,
    or as a container's text (at its indentation plus 4 to 7; at 8 it is indented code)."""
    if ">" in prefix or len(prefix) <= _MOST_INDENT_OUTSIDE:
        return True
    return container is not None and 0 <= len(prefix) - container - _CONTENT_INDENT < 4


class _Closings:
    """Where the fence opened at a line is closed. A search that found no closing line is
    remembered up to where it stopped: a later opening of the same fence before that point
    finds none either (thousands of unclosed openings would otherwise take quadratic time)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self._unclosed_before: dict[tuple[str, str], int] = {}

    def closing_line(self, opening: int, prefix: str, fence: str) -> int | None:
        """The index of the line that closes the fence, if every line up to it has the
        prefix or is blank."""
        if opening < self._unclosed_before.get((prefix, fence), -1):
            return None
        blank_in_prefix, index = prefix.rstrip(), opening + 1
        for index in range(opening + 1, len(self.lines)):
            line = self.lines[index]
            if line.startswith(prefix):
                if line[len(prefix) :].rstrip(" ") == fence:
                    return index
            elif line.strip() and line.rstrip() != blank_in_prefix:
                break
        self._unclosed_before[(prefix, fence)] = index
        return None


def _code_block(
    closings: _Closings, opening: int, prefix: str, fence: str, fenced: FencedBlockPreprocessor
) -> tuple[int, str] | None:
    """The index of the line after the fence opened at `opening`, and its code block's
    placeholder; None if it is not closed, or the fenced code preprocessor does not take it
    as a fence (its info string, say)."""
    first = closings.lines[opening][len(prefix) :]
    if not fenced.FENCED_BLOCK_RE.match(f"{first}\n{fence}\n"):
        return None  # its info string makes no fence: known before its closing is looked for
    end = closings.closing_line(opening, prefix, fence)
    if end is None:
        return None
    fence_lines = closings.lines[opening : end + 1]
    inner = [line[len(prefix) :] if line.startswith(prefix) else "" for line in fence_lines]
    made = [line for line in fenced.run(list(inner)) if line]
    return (end + 1, made[0]) if len(made) == 1 else None  # (else the lines, unchanged)


class _OuterLines:
    """The indentation of the container (list item, admonition, definition) a line is in:
    of the nearest line above it that is less indented (blank lines aside), if that opens
    one. A stack of the indentation of the lines above, each less indented than the one
    after it, answers it in one pass. As in Python-Markdown, a list starts only after a blank
    line (or another item): `Steps:` then `- one` is one paragraph."""

    def __init__(self) -> None:
        self._stack: list[tuple[int, bool]] = []  # (indentation, opens a container)
        self._after_blank = True  # (the start of the text counts as one)
        self._in_list = False

    def container_indent(self, line: str) -> int | None:
        if not line.strip():
            self._after_blank = True
            return None  # (no fence opens on it)
        indent = len(line) - len(line.lstrip(" "))
        while self._stack and self._stack[-1][0] >= indent:
            self._stack.pop()
        container = self._stack[-1][0] if self._stack and self._stack[-1][1] else None
        self._stack.append((indent, self._opens(line, indent)))
        self._after_blank = False
        return container

    def _opens(self, line: str, indent: int) -> bool:
        if _LIST_ITEM.match(line) and not _RULE.match(line):
            self._in_list = self._in_list or self._after_blank
            return self._in_list
        if indent == 0 and self._after_blank:
            self._in_list = False  # a paragraph after the list
        if _BLOCK_OPENER.match(line):
            return self._after_blank
        return _DEFINITION.match(line) is not None
