"""Strict YAML: duplicate keys are errors, and every value remembers its line and raw text.

PyYAML silently keeps the last of two duplicate keys and reads YAML 1.1 scalars
(`NO`, `1.10`, `12:30`) as booleans and numbers; the typed readers below turn
those surprises into errors where text or a date was expected.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mvsite.errors import SiteError

try:  # the C parser is several times faster; the result is the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Key = tuple[str | int, ...]
_TEXT_TAG = "tag:yaml.org,2002:str"
MAX_NESTING = 100  # real data nests a few levels; PyYAML composes (and mvsite walks) recursively
# Every list or mapping starts at a character of its own: '[' or '{', or a '-', '?' or ':'
# followed by a space or a line end. Text with no more of them than the limit cannot nest
# deeper, so most files need no closer look.
_BLOCK_INDICATOR = re.compile(r"[-?:](?=\s|$)", re.MULTILINE)
_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_PYTHON_NAME_TAG = "tag:yaml.org,2002:python/name:"


_MKDOCS_TAGS = ("!ENV", "!relative")


@dataclass(frozen=True)
class PythonName:
    """A `!!python/name:module.attr` value (mkdocs.yml has them), never imported here."""

    name: str


@dataclass(frozen=True)
class Scalar:
    line: int
    raw: str


@dataclass(frozen=True)
class YamlDoc:
    """Plain Python values plus, for every key path, where it stood and how it was written."""

    value: Any
    path: Path
    lines: Mapping[Key, Scalar] = field(default_factory=dict)

    def line_of(self, key: Key) -> int | None:
        while key:
            if key in self.lines:
                return self.lines[key].line
            key = key[:-1]
        return self.lines[()].line if () in self.lines else None

    def error(self, key: Key, message: str, hint: str = "") -> SiteError:
        return SiteError(message, self.path, self.line_of(key), hint)


def parse_yaml(text: str, path: Path, first_line: int = 1) -> YamlDoc:
    """YAML text -> YamlDoc; syntax errors and duplicate keys raise SiteError at their line."""
    check_nesting(text, path, first_line)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Key, Scalar] = {}
        # Without aliases a document has fewer values than twice its characters; aliases
        # repeat a value without copying it, and nine aliases of nine aliases... of a list
        # (a "billion laughs") would make this walk, and everything after it, unbounded.
        limit = 2 * len(text) + 1000
        value = (
            None if node is None else _to_python(loader, node, (), lines, first_line, None, limit)
        )
    except SiteError as exc:
        raise exc.at(path) from None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, path, first_line) from None
    except yaml.YAMLError as exc:
        raise SiteError(f"YAML: {exc}", path, first_line) from None
    finally:
        loader.dispose()
    return YamlDoc(value, path, lines)


def check_nesting(text: str, path: Path, first_line: int = 1) -> None:
    """Raise at the first list or mapping nested deeper than MAX_NESTING, before composing.

    PyYAML composes recursively (deep nesting would be a RecursionError) and newer libyaml
    refuses deep nesting in its own words; this check speaks first, the same on every version.
    """
    starts = text.count("[") + text.count("{") + len(_BLOCK_INDICATOR.findall(text))
    if starts <= MAX_NESTING:
        return
    try:
        line = _too_deep(_Loader(text))
    except yaml.YAMLError:
        # Newer libyaml stops at 1,000 levels in its own words, scanning flow levels ahead of
        # the events; the pure-Python parser has no such limit, but is ~30 times slower.
        try:
            line = _too_deep(yaml.SafeLoader(text))
        except yaml.YAMLError:
            return  # a syntax error: parsing reports it where it is
    if line is not None:
        raise SiteError(
            f"YAML nested more than {MAX_NESTING} levels deep",
            path,
            line + first_line,
            "lists and mappings nest a few levels at most: flatten the data",
        )


def _too_deep(loader: Any) -> int | None:
    """The 0-based line of the first collection nested deeper than MAX_NESTING, if any."""
    depth = 0
    try:
        while not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            if isinstance(event, _OPEN):
                depth += 1
                if depth > MAX_NESTING:
                    return event.start_mark.line if event.start_mark else 0
            elif isinstance(event, _CLOSE):
                depth -= 1
    finally:
        loader.dispose()
    return None


def _to_python(
    loader: Any,
    node: yaml.Node,
    key: Key,
    lines: dict[Key, Scalar],
    first: int,
    line: int | None,
    limit: int,
) -> Any:
    """Node -> value; a mapping entry is placed on its key's line (a nested value starts later)."""
    line = node.start_mark.line + first if line is None else line
    if len(lines) >= limit:
        raise SiteError(
            "YAML aliases expand to too many values",
            None,
            line,
            "use anchors (&name) and aliases (*name) sparingly, or write the values out",
        )
    lines[key] = Scalar(line, node.value if isinstance(node, yaml.ScalarNode) else "")
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + first
            name = _construct(loader, key_node, key_line)
            if isinstance(name, dict | list | set):
                raise SiteError(
                    "a mapping or list cannot be a key (text starting with '{' or '[' is one)",
                    None,
                    key_line,
                    'put text that starts with { or [ in quotes, e.g. title: "{{ name }}"',
                )
            if name in result:
                raise SiteError(
                    f"duplicate key '{name}'",
                    None,
                    key_node.start_mark.line + first,
                    "YAML keeps only the last one: remove or rename one of them",
                )
            if not isinstance(name, str | int):
                name = str(name)
            value = _to_python(loader, value_node, (*key, name), lines, first, key_line, limit)
            result[name] = value
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_python(loader, n, (*key, i), lines, first, None, limit)
            for i, n in enumerate(node.value)
        ]
    return _construct(loader, node, line)


def _construct(loader: Any, node: yaml.Node, line: int) -> Any:
    if node.tag == _TEXT_TAG and isinstance(node, yaml.ScalarNode):
        return node.value  # what the constructor returns for text, without its bookkeeping
    if node.tag.startswith(_PYTHON_NAME_TAG):
        return PythonName(node.tag.removeprefix(_PYTHON_NAME_TAG))
    if node.tag in _MKDOCS_TAGS and isinstance(node, yaml.ScalarNode):
        # mkdocs.yml's `!ENV NAME` and `!relative path`: the setting's text as written
        # (mvsite reads no setting these are used for: the config stays inert).
        return node.value
    try:
        return loader.construct_object(node, deep=True)
    except ValueError as exc:  # PyYAML's dates: a day or month out of range
        raise SiteError(
            f"{node.value!r} looks like a date but is not one ({exc})",
            None,
            line,
            "write a real date as YYYY-MM-DD, or put text in quotes",
        ) from None


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, path: Path, first: int) -> SiteError:
    in_quotes = "quoted scalar" in (exc.context or "")
    mark = exc.problem_mark
    at_end = mark is None or mark.line >= len(text.rstrip("\n").splitlines())
    # An unclosed quote or bracket is only noticed at the end; where it opened is more useful.
    if (in_quotes or at_end) and exc.context_mark is not None:
        mark = exc.context_mark
    index = mark.line if mark else 0
    problem = exc.problem or exc.context or "invalid YAML"
    hint = "check the indentation and quoting on this line and the one before"
    line_text = text.splitlines()[index] if index < len(text.splitlines()) else ""
    if "\t" in line_text[: len(line_text) - len(line_text.lstrip())] or "\\t" in problem:
        hint = "YAML does not allow tabs for indentation: use spaces"
    elif in_quotes:
        hint = "a quote was opened but not closed"
    return SiteError(f"YAML syntax: {problem}", path, index + first, hint)


def _describe(doc: YamlDoc, key: Key, value: Any) -> str:
    raw = doc.lines[key].raw if key in doc.lines else ""
    if raw and raw != str(value) and not isinstance(value, dict | list):
        return f"{raw!r}, which YAML reads as {value!r}"
    return repr(value)


def _name(key: Key) -> str:
    return ".".join(str(k) for k in key)


def read_text(doc: YamlDoc, key: Key, value: Any) -> str:
    if isinstance(value, str):
        return value
    raw = doc.lines[key].raw if key in doc.lines else str(value)
    hint = (
        "write it as one line of text"
        if isinstance(value, dict | list)
        else f'put it in quotes: {key[-1]}: "{raw}"'
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
        "write the number without quotes or units, e.g. 75 (the shown text goes in 'display')",
    )


def read_date(doc: YamlDoc, key: Key, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise doc.error(
        key,
        f"'{_name(key)}' must be a date (got {_describe(doc, key, value)})",
        "write dates as YYYY-MM-DD, for example 2026-11-21",
    )


def read_text_list(doc: YamlDoc, key: Key, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list):
        raise doc.error(
            key,
            f"'{_name(key)}' must be a list of text (got {value!r})",
            f"write {key[-1]}: [first, second]",
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


def check_known_keys(doc: YamlDoc, key: Key, mapping: Mapping[str, Any], known: set[str]) -> None:
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
