"""Stage a complete new site beside the output folder, then swap it in (see swap.py).

Unchanged files are hard-linked from the previous build, so their timestamps stay and a
deploy moves only what changed. A failed or killed build never touches the old tree.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mvsite.errors import SiteError
from mvsite.write.folders import FolderRecord, checked_folders, folder_entries
from mvsite.write.output import (
    LastOutput,
    OutputFile,
    WriteReport,
    refuse_outside,
    replace_file,
    same_content,
    size_and_mtime,
    write_file,
)
from mvsite.write.swap import delete_previous, swap

MARKER = ".mvsite-output"
_MARKER_TEXT = b"This folder is written by mvsite build; it is replaced on every build.\n"
_STAGED = ".mvsite-new"


def staging_dir(dest: Path) -> Path:
    return dest.parent / f".{dest.name}{_STAGED}"


def as_published(path: Path) -> Path:
    """A path in a staging folder -> where it is published (the staging folder is ours)."""
    parts = path.parts
    for index, part in enumerate(parts):
        if part.startswith(".") and part.endswith(_STAGED):
            return Path(*parts[:index], part[1 : -len(_STAGED)], *parts[index + 1 :])
    return path


def write_site(
    files: Mapping[str, OutputFile], dest: Path, last: LastOutput | None = None
) -> WriteReport:
    """Write `files` (POSIX paths relative to the site) as the new contents of `dest`, of
    which `last` is what the previous build recorded.

    Files that a build already put into the staging folder (see `stage_file`) are taken as
    they are. If none were, and `dest` already holds `files` but for the content of one file
    at most, only that file is replaced (_update_in_place); else a new site is staged.
    """
    dest = dest.absolute()
    stage = staging_dir(dest)
    streamed = any(file.staged for file in files.values())
    if not streamed:
        in_place = _update_in_place(files, dest, last)
        if in_place is not None:
            return in_place
        stage = open_stage(dest)
    try:
        written, unchanged_files = _stage(files, stage, dest)
        write_file(OutputFile(_MARKER_TEXT), stage / MARKER, dest / MARKER)
        old = set(_existing(dest)) if dest.exists() else set()
        removed = tuple(sorted(old - set(files)))
        added = tuple(rel for rel in written if rel not in old)
        stats = {rel: size_and_mtime(f"{stage}/{rel}") for rel in files}
        swap(stage, dest)
    except (OSError, SiteError) as exc:
        shutil.rmtree(stage, ignore_errors=True)
        if isinstance(exc, SiteError):
            raise
        raise _write_error(exc, dest) from None
    delete_previous(stage, dest)
    return WriteReport(tuple(written), tuple(unchanged_files), removed, stats, added)


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
    refuse_outside(rel)
    # Strings, not Paths: this runs for every page, and a Path's joins cost more than the
    # writing's own Python.
    folder = rel.rpartition("/")[0]
    try:
        if folder:
            _make_folder(f"{stage}/{folder}")
        return write_file(file, f"{stage}/{rel}", f"{previous}/{rel}" if previous else None)
    except OSError as exc:
        raise _write_error(exc, stage) from None


def _make_folder(folder: str) -> None:
    """Path.mkdir(parents=True, exist_ok=True) of `folder`: a page's folder is most often
    new, in a folder made before, so one mkdir(2) nearly always makes it."""
    try:
        os.mkdir(folder)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        if not os.path.isdir(folder):
            raise


def _write_error(exc: OSError, where: Path) -> SiteError:
    return SiteError(
        f"could not write the site: {exc.strerror or exc}",
        as_published(Path(exc.filename or where)),
        None,
        "check free disk space and permissions; the previous site is unchanged",
    )


def _update_in_place(
    files: Mapping[str, OutputFile], dest: Path, last: LastOutput | None
) -> WriteReport | None:
    """If `dest` holds exactly `files` but for the content of one file at most, bring it up to
    date and report it; else None (stage the new site).

    Replacing a single file with rename(2) is as atomic as swapping the whole site: a reader
    sees the old site or the new one. A one-page edit so costs one file, not a new site.
    """
    try:
        marker = dest / MARKER
        if not marker.is_file() or marker.read_bytes() != _MARKER_TEXT:
            return None
        folders = _folders_if_exact(files, dest, last)
        if folders is None:
            return None
        changed = []
        for rel, file in files.items():
            if not (file.keep or same_content(file, dest / rel)):
                changed.append(rel)
                if len(changed) > 1:
                    return None
        for rel in changed:
            target = dest / rel
            if not target.parent.resolve().is_relative_to(dest.resolve()):
                return None  # let staging refuse it
            replace_file(files[rel], target)
            folders.pop(rel.rpartition("/")[0], None)  # changed just now: listed next time
        stats = _stats(files, dest, last)
    except OSError:
        return None
    unchanged = tuple(sorted(rel for rel in files if rel not in changed))
    return WriteReport(tuple(changed), unchanged, (), stats, (), folders)


def _folders_if_exact(
    files: Mapping[str, OutputFile], dest: Path, last: LastOutput | None
) -> dict[str, FolderRecord] | None:
    """If `dest` holds exactly `files` (and the marker), the records of its folders to trust
    next time; else None."""
    entries = folder_entries([*files, MARKER])
    found = checked_folders(str(dest), entries, last.folders if last else {})
    if found is not None:
        return found
    # Something more or less than `files` in some folder: the walk says whether the output
    # differs in what counts here, its files (an empty folder does not).
    return {} if set(_existing(dest)) == set(files) else None


def _stats(
    files: Mapping[str, OutputFile], dest: Path, last: LastOutput | None
) -> dict[str, tuple[int, int]]:
    """Each file's (size, mtime_ns); of a kept file, what the last build recorded: the plan
    found the file as recorded (stat'ing every page of the site again took a one-page edit
    0.04 s at 10,000 pages)."""
    recorded = last.files if last is not None else {}
    stats = {}
    for rel, file in files.items():
        record = recorded.get(rel) if file.keep else None
        stats[rel] = (record.size, record.mtime_ns) if record else size_and_mtime(f"{dest}/{rel}")
    return stats


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
        if write_file(files[rel], target, previous):
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
        refuse_outside(rel)
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
