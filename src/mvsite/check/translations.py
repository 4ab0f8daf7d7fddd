"""The site's sources -> the state of every page in every other language.

For each page of the default language and each other language of the site:

- `ok`: the translation records the digest its original has now;
- `outdated`: it records another one (the original changed since it was translated);
- `unknown`: it records none (it was not made or updated with mvsite);
- `draft`: it exists but is a draft, so readers see the fallback;
- `fallback`: there is none, and readers see the original with a notice (`untranslated:
  notice`); `missing`: there is none, and links go straight to the original;
- `orphan`: a translation whose original is gone.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from mvsite.errors import SiteError
from mvsite.sources.languages import Language, source_language, translation_rel
from mvsite.sources.page_languages import orphans
from mvsite.sources.translation_digest import Recorded, SourceFacts, source_facts

State = Literal["ok", "outdated", "unknown", "draft", "fallback", "missing", "orphan"]
STATES: tuple[State, ...] = ("ok", "outdated", "unknown", "draft", "fallback", "missing", "orphan")


@dataclass(frozen=True, slots=True)
class TranslationStatus:
    """One page in one language."""

    key: str  # the original's path in content/: 'research/cancer.md'
    code: str  # the translation's language
    state: State
    rel: str  # the translation's path in content/ (whether or not it exists)
    recorded: Recorded  # what the translation records (Recorded(None, None): nothing)
    current: str | None  # the original's digest now (None for an orphan)


def read_facts(
    texts: Mapping[str, str], content: Path
) -> tuple[dict[str, SourceFacts], tuple[SiteError, ...]]:
    """Markdown sources (path in content/ -> text) -> what each says of its translation; the
    errors of those whose front matter cannot be read (`content`: as messages name it)."""
    facts: dict[str, SourceFacts] = {}
    errors: list[SiteError] = []
    for rel, text in texts.items():
        try:
            facts[rel] = source_facts(text, content / rel)
        except SiteError as error:
            errors.append(error)
    return facts, tuple(errors)


def translation_statuses(
    facts: Mapping[str, SourceFacts],
    languages: tuple[Language, ...],
    untranslated: str,
    content: Path,
    unread: Collection[str] = (),
) -> tuple[TranslationStatus, ...]:
    """The sources that were read (path in content/ -> read_facts') -> the status of each
    page in each language but the default, by page then language; orphans last. `content`:
    the content folder as messages name it; `unread`: the sources that could not be read
    (not counted, nor are their translations orphans: their own errors are reported)."""
    keyed = {rel: source_language(rel, languages, content / rel) for rel in facts}
    originals = sorted(rel for rel, found in keyed.items() if found.code == languages[0].code)
    absent: State = "fallback" if untranslated == "notice" else "missing"
    statuses = [
        _status(key, rel, language.code, facts, absent)
        for key in originals
        for language in languages[1:]
        if (rel := translation_rel(key, language.code, languages)) not in unread
    ]
    statuses += [
        TranslationStatus(keyed[rel].key, keyed[rel].code, "orphan", rel, facts[rel].recorded, None)
        for rel in orphans(keyed, {*facts, *unread}, languages[0].code)
    ]
    return tuple(statuses)


def _status(
    key: str, rel: str, code: str, facts: Mapping[str, SourceFacts], absent: State
) -> TranslationStatus:
    current = facts[key].digest
    found = facts.get(rel)
    if found is None:
        return TranslationStatus(key, code, absent, rel, Recorded(None, None), current)
    return TranslationStatus(key, code, _state(found, current), rel, found.recorded, current)


def _state(found: SourceFacts, current: str) -> State:
    if found.draft:
        return "draft"
    if found.recorded.digest is None:
        return "unknown"
    return "ok" if found.recorded.digest == current else "outdated"


def counts(statuses: tuple[TranslationStatus, ...], code: str) -> dict[State, int]:
    """How many pages of one language are in each state (every state, zeros included)."""
    found = {state: 0 for state in STATES}
    for status in statuses:
        if status.code == code:
            found[status.state] += 1
    return found
