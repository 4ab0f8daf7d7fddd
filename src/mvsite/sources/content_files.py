"""What is under content/: Markdown sources, other files, data files and folders, in order.

Names starting with '_' or '.' are left out (but `_index.md` and the top `_data/` folder), and
so are the files that exclude_docs patterns name.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from mvsite.errors import SiteError
from mvsite.sources.page_urls import SECTION_FILE, SECTION_FILES
from mvsite.sources.site_paths import CONFIG_NAMES
from mvsite.sources.walk import shown_path, walk_sources

DATA_FOLDER = "_data"


@dataclass(frozen=True)
class Sources:
    """What is under content/, as sorted paths relative to it."""

    markdown: tuple[str, ...]
    assets: tuple[str, ...]
    data: tuple[str, ...]
    folders: tuple[str, ...]
    # Folders left out as private (their names start with '_') that hold Markdown files:
    # (folder, how many), for a warning; a Jekyll site's _posts/, say.
    private: tuple[tuple[str, int], ...] = ()


def find_sources(
    content_dir: Path,
    site_root: Path,
    skip: frozenset[Path] = frozenset(),
    section_files: frozenset[str] = frozenset({SECTION_FILE}),
) -> Sources:
    """Walk content/ in sorted order; names starting with '_' or '.', and `skip`, are left out
    (but `section_files`: `_index.md`, and its translations' names, `_index.da.md`)."""
    is_content = partial(_is_content, section_files)
    markdown: list[str] = []
    assets: list[str] = []
    data: list[str] = []
    folders: list[str] = [""]
    private: list[tuple[str, int]] = []
    bare = content_dir.absolute() == site_root.absolute()
    for found in walk_sources(content_dir, site_root, is_content, skip):
        folder = found.rel
        private.extend(_private_markdown(content_dir, folder, found.left_out))
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
    return Sources(
        _sorted(markdown), _sorted(assets), _sorted(data), _sorted(folders), tuple(private)
    )


def _sorted(paths: list[str]) -> tuple[str, ...]:
    return tuple(sorted(paths))


def _two_section_files(folder: Path, site_root: Path) -> SiteError:
    shown = [shown_path(folder / name, site_root) for name in SECTION_FILES]
    return SiteError(
        f"{shown[0]} and {shown[1]} are both the page of their folder",
        shown[1],
        None,
        "keep one: merge the other into it, or rename it to make it a page of its own",
    )


def _private_markdown(
    content_dir: Path, folder: str, left_out: tuple[str, ...]
) -> Iterator[tuple[str, int]]:
    """Each private folder (named with a leading '_') among `left_out` that holds Markdown
    files, and how many; not a data folder, nor drafts (which say they are not published)."""
    for name in left_out:
        if name.startswith("_") and name not in (DATA_FOLDER, "_drafts"):
            rel = f"{folder}/{name}".lstrip("/")
            count = sum(1 for _ in (content_dir / rel).rglob("*.md"))
            if count:
                yield rel, count


def _is_content(section_files: frozenset[str], name: str, folder: str, is_folder: bool) -> bool:
    if is_folder:
        return not name.startswith(".") and (
            not name.startswith("_") or (folder == "" and name == DATA_FOLDER)
        )
    hidden = name.startswith((".", "_")) and name not in section_files
    return not hidden and not name.endswith("~")


def without_excluded(sources: Sources, patterns: tuple[str, ...]) -> Sources:
    """Sources less the files that exclude_docs patterns (gitignore-like) name."""
    if not patterns:
        return sources
    return Sources(
        tuple(r for r in sources.markdown if not is_excluded(r, patterns)),
        tuple(r for r in sources.assets if not is_excluded(r, patterns)),
        sources.data,
        tuple(f for f in sources.folders if not (f and is_excluded(f, patterns))),
        tuple(p for p in sources.private if not is_excluded(p[0], patterns)),
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
