"""The table-of-contents treeprocessor: Python-Markdown's, and a cheaper one with its output.

Stock `TocTreeprocessor.run` renders each heading's inner HTML the long way (serialize it,
unescape the result, run every postprocessor over it), then serializes and post-processes the
TOC `<div>`: the serializer and the postprocessors ran about six times a page. The fast one
gives the same `md.toc_tokens`, heading ids and `md.toc`, with these shortcuts:

- a heading that is only text without `&`, `<`, `>` or a placeholder character is its own
  inner HTML, trimmed (the serializer would only have put its tag around it);
- Python-Markdown's own postprocessors (raw HTML, footnotes, `&`) change only text holding a
  placeholder character (STX/ETX), and the unescaper too: text without one skips them all.
  Any other postprocessor always runs, as in the stock code;
- without a `[TOC]` marker no `<div>` is built (mvsite renders the TOC from `toc_tokens`).

Anything else goes through the stock functions, heading by heading. `fast_path.PROBE` and
tests/markdown/test_toc_pass.py compare both processors.
"""

from __future__ import annotations

import html
import re
import unicodedata
import xml.etree.ElementTree as etree
from typing import Any

from markdown import util
from markdown.extensions.footnotes import FootnotePostprocessor
from markdown.extensions.toc import (
    TocExtension,
    TocTreeprocessor,
    escape_cdata,
    nest_toc_tokens,
    remove_fnrefs,
    render_inner_html,
    run_postprocessors,
    slugify,
    slugify_unicode,
    strip_tags,
    unescape,
    unique,
)
from markdown.postprocessors import AndSubstitutePostprocessor, RawHtmlPostprocessor

from mvsite.markdown.raw_html_pass import FastRawHtmlPostprocessor

# Postprocessors that return text without STX or ETX unchanged (by exact type: a subclass may
# do more).
_PLACEHOLDER_ONLY = (
    RawHtmlPostprocessor,
    FastRawHtmlPostprocessor,
    AndSubstitutePostprocessor,
    FootnotePostprocessor,
)
_PLACEHOLDER = re.compile(f"[{util.STX}{util.ETX}]")
# What the serializer escapes in text, and the placeholder characters.
_NOT_PLAIN = re.compile(f"[&<>{util.STX}{util.ETX}]")


class StockTocTreeprocessor(TocTreeprocessor):
    """The stock TOC processor, minus the TOC `<div>` when no `[TOC]` marker can use it."""

    def build_toc_div(self, toc_list: list[Any]) -> etree.Element:
        if not self.marker:
            return etree.Element("div")
        return super().build_toc_div(toc_list)


class FastTocTreeprocessor(StockTocTreeprocessor):
    """`StockTocTreeprocessor`'s output, with the shortcuts in this module's docstring."""

    def run(self, doc: etree.Element) -> None:
        inert = all(type(pp) in _PLACEHOLDER_ONLY for pp in self.md.postprocessors)
        used_ids, headings = self._ids_and_headings(doc)
        counters: dict[str, int] = {}
        tokens: list[Any] = []  # the stubs know too few keys of a token
        for el in headings:
            self.set_level(el)
            token = self._token(el, self._inner_html(el, inert), used_ids, counters)
            if token is not None:
                tokens.append(token)
        toc_tokens = nest_toc_tokens(tokens)
        div = self.build_toc_div(toc_tokens)
        if self.marker:
            self.replace_marker(doc, div)
        toc = self.md.serializer(div)
        if not inert or _PLACEHOLDER.search(toc):
            for pp in self.md.postprocessors:
                toc = pp.run(toc)
        self.md.toc_tokens = toc_tokens  # type: ignore[attr-defined]
        self.md.toc = toc  # type: ignore[attr-defined]

    def _ids_and_headings(self, doc: etree.Element) -> tuple[set[str], list[etree.Element]]:
        """Every id in the document, and its headings in document order (one walk, where
        stock makes two; each tag's name is matched once)."""
        used_ids: set[str] = set()
        headings = []
        is_heading: dict[Any, bool] = {}
        for el in doc.iter():
            if "id" in el.attrib:
                used_ids.add(el.attrib["id"])
            tag = el.tag
            known = is_heading.get(tag)
            if known is None:
                known = is_heading[tag] = isinstance(tag, str) and bool(self.header_rgx.match(tag))
            if known:
                headings.append(el)
        return used_ids, headings

    def _inner_html(self, el: etree.Element, inert: bool) -> str:
        """`render_inner_html(remove_fnrefs(el), md)`, the short way where it gives the same."""
        if inert and _is_plain(el):
            return (el.text or "").strip()
        el = remove_fnrefs(el)
        if inert:
            text = self.md.serializer(el)
            if not _PLACEHOLDER.search(text):
                return text[text.index(">") + 1 : text.rindex("<")].strip()
        return render_inner_html(el, self.md)

    def _token(
        self, el: etree.Element, innerhtml: str, used_ids: set[str], counters: dict[str, int]
    ) -> dict[str, Any] | None:
        """The stock loop's body for one heading: its level, id and TOC entry (None: outside
        `toc_depth`)."""
        name = strip_tags(innerhtml) if "<" in innerhtml else " ".join(innerhtml.split())
        if "id" not in el.attrib:
            slug = self.slugify(html.unescape(name), self.sep)
            el.attrib["id"] = unique(slug, used_ids, counters)
        data_toc_label = ""
        if "data-toc-label" in el.attrib:
            data_toc_label = run_postprocessors(unescape(el.attrib["data-toc-label"]), self.md)
            name = escape_cdata(strip_tags(data_toc_label))
            del el.attrib["data-toc-label"]
        level = int(el.tag[-1])
        token = None
        if self.toc_top <= level <= self.toc_bottom:
            elem_id = el.attrib["id"]
            token = {
                "level": level,
                "id": unescape(elem_id) if util.STX in elem_id else elem_id,
                "name": name,
                "html": innerhtml,
                "data-toc-label": data_toc_label,
            }
        if self.use_anchors:
            self.add_anchor(el, el.attrib["id"])
        if self.use_permalinks not in [False, None]:
            self.add_permalink(el, el.attrib["id"])
        return token


def _is_plain(el: etree.Element) -> bool:
    """Is `el`'s serialization its start tag, its text as it is, its end tag and a tail, where
    the unescaper changes nothing? (Stock unescapes the whole serialization before it cuts the
    start and end tag off: an escaped `>` in an id, `{: #a\\>b }`, cuts the HTML short.)"""
    text, tail = el.text, el.tail
    return (
        not len(el)
        and (not text or not _NOT_PLAIN.search(text))
        and (not tail or not _PLACEHOLDER.search(tail))
        and all(
            type(name) is str and type(value) is str and not _NOT_PLAIN.search(name + value)
            for name, value in el.attrib.items()
        )
    )


def heading_slug(value: str, separator: str) -> str:
    """A heading's id: Python-Markdown's ASCII slug, as MkDocs makes it; for a heading with
    no Latin letter at all (Japanese, Russian, Arabic), which would get a bare counter (`_1`,
    renumbered by every heading added above it), its Unicode slug, as GitHub and Hugo make it."""
    if value.isascii() or any(_is_latin_letter(c) for c in value):
        return slugify(value, separator)
    return slugify_unicode(value, separator)


def _is_latin_letter(character: str) -> bool:
    return character.isalpha() and unicodedata.name(character, "").startswith("LATIN")


class StockTocExtension(TocExtension):
    TreeProcessorClass = StockTocTreeprocessor


class FastTocExtension(TocExtension):
    TreeProcessorClass = FastTocTreeprocessor
