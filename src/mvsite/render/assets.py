"""Static files: the theme's and the site's, the site's winning; CSS and JS get content hashes.

A hashed name changes whenever the file does, so a browser never pairs a new page with a
stylesheet it cached for an old one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from mvsite.errors import SiteError
from mvsite.render.theme_files import THEME_DIR
from mvsite.sources.config import Config
from mvsite.sources.walk import shown_path, walk_sources

HASHED_SUFFIXES = (".css", ".js")


def static_assets(config: Config, hashed: bool = True) -> dict[Path, tuple[str, str]]:
    """Theme and site static files -> {src: (output path, logical path)}; CSS/JS get hashes."""
    found: dict[str, Path] = {}
    for folder, site_root in ((THEME_DIR / "static", THEME_DIR), (config.static_dir, config.root)):
        for src in _walk_files(folder, site_root):
            found[src.relative_to(folder).as_posix()] = src  # the site's file wins
    result = {}
    for logical, src in sorted(found.items()):
        out = logical
        if hashed and logical.endswith(HASHED_SUFFIXES):
            out = hashed_path(logical, _read(src, config.root))
        result[src] = (out, logical)
    return result


def hashed_path(path: str, data: bytes) -> str:
    """`path` with a digest of the bytes before its suffix: style.css -> style.1a2b3c4d.css."""
    stem, dot, suffix = path.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:8]}{dot}{suffix}"


def _read(src: Path, site_root: Path) -> bytes:
    try:
        return src.read_bytes()
    except OSError as exc:
        shown = shown_path(src, site_root)
        raise SiteError(
            f"cannot read file: {exc.strerror}", shown, None, "check the file's permissions"
        ) from None


def _walk_files(folder: Path, site_root: Path) -> Iterator[Path]:
    for found in walk_sources(folder, site_root, _is_static):
        for name in found.files:
            yield folder / found.rel / name


def _is_static(name: str, folder: str, is_folder: bool) -> bool:
    return not name.startswith(".")
