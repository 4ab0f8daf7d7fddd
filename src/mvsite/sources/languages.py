"""The site's languages, and which language a Markdown source is written in.

A translation is a file beside its original, named with the language's code before `.md`:
`research/cancer.da.md` is the Danish `research/cancer.md` (the convention Hugo, Zola and
MkDocs' i18n plugin share). The default language's files carry no code. A page's *key* is
its original's path: every language version of a page has the same key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mvsite.errors import SiteError
from mvsite.sources.page_urls import SECTION_FILE
from mvsite.sources.strict_yaml import YamlDoc
from mvsite.sources.yaml_values import check_known_keys, read_mapping, read_text

# What a language code in a file name looks like: 'da', 'sv', 'pt-BR', 'zh-Hant'.
_CODE_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<code>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.md$")
# Any last part before '.md' ('DA' of 'cancer.DA.md', 'py' of 'setup.py.md').
_ANY_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<code>[^./]+)\.md$")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
UNTRANSLATED_CHOICES = ("notice", "original")


@dataclass(frozen=True, slots=True)
class Language:
    """One language of the site."""

    code: str  # BCP 47, as in <html lang>: 'da'
    name: str  # in its own language, for the switcher: 'Dansk'
    path: str  # the URL folder of its pages: '' for the default language, else 'da'

    @property
    def prefix(self) -> str:
        """'/da' for a language under /da/; '' for the default language (at /)."""
        return f"/{self.path}" if self.path else ""


@dataclass(frozen=True, slots=True)
class SourceLanguage:
    """Which language a Markdown source is in, and which page it is a version of."""

    key: str  # the original's path: 'research/cancer.md' for 'research/cancer.da.md'
    code: str  # the language's code


def single_language(code: str) -> tuple[Language, ...]:
    """The languages of a site that declares none: its `language`, at /."""
    return (Language(code, code, ""),)


def source_language(
    rel: str, languages: tuple[Language, ...], shown: Path | None = None
) -> SourceLanguage:
    """'research/cancer.da.md' -> key 'research/cancer.md', code 'da'; a file with no code
    is in the default language (the first). In a site of one language, names are not read
    for codes ('setup.py.md' is a page). `shown`: the file as errors name it."""
    default = languages[0].code
    if len(languages) > 1:
        _check_code_case(rel, languages, shown or Path(rel))
    match = _CODE_SUFFIX.match(rel) if len(languages) > 1 else None
    if match is None:
        return SourceLanguage(rel, default)
    code, key = match["code"], match["stem"] + ".md"
    if code == default:
        raise SiteError(
            f"'{code}' is the site's default language: its pages have no code in their name",
            shown or Path(rel),
            None,
            f"rename the file to {key.rpartition('/')[2]}",
        )
    if all(code != language.code for language in languages):
        raise unknown_code_in_name(code, languages, shown or Path(rel))
    return SourceLanguage(key, code)


def _check_code_case(rel: str, languages: tuple[Language, ...], shown: Path) -> None:
    """A name whose code is one of the site's but for its case ('cancer.DA.md') is an error:
    read as no code, the Danish text would be published as the English page."""
    match = _ANY_SUFFIX.match(rel)
    written = match["code"] if match else ""
    meant = next((lang.code for lang in languages if lang.code.lower() == written.lower()), None)
    if match is None or meant is None or meant == written:
        return
    rest = "in lower case" if meant == meant.lower() else f"as the site's config writes it: {meant}"
    key = match["stem"] + ".md"
    name = translation_rel(key, meant, languages).rpartition("/")[2]
    raise SiteError(
        f"'{written}' in the file name looks like a language code:"
        f" language codes are written {rest}",
        shown,
        None,
        f"rename it to {name}",
    )


def unknown_code_in_name(code: str, languages: tuple[Language, ...], shown: Path) -> SiteError:
    """The error for a file named with a language the site does not have."""
    known = ", ".join(language.code for language in languages)
    return SiteError(
        f"'{code}' in the file name is not one of the site's languages ({known})",
        shown,
        None,
        f"add {code} under languages: in the site's config, or rename the file",
    )


def translation_rel(key: str, code: str, languages: tuple[Language, ...]) -> str:
    """The file a page's version in `code` has: ('research/cancer.md', 'da') ->
    'research/cancer.da.md'; the default language's is the key itself."""
    if code == languages[0].code:
        return key
    return f"{key.removesuffix('.md')}.{code}.md"


def section_file_names(languages: tuple[Language, ...]) -> frozenset[str]:
    """'_index.md' and its name in every other language: '_index.da.md'."""
    return frozenset(
        translation_rel(SECTION_FILE, language.code, languages) for language in languages
    )


def language_of(code: str, languages: tuple[Language, ...]) -> Language:
    """The site's language with this code (the default one for a code the site lacks)."""
    return next((language for language in languages if language.code == code), languages[0])


def read_languages(doc: YamlDoc, value: object, default: object) -> tuple[Language, ...]:
    """`languages:` of the config -> the site's languages, the default (`language:`, else the
    first listed) first. Each is `code: Name` or `code: {name: Name, path: folder}`."""
    entries = read_mapping(doc, ("languages",), value)
    if not entries:
        raise doc.error(
            ("languages",), "'languages' lists no language", "e.g. languages: {en: English}"
        )
    languages = [_language(doc, str(code), entry) for code, entry in entries.items()]
    code = default if isinstance(default, str) else languages[0].code
    first = next((language for language in languages if language.code == code), None)
    if first is None:
        raise doc.error(
            ("language",),
            f"the default language '{code}' is not under languages:",
            "add it there, or set language: to one of " + ", ".join(entries),
        )
    rest = tuple(language for language in languages if language is not first)
    _check_paths(doc, rest)
    return (Language(first.code, first.name, ""), *rest)


def _language(doc: YamlDoc, code: str, entry: object) -> Language:
    key = ("languages", code)
    if not LANGUAGE_CODE.match(code):
        raise doc.error(
            key,
            f"'{code}' is not a language code",
            "use the code of <html lang>, e.g. da, sv, pt-BR",
        )
    if isinstance(entry, str):
        return Language(code, entry, code)
    fields = read_mapping(doc, key, entry)
    check_known_keys(doc, key, fields, {"name", "path"})
    name = read_text(doc, (*key, "name"), fields.get("name", code))
    path = read_text(doc, (*key, "path"), fields.get("path", code)).strip("/")
    return Language(code, name, path)


def _check_paths(doc: YamlDoc, languages: tuple[Language, ...]) -> None:
    seen: set[str] = set()
    for language in languages:
        if not _PATH.match(language.path) or language.path in seen:
            raise doc.error(
                ("languages", language.code),
                f"language {language.code}'s path '{language.path}' must be one folder name,"
                " not shared with another language",
                f"e.g. path: {language.code}",
            )
        seen.add(language.path)


_PATH = re.compile(r"^\w[\w.-]*$")
