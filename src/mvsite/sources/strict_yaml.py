"""Strict YAML: duplicate keys are errors, and every value remembers its line and raw text.

PyYAML silently keeps the last of two duplicate keys and reads YAML 1.1 scalars
(`NO`, `1.10`, `12:30`) as booleans and numbers; the typed readers (yaml_values.py) turn
those surprises into errors where text or a date was expected.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mvsite.errors import SiteError, all_in_one
from mvsite.sources.yaml_lines import LineOf, line_in
from mvsite.sources.yaml_syntax import syntax_error

try:  # the C parser is several times faster; the result is the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Key = tuple[str | int, ...]
_TEXT_TAG = "tag:yaml.org,2002:str"
_DATE_TAG = "tag:yaml.org,2002:timestamp"
MAX_NESTING = 100  # real data nests a few levels; PyYAML composes (and mvsite walks) recursively
# Every list or mapping starts at a character of its own: '[' or '{', or a '-', '?' or ':'
# followed by a space or a line end. Text with no more of them than the limit cannot nest
# deeper, so most files need no closer look.
_BLOCK_INDICATOR = re.compile(r"[-?:](?=\s|$)", re.MULTILINE)
_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_PYTHON_NAME_TAG = "tag:yaml.org,2002:python/name:"
_PYTHON_CALL_TAG = "tag:yaml.org,2002:python/object/apply:"


_MKDOCS_TAGS = ("!ENV", "!relative")


@dataclass(frozen=True)
class PythonName:
    """A `!!python/name:module.attr` value (mkdocs.yml has them), never imported here."""

    name: str


@dataclass(frozen=True)
class PythonCall:
    """A `!!python/object/apply:module.attr` value: the call MkDocs makes while it loads
    mkdocs.yml (e.g. `pymdownx.slugs.slugify` with `kwds: {case: lower}`), never made here."""

    name: str
    args: tuple[Any, ...] = ()
    kwds: Mapping[str, Any] = field(default_factory=dict)


class RelativeText(str):
    """mkdocs.yml's `!relative PATH`, as written: text to every reader but that of
    markdown_extensions, which resolves `$config_dir` and `$docs_dir` as MkDocs does."""


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
    syntax: str = "YAML"  # or "TOML" (front matter between +++ lines): how messages quote it
    # Mistakes the reading went on past (a duplicate key, an impossible date), in line order,
    # for the caller to report with its own (parse_yaml's `collect`).
    mistakes: tuple[SiteError, ...] = ()

    def line_of(self, key: Key) -> int | None:
        while key:
            if key in self.lines:
                return self.lines[key].line
            key = key[:-1]
        return self.lines[()].line if () in self.lines else None

    def error(self, key: Key, message: str, hint: str = "") -> SiteError:
        return SiteError(message, self.path, self.line_of(key), hint)


def parse_yaml(text: str, path: Path, first_line: int = 1, collect: bool = False) -> YamlDoc:
    """YAML text -> YamlDoc; a syntax error raises SiteError at its line. Mistakes that leave
    the rest readable (duplicate keys, impossible dates) are all found: the first is raised
    with the others in its `also`, or with `collect` they are kept in the doc's `mistakes`."""
    check_nesting(text, path, first_line)
    loader = _Loader(text)
    # Without aliases a document has fewer values than twice its characters; aliases
    # repeat a value without copying it, and nine aliases of nine aliases... of a list
    # (a "billion laughs") would make this walk, and everything after it, unbounded.
    composer = _Composer(loader, line_in(text), first_line, limit=2 * len(text) + 1000)
    try:
        node = loader.get_single_node()
        value = None if node is None else composer.value(node, ())
    except SiteError as exc:  # one that stops the reading: said with those found before it
        raise all_in_one(m.at(path) for m in [*composer.mistakes, exc]) or exc from None
    except yaml.MarkedYAMLError as exc:
        raise syntax_error(exc, text, path, first_line) from None
    except yaml.YAMLError as exc:
        raise SiteError(f"YAML: {exc}", path, first_line) from None
    finally:
        loader.dispose()
    found = all_in_one(mistake.at(path) for mistake in composer.mistakes)
    if found is not None and not collect:
        raise found
    return YamlDoc(value, path, composer.lines, mistakes=() if found is None else found.each)


def check_nesting(text: str, path: Path, first_line: int = 1) -> None:
    """Raise at the first list or mapping nested deeper than MAX_NESTING, before composing.

    PyYAML composes recursively (deep nesting would be a RecursionError) and newer libyaml
    refuses deep nesting in its own words; this check speaks first, the same on every version.
    """
    starts = text.count("[") + text.count("{") + len(_BLOCK_INDICATOR.findall(text))
    if starts <= MAX_NESTING:
        return
    try:
        line = _too_deep(_Loader(text), line_in(text))
    except yaml.YAMLError:
        # Newer libyaml stops at 1,000 levels in its own words, scanning flow levels ahead of
        # the events; the pure-Python parser has no such limit, but is ~30 times slower.
        try:
            line = _too_deep(yaml.SafeLoader(text), line_in(text))
        except yaml.YAMLError:
            return  # a syntax error: parsing reports it where it is
    if line is not None:
        raise SiteError(
            f"YAML nested more than {MAX_NESTING} levels deep",
            path,
            line + first_line,
            "lists and mappings nest a few levels at most: flatten the data",
        )


def _too_deep(loader: Any, line_of: LineOf) -> int | None:
    """The 0-based line of the first collection nested deeper than MAX_NESTING, if any."""
    depth = 0
    try:
        while not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            if isinstance(event, _OPEN):
                depth += 1
                if depth > MAX_NESTING:
                    return line_of(event.start_mark) if event.start_mark else 0
            elif isinstance(event, _CLOSE):
                depth -= 1
    finally:
        loader.dispose()
    return None


@dataclass
class _Composer:
    """Nodes -> plain values, noting each key path's line and raw text in `lines`."""

    loader: Any
    line_of: LineOf  # a node's mark -> its 0-based line in the text
    first_line: int  # the file's line of the YAML's first line
    limit: int  # how many values the document may have (see parse_yaml)
    lines: dict[Key, Scalar] = field(default_factory=dict)
    mistakes: list[SiteError] = field(default_factory=list)  # the same twice through aliases
    # Scalars that failed to construct, and why: PyYAML's constructor leaves such a node
    # marked as being made, and any alias of it would fail as "recursive".
    failed: dict[yaml.Node, SiteError] = field(default_factory=dict)

    def value(self, node: yaml.Node, key: Key, line: int | None = None) -> Any:
        """Node -> value; a mapping entry is placed on its key's line (a nested value
        starts later)."""
        line = self.line_of(node.start_mark) + self.first_line if line is None else line
        if len(self.lines) >= self.limit:
            raise SiteError(
                "YAML aliases expand to too many values",
                None,
                line,
                "use anchors (&name) and aliases (*name) sparingly, or write the values out",
            )
        self.lines[key] = Scalar(line, node.value if isinstance(node, yaml.ScalarNode) else "")
        if node.tag.startswith(_PYTHON_CALL_TAG):
            return self._call(node, key, line)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, key)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(n, (*key, i)) for i, n in enumerate(node.value)]
        return self._scalar(node, line)

    def _scalar(self, node: yaml.Node, line: int) -> Any:
        """A scalar's value (or a key's); one that is not what it looks like (a date) is a
        mistake, and its text stands in for it."""
        mistake = self.failed.get(node)
        if mistake is None:
            try:
                return _construct(self.loader, node, line)
            except SiteError as found:
                mistake = self.failed[node] = found
        self.mistakes.append(mistake)
        return node.value

    def _mapping(self, node: yaml.MappingNode, key: Key) -> dict[Any, Any]:
        self.loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key_line = self.line_of(key_node.start_mark) + self.first_line
            name = self._key(key_node, key_line, result)
            result[name] = self.value(value_node, (*key, name), key_line)
        return result

    def _call(self, node: yaml.Node, key: Key, line: int) -> PythonCall:
        """PyYAML's forms of a call: no arguments, a list of them, or `args:` and `kwds:`."""
        name = node.tag.removeprefix(_PYTHON_CALL_TAG)
        if isinstance(node, yaml.SequenceNode):
            return PythonCall(
                name, tuple(self.value(n, (*key, i)) for i, n in enumerate(node.value))
            )
        if isinstance(node, yaml.ScalarNode) and node.value == "":
            return PythonCall(name)
        if isinstance(node, yaml.MappingNode):
            parts = self._mapping(node, key)
            args, kwds = parts.get("args", []), parts.get("kwds", {})
            if (
                parts.keys() <= {"args", "kwds"}
                and isinstance(args, list)
                and isinstance(kwds, dict)
            ):
                return PythonCall(name, tuple(args), kwds)
        raise SiteError(
            f"!!python/object/apply:{name} is given something other than its arguments",
            None,
            line,
            "write its arguments as 'args: [...]' and 'kwds: {...}', as in MkDocs' docs",
        )

    def _key(self, node: yaml.Node, line: int, seen: Mapping[Any, Any]) -> str | int:
        name = self._scalar(node, line)
        if isinstance(name, dict | list | set):
            raise SiteError(
                "a mapping or list cannot be a key (text starting with '{' or '[' is one)",
                None,
                line,
                'put text that starts with { or [ in quotes, e.g. title: "{{ name }}"',
            )
        if name in seen:
            self.mistakes.append(
                SiteError(
                    f"duplicate key '{name}'",
                    None,
                    line,
                    "YAML keeps only the last one: remove or rename one of them",
                )
            )
        return name if isinstance(name, str | int) else str(name)


def _construct(loader: Any, node: yaml.Node, line: int) -> Any:
    if node.tag == _TEXT_TAG and isinstance(node, yaml.ScalarNode):
        return node.value  # what the constructor returns for text, without its bookkeeping
    if node.tag.startswith(_PYTHON_NAME_TAG):
        return PythonName(node.tag.removeprefix(_PYTHON_NAME_TAG))
    if node.tag in _MKDOCS_TAGS and isinstance(node, yaml.ScalarNode):
        # mkdocs.yml's `!ENV NAME` and `!relative path`: the setting's text as written
        # (the config stays inert; mkdocs.py resolves a `!relative` folder it reads).
        return RelativeText(node.value) if node.tag == "!relative" else node.value
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError:
        raise
    except Exception as exc:  # PyYAML's constructors fail on a value its tag does not fit
        raise _unfit(node, line, exc) from None


def _unfit(node: yaml.Node, line: int, exc: Exception) -> SiteError:
    """The mistake of a value its (written or implied) tag does not fit: `2024-13-45` is read
    as a date, `!!bool hello` asks for one."""
    if node.tag == _DATE_TAG and isinstance(exc, ValueError):  # (a day or month out of range)
        return SiteError(
            f"{node.value!r} looks like a date but is not one ({exc})",
            None,
            line,
            "write a real date as YYYY-MM-DD, or put text in quotes",
        )
    kind = node.tag.rpartition(":")[2]
    return SiteError(
        f"{str(node.value)[:80]!r} is not a valid !!{kind}",
        None,
        line,
        f"write a {kind} there, or leave out the !!{kind} tag and put the text in quotes",
    )
