"""A page's HTML after Markdown -> only the elements, attributes and URLs that cannot run script.

Every page goes through it, whatever `allow_html` says: attribute lists (`{: onclick=... }`)
and link targets reach the HTML in either mode, so escaping raw HTML alone is not enough.

- Without `allow_html`, the allow-list is what Python-Markdown and its extensions make
  (footnotes, tables, admonitions, abbreviations, the TOC) plus the attributes editors give
  through attribute lists: ids, classes, `lang`, `dir`, `title`, image sizes.
- With `allow_html`, it is nh3's (the Ammonia sanitizer's) list of harmless elements.
- In both, `on*` handlers, `<script>`, `<style>`, `<iframe>` and forms never reach a reader;
  `style=` only with `allow_style`; URLs only http(s), mailto, tel or relative.
- `data:image/*` is kept in an `<img>`'s `src` and nowhere else. An image is never a document:
  browsers run no script in one (an SVG in `<img>` is drawn without its scripts), and the
  theme's CSP allows `img-src data:`. In a link, `data:text/html` would open a page of the
  editor's making, so `data:` is dropped from every other URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import nh3

_GENERIC = frozenset({"id", "class", "title", "lang", "dir", "role"})
_MARKDOWN_TAGS = frozenset(
    {
        *("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "hr", "br"),
        *("ul", "ol", "li", "dl", "dt", "dd", "em", "strong", "a", "img", "abbr", "sup"),
        *("table", "thead", "tbody", "tr", "th", "td", "div", "span"),
    }
)
_MARKDOWN_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "ol": frozenset({"start"}),
    "td": frozenset({"align"}),
    "th": frozenset({"align"}),
}
_HTML_ATTRIBUTES: dict[str, frozenset[str]] = {
    **{tag: frozenset(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "img": frozenset({*nh3.ALLOWED_ATTRIBUTES["img"], "loading"}),
}
_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_URL_ATTRIBUTES = frozenset({"href", "src", "cite", "longdesc", "action", "formaction", "poster"})
# What a browser ignores in a URL before its scheme, and inside it (tabs and newlines).
_URL_IGNORED = re.compile(r"[\x00-\x20]+")


@dataclass(frozen=True)
class Policy:
    """What a site lets its pages keep (mvsite.yaml: allow_html, allow_style)."""

    allow_html: bool = False
    allow_style: bool = False

    @property
    def tags(self) -> frozenset[str]:
        return frozenset(nh3.ALLOWED_TAGS) if self.allow_html else _MARKDOWN_TAGS

    @property
    def generic_attributes(self) -> frozenset[str]:
        return _GENERIC | {"style"} if self.allow_style else _GENERIC

    def allows_attribute(self, tag: str, name: str) -> bool:
        """Whether `name` survives on `tag` (URLs in it are checked apart)."""
        per_tag = _HTML_ATTRIBUTES if self.allow_html else _MARKDOWN_ATTRIBUTES
        return (
            name in self.generic_attributes
            or name.startswith("aria-")
            or name in per_tag.get(tag, ())
        )

    @property
    def key(self) -> str:
        """Changes whenever the HTML a page gets from the same Markdown may change."""
        return f"sanitize-1 html={self.allow_html} style={self.allow_style}"


class Sanitizer:
    """Cleans page HTML by a Policy; one per converter (nh3 cleaners are built once)."""

    def __init__(self, policy: Policy) -> None:
        per_tag = _HTML_ATTRIBUTES if policy.allow_html else _MARKDOWN_ATTRIBUTES
        options: dict[str, object] = {
            "tags": set(policy.tags),
            "clean_content_tags": {"script", "style"},
            "attributes": {
                **{tag: set(names) for tag, names in per_tag.items()},
                "*": set(policy.generic_attributes),
            },
            "generic_attribute_prefixes": {"aria-"},
            "link_rel": None,  # keep links as written: same-site links need no rel
            "strip_comments": True,
        }
        self._plain = nh3.Cleaner(url_schemes=set(_URL_SCHEMES), **options)  # type: ignore[arg-type]
        # Only pages with a data: URL pay for a Python call per attribute.
        self._with_data = nh3.Cleaner(
            url_schemes={*_URL_SCHEMES, "data"},
            attribute_filter=_image_data_only,
            **options,  # type: ignore[arg-type]
        )

    def clean(self, html: str) -> str:
        """HTML fragment -> the same fragment without anything that could run script."""
        cleaner = self._with_data if "data:" in html else self._plain
        return cleaner.clean(html)


def _image_data_only(tag: str, name: str, value: str) -> str | None:
    if name not in _URL_ATTRIBUTES:
        return value
    url = _URL_IGNORED.sub("", value).lower()
    if url.startswith("data:") and not (
        tag == "img" and name == "src" and url.startswith("data:image/")
    ):
        return None
    return value
