"""Lines that GitHub (and CommonMark) read otherwise than Python-Markdown, so that the reader
would not see what the writer meant; each is said where it was written.

- A list on the line after a paragraph's text: GitHub starts the list there; Python-Markdown
  starts one only after a blank line, so the items run on as the paragraph's text.
- A list nested by two or three spaces (`- Formats:` then `  - HFE`): GitHub nests it under
  the item above; Python-Markdown nests by four, so the items join the outer list.
- `#word` at a line's start (an Obsidian tag, `#1 priority`): GitHub needs a space after `#`
  for a heading; Python-Markdown makes a heading of it.

Sites whose extensions read these lines GitHub's way (mdx_truly_sane_lists,
pymdownx.saneheaders) are not told.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

import markdown
from markdown.treeprocessors import Treeprocessor

from mvsite.markdown.collector import PageCollector
from mvsite.markdown.foreign_syntax import prose_lines

LISTS_IN_PARAGRAPHS_PRIORITY = 26  # before the inline patterns (20): a paragraph's raw text
# A list item that may start a list inside a paragraph in CommonMark: a bullet, or "1."
_INTERRUPTING_ITEM = re.compile(r"\n {0,3}(?:[-*+]|1[.)])[ \t]+\S[^\n]*")
_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
# Searched for in "\n" + the text: led by a character, a regex is tried only where it is found.
_SHALLOW_ITEM = re.compile(r"\n {1,3}(?:[-*+]|\d{1,9}[.)])[ \t]")
_TAG_HEADING = re.compile(r"\n#{1,6}[^\s#]")
_HTML_START = re.compile(r" {0,3}<[A-Za-z/!]")
_EITHER = re.compile(rf"{_SHALLOW_ITEM.pattern}|{_TAG_HEADING.pattern}")
LIST_IN_PARAGRAPH = (
    "this list is shown as the paragraph's text, its items run together: Python-Markdown"
    " starts a list only after a blank line",
    "add a blank line before the list",
)


class ListsInParagraphs(Treeprocessor):
    """Notes each paragraph whose text goes on into a list (see the module's text)."""

    def __init__(self, md: markdown.Markdown, collector: Callable[[], PageCollector]) -> None:
        super().__init__(md)
        self._collector = collector

    def run(self, root: etree.Element) -> None:
        for paragraph in root.iter("p"):
            text = paragraph.text
            if text and "\n" in text and (item := _INTERRUPTING_ITEM.search(text)) is not None:
                first, below = text.partition("\n")[0], text.count("\n", 0, item.start()) + 1
                self._collector().lists_in_paragraphs.append((first, below))


def github_lines(
    body: str, extensions: frozenset[str] = frozenset(), allow_html: bool = False
) -> list[tuple[int, str, str]]:
    """(line within `body`, counting from 0, message, hint) of each list nested by less than
    four spaces, and of each `#word` made a heading (outside code; where HTML is allowed,
    outside its blocks and comments, which Python-Markdown shows as written)."""
    lines = "\n" + body
    if _EITHER.search(lines) is None:  # (most pages: one search)
        return []
    nests = "mdx_truly_sane_lists" not in extensions and _SHALLOW_ITEM.search(lines) is not None
    tags = "pymdownx.saneheaders" not in extensions and _TAG_HEADING.search(lines) is not None
    if not (nests or tags):
        return []
    found: list[tuple[int, str, str]] = []
    above = ""  # the prose line above, if it is not blank
    in_html = False
    for number, line in prose_lines(body, comments_dropped=allow_html):
        if allow_html:  # (an HTML block starts after a blank line and ends at one)
            if not line.strip():
                in_html = False
            elif not above and _HTML_START.match(line):
                in_html = True
            if in_html:
                above = line
                continue
        if nests and _ITEM.match(line) and _ITEM.match(above) and _indent(line) > _indent(above):
            found.append((number, *_nested_said(_indent(line) - _indent(above))))
        if tags and _TAG_HEADING.match("\n" + line):
            found.append((number, *_tag_said(line.split()[0])))
        above = line if line.strip() else ""
    return found


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _nested_said(spaces: int) -> tuple[str, str]:
    return (
        f"this list item is nested by {spaces} spaces, so it is shown as an item of the list"
        " above: Python-Markdown nests lists by four",
        "indent the nested items by four spaces",
    )


def _tag_said(word: str) -> tuple[str, str]:
    level = len(word) - len(word.lstrip("#"))
    return (
        f"'{word}' makes this line a heading: Python-Markdown needs no space after '#'"
        " (on GitHub and in Obsidian, it would be a tag)",
        f"for a heading, write '{'#' * level} {word.lstrip('#')}'; for text, write '\\{word}'",
    )
