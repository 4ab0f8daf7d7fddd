"""Where a page's source puts it on the site: a folder's own page, pretty URLs, URL parts.

Slugs and aliases become folder and file names, so the rules for a URL part live here too.
"""

from __future__ import annotations

import re

SECTION_FILE = "_index.md"
# A folder's own page: `index.md` too, as in MkDocs, Hugo, Zola and Eleventy.
SECTION_FILES = (SECTION_FILE, "index.md")
URL_PART = re.compile(r"^\w[\w.-]*$")  # what a slug, or an alias's part, may be
# A URL part becomes a file or folder name: most file systems allow 255 bytes, and the
# preview writes through a temporary name a few dozen bytes longer (write.output.replace_file).
MAX_URL_PART_BYTES = 200


def is_url_part_too_long(part: str) -> bool:
    return len(part.encode()) > MAX_URL_PART_BYTES


def is_section_file(rel: str) -> bool:
    """Is the Markdown file at `rel` its folder's own page (`_index.md` or `index.md`)?"""
    return rel[rel.rfind("/") + 1 :] in SECTION_FILES  # (every page asks, often: no list)


def page_url(rel: str, slug: str | None) -> str:
    """'research/cancer.md' -> '/research/cancer/'; a section's _index.md -> its folder."""
    if is_section_file(rel):
        rel = rel.rpartition("/")[0]
        return "/" + "".join(_url_segment(p) + "/" for p in rel.split("/") if rel)
    parts = [_url_segment(p) for p in rel.removesuffix(".md").split("/")]
    if slug is not None:
        parts[-1] = slug
    return "/" + "".join(p + "/" for p in parts)


def _url_segment(name: str) -> str:
    return re.sub(r"[^\w.-]+", "-", name).strip("-") or "-"
