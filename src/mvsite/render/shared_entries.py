"""A list's entries as many pages show them, each rendered once: the template's macro makes an
entry's HTML the first time a page lists it, and every later page reuses that HTML.

The theme's menu lists the top level and up to 20 pages of the section on every page; making
each entry anew was a quarter of a page's template time. A macro passed here must make the
same HTML from its arguments alone (an item's URL and title, whether it is the page's own) and
the page's language; the one item that differs page by page (the menu's item the page is
under, with the sections on the way) has its own macro, called for every page. The cache is
the environment's (one build, one worker), so a changed template or site never gets stale HTML.
It keeps the entries made last (KEPT): a section's list is a window around the page, so an
entry is shown by pages near one another; kept all, at 50,000 pages they held ~20 MB a worker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2.runtime import Context, Macro
from markupsafe import Markup

from mvsite.render.template_languages import render_language

KEPT = 4096  # entries kept (the oldest made is let go first)


@dataclass(frozen=True)
class SharedEntries:
    """Each entry's HTML, once made: by macro, language, URL, title, is-the-page's-own."""

    made: dict[tuple[Any, ...], str] = field(default_factory=dict, repr=False)
    kept: int = KEPT

    def entries(
        self,
        context: Context,
        items: Iterable[Any],
        macro: Macro,
        here: str,
        own_url: str | None = None,
        own_macro: Macro | None = None,
    ) -> str:
        """`macro(item.url, item.title, item.url == here)` of each item, joined (markup
        where escaping is on); the item at `own_url` is `own_macro(item)`, made anew."""
        for each in (macro, own_macro or macro):  # a Python callable would bypass the sandbox
            if not isinstance(each, Macro):
                raise jinja2.exceptions.SecurityError("shared_entries() takes template macros")
        read = context.environment.getattr
        scope = (context.name, macro.name, render_language(context, ""))
        parts = []
        for item in items:
            url = read(item, "url")
            if own_macro is not None and url == own_url:
                parts.append(str(own_macro(item)))
            else:
                parts.append(self._entry(scope, macro, url, read(item, "title"), here))
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
            if len(self.made) >= self.kept:
                del self.made[next(iter(self.made))]
            html = self.made[key] = str(macro(url, title, is_here))
        return html


def entries_function(shared: SharedEntries) -> Callable[..., str]:
    """`shared_entries(items, macro, here, own_url, own_macro)` for templates, as a plain
    function (the sandbox checks a bound method's attributes at each call, ~1 us each)."""

    @jinja2.pass_context
    def entries(context: Context, *args: Any, **kwargs: Any) -> str:
        return shared.entries(context, *args, **kwargs)

    return entries
