"""The cache's index on disk: what is saved is what is read, a save writes only what changed,
and damage is found."""

from __future__ import annotations

import copyreg
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from mvsite.build.cache_store import Damaged, Stored, read_store, write_store

DISPATCH = copyreg.dispatch_table


def _parts(pages: int) -> dict[str, dict[str, Any]]:
    return {
        "pages": {f"p{n}.md": ("page", n) for n in range(pages)},
        "outputs": {f"p{n}/index.html": (n, n * 2) for n in range(pages)},
        "site": {"output_dir": "/out"},
    }


def _saved(path: Path, parts: dict[str, dict[str, Any]]) -> Stored:
    stored, _ = write_store(path, "code", parts, None, DISPATCH)
    return stored


def test_what_is_saved_is_what_is_read(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    parts = _parts(3000)
    _saved(path, parts)
    stored = read_store(path, "code")
    assert stored is not None and stored.parts == parts


def test_a_save_after_one_change_writes_only_the_shards_that_changed(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    _saved(path, _parts(3000))
    last = read_store(path, "code")
    assert last is not None and last.shards > 10
    parts = _parts(3000)
    parts["pages"]["p7.md"] = ("page", "edited")
    parts["outputs"]["new/index.html"] = (1, 1)
    del parts["outputs"]["p9/index.html"]
    _, written = write_store(path, "code", parts, last, DISPATCH)
    assert 1 <= written <= 3
    again = read_store(path, "code")
    assert again is not None and again.parts == parts
    _, nothing = write_store(path, "code", parts, again, DISPATCH)
    assert nothing == 0


def test_a_store_saved_by_another_build_since_it_was_read_is_written_anew(
    tmp_path: Path,
) -> None:
    path = tmp_path / "index.sqlite"
    _saved(path, _parts(100))
    first, second = read_store(path, "code"), read_store(path, "code")
    ours = _parts(100) | {"site": {"output_dir": "/ours"}}
    write_store(path, "code", _parts(100) | {"site": {"output_dir": "/theirs"}}, first, DISPATCH)
    write_store(path, "code", ours, second, DISPATCH)
    stored = read_store(path, "code")
    assert stored is not None and stored.parts == ours


def test_a_store_of_other_code_or_none_at_all_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    assert read_store(path, "code") is None
    assert not path.exists()
    _saved(path, _parts(10))
    assert read_store(path, "other code") is None


def _damage_a_shard(path: Path) -> None:
    with sqlite3.connect(path) as db:
        (data,) = db.execute("SELECT data FROM shards LIMIT 1").fetchone()
        db.execute(
            "UPDATE shards SET data = ? WHERE id = (SELECT min(id) FROM shards)",
            (data[:-3] + b"xyz",),
        )


@pytest.mark.parametrize(
    "damage",
    [
        _damage_a_shard,
        lambda path: path.write_bytes(b"not a database at all" * 100),
        lambda path: path.write_bytes(path.read_bytes()[:3000]),
        lambda path: sqlite3.connect(path).execute("DROP TABLE meta").connection.commit(),
    ],
)
def test_damage_is_found_and_the_store_is_then_written_anew(damage: Any, tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    _saved(path, _parts(2000))
    damage(path)
    with pytest.raises(Damaged):
        read_store(path, "code")
    parts = _parts(2000)
    write_store(path, "code", parts, None, DISPATCH)  # as load_cache leaves it: no last
    again = read_store(path, "code")
    assert again is not None and again.parts == parts
    damage(path)  # damaged after it was read: saving works, and reading never misleads
    write_store(path, "code", parts, again, DISPATCH)
    try:
        last = read_store(path, "code")
        assert last is not None and last.parts == parts
    except Damaged:
        pass  # (a shard's bytes, where SQLite itself saw nothing wrong: found at the next read)
