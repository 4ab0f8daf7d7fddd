"""Which files the no-op record compares by content, and whether their content still holds.

A file whose stats were taken within a timestamp tick of its last change could change again in
that tick and keep them (sources/file_identity.py: is_racy). As git does with a racily clean
entry, the record keeps such a file's fingerprint (its content) beside its stats, and a no-op
reads and compares it: only those few files are read. Once a file has been found unchanged by
its content after its tick was over, any later change moves its stats, and the record can
trust them again (`still_racy`). Standard library only, like the record.
"""

from __future__ import annotations

from collections.abc import Mapping

from mvsite.sources.file_identity import fingerprint, is_racy, last_change_ns

# path -> (fingerprint, when the file last changed, ns)
Racy = dict[str, tuple[str, int]]


def racy_files(stats: Mapping[str, tuple[int, ...]], now_ns: int) -> Racy:
    """The fingerprint of each of the files (path -> identity, as in the record) that changed
    too close to `now_ns` to be trusted by its stats; call after taking `now_ns`."""
    changed = {path: last_change_ns(stat) for path, stat in stats.items() if stat[0] >= 0}
    return {
        path: (fingerprint(path), when) for path, when in changed.items() if is_racy(when, now_ns)
    }


def same_content(racy: Mapping[str, tuple[str, int]]) -> bool:
    """Is every racy file's content still what was recorded?"""
    return not changed_content(racy)


def changed_content(racy: Mapping[str, tuple[str, int]]) -> list[str]:
    """The racy files whose content is no longer what was recorded."""
    return [path for path, (recorded, _) in racy.items() if fingerprint(path) != recorded]


def still_racy(racy: Mapping[str, tuple[str, int]], checked_ns: int) -> Racy:
    """Those of `racy` whose tick was not over at `checked_ns`, a time taken before
    `same_content` found them all unchanged: the others can be trusted by their stats."""
    return {path: entry for path, entry in racy.items() if is_racy(entry[1], checked_ns)}
