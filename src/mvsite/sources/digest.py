"""Content digests: `digest` names every cache key, card and search index; `checksum` tells
a file's change from none (sources/file_identity.py)."""

from __future__ import annotations

import hashlib
from typing import Any


def digest(*parts: bytes | str) -> str:
    """A short hex digest of the parts, each length-prefixed so that no two lists collide."""
    return _hex_of(hashlib.blake2b(digest_size=16), parts)


def checksum(*parts: bytes | str) -> str:
    """`digest`'s SHA-1 twin, for what tells a change from none and guards against no one who
    may write the file anyway: with the CPU's SHA instructions it is twice as fast as BLAKE2."""
    return _hex_of(hashlib.sha1(usedforsecurity=False), parts)


def _hex_of(hasher: Any, parts: tuple[bytes | str, ...]) -> str:
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return str(hasher.hexdigest())
