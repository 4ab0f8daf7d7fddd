"""The cache's index on disk: one SQLite file (the standard library's) of records in shards,
rewritten only where a build changed something.

One pickle of the whole index had to be written again for every edit: at 10,000 pages
15 MB, a second of a one-page edit's time. Here the records of each kind (a mapping of name
-> record) are spread over shards by a checksum of their name; saving compares every record
with the one loaded and rewrites only the shards that differ, in one transaction. A build
killed while saving leaves SQLite's journal, and the next one to open the file rolls it back.

A kind kept `apart` (each page's view: few builds need it) is not read with the rest but by
name (cache_entries.py), and written as `entries`.

The store checks itself: each shard is kept with a digest of its bytes, checked when read,
and a shard that fails it, or a file SQLite cannot read, raises `Damaged`. A file made by
other code or of another format is not read, and saving replaces it. A file written anew
(a cold build, or after damage) is made beside it and renamed over it.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sqlite3
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = "1"
_PER_SHARD = 100  # records of the largest kind per shard, when the file is written anew
_MIN_SHARDS, _MAX_SHARDS = 16, 4096
_DIGEST_SIZE = 16
_SCHEMA = (
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # One b-tree, no separate index a damaged file could leave out of step with the table.
    "CREATE TABLE shards (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, digest BLOB NOT NULL,"
    " data BLOB NOT NULL)",
)

Parts = Mapping[str, Mapping[str, Any]]  # kind -> name -> record
Dispatch = Mapping[type, Callable[[Any], Any]]  # a pickler's dispatch table
Members = Mapping[str, Mapping[int, tuple[str, ...]]]
Entries = Mapping[str, Mapping[str, Any]]  # kind -> name -> record, or None: remove it


class Damaged(Exception):
    """The store's file is there but cannot be trusted."""


@dataclass(frozen=True)
class Stored:
    """The records as they are in the file (copies: the caller's may change), and which
    version of the file they are (each save makes a new one)."""

    generation: int
    shards: int
    parts: Parts
    members: Members  # kind -> shard -> the names in it


def read_store(path: Path, made_by: str, apart: frozenset[str] = frozenset()) -> Stored | None:
    """The records kept at `path` by code `made_by`, but those of the kinds kept `apart`;
    None when there is no file, or one made by other code or of another format. Raises
    Damaged."""
    try:
        with opened(path, made_by) as store:
            if store is None:
                return None
            db, meta = store
            parts: dict[str, dict[str, Any]] = {}
            members: dict[str, dict[int, tuple[str, ...]]] = {}
            marks = ", ".join("?" * len(apart))
            rows = db.execute(f"SELECT * FROM shards WHERE kind NOT IN ({marks})", tuple(apart))
            for row, kind, check, data in rows:
                shard = checked_shard(kind, check, data)
                parts.setdefault(kind, {}).update(shard)
                members.setdefault(kind, {})[row % _MAX_SHARDS] = tuple(shard)
            return Stored(int(meta["generation"]), int(meta["shards"]), parts, members)
    except (sqlite3.Error, ValueError, KeyError) as exc:
        raise Damaged(str(exc)) from None


def write_store(
    path: Path,
    made_by: str,
    parts: Parts,
    last: Stored | None,
    dispatch: Dispatch,
    entries: Entries | None = None,
) -> tuple[Stored, int]:
    """Keep `parts` at `path`: only the shards that differ from `last` (what was read from
    it), or the whole file anew if there is no `last` or the file changed since; and the
    `entries` of the kinds kept apart. The new version, and how many shards were written.
    An OSError if it cannot be written."""
    entries = entries or {}
    if last is not None and _fits(last.shards, parts):
        with contextlib.suppress(sqlite3.Error):  # (damaged since it was read: write anew)
            changes = _write_changes(path, parts, last, dispatch, entries)
            if changes is not None:
                members, written = changes
                return Stored(last.generation + 1, last.shards, _copies(parts), members), written
    shards = _shard_count(parts)
    try:
        members = _write_anew(path, made_by, parts, shards, dispatch, entries)
    except sqlite3.Error as exc:
        raise OSError(f"{path.name}: {exc}") from None
    written = sum(len(numbers) for numbers in members.values())
    return Stored(0, shards, _copies(parts), members), written


def _write_changes(
    path: Path, parts: Parts, last: Stored, dispatch: Dispatch, entries: Entries
) -> tuple[Members, int] | None:
    """Rewrite the shards whose records changed, in one transaction; what each shard now
    holds, and how many were written. None: the file is not the version `last` was read
    from (another build saved since)."""
    with connect(path, create=False) as db:
        db.execute("BEGIN IMMEDIATE")
        row = db.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()
        if row is None or int(row[0]) != last.generation:
            db.execute("ROLLBACK")
            return None
        written, members = 0, {kind: dict(shards) for kind, shards in last.members.items()}
        for kind in sorted({*parts, *last.parts}):
            new, old = parts.get(kind, {}), last.parts.get(kind, {})
            changed = _changed_shards(old, new, last.shards)
            if not changed:
                continue
            held = members.setdefault(kind, {})
            added = _by_shard({name: None for name in new.keys() - old.keys()}, last.shards)
            for number in sorted(changed):
                names = (*(n for n in held.get(number, ()) if n in new), *added.get(number, ()))
                _put_shard(db, kind, number, {name: new[name] for name in names}, dispatch)
                held[number] = names
                written += 1
        written += put_entries(db, entries, last.shards, dispatch)
        db.execute("UPDATE meta SET value = ? WHERE name = 'generation'", (last.generation + 1,))
        db.execute("COMMIT")
    return members, written


def _write_anew(
    path: Path, made_by: str, parts: Parts, shards: int, dispatch: Dispatch, entries: Entries
) -> Members:
    """The whole store written beside `path` and renamed over it; what each shard holds."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.unlink(missing_ok=True)
    try:
        with connect(temp, create=True) as db:
            db.execute("PRAGMA journal_mode = OFF")  # a file no one reads until renamed
            for statement in _SCHEMA:
                db.execute(statement)
            db.execute("BEGIN")
            meta = {"made_by": made_by, "format": FORMAT, "shards": shards, "generation": 0}
            db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            members: dict[str, dict[int, tuple[str, ...]]] = {}
            for kind, records in sorted(parts.items()):
                for number, shard in sorted(_by_shard(records, shards).items()):
                    _put_shard(db, kind, number, shard, dispatch)
                    members.setdefault(kind, {})[number] = tuple(shard)
            put_entries(db, entries, shards, dispatch)
            db.execute("COMMIT")
        # A journal left by a build killed while saving belongs to the file being replaced.
        path.with_name(f"{path.name}-journal").unlink(missing_ok=True)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return members


@contextlib.contextmanager
def opened(path: Path, made_by: str) -> Iterator[tuple[sqlite3.Connection, dict[str, str]] | None]:
    """The store at `path` and its meta table; None: no file, or not `made_by`'s format."""
    if not os.path.lexists(path):
        yield None
        return
    with connect(path, create=False) as db:
        meta = dict(db.execute("SELECT name, value FROM meta"))
        ours = (meta.get("made_by"), meta.get("format")) == (made_by, FORMAT)
        yield (db, meta) if ours else None


def put_entries(db: sqlite3.Connection, entries: Entries, shards: int, dispatch: Dispatch) -> int:
    """Put (or remove) each named record into its shard, in `db`'s transaction; how many
    shards were written. A damaged shard loses its other records (they are rebuilt)."""
    written = 0
    for kind, changes in sorted(entries.items()):
        for number, changed in sorted(_by_shard(changes, shards).items()):
            row = shard_row(kind, number)
            found = db.execute("SELECT digest, data FROM shards WHERE id = ?", (row,)).fetchone()
            shard: dict[str, Any] = {}
            if found is not None:
                with contextlib.suppress(Damaged):
                    shard = checked_shard(kind, *found)
            shard.update(changed)
            kept = {name: record for name, record in shard.items() if record is not None}
            _put_shard(db, kind, number, kept, dispatch)
            written += 1
    return written


def checked_shard(kind: str, check: bytes, data: bytes) -> dict[str, Any]:
    """The records of a shard read from the file; Damaged if its digest is not its own."""
    if _digest(kind, data) != check:
        raise Damaged(f"shard of {kind}")
    try:
        shard = pickle.loads(data)
    except (pickle.UnpicklingError, EOFError, ValueError, KeyError) as exc:
        raise Damaged(str(exc)) from None
    except (TypeError, AttributeError, ImportError) as exc:  # unpickled into nonsense
        raise Damaged(str(exc)) from None
    if not isinstance(shard, dict):
        raise Damaged(f"shard of {kind}")
    return shard


def shard_row(kind: str, number: int) -> int:
    """The row of the kind's shard `number` (a kind's rows are one range of ids)."""
    return zlib.crc32(kind.encode()) * _MAX_SHARDS + number


def shard_of(name: str, shards: int) -> int:
    return zlib.crc32(name.encode()) % shards


@contextlib.contextmanager
def connect(path: Path, create: bool) -> Iterator[sqlite3.Connection]:
    mode = "rwc" if create else "rw"  # (rw: a missing file is an error, not a new file)
    db = sqlite3.connect(f"{path.absolute().as_uri()}?mode={mode}", uri=True, isolation_level=None)
    try:
        # Safe against a killed process (the journal is written first); only a power cut
        # could leave a damaged file, which is then found by its digests and built anew.
        db.execute("PRAGMA synchronous = OFF")
        yield db
    finally:
        db.close()


def _put_shard(
    db: sqlite3.Connection, kind: str, number: int, shard: Mapping[str, Any], dispatch: Dispatch
) -> None:
    row = shard_row(kind, number)
    if not shard:
        db.execute("DELETE FROM shards WHERE id = ?", (row,))
        return
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = dispatch
    pickler.dump(dict(sorted(shard.items())))
    data = buffer.getvalue()
    db.execute(
        "INSERT OR REPLACE INTO shards VALUES (?, ?, ?, ?)", (row, kind, _digest(kind, data), data)
    )


def _changed_shards(old: Mapping[str, Any], new: Mapping[str, Any], shards: int) -> set[int]:
    """The shards holding a record that was added, removed or is not equal to the old one."""
    changed = {shard_of(name, shards) for name in old.keys() - new.keys()}
    for name, record in new.items():
        before = old.get(name, _ABSENT)
        if before is not record and before != record:
            changed.add(shard_of(name, shards))
    return changed


_ABSENT = object()


def _by_shard(records: Mapping[str, Any], shards: int) -> dict[int, dict[str, Any]]:
    grouped: dict[int, dict[str, Any]] = {}
    for name, record in records.items():
        grouped.setdefault(shard_of(name, shards), {})[name] = record
    return grouped


def _shard_count(parts: Parts) -> int:
    largest = max((len(records) for records in parts.values()), default=0)
    return min(_MAX_SHARDS, max(_MIN_SHARDS, largest // _PER_SHARD))


def _fits(shards: int, parts: Parts) -> bool:
    """Are `shards` still about right for this many records (else the file is written anew)?"""
    wanted = _shard_count(parts)
    return wanted // 4 <= shards <= wanted * 4


def _copies(parts: Parts) -> dict[str, dict[str, Any]]:
    return {kind: dict(records) for kind, records in parts.items()}


def _digest(kind: str, data: bytes) -> bytes:
    # SHA-1 for speed: it guards against damage, not attack (see html_packs._entry_digest).
    check = hashlib.sha1(kind.encode(), usedforsecurity=False)
    check.update(data)
    return check.digest()[:_DIGEST_SIZE]
