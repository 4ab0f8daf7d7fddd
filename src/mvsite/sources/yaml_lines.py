"""Where a mark of PyYAML's is in the file, as an editor counts lines.

PyYAML and libyaml also count U+0085, U+2028 and U+2029 as line breaks; a file's lines end
at "\n", "\r\n" or "\r" only, as an editor shows them and as the rest of mvsite counts.
Text pasted from a web page or a word processor sometimes carries them, invisibly.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from typing import Any

LineOf = Callable[[Any], int]  # a mark (yaml.Mark, or libyaml's own) -> its 0-based line
OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")
_LINE_END = re.compile("\r\n?|\n")  # as mvsite counts lines (a lone \r too, as old Macs wrote)
SEPARATOR_HINT = (
    "this line holds an invisible line separator (U+2028, U+2029 or U+0085, often pasted"
    " from a web page or word processor), which YAML reads as a line break: delete it"
)


def line_in(text: str) -> LineOf:
    """A mark of PyYAML's in `text` -> the 0-based line of the text it is on."""
    if OTHER_BREAKS.search(text) is None:
        return lambda mark: int(mark.line)
    ends = [found.start() for found in _LINE_END.finditer(text)]
    return lambda mark: bisect_left(ends, mark.index)


def separator_line(lines: list[str], index: int) -> int | None:
    """The line of a syntax error YAML noticed at line `index` that holds a break only YAML
    counts, if any: YAML notices the broken line on it, or on the line after it."""
    return next(
        (n for n in (index, index - 1) if 0 <= n < len(lines) and OTHER_BREAKS.search(lines[n])),
        None,
    )
