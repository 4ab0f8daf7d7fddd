"""Python-Markdown converters for mvsite: the extension set, cheaper per-document variants, and
inline processors that skip patterns which cannot match.

Measured on the benchmark corpus, the stock converter spends most of its time trying every
inline pattern on every text node, twice (`smarty` runs a second InlineProcessor with its own
fifteen patterns). Each speed-up here leaves the HTML byte-identical to the stock converter
with all extensions; `tests/test_mdconvert.py` compares them over a torture document, the
fixture site and a generated corpus sample.

- A pattern is only tried on text containing a string its regex cannot match without (`[`
  for links, `*` or `_` for emphasis); unknown patterns are always tried. The regexes of
  links and code spans begin with a lookbehind, which makes the regex engine try every
  position of a text: they are tried only where a link or code span can start. Likewise, the
  block processors whose tests search the whole block only test blocks that have such a
  string (`#` for headings, `>` for quotes, `|` for tables), and the block parser walks a
  list of its processors made once, not the registry once per block.
- `smarty`'s patterns only ever substitute text (they never make elements), so its pass
  rewrites the text nodes that hold a quote, dash or dot run, and leaves the rest alone.
- Extensions whose syntax a document lacks entirely (no `|`: no table; no `[^`: no footnote)
  are left out of the converter used for it. The checks only look for strings the
  extension's own regexes need, so leaving it out cannot change the result.
- Whitespace is normalised as the stock preprocessor does, with a regex that starts with a
  literal (the stock one, like the link regexes, begins with a lookbehind).
- `md.toc` (the TOC as an HTML string) is not built: mvsite renders the TOC from tokens.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import markdown
from markdown import util
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.admonition import AdmonitionExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.smarty import SmartyExtension, SubstituteTextPattern
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension, TocTreeprocessor
from markdown.preprocessors import NormalizeWhitespace
from markdown.treeprocessors import InlineProcessor

from . import mdtree

# By class, not by name: a name is looked up among every installed package's entry points,
# which took each worker process 40 ms.
EXTENSIONS: dict[str, type[Extension]] = {
    "tables": TableExtension,
    "fenced_code": FencedCodeExtension,
    "footnotes": FootnoteExtension,
    "attr_list": AttrListExtension,
    "abbr": AbbrExtension,
    "def_list": DefListExtension,
    "admonition": AdmonitionExtension,
    "smarty": SmartyExtension,
}
# Extension -> strings of which a document needs one for the extension to change anything.
OPTIONAL_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "tables": ("|",),
    "footnotes": ("[^",),
    "attr_list": ("{",),
    "abbr": ("*[",),
    "def_list": (": ", ":\t"),  # the definition marker: ':' and a space (tabs expand)
    "admonition": ("!!!",),
}
TOC_MARKER = "[TOC]"

_TRIGGERS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",),
    "escape": ("\\",),
    "footnote": ("[^",),
    "reference": ("[",),
    "link": ("[",),
    "short_reference": ("[",),
    "image_link": ("![",),
    "image_reference": ("![",),
    "short_image_ref": ("![",),
    "autolink": ("<",),
    "automail": ("<",),
    "html": ("<",),
    "linebreak": ("  \n",),
    "entity": ("&",),
    "em_strong": ("*", "_"),
    "smarty-em-dashes": ("---",),
    "smarty-en-dashes": ("--",),
    "smarty-ellipses": ("...",),
}
_QUOTES = ("'", '"')
# Pattern -> the characters every match of its regex starts with, for regexes that begin with
# a lookbehind: the regex engine then tries to match at every position of a text, where
# going from one of these characters to the next finds the same matches.
_FIRST_CHARACTERS: dict[str, str] = {
    "backtick": "\\`",
    "reference": "[",
    "link": "[",
    "short_reference": "[",
}


def pattern_triggers(name: str, pattern: object = None) -> tuple[str, ...] | None:
    """Strings of which a text needs one for the named inline pattern to match; None: unknown.
    A pattern of mvsite's own names them in its `TRIGGERS`."""
    own: tuple[str, ...] | None = getattr(pattern, "TRIGGERS", None)
    if own is not None:
        return own
    if name.startswith("smarty-quotes-"):
        return _QUOTES
    return _TRIGGERS.get(name)


def features_of(body: str) -> frozenset[str]:
    """The optional extensions (and the TOC marker) that this Markdown text may use."""
    return frozenset(name for needle, name in _FEATURE_NEEDLES if needle in body)


ALL_FEATURES = frozenset({*OPTIONAL_EXTENSIONS, TOC_MARKER})
_FEATURE_NEEDLES = (
    *((needle, name) for name, needles in OPTIONAL_EXTENSIONS.items() for needle in needles),
    (TOC_MARKER, TOC_MARKER),
)


def make_converter(
    features: frozenset[str], own: Sequence[Extension], allow_html: bool, fast: bool = True
) -> markdown.Markdown:
    """A converter with the always-on extensions, the optional ones in `features`, and `own`."""
    chosen = [
        extension()
        for name, extension in EXTENSIONS.items()
        if name not in OPTIONAL_EXTENSIONS or name in features
    ]
    toc_class = _FastTocExtension if fast else _TocExtension
    toc = toc_class(toc_depth="2-4", marker=TOC_MARKER if TOC_MARKER in features else "")
    md = markdown.Markdown(
        extensions=[*chosen, toc, *own],
        output_format="html",
    )
    if not allow_html:
        # Raw HTML is shown as text: an editor's <script> must never reach a reader.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
    if fast:
        md.preprocessors.register(_NormalizeWhitespace(md), "normalize_whitespace", 30)
        _install_fast_block_level(md)
        _install_block_needles(md)
        _install_block_loop(md)
        _install_fast_inline(md)
        mdtree.install(md)
    return md


class _NormalizeWhitespace(NormalizeWhitespace):
    """The stock preprocessor, with its blank-line regex in a form that starts with a literal
    newline: the stock `(?<=\\n) +\\n` makes the regex engine try every position of the page."""

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        source = source.replace(util.STX, "").replace(util.ETX, "")
        source = source.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
        source = source.expandtabs(self.md.tab_length)
        source = _BLANK_LINE_SPACES.sub("\n", source)
        return source.split("\n")


_BLANK_LINE_SPACES = re.compile(r"\n +(?=\n)")


# Block processor -> strings of which a block needs one for the processor's test to pass
# (each test is a regex search over the whole block, or a row parse for tables).
_BLOCK_NEEDLES: dict[str, tuple[str, ...]] = {
    "table": ("|",),
    "hashheader": ("#",),
    "setextheader": ("\n=", "\n-"),  # its regex: the first line, then a line of = or -
    # three of one of -_* with at most two spaces between: the first two are that close
    "hr": ("--", "- -", "-  -", "__", "_ _", "_  _", "**", "* *", "*  *"),
    "quote": (">",),
    "reference": ("]:",),  # its test passes every block; its run then finds no definition
    "deflist": (":",),
}


def _install_block_needles(md: markdown.Markdown) -> None:
    """Each processor in _BLOCK_NEEDLES tests only the blocks that have one of its needles."""
    processors = md.parser.blockprocessors
    for name, needles in _BLOCK_NEEDLES.items():
        if name in processors:
            processor = processors[name]
            processor.test = _guarded(processor.test, needles)  # type: ignore[method-assign,assignment]


def _install_block_loop(md: markdown.Markdown) -> None:
    """The stock `parseBlocks` over a list of the processors' tests, made once: the stock one
    lists the registry again for every block. Nothing registers more while converting."""
    parser = md.parser
    steps = [(processor.test, processor.run) for processor in parser.blockprocessors]

    def parse_blocks(parent: etree.Element, blocks: list[str]) -> None:
        while blocks:
            for test, run in steps:
                if test(parent, blocks[0]) and run(parent, blocks) is not False:
                    break

    parser.parseBlocks = parse_blocks  # type: ignore[method-assign]


def _guarded(
    test: Callable[[etree.Element, str], bool], needles: tuple[str, ...]
) -> Callable[[etree.Element, str], bool]:
    if len(needles) == 1:
        (needle,) = needles

        def guarded_one(parent: etree.Element, block: str) -> bool:
            return needle in block and test(parent, block)

        return guarded_one
    has_needle = _search_any(needles)

    def guarded(parent: etree.Element, block: str) -> bool:
        return has_needle(block) is not None and test(parent, block)

    return guarded


class _TocTreeprocessor(TocTreeprocessor):
    """The stock TOC processor, minus the TOC `<div>` when no `[TOC]` marker can use it."""

    def build_toc_div(self, toc_list: list[Any]) -> etree.Element:
        if not self.marker:
            return etree.Element("div")
        return super().build_toc_div(toc_list)


class _TocExtension(TocExtension):
    TreeProcessorClass = _TocTreeprocessor


class _FastTocExtension(TocExtension):
    TreeProcessorClass = mdtree.FastTocTreeprocessor


def _install_fast_block_level(md: markdown.Markdown) -> None:
    """`md.is_block_level` over a set: the stock one scans a list of ~60 tags, ~170 times a page.

    The extensions have added their tags by now (in `Markdown.__init__`), and none adds more
    while converting."""
    blocks = frozenset(md.block_level_elements)

    def is_block_level(tag: object) -> bool:
        return isinstance(tag, str) and tag.lower().rstrip("/") in blocks

    md.is_block_level = is_block_level  # type: ignore[method-assign]


def _install_fast_inline(md: markdown.Markdown) -> None:
    inline = md.treeprocessors["inline"]
    assert isinstance(inline, InlineProcessor)
    patterns: util.Registry[Any] = inline.inlinePatterns
    for name, first in _FIRST_CHARACTERS.items():
        if name in patterns:
            regex = _JumpingRegex(patterns[name].compiled_re, first)
            patterns[name].getCompiledRegExp = lambda regex=regex: regex
    md.treeprocessors.register(_SkippingInlineProcessor(md, patterns), "inline", 20)
    if "smarty" in md.treeprocessors:
        smarty = md.treeprocessors["smarty"]
        assert isinstance(smarty, InlineProcessor)
        patterns = smarty.inlinePatterns
        only_text = all(_only_substitutes(patterns[i]) for i in range(len(patterns)))
        kind = _TextOnlyInlineProcessor if only_text else _SkippingInlineProcessor
        md.treeprocessors.register(kind(md, patterns), "smarty", 6)


def _search_any(strings: Iterable[str]) -> Callable[[str], re.Match[str] | None]:
    """A search for the first of `strings` in a text, in one pass of the regex engine."""
    return re.compile("|".join(re.escape(string) for string in strings)).search


class _JumpingRegex:
    """A compiled regex whose `finditer` tries matches only where a text has one of the
    characters all its matches start with. (A lookbehind sees the text before the position a
    match is tried at, so each match is the one the regex's own finditer finds.)"""

    def __init__(self, regex: re.Pattern[str], first: str) -> None:
        self._match = regex.match
        self._next = re.compile(f"[{re.escape(first)}]").search

    def finditer(self, data: str, pos: int = 0) -> Iterator[re.Match[str]]:
        while (candidate := self._next(data, pos)) is not None:
            found = self._match(data, candidate.start())
            if found is None:
                pos = candidate.start() + 1
                continue
            yield found
            pos = found.end()  # none of these regexes matches an empty string


def _only_substitutes(pattern: object) -> bool:
    # Exactly this class: a subclass might make elements.
    if type(pattern) is not SubstituteTextPattern:
        return False
    return not pattern.ANCESTOR_EXCLUDES


class _SkippingInlineProcessor(InlineProcessor):
    """Python-Markdown's InlineProcessor, minus the patterns a text gives no chance to match.

    It replaces the base class's private `__handleInline`, which the base class's `run` and
    `__applyPattern` call; everything else is the base class's own code.
    """

    def __init__(self, md: markdown.Markdown, patterns: util.Registry[Any]) -> None:
        # Made last (make_converter): every extension has registered its patterns by now.
        super().__init__(md)
        self.inlinePatterns = patterns
        names = _ordered_names(patterns)
        self._patterns = [patterns[name] for name in names]
        self._triggers = [pattern_triggers(name, patterns[name]) for name in names]
        self._needles = tuple(sorted({n for t in self._triggers if t for n in t}))
        self._always = any(t is None for t in self._triggers)  # some pattern has no trigger
        self._has_needle = _search_any(self._needles)
        self._plans: dict[frozenset[str], tuple[int, ...]] = {}
        self._apply: Callable[..., tuple[str, bool, int]] = getattr(  # noqa: B009
            self, "_InlineProcessor__applyPattern"
        )

    def _plan(self, data: str) -> tuple[int, ...]:
        """Indices of the patterns that might match `data` (a superset as `data` changes)."""
        # Most texts have no needle at all: one regex search says so faster than a scan each.
        found = (
            frozenset([n for n in self._needles if n in data])
            if self._has_needle(data)
            else frozenset()
        )
        plan = self._plans.get(found)
        if plan is None:
            plan = tuple(
                i for i, t in enumerate(self._triggers) if t is None or not found.isdisjoint(t)
            )
            self._plans[found] = plan
        return plan

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        # Patterns only ever replace matched text by placeholders made of characters no
        # trigger contains, so a pattern ruled out at the start stays ruled out.
        if isinstance(data, util.AtomicString):
            return data
        patterns, apply = self._patterns, self._apply
        for index in self._plan(data):
            if index < patternIndex:
                continue
            matched, start = True, 0
            while matched:
                data, matched, start = apply(patterns[index], data, index, start)
        return data


class _TextOnlyInlineProcessor(_SkippingInlineProcessor):
    """For pattern sets that only substitute text (smarty): rewrite each text that may match.

    The base class walks every element and re-inserts each one's results; with patterns that
    never make elements, that is the same as rewriting each text and tail in place.
    """

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        self.stashed_nodes = {}
        self.ancestors = []
        may_match = self._has_needle
        stash = self.stashed_nodes
        handle = self._InlineProcessor__handleInline

        def restore(match: re.Match[str]) -> str:
            node = stash.get(match.group(1))
            return node if isinstance(node, str) else match.group(0)

        def rewrite(text: str | None) -> str | None:
            if not text or isinstance(text, util.AtomicString):
                return text
            if not (self._always or may_match(text)):
                return text
            return util.INLINE_PLACEHOLDER_RE.sub(restore, handle(text))

        for element in _descendants(tree):
            element.text = rewrite(element.text)
            element.tail = rewrite(element.tail)
        return tree


def _descendants(tree: etree.Element) -> Iterable[etree.Element]:
    iterator = tree.iter()
    next(iterator)  # the root's own text is not inline content
    return iterator


def _ordered_names(registry: util.Registry[Any]) -> list[str]:
    """Registry item names, highest priority first (the order the registry yields items)."""
    # Python-Markdown has no public way to list names; its own iteration uses `_priority`.
    list(registry)  # sorts the registry
    return [item.name for item in registry._priority]  # type: ignore[attr-defined]
