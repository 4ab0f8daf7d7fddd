"""Is the output folder already what a build would write? Checked with the standard library.

A build that changes nothing still loads the cache, plans every page and compares the
output folder file by file: about 0.15 s at 1,000 pages, plus 0.2 s to import the pipeline
that does it. So `mvsite build` first compares the files a build reads (the content,
templates, static files and config; the packaged theme, mvsite's own code and the libraries
it renders with) and the files it wrote, with what the last build recorded here. If every
file is as recorded, and the options are the same, the build would write nothing: it says
what that build said, and exits.

A file is as recorded when its identity is (sources/file_identity.py: size, mtime_ns,
ctime_ns and inode; ctime moves with any change to who may read it, chmod, chown or an
ACL). A symlink is recorded as its target and as itself, a link that leads nowhere and a
folder that cannot be listed as such, and the source folders themselves too: whatever a full
build would fail on differs from a record, which only a build that succeeded leaves. So do
the credentials the build runs with (user, groups, capabilities), since they decide what it
may read, and the mode of the cache folder, which decides whether it warns.

A file the record is made from is stat'ed before the build reads it (a save during the
build changes it again). A file of the site whose change was racy (too close to the build's
start: file_identity.is_racy) could change again in the same timestamp tick and keep its
stats, so its content is recorded too (build/racy_content.py; taken before the build reads
it) and compared at the next no-op; the record is not kept if a racy file's content at the
end of the build is not what it was before. So are the contents of the build's own racy
writes. Page by page, what changed is build/changes.py's to say.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import marshal
import os
import stat as stat_module
import time
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mvsite import __version__
from mvsite.build.racy_content import Racy, racy_files, same_content, still_racy
from mvsite.sources.digest import digest
from mvsite.sources.file_identity import identity_of
from mvsite.sources.gitdates import head_files
from mvsite.sources.site_paths import (
    CACHE_DIR,
    CONFIG_NAME,
    MKDOCS_CONFIG,
    SOURCE_DIRS,
    cache_dir,
    reads_whole_folder,
)

RECORD_NAME = "uptodate.marshal"  # in CACHE_DIR
_FORMAT = 4  # 2: warnings as printed; 3: ctime, links, credentials, a checksum; 4: racy files
_LIBRARIES = ("markdown", "jinja2", "markupsafe", "yaml", "nh3", "pygments")
_PACKAGE = Path(__file__).resolve().parent.parent  # the whole mvsite package

# path -> (size, mtime_ns, ctime_ns, inode), and of a symlink its own (ctime_ns, inode); or
# for what cannot be stat'ed or listed, or of whose folder only the mode matters: (< 0, ...).
Stats = dict[str, tuple[int, ...]]
_BROKEN, _UNLISTABLE, _MODE = -1, -2, -3


@dataclass(frozen=True)
class Inputs:
    """The stats of what a build reads, and the options it runs with, taken before it starts."""

    options: tuple[str | bool | int | None, ...]
    files: Stats
    taken_ns: int
    source: str  # the site folder: its files are the ones editors save
    code: str  # code_identity(): the build cache is only good for the code that made it
    racy: Racy  # of the site's files changed just before


@dataclass(frozen=True)
class Outcome:
    """What the recorded build said: its warning lines, and its summary line's numbers."""

    warnings: tuple[str, ...]  # as printed
    pages: int
    files: int


def take_inputs(source: Path, output: Path, options: Sequence[str | bool | None]) -> Inputs:
    source, output = source.absolute(), output.absolute()
    files: Stats = {}
    _stat_into(files, str(source / CONFIG_NAME))
    for path in head_files(source):  # a commit changes pages' dates (config: dates_from_git)
        _stat_into(files, path)
    bare = reads_whole_folder(source)
    _stat_into(files, str(source / MKDOCS_CONFIG))
    skipped = {str(output), str(source / CACHE_DIR), str(source / ".git")}
    _mode_into(files, str(source))  # its times change with each build's output
    _mode_into(files, str(source / CACHE_DIR))
    for folder in (source,) if bare else tuple(source / name for name in SOURCE_DIRS):
        if not bare:
            _stat_into(files, str(folder))
        _walk_into(files, str(folder), skipped)
    code = code_files()
    files.update(code)
    today = dt.date.today().isoformat()  # what a build says may depend on the date
    options_key = (__version__, str(source), str(output), today, *_credentials(), *options)
    taken_ns = time.time_ns()
    inside = f"{source}{os.sep}"
    site_files = {path: s for path, s in files.items() if path.startswith(inside)}
    racy = racy_files(site_files, taken_ns)
    return Inputs(options_key, files, taken_ns, str(source), code_identity(code), racy)


def code_files() -> Stats:
    """The files of mvsite's own code and of the libraries it renders with: a change to any
    of them may change what a build makes, though mvsite's version stays the same."""
    files: Stats = {}
    _walk_into(files, str(_PACKAGE), set())
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.origin:
            continue
        if spec.submodule_search_locations:  # a package: all its files
            _walk_into(files, os.path.dirname(spec.origin), set())
        else:
            _stat_into(files, spec.origin)
    return files


def code_identity(code: Stats) -> str:
    """One digest of `code_files()`: what the build cache was made with."""
    return digest(__version__, repr(sorted(code.items())))


def _credentials() -> tuple[int | str, ...]:
    """Who the build runs as: what it may read follows from this and the files' modes."""
    try:  # (root reads any file only with these capabilities; they are per thread)
        with open("/proc/thread-self/status", encoding="ascii") as handle:
            capabilities = next((line for line in handle if line.startswith("CapEff:")), "")
    except OSError:
        capabilities = ""
    groups = ",".join(map(str, sorted(os.getgroups())))
    return os.geteuid(), os.getegid(), groups, capabilities.strip()


def recorded_outcome(record_file: Path, inputs: Inputs, output: Path) -> Outcome | None:
    """The recorded build's outcome, if its inputs and output are exactly as they were (and
    the record then forgets the contents of files it can trust by their stats again)."""
    try:
        with open(record_file, "rb") as handle:
            data = handle.read()
        if int.from_bytes(data[:4], "little") != zlib.crc32(data[4:]):
            return None  # damaged
        record = marshal.loads(data[4:])
        form, options, files, racy, outputs, warnings, pages, count = record
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if (form, tuple(options)) != (_FORMAT, inputs.options) or files != inputs.files:
        return None
    if _output_stats(output) != outputs or not same_content(racy):
        return None
    settled = still_racy(racy, inputs.taken_ns)
    if settled != racy:  # or every later no-op would read them again
        with contextlib.suppress(OSError):  # (then they are read again)
            _write_record(record_file, (*record[:3], settled, *record[4:]))
    return Outcome(tuple(warnings), pages, count)


def _output_stats(output: Path) -> Stats:
    """Every file in the output folder (rel -> its stat, as in Stats)."""
    found: Stats = {}
    _walk_into(found, str(output.absolute()), set(), folders=False)
    skip = len(str(output.absolute())) + 1
    return {path[skip:]: stat for path, stat in found.items()}


def record_outcome(
    record_file: Path,
    inputs: Inputs,
    output: Path,
    outputs: Mapping[str, tuple[int, int]],
    outcome: Outcome,
) -> None:
    """Keep what this build read, wrote (output rel -> size, mtime_ns) and said; or, when a
    racy source's content is no longer what it was before the build, or the output is no
    longer what the build wrote, remove the record."""
    now_ns = time.time_ns()
    folder = str(Path(output).absolute())
    written = _written_stats(folder, outputs)
    if written is None or not same_content(inputs.racy):
        record_file.unlink(missing_ok=True)
        return
    # Files it wrote itself may be changed again in the same tick, by a hand or a script.
    writes = racy_files({os.path.join(folder, rel): s for rel, s in written.items()}, now_ns)
    files = dict(inputs.files)
    # A cold build makes the cache folder: the next build must compare with it as it is now,
    # or the first no-op after every cold build would build again.
    _mode_into(files, os.path.join(inputs.source, CACHE_DIR))
    _write_record(
        record_file,
        (
            _FORMAT,
            inputs.options,
            files,
            {**inputs.racy, **writes},
            written,
            outcome.warnings,
            outcome.pages,
            outcome.files,
        ),
    )


def _written_stats(folder: str, outputs: Mapping[str, tuple[int, int]]) -> Stats | None:
    """What `_output_stats` will find of the files the build wrote (rel -> size, mtime_ns),
    if each is still a regular file as written; else None. Only these files are stat'ed: a
    file added since is not in the record, so the next build's walk finds it and builds."""
    found: Stats = {}
    try:
        for rel in outputs:
            stat = os.lstat(f"{folder}/{rel}")  # (a Path per file costs more than the stat)
            if not stat_module.S_ISREG(stat.st_mode):
                return None
            found[rel] = identity_of(stat)
    except OSError:
        return None
    if any(found[rel][:2] != stats for rel, stats in outputs.items()):
        return None
    # (the walk passes over what Python writes itself, even in the output)
    return {rel: s for rel, s in found.items() if "__pycache__" not in rel.split("/")}


def _write_record(record_file: Path, record: tuple[Any, ...]) -> None:
    data = marshal.dumps(record)
    temp = record_file.with_name(f".{record_file.name}.{os.getpid()}")
    record_file.parent.mkdir(parents=True, exist_ok=True)
    with open(temp, "wb") as handle:
        handle.write(zlib.crc32(data).to_bytes(4, "little") + data)
    os.replace(temp, record_file)


def record_path(source: Path) -> Path:
    """Where the record of the site at `source` is kept."""
    return cache_dir(source) / RECORD_NAME


def forget(record_file: Path) -> None:
    """A build is about to change the output: the record no longer holds."""
    record_file.unlink(missing_ok=True)  # (its folder is writable: the build checked)


def _stat_into(files: Stats, path: str) -> None:
    """The file at `path` (a missing one is left out: the build does without it)."""
    try:
        files[path] = identity_of(os.stat(path))
    except OSError as exc:
        try:
            link = os.lstat(path)
        except OSError:
            return
        files[path] = (_BROKEN, exc.errno or 0, link.st_ctime_ns, link.st_ino)


def _mode_into(files: Stats, path: str) -> None:
    try:
        stat = os.stat(path)
    except OSError:
        return
    files[path + os.sep] = (_MODE, stat.st_mode, stat.st_uid, stat.st_gid)


def _walk_into(files: Stats, folder: str, skipped: set[str], folders: bool = True) -> None:
    """Every file (and folder) under `folder` (of symlinks: their targets and themselves),
    but `skipped`."""
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        files[folder + os.sep] = (_UNLISTABLE, exc.errno or 0)
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
            files[entry.path] = (_BROKEN, exc.errno or 0, entry.inode())
            continue
        is_folder = stat_module.S_ISDIR(stat.st_mode)
        if folders or not is_folder:
            files[entry.path] = identity_of(stat)
        if is_folder:
            _walk_into(files, entry.path, skipped, folders)
