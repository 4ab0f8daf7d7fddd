"""Pages the build refuses because converting them would take unbounded time or memory.

Python-Markdown's time grows much faster than linearly with nesting: 300 list items each
indented one level deeper than the last take seconds, 2,000 take over ten minutes and then
fail anyway. Real pages nest a few levels, so a page nesting more than MAX_NESTING is
refused, as is a page so long (MAX_PAGE_CHARS) that building it would hold up every build.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import SiteError

MAX_PAGE_CHARS = 2_000_000  # ~300,000 words; 20 MB of prose took 150 s and 700 MB
MAX_NESTING = 32
# A line's leading quote markers and list markers, with the indentation before and between them.
_CONTAINERS = re.compile(r"([ \t]*)((?:(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))[ \t]*)+)")
_MARKER = re.compile(r">|[-*+]|\d{1,9}[.)]")
_LINE_CONTAINERS = re.compile("^" + _CONTAINERS.pattern, re.MULTILINE)
# A line starting with as many prefix characters as it takes to nest too deep. A page without
# one needs no closer look (most pages: `^` makes the regex engine try every position, where
# this one, led by a newline, tries only the starts of lines).
_LONG_PREFIX = re.compile(rf"\n[ \t>*+\-\d.)]{{{MAX_NESTING + 1}}}")


def check_page_size(text: str, shown: Path) -> None:
    if len(text) > MAX_PAGE_CHARS:
        raise SiteError(
            f"page is {len(text):,} characters long; the limit is {MAX_PAGE_CHARS:,}",
            shown,
            None,
            "split it into several pages; large tables of data belong in content/_data",
        )


def nesting(line: str) -> int:
    """How many lists and quotes a line opens or continues (4 columns of indentation: one)."""
    match = _CONTAINERS.match(line)
    return 0 if match is None else _depth(match)


def _depth(match: re.Match[str]) -> int:
    indent = len(match.group(1).expandtabs(4)) // 4
    return indent + len(_MARKER.findall(match.group(2)))


def check_nesting(body: str, shown: Path, body_line: int) -> None:
    """Raise at the first line of the Markdown body that nests deeper than MAX_NESTING."""
    # Each level takes at least one character of a line's prefix (a tab, a '>'), so only
    # lines whose prefix is longer than the limit need their levels counted.
    if _LONG_PREFIX.search("\n" + body) is None:
        return
    for match in _LINE_CONTAINERS.finditer(body):
        if match.end() - match.start() <= MAX_NESTING:
            continue
        depth = _depth(match)
        if depth > MAX_NESTING:
            raise SiteError(
                f"lists or quotes nested {depth} levels deep; the limit is {MAX_NESTING}",
                shown,
                body_line + body.count("\n", 0, match.start()),
                "flatten the list or quote; for text that must keep its indentation, "
                "use a fenced code block (```) without list or quote markers",
            )
