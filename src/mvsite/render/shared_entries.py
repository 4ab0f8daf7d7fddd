"""A list's entries as many pages show them, each rendered once: the template's macro makes an
entry's HTML the first time a page lists it, and every later page reuses that HTML.

The theme's menu lists up to 20 pages of the section on every page of it; rendering each entry
anew was a fifth of a page's template time. A macro passed here must make the same HTML from
its arguments alone (an item's URL and title, whether it is the page's own)
and the page's language; the cache is the environment's (one
build, one worker), so a changed template or site is never served stale HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2.runtime import Context, Macro
from markupsafe import Markup

from mvsite.render.template_languages import render_language


@dataclass(frozen=True)
class SharedEntries:
    """Each entry's HTML, once made: by macro, language, URL, title, is-the-page's-own."""

    made: dict[tuple[Any, ...], str] = field(default_factory=dict, repr=False)

    def entries(self, context: Context, items: Iterable[Any], macro: Macro, here: str) -> str:
        """`macro(item.url, item.title, item.url == here)` of each item, joined (markup
        where escaping is on)."""
        if not isinstance(macro, Macro):  # a Python callable would bypass the sandbox's checks
            raise jinja2.exceptions.SecurityError("shared_entries() takes a template's macro")
        read = context.environment.getattr
        scope = (context.name, macro.name, render_language(context, ""))
        parts = [
            self._entry(scope, macro, read(item, "url"), read(item, "title"), here)
            for item in items
        ]
        joined = "".join(parts)
        return Markup(joined) if context.eval_ctx.autoescape else joined

    def _entry(
        self, scope: tuple[str | None, ...], macro: Macro, url: Any, title: Any, here: str
    ) -> str:
        is_here = url == here
        key = (scope, url, title, is_here)
        try:
            html = self.made.get(key)
        except TypeError:  # a title that cannot be a key (a list): made for each page
            return str(macro(url, title, is_here))
        if html is None:
            html = self.made[key] = str(macro(url, title, is_here))
        return html


def entries_function(shared: SharedEntries) -> Callable[..., str]:
    """`entries(items, macro, here)` for templates, as a plain function (the sandbox checks a
    bound method's attributes at each call, ~1 us each)."""

    @jinja2.pass_context
    def entries(context: Context, items: Iterable[Any], macro: Macro, here: str) -> str:
        return shared.entries(context, items, macro, here)

    return entries
