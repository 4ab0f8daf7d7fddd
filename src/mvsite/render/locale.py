"""The theme's words in each language: gettext catalogues (`.po` files) compiled at build time,
and the template strings a catalogue does not translate.

A language's catalogue is `locale/<code>/LC_MESSAGES/messages.po` in a template folder: the
site's `templates/` over the packaged theme's. Message ids are the English text of the
templates; a language without a catalogue shows them as they are. A new language is a
catalogue, not a code change.
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from mvsite.errors import SiteError
from mvsite.render.theme_files import shown_template_path
from mvsite.sources.textfile import read_source_text

# What the templates' translation calls are named (Jinja's i18n extension installs them).
GETTEXT_FUNCTIONS = ("_", "gettext", "ngettext", "pgettext", "npgettext")
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_FORMAT = re.compile(r"%%|%\(\w+\)s")  # what Python's % reads well in a message

MessageKey = tuple[str, str]  # (msgctxt or '', msgid)


CATALOGUES_FOLDER = "locale"  # within a template folder


def catalogue_path(code: str) -> Path:
    """Where a language's catalogue is, within a template folder."""
    return Path(CATALOGUES_FOLDER, code, "LC_MESSAGES", "messages.po")


@dataclass(frozen=True)
class Catalogue:
    """One language's translations of the template strings, the site's over the theme's."""

    translations: gettext.NullTranslations
    translated: frozenset[MessageKey]  # what it translates (neither empty nor fuzzy)
    files: tuple[Path, ...]  # the .po files read, as messages name them; () if none


@dataclass(frozen=True)
class Catalogues:
    """Every language's catalogue, by code; the default language's is used for others."""

    default: str
    by_code: Mapping[str, Catalogue]

    def of(self, code: str) -> Catalogue:
        return self.by_code.get(code) or self.by_code[self.default]


def load_catalogues(folders: Iterable[tuple[Path, Path]], codes: Iterable[str]) -> Catalogues:
    """(template folder, as shown) in priority order, and the site's languages (the default
    first) -> each language's compiled catalogue. A broken .po is a SiteError at its line."""
    ordered = tuple(folders)
    codes = tuple(codes)
    by_code = {code: _language_catalogue(ordered, code) for code in codes}
    return Catalogues(codes[0], by_code)


def _language_catalogue(folders: tuple[tuple[Path, Path], ...], code: str) -> Catalogue:
    chain: gettext.NullTranslations | None = None
    translated: set[MessageKey] = set()
    files: list[Path] = []
    for folder, shown in reversed(folders):  # the theme's first: the site's fall back to it
        src = folder / catalogue_path(code)
        if not src.is_file():
            continue
        where = shown / catalogue_path(code)
        catalog = read_catalogue(src, where)
        translations = gettext.GNUTranslations(_compiled(catalog))
        if chain is not None:
            translations.add_fallback(chain)
        chain = translations
        translated.update(_key(m) for m in _messages(catalog) if _is_translated(m))
        files.insert(0, where)
    return Catalogue(chain or gettext.NullTranslations(), frozenset(translated), tuple(files))


def read_catalogue(src: Path, shown: Path) -> Catalog:
    """A .po file -> Babel's Catalog; what would break a page is a SiteError at its line."""
    text = read_source_text(src, shown)
    try:
        catalog = read_po(io.StringIO(text), abort_invalid=True)
    except PoFileError as exc:
        raise SiteError(
            f"catalogue: {exc}".removesuffix(f" on {exc.lineno}"),
            shown,
            exc.lineno + 1,  # Babel counts lines from 0
            "each entry is a msgid line and a msgstr line, text in double quotes;"
            " check with: msgfmt --check -o /dev/null FILE",
        ) from None
    for message in _messages(catalog):
        _check_placeholders(message, shown)
    return catalog


def _check_placeholders(message: Message, shown: Path) -> None:
    """A translation fills in only the %(name)s placeholders of its English text, and writes
    a percent sign as %%: anything else would fail when a page shows it. (English text that
    is no format itself, such as a config value with a '%', is never formatted.)"""
    msgids = message.id if isinstance(message.id, tuple | list) else (message.id,)
    if any(_has_lone_percent(msgid) for msgid in msgids):
        return
    names = {name for msgid in msgids for name in _PLACEHOLDER.findall(msgid)}
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    for string in filter(None, strings):
        unknown = sorted(set(_PLACEHOLDER.findall(string)) - names)
        if unknown:
            problem = f"%({unknown[0]})s is not a placeholder of the English text"
        elif _has_lone_percent(string):
            problem = "a lone % (write %% for a percent sign, %(name)s for a placeholder)"
        else:
            continue
        raise SiteError(
            f"catalogue: the translation of {msgids[0]!r}: {problem}",
            shown,
            message.lineno,
            "placeholders: " + (", ".join(f"%({n})s" for n in sorted(names)) or "none"),
        )


def _has_lone_percent(text: str) -> bool:
    """Would Python's % fail on this text, or misread it ('50 % af' is '50 ' + %a)?"""
    return "%" in _FORMAT.sub("", text)


def _compiled(catalog: Catalog) -> io.BytesIO:
    """Babel's catalog as the .mo bytes Python's gettext reads (fuzzy entries left out)."""
    data = io.BytesIO()
    write_mo(data, catalog)
    data.seek(0)
    return data


def _messages(catalog: Catalog) -> Iterator[Message]:
    return (message for message in catalog if message.id)


def _key(message: Message) -> MessageKey:
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return (message.context or "", msgid)


def _is_translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return not message.fuzzy and all(strings)


@dataclass(frozen=True, slots=True)
class MissingString:
    """A template string that a language's catalogue does not translate."""

    msgid: str
    context: str  # msgctxt ('' for none)
    template: Path  # as messages name it
    line: int


def untranslated_strings(
    env: jinja2.Environment, catalogues: Catalogues, site_root: Path
) -> dict[str, tuple[MissingString, ...]]:
    """Per language but the default: the strings the templates translate (each template the
    site uses, its own over the theme's) that its catalogue lacks, leaves empty or marks fuzzy.
    A language with no catalogue at all lacks every one (Catalogue.files says so)."""
    used = list(template_strings(env, site_root))
    return {
        code: tuple(s for s in used if (s.context, s.msgid) not in catalogue.translated)
        for code, catalogue in catalogues.by_code.items()
        if code != catalogues.default
    }


def template_strings(env: jinja2.Environment, site_root: Path) -> Iterator[MissingString]:
    """Every constant string the templates pass to gettext, where it is (HTML templates)."""
    loader = env.loader
    assert loader is not None
    for name in sorted(set(env.list_templates())):
        if not name.endswith((".html", ".xml")):
            continue
        source, filename, _ = loader.get_source(env, name)
        shown = shown_template_path(filename or name, site_root)
        found = env.extract_translations(source, gettext_functions=GETTEXT_FUNCTIONS)  # type: ignore[attr-defined]
        for line, function, message in found:
            key = _extracted_key(function, message)
            if key is not None:
                yield MissingString(key[1], key[0], shown, line)


def _extracted_key(
    function: str, message: str | tuple[str | None, ...] | None
) -> MessageKey | None:
    """A translation call's (context, msgid); None where the msgid is not written out."""
    if message is None or isinstance(message, str):
        return None if message is None else ("", message)
    parts = message[:2] if function in ("pgettext", "npgettext") else ("", message[0])
    context, msgid = parts
    return None if msgid is None else (context or "", msgid)
