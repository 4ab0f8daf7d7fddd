"""Cheaper versions of Python-Markdown's whole-tree passes, each with the stock output.

After the inline patterns, a converter spends most of its time walking the element tree:
the serializer, the prettifier, the unescaper and the TOC each visit every element of every
page. These versions do the same work with fewer visits and calls (`tests/test_mdconvert.py`
compares the HTML with the stock converter's, byte for byte):

- the serializer recurses instead of queueing every tag, text and tail;
- the unescaper rewrites only strings that hold an escape placeholder;
- the prettifier asks once per tag name whether it is a block;
- the TOC finds the headings and the ids in one walk, and serializes no TOC `<div>` when
  there is no `[TOC]` marker to put it in.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

import markdown
from markdown import serializers, util
from markdown.extensions.toc import (
    TocTreeprocessor,
    nest_toc_tokens,
    remove_fnrefs,
    render_inner_html,
    run_postprocessors,
    strip_tags,
    unique,
)
from markdown.extensions.toc import escape_cdata as toc_escape_cdata
from markdown.extensions.toc import unescape as toc_unescape
from markdown.treeprocessors import PrettifyTreeprocessor, UnescapeTreeprocessor

# The stock serializer's own tables and escapes (private to it, so looked up defensively:
# before Markdown 3.11 there was no boolean-attribute table, and the stock one is kept).
_BOOLEAN: frozenset[str] | None = getattr(serializers, "BOOLEAN_ATTRIBUTES", {}).get("html")
_EMPTY: frozenset[str] = getattr(serializers, "HTML_EMPTY", frozenset())
_escape_cdata: Callable[[str], str] = getattr(serializers, "_escape_cdata")  # noqa: B009
_escape_attrib: Callable[[str], str] = getattr(serializers, "_escape_attrib_html")  # noqa: B009
_stock_serialize: Callable[..., None] = getattr(serializers, "_serialize_html")  # noqa: B009


def install(md: markdown.Markdown) -> None:
    """Put the cheaper passes in `md` in place of the stock ones (for output_format html)."""
    if _BOOLEAN is not None:
        md.serializer = to_html_string
    if "prettify" in md.treeprocessors:
        md.treeprocessors.register(_PrettifyTreeprocessor(md), "prettify", 10)
    if "unescape" in md.treeprocessors:
        md.treeprocessors.register(_UnescapeTreeprocessor(md), "unescape", 0)


def to_html_string(element: etree.Element) -> str:
    """Python-Markdown's `to_html_string`, recursively."""
    parts: list[str] = []
    _write(parts.append, element)
    return "".join(parts)


def _write(write: Callable[[str], None], element: etree.Element) -> None:
    tag = element.tag
    if type(tag) is not str:  # comments, processing instructions, QNames: the stock code
        _stock_serialize(write, element, "html")
        return
    write("<" + tag)
    if element.attrib:
        for name, value in sorted(element.items()):
            if isinstance(name, etree.QName):
                name = name.text
            if isinstance(value, etree.QName):
                value = value.text
            if value is None:
                write(" " + name)
                continue
            value = _escape_attrib(value)
            if name == value and name in (_BOOLEAN or ()):
                write(" " + value)
            else:
                write(f' {name}="{value}"')
    write(">")
    text = element.text
    lower = tag.lower()
    if text:
        write(text if lower in ("script", "style") else _escape_cdata(text))
    for child in element:
        _write(write, child)
    if lower not in _EMPTY:
        write(f"</{tag}>")
    if element.tail:
        write(_escape_cdata(element.tail))


class _UnescapeTreeprocessor(UnescapeTreeprocessor):
    """The stock unescaper, which runs a regex over every string: here only over those that
    hold the placeholder's start character."""

    def run(self, root: etree.Element) -> None:
        stx, unescape = util.STX, self.unescape
        for element in root.iter():
            text, tail = element.text, element.tail
            if text and stx in text and element.tag != "code":
                element.text = unescape(text)
            if tail and stx in tail:
                element.tail = unescape(tail)
            if element.attrib:
                for name, value in element.items():
                    if value is not None and stx in value:
                        element.set(name, unescape(value))


class _PrettifyTreeprocessor(PrettifyTreeprocessor):
    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self._block: dict[Any, bool] = {}

    def _is_block(self, tag: Any) -> bool:
        known = self._block.get(tag)
        if known is None:
            known = self._block[tag] = self.md.is_block_level(tag)
        return known

    def _prettifyETree(self, elem: etree.Element) -> None:
        is_block = self._is_block
        if elem.tag not in ("code", "pre") and is_block(elem.tag):
            if (not elem.text or not elem.text.strip()) and len(elem) and is_block(elem[0].tag):
                elem.text = "\n"
            for child in elem:
                if is_block(child.tag):
                    self._prettifyETree(child)
        if not elem.tail or not elem.tail.strip():
            elem.tail = "\n"


class FastTocTreeprocessor(TocTreeprocessor):
    """The stock TOC pass (ids for headings, `md.toc_tokens`), with one walk of the tree.

    `md.toc`, the TOC as HTML, is only built when there is a marker to replace with it."""

    def run(self, doc: etree.Element) -> None:
        used_ids: set[str] = set()
        headings: list[etree.Element] = []
        is_heading: dict[Any, bool] = {}
        for el in doc.iter():
            if "id" in el.attrib:
                used_ids.add(el.attrib["id"])
            tag = el.tag
            found = is_heading.get(tag)
            if found is None:
                found = is_heading[tag] = isinstance(tag, str) and bool(self.header_rgx.match(tag))
            if found:
                headings.append(el)
        toc_tokens: list[Any] = []
        for el in headings:
            self.set_level(el)
            innerhtml = render_inner_html(remove_fnrefs(el), self.md)
            name = strip_tags(innerhtml)
            if "id" not in el.attrib:
                slug = self.slugify(html.unescape(name), self.sep)
                el.attrib["id"] = unique(slug, used_ids)
            data_toc_label = ""
            if "data-toc-label" in el.attrib:
                data_toc_label = run_postprocessors(
                    toc_unescape(el.attrib["data-toc-label"]), self.md
                )
                name = toc_escape_cdata(strip_tags(data_toc_label))
                del el.attrib["data-toc-label"]
            level = int(el.tag[-1])
            if self.toc_top <= level <= self.toc_bottom:
                toc_tokens.append(
                    {
                        "level": level,
                        "id": toc_unescape(el.attrib["id"]),
                        "name": name,
                        "html": innerhtml,
                        "data-toc-label": data_toc_label,
                    }
                )
            if self.use_anchors:
                self.add_anchor(el, el.attrib["id"])
            if self.use_permalinks not in [False, None]:
                self.add_permalink(el, el.attrib["id"])
        toc_tokens = nest_toc_tokens(toc_tokens)
        self.md.toc_tokens = toc_tokens  # type: ignore[attr-defined]
        self.md.toc = ""  # type: ignore[attr-defined]
        if self.marker:
            div = self.build_toc_div(toc_tokens)
            self.replace_marker(doc, div)
            toc = self.md.serializer(div)
            for processor in self.md.postprocessors:
                toc = processor.run(toc)
            self.md.toc = toc  # type: ignore[attr-defined]
