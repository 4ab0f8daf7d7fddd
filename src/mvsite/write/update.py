"""Bring a folder that only mvsite writes (the preview's) up to date, file by file.

Nothing is staged and no folder is walked, so a one-page change costs one file write. Each
file is replaced atomically on its own: a reader sees the old or the new file, never a part
of one.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path

from mvsite.errors import SiteError
from mvsite.sources.file_identity import is_racy
from mvsite.write.output import (
    OutputFile,
    WriteReport,
    refuse_outside,
    replace_file,
    size_and_mtime,
)


def update_site(
    files: Mapping[str, OutputFile],
    dest: Path,
    previous: Mapping[str, tuple[int, int]],
    complete: bool = True,
) -> WriteReport:
    """Bring `dest`, last left as `previous` (its WriteReport.stats), to `files`: changed only
    (`complete`: `files` is the whole site, and other files are removed)."""
    dest = dest.absolute()
    written: list[str] = []
    unchanged: list[str] = []
    stats = dict(previous)
    try:
        dest.mkdir(parents=True, exist_ok=True)
        for rel in sorted(files):
            file, recorded = files[rel], previous.get(rel)
            if file.keep and recorded is not None:  # the common case: no Path, no system call
                unchanged.append(rel)
                continue
            stat = _update_file(file, rel, dest, recorded)
            if stat is None:
                unchanged.append(rel)
                stat = stats.get(rel) or size_and_mtime(dest / rel)
            else:
                written.append(rel)
            stats[rel] = stat
        removed = tuple(sorted(set(previous) - set(files))) if complete else ()
        for rel in removed:
            _remove_file(dest, rel)
            del stats[rel]
    except OSError as exc:
        raise SiteError(
            f"could not write the site: {exc.strerror or exc}",
            exc.filename or dest,
            None,
            "check free disk space and permissions",
        ) from None
    added = tuple(rel for rel in written if rel not in previous)
    return WriteReport(tuple(written), tuple(unchanged), removed, stats, added)


def _update_file(
    file: OutputFile, rel: str, dest: Path, recorded: tuple[int, int] | None
) -> tuple[int, int] | None:
    """Write `file` at dest/rel unless it is there already: its (size, mtime_ns) if written."""
    refuse_outside(rel)
    target = dest / rel
    if _is_current(file, target, recorded):
        return None
    if not target.parent.resolve().is_relative_to(dest.resolve()):
        raise SiteError(f"refusing to write outside the output folder: {rel}")
    replace_file(file, target)
    return size_and_mtime(target)


def _is_current(file: OutputFile, target: Path, recorded: tuple[int, int] | None) -> bool:
    """Does `target`, last recorded as (size, mtime_ns), already hold `file`?"""
    if file.keep:  # the build checked the file against its record
        return True
    if recorded is None:
        return False
    try:
        if file.data is not None:
            return recorded[0] == len(file.data) and target.read_bytes() == file.data
        assert file.copy_from is not None
        src = file.copy_from.stat()
        if (src.st_size, src.st_mtime_ns) != recorded:
            return False
        # Copies keep their source's mtime; a source saved again within the file system's
        # timestamp granularity can keep it too, so compare the bytes of recently saved ones.
        if not is_racy(src.st_mtime_ns, time.time_ns()):
            return True
        return file.copy_from.read_bytes() == target.read_bytes()
    except FileNotFoundError:
        return False


def _remove_file(dest: Path, rel: str) -> None:
    """Delete dest/rel and then the folders that this left empty."""
    (dest / rel).unlink(missing_ok=True)
    folder = (dest / rel).parent
    while folder != dest and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
