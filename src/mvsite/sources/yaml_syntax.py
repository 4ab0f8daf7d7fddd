"""A YAML syntax error -> a SiteError at the line to fix, with what to do in an editor's words."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from mvsite.errors import SiteError
from mvsite.sources.yaml_lines import SEPARATOR_HINT, line_in, separator_line

_TYPOGRAPHIC_QUOTES = re.compile("[\u201c\u201d\u201e\u2018\u2019\u00ab\u00bb]")


def syntax_error(exc: yaml.MarkedYAMLError, text: str, path: Path, first: int) -> SiteError:
    """PyYAML's syntax error in `text` (whose first line is the file's line `first`)."""
    in_quotes = "quoted scalar" in (exc.context or "")
    line_of, lines = line_in(text), text.split("\n")
    mark = exc.problem_mark
    at_end = mark is None or line_of(mark) >= len(text.rstrip("\n").split("\n"))
    # An unclosed quote or bracket is only noticed at the end; where it opened is more useful.
    if (in_quotes or at_end) and exc.context_mark is not None:
        mark = exc.context_mark
    index = line_of(mark) if mark else 0
    problem = exc.problem or exc.context or "invalid YAML"
    line_text = lines[index] if index < len(lines) else ""
    hint = _hint(problem, line_text, in_quotes)
    separator = separator_line(lines, index)
    if separator is not None:
        index, hint = separator, SEPARATOR_HINT
    return SiteError(f"YAML syntax: {problem}", path, index + first, hint)


def _hint(problem: str, line_text: str, in_quotes: bool) -> str:
    """What to do about a YAML syntax error on `line_text`."""
    if "\t" in line_text[: len(line_text) - len(line_text.lstrip())] or "\\t" in problem:
        return "YAML does not allow tabs for indentation: use spaces"
    if in_quotes:
        return "a quote was opened but not closed"
    if _TYPOGRAPHIC_QUOTES.search(line_text):
        return "\u201c \u201d are typographic quotes, which YAML reads as text: use straight quotes"
    if "mapping values are not allowed" in problem and line_text.count(": ") > 1:
        key, _, value = line_text.partition(": ")
        return f'a value with ": " in it goes in quotes: {key.strip()}: "{value.strip()}"'
    return "check the indentation and quoting on this line and the one before"
