"""Each Markdown source -> a Page: its front matter, title, URL and body; the site's pages.

No HTML here: bodies stay Markdown until the markdown stage.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from mvsite.sources.config import Config
from mvsite.sources.content_files import Sources
from mvsite.sources.front_matter import (
    FrontMatter,
    parse_front_matter,
    split_front_matter,
    split_off_front_matter,
)
from mvsite.sources.heading_text import heading_text
from mvsite.sources.languages import source_language
from mvsite.sources.limits import check_link_brackets, check_nesting, check_page_size
from mvsite.sources.page_urls import SECTION_FILE, SECTION_FILES, is_section_file, page_url

_FENCE = re.compile(r"^(```|~~~)")


@dataclass(frozen=True, slots=True)
class Page:
    """One Markdown source: a page, or a section's `_index.md` (or a stand-in for a missing one)."""

    src: Path  # as shown to the user: content/research/cancer.md
    rel: str  # relative to content/, POSIX: research/cancer.md
    url: str  # site path without the base: /research/cancer/
    title: str
    meta: FrontMatter
    body: str
    body_line: int  # the file's line number of the body's first line
    is_stand_in: bool = False  # a section folder without an _index.md
    title_from_name: bool = False  # no title nor '# H1': named after its file (or folder)
    lang: str = "en"  # the code of the language it is written in
    key: str = ""  # its original's rel, the same in every language ('' : rel itself)
    fallback: bool = False  # its original, shown in `lang`'s part of the site untranslated
    heading: str = ""  # its own '# H1', where a MkDocs nav titles it otherwise ('': the title)
    title_line: int | None = None  # where its title is written (None: a file name, a nav)
    has_text: bool = True  # anything below its title (a section needs none)

    @property
    def original(self) -> str:
        """The rel of the page this is a version of: itself in the default language."""
        return self.key or self.rel

    @property
    def heading_from_body(self) -> bool:
        """Its heading is its own first '# H1', taken out of its body (it has no front matter
        title, and is not named after its file)."""
        return self.meta.title is None and not (self.title_from_name or self.is_stand_in)

    @property
    def is_section(self) -> bool:
        return is_section_file(self.original)

    @property
    def is_home(self) -> bool:
        return self.original in SECTION_FILES

    @property
    def folder(self) -> str:
        """The folder holding the source, '' for content/ itself."""
        return self.rel.rpartition("/")[0]

    @property
    def section_key(self) -> str:
        """The section this page is listed in (a section page: its parent)."""
        if self.is_section:
            return self.folder.rpartition("/")[0] if self.folder else ""
        return self.folder


def parse_page(text: str, rel: str, shown: Path, config: Config) -> Page:
    """Markdown text with optional front matter -> Page."""
    check_page_size(text, shown)
    doc, body, body_line = split_front_matter(text, shown, collect=True)
    check_nesting(body, shown, body_line)
    check_link_brackets(body, shown, body_line)
    meta = parse_front_matter(doc, config) if doc else FrontMatter()
    languages = config.site_languages
    written_in = source_language(rel, languages, shown)
    is_section = is_section_file(written_in.key)
    if is_section and meta.slug is not None and written_in.code == languages[0].code:
        raise doc.error(  # type: ignore[union-attr]
            ("slug",),
            "a section cannot have a slug",
            "rename the section's folder instead (a translation's section may have one)",
        )
    title, title_line = meta.title, meta.lines.get("title")
    if title is None:
        title, body, title_line = _title_from_h1(body, body_line, config.allow_html)
    named = title is None
    if title is None:
        title = title_from_name(written_in.key, config)
    key = "" if written_in.key == rel else written_in.key
    url = page_url(written_in.key, meta.slug)
    page = Page(shown, rel, url, title, meta, body, body_line, False, named, written_in.code, key)
    return replace(page, title_line=title_line, has_text=bool(body.strip()))


def page_body(text: str, shown: Path, title_in_body: bool) -> tuple[str, int]:
    """The body and its first line, as parse_page makes them, of text parse_page has read
    before (so its front matter is not read again)."""
    _, body, body_line = split_off_front_matter(text, shown)
    found = _first_h1(body) if title_in_body else None
    return (body if found is None else _without_line(body, found[0])), body_line


def _title_from_h1(
    body: str, body_line: int, allow_html: bool
) -> tuple[str | None, str, int | None]:
    """The title the body's first '# H1' gives (its text, as a reader sees it), the body
    without it, and its line; (None, body, None) if there is none, or it shows no text."""
    found = _first_h1(body)
    text = heading_text(found[1], allow_html) if found is not None else ""
    if found is None or not text:
        return None, body, None
    return text, _without_line(body, found[0]), body_line + found[0]


def _first_h1(body: str) -> tuple[int, str] | None:
    """The index of the body's first '# H1' line outside fenced code, and its Markdown."""
    in_fence = False
    for index, line in enumerate(body.split("\n")):
        if _FENCE.match(line.lstrip()):
            in_fence = not in_fence
        elif not in_fence and line.startswith(("# ", "#\t")):
            written = _atx_text(line)
            if written:
                return index, written
    return None


def _atx_text(line: str) -> str:
    """An ATX heading's text: without its `#` and its closing `#`s (a string walk: the regex
    it replaces took seconds on a heading of many spaces)."""
    text = line[2:].strip(" \t")
    unclosed = text.rstrip("#")
    if unclosed != text and (not unclosed or unclosed[-1] in " \t"):
        text = unclosed.rstrip(" \t")
    return text


def _without_line(body: str, index: int) -> str:
    """The body with one line blank: later errors still name the right line."""
    lines = body.split("\n")
    return "\n".join([*lines[:index], "", *lines[index + 1 :]])


def title_from_name(rel: str, config: Config) -> str:
    """The title of a page with none, as MkDocs gives it: its file's name made readable
    ('getting-started.md' -> 'Getting started'); a folder's page: its folder's; home: the site's."""
    if is_section_file(rel):
        return section_title_from_folder(rel.rpartition("/")[0]) or config.title
    return section_title_from_folder(rel.removesuffix(".md"))


def section_title_from_folder(folder: str) -> str:
    name = folder.rpartition("/")[2]
    return name.replace("-", " ").replace("_", " ").capitalize() if name else ""


def stand_in_section(folder: str, config: Config) -> Page:
    """A section whose folder has no _index.md: titled from its name (the root: the site)."""
    rel = f"{folder}/{SECTION_FILE}".lstrip("/")
    title = section_title_from_folder(folder) if folder else config.title
    shown = config.shown_content / rel
    url = page_url(rel, None)
    return Page(shown, rel, url, title, FrontMatter(), "", 1, True, lang=config.language)


def folders_with_pages(markdown: tuple[str, ...]) -> frozenset[str]:
    """The folders holding a Markdown page, in them or below (and the root): the sections.
    A folder of images or of a theme's templates is none, as in MkDocs."""
    found = {""}
    for rel in markdown:
        folder = rel.rpartition("/")[0]
        while folder not in found:
            found.add(folder)
            folder = folder.rpartition("/")[0]
    return frozenset(found)


def select_pages(
    found: Mapping[str, Page], sources: Sources, config: Config, drafts: bool
) -> tuple[Page, ...]:
    """Loaded pages plus stand-ins for section folders without _index.md; drafts as asked."""
    pages = dict(found)
    sections = folders_with_pages(sources.markdown)
    for folder in (f for f in sources.folders if f in sections):
        rels = [f"{folder}/{name}".lstrip("/") for name in SECTION_FILES]
        if not any(rel in pages for rel in rels):
            pages[rels[0]] = stand_in_section(folder, config)
    if config.page_titles:
        pages = {rel: _nav_titled(page, config.page_titles) for rel, page in pages.items()}
    hidden = tuple(p.folder + "/" for p in pages.values() if p.meta.draft and p.is_section)
    return tuple(
        pages[rel]
        for rel in sorted(pages)
        if drafts or not (pages[rel].meta.draft or (hidden and rel.startswith(hidden)))
    )


def _nav_titled(page: Page, titles: Mapping[str, str]) -> Page:
    """The page with its title from a MkDocs nav (a section's: under 'folder/'), if any. Its
    own '# H1' stays its heading, as MkDocs shows it; the nav's title names it elsewhere."""
    title = titles.get(page.rel) or (titles.get(page.folder + "/") if page.is_section else None)
    if title is None or title == page.title:
        return page
    heading = page.title if page.heading_from_body else ""
    return replace(page, title=title, heading=heading, title_line=None)
