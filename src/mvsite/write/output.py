"""What a build outputs (OutputFile), what writing it did (WriteReport), and one file written.

Every file of the site is written through `write_file` (into a staging folder, linking the
identical file of the previous build) or `replace_file` (in place, atomically).
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from mvsite.errors import SiteError
from mvsite.write.folders import FolderRecord


@dataclass(frozen=True)
class OutputFile:
    """A file of the built site: bytes to write, a source file to copy, or the previous file."""

    data: bytes | None = None
    copy_from: Path | None = None
    keep: bool = False  # the file already in the output folder is the right one
    staged: str = ""  # 'written' or 'unchanged': already put in the staging folder (stage_file)
    shown: Path | None = None  # copy_from as the site's author knows it: static/logo.png


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    stats: Mapping[str, tuple[int, int]]  # rel -> (size, mtime_ns) of every file now there
    added: tuple[str, ...] = ()  # the written files that the previous build did not have
    # The output's folders, for the next build's LastOutput (folders.py; {}: list them all).
    folders: Mapping[str, FolderRecord] = field(default_factory=dict)

    @property
    def files(self) -> int:
        """How many files the site has now."""
        return len(self.written) + len(self.unchanged)

    @property
    def changed(self) -> tuple[str, ...]:
        """Written files that replace a different file of the previous build."""
        added = set(self.added)
        return tuple(rel for rel in self.written if rel not in added)


class RecordedFile(Protocol):
    """A file of the output as a build recorded it (build/cache.py's OutputRecord)."""

    @property
    def size(self) -> int: ...
    @property
    def mtime_ns(self) -> int: ...


@dataclass(frozen=True)
class LastOutput:
    """What the last build recorded of the output folder: its files (a file a build marks
    `keep` was found as recorded here), and its folders (folders.py)."""

    files: Mapping[str, RecordedFile]
    folders: Mapping[str, FolderRecord]


def refuse_outside(rel: str) -> None:
    """Refuse a path that would leave the output folder: absolute, or with a '..' part."""
    if rel.startswith("/") or ".." in rel.split("/"):
        raise SiteError(f"refusing to write outside the output folder: {rel}")


def write_file(file: OutputFile, target: Path | str, previous: Path | str | None) -> bool:
    """Write `file` at `target`, or link the identical `previous` file; True if written."""
    if previous is not None and (file.keep or same_content(file, previous)):
        os.link(previous, target)
        return False
    if file.data is not None:
        with open(target, "wb") as handle:
            handle.write(file.data)
    else:
        assert file.copy_from is not None
        try:
            shutil.copyfile(file.copy_from, target)
        except OSError as exc:
            raise _copy_error(exc, file) from None
    return True


def replace_file(file: OutputFile, target: Path) -> None:
    """Write `file` at `target` through a temporary file in the same folder and os.replace."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.mvsite-tmp")
    try:
        if file.data is not None:
            temp.write_bytes(file.data)
        else:
            assert file.copy_from is not None
            try:
                shutil.copy2(file.copy_from, temp)  # with its mtime: see update._is_current
            except OSError as exc:
                raise _copy_error(exc, file) from None
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def same_content(file: OutputFile, previous: Path | str | None) -> bool:
    """Does the file at `previous` (a regular file, not a symlink) hold what `file` would
    write?"""
    try:
        if previous is None:
            return False
        found = os.lstat(previous)
        if not stat.S_ISREG(found.st_mode):
            return False
        if file.data is not None:
            return found.st_size == len(file.data) and _read(previous) == file.data
        assert file.copy_from is not None
        src = file.copy_from
        if src.stat().st_size != found.st_size:
            return False
        return src.read_bytes() == _read(previous)
    except OSError:
        return False


def _read(path: Path | str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def size_and_mtime(path: Path | str) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_size, stat.st_mtime_ns


def _copy_error(exc: OSError, file: OutputFile) -> OSError | SiteError:
    """A failed copy of `file`: a SiteError naming the source if reading it failed, else
    `exc` (writing failed: a full disk, say)."""
    if exc.filename != str(file.copy_from) or exc.filename2 is not None:
        return exc  # shutil names both files when the copying itself failed
    return SiteError(
        f"cannot read file: {exc.strerror}",
        file.shown or file.copy_from,
        None,
        "check the file's permissions; the previous site is unchanged",
    )
