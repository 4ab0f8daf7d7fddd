"""Records of the cache's index read and written by name, without the rest of the index.

A one-page edit needs a few records of a site of any size: its page, its Markdown result,
its output file and its view. Each is in the shard its name falls in (cache_store.py), so
reading or changing one costs a shard, ~100 records, whatever the site's size.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mvsite.build.cache_store import (
    Damaged,
    Dispatch,
    Entries,
    checked_shard,
    connect,
    opened,
    put_entries,
    shard_of,
    shard_row,
)

Wanted = Mapping[str, Collection[str] | None]  # kind -> the names to read; None: all of them


@dataclass(frozen=True)
class Found:
    """The records read (a name that is not there is left out), and the file's version."""

    generation: int
    records: Mapping[str, Mapping[str, Any]]  # kind -> name -> record


def read_entries(path: Path, made_by: str, wanted: Wanted) -> Found | None:
    """The `wanted` records kept at `path` by code `made_by`; None when there is no file, or
    one made by other code or of another format. Raises Damaged."""
    try:
        with opened(path, made_by) as store:
            if store is None:
                return None
            db, meta = store
            shards = int(meta["shards"])
            records = {kind: _read_kind(db, kind, names, shards) for kind, names in wanted.items()}
            return Found(int(meta["generation"]), records)
    except (sqlite3.Error, ValueError, KeyError) as exc:
        raise Damaged(str(exc)) from None


def _read_kind(
    db: sqlite3.Connection, kind: str, names: Collection[str] | None, shards: int
) -> dict[str, Any]:
    first = shard_row(kind, 0)
    if names is None:
        query = "SELECT digest, data FROM shards WHERE id BETWEEN ? AND ?"
        rows = db.execute(query, (first, shard_row(kind, shards - 1))).fetchall()
    else:
        numbers = sorted({shard_of(name, shards) for name in names})
        marks = ", ".join("?" * len(numbers))
        query = f"SELECT digest, data FROM shards WHERE id IN ({marks})"
        rows = db.execute(query, [first + number for number in numbers]).fetchall()
    found: dict[str, Any] = {}
    for check, data in rows:
        shard = checked_shard(kind, check, data)
        found.update(shard if names is None else {n: shard[n] for n in names if n in shard})
    return found


def write_entries(path: Path, generation: int, entries: Entries, dispatch: Dispatch) -> bool:
    """Put `entries` into the file at `path`, if it is still the version `generation` (else
    nothing is written: another build saved since); whether it was written. An OSError if
    it cannot be."""
    try:
        with connect(path, create=False) as db:
            db.execute("BEGIN IMMEDIATE")
            row = db.execute("SELECT value FROM meta WHERE name = 'shards'").fetchone()
            version = db.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()
            if row is None or version is None or int(version[0]) != generation:
                db.execute("ROLLBACK")
                return False
            put_entries(db, entries, int(row[0]), dispatch)
            db.execute("UPDATE meta SET value = ? WHERE name = 'generation'", (generation + 1,))
            db.execute("COMMIT")
    except sqlite3.Error as exc:
        raise OSError(f"{path.name}: {exc}") from None
    return True
