"""Has a file changed since it was recorded? Its identity on disk, and when to trust it.

A file's identity is its (size, mtime_ns, ctime_ns, inode): a file whose identity is as
recorded is taken to be unchanged. Any write sets mtime_ns and ctime_ns, and so do a chmod or
chown (which decide whether the file can be read at all) and restoring an old mtime
(`touch -d`, `rsync -t`); a save by rename gets a new inode.

Timestamps move in ticks, though, so a file changed moments ago may change again within the
same tick and keep its size and times. A change that recent is "racy": its identity is not
trusted: the page cache keeps UNTRUSTED, a copy's bytes are compared, and the no-op record
keeps the file's `fingerprint` (its content), which the next no-op compares, as git does with
a racily clean entry. Standard library only: the no-op build uses it before importing the
pipeline.
"""

from __future__ import annotations

import os
import stat as stat_module

from mvsite.sources.digest import checksum

Identity = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
UNTRUSTED: Identity = (-1, 0, 0, 0)  # an identity no file has: the file is read again next time
RACY_NS = 2_000_000_000  # the coarsest timestamp tick mvsite allows for (FAT's is 2 s)


def identity_of(stat: os.stat_result) -> Identity:
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


def is_racy(changed_ns: int, now_ns: int) -> bool:
    """Was a file last changed at `changed_ns` too close to `now_ns` to trust its times?"""
    return now_ns - changed_ns < RACY_NS


def last_change_ns(identity: tuple[int, ...]) -> int:
    """When the file was last written, or its owner or mode changed (`identity`: an Identity,
    or a record that starts with one)."""
    return max(identity[1], identity[2])


def trusted(identity: Identity, now_ns: int) -> Identity:
    """`identity` to record for a file read at `now_ns`: UNTRUSTED if its change was racy."""
    return UNTRUSTED if is_racy(last_change_ns(identity), now_ns) else identity


def fingerprint(path: str) -> str:
    """What a racy file is compared by: its bytes (of a folder, its entries' names), and who
    may read it. A file that cannot be read has its error instead."""
    try:
        stat = os.stat(path)
        body: bytes | str = ""  # (a device or a pipe: only who may read it)
        if stat_module.S_ISDIR(stat.st_mode):
            body = "\0".join(sorted(os.listdir(path)))
        elif stat_module.S_ISREG(stat.st_mode):
            body = _read_bytes(path, stat.st_size)
    except OSError as exc:
        return f"unreadable: {exc.errno}"
    return checksum(f"{stat.st_mode} {stat.st_uid} {stat.st_gid}", body)


def _read_bytes(path: str, size: int) -> bytes:
    """The file's bytes, read without a buffered file object: after a cold build of a small
    site, every page it wrote is racy and read once, and the object cost as much as reading."""
    handle = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        while chunk := os.read(handle, size + 1):  # (it may have grown since its stat)
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(handle)
