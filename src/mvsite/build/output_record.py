"""What the no-op record (build_record.py) keeps of the output folder: the identity of each
file the build wrote, and the records of the folders that hold them (write/folders.py: a
folder as recorded holds the entries it held, so it need not be listed).

At 10,000 pages, listing the output's 10,000 folders took three quarters of a no-op build.

A file's ctime is left out of its identity here: the previous site, deleted in the background
after a build (write/swap.py), shares the files that did not change with the new one, and each
link it removes moves their ctime.
"""

from __future__ import annotations

import os
import stat as stat_module
from collections.abc import Mapping
from pathlib import Path

from mvsite.build.input_stats import Stats
from mvsite.sources.file_identity import identity_of
from mvsite.write.folders import FolderRecord, checked_folders, folder_entries

Folders = dict[str, FolderRecord]


def as_recorded(output: Path, files: Stats, folders: Mapping[str, FolderRecord]) -> Folders | None:
    """If the output's files are as recorded (`files`: rel -> identity), and its folders hold
    them alone, the records of its folders to trust next time; else None."""
    root = str(output.absolute())
    try:
        for rel, identity in files.items():
            if _identity(os.lstat(f"{root}/{rel}")) != identity:
                return None
    except OSError:
        return None
    return checked_folders(root, folder_entries(files), folders)


def _identity(stat: os.stat_result) -> tuple[int, ...]:
    size, mtime_ns, _, inode = identity_of(stat)
    return size, mtime_ns, 0, inode


def written_stats(
    folder: str, outputs: Mapping[str, tuple[int, int]], trusted: Mapping[str, FolderRecord]
) -> tuple[Stats, Folders] | None:
    """The identity of each file the build wrote (rel -> size, mtime_ns), if each is still a
    regular file as written, else None; and of the `trusted` folder records (known to hold
    just those files) those still as they were. The others are listed by the next check."""
    found: Stats = {}
    try:
        for rel in outputs:
            stat = os.lstat(f"{folder}/{rel}")  # (a Path per file costs more than the stat)
            if not stat_module.S_ISREG(stat.st_mode):
                return None
            found[rel] = _identity(stat)
    except OSError:
        return None
    if any(found[rel][:2] != stats for rel, stats in outputs.items()):
        return None
    return found, {rel: r for rel, r in trusted.items() if _folder_is(folder, rel, r)}


def _folder_is(root: str, rel: str, record: FolderRecord) -> bool:
    try:
        return identity_of(os.lstat(f"{root}/{rel}" if rel else root)) == record[0]
    except OSError:
        return False
