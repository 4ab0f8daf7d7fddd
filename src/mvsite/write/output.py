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
import subprocess
import sys
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from mvsite.errors import SiteError

MARKER = ".mvsite-output"
_MARKER_TEXT = b"This folder is written by mvsite build; it is replaced on every build.\n"


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

    @property
    def files(self) -> int:
        """How many files the site has now."""
        return len(self.written) + len(self.unchanged)

    @property
    def changed(self) -> tuple[str, ...]:
        """Written files that replace a different file of the previous build."""
        added = set(self.added)
        return tuple(rel for rel in self.written if rel not in added)


def staging_dir(dest: Path) -> Path:
    return dest.parent / f".{dest.name}{_STAGED}"


def write_site(files: Mapping[str, OutputFile], dest: Path) -> WriteReport:
    """Write `files` (POSIX paths relative to the site) as the new contents of `dest`.

    Files that a build already put into the staging folder (see `stage_file`) are taken as
    they are. If none were, and `dest` already holds `files` but for the content of one file
    at most, only that file is replaced (_update_in_place); else a new site is staged.
    """
    dest = dest.absolute()
    stage = staging_dir(dest)
    streamed = any(file.staged for file in files.values())
    if not streamed:
        in_place = _update_in_place(files, dest)
        if in_place is not None:
            return in_place
        stage = open_stage(dest)
    try:
        written, unchanged_files = _stage(files, stage, dest)
        _write_file(OutputFile(_MARKER_TEXT), stage / MARKER, dest / MARKER)
        old = set(_existing(dest)) if dest.exists() else set()
        removed = tuple(sorted(old - set(files)))
        added = tuple(rel for rel in written if rel not in old)
        stats = {rel: _size_and_mtime(f"{stage}/{rel}") for rel in files}
        _swap(stage, dest)
    except (OSError, SiteError) as exc:
        shutil.rmtree(stage, ignore_errors=True)
        if isinstance(exc, SiteError):
            raise
        raise _write_error(exc, dest) from None
    _delete_previous(stage, dest)
    return WriteReport(tuple(written), tuple(unchanged_files), removed, stats, added)


_TRASH = ".mvsite-old-"
_DELETE = "import shutil, sys\nfor folder in sys.argv[1:]: shutil.rmtree(folder, True)"


def _delete_previous(stage: Path, dest: Path) -> None:
    """Delete the previous site, now at `stage`, in a process of its own that outlives the
    build: on a busy disk, removing 10,000 page folders took longer than building them. It
    is moved aside first, so the next build's stage is free; a folder a deleter that was
    killed left behind is deleted by the next one."""
    prefix = f".{dest.name}{_TRASH}"
    trash = dest.parent / f"{prefix}{os.getpid()}-{time.time_ns()}"
    try:
        os.rename(stage, trash)
        folders = [str(dest.parent / n) for n in os.listdir(dest.parent) if n.startswith(prefix)]
        subprocess.Popen(
            [sys.executable, "-c", _DELETE, *sorted(folders)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:  # no rename, or no process: delete it here and now
        shutil.rmtree(trash if trash.exists() else stage, ignore_errors=True)


def open_stage(dest: Path) -> Path:
    """A new, empty staging folder for the next contents of `dest` (see `stage_file`)."""
    dest = dest.absolute()
    _check_replaceable(dest)
    stage = staging_dir(dest)
    try:
        if stage.exists():
            shutil.rmtree(stage)  # left over from a build that was killed
        stage.mkdir(parents=True)
    except OSError as exc:
        raise _write_error(exc, dest) from None
    return stage


def discard_stage(dest: Path) -> None:
    """Remove the staging folder of `dest`, if a build left one (the site stays as it was)."""
    shutil.rmtree(staging_dir(dest.absolute()), ignore_errors=True)


def stage_file(stage: Path, previous: Path | None, rel: str, file: OutputFile) -> bool:
    """Put one file of the next site into `stage` (from any process); True if written, False
    if hard-linked from the identical file in `previous` (the current site)."""
    target = stage / rel
    if rel.startswith("/") or ".." in rel.split("/"):
        raise SiteError(f"refusing to write outside the output folder: {rel}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return _write_file(file, target, previous / rel if previous else None)
    except OSError as exc:
        raise _write_error(exc, stage) from None


def _write_error(exc: OSError, where: Path) -> SiteError:
    return SiteError(
        f"could not write the site: {exc.strerror or exc}",
        as_published(Path(exc.filename or where)),
        None,
        "check free disk space and permissions; the previous site is unchanged",
    )


def as_published(path: Path) -> Path:
    """A path in a staging folder -> where it is published (the staging folder is ours)."""
    parts = path.parts
    for index, part in enumerate(parts):
        if part.startswith(".") and part.endswith(_STAGED):
            return Path(*parts[:index], part[1 : -len(_STAGED)], *parts[index + 1 :])
    return path


_STAGED = ".mvsite-new"


def _update_in_place(files: Mapping[str, OutputFile], dest: Path) -> WriteReport | None:
    """If `dest` holds exactly `files` but for the content of one file at most, bring it up to
    date and report it; else None (stage the new site).

    Replacing a single file with rename(2) is as atomic as swapping the whole site: a reader
    sees the old site or the new one. A one-page edit so costs one file, not a new site.
    """
    try:
        marker = dest / MARKER
        if not marker.is_file() or marker.read_bytes() != _MARKER_TEXT:
            return None
        if set(_existing(dest)) != set(files):
            return None
        changed = []
        for rel, file in files.items():
            if not (file.keep or _same_content(file, dest / rel)):
                changed.append(rel)
                if len(changed) > 1:
                    return None
        for rel in changed:
            target = dest / rel
            if not target.parent.resolve().is_relative_to(dest.resolve()):
                return None  # let staging refuse it
            _replace_file(files[rel], target)
        stats = {rel: _size_and_mtime(f"{dest}/{rel}") for rel in files}
    except OSError:
        return None
    unchanged = tuple(sorted(rel for rel in files if rel not in changed))
    return WriteReport(tuple(changed), unchanged, (), stats, ())


def update_site(
    files: Mapping[str, OutputFile],
    dest: Path,
    previous: Mapping[str, tuple[int, int]],
    complete: bool = True,
) -> WriteReport:
    """Bring `dest`, last left as `previous` (its WriteReport.stats), to `files`: changed only
    (`complete`: `files` is the whole site, and other files are removed).

    For a folder that only the caller writes (the preview server's): nothing is staged, and
    no folder is walked, so a one-page change costs one file write. Each file is replaced
    atomically on its own, so a reader sees the old or the new file, never a part of one.
    """
    dest = dest.absolute()
    written: list[str] = []
    unchanged: list[str] = []
    stats = dict(previous)
    try:
        dest.mkdir(parents=True, exist_ok=True)
        for rel in sorted(files):
            file = files[rel]
            if file.keep and rel in previous:  # the common case: no Path, no system call
                unchanged.append(rel)
                continue
            target = dest / rel
            if rel.startswith("/") or ".." in rel.split("/"):
                raise SiteError(f"refusing to write outside the output folder: {rel}")
            if _is_current(file, target, previous.get(rel)):
                unchanged.append(rel)
                if rel not in stats:
                    stats[rel] = _size_and_mtime(target)
                continue
            if not target.parent.resolve().is_relative_to(dest.resolve()):
                raise SiteError(f"refusing to write outside the output folder: {rel}")
            _replace_file(file, target)
            written.append(rel)
            stats[rel] = _size_and_mtime(target)
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
        if time.time_ns() - src.st_mtime_ns > _RACY_NS:
            return True
        return file.copy_from.read_bytes() == target.read_bytes()
    except FileNotFoundError:
        return False


_RACY_NS = 2_000_000_000


def _replace_file(file: OutputFile, target: Path) -> None:
    """Write `file` at `target` through a temporary file in the same folder and os.replace."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.mvsite-tmp")
    try:
        if file.data is not None:
            temp.write_bytes(file.data)
        else:
            assert file.copy_from is not None
            try:
                shutil.copy2(file.copy_from, temp)  # with its mtime: see _is_current
            except OSError as exc:
                raise _copy_error(exc, file) from None
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _remove_file(dest: Path, rel: str) -> None:
    """Delete dest/rel and then the folders that this left empty."""
    (dest / rel).unlink(missing_ok=True)
    folder = (dest / rel).parent
    while folder != dest and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _size_and_mtime(path: Path | str) -> tuple[int, int]:
    stat = os.stat(path)
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
    kept = [rel for rel, file in files.items() if file.keep and not file.staged]
    for rel in sorted(files):
        if files[rel].staged:
            (written if files[rel].staged == "written" else unchanged).append(rel)
            continue
        if files[rel].keep:
            continue
        target = stage / rel
        if not target.resolve().is_relative_to(stage_root) or rel.startswith("/"):
            raise SiteError(f"refusing to write outside the output folder: {rel}")
        target.parent.mkdir(parents=True, exist_ok=True)
        previous = old / rel
        if _write_file(files[rel], target, previous):
            written.append(rel)
        else:
            unchanged.append(rel)
    _link_kept(sorted(kept), stage, old)
    return written, sorted(unchanged + kept)


_LINKERS = 4


def _link_kept(rels: list[str], stage: Path, old: Path) -> None:
    """Hard-link the current site's files at `rels` into `stage`, in a few threads: making
    a folder per page waits on the disk, not on Python, and a one-page edit links every other
    page. The plain string check is enough here: only this build has written into the new
    stage, so it holds no symlinks for `resolve` to find."""
    for rel in rels:
        if rel.startswith("/") or ".." in rel.split("/"):
            raise SiteError(f"refusing to write outside the output folder: {rel}")
    size = -(-len(rels) // _LINKERS)
    chunks = [rels[i : i + size] for i in range(0, len(rels), size)] if rels else []
    with ThreadPoolExecutor(_LINKERS) as linkers:
        for _ in linkers.map(lambda chunk: _link_chunk(chunk, stage, old), chunks):
            pass  # re-raises a thread's OSError here


def _link_chunk(rels: list[str], stage: Path, old: Path) -> None:
    folders: set[str] = set()  # made by this thread (another's: makedirs allows for it)
    for rel in rels:
        folder = rel.rpartition("/")[0]
        if folder and folder not in folders:
            os.makedirs(f"{stage}/{folder}", exist_ok=True)
            folders.add(folder)
        os.link(f"{old}/{rel}", f"{stage}/{rel}")


def _same_content(file: OutputFile, previous: Path | None) -> bool:
    try:
        if previous is None or not previous.is_file() or previous.is_symlink():
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


def _write_file(file: OutputFile, target: Path, previous: Path | None) -> bool:
    """Write `file` at `target`, or link the identical `previous` file; True if written."""
    if previous is not None and (file.keep or _same_content(file, previous)):
        os.link(previous, target)
        return False
    if file.data is not None:
        target.write_bytes(file.data)
    else:
        assert file.copy_from is not None
        try:
            shutil.copyfile(file.copy_from, target)
        except OSError as exc:
            raise _copy_error(exc, file) from None
    return True


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


def _existing(root: Path) -> list[str]:
    found = []
    skip = len(str(root)) + 1  # strings, not Paths: this walks every file of the site
    for dirpath, _dirnames, filenames in os.walk(root):
        folder = dirpath[skip:].replace(os.sep, "/")
        for name in filenames:
            rel = f"{folder}/{name}" if folder else name
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
