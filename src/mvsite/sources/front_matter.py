"""A page's front matter: the text between its `---` lines -> FrontMatter, typed and checked.

Known keys are fields; keys the site allows go to `extra`; other generators' keys are kept as
`foreign`; a key close to a known one is a typo, and an error.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import InitVar, dataclass, field
from pathlib import Path
from typing import Any

from mvsite.errors import SiteError, all_in_one
from mvsite.sources.config import Config
from mvsite.sources.digest import digest
from mvsite.sources.page_urls import MAX_URL_PART_BYTES, URL_PART, is_url_part_too_long
from mvsite.sources.strict_yaml import YamlDoc, parse_yaml
from mvsite.sources.toml_front_matter import TOML_DELIMITER, parse_toml
from mvsite.sources.yaml_values import (
    read_bool,
    read_date,
    read_int,
    read_mapping,
    read_text,
    read_text_list,
)

FRONT_MATTER_KEYS = {
    "title",
    "description",
    "date",
    "updated",
    "draft",
    "weight",
    "template",
    "page_template",
    "slug",
    "aliases",
    "tags",
    "extra",
    "translation_of",  # written by mvsite: see translation_digest
}


@dataclass(frozen=True, slots=True)
class FrontMatter:
    title: str | None = None
    description: str = ""
    date: dt.date | None = None
    updated: dt.date | None = None
    draft: bool = False
    weight: int = 0
    template: str | None = None
    page_template: str | None = None
    slug: str | None = None
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)
    translation_of: str | None = None  # the original's digest a translation was made from
    lines: Mapping[str, int] = field(default_factory=dict)
    # Keys of other generators' front matter (hide, icon, toc_depth...), given to templates as
    # page.meta; those not in allowed_front_matter are warned of (see site._warnings).
    foreign: Mapping[str, Any] = field(default_factory=dict)
    # A digest of every value above, for each page's view key (build/page_keys.py): made once
    # where the page is parsed, it travels with the page. A pickle (by its fields, as the
    # cache and the worker pipes make it: cls(*values)) gives it back as `known_key`;
    # `replace`, which leaves an InitVar at its default, has it made again from the new values.
    key: str = field(init=False, repr=False, compare=False)
    known_key: InitVar[str | None] = None

    def __post_init__(self, known_key: str | None) -> None:
        object.__setattr__(self, "key", known_key or digest(repr(self)))


# Lines as Python-Markdown counts them: ended by \n, \r\n or \r (not by U+2028 and the
# other breaks str.splitlines knows), each with its end.
_LINES = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+$")


def split_front_matter(
    text: str, shown: Path, collect: bool = False
) -> tuple[YamlDoc | None, str, int]:
    """Text -> (front matter, body, the body's first line number). With `collect`, the YAML's
    mistakes that leave it readable are kept in the doc (parse_front_matter says them with its
    own), else raised."""
    front, body, body_line = split_off_front_matter(text, shown)
    if front is None:
        return None, body, body_line
    if is_toml_front_matter(text):
        return parse_toml(front, shown, first_line=2), body, body_line
    try:
        return parse_yaml(front, shown, first_line=2, collect=collect), body, body_line
    except SiteError as exc:
        raise _unclosed(exc, front) from None


def _unclosed(error: SiteError, front: str) -> SiteError:
    """A YAML syntax error after a blank line of front matter that a `---` after a blank line
    closed: its own closing `---` is most likely missing, and a rule further down closed it,
    with the page's text in it (front matter seldom has blank lines, a rule has them)."""
    blank = next((n for n, line in enumerate(front.split("\n"), 2) if not line.strip()), None)
    ruled = front.rstrip(" \t").endswith("\n\n")
    syntax = error.message.startswith("YAML syntax")
    if not (syntax and ruled) or blank is None or blank >= (error.line or 0):
        return error
    return SiteError(
        f"front matter runs on into the page's text ({error.message}, line {error.line})",
        error.path,
        blank,
        "add a line with just --- here, after the last front matter line",
    )


def is_toml_front_matter(text: str) -> bool:
    """Does the text open with Hugo's `+++` (TOML) rather than `---` (YAML)?"""
    first = _LINES.match(text)
    return first is not None and first.group().rstrip() == TOML_DELIMITER


def split_off_front_matter(text: str, shown: Path) -> tuple[str | None, str, int]:
    """Text -> (front matter text or None, body, the body's first line number)."""
    first = _LINES.match(text)
    opening = first.group().rstrip() if first else ""
    if first is None or opening not in ("---", TOML_DELIMITER):
        return None, text, 1
    closings = ("---", "...") if opening == "---" else (TOML_DELIMITER,)
    for number, line in enumerate(_LINES.finditer(text, first.end()), start=2):
        if line.group().rstrip() in closings:
            return text[first.end() : line.start()], text[line.end() :], number + 1
    raise SiteError(
        "front matter opened on line 1 is never closed",
        shown,
        1,
        f"add a line with just {opening} after the last front matter line",
    )


def parse_front_matter(doc: YamlDoc, config: Config) -> FrontMatter:
    """Front matter -> FrontMatter; every mistake in it is raised at once (the first, with
    the others in its `also`), not one build at a time."""
    values = read_mapping(doc, (), doc.value)
    mistakes = _Mistakes(doc.mistakes)
    allowed = set(config.allowed_front_matter)
    for name in values:
        if name not in FRONT_MATTER_KEYS and name not in allowed:
            mistakes.read(_check_not_misspelt, doc, str(name))
    if config.from_mkdocs and "template" in values:
        # A MkDocs page's template is its theme's (Material's `overrides/home.html`), and
        # mvsite runs no MkDocs theme: kept as another tool's key, warned of with the others.
        values = {**values}
        foreign_template = {"template": values.pop("template")}
    else:
        foreign_template = {}
    extra = dict(mistakes.read(read_mapping, doc, ("extra",), values.get("extra")) or {})
    extra.update({k: v for k, v in values.items() if k in allowed})
    foreign = {str(k): v for k, v in values.items() if k not in FRONT_MATTER_KEYS}
    meta = FrontMatter(
        **_fields(doc, values, mistakes),
        extra=extra,
        lines={str(k): doc.line_of((k,)) or 1 for k in (*values, *foreign_template)},
        foreign={**foreign, **foreign_template},
    )
    mistakes.raise_any()
    return meta


def _fields(doc: YamlDoc, values: Mapping[str, Any], mistakes: _Mistakes) -> dict[str, Any]:
    """The typed fields of FrontMatter; a value of the wrong type noted in `mistakes`."""

    def read(key: str, reader: Any) -> Any:
        return mistakes.read(_optional, doc, values, key, reader)

    aliases = read("aliases", read_text_list) or ()
    return {
        "title": read("title", read_text),
        "description": read("description", read_text) or "",
        "date": read("date", read_date),
        "updated": read("updated", read_date),
        "draft": read("draft", read_bool) or False,
        "weight": read("weight", read_int) or 0,
        "template": read("template", read_text),
        "page_template": read("page_template", read_text),
        "slug": mistakes.read(_checked_slug, doc, read("slug", read_text)),
        "aliases": tuple(mistakes.read(_checked_alias, doc, i, a) for i, a in enumerate(aliases)),
        "tags": read("tags", read_text_list) or (),
        "translation_of": read("translation_of", read_text),
    }


class _Mistakes:
    """The mistakes found in one front matter, each read going on past the one before."""

    def __init__(self, in_yaml: tuple[SiteError, ...]) -> None:
        self.in_yaml = in_yaml  # found reading the YAML (a duplicate key, an impossible date)
        self.found: list[SiteError] = []

    def read(self, reader: Callable[..., Any], *arguments: Any) -> Any:
        try:
            return reader(*arguments)
        except SiteError as error:
            self.found.append(error)
            return None

    def raise_any(self) -> None:
        """Raise every mistake at once. A value the YAML could not read stands as its text: a
        line with such a mistake gets no second one for it ('must be a date')."""
        said = {error.line for error in self.in_yaml}
        error = all_in_one((*self.in_yaml, *(e for e in self.found if e.line not in said)))
        if error is not None:
            raise error


_MISSPELT = 0.75  # 'drafts' and 'tilte' are near 'draft' and 'title'; 'hide' and 'icon' are not


def _check_not_misspelt(doc: YamlDoc, name: str) -> None:
    """A key near a known one is a typo, an error; any other is another generator's."""
    close = difflib.get_close_matches(name, sorted(FRONT_MATTER_KEYS), 1, _MISSPELT)
    if close:
        raise doc.error((name,), f"unknown key '{name}'", f"did you mean '{close[0]}'?")


def _optional(doc: YamlDoc, values: Mapping[str, Any], key: str, reader: Any) -> Any:
    value = values.get(key)
    return None if value is None else reader(doc, (key,), value)


def _checked_slug(doc: YamlDoc, slug: str | None) -> str | None:
    if slug is not None and is_url_part_too_long(slug):
        raise doc.error(
            ("slug",),
            f"slug is {len(slug.encode())} bytes long; the limit is {MAX_URL_PART_BYTES}",
            "shorten the slug: it names a folder, and file systems refuse long names",
        )
    if slug is None or (URL_PART.fullmatch(slug) and ".." not in slug):
        return slug
    if "/" in slug or "\\" in slug or ".." in slug or "%" in slug:
        raise doc.error(
            ("slug",),
            f"slug {slug!r} would leave its folder",
            "a slug is one part of a URL: letters, digits, '-', '_' and '.'",
        )
    raise doc.error(
        ("slug",),
        f"slug {slug!r} is not a valid URL part",
        "use only letters, digits, '-', '_' and '.', starting with a letter or digit",
    )


def _checked_alias(doc: YamlDoc, index: int, alias: str) -> str:
    """An old URL that redirects here: '/old/path/' or 'old.html', inside the site."""
    segments = alias.strip("/").split("/")
    if alias.strip("/") and all(URL_PART.fullmatch(s) and ".." not in s for s in segments):
        if any(is_url_part_too_long(s) for s in segments):
            raise doc.error(
                ("aliases", index),
                f"alias {alias[:40]!r}... has a part longer than {MAX_URL_PART_BYTES} bytes",
                "shorten the alias: each part names a folder or file, and file systems"
                " refuse long names",
            )
        return "/" + "/".join(segments) + ("" if segments[-1].endswith(".html") else "/")
    named = " " in alias.strip() and "/" not in alias  # Obsidian's: another name of the note
    raise doc.error(
        ("aliases", index),
        f"alias {alias!r} is not a path inside the site",
        "here an alias is an old address that redirects to this page (/old/page/); Obsidian's"
        " aliases are other names of the note: rename the key, e.g. to other_names:, or"
        " remove it"
        if named
        else "write an alias as a site path such as /old/page/, without '..', '%' or '\\'",
    )
