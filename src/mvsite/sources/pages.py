"""Find the site's sources and turn each Markdown file into a Page: front matter, URL, body.

No HTML here: bodies stay Markdown until the markdown stage.
"""

from __future__ import annotations

import datetime as dt
import difflib
import fnmatch
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mvsite.errors import SiteError
from mvsite.sources.config import Config
from mvsite.sources.limits import check_links, check_nesting, check_page_size
from mvsite.sources.site_paths import CONFIG_NAMES
from mvsite.sources.strict_yaml import (
    YamlDoc,
    parse_yaml,
    read_bool,
    read_date,
    read_int,
    read_mapping,
    read_text,
    read_text_list,
)
from mvsite.sources.walk import walk_sources

SECTION_FILE = "_index.md"
# A folder's own page: `index.md` too, as in MkDocs, Hugo, Zola and Eleventy.
SECTION_FILES = (SECTION_FILE, "index.md")
DATA_FOLDER = "_data"
_SEGMENT = re.compile(r"^\w[\w.-]*$")
_ATX_H1 = re.compile(r"^#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^(```|~~~)")
_FRONT_MATTER_KEYS = {
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
    lines: Mapping[str, int] = field(default_factory=dict)
    # Keys of other generators' front matter (hide, icon, toc_depth...), given to templates as
    # page.meta; those not in allowed_front_matter are warned of (see site._warnings).
    foreign: Mapping[str, Any] = field(default_factory=dict)


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

    @property
    def is_section(self) -> bool:
        return is_section_file(self.rel)

    @property
    def is_home(self) -> bool:
        return self.rel in SECTION_FILES

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


@dataclass(frozen=True)
class Sources:
    """What is under content/, as sorted paths relative to it."""

    markdown: tuple[str, ...]
    assets: tuple[str, ...]
    data: tuple[str, ...]
    folders: tuple[str, ...]


def is_section_file(rel: str) -> bool:
    """Is the Markdown file at `rel` its folder's own page (`_index.md` or `index.md`)?"""
    return rel.rsplit("/", 1)[-1] in SECTION_FILES


def find_sources(
    content_dir: Path, site_root: Path, skip: frozenset[Path] = frozenset()
) -> Sources:
    """Walk content/ in sorted order; names starting with '_' or '.', and `skip`, are left out."""
    markdown: list[str] = []
    assets: list[str] = []
    data: list[str] = []
    folders: list[str] = [""]
    bare = content_dir.absolute() == site_root.absolute()
    for found in walk_sources(content_dir, site_root, _is_content, skip):
        folder = found.rel
        in_data = folder == DATA_FOLDER or folder.startswith(DATA_FOLDER + "/")
        if not in_data:
            folders.extend(f"{folder}/{d}".lstrip("/") for d in found.folders if d != DATA_FOLDER)
        if not in_data and all(name in found.files for name in SECTION_FILES):
            raise _two_section_files(content_dir / folder if folder else content_dir, site_root)
        for name in found.files:
            rel = f"{folder}/{name}".lstrip("/")
            if bare and rel in CONFIG_NAMES:  # a bare folder's own settings are not content
                continue
            if in_data:
                if name.endswith((".yaml", ".yml")):
                    data.append(rel)
            elif name.endswith(".md"):
                markdown.append(rel)
            else:
                assets.append(rel)
    return Sources(*(tuple(sorted(paths)) for paths in (markdown, assets, data, folders)))


def _two_section_files(folder: Path, site_root: Path) -> SiteError:
    shown = [_shown(folder / name, site_root) for name in SECTION_FILES]
    return SiteError(
        f"{shown[0]} and {shown[1]} are both the page of their folder",
        shown[1],
        None,
        "keep one: merge the other into it, or rename it to make it a page of its own",
    )


def _shown(path: Path, site_root: Path) -> Path:
    return path.relative_to(site_root) if path.is_relative_to(site_root) else path


def _is_content(name: str, folder: str, is_folder: bool) -> bool:
    if is_folder:
        return not name.startswith(".") and (
            not name.startswith("_") or (folder == "" and name == DATA_FOLDER)
        )
    return not (name.startswith((".", "_")) and name != SECTION_FILE) and not name.endswith("~")


def parse_page(text: str, rel: str, shown: Path, config: Config) -> Page:
    """Markdown text with optional front matter -> Page."""
    check_page_size(text, shown)
    doc, body, body_line = split_front_matter(text, shown)
    check_nesting(body, shown, body_line)
    check_links(body, shown, body_line)
    meta = parse_front_matter(doc, config) if doc else FrontMatter()
    is_section = is_section_file(rel)
    if is_section and meta.slug is not None:
        raise doc.error(  # type: ignore[union-attr]
            ("slug",), "a section cannot have a slug", "rename the section's folder instead"
        )
    title, body = _find_title(meta.title, body, rel, is_section)
    named = title is None
    if title is None:
        title = title_from_name(rel, config)
    url = page_url(rel, meta.slug)
    return Page(shown, rel, url, title, meta, body, body_line, title_from_name=named)


def split_front_matter(text: str, shown: Path) -> tuple[YamlDoc | None, str, int]:
    """Text -> (front matter, body, the body's first line number)."""
    front, body, body_line = _split(text, shown)
    doc = None if front is None else parse_yaml(front, shown, first_line=2)
    return doc, body, body_line


def _split(text: str, shown: Path) -> tuple[str | None, str, int]:
    """Text -> (front matter text or None, body, the body's first line number)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None, text, 1
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise SiteError(
        "front matter opened on line 1 is never closed",
        shown,
        1,
        "add a line with just --- after the last front matter line",
    )


def page_body(text: str, shown: Path, rel: str, title_in_body: bool) -> tuple[str, int]:
    """The body and its first line, as parse_page makes them, of text parse_page has read
    before (so its front matter is not read again)."""
    _, body, body_line = _split(text, shown)
    if title_in_body:
        _, body = _find_title(None, body, rel, is_section_file(rel))
    return body, body_line


def parse_front_matter(doc: YamlDoc, config: Config) -> FrontMatter:
    values = read_mapping(doc, (), doc.value)
    allowed = set(config.allowed_front_matter)
    for name in values:
        if name not in _FRONT_MATTER_KEYS and name not in allowed:
            _check_not_misspelt(doc, str(name))
    lines = {str(k): doc.line_of((k,)) or 1 for k in values}
    extra = dict(read_mapping(doc, ("extra",), values.get("extra")))
    extra.update({k: v for k, v in values.items() if k in allowed})
    foreign = {str(k): v for k, v in values.items() if k not in _FRONT_MATTER_KEYS}
    return FrontMatter(
        title=_optional(doc, values, "title", read_text),
        description=_optional(doc, values, "description", read_text) or "",
        date=_optional(doc, values, "date", read_date),
        updated=_optional(doc, values, "updated", read_date),
        draft=_optional(doc, values, "draft", read_bool) or False,
        weight=_optional(doc, values, "weight", read_int) or 0,
        template=_optional(doc, values, "template", read_text),
        page_template=_optional(doc, values, "page_template", read_text),
        slug=_checked_slug(doc, _optional(doc, values, "slug", read_text)),
        aliases=tuple(
            _checked_alias(doc, i, a)
            for i, a in enumerate(_optional(doc, values, "aliases", read_text_list) or ())
        ),
        tags=_optional(doc, values, "tags", read_text_list) or (),
        extra=extra,
        lines=lines,
        foreign=foreign,
    )


_MISSPELT = 0.75  # 'drafts' and 'tilte' are near 'draft' and 'title'; 'hide' and 'icon' are not


def _check_not_misspelt(doc: YamlDoc, name: str) -> None:
    """A key near a known one is a typo, an error; any other is another generator's."""
    close = difflib.get_close_matches(name, sorted(_FRONT_MATTER_KEYS), 1, _MISSPELT)
    if close:
        raise doc.error((name,), f"unknown key '{name}'", f"did you mean '{close[0]}'?")


def _optional(doc: YamlDoc, values: Mapping[str, Any], key: str, reader: Any) -> Any:
    value = values.get(key)
    return None if value is None else reader(doc, (key,), value)


def _checked_slug(doc: YamlDoc, slug: str | None) -> str | None:
    if slug is not None and _is_too_long(slug):
        raise doc.error(
            ("slug",),
            f"slug is {len(slug.encode())} bytes long; the limit is {MAX_URL_PART_BYTES}",
            "shorten the slug: it names a folder, and file systems refuse long names",
        )
    if slug is None or (_SEGMENT.fullmatch(slug) and ".." not in slug):
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
    if alias.strip("/") and all(_SEGMENT.fullmatch(s) and ".." not in s for s in segments):
        if any(_is_too_long(s) for s in segments):
            raise doc.error(
                ("aliases", index),
                f"alias {alias[:40]!r}... has a part longer than {MAX_URL_PART_BYTES} bytes",
                "shorten the alias: each part names a folder or file, and file systems"
                " refuse long names",
            )
        return "/" + "/".join(segments) + ("" if segments[-1].endswith(".html") else "/")
    raise doc.error(
        ("aliases", index),
        f"alias {alias!r} is not a path inside the site",
        "write an alias as a site path such as /old/page/, without '..', '%' or '\\'",
    )


# A URL part becomes a file or folder name: most file systems allow 255 bytes, and the
# preview writes through a temporary name a few dozen bytes longer (output._replace_file).
MAX_URL_PART_BYTES = 200


def _is_too_long(part: str) -> bool:
    return len(part.encode()) > MAX_URL_PART_BYTES


def _find_title(title: str | None, body: str, rel: str, is_section: bool) -> tuple[str | None, str]:
    """The page's title and its body; a title taken from the first '# H1' leaves the body."""
    if title is not None:
        return title, body
    lines = body.split("\n")
    in_fence = False
    for index, line in enumerate(lines):
        if _FENCE.match(line.lstrip()):
            in_fence = not in_fence
        match = None if in_fence else _ATX_H1.match(line)
        if match:
            # Keep the line count, so that later errors still name the right line.
            return match.group(1), "\n".join([*lines[:index], "", *lines[index + 1 :]])
    return None, body


def title_from_name(rel: str, config: Config) -> str:
    """The title of a page with none, as MkDocs gives it: its file's name made readable
    ('getting-started.md' -> 'Getting started'); a folder's page: its folder's; home: the site's."""
    if is_section_file(rel):
        return section_title_from_folder(rel.rpartition("/")[0]) or config.title
    return section_title_from_folder(rel.removesuffix(".md"))


def section_title_from_folder(folder: str) -> str:
    name = folder.rpartition("/")[2]
    return name.replace("-", " ").replace("_", " ").capitalize() if name else ""


def page_url(rel: str, slug: str | None) -> str:
    """'research/cancer.md' -> '/research/cancer/'; a section's _index.md -> its folder."""
    if is_section_file(rel):
        rel = rel.rpartition("/")[0]
        return "/" + "".join(_url_segment(p) + "/" for p in rel.split("/") if rel)
    parts = [_url_segment(p) for p in rel.removesuffix(".md").split("/")]
    if slug is not None:
        parts[-1] = slug
    return "/" + "".join(p + "/" for p in parts)


def _url_segment(name: str) -> str:
    return re.sub(r"[^\w.-]+", "-", name).strip("-") or "-"


def stand_in_section(folder: str, config: Config) -> Page:
    """A section whose folder has no _index.md: titled from its name (the root: the site)."""
    rel = f"{folder}/{SECTION_FILE}".lstrip("/")
    title = section_title_from_folder(folder) if folder else config.title
    shown = config.shown_content / rel
    return Page(shown, rel, page_url(rel, None), title, FrontMatter(), "", 1, True)


def select_pages(
    found: Mapping[str, Page], sources: Sources, config: Config, drafts: bool
) -> tuple[Page, ...]:
    """Loaded pages plus stand-ins for section folders without _index.md; drafts as asked."""
    pages = dict(found)
    for folder in sources.folders:
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
    """The page with its title from a MkDocs nav (a section's: under 'folder/'), if any."""
    title = titles.get(page.rel) or (titles.get(page.folder + "/") if page.is_section else None)
    return page if title is None else replace(page, title=title)


def without_excluded(sources: Sources, patterns: tuple[str, ...]) -> Sources:
    """Sources less the files that exclude_docs patterns (gitignore-like) name."""
    if not patterns:
        return sources
    return Sources(
        tuple(r for r in sources.markdown if not is_excluded(r, patterns)),
        tuple(r for r in sources.assets if not is_excluded(r, patterns)),
        sources.data,
        tuple(f for f in sources.folders if not (f and is_excluded(f, patterns))),
    )


def is_excluded(rel: str, patterns: tuple[str, ...]) -> bool:
    """Does one of `patterns` ('drafts/', '*.tmp', '/api/internal.md') name `rel` or a
    folder holding it? A pattern starting with '/' is matched from the top only."""
    parts = rel.split("/")
    for pattern in patterns:
        if pattern.startswith("!"):
            continue  # MkDocs' re-inclusion: not supported, the file stays excluded
        starts = [0] if pattern.startswith("/") else range(len(parts))
        body = pattern.strip("/")
        for start in starts:
            for end in range(start + 1, len(parts) + 1):
                if fnmatch.fnmatchcase("/".join(parts[start:end]), body):
                    return True
    return False
