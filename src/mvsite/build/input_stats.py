"""The stats the no-op record keeps of files and folders (build_record.py). Standard library only.

path -> (size, mtime_ns, ctime_ns, inode), and of a symlink its own (ctime_ns, inode) too; for
what cannot be stat'ed or listed, or of whose folder only the mode matters: (< 0, ...).
"""

from __future__ import annotations

import importlib.util
import os
import stat as stat_module
import sys
import sysconfig
from collections.abc import Iterable

from mvsite.sources.file_identity import identity_of

Stats = dict[str, tuple[int, ...]]
BROKEN, UNLISTABLE, MODE = -1, -2, -3


def stat_into(files: Stats, path: str) -> None:
    """The file at `path` (a missing one is left out: the build does without it)."""
    try:
        files[path] = identity_of(os.stat(path))
    except OSError as exc:
        try:
            link = os.lstat(path)
        except OSError:
            return
        files[path] = (BROKEN, exc.errno or 0, link.st_ctime_ns, link.st_ino)


def mode_into(files: Stats, path: str) -> None:
    try:
        stat = os.stat(path)
    except OSError:
        return
    files[path + os.sep] = (MODE, stat.st_mode, stat.st_uid, stat.st_gid)


def libraries_into(files: Stats, names: Iterable[str]) -> None:
    """The files of the named modules, and of packages all their files."""
    for name in names:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.origin:
            continue
        if spec.submodule_search_locations:
            walk_into(files, os.path.dirname(spec.origin), set())
        else:
            stat_into(files, spec.origin)


def installed_packages_into(files: Stats) -> None:
    """The record of each installed package (its *.dist-info folder), the libraries of a
    site's Markdown extensions among them: installing, upgrading or removing a package adds,
    renames or removes one; reinstalling makes it anew. (Not the times of the folder they are
    in: Python changes them when it first writes bytecode there.)"""
    paths = sysconfig.get_paths()  # and where else imports look: user site, PYTHONPATH, ...
    for folder in {paths["purelib"], paths["platlib"], *sys.path}:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith((".dist-info", ".egg-info")):
                stat_into(files, entry.path)


def walk_into(files: Stats, folder: str, skipped: set[str], folders: bool = True) -> None:
    """Every file (and folder) under `folder` (of symlinks: their targets and themselves),
    but `skipped`."""
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        files[folder + os.sep] = (UNLISTABLE, exc.errno or 0)
        return
    for entry in entries:
        if entry.path in skipped or entry.name == "__pycache__":  # Python writes those itself
            continue
        try:
            stat = entry.stat()
            if entry.is_symlink():
                link = entry.stat(follow_symlinks=False)
                files[entry.path] = (*identity_of(stat), link.st_ctime_ns, link.st_ino)
                continue  # a linked folder is not walked (nor followed by the build)
        except OSError as exc:
            files[entry.path] = (BROKEN, exc.errno or 0, entry.inode())
            continue
        is_folder = stat_module.S_ISDIR(stat.st_mode)
        if folders or not is_folder:
            files[entry.path] = identity_of(stat)
        if is_folder:
            walk_into(files, entry.path, skipped, folders)
