"""Where in a page's Markdown body an element of its built HTML was written.

Python-Markdown keeps no source positions, so elements are matched to what the body
says: links and images through the targets the markdown stage recorded (in order, per
target), headings by their order among the body's headings of the same level, and
anything else by searching for its text.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from mvsite.markdown.converted import Rendered

_ATX = re.compile(r"^(#{1,6})")  # Python-Markdown needs no space after the hashes
_SETEXT = re.compile(r"^(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_QUOTE = re.compile(r"^(?:[ ]{0,3}>[ ]?)+")


@dataclass(frozen=True)
class BodyText:
    text: str
    first_line: int  # the file's line number of the body's first line

    def line_of(self, needle: str, nth: int = 0) -> int | None:
        """The file line of the `nth` (from 0) occurrence of `needle` in the body, if any."""
        index = -1
        for _ in range(nth + 1 if needle else 0):
            index = self.text.find(needle, index + 1)
            if index < 0:
                return None
        return None if index < 0 else self.first_line + self.text.count("\n", 0, index)


def heading_lines(body: BodyText) -> dict[int, list[int]]:
    """Heading level -> the file lines of the body's headings of that level, in order."""
    found: dict[int, list[int]] = {}
    in_fence = False
    after_text = False
    for index, raw in enumerate(body.text.split("\n")):
        if _FENCE.match(raw):
            in_fence, after_text = not in_fence, False
            continue
        line = _QUOTE.sub("", raw)
        atx = None if in_fence else _ATX.match(line)
        setext = None if in_fence or not after_text else _SETEXT.match(line)
        if atx:
            found.setdefault(len(atx.group(1)), []).append(body.first_line + index)
        elif setext:
            level = 1 if setext.group(1).startswith("=") else 2
            found.setdefault(level, []).append(body.first_line + index - 1)
        after_text = not in_fence and not atx and not setext and _is_text(line)
    return found


def _is_text(line: str) -> bool:
    return bool(line.strip()) and not line.startswith(("    ", "\t"))


@dataclass(frozen=True)
class LinkLine:
    line: int | None  # in the Markdown file
    judged: bool  # a Markdown link: the build has checked where it goes


def link_lines(
    rendered: Rendered,
    page_url: str,
    found: Sequence[tuple[str, str, str]],
    body: BodyText,
) -> list[LinkLine]:
    """For each (site path, fragment, URL as in the HTML) found in the body, in order,
    the file line it was written on: from the markdown stage's links, else by its text
    (a figure's link by its `[[fig:key]]`). Links the markdown stage resolved or refused
    were judged by the build; the others (raw HTML, figures) are check's to judge."""
    queues: dict[tuple[str, str], deque[int]] = {}
    for ref in rendered.links:
        queues.setdefault((ref.url or page_url, ref.fragment), deque()).append(ref.line)
    searched: dict[str, int] = {}
    refused = set(rendered.refused)
    lines: list[LinkLine] = []
    for path, fragment, url in found:
        queue = queues.get((path, fragment))
        if queue:
            lines.append(LinkLine(queue.popleft(), True))
            continue
        figure = f"[[fig:{fragment.removeprefix('fig-')}]]" if fragment.startswith("fig-") else ""
        needle = figure if figure and figure in body.text else url
        lines.append(LinkLine(body.line_of(needle, searched.get(needle, 0)), url in refused))
        searched[needle] = searched.get(needle, 0) + 1
    return lines
