"""How page values cross to worker processes and back: pickled by their fields.

Pipes carry thousands of slotted dataclasses per batch; pickled by their fields they cost a
fraction of the default for slots, which calls dataclasses.fields() once per object.
"""

from __future__ import annotations

import io
import pickle
from typing import Any

from mvsite.build.cache import PageRecord, fast_dispatch
from mvsite.build.page_jobs import CachedHtml, PageJob, PageResult, PageTemplate, SourceFile
from mvsite.markdown.converted import (
    FigureLink,
    Heading,
    LinkRef,
    LinkTargets,
    Rendered,
    SourceNote,
)
from mvsite.render.navigation import NavItem, PageNav
from mvsite.render.templates import PageView
from mvsite.sources.front_matter import FrontMatter
from mvsite.sources.pages import Page

_DISPATCH = fast_dispatch(
    (
        *(PageJob, CachedHtml, PageTemplate, SourceFile, PageResult, PageView, NavItem, PageNav),
        *(Page, FrontMatter),
        PageRecord,
        *(Rendered, Heading, LinkRef, LinkTargets, FigureLink, SourceNote),
    )
)


def dumps(value: Any) -> bytes:
    """`value` pickled, its page values by their fields (for WorkerPool's `dumps`)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(value)
    return buffer.getvalue()
