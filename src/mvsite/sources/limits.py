"""Pages the build refuses because converting them would take unbounded time or memory.

Python-Markdown's time grows much faster than linearly with nesting: 300 list items each
indented one level deeper than the last take seconds, 2,000 take over ten minutes and then
fail anyway. Real pages nest a few levels, so a page nesting more than MAX_NESTING is
refused, as is a page so long (MAX_PAGE_CHARS) that building it would hold up every build.
"""

from __future__ import annotations

import contextlib
import re
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mvsite.errors import SiteError

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


# Python-Markdown finds a link's text by walking to its matching `]`, and its address by
# walking to the `)` that closes it, once for every `[` and every `](`: a paragraph of
# brackets left open (`[a](b ` 8,000 times, 48 KB) or nested 8,000 deep takes half a
# minute, as stock Python-Markdown does. The walks' total length is counted here, in one pass,
# before converting; past MAX_LINK_WALK (about half a second of converting) the page is refused.
MAX_LINK_WALK = 5_000_000
# A list's items are converted one by one: a walk ends at the next item.
_ITEM = r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]"
_ITEM_START = re.compile(_ITEM)
_LINK_TOKENS = re.compile(rf"\\.|\n[ \t]*\n|\n(?={_ITEM})|\]\(|[\[\]()]")


@dataclass
class _LinkWalk:
    """The walks in one paragraph: open brackets and parentheses, with where they opened."""

    brackets: list[int] = field(default_factory=list)
    parens: list[tuple[int, bool]] = field(default_factory=list)  # (where, opens an address)
    depth: int = 0
    deepest_at: int = 0
    length: int = 0

    def step(self, token: str, at: int) -> None:
        if token == "[":
            self.brackets.append(at)
            if len(self.brackets) > self.depth:
                self.depth, self.deepest_at = len(self.brackets), at
        elif token == "(":
            self.parens.append((at, False))
        elif token == ")":
            if self.parens:
                opened, is_link = self.parens.pop()
                self.length += at - opened if is_link else 0
        else:  # `]` or `](`
            if self.brackets:
                self.length += at - self.brackets.pop()
            if token == "](":
                self.parens.append((at, True))

    def close_paragraph(self, end: int) -> tuple[int, int]:
        """Walk length of what was left open, and where the first of it opened (or -1)."""
        open_links = [at for at, is_link in self.parens if is_link]
        left = self.brackets + open_links
        self.length += sum(end - at for at in left)
        return len(left), min(left, default=-1)


def link_walk_length(body: str) -> tuple[int, int, int, int]:
    """-> (the walks' total length in the worst paragraph, its brackets left open, its deepest
    nesting, and where in `body` the trouble starts)."""
    worst = (0, 0, 0, 0)
    walk = _LinkWalk()
    in_list = _ITEM_START.match(body) is not None
    for match in _LINK_TOKENS.finditer(body):
        token, at = match.group(), match.start()
        if token[0] == "\\":
            continue
        if token[0] != "\n":
            walk.step(token, at)
        elif len(token) > 1 or in_list:  # a blank line, or the next item of a list
            worst = max(worst, _finish(walk, at))
            walk = _LinkWalk()
            if len(token) > 1:
                in_list = _ITEM_START.match(body, match.end()) is not None
    return max(worst, _finish(walk, len(body)))


def _finish(walk: _LinkWalk, end: int) -> tuple[int, int, int, int]:
    left, first_open = walk.close_paragraph(end)
    where = first_open if left else walk.deepest_at
    return walk.length, left, walk.depth, where


def check_link_brackets(body: str, shown: Path, body_line: int) -> None:
    """Raise where a paragraph's links would take Python-Markdown minutes to convert."""
    # Each walk is at most the page long: most pages cannot get near the limit.
    openers = body.count("[") + body.count("](")
    if openers * len(body) <= MAX_LINK_WALK:
        return
    length, left, depth, where = link_walk_length(body)
    if length <= MAX_LINK_WALK:
        return
    line = body_line + body.count("\n", 0, where)
    if not left:
        raise SiteError(
            f"link brackets nested {depth:,} deep would take minutes to convert",
            shown,
            line,
            "a link's text can hold an image, not further links; write a bracket that is"
            r" only text as \[",
        )
    raise SiteError(
        f"{left:,} link brackets or parentheses left open in one paragraph would take"
        " minutes to convert",
        shown,
        line,
        r"close each [text](address) with its ] and ), or write a bracket that is only"
        r" text as \[ or \(",
    )


class TimeLimitExceeded(BaseException):
    """A page's conversion ran out of time (a BaseException: no `except Exception` in the
    converter may swallow it)."""


# signal.signal converts the handlers it takes and returns to and from enums; for a Python
# handler each conversion raises and catches an exception: a time limit took ~40 us, twice a
# page, where with the C function under it (handlers as they are) it takes ~11.
try:
    from _signal import signal as _set_handler  # type: ignore[import-not-found]
except ImportError:  # an interpreter without it: the public function
    _set_handler = signal.signal


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimitExceeded in the block once it has used `seconds` of CPU time.

    Whatever the limits above miss, this stops: a signal interrupts Python code and the
    regex engine alike. CPU time, not wall time, so that a busy machine does not make a page
    fail. Signals reach only the main thread, so elsewhere (the preview server's threads),
    or with `seconds` None, the block runs unlimited.
    """
    if (
        seconds is None
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeLimitExceeded

    previous = _set_handler(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        _set_handler(signal.SIGPROF, previous)
