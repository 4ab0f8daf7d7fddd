"""Where a site keeps its files: the names the stages agree on.

Standard library only, so that `mvsite build` can look at the site (uptodate.py) before it
imports the pipeline.
"""

from __future__ import annotations

from pathlib import Path

CONFIG_NAME = "mvsite.yaml"
SOURCE_DIRS = ("content", "templates", "static")
CACHE_DIR = ".mvsite-cache"  # beside the content: the build cache (cache.py) and its kin


def content_dir(root: Path) -> Path:
    """content/, or for a bare folder of Markdown files the site folder itself."""
    content = root / "content"
    return content if content.is_dir() or not any(root.glob("*.md")) else root
