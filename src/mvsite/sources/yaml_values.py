"""Typed readers over a YamlDoc: a value -> text, number, date, list, mapping, or a located
error that says what YAML read and how to write what was meant."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from mvsite.sources.strict_yaml import Key, YamlDoc


def _describe(doc: YamlDoc, key: Key, value: Any) -> str:
    raw = doc.lines[key].raw if key in doc.lines else ""
    if raw and raw != str(value) and not isinstance(value, dict | list):
        return f"{raw!r}, which {doc.syntax} reads as {value!r}"
    return repr(value)


def _assign(doc: YamlDoc) -> str:
    return " = " if doc.syntax == "TOML" else ": "


def _name(key: Key) -> str:
    return ".".join(str(k) for k in key)


def read_text(doc: YamlDoc, key: Key, value: Any) -> str:
    if isinstance(value, str):
        return value
    raw = doc.lines[key].raw if key in doc.lines else str(value)
    hint = (
        "write it as one line of text"
        if isinstance(value, dict | list)
        else f'put it in quotes: {key[-1]}{_assign(doc)}"{raw}"'
    )
    raise doc.error(key, f"'{_name(key)}' must be text (got {_describe(doc, key, value)})", hint)


def read_bool(doc: YamlDoc, key: Key, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise doc.error(
        key,
        f"'{_name(key)}' must be true or false (got {_describe(doc, key, value)})",
        "write true or false, without quotes",
    )


def read_choice(doc: YamlDoc, key: Key, value: Any, choices: tuple[str, ...]) -> str:
    if isinstance(value, str) and value in choices:
        return value
    raise doc.error(
        key,
        f"'{_name(key)}' must be one of {', '.join(choices)} (got {_describe(doc, key, value)})",
        f"write {' or '.join(choices)}",
    )


def read_int(doc: YamlDoc, key: Key, value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise doc.error(
        key,
        f"'{_name(key)}' must be a whole number (got {_describe(doc, key, value)})",
        "write digits only, without quotes, e.g. 3",
    )


def read_number(doc: YamlDoc, key: Key, value: Any) -> int | float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    raise doc.error(
        key,
        f"'{_name(key)}' must be a number (got {_describe(doc, key, value)})",
        _comma_hint(value)
        or "write the number without quotes or units, e.g. 75 (the shown text goes in 'display')",
    )


_DECIMAL_COMMA = re.compile(r"(-?\d+),(\d+)")


def _comma_hint(value: Any) -> str:
    """'3,5' -> how to write 3.5; '1,500' may be either a thousand and a half or one and a
    half (a Danish editor's 1,5): both are named."""
    match = _DECIMAL_COMMA.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        return ""
    whole, part = match.groups()
    point = f"{whole}.{part}"
    if len(part) == 3:
        return f"write {whole}{part}, or {point} if it is a decimal: decimals take a point"
    return f"write {point}: decimals take a point, not a comma"


def read_date(doc: YamlDoc, key: Key, value: Any) -> dt.date:
    if isinstance(value, str):  # quoted, as Hugo's archetypes write dates: '2024-01-14T07:07:07Z'
        value = _iso_date(value) or value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise doc.error(
        key,
        f"'{_name(key)}' must be a date (got {_describe(doc, key, value)})",
        "write dates as YYYY-MM-DD, for example 2026-11-21",
    )


def _iso_date(text: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(text.strip()).date()
    except ValueError:
        return None


def read_text_list(doc: YamlDoc, key: Key, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list):
        raise doc.error(
            key,
            f"'{_name(key)}' must be a list of text (got {value!r})",
            f"write {key[-1]}: [first, second]"
            if doc.syntax == "YAML"
            else f'write {key[-1]} = ["first", "second"]',
        )
    return tuple(read_text(doc, (*key, i), item) for i, item in enumerate(value))


def read_mapping(doc: YamlDoc, key: Key, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise doc.error(
            key,
            f"'{_name(key) or 'the file'}' must be a mapping of key: value",
            "write one 'key: value' per line",
        )
    return value


def check_known_keys(
    doc: YamlDoc, key: Key, mapping: Mapping[str, Any], known: AbstractSet[str]
) -> None:
    """Raise for the first key not in `known`, suggesting the nearest known one."""
    for name in mapping:
        if name not in known:
            close = difflib.get_close_matches(str(name), sorted(known), n=1, cutoff=0.6)
            where = f" in '{_name(key)}'" if key else ""
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else "known keys: " + ", ".join(sorted(known))
            )
            raise doc.error((*key, name), f"unknown key '{name}'{where}", hint)
