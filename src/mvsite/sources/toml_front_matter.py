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
`[name]` header), outside multi-line strings, which is where TOML writes a key once.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from mvsite.errors import SiteError
from mvsite.sources.limits import MAX_NESTING
from mvsite.sources.strict_yaml import Key, Scalar, YamlDoc

TOML_DELIMITER = "+++"

_AT = re.compile(r"\(at line (\d+), column \d+\)$")
_TABLE = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\"' -]+?)\s*\]")
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
    in_string = ""
    for number, line in enumerate(text.splitlines(), start=first_line):
        if in_string:
            in_string = "" if line.count(in_string) % 2 else in_string
            continue
        header = _TABLE.match(line)
        if header:
            table = None if header.group(1) == "[[" else _dotted(header.group(2))
            if table:
                lines.setdefault(table, Scalar(number, ""))
            continue
        key = _KEY.match(line)
        if key and table is not None:
            value = key.group(2).strip()
            path = (*table, *_dotted(key.group(1)))
            for end in range(len(table) + 1, len(path)):  # the tables a dotted key makes
                lines.setdefault(path[:end], Scalar(number, ""))
            lines.setdefault(path, Scalar(number, value.strip("\"'")))
            in_string = next((q for q in ('"""', "'''") if value.count(q) % 2), "")
    return lines


def _dotted(name: str) -> Key:
    return tuple(part.strip().strip("\"'") for part in name.split("."))
