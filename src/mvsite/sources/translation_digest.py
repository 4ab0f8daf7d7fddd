"""Which version of its original a translation was made from.

A translation records, under `translation_of:` in its front matter, the digest of what a
translator translates: the original's title, description and body. Weight, dates, slug and
the rest of the front matter are left out (changing a page's order or date does not make its
translations outdated), and so are trailing spaces and blank lines at either end of the body.
mvsite writes the line (`mvsite new --translate`, `mvsite translations --done`); editors never
type it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from mvsite.errors import SiteError
from mvsite.sources.digest import digest
from mvsite.sources.front_matter import (
    is_toml_front_matter,
    split_front_matter,
    split_off_front_matter,
)
from mvsite.sources.toml_front_matter import parse_toml

TRANSLATION_KEY = "translation_of"
DIGEST_LENGTH = 16  # hex digits: enough to tell versions of one page apart


@dataclass(frozen=True, slots=True)
class Translated:
    """What a translator translates of a page."""

    title: str
    description: str
    body: str


@dataclass(frozen=True, slots=True)
class Recorded:
    """The digest a translation records, and the line that holds it (None: none recorded)."""

    digest: str | None
    line: int | None


@dataclass(frozen=True, slots=True)
class SourceFacts:
    """What the translation status needs of one source, from one reading of it."""

    digest: str  # what its translations record, as an original
    recorded: Recorded  # what it records, as a translation
    draft: bool


def source_facts(text: str, shown: Path) -> SourceFacts:
    """A page's text -> its digest, the digest it records, and whether it is a draft."""
    doc, body, _ = split_front_matter(text, shown)
    values = doc.value if doc is not None and isinstance(doc.value, dict) else {}
    recorded = Recorded(None, None)
    if doc is not None and TRANSLATION_KEY in values:
        line = doc.line_of((TRANSLATION_KEY,))
        recorded = Recorded(_text(values[TRANSLATION_KEY]) or None, line)
    parts = _parts(values, body)
    page_digest = digest(parts.title, parts.description, parts.body)[:DIGEST_LENGTH]
    return SourceFacts(page_digest, recorded, values.get("draft") is True)


def translated_parts(text: str, shown: Path) -> Translated:
    """A page's text -> its title, description and body, as the digest reads them."""
    doc, body, _ = split_front_matter(text, shown)
    return _parts(doc.value if doc is not None and isinstance(doc.value, dict) else {}, body)


def _parts(values: dict[str, object], body: str) -> Translated:
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").split("\n")]
    return Translated(
        _text(values.get("title")), _text(values.get("description")), "\n".join(lines).strip("\n")
    )


def translation_digest(text: str, shown: Path) -> str:
    """A page's text -> the digest its translations record."""
    return source_facts(text, shown).digest


def recorded_digest(text: str, shown: Path) -> Recorded:
    """A translation's text -> the digest it records under `translation_of:`, and its line."""
    return source_facts(text, shown).recorded


def with_recorded_digest(text: str, digest: str, shown: Path) -> str:
    """A translation's text recording `digest`; every other byte as it was. Quoted: YAML
    would read some digits-only digests as numbers."""
    return with_front_matter_line(text, TRANSLATION_KEY, f'"{digest}"', shown)


def with_front_matter_line(text: str, key: str, value: str, shown: Path) -> str:
    """`text` with the top-level front matter line of `key` set to `value`, every other byte
    as it was: the line rewritten where it is, else added before the closing `---`, and a
    front matter block made if the text has none. (TOML: see _with_toml_line.)"""
    front, _, body_line = split_off_front_matter(text, shown)
    if front is None:
        return f"---\n{key}: {value}\n---\n{text}"
    lines = text.splitlines(keepends=True)
    if is_toml_front_matter(text):
        return _with_toml_line(lines, body_line - 2, key, value, shown)
    pattern = re.compile(rf"^{re.escape(key)}[ \t]*:")
    line = f"{key}: {value}"
    for index in range(1, body_line - 2):
        if pattern.match(lines[index]):
            lines[index] = line + _line_end(lines[index])
            return "".join(lines)
    closing = body_line - 2
    lines.insert(closing, line + _line_end(lines[closing]))
    return "".join(lines)


def _with_toml_line(lines: list[str], closing: int, key: str, value: str, shown: Path) -> str:
    """The same for TOML front matter (lines[1:closing]): a line that looks like the key's
    may be in a table or a multi-line string, so each change is read back, and kept only if
    the top-level key alone changed; else the line goes first, where a key is always top-level."""
    before = parse_toml("".join(lines[1:closing]), shown, first_line=2).value
    wanted = {**before, key: tomllib.loads(f"v = {value}")["v"]}
    line = f"{key} = {value}"
    pattern = re.compile(rf"^[ \t]*([\"']?){re.escape(key)}\1[ \t]*=")
    tries = [i for i in range(1, closing) if pattern.match(lines[i])]
    for index in [*tries, None]:
        changed, end = list(lines), closing
        if index is None:
            changed.insert(1, line + _line_end(lines[0]))
            end += 1
        else:
            changed[index] = line + _line_end(lines[index])
        try:
            after = tomllib.loads("".join(changed[1:end]))
        except tomllib.TOMLDecodeError:
            continue
        if _same(after, wanted):
            return "".join(changed)
    raise SiteError(
        f"could not set '{key}' in the TOML front matter",
        shown,
        1,
        f"set {line} by hand, or write the front matter in YAML, between --- lines",
    )


def _same(one: object, other: object) -> bool:
    """Equal, a NaN (TOML's nan) equal to a NaN."""
    if isinstance(one, float) and isinstance(other, float) and one != one and other != other:
        return True
    if isinstance(one, dict) and isinstance(other, dict):
        return one.keys() == other.keys() and all(_same(one[k], other[k]) for k in one)
    if isinstance(one, list) and isinstance(other, list):
        return len(one) == len(other) and all(map(_same, one, other))
    return one == other


def _line_end(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :] or "\n"


def _text(value: object) -> str:
    return "" if value is None else str(value)
