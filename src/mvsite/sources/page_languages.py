"""Each language's part of the site: translations at their URLs under the language's folder
(`/da/forskning/kraeft/`), and copies of the pages a language lacks.

A copy (`Page.fallback`) shows the original, untranslated, in the language's part of the
site, so that its menus, links and language switcher never lead to a 404. With
`untranslated: original`, only sections are copied (a language's part needs its home and
sections to list its pages); links to a page not translated go to the original itself.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import replace
from pathlib import Path

from mvsite.errors import SiteError
from mvsite.sources.languages import Language, SourceLanguage, translation_rel
from mvsite.sources.page_urls import page_url
from mvsite.sources.pages import Page

# (language code, folder) -> the folder's name in that language's URLs (a section's slug)
FolderSlugs = dict[tuple[str, str], str]


def in_every_language(
    pages: tuple[Page, ...], languages: tuple[Language, ...], untranslated: str
) -> tuple[Page, ...]:
    """The pages of every language, each at its URL, plus the copies of the pages a
    language lacks; sorted by rel."""
    if len(languages) == 1:
        return pages
    default = languages[0].code
    have = {(page.original, page.lang) for page in pages}
    copies = [
        _copy(page, language, languages)
        for page in pages
        if page.lang == default
        for language in languages[1:]
        if (page.rel, language.code) not in have and (untranslated == "notice" or page.is_section)
    ]
    every = (*pages, *copies)
    slugs: FolderSlugs = {
        (p.lang, p.folder): p.meta.slug
        for p in every
        if p.is_section and p.meta.slug and p.lang != default
    }
    by_code = {language.code: language for language in languages}
    placed = (p if p.lang == default else _placed(p, by_code[p.lang], slugs) for p in every)
    return tuple(sorted(placed, key=lambda p: p.rel))


def page_versions(pages: tuple[Page, ...]) -> dict[str, dict[str, Page]]:
    """Original rel -> language code -> the page in that language (a copy included)."""
    versions: dict[str, dict[str, Page]] = {}
    for page in pages:
        versions.setdefault(page.original, {})[page.lang] = page
    return versions


def orphans(
    written_in: Mapping[str, SourceLanguage], sources: Container[str], default: str
) -> list[str]:
    """The translations (rels in content/, sorted) whose original is not among `sources`:
    it was renamed or deleted. `written_in`: each source's language and original."""
    return sorted(
        rel
        for rel, found in written_in.items()
        if found.code != default and found.key not in sources
    )


def orphan_warning(rel: str, found: SourceLanguage, content: Path) -> SiteError:
    """What build and check say of an orphan at `rel` (`content`: as messages name it)."""
    return SiteError(
        f"translation ({found.code}) of {content / found.key}, which does not exist",
        content / rel,
        None,
        "rename it after its original, or delete it",
    )


def _copy(page: Page, language: Language, languages: tuple[Language, ...]) -> Page:
    rel = translation_rel(page.rel, language.code, languages)
    return replace(page, rel=rel, lang=language.code, key=page.rel, fallback=True)


def _placed(page: Page, language: Language, slugs: FolderSlugs) -> Page:
    """The page at its URL in its language: the language's folder first, then each folder
    by its name in that language."""
    parts = page_url(page.original, page.meta.slug).strip("/").split("/")
    folders = page.folder.split("/") if page.folder else []
    for depth in range(len(folders)):
        slug = slugs.get((page.lang, "/".join(folders[: depth + 1])))
        if slug is not None:
            parts[depth] = slug
    path = "".join(f"{part}/" for part in parts if part)
    return replace(page, url=f"{language.prefix}/{path}")
