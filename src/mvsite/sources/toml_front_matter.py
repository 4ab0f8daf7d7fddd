"""Front matter in TOML between `+++` lines, as Hugo writes it -> the YamlDoc that YAML front
matter gives, so every key is read and checked, and located, the same way.

    +++
    title = "Cancer research"
    date = 2026-11-21
    tags = ["oncology"]
    [extra]
    lead = true
    +++

tomllib keeps no positions: a key's line is found by its `name =` line (a table's by its
`[name]` header) on a line that starts outside strings and lists, where TOML writes a key.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mvsite.errors import SiteError
from mvsite.sources.limits import MAX_NESTING
from mvsite.sources.strict_yaml import Key, Scalar, YamlDoc

TOML_DELIMITER = "+++"

_AT = re.compile(r"\(at line (\d+), column \d+\)$")
_KEY = re.compile(r'^\s*([A-Za-z0-9_"\'.-]+?)\s*=(.*)')
_HINT = 'write each key as name = value, text in "quotes", lists as [ "a", "b" ]'


def parse_toml(text: str, path: Path, first_line: int = 1) -> YamlDoc:
    """TOML text -> YamlDoc; a syntax error, or nesting deeper than YAML may, raises
    SiteError at its line."""
    try:
        value = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _AT.search(message)
        line = first_line + int(found.group(1)) - 1 if found else first_line
        message = _AT.sub("", message).strip().rstrip(".")
        raise SiteError(f"TOML: {message}", path, line, _HINT) from None
    except RecursionError:
        value = None
    if value is None or _depth(value) > MAX_NESTING:
        raise SiteError(
            f"front matter nests more than {MAX_NESTING} lists or tables deep",
            path,
            first_line,
            "front matter is a few keys and lists: flatten it",
        )
    return YamlDoc(value, path, _key_lines(text, first_line), syntax="TOML")


def _depth(value: Any, limit: int = MAX_NESTING + 1) -> int:
    """How deep lists and tables nest in `value` (counted up to `limit`)."""
    if limit <= 0 or not isinstance(value, dict | list):
        return 0
    children = value.values() if isinstance(value, dict) else value
    return 1 + max((_depth(child, limit - 1) for child in children), default=0)


def _key_lines(text: str, first_line: int) -> dict[Key, Scalar]:
    """Where each key was written: a table's keys under its header's name; keys of an array
    of tables ([[name]]) are not located (they have no single place)."""
    lines: dict[Key, Scalar] = {(): Scalar(first_line, "")}
    table: Key | None = ()
    for number, line in _statement_lines(text, first_line):
        stripped = line.strip()
        if stripped.startswith("["):
            array = stripped.startswith("[[")
            table = None if array else _dotted(stripped[1 : stripped.find("]")])
            if table and len(table) <= MAX_NESTING:
                lines.setdefault(table, Scalar(number, ""))
            continue
        key = _KEY.match(line)
        if key is None or table is None:
            continue
        path = (*table, *_dotted(key.group(1)))
        if len(path) > MAX_NESTING:  # (TOML has read it: nothing worth locating)
            continue
        for end in range(len(table) + 1, len(path)):  # the tables a dotted key makes
            lines.setdefault(path[:end], Scalar(number, ""))
        lines.setdefault(path, Scalar(number, key.group(2).strip().strip("\"'")))
    return lines


def _statement_lines(text: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Each line (numbered from `first_line`) that starts a key or a table: not one that
    goes on inside a multi-line string, a list or an inline table (in one pass)."""
    quote, depth = "", 0
    for number, line in enumerate(text.split("\n"), start=first_line):
        if not quote and depth == 0:
            yield number, line
        quote, depth = _state_after(line, quote, depth)


def _state_after(line: str, quote: str, depth: int) -> tuple[str, int]:
    """The open multi-line string (its quotes) and bracket depth after `line`."""
    index = 0
    while index < len(line):
        if quote:
            end = _string_end(line, index, quote)
            if end < 0:
                return (quote if len(quote) == 3 else ""), depth
            index, quote = end, ""
            continue
        char = line[index]
        if char == "#":
            break
        if char in "\"'":
            quote = line[index : index + 3] if line.startswith(char * 3, index) else char
            index += len(quote)
            continue
        depth += 1 if char in "[{" else -1 if char in "]}" and depth else 0
        index += 1
    return ("" if len(quote) == 1 else quote), depth


def _string_end(line: str, index: int, quote: str) -> int:
    """Where the string closed by `quote` ends on `line` from `index` (-1: not there)."""
    while (found := line.find(quote, index)) >= 0:
        escapes = len(line[index:found]) - len(line[index:found].rstrip("\\"))
        if quote.startswith("'") or escapes % 2 == 0:  # (a literal string has no escapes)
            return found + len(quote)
        index = found + 1
    return -1


def _dotted(name: str) -> Key:
    return tuple(part.strip().strip("\"'") for part in name.split("."))
