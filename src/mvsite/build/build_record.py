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
writes. Page by page, what changed is build/changes.py's to say. When only some files
changed, `recorded_changes` names them: if they are pages whose bodies alone changed, only
those are rebuilt (build/body_edits.py). The output is checked file by file and by its
folders' records (build/output_record.py), without listing it.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import time
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mvsite import __version__
from mvsite.build.input_stats import (
    Stats,
    installed_packages_into,
    libraries_into,
    mode_into,
    stat_into,
    walk_into,
)
from mvsite.build.output_record import Folders, as_recorded, written_stats
from mvsite.build.racy_content import Racy, changed_content, racy_files, same_content, still_racy
from mvsite.sources.digest import digest
from mvsite.sources.gitdates import head_files
from mvsite.sources.site_paths import (
    CACHE_DIR,
    CONFIG_NAME,
    MKDOCS_CONFIG,
    SOURCE_DIRS,
    cache_dir,
    reads_whole_folder,
)
from mvsite.write.folders import FolderRecord

RECORD_NAME = "uptodate.marshal"  # in CACHE_DIR
_FORMAT = 5  # 2: warnings as printed; 3: ctime, links, credentials, a checksum; 4: racy
# files; 5: the generation of the cache's index
_LIBRARIES = ("markdown", "jinja2", "markupsafe", "yaml", "nh3", "pygments")
_PACKAGE = Path(__file__).resolve().parent.parent  # the whole mvsite package


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
    stat_into(files, str(source / CONFIG_NAME))
    for path in head_files(source):  # a commit changes pages' dates (config: dates_from_git)
        stat_into(files, path)
    bare = reads_whole_folder(source)
    stat_into(files, str(source / MKDOCS_CONFIG))
    skipped = {str(output), str(source / CACHE_DIR), str(source / ".git")}
    mode_into(files, str(source))  # its times change with each build's output
    mode_into(files, str(source / CACHE_DIR))
    for folder in (source,) if bare else tuple(source / name for name in SOURCE_DIRS):
        if not bare:
            stat_into(files, str(folder))
        walk_into(files, str(folder), skipped)
    code = code_files()
    files.update(code)
    # `options` has the day the build takes as today: what a build says depends on it
    options_key = (__version__, str(source), str(output), *_credentials(), *options)
    taken_ns = time.time_ns()
    inside = f"{source}{os.sep}"
    site_files = {path: s for path, s in files.items() if path.startswith(inside)}
    racy = racy_files(site_files, taken_ns)
    return Inputs(options_key, files, taken_ns, str(source), code_identity(code), racy)


def code_files() -> Stats:
    """The files of mvsite's own code and of the libraries it renders with: a change to any
    of them may change what a build makes, though mvsite's version stays the same."""
    files: Stats = {}
    walk_into(files, str(_PACKAGE), set())
    libraries_into(files, _LIBRARIES)
    installed_packages_into(files)
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


@dataclass(frozen=True)
class LastRecord:
    """The last build's record, and which of the files it recorded differ from it now."""

    outcome: Outcome
    outputs: Stats  # output rel -> identity, as the build left them (and as they are)
    folders: Folders  # the output's folders to trust (write/folders.py)
    generation: int  # of the cache's index, as that build saved it
    changed: frozenset[str]  # the paths whose stats or recorded content differ
    settled: Racy  # the racy files that cannot be trusted by their stats yet
    resettled: bool  # are `settled` or `folders` not as recorded? (then `settle` records them)


def settle(record_file: Path, last: LastRecord) -> None:
    """Forget the contents of the racy files that can be trusted by their stats again, and
    trust the folders found as they were (or every later no-op would check them again)."""
    if not last.resettled:
        return
    with contextlib.suppress(OSError, EOFError, ValueError):  # (then they are read again)
        record = _read_record(record_file)
        _write_record(
            record_file, (*record[:3], last.settled, record[4], last.folders, *record[6:])
        )


def may_be_body_edit(path: str) -> bool:
    """Can a change to `path` be part of an edit of pages' bodies alone (build/body_edits.py):
    a Markdown file, or a folder (an editor that saves by renaming changes it)? Which page,
    body_edits asks; a folder's mode (path + os.sep) or a symlink, never."""
    if path.endswith(os.sep) or os.path.islink(path):
        return False
    return path.endswith(".md") or os.path.isdir(path)


def recorded_changes(
    record_file: Path, inputs: Inputs, output: Path, may_change: Callable[[str], bool]
) -> LastRecord | None:
    """The record of the last build, if it ran with the same options, on the same files
    (those that have changed since all `may_change`), and left the output as it is now."""
    try:
        record = _read_record(record_file)
        form, options, files, racy, outputs, folders, warnings, pages, count, generation = record
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if (form, tuple(options)) != (_FORMAT, inputs.options) or files.keys() != inputs.files.keys():
        return None
    changed = set(changed_content(racy))
    if files != inputs.files:
        changed.update(path for path, stats in inputs.files.items() if files[path] != stats)
    if not all(map(may_change, changed)):
        return None
    trusted = as_recorded(output, outputs, folders)
    if trusted is None:
        return None
    settled = still_racy(racy, inputs.taken_ns)
    outcome = Outcome(tuple(warnings), pages, count)
    resettled = settled != racy or trusted != folders
    return LastRecord(outcome, outputs, trusted, generation, frozenset(changed), settled, resettled)


def _read_record(record_file: Path) -> tuple[Any, ...]:
    with open(record_file, "rb") as handle:
        data = handle.read()
    if int.from_bytes(data[:4], "little") != zlib.crc32(data[4:]):
        raise ValueError("damaged")
    record = marshal.loads(data[4:])
    if not isinstance(record, tuple):
        raise ValueError("damaged")
    return record


@dataclass(frozen=True)
class Written:
    """What a build left: the files it wrote (rel -> size, mtime_ns), the records of the
    output's folders known to hold just those (write/folders.py), and the generation of the
    cache's index it saved."""

    files: Mapping[str, tuple[int, int]]
    folders: Mapping[str, FolderRecord]
    generation: int


def record_outcome(
    record_file: Path, inputs: Inputs, output: Path, written: Written, outcome: Outcome
) -> None:
    """Keep what this build read, left and said; or, when a racy source's content is no
    longer what it was before the build, or the output is no longer what the build wrote,
    remove the record."""
    found = written_stats(str(output.absolute()), written.files, written.folders)
    if found is None or not same_content(inputs.racy):
        record_file.unlink(missing_ok=True)
        return
    _keep(record_file, inputs, output, (*found, written.generation), outcome)


def record_edit(
    record_file: Path, inputs: Inputs, output: Path, last: LastRecord, written: Written
) -> None:
    """Keep the record of a build that rewrote a few files (`written`) of those `last`
    found as recorded when it started: only those are stat'ed again. (A file or folder
    changed since by another hand is not as recorded: the next build finds it.)"""
    found = written_stats(str(output.absolute()), written.files, {})
    if found is None or not same_content(inputs.racy):
        record_file.unlink(missing_ok=True)
        return
    files = {**last.outputs, **found[0]}
    touched = {rel.rpartition("/")[0] for rel in written.files}
    folders = {rel: r for rel, r in last.folders.items() if rel not in touched}
    _keep(record_file, inputs, output, (files, folders, written.generation), last.outcome)


def _keep(
    record_file: Path,
    inputs: Inputs,
    output: Path,
    left: tuple[Stats, Folders, int],  # the output's files and folders, the index's generation
    outcome: Outcome,
) -> None:
    files_written, folders_written, generation = left
    # Files it wrote itself may be changed again in the same tick, by a hand or a script.
    folder = str(output.absolute())
    paths = {f"{folder}/{rel}": s for rel, s in files_written.items()}
    racy = {**inputs.racy, **racy_files(paths, time.time_ns())}
    files = dict(inputs.files)
    # A cold build makes the cache folder: the next build must compare with it as it is now,
    # or the first no-op after every cold build would build again.
    mode_into(files, os.path.join(inputs.source, CACHE_DIR))
    said = (outcome.warnings, outcome.pages, outcome.files, generation)
    record = (_FORMAT, inputs.options, files, racy, files_written, folders_written, *said)
    _write_record(record_file, record)


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
