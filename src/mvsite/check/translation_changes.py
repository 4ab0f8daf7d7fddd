"""What changed in an original since a translation was made: its earlier text and its text
now -> the title, the description, and the runs of lines changed, added or removed, with
their line numbers in the original now and the heading they are under."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from mvsite.sources.front_matter import split_front_matter, split_off_front_matter
from mvsite.sources.translation_digest import translated_parts

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
SHOWN_CHANGES = 4  # runs named in a message; the rest are counted

Kind = Literal["title", "description", "changed", "added", "removed"]


@dataclass(frozen=True, slots=True)
class Change:
    kind: Kind
    first: int  # the original's line now (for 'removed': the line after which)
    last: int
    under: str  # the heading the lines are under now ('' before the first heading)


def changes_since(old: str, new: str, shown: Path) -> tuple[Change, ...]:
    """The changes from the original's `old` text to its `new` one."""
    before, after = translated_parts(old, shown), translated_parts(new, shown)
    doc, _, _ = split_front_matter(new, shown)
    found: list[Change] = []
    for kind in ("title", "description"):
        if getattr(before, kind) != getattr(after, kind):
            line = (doc.line_of((kind,)) if doc is not None else None) or 1
            found.append(Change(kind, line, line, ""))
    return (*found, *_body_changes(old, new, shown))


def _body_changes(old: str, new: str, shown: Path) -> list[Change]:
    old_lines, _ = _body_lines(old, shown)
    new_lines, first = _body_lines(new, shown)
    headings = _headings(new_lines)
    found = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or not any(line for line in (*old_lines[i1:i2], *new_lines[j1:j2])):
            continue
        j1, j2 = _without_blank_ends(new_lines, j1, j2)
        if j1 == j2:
            found.append(
                Change("removed", first + j1 - 1, first + j1 - 1, headings[max(j1 - 1, 0)])
            )
        else:
            kind: Kind = "added" if tag == "insert" else "changed"
            found.append(Change(kind, first + j1, first + j2 - 1, headings[j1]))
    return found


def _without_blank_ends(lines: list[str], start: int, end: int) -> tuple[int, int]:
    """The run of lines[start:end] less its blank lines at either end."""
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return start, end


def _body_lines(text: str, shown: Path) -> tuple[list[str], int]:
    """The body's lines without trailing spaces, and the file line of the first."""
    _, body, body_line = split_off_front_matter(text, shown)
    return [line.rstrip() for line in body.replace("\r\n", "\n").split("\n")], body_line


def _headings(lines: list[str]) -> list[str]:
    """For each line, the text of the last heading at or above it ('' before the first)."""
    under, in_fence, found = "", False, []
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match:
            under = match.group(2)
        found.append(under)
    return found


def describe_changes(changes: tuple[Change, ...]) -> str:
    """'title (line 2); lines 12-14 changed (under "Trials"); line 30 added' and so on."""
    parts = [_describe(change) for change in changes[:SHOWN_CHANGES]]
    if len(changes) > SHOWN_CHANGES:
        parts.append(f"and {len(changes) - SHOWN_CHANGES} more")
    return "; ".join(parts)


def _describe(change: Change) -> str:
    if change.kind in ("title", "description"):
        return f"{change.kind} changed (line {change.first})"
    if change.kind == "removed":
        where = f"lines removed after line {change.first}"
    elif change.first == change.last:
        where = f"line {change.first} {change.kind}"
    else:
        where = f"lines {change.first}-{change.last} {change.kind}"
    return f'{where} (under "{change.under}")' if change.under else where
