"""Cheaper versions of three of Python-Markdown's whole-tree passes, each with the stock output.

After the inline patterns, a converter spends most of its time walking the element tree.
These do the same work with fewer visits and calls, and pay about 0.1-0.3 ms of a page's
1.5-2 ms (README "Markdown fast path"):

- the serializer recurses instead of queueing every tag, text and tail;
- the unescaper rewrites only strings that hold an escape placeholder;
- the prettifier asks once per tag name whether it is a block.

They use the serializer's and the prettifier's private parts: `install` checks that each is
there, and `fast_path.fast_path_problem` that the output is stock's, before any is used.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

import markdown
from markdown import serializers, util
from markdown.treeprocessors import PrettifyTreeprocessor, UnescapeTreeprocessor


class FastPathUnavailable(Exception):
    """The installed Python-Markdown lacks an internal part the fast path relies on."""


def install(md: markdown.Markdown) -> None:
    """Put the cheaper passes in `md` in place of the stock ones (for output_format html)."""
    if not callable(getattr(PrettifyTreeprocessor, "_prettifyETree", None)):
        raise FastPathUnavailable("Python-Markdown's PrettifyTreeprocessor has no _prettifyETree")
    if not callable(getattr(UnescapeTreeprocessor, "unescape", None)):
        raise FastPathUnavailable("Python-Markdown's UnescapeTreeprocessor has no unescape")
    # Before Markdown 3.11 there was no boolean-attribute table: the stock serializer stays.
    boolean = getattr(serializers, "BOOLEAN_ATTRIBUTES", {}).get("html")
    if boolean is not None:
        md.serializer = _Serializer(frozenset(boolean)).to_html_string
    if "prettify" in md.treeprocessors:
        md.treeprocessors.register(_PrettifyTreeprocessor(md), "prettify", 10)
    if "unescape" in md.treeprocessors:
        md.treeprocessors.register(_UnescapeTreeprocessor(md), "unescape", 0)


def _private(name: str) -> Any:
    found = getattr(serializers, name, None)
    if found is None:
        raise FastPathUnavailable(f"Python-Markdown's serializers module has no {name}")
    return found


class _Serializer:
    """Python-Markdown's `to_html_string`, recursively, with the stock one's own escapes."""

    def __init__(self, boolean: frozenset[str]) -> None:
        self._boolean = boolean
        self._empty: frozenset[str] = frozenset(_private("HTML_EMPTY"))
        self._escape_cdata: Callable[[str], str] = _private("_escape_cdata")
        self._escape_attrib: Callable[[str], str] = _private("_escape_attrib_html")
        self._stock: Callable[..., None] = _private("_serialize_html")
        self._shapes: dict[str, tuple[str, str, bool]] = {}  # tag -> what _shape says

    def to_html_string(self, element: etree.Element) -> str:
        parts: list[str] = []
        self._write(parts.append, element)
        return "".join(parts)

    def _write(self, write: Callable[[str], None], element: etree.Element) -> None:
        tag = element.tag
        if type(tag) is not str:  # comments, processing instructions, QNames: the stock code
            self._stock(write, element, "html")
            return
        shape = self._shapes.get(tag)
        if shape is None:
            shape = self._shapes[tag] = self._shape(tag)
        opening, closing, raw = shape
        write(f"<{tag}{self._attributes(element)}>" if element.attrib else opening)
        text = element.text
        if text:
            write(text if raw else self._escape_cdata(text))
        for child in element:
            self._write(write, child)
        if closing:
            write(closing)
        tail = element.tail
        if tail:
            write(self._escape_cdata(tail))

    def _shape(self, tag: str) -> tuple[str, str, bool]:
        """A tag's start without attributes, its end ("" if it has none), and whether its
        text is written raw."""
        lower = tag.lower()
        closing = "" if lower in self._empty else f"</{tag}>"
        return f"<{tag}>", closing, lower in ("script", "style")

    def _attributes(self, element: etree.Element) -> str:
        written = []
        for name, value in sorted(element.items()):
            if isinstance(name, etree.QName):
                name = name.text
            if isinstance(value, etree.QName):
                value = value.text
            if value is None:
                written.append(" " + name)
                continue
            value = self._escape_attrib(value)
            if name == value and name in self._boolean:
                written.append(" " + value)
            else:
                written.append(f' {name}="{value}"')
        return "".join(written)


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
