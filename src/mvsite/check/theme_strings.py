"""The theme's strings a language's catalogue does not translate, as `mvsite check` reports
them: one warning per string, at the first template line that uses it; a language with no
catalogue at all is one warning (every string of the theme is shown in the default
language)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from mvsite.errors import counted
from mvsite.findings import Finding
from mvsite.render.locale import MissingString, catalogue_path, untranslated_strings
from mvsite.render.templates import make_environment, site_catalogues
from mvsite.sources.config import Config

Missing = Mapping[str, tuple[MissingString, ...]]  # language -> the strings it lacks


def missing_theme_strings(config: Config) -> tuple[Missing, frozenset[str]]:
    """Per language but the default, the template strings its catalogue lacks; and the
    languages with no catalogue at all. A broken catalogue or template is a SiteError."""
    catalogues = site_catalogues(config)
    env = make_environment(config, {}, {})  # only read, for the strings its templates use
    missing = untranslated_strings(env, catalogues, config.root)
    bare = frozenset(code for code, c in catalogues.by_code.items() if not c.files)
    return missing, bare & missing.keys()


def theme_string_findings(missing: Missing, bare: frozenset[str]) -> Iterator[Finding]:
    """A warning for each missing string; one for each language without a catalogue."""
    for code, strings in missing.items():
        po = Path("templates") / catalogue_path(code)
        if code in bare and strings:
            yield Finding(
                None,
                None,
                f"the theme has no catalogue for '{code}'"
                f" ({counted(len(by_string(strings)), 'string')} shown in the default language)",
                f"add {po.as_posix()}: a copy of another language's, translated",
                "warning",
                "translation-theme",
            )
            continue
        for (context, msgid), places in by_string(strings).items():
            about = f" (context {context!r})" if context else ""
            more = f" (used here and in {len(places) - 1} more places)" if len(places) > 1 else ""
            yield Finding(
                places[0].template,
                places[0].line,
                f"theme string {msgid!r}{about} has no '{code}' translation{more}",
                f"add its translation to {po.as_posix()}",
                "warning",
                "translation-theme",
            )


def by_string(strings: tuple[MissingString, ...]) -> dict[tuple[str, str], list[MissingString]]:
    """(context, msgid) -> the places that use it, in order: one string, however often used."""
    found: dict[tuple[str, str], list[MissingString]] = {}
    for string in strings:
        found.setdefault((string.context, string.msgid), []).append(string)
    return found


def theme_gaps(missing: Missing) -> dict[str, int]:
    """Language -> how many different strings it lacks."""
    return {code: len(by_string(strings)) for code, strings in missing.items()}
