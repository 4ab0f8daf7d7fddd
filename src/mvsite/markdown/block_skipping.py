"""The block part of the fast path, over Python-Markdown's public API only: block processors
test only the blocks that hold a string their test needs, and `is_block_level` looks in a set.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable

import markdown

from mvsite.markdown.inline_skipping import search_any


def install_fast_block_level(md: markdown.Markdown) -> None:
    """`md.is_block_level` over a set: the stock one scans a list of ~60 tags, ~170 times a page.

    The extensions have added their tags by now (in `Markdown.__init__`), and none adds more
    while converting."""
    blocks = frozenset(md.block_level_elements)

    def is_block_level(tag: object) -> bool:
        return isinstance(tag, str) and tag.lower().rstrip("/") in blocks

    md.is_block_level = is_block_level  # type: ignore[method-assign]


# Block processor -> strings of which a block needs one for the processor's test to pass
# (each test is a regex search over the whole block, or a row parse for tables).
_BLOCK_NEEDLES: dict[str, tuple[str, ...]] = {
    "table": ("|",),
    "hashheader": ("#",),
    "setextheader": ("\n=", "\n-"),  # its regex: the first line, then a line of = or -
    # three of one of -_* with at most two spaces between: the first two are that close
    "hr": ("--", "- -", "-  -", "__", "_ _", "_  _", "**", "* *", "*  *"),
    "quote": (">",),
    "reference": ("]:",),  # its test passes every block; its run then finds no definition
    "deflist": (":",),
}


def install_block_needles(md: markdown.Markdown) -> None:
    """Each processor in _BLOCK_NEEDLES tests only the blocks that have one of its needles."""
    processors = md.parser.blockprocessors
    for name, needles in _BLOCK_NEEDLES.items():
        if name in processors:
            processor = processors[name]
            processor.test = _guarded(processor.test, needles)  # type: ignore[method-assign,assignment]


def _guarded(
    test: Callable[[etree.Element, str], bool], needles: tuple[str, ...]
) -> Callable[[etree.Element, str], bool]:
    if len(needles) == 1:
        (needle,) = needles

        def guarded_one(parent: etree.Element, block: str) -> bool:
            return needle in block and test(parent, block)

        return guarded_one
    has_needle = search_any(needles)

    def guarded(parent: etree.Element, block: str) -> bool:
        return has_needle(block) is not None and test(parent, block)

    return guarded
