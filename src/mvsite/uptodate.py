"""Is the output folder already what a build would write? Checked with the standard library.

A build that changes nothing still loads the cache, plans every page and compares the
output folder file by file: about 0.15 s at 1,000 pages, plus 0.2 s to import the pipeline
that does it. So `mvsite build` first compares the files a build reads (the content,
templates, static files and config; the packaged theme, mvsite's own code and the libraries
it renders with) and the files it wrote, with what the last build recorded here. If every
file is as recorded, and the options are the same, the build would write nothing: it says
what that build said, and exits.

A file is as recorded when its size, mtime_ns and inode are (a save always sets mtime;
cache.py says more). A file the record is made from is stat'ed before the build reads it
(a save during the build changes it again), and a record with a file of the site saved
within two seconds of the build is not kept: a second save in the same timestamp tick
could go unseen.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import marshal
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .gitdates import head_files
from .layout import CACHE_DIR, CONFIG_NAME, SOURCE_DIRS, content_dir

RECORD_NAME = "uptodate.marshal"  # in CACHE_DIR
_FORMAT = 2  # 2: warnings kept as printed
_RACY_NS = 2_000_000_000
_LIBRARIES = ("markdown", "jinja2", "markupsafe", "yaml", "nh3")
_PACKAGE = Path(__file__).resolve().parent

Stats = dict[str, tuple[int, int, int]]  # path -> (size, mtime_ns, inode)


@dataclass(frozen=True)
class Inputs:
    """The stats of what a build reads, and the options it runs with, taken before it starts."""

    options: tuple[str | bool | None, ...]
    files: Stats
    taken_ns: int
    source: str  # the site folder: its files are the ones editors save


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
    bare = content_dir(source) == source
    skipped = {str(output), str(source / CACHE_DIR), str(source / ".git")}
    for folder in (source,) if bare else tuple(source / name for name in SOURCE_DIRS):
        _walk_into(files, str(folder), skipped)
    _walk_into(files, str(_PACKAGE), set())
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.origin:
            continue
        if spec.submodule_search_locations:  # a package: all its files
            _walk_into(files, os.path.dirname(spec.origin), set())
        else:
            _stat_into(files, spec.origin)
    today = dt.date.today().isoformat()  # what a build says may depend on the date
    options_key = (__version__, str(source), str(output), today, *options)
    return Inputs(options_key, files, time.time_ns(), str(source))


def recorded_outcome(record_file: Path, inputs: Inputs, output: Path) -> Outcome | None:
    """The recorded build's outcome, if its inputs and output are exactly as they were."""
    try:
        with open(record_file, "rb") as handle:
            form, options, files, outputs, warnings, pages, count = marshal.load(handle)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if (form, tuple(options)) != (_FORMAT, inputs.options) or files != inputs.files:
        return None
    found: Stats = {}
    _walk_into(found, str(output.absolute()), set(), folders=False)
    skip = len(str(output.absolute())) + 1
    if {path[skip:]: stat[:2] for path, stat in found.items()} != outputs:
        return None
    return Outcome(tuple(warnings), pages, count)


def record_outcome(
    record_file: Path,
    inputs: Inputs,
    outputs: Mapping[str, tuple[int, int]],
    outcome: Outcome,
) -> None:
    """Keep what this build read, wrote (output rel -> size, mtime_ns) and said; or, when a
    source was saved too recently to be sure of, remove the record."""
    folder = inputs.source + os.sep
    site_files = (s for path, s in inputs.files.items() if path.startswith(folder))
    if any(inputs.taken_ns - stat[1] < _RACY_NS for stat in site_files):
        record_file.unlink(missing_ok=True)
        return
    data = (
        _FORMAT,
        inputs.options,
        inputs.files,
        dict(outputs),
        outcome.warnings,
        outcome.pages,
        outcome.files,
    )
    temp = record_file.with_name(f".{record_file.name}.{os.getpid()}")
    record_file.parent.mkdir(parents=True, exist_ok=True)
    with open(temp, "wb") as handle:
        marshal.dump(data, handle)
    os.replace(temp, record_file)


def record_path(source: Path) -> Path:
    """Where the record of the site at `source` is kept."""
    return source / CACHE_DIR / RECORD_NAME


def forget(record_file: Path) -> None:
    """A build is about to change the output: the record no longer holds."""
    record_file.unlink(missing_ok=True)  # (its folder is writable: the build checked)


def _stat_into(files: Stats, path: str) -> None:
    try:
        stat = os.stat(path)
    except OSError:
        return
    files[path] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def _walk_into(files: Stats, folder: str, skipped: set[str], folders: bool = True) -> None:
    """Every file (and folder) under `folder` (of symlinks: their targets), but `skipped`."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.path in skipped or entry.name == "__pycache__":  # Python writes those itself
            continue
        try:
            stat = entry.stat()
        except OSError:
            continue
        is_folder = entry.is_dir(follow_symlinks=False)
        if folders or not is_folder:
            files[entry.path] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        if is_folder:
            _walk_into(files, entry.path, skipped, folders)
