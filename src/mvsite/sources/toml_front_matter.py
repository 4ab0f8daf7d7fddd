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
`[name]` header), which is where TOML allows a key to be written once.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from mvsite.errors import SiteError
from mvsite.sources.strict_yaml import Key, Scalar, YamlDoc

TOML_DELIMITER = "+++"

_AT = re.compile(r"\(at line (\d+), column \d+\)$")
_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_-]+)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r'^\s*"?([A-Za-z0-9_-]+)"?\s*=\s*(.*?)\s*$')


def parse_toml(text: str, path: Path, first_line: int = 1) -> YamlDoc:
    """TOML text -> YamlDoc; a syntax error raises SiteError at its line."""
    try:
        value = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _AT.search(message)
        line = first_line + int(found.group(1)) - 1 if found else first_line
        raise SiteError(
            f"TOML: {_AT.sub('', message).strip().rstrip('.')}",
            path,
            line,
            'write each key as name = value, text in "quotes", lists as [ "a", "b" ]',
        ) from None
    return YamlDoc(value, path, _key_lines(text, first_line))


def _key_lines(text: str, first_line: int) -> dict[Key, Scalar]:
    """Where each top-level key, and each key of a top-level table, was written."""
    lines: dict[Key, Scalar] = {(): Scalar(first_line, "")}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=first_line):
        header = _TABLE.match(line)
        if header:
            table = (header.group(1),)
            lines.setdefault(table, Scalar(number, ""))
            continue
        key = _KEY.match(line)
        if key:
            # (as read, for messages: TOML converts nothing that a quote would keep as text)
            lines.setdefault((*table, key.group(1)), Scalar(number, key.group(2).strip("\"'")))
    return lines
