"""Where mvsite's packaged theme lives, and how messages name a template file."""

from __future__ import annotations

from pathlib import Path

THEME_DIR = Path(__file__).parent / "theme"
THEME_SHOWN = Path("(mvsite theme)")  # the theme's folder as messages name it


def shown_template_path(filename: str, site_root: Path) -> Path:
    """A template's file name as messages show it: relative to the site, or to the theme."""
    path = Path(filename)
    if path.is_relative_to(site_root):
        return path.relative_to(site_root)
    if path.is_relative_to(THEME_DIR):
        return THEME_SHOWN / path.relative_to(THEME_DIR)
    return path
