"""Anchors written as empty links become anchors: targets, not links.

Two kinds reach pages from MkDocs projects: pymdownx.highlight's `anchor_linenums` starts each
line of a code block with `<a id="__codelineno-0-3" name=... href="#__codelineno-0-3"></a>`,
and mkdocs-autorefs' anchor syntax `[](){#some-id}` is a link to nowhere with an id. Either is
a link with no text, which a keyboard stops at and a screen reader reads out without a name.
Without its href the element is still a target (`#some-id` scrolls to it).
"""

from __future__ import annotations

import re

# An empty <a> with an id and an href, in either order, as the sanitiser writes them.
_EMPTY_LINK = re.compile(r'<a (id|href)="([^"<>]*)" (id|href)="([^"<>]*)"></a>')


def anchors_not_links(html: str) -> str:
    """`html` with every text-less link to nowhere or to its own id made a plain anchor."""
    return _EMPTY_LINK.sub(_anchor, html) if '"></a>' in html else html


def _anchor(found: re.Match[str]) -> str:
    first, first_value, second, second_value = found.groups()
    if {first, second} != {"id", "href"}:
        return found.group()
    own_id, href = (first_value, second_value) if first == "id" else (second_value, first_value)
    return f'<a id="{own_id}"></a>' if own_id and href in ("", f"#{own_id}") else found.group()
