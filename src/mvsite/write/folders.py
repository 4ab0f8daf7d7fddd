"""Does the output folder hold exactly the files of a build? Told by each folder's identity as
the last build left it, listing only the folders that changed since (issue #17).

A folder's mtime and ctime move whenever an entry is added to it, removed or renamed, so a
folder whose identity (sources/file_identity.py) is as recorded holds the entries it held
then. A folder changed too close to when it was recorded (file_identity.is_racy) may change
again within the same tick and keep its times: it is not recorded, and the next build lists
it. So a one-page edit lists the one folder it wrote into, not the whole site: walking the
10,000 folders of a 10,000-page site took a one-page edit 0.16 s.
"""

from __future__ import annotations

import os
import stat as stat_module
import time
from collections.abc import Iterable, Mapping

from mvsite.sources.file_identity import Identity, identity_of, is_racy, last_change_ns

# folder rel ('' for the top) -> its identity, and the names of its entries, sorted
FolderRecord = tuple[Identity, tuple[str, ...]]


def folder_entries(files: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each folder that the files at `files` (POSIX paths) need -> its entries' names, sorted."""
    entries: dict[str, set[str]] = {"": set()}
    for rel in files:
        folder, name = _split(rel)
        while folder not in entries:  # a folder's own entry in its parent, up to a known one
            entries[folder] = {name}
            folder, name = _split(folder)
        entries[folder].add(name)
    return {folder: tuple(sorted(names)) for folder, names in entries.items()}


def _split(rel: str) -> tuple[str, str]:
    """`rel` -> its folder and name; '/a' (not relative) -> '', '/a': no folder lists that."""
    folder, slash, name = rel.rpartition("/")
    return (folder, name) if folder or not slash else ("", rel)


def checked_folders(
    root: str, entries: Mapping[str, tuple[str, ...]], last: Mapping[str, FolderRecord]
) -> dict[str, FolderRecord] | None:
    """If each folder of `entries` under `root` holds exactly those entries, the records of
    the folders to trust next time (a folder not as in `last`, what an earlier check
    returned, is listed); else None."""
    started_ns = time.time_ns()
    found: dict[str, FolderRecord] = {}
    try:
        for folder, names in entries.items():
            path = f"{root}/{folder}" if folder else root  # (a Path per folder costs more)
            stat = os.lstat(path)  # before listing it: a later change moves its times
            if not stat_module.S_ISDIR(stat.st_mode):
                return None
            record = (identity_of(stat), names)
            if last.get(folder) != record and tuple(sorted(os.listdir(path))) != names:
                return None
            if not is_racy(last_change_ns(record[0]), started_ns):
                found[folder] = record
    except OSError:
        return None
    return found
