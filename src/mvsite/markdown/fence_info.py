"""Fences whose info string holds more than a language, read as GitHub and CommonMark read them.

Docusaurus, VitePress and GitHub take a fence's first word as its language and the rest as
options they may use or not: ```` ```js title="app.js" ````, ```` ```js{4} ```` (a line to
highlight), ```` ```sh [npm] ```` (a tab's name). Python-Markdown's fenced code takes a
language and `hl_lines=` only (or `{attributes}`): with anything more, the line is no fence,
its closing line opens a code block instead, and that block swallows the headings and text
after it, without a word. Here such an opening line keeps the fence and its language and
drops the rest, as GitHub shows the block.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import markdown
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.preprocessors import Preprocessor

FENCE_INFO_PRIORITY = 26  # before fenced code (25) reads the fences
_OPENING = re.compile(r"(?P<fence>`{3,}|~{3,})(?P<info>.*)")
_LANGUAGE = re.compile(r" *\.?[\w#.+-]*")
_FENCE_STARTS = ("```", "~~~")
_BARE = re.compile(r"`{3,}|~{3,}")
# A fence line with an info string that may be more than a language, searched for in "\n" +
# the text (led by a character, a regex is tried only where it is found; led by ^, everywhere).
_MORE_THAN_A_LANGUAGE = re.compile(r"\n(?:`{3,}|~{3,}) *+\.?[\w#.+-]*+ *+\S")


def fenced_code_of(md: markdown.Markdown) -> FencedBlockPreprocessor | None:
    """The converter's fenced code, if it is Python-Markdown's (pymdownx.superfences, say,
    reads fences its own way)."""
    if "fenced_code_block" not in md.preprocessors:
        return None
    found = md.preprocessors["fenced_code_block"]
    return found if isinstance(found, FencedBlockPreprocessor) else None


def opening_as_read(line: str, fenced: FencedBlockPreprocessor) -> str:
    """A fence's opening line (behind any prefix) as fenced code reads it: as written if it
    does, else the fence and the language its info string begins with."""
    found = _OPENING.fullmatch(line)
    if found is None or fenced.FENCED_BLOCK_RE.match(f"{line}\n{found['fence']}\n"):
        return line
    language = _LANGUAGE.match(found["info"])
    return found["fence"] + (language.group().strip() if language else "")


class FenceInfo(Preprocessor):
    """Each fence at the start of a line whose info string fenced code would not read, with
    its language only (see the module's text)."""

    def run(self, lines: list[str]) -> list[str]:
        fenced = fenced_code_of(self.md)
        text = "\n".join(lines)
        if fenced is None or _MORE_THAN_A_LANGUAGE.search("\n" + text) is None:
            return lines
        closings = _bare_fences(lines)
        index, result = 0, list(lines)
        while index < len(result):
            line = result[index]
            found = _OPENING.fullmatch(line) if line.startswith(_FENCE_STARTS) else None
            closing = _next(closings.get(found["fence"], []), index) if found else None
            if found is None or closing is None or _is_code_span(found):
                index += 1
                continue
            result[index] = opening_as_read(line, fenced)
            index = closing + 1
        return result


def _is_code_span(opening: re.Match[str]) -> bool:
    """A run of backticks followed by text with a backtick is no fence (CommonMark)."""
    return opening["fence"][0] == "`" and "`" in opening["info"]


def _bare_fences(lines: list[str]) -> dict[str, list[int]]:
    """Each fence -> the lines that are that fence alone (which close it, as fenced code
    finds its closing line), in order."""
    found: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if line.startswith(_FENCE_STARTS):
            bare = line.rstrip(" ")
            if _BARE.fullmatch(bare):
                found.setdefault(bare, []).append(index)
    return found


def _next(indexes: list[int], after: int) -> int | None:
    position = bisect_right(indexes, after)
    return indexes[position] if position < len(indexes) else None
