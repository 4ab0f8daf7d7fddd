"""What earlier builds computed, keyed by content digests, so a rebuild redoes only what changed.

`serve` keeps one BuildCache in memory; `build` keeps it in `.mvsite-cache/` beside the
content. Deleting the folder is always safe: the next build is a cold one.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .content import Page
from .markdown import Rendered

CACHE_DIR = ".mvsite-cache"
_CACHE_FILE = "build.pickle"


@dataclass(frozen=True)
class OutputRecord:
    """The file a build left in the output folder, and the key of what produced it."""

    key: str
    size: int
    mtime_ns: int


@dataclass
class BuildCache:
    """Mutable on purpose: each build reads the previous entries and leaves its own."""

    pages: dict[str, tuple[str, Page]] = field(default_factory=dict)  # rel -> (digest, page)
    markdown: dict[str, tuple[str, Rendered]] = field(default_factory=dict)  # rel -> (key, …)
    outputs: dict[str, OutputRecord] = field(default_factory=dict)  # output rel -> record
    output_dir: str = ""  # the folder `outputs` describes


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def load_cache(site_root: Path) -> BuildCache:
    """The cache an earlier build left, or an empty one (missing, stale or unreadable)."""
    src = site_root / CACHE_DIR / _CACHE_FILE
    try:
        with src.open("rb") as handle:
            version, cache = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
        return BuildCache()
    return cache if version == __version__ and isinstance(cache, BuildCache) else BuildCache()


def save_cache(cache: BuildCache, site_root: Path) -> None:
    """Write the cache atomically (an OSError is the caller's to report as a warning)."""
    folder = site_root / CACHE_DIR
    folder.mkdir(exist_ok=True)
    (folder / ".gitignore").write_text("*\n")
    with tempfile.NamedTemporaryFile("wb", dir=folder, delete=False) as handle:
        try:
            pickle.dump((__version__, cache), handle, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            os.unlink(handle.name)
            raise
    os.replace(handle.name, folder / _CACHE_FILE)
