"""Walk a source folder (content/, static/, templates/): only the site's own regular files.

A symlink may point at another file of the site, never outside it (`ln -s /etc/hostname
static/` would publish the machine's name); a symlinked folder is not followed; a named
pipe, socket or device is an error, and never opened (reading a FIFO waits forever).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from mvsite.errors import SiteError
from mvsite.sources.textfile import not_a_file


@dataclass(frozen=True, slots=True)
class Folder:
    """One folder of a walk: its path relative to the walked folder ('' for the top, POSIX),
    the subfolders the walk goes into next and the files it takes, both sorted names."""

    rel: str
    folders: tuple[str, ...]
    files: tuple[str, ...]
    left_out: tuple[str, ...] = ()  # the subfolders it does not take


# (name, the folder's rel, is it a folder) -> is it part of the site
Takes = Callable[[str, str, bool], bool]


def walk_sources(
    top: Path, site_root: Path, takes: Takes, skip: frozenset[Path] = frozenset()
) -> Iterator[Folder]:
    """The folders under `top` in sorted order, top first; each taken file and folder is
    checked (see the module's docstring), and a folder in `skip` is left out."""
    if not top.is_dir():
        return
    inside = site_root.resolve()
    if not top.resolve().is_relative_to(inside):
        raise SiteError(
            "symlink points outside the site",
            shown_path(top, site_root),
            None,
            "copy the folder into the site instead of linking to it",
        )
    pending = [""]
    while pending:
        rel = pending.pop()
        path = top / rel if rel else top
        folders, files, left_out = _read_folder(path, rel, site_root, inside, takes, skip)
        yield Folder(rel, folders, files, left_out)
        pending.extend(f"{rel}/{name}".lstrip("/") for name in reversed(folders))


def check_folder(top: Path, site_root: Path) -> None:
    """Every file under `top` (templates/: Jinja reads any of them by name) is the site's own."""
    for _ in walk_sources(top, site_root, _everything):
        pass


def _everything(name: str, folder: str, is_folder: bool) -> bool:
    return True


def _read_folder(
    path: Path,
    rel: str,
    site_root: Path,
    inside: Path,
    takes: Takes,
    skip: frozenset[Path],
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    folders: list[str] = []
    files: list[str] = []
    left_out: list[str] = []
    try:
        with os.scandir(path) as entries:
            listed = sorted(entries, key=lambda entry: entry.name)
    except OSError as exc:  # os.walk would skip the folder silently, and drop its files
        raise SiteError(
            f"cannot read folder: {exc.strerror}",
            shown_path(path, site_root),
            None,
            "check the folder's permissions (a folder that cannot be read would drop its pages)",
        ) from None
    for entry in listed:
        # d_type from the folder listing: no system call per file, except for symlinks.
        is_folder = entry.is_dir(follow_symlinks=False)
        if not takes(entry.name, rel, is_folder or _is_folder_link(entry)):
            left_out.extend([entry.name] if is_folder else [])
            continue
        if is_folder:
            if Path(entry.path).absolute() not in skip:
                folders.append(entry.name)
        elif entry.is_file(follow_symlinks=False):
            files.append(entry.name)
        else:
            check_special(Path(entry.path), site_root, inside)
            files.append(entry.name)
    return tuple(folders), tuple(files), tuple(left_out)


def _is_folder_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink() and entry.is_dir()
    except OSError:
        return False


def check_special(path: Path, site_root: Path, inside: Path | None = None) -> None:
    """A source that is not a plain file: refused unless it is a symlink to a regular file
    of the site."""
    shown = shown_path(path, site_root)
    mode = path.lstat().st_mode
    if stat.S_ISLNK(mode):
        try:
            target = path.resolve(strict=True)
            mode = target.stat().st_mode
        except (OSError, RuntimeError):
            raise SiteError(
                "symlink is broken or loops", shown, None, "remove the link or point it at a file"
            ) from None
        if stat.S_ISDIR(mode):
            raise SiteError(
                "symlinked folders are not followed",
                shown,
                None,
                "move or copy the folder into the site instead of linking it",
            )
        if not target.is_relative_to(inside or site_root.resolve()):
            raise SiteError(
                "symlink points outside the site",
                shown,
                None,
                "copy the file into the site instead of linking to it",
            )
    if not stat.S_ISREG(mode):
        raise not_a_file(mode, shown)


def shown_path(path: Path, site_root: Path) -> Path:
    """`path` as messages show it: relative to the site folder when inside it."""
    return path.relative_to(site_root) if path.is_relative_to(site_root) else path
