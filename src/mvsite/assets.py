"""Static files: the theme's and the site's, the site's winning; CSS and JS get content hashes.

A hashed name changes whenever the file does, so a browser never pairs a new page with a
stylesheet it cached for an old one.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from .config import Config
from .errors import SiteError
from .render import THEME_DIR

HASHED_SUFFIXES = (".css", ".js")


def static_assets(config: Config, hashed: bool = True) -> dict[Path, tuple[str, str]]:
    """Theme and site static files -> {src: (output path, logical path)}; CSS/JS get hashes."""
    found: dict[str, Path] = {}
    for folder in (THEME_DIR / "static", config.static_dir):
        for src in _walk_files(folder):
            found[src.relative_to(folder).as_posix()] = src  # the site's file wins
    result = {}
    for logical, src in sorted(found.items()):
        out = logical
        if hashed and logical.endswith(HASHED_SUFFIXES):
            digest = hashlib.sha256(src.read_bytes()).hexdigest()[:8]
            stem, dot, suffix = logical.rpartition(".")
            out = f"{stem}.{digest}{dot}{suffix}"
        result[src] = (out, logical)
    return result


def _walk_files(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return

    def unreadable(error: OSError) -> None:  # os.walk would skip it, and drop its files
        shown = Path(error.filename).relative_to(folder.parent)
        raise SiteError(
            f"cannot read folder: {error.strerror}", shown, None, "check its permissions"
        )

    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name
