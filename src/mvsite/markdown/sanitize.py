"""A page's HTML after Markdown -> only the elements, attributes and URLs that cannot run script.

Every page goes through it, whatever `allow_html` says: attribute lists (`{: onclick=... }`)
and link targets reach the HTML in either mode, so escaping raw HTML alone is not enough.

- Without `allow_html`, the allow-list is what Python-Markdown and its extensions make
  (footnotes, tables, admonitions, abbreviations, the TOC; pymdown-extensions' collapsible
  blocks, marks, keys and captions) plus the attributes editors give through attribute lists:
  ids, classes, `lang`, `dir`, `title`, image sizes.
- With `allow_html`, it is nh3's (the Ammonia sanitizer's) list of harmless elements, and
  `<picture>` with its `<source>`s (a README's logo for dark and light).
- In both, `on*` handlers, `<script>`, `<style>`, `<iframe>` and forms never reach a reader;
  `style=` only with `allow_style`; URLs only http(s), mailto, tel or relative.
- Radio buttons and check boxes with their labels are kept (pymdownx.tabbed's tabs, which
  the theme's CSS switches without script, and pymdownx.tasklist's boxes); no other
  `<input>` and no `<form>` is, so nothing is ever sent.
- `data:image/*` is kept as an image's source (`src`, `srcset`) and nowhere else. An image
  is never a document: browsers run no script in one (an SVG in `<img>` is drawn without its
  scripts), and the theme's CSP allows `img-src data:`. In a link, `data:text/html` would
  open a page of the editor's making, so `data:` is dropped from every other URL.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

from mvsite.markdown.named_anchors import is_id_like, named_anchors_as_ids
from mvsite.markdown.url_policy import (
    URL_ATTRIBUTES,
    URL_SCHEMES,
    is_allowed_url,
    keep_url,
    srcset_urls,
)

_GENERIC = frozenset({"id", "class", "title", "lang", "dir", "role"})
_MARKDOWN_TAGS = frozenset(
    {
        *("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "hr", "br"),
        *("ul", "ol", "li", "dl", "dt", "dd", "em", "strong", "a", "img", "abbr", "sup"),
        *("table", "thead", "tbody", "tr", "th", "td", "div", "span", "input", "label"),
        # pymdown-extensions': details, caret, tilde, mark, keys, critic, blocks.caption
        *("details", "summary", "ins", "del", "sub", "mark", "kbd", "small", "s"),
        *("figure", "figcaption"),
    }
)
# What pymdownx.tabbed, .tasklist and .details make; an <input>'s type only if a _CONTROL_TYPE.
_CONTROLS: dict[str, frozenset[str]] = {
    "input": frozenset({"name", "checked", "disabled"}),
    "label": frozenset({"for"}),
    "div": frozenset({"data-tabs"}),
    "details": frozenset({"open"}),
}
_CONTROL_TYPES = frozenset({"radio", "checkbox"})
_MARKDOWN_ATTRIBUTES: dict[str, frozenset[str]] = {
    **_CONTROLS,
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "ol": frozenset({"start"}),
    "td": frozenset({"align"}),
    "th": frozenset({"align"}),
}
# To nh3's own lists: the controls, and <picture> (a README's logo for dark and light).
_PICTURE = {
    "picture": frozenset(),
    "source": frozenset({"srcset", "media", "type", "sizes", "width", "height"}),
    "img": frozenset({"loading", "srcset", "sizes"}),
}
_HTML_ADDED = {**_CONTROLS, **_PICTURE}
_HTML_ATTRIBUTES: dict[str, frozenset[str]] = {
    tag: frozenset(nh3.ALLOWED_ATTRIBUTES.get(tag, ())) | _HTML_ADDED.get(tag, frozenset())
    for tag in nh3.ALLOWED_ATTRIBUTES.keys() | _HTML_ADDED.keys()
}
# nh3 keeps an <input> whose type it drops, which a browser shows as a text field. In nh3's
# output every attribute value is quoted, with its quotes and angle brackets escaped.
_INPUT = re.compile(r"<input\b[^>]*>")
_CONTROL_TYPE = re.compile(r'\stype="(?:radio|checkbox)"', re.IGNORECASE)


@dataclass(frozen=True)
class Policy:
    """What a site lets its pages keep (mvsite.yaml: allow_html, allow_style)."""

    allow_html: bool = False
    allow_style: bool = False

    @property
    def tags(self) -> frozenset[str]:
        return frozenset({*nh3.ALLOWED_TAGS, *_HTML_ADDED}) if self.allow_html else _MARKDOWN_TAGS

    @property
    def generic_attributes(self) -> frozenset[str]:
        return _GENERIC | {"style"} if self.allow_style else _GENERIC

    def attribute_names(self, tag: str) -> frozenset[str]:
        """The attributes kept on `tag`, besides aria-* (URLs in them are checked apart)."""
        per_tag = _HTML_ATTRIBUTES if self.allow_html else _MARKDOWN_ATTRIBUTES
        return self.generic_attributes | per_tag.get(tag, frozenset())

    def allows_attribute(self, tag: str, name: str, value: str = "") -> bool:
        """Whether `name`=`value` survives on `tag` (URLs in it are checked apart)."""
        per_tag = _HTML_ATTRIBUTES if self.allow_html else _MARKDOWN_ATTRIBUTES
        return (
            name in self.generic_attributes
            or name.startswith("aria-")
            or name in per_tag.get(tag, ())
            or ((tag, name) == ("input", "type") and value.lower() in _CONTROL_TYPES)
        )

    @property
    def key(self) -> str:
        """Changes whenever the HTML a page gets from the same Markdown may change."""
        return f"sanitize-3 html={self.allow_html} style={self.allow_style}"


class Sanitizer:
    """Cleans page HTML by a Policy; one per converter (nh3 cleaners are built once)."""

    def __init__(self, policy: Policy) -> None:
        self._raw_html = policy.allow_html
        per_tag = _HTML_ATTRIBUTES if policy.allow_html else _MARKDOWN_ATTRIBUTES
        options: dict[str, object] = {
            "tags": set(policy.tags),
            "clean_content_tags": {"script", "style"},
            "attributes": {
                **{tag: set(names) for tag, names in per_tag.items()},
                "*": set(policy.generic_attributes),
            },
            "generic_attribute_prefixes": {"aria-"},
            "tag_attribute_values": {"input": {"type": set(_CONTROL_TYPES)}},
            "link_rel": None,  # keep links as written: same-site links need no rel
            "strip_comments": True,
        }
        self._plain = nh3.Cleaner(url_schemes=set(URL_SCHEMES), **options)  # type: ignore[arg-type]
        # Only pages with a data: URL or a srcset pay for a Python call per attribute.
        self._filtered = nh3.Cleaner(
            url_schemes={*URL_SCHEMES, "data"},
            attribute_filter=keep_url,
            **options,  # type: ignore[arg-type]
        )

    def clean(self, html: str) -> str:
        """HTML fragment -> the same fragment without anything that could run script."""
        if self._raw_html:  # (raw HTML's anchors and pictures: no search on other sites' pages)
            html = named_anchors_as_ids(html)
            filtered = "data:" in html or "srcset" in html
        else:
            filtered = "data:" in html
        cleaned = (self._filtered if filtered else self._plain).clean(html)
        return _INPUT.sub(_control_only, cleaned) if "<input" in cleaned else cleaned


def _control_only(found: re.Match[str]) -> str:
    return found.group() if _CONTROL_TYPE.search(found.group()) else ""


# What the sanitiser drops, said where the editor wrote it: (text to find it by, message, hint).
Dropped = tuple[str, str, str]
_NO_SETTING = "no setting allows it: scripts, styles, frames and forms never reach a page"
_NEVER_KEPT = frozenset(
    {"script", "style", "iframe", "frame", "object", "embed", "form", "button", "select"}
)


def dropped_attributes(policy: Policy, tag: str, attributes: Mapping[str, str]) -> list[Dropped]:
    """The attributes of one element (from Markdown or raw HTML) the sanitiser removes."""
    dropped = []
    for name, value in attributes.items():
        if (tag, name) == ("a", "name") and _names_the_anchor(policy, value, attributes):
            continue
        if not policy.allows_attribute(tag, name, value):
            dropped.append(
                (name, f"{name}= on <{tag}> removed", _attribute_hint(policy, tag, name))
            )
        elif name in URL_ATTRIBUTES and not is_allowed_url(tag, name, value):
            dropped.append(dropped_url(tag, name, value))
    return dropped


def _names_the_anchor(policy: Policy, name: str, attributes: Mapping[str, str]) -> bool:
    """An anchor's name is its old spelling of its id: the same as its id, or in raw HTML
    kept as its id (named_anchors; or an id of the page has it already), so nothing is lost."""
    id_ = attributes.get("id")
    return name == id_ or (policy.allow_html and id_ is None and is_id_like(name))


def dropped_element(policy: Policy, tag: str) -> Dropped:
    """What is said of an element the sanitiser removes (with its content, if a script or a
    style)."""
    if tag in nh3.ALLOWED_TAGS and not policy.allow_html:
        hint = "allow_html: true in mvsite.yaml allows it"
    elif tag in _NEVER_KEPT:
        hint = _NO_SETTING
    else:
        hint = "no setting allows it: pages keep only elements that run no script and embed nothing"
    return (f"<{tag}", f"<{tag}> removed", hint)


def shortened(text: str, most: int) -> str:
    """`text` as a message shows it: at most `most` characters, cut with "..."."""
    return text if len(text) <= most else text[: most - 3] + "..."


def dropped_url(tag: str, name: str, value: str) -> Dropped:
    shown = shortened(value, 40)
    return (
        value,
        f"{name}='{shown}' on <{tag}> removed",
        "addresses may be http(s), mailto, tel or relative; data: only as an image's source",
    )


# What to do instead, for the attributes READMEs and other sites' HTML use most.
_ATTRIBUTE_HINTS = {
    "markdown": "Markdown inside HTML needs the md_in_html extension: add it to"
    " markdown_extensions (or write the block in Markdown)",
    "align": "align= is obsolete HTML and the theme lays pages out: remove it",
    "target": "links open where the reader chooses (no target=): remove it",
}


def _attribute_hint(policy: Policy, tag: str, name: str) -> str:
    if name == "style":
        return "allow_style: true in mvsite.yaml keeps style attributes"
    if name.startswith("on"):
        return "no setting allows event handlers: a page's scripts belong in static/"
    if not policy.allow_html and Policy(allow_html=True).allows_attribute(tag, name):
        return "allow_html: true in mvsite.yaml allows it"
    if name in _ATTRIBUTE_HINTS:
        return _ATTRIBUTE_HINTS[name]
    if policy.allow_html:
        return "raw HTML keeps the attributes on nh3's list of harmless ones (no target, rel, name)"
    return "attribute lists keep id, class, lang, dir, title and image sizes"


def blocked_image(src: str, external_images: bool) -> Dropped | None:
    """What is said of an image the pages' Content-Security-Policy blocks (csp.html): one from
    another site, unless external_images lets those over https load; else None."""
    address = src.lower()
    if not address.startswith(("http://", "https://", "//")):
        return None  # the site's own
    if external_images and not address.startswith("http://"):
        return None
    shown = shortened(src, 60)
    hint = (
        "write its https:// address: images from other sites load over https only"
        if external_images
        else "save it in the site and link to that file, or set external_images: true in"
        " mvsite.yaml (each reader's browser then asks that site for it)"
    )
    message = f"image from another site ({shown}): the pages' Content-Security-Policy blocks it"
    return (src, message, hint)


def dropped_in_html(
    policy: Policy, html: str, external_images: bool = False
) -> list[tuple[int, str, str]]:
    """The elements and attributes of an editor's raw HTML the sanitiser removes, and the
    images the pages' policy blocks, as (line in `html`, message, hint)."""
    scan = _RawHtmlScan(policy, external_images)
    scan.feed(html)
    scan.close()
    return scan.dropped


class _RawHtmlScan(HTMLParser):
    def __init__(self, policy: Policy, external_images: bool) -> None:
        super().__init__(convert_charrefs=True)
        self._policy = policy
        self._external_images = external_images
        self.dropped: list[tuple[int, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self._policy.tags:
            _, message, hint = dropped_element(self._policy, tag)
            self.dropped.append((self.getpos()[0], message, hint))
            return
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        if tag == "input" and values.get("type", "").lower() not in _CONTROL_TYPES:
            self.dropped.append(
                (line, f'<input type="{values.get("type", "text")}"> removed', _NO_SETTING)
            )
            return
        self.dropped.extend(
            (line, message, hint)
            for _, message, hint in dropped_attributes(self._policy, tag, values)
        )
        images = [values.get("src", "")] if tag == "img" else []
        images += srcset_urls(values.get("srcset", "")) if tag in ("img", "source") else []
        for blocked in filter(None, (blocked_image(i, self._external_images) for i in images)):
            self.dropped.append((line, blocked[1], blocked[2]))
