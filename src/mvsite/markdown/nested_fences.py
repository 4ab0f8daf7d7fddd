"""Fenced code inside list items, quotes, admonitions and footnotes, as GitHub reads it.

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
four or more is one only in a list item, or in an admonition, a definition or a footnote,
whose text Python-Markdown indents too (elsewhere it is an indented code block that shows the
backticks). Every line up to the closing fence (the same run of backticks or tildes)
has the opening line's prefix, or is blank; else the lines stay as they are.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator

import markdown
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.extensions.footnotes import NBSP_PLACEHOLDER
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from mvsite.markdown.fence_containers import Container, OuterLines
from mvsite.markdown.fence_info import fenced_code_of, opening_as_read

NESTED_FENCES_PRIORITY = 24  # after fenced code at the start of a line (25), before raw HTML (20)
FENCE_PARAGRAPHS_PRIORITY = 25  # before the inline patterns (20): a paragraph is text only
_OPENING = re.compile(r"(?P<prefix>(?: {0,3}> ?)+ {0,3}| +)(?P<fence>`{3,}|~{3,})")
# Searched for in "\n" + the text: led by a newline, the regex is tried only at the starts of
# lines (led by ^, at every character: ~23 against ~4 us on a 4 KB page).
_NESTED_OPENING = re.compile(r"\n(?:(?: {0,3}> ?)+ {0,3}| +)(?:`{3}|~{3})")
_CONTENT_INDENT = 4  # tab_length: a container's text is indented by it, its code by twice it
_MOST_INDENT_OUTSIDE = 3  # CommonMark: four spaces or more make an indented code block


class NestedFences(Preprocessor):
    """Fences behind a container's indentation (list item, admonition, definition, footnote)
    or a quote's `>`, coloured as any fence."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self._md = md
        self.placeholders: set[str] = set()  # this page's nested fences'

    def run(self, lines: list[str]) -> list[str]:
        self.placeholders = set()
        fenced = fenced_code_of(self._md)
        if fenced is None:
            return lines  # another tool's fenced code (pymdownx.superfences nests its own)
        text = "\n".join(lines)
        if ("```" not in text and "~~~" not in text) or not _NESTED_OPENING.search("\n" + text):
            return lines
        return list(_with_nested_fences(lines, fenced, self.placeholders))


class FenceParagraphs(Treeprocessor):
    """Each nested fence's placeholder that is a line of a paragraph, a paragraph of its own
    (_split_paragraph); one the block parser took for a heading's text (a `---` under it), a
    paragraph too."""

    def __init__(self, md: markdown.Markdown, fences: NestedFences) -> None:
        super().__init__(md)
        self._fences = fences

    def run(self, root: etree.Element) -> None:
        placeholders = self._fences.placeholders
        if not placeholders:
            return
        for parent in [*root.iter()]:
            for index in range(len(parent) - 1, -1, -1):
                child = parent[index]
                text = child.text
                if child.tag == "p" and text:
                    paragraphs = _split_paragraph(child, placeholders)
                    if paragraphs is not None:
                        parent[index : index + 1] = paragraphs
                elif child.tag in ("h1", "h2") and (code := (text or "").strip()) in placeholders:
                    # `---` (or `===`) right under the fence: a rule, not a heading's underline
                    rule = [etree.Element("hr")] if child.tag == "h2" else []
                    parent[index : index + 1] = [_paragraph(code), *rule]


def _split_paragraph(
    paragraph: etree.Element, placeholders: set[str]
) -> list[etree.Element] | None:
    """The paragraphs a paragraph holding fences' placeholders becomes (None: it stays).

    A footnote's back link, which the footnotes extension put at the end of the note's last
    paragraph, stays at the end of its text, or follows a code block in a paragraph of its
    own, as the extension does after any other block."""
    link = paragraph[-1] if len(paragraph) == 1 else None
    if len(paragraph) and (link is None or link.get("class") != "footnote-backref"):
        return None  # (before the inline patterns, a paragraph holds text alone)
    text = paragraph.text or ""
    written = text.removesuffix(NBSP_PLACEHOLDER) if link is not None else text
    parts = _paragraph_parts(written, placeholders)
    ends_in_code = parts[-1] in placeholders
    if len(parts) == 1 and not (link is not None and ends_in_code):
        return None
    paragraphs = [_paragraph(part) for part in parts]
    if link is not None:
        if ends_in_code:
            paragraphs.append(_paragraph(""))
        else:
            paragraphs[-1].text = f"{parts[-1]}{NBSP_PLACEHOLDER}"
        paragraphs[-1].append(link)
    return paragraphs


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
    outer_lines, closings = OuterLines(), _Closings(lines)
    index = 0
    while index < len(lines):
        opening = _OPENING.match(lines[index])
        container = outer_lines.container_of(lines[index])
        prefix, found = "", None
        if opening is not None and _may_open(opening["prefix"], container):
            prefix = opening["prefix"]
            found = _code_block(closings, index, prefix, opening["fence"], fenced)
        if found is None:
            yield lines[index]
            index += 1
        else:
            before = lines[index - 1] if index else ""
            index, placeholder = found
            after = lines[index] if index < len(lines) else ""
            yield from _placeholder_lines(prefix, placeholder, before, after)
            placeholders.add(placeholder)


def _placeholder_lines(prefix: str, placeholder: str, before: str, after: str) -> list[str]:
    """The placeholder's line behind its prefix. In a quote, with the blank lines (`>`) that
    keep it a block of its own between lines of the quote, as stock fenced code has them (a
    `> ---` under it is a rule, not a heading's underline); in a list none, which would end
    a list indented less than four spaces, or make a tight one loose (the block parser's
    paragraphs split instead, FenceParagraphs)."""
    if ">" not in prefix:
        return [prefix + placeholder]
    blank = prefix.rstrip()
    lines = [prefix + placeholder]
    if before.startswith(blank) and before[len(blank) :].strip():
        lines.insert(0, blank)
    if after.startswith(blank) and after[len(blank) :].strip():
        lines.append(blank)
    return lines


def _may_open(prefix: str, container: Container | None) -> bool:
    """Whether a fence behind `prefix` is a fence: in a quote, indented up to three spaces,
    or as a container's text (at its indentation plus 4 to 7; at 8 it is indented code).
    After a blank line only in a container Python-Markdown sees: elsewhere the placeholder
    would be an indented code block's text."""
    if ">" in prefix or len(prefix) <= _MOST_INDENT_OUTSIDE:
        return True
    if container is None or not 0 <= len(prefix) - container.indent - _CONTENT_INDENT < 4:
        return False
    return container.seen_by_markdown or not container.after_blank


class _Closings:
    """Where the fence opened at a line is closed. A search that found no closing line is
    remembered up to where it stopped: a later opening of the same fence before that point
    finds none either (thousands of unclosed openings would otherwise take quadratic time)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self._unclosed_before: dict[tuple[str, str], int] = {}

    def closing_line(self, opening: int, prefix: str, fence: str) -> int | None:
        """The index of the line that closes the fence, if every line up to it has the
        prefix or is blank. In a quote, the closing fence may be indented by up to three
        spaces after the quote's `> `, whatever the opening's indentation (CommonMark)."""
        base = _quote_part(prefix)
        if opening < self._unclosed_before.get((base, fence), -1):
            return None
        blank_in_prefix, index = base.rstrip(), opening + 1
        for index in range(opening + 1, len(self.lines)):
            line = self.lines[index]
            if line.startswith(base):
                rest = line[len(base) :].rstrip(" ")
                indent = len(rest) - len(rest.lstrip(" "))
                if rest[indent:] == fence and indent <= (3 if base != prefix else 0):
                    return index
            elif line.strip() and line.rstrip() != blank_in_prefix:
                break
        self._unclosed_before[(base, fence)] = index
        return None


def _code_block(
    closings: _Closings, opening: int, prefix: str, fence: str, fenced: FencedBlockPreprocessor
) -> tuple[int, str] | None:
    """The index of the line after the fence opened at `opening`, and its code block's
    placeholder; None if it is not closed, or the fenced code preprocessor does not take it
    as a fence (its info string, say)."""
    first = opening_as_read(closings.lines[opening][len(prefix) :], fenced)
    if not fenced.FENCED_BLOCK_RE.match(f"{first}\n{fence}\n"):
        return None  # its info string makes no fence: known before its closing is looked for
    end = closings.closing_line(opening, prefix, fence)
    if end is None:
        return None
    fence_lines = closings.lines[opening : end + 1]
    inner = [first] + [_inner(line, prefix) for line in fence_lines[1:]]
    made = [line for line in fenced.run(list(inner)) if line]
    return (end + 1, made[0]) if len(made) == 1 else None  # (else the lines, unchanged)


def _quote_part(prefix: str) -> str:
    """A quote's prefix up to its last `>` and the one space after it (the rest indents the
    fence); another prefix (a container's indentation) whole."""
    if ">" not in prefix:
        return prefix
    end = prefix.rindex(">") + 1
    return prefix[: end + 1] if prefix[end : end + 1] == " " else prefix[:end]


def _inner(line: str, prefix: str) -> str:
    """A line of the fence without its prefix: in a quote, without the quote's `> ` and as
    many of the spaces after it as indent the opening fence (CommonMark)."""
    base = _quote_part(prefix)
    if not line.startswith(base):
        return ""
    rest = line[len(base) :]
    indent = min(len(prefix) - len(base), len(rest) - len(rest.lstrip(" ")))
    return rest[indent:]
