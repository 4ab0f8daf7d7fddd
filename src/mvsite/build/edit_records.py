"""What a build keeps so that a later one can rebuild an edited page alone (body_edits.py):
how it rendered each page (its PageTemplate, kept by name in the cache's index), and what
every page's work read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mvsite.build.page_jobs import PageTemplate, RenderInputs
from mvsite.render.menu import MenuItem
from mvsite.render.navigation import NavItem, PageNav, Version
from mvsite.render.templates import PageView
from mvsite.sources.pages import Page

VIEWS = "views"  # the kind of the cache's index that keeps them, apart (cache_store.py)
INPUTS = "page_inputs"  # the name of the PageInputs in the index's site part


@dataclass(frozen=True)
class PageInputs:
    """What every page's conversion and template read besides the page, as the last build
    had them."""

    render: RenderInputs  # without the compiled templates (the cache keeps those)
    markdown_key: str  # targets_key
    copied: frozenset[str]  # the pages shown untranslated in another language too


def copied_originals(pages: Iterable[Page]) -> frozenset[str]:
    """The pages shown untranslated in another language too: an edit of one changes those."""
    return frozenset(page.original for page in pages if page.fallback)


# Pickled as cls(*values) (cache.fast_dispatch), as the cache's other records are.
VIEW_CLASSES = (PageTemplate, PageView, PageNav, NavItem, MenuItem, Version)
