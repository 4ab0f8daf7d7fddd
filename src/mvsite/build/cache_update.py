"""The one place a build's results go into the BuildCache: stages return what they computed,
and `remember` folds it in (and notes whether there is anything new to save)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from mvsite.build.cache import BuildCache, MarkdownRecord, OutputRecord, PageRecord
from mvsite.build.edit_records import PageInputs
from mvsite.build.page_jobs import PageTemplate
from mvsite.write.folders import FolderRecord

_Record = TypeVar("_Record")


@dataclass(frozen=True)
class EditedPage:
    """A page rebuilt alone (the preview's shortcut): its new records and Markdown HTML."""

    record: PageRecord
    markdown: MarkdownRecord
    html: str


@dataclass(frozen=True)
class CacheUpdate:
    """What a stage computed for the cache; None: that part is left as it is."""

    pages: Mapping[str, PageRecord] | None = None  # every source read: rel -> record
    markdown: Mapping[str, MarkdownRecord] | None = None  # every page converted or reused
    html: Mapping[str, str] | None = None  # markdown key -> HTML (a cache kept in memory)
    repaired: frozenset[str] = field(default_factory=frozenset)  # names in the cache folder
    outputs: Mapping[str, OutputRecord] | None = None  # every file written: rel -> record
    output_dir: str | None = None  # the folder `outputs` describes
    output_folders: Mapping[str, FolderRecord] | None = None  # its folders (None: unknown)
    views: Mapping[str, PageTemplate] | None = None  # every page rendered: rel -> its view
    page_inputs: PageInputs | None = None  # what every page's work read
    # Only these changed; the rest is as it was (a cost of the edit, not of the site's size):
    edited: Mapping[str, EditedPage] | None = None  # pages rebuilt alone: rel -> what they are
    rewritten: Mapping[str, OutputRecord] | None = None  # output files written again


def remember(cache: BuildCache, update: CacheUpdate) -> None:
    """Fold `update` into `cache`; cache.changed says whether saving it would write anything."""
    if update.pages is not None:
        if _differs(cache.pages, update.pages, lambda old, new: old is not new):
            cache.changed = True
        cache.views.update(dict.fromkeys(cache.pages.keys() - update.pages.keys()))
        cache.pages = dict(update.pages)
    if update.markdown is not None:
        if _differs(cache.markdown, update.markdown, lambda old, new: old.key != new.key):
            cache.changed = True
        cache.markdown = dict(update.markdown)
    if update.html is not None:
        cache.html = dict(update.html)
    cache.repaired |= update.repaired
    if update.outputs is not None:
        folders = dict(update.output_folders or {})
        if (update.outputs, update.output_dir, folders) != (
            cache.outputs,
            cache.output_dir,
            cache.output_folders,
        ):
            cache.changed = True
        cache.outputs = dict(update.outputs)
        cache.output_folders = folders
    if update.output_dir is not None:
        cache.output_dir = update.output_dir
    if update.views:
        cache.views.update(update.views)
        cache.changed = True
    if update.page_inputs is not None and update.page_inputs != cache.page_inputs:
        cache.page_inputs = update.page_inputs
        cache.changed = True
    if update.edited or update.rewritten:
        _remember_edits(cache, update.edited or {}, update.rewritten or {})


def _remember_edits(
    cache: BuildCache, edited: Mapping[str, EditedPage], rewritten: Mapping[str, OutputRecord]
) -> None:
    """The records of pages rebuilt alone, and of files written again, put in place."""
    for rel, edit in edited.items():
        previous = cache.markdown.get(rel)
        if previous is not None:
            cache.html.pop(previous.key, None)
        cache.pages[rel], cache.markdown[rel] = edit.record, edit.markdown
        cache.html[edit.markdown.key] = edit.html
    cache.outputs.update(rewritten)
    cache.changed = True


def _differs(
    old: Mapping[str, _Record],
    new: Mapping[str, _Record],
    changed: Callable[[_Record, _Record], bool],
) -> bool:
    return old.keys() != new.keys() or any(changed(old[rel], record) for rel, record in new.items())
