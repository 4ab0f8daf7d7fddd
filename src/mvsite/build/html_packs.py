"""Pages' Markdown HTML kept in pack files under `.mvsite-cache/html/`, read only when a
template must render a page again.

Each batch of pages a worker converts goes into one pack file (a file per page made writing
the cache a tenth of a cold build); the cache's index says where in which pack each page's
HTML is (HtmlAt), with a digest of those bytes, checked when they are read. Packs no page
uses are deleted, and a pack that is mostly unused is rewritten.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from mvsite.sources.digest import digest

# A page's Markdown HTML: pack file name, offset, length, and the digest of those bytes.
HtmlAt = tuple[str, int, int, int]

_PACK = ".pack"


def store_html(folder: Path, pages: Sequence[tuple[str, str]]) -> list[HtmlAt]:
    """Keep the Markdown HTML of (key, html) pages in one new pack (from any process; atomic)."""
    return _store_pack(folder, [key for key, _ in pages], [html.encode() for _, html in pages])


def _store_pack(folder: Path, keys: Sequence[str], data: Sequence[bytes]) -> list[HtmlAt]:
    name = digest(*keys) + _PACK
    temp = folder / f".{name}.{os.getpid()}.tmp"
    temp.write_bytes(b"".join(data))
    os.replace(temp, folder / name)
    places, offset = [], 0
    for part in data:
        places.append((name, offset, len(part), _entry_digest(part)))
        offset += len(part)
    return places


def _entry_digest(data: bytes) -> int:
    # SHA-1 for speed (a third of BLAKE2b's time here): it guards against damage, not attack;
    # whoever can write the cache can write the site.
    return int.from_bytes(hashlib.sha1(data, usedforsecurity=False).digest()[:8], "little")


def load_html(folder: Path, at: HtmlAt) -> str | None:
    """The HTML kept at `at`, or None if it is missing or damaged."""
    name, offset, length, check = at
    try:
        with open(folder / name, "rb") as handle:
            handle.seek(offset)
            data = handle.read(length)
    except OSError:
        return None
    if len(data) != length or _entry_digest(data) != check:
        return None
    return data.decode()


def prune_packs(folder: Path, used: Iterable[HtmlAt]) -> None:
    """Delete the packs none of `used` is in (and files of older formats)."""
    names = {at[0] for at in used}
    try:
        found = os.listdir(folder)
    except FileNotFoundError:
        return
    for name in found:
        if name not in names:
            (folder / name).unlink(missing_ok=True)


def compact_packs(folder: Path, places: Mapping[str, HtmlAt]) -> dict[str, HtmlAt]:
    """Rewrite the HTML that packs used less than half into one new pack: of `places`
    (Markdown key -> where its HTML is), those moved, and where to. A site edited page by
    page would otherwise keep every old version."""
    sparse = _sparse_packs(folder, places.values())
    try:
        packs = {name: (folder / name).read_bytes() for name in sparse}  # each read once
    except OSError:
        return {}
    moving: dict[str, bytes] = {}
    for key, (name, offset, length, check) in places.items():
        if name not in sparse:
            continue
        data = packs[name][offset : offset + length]
        if _entry_digest(data) == check:  # a damaged entry stays: reading it repairs it
            moving[key] = data
    if not moving:
        return {}
    return dict(zip(moving, _store_pack(folder, list(moving), list(moving.values())), strict=True))


def _sparse_packs(folder: Path, places: Iterable[HtmlAt]) -> set[str]:
    """The packs of which `places` use less than half the bytes."""
    live: dict[str, int] = {}
    for name, _, length, _ in places:
        live[name] = live.get(name, 0) + length
    sparse = set()
    for name, used in live.items():
        try:
            size = (folder / name).stat().st_size
        except OSError:
            continue
        if used * 2 < size:
            sparse.add(name)
    return sparse
