"""A page's HTML with editor-written raw HTML in it (`allow_html: true`) -> only what is safe.

nh3 (the Ammonia sanitizer) keeps an allow-list: `<script>`, `<style>`, `<iframe>`, forms,
`on*` event handlers, `style=` and `javascript:` URLs never reach a reader. Everything
Python-Markdown and its extensions make (footnotes, tables, admonitions, the TOC's heading
ids) is on the list, so a page without raw HTML keeps its elements.
"""

from __future__ import annotations

import nh3

_GENERIC_ATTRIBUTES = {"id", "class", "title", "lang", "dir", "role"}
_ATTRIBUTES = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": _GENERIC_ATTRIBUTES,
    "img": {*nh3.ALLOWED_ATTRIBUTES["img"], "loading"},
}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_html(html: str) -> str:
    """HTML fragment -> the same fragment without anything that could run or restyle the page."""
    return nh3.clean(
        html,
        tags=set(nh3.ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        generic_attribute_prefixes={"aria-"},
        link_rel=None,  # keep links as written: same-site links need no rel
        strip_comments=True,
    )
