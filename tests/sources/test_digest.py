"""sources/digest.py: length-prefixed digests, BLAKE2 (`digest`) and SHA-1 (`checksum`)."""

from __future__ import annotations

import hashlib

from mvsite.sources.digest import checksum, digest


def test_parts_are_length_prefixed_so_no_two_lists_collide() -> None:
    for hashed in (digest, checksum):
        assert hashed("ab", "c") != hashed("a", "bc")
        assert hashed("abc") != hashed("ab", "c")
        assert hashed("x", b"y") == hashed(b"x", "y")


def test_checksum_is_the_sha1_of_the_length_prefixed_parts() -> None:
    expected = hashlib.sha1(usedforsecurity=False)
    for data in (b"mode 1 2", b"body"):
        expected.update(len(data).to_bytes(8, "little") + data)
    assert checksum("mode 1 2", b"body") == expected.hexdigest()
    assert len(digest("mode 1 2", b"body")) == 32  # BLAKE2b, 16 bytes
