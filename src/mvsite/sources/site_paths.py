"""Where a site keeps its files: the names the stages agree on.

Standard library only, so that `mvsite build` can look at the site (build/build_record.py) before it
imports the pipeline.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

CONFIG_NAME = "mvsite.yaml"
MKDOCS_CONFIG = "mkdocs.yml"
CONFIG_NAMES = (CONFIG_NAME, MKDOCS_CONFIG)  # never published, even from a bare folder
SOURCE_DIRS = ("content", "templates", "static")
CACHE_DIR = ".mvsite-cache"  # beside the content: the build cache (cache.py) and its kin


def content_dir(root: Path) -> Path:
    """content/, or for a bare folder of Markdown files (in it or in its subfolders) the
    site folder itself."""
    content = root / "content"
    if content.is_dir() or not (any(root.glob("*.md")) or _has_markdown_below(root)):
        return content
    return root


def _has_markdown_below(root: Path) -> bool:
    """Is there a Markdown file in a visible subfolder of `root` (stops at the first)?"""
    for _folder, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith((".", "_"))]
        if any(name.endswith(".md") for name in filenames):
            return True
    return False


def output_problem(root: Path, output: Path) -> str | None:
    """Why `output` cannot be the output folder of the site at `root`, or None.

    A build replaces its output folder whole, and reads content/, static/ and templates/:
    an output inside them would be published into itself, or read as pages next time.
    """
    site, out = root.resolve(), output.resolve()
    if site.is_relative_to(out):
        where = "the site folder" if out == site else f"a folder that holds the site ({site})"
        return f"--output {output} is {where}: a build replaces its output folder"
    for name in (*SOURCE_DIRS, CACHE_DIR):
        if out.is_relative_to(site / name):
            return f"--output {output} is inside the site's {name}/ folder, which a build reads"
    return None


def shown_content_dir(root: Path) -> Path:
    """content/ as messages name it: Path('content'), or Path('.') for a bare folder."""
    folder = content_dir(root)
    return Path("content") if folder != root else Path(".")


def cache_dir(source: Path) -> Path:
    """Where the build cache of the site at `source` lives: .mvsite-cache/ beside its config;
    for a bare folder of Markdown (no config) or a read-only one, in the user's cache folder,
    so that nothing is written among the documents."""
    source = source.absolute()
    has_config = any((source / name).is_file() for name in CONFIG_NAMES)
    if (has_config or content_dir(source) != source) and os.access(source, os.W_OK):
        return source / CACHE_DIR
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(home, "mvsite", hashlib.sha256(str(source).encode()).hexdigest()[:16])


def reads_whole_folder(root: Path) -> bool:
    """Can any file under `root` be a source? Yes for a bare folder and for a project whose
    content folder is named in its config (mkdocs.yml, or mvsite.yaml's docs_dir)."""
    if content_dir(root) == root or (root / MKDOCS_CONFIG).is_file():
        return True
    config = root / CONFIG_NAME
    try:  # only a regular file: a named pipe would block (the build then names it)
        return config.is_file() and b"docs_dir" in config.read_bytes()
    except OSError:
        return False
