"""What changed since the last build, page by page: the rules page reuse and the preview share.

Whether anything changed at all is asked first, by comparing every file a build read and
wrote with the last build's record (build_record.py, the no-op build). Then, page by page:

1. Has its file changed? Not if its identity (sources/file_identity.py) and the settings
   parsing depends on are as recorded: the cached page is used unread (`is_unchanged`).
2. Has its text changed? A file read again whose text has the recorded key keeps its parsed
   page, and only its identity is renewed (`page_record`).
3. Has more than its body changed? If not, no other page can see the edit, and the preview
   rebuilds that page alone (`is_body_edit`, serve/text_edit.py).

What a changed page must then redo follows from its Markdown and output keys (plan.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from mvsite.build.cache import PageRecord
from mvsite.sources.digest import digest
from mvsite.sources.file_identity import Identity, trusted
from mvsite.sources.pages import Page


def is_unchanged(cached: PageRecord, identity: Identity, settings: str) -> bool:
    """May the cached page be used without reading its file (now of `identity`) again?"""
    return cached.identity == identity and cached.settings == settings


def page_record(
    cached: PageRecord | None,
    identity: Identity,
    settings: str,
    text: str,
    now: int,
    parse: Callable[[], Page],
) -> PageRecord:
    """The record of a page whose file (of `identity`) was read at `now` and held `text`:
    the cached page if the text's key is as recorded, else the page `parse` returns."""
    identity = trusted(identity, now)
    key = digest(text, settings)
    if cached is not None and cached.digest == key:
        return replace(cached, identity=identity)
    return PageRecord(identity, settings, key, parse())


def is_body_edit(old: Page, new: Page) -> bool:
    """Is everything of the page but its body (title, URL, front matter) as it was?"""
    return _all_but_body(new) == _all_but_body(old)


def _all_but_body(page: Page) -> Page:
    return replace(page, body="", body_line=0)
