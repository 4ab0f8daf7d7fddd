"""The only module that writes the site: stage a complete new tree, then swap it in atomically.

Unchanged files are hard-linked from the previous build, so their timestamps stay and a
deploy moves only what changed. A failed or killed build never touches the old tree.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import SiteError

MARKER = ".mvsite-output"
_MARKER_TEXT = b"This folder is written by mvsite build; it is replaced on every build.\n"


@dataclass(frozen=True)
class OutputFile:
    """A file of the built site: bytes to write, a source file to copy, or the previous file."""

    data: bytes | None = None
    copy_from: Path | None = None
    keep: bool = False  # the file already in the output folder is the right one


def file_matches(path: Path, size: int, mtime_ns: int) -> bool:
    """Is the output file still the one an earlier build recorded?"""
    try:
        stat = path.stat()
    except OSError:
        return False
    return stat.st_size == size and stat.st_mtime_ns == mtime_ns


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    stats: Mapping[str, tuple[int, int]]  # rel -> (size, mtime_ns) of every file now there


def staging_dir(dest: Path) -> Path:
    return dest.parent / f".{dest.name}.mvsite-new"


def write_site(files: Mapping[str, OutputFile], dest: Path) -> WriteReport:
    """Write `files` (POSIX paths relative to the site) as the new contents of `dest`."""
    dest = dest.absolute()
    _check_replaceable(dest)
    stage = staging_dir(dest)
    try:
        if stage.exists():
            shutil.rmtree(stage)  # left over from a build that was killed
        stage.mkdir(parents=True)
        written, unchanged = _stage(files, stage, dest)
        _write_file(OutputFile(_MARKER_TEXT), stage / MARKER, dest / MARKER)
        old = set(_existing(dest)) if dest.exists() else set()
        removed = tuple(sorted(old - set(files)))
        stats = {rel: _size_and_mtime(stage / rel) for rel in files}
        _swap(stage, dest)
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        raise SiteError(
            f"could not write the site: {exc.strerror or exc}",
            exc.filename or dest,
            None,
            "check free disk space and permissions; the previous site is unchanged",
        ) from None
    shutil.rmtree(stage, ignore_errors=True)  # now the previous site
    return WriteReport(tuple(written), tuple(unchanged), removed, stats)


def _size_and_mtime(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def _check_replaceable(dest: Path) -> None:
    if dest.exists() and not dest.is_dir():
        raise SiteError("output is a file, not a folder", dest, None, "choose another --output")
    if dest.is_dir() and any(dest.iterdir()) and not (dest / MARKER).is_file():
        raise SiteError(
            "output folder exists and was not written by mvsite",
            dest,
            None,
            "mvsite replaces its output folder: choose an empty or new folder, or delete this one",
        )


def _stage(files: Mapping[str, OutputFile], stage: Path, old: Path) -> tuple[list[str], list[str]]:
    written: list[str] = []
    unchanged: list[str] = []
    stage_root = stage.resolve()
    for rel in sorted(files):
        target = stage / rel
        if not target.resolve().is_relative_to(stage_root) or rel.startswith("/"):
            raise SiteError(f"refusing to write outside the output folder: {rel}")
        target.parent.mkdir(parents=True, exist_ok=True)
        previous = old / rel
        if _write_file(files[rel], target, previous):
            written.append(rel)
        else:
            unchanged.append(rel)
    return written, unchanged


def _same_content(file: OutputFile, previous: Path) -> bool:
    try:
        if not previous.is_file() or previous.is_symlink():
            return False
        if file.data is not None:
            return previous.stat().st_size == len(file.data) and previous.read_bytes() == file.data
        assert file.copy_from is not None
        src = file.copy_from
        if src.stat().st_size != previous.stat().st_size:
            return False
        return src.read_bytes() == previous.read_bytes()
    except OSError:
        return False


def _write_file(file: OutputFile, target: Path, previous: Path) -> bool:
    """Write `file` at `target`, or link the identical `previous` file; True if written."""
    if file.keep or _same_content(file, previous):
        os.link(previous, target)
        return False
    if file.data is not None:
        target.write_bytes(file.data)
    else:
        assert file.copy_from is not None
        shutil.copyfile(file.copy_from, target)
    return True


def _existing(root: Path) -> list[str]:
    found = []
    for dirpath, _dirnames, filenames in os.walk(root):
        for name in filenames:
            rel = (Path(dirpath) / name).relative_to(root).as_posix()
            if rel != MARKER:
                found.append(rel)
    return found


_RENAME_EXCHANGE = 2


def _swap(stage: Path, dest: Path) -> None:
    """Put `stage` at `dest`; the old `dest` ends up at `stage`. Never leaves `dest` missing."""
    if not dest.exists():
        os.rename(stage, dest)
        return
    if sys.platform == "linux" and _exchange(stage, dest):
        return
    # Elsewhere: two renames, with a moment in which dest is missing.
    aside = dest.parent / f".{dest.name}.mvsite-old"
    shutil.rmtree(aside, ignore_errors=True)
    os.rename(dest, aside)
    os.rename(stage, dest)
    os.rename(aside, stage)


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): swap two folders in one atomic step."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL):  # old kernel, or a file system without it
        return False
    raise OSError(code, os.strerror(code), str(b))
