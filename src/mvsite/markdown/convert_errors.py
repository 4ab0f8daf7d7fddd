"""When Python-Markdown cannot convert a page: the located SiteError to show."""

from __future__ import annotations

from pathlib import Path

import markdown

from mvsite.errors import SiteError


def too_deeply_nested(src: Path) -> SiteError:
    """Python-Markdown recurses once per level of nesting, and ran out of recursion."""
    return SiteError(
        "Markdown too deeply nested to convert (the converter ran out of recursion)",
        src,
        None,
        "flatten lists or quotes nested dozens of levels deep, and split runs of"
        " thousands of list items or definitions",
    )


def too_slow(src: Path, seconds: float | None) -> SiteError:
    return SiteError(
        f"took longer than {seconds:g} s to convert",
        src,
        None,
        "look for a very long paragraph of links, brackets or emphasis and split it"
        " with blank lines; if the page is fine, raise convert_time_limit in mvsite.yaml",
    )


def converter_failed(
    md: markdown.Markdown, body: str, src: Path, body_line: int, exc: Exception
) -> SiteError:
    """The converter raised `exc` on this page: the error, at the block it fails on."""
    line = body_line + failing_line(md, body.split("\n"))
    return SiteError(
        f"the Markdown converter failed here ({type(exc).__name__}: {exc})",
        src,
        line,
        "check this block's syntax (a fence's {attributes}, say): the converter could not"
        " handle it",
    )


def failing_line(md: markdown.Markdown, lines: list[str]) -> int:
    """The index of the first line of the smallest block of `lines` the converter fails on
    (it keeps no positions: bisect on the shortest failing prefix, then the shortest tail)."""

    def fails(part: list[str]) -> bool:
        md.reset()
        try:
            md.convert("\n".join(part))
        except Exception:
            return True
        return False

    low, high = 0, len(lines)  # lines[:high] fails
    while low + 1 < high:
        middle = (low + high) // 2
        low, high = (low, middle) if fails(lines[:middle]) else (middle, high)
    start, end = 0, high - 1  # lines[start:high] fails
    while start < end:
        middle = (start + end + 1) // 2
        start, end = (middle, end) if fails(lines[middle:high]) else (start, middle - 1)
    md.reset()
    return start
