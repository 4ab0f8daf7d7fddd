"""The content digest every cache key, card and search index is named by."""

from __future__ import annotations

import hashlib


def digest(*parts: bytes | str) -> str:
    """A short hex digest of the parts, each length-prefixed so that no two lists collide."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()
