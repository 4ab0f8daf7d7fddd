"""The translation status of a site on disk, and the findings `mvsite check` reports of it:
outdated translations (with what changed in the original, found in git), translations that
record no version, and translations whose original is gone."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from mvsite.check.git_versions import committed_versions
from mvsite.check.theme_strings import missing_theme_strings, theme_gaps, theme_string_findings
from mvsite.check.translation_changes import changes_since, describe_changes
from mvsite.check.translations import TranslationStatus, read_facts, translation_statuses
from mvsite.errors import SiteError
from mvsite.findings import Finding, finding_from_error
from mvsite.sources.config import Config
from mvsite.sources.content_files import find_sources, without_excluded
from mvsite.sources.languages import Language, SourceLanguage, section_file_names
from mvsite.sources.page_languages import orphan_warning
from mvsite.sources.textfile import read_source_text
from mvsite.sources.translation_digest import translation_digest


@dataclass(frozen=True, slots=True)
class SiteTranslations:
    """A site's Markdown sources and the status of its translations."""

    texts: dict[str, str]  # path in content/ -> text
    statuses: tuple[TranslationStatus, ...]  # of the sources that could be read
    problems: tuple[SiteError, ...] = ()  # sources whose front matter cannot be read


@dataclass(frozen=True, slots=True)
class TranslationCheck:
    """What `mvsite check` reports of translations."""

    languages: tuple[Language, ...]  # the default first
    content: Path  # the content folder, as messages name it
    findings: tuple[Finding, ...]
    statuses: tuple[TranslationStatus, ...]
    theme_gaps: Mapping[str, int]  # language -> theme strings it has no translation of


def check_translations(config: Config) -> TranslationCheck:
    """The findings and statuses of a site's translations (none for one language). A source
    that cannot be read is one finding (the build reports it too)."""
    languages, content = config.site_languages, config.shown_content
    if len(languages) < 2:
        return TranslationCheck(languages, content, (), (), {})
    try:
        site = site_translations(config)
        missing, bare = missing_theme_strings(config)
    except SiteError as exc:
        return TranslationCheck(languages, content, (finding_from_error(exc),), (), {})
    findings = (
        *(finding_from_error(problem) for problem in site.problems),  # the build's too
        *translation_findings(config, site),
        *theme_string_findings(missing, bare),
    )
    gaps = theme_gaps(missing)
    return TranslationCheck(languages, content, findings, site.statuses, gaps)


def site_translations(config: Config) -> SiteTranslations:
    """Read the site's Markdown sources -> their translations' status."""
    section_files = section_file_names(config.site_languages)
    sources = find_sources(config.content_dir, config.root, section_files=section_files)
    rels = without_excluded(sources, config.exclude_docs).markdown
    texts = {
        rel: read_source_text(config.content_dir / rel, config.shown_content / rel) for rel in rels
    }
    facts, problems = read_facts(texts, config.shown_content)
    unread = texts.keys() - facts.keys()
    statuses = translation_statuses(
        facts, config.site_languages, config.untranslated, config.shown_content, unread
    )
    return SiteTranslations(texts, statuses, problems)


def translation_findings(config: Config, site: SiteTranslations) -> Iterator[Finding]:
    """A warning for each outdated, unrecorded or orphaned translation."""
    content = config.shown_content
    for status in site.statuses:
        shown, original = content / status.rel, content / status.key
        done = f"mvsite translations --done {status.code} {status.key}"
        if status.state == "outdated":
            yield _outdated(config, site, status)
        elif status.state == "unknown":
            yield Finding(
                shown,
                1,
                f"translation ({status.code}) records no version of its original {original}",
                f"if it says what the original says now, record that: {done}",
                "warning",
                "translation-unknown",
            )
        elif status.state == "orphan":
            found = SourceLanguage(status.key, status.code)
            warning = orphan_warning(status.rel, found, content)
            yield finding_from_error(warning, "warning", "translation-orphan")


def _outdated(config: Config, site: SiteTranslations, status: TranslationStatus) -> Finding:
    original = config.shown_content / status.key
    found = earlier_version(config.content_dir / status.key, original, status.recorded.digest)
    if found is None:
        changed = "changed since; its earlier text is not in git"
        see = ""
    else:
        commit, old = found
        changes = changes_since(old, site.texts[status.key], original)
        changed = f"changed since commit {commit[:10]}: {describe_changes(changes)}"
        see = f"see git diff {commit[:10]} -- {original}; "
    return Finding(
        config.shown_content / status.rel,
        status.recorded.line,
        f"translation ({status.code}) is outdated: {original} {changed}",
        f"{see}update this translation, then record it: "
        f"mvsite translations --done {status.code} {status.key}",
        "warning",
        "translation-outdated",
    )


def earlier_version(src: Path, shown: Path, digest: str | None) -> tuple[str, str] | None:
    """(commit, text) of the version of `src` in git whose digest is `digest`, if any."""
    for commit, text in committed_versions(src):
        try:
            if translation_digest(text, shown) == digest:
                return commit, text
        except SiteError:  # a version whose front matter did not parse
            continue
    return None
