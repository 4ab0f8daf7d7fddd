"""Python-Markdown converters for mvsite: the extension set, and a fast path that skips the
inline patterns which cannot match. Every speed-up leaves the HTML byte-identical to stock
Python-Markdown; the fast path leans on Python-Markdown's internals, so it is checked before
it is used and left off (stock converters, slower) if the check fails.

Measured with `benchmarks/markdown_speed.py` (300 corpus pages, each page's fastest of 12
rounds, on a loaded 2-core machine): stock 11.3-20.8 ms a page, this fast path 1.7-1.8 ms.
The parts dropped below took a further 0.2-0.25 ms off. What pays, and so is kept:

- A pattern is only tried on text containing a string its regex cannot match without (`[`
  for links, `*` or `_` for emphasis); unknown patterns are always tried. The regexes of
  links and code spans begin with a lookbehind, which makes the regex engine try every
  position of a text: they are tried only where a link or code span can start. `smarty`'s
  patterns only ever substitute text, so its pass rewrites only the texts that hold a quote,
  dash or dot run. (Nearly all of the difference; the private parts it needs are checked,
  see `fast_path_problem`.)
- Extensions whose syntax a document lacks entirely (no `|`: no table; no `[^`: no footnote)
  are left out of the converter used for it (~0.3 ms; public API only).
- The block processors whose tests search the whole block only test blocks that have a
  string their regex needs (`#` for headings, `>` for quotes) (~0.3 ms; public API only).
- Cheaper serializer, prettifier and unescaper passes (mdtree.py) (~0.1-0.3 ms; private
  parts, checked), and `is_block_level` over a set (~0.1 ms; public API only).

Dropped, as each bought under 0.1 ms a page (together the 0.2-0.25 ms above) for a copy of
stock code that a release may change: a cheaper TOC pass (over the TOC's private helpers), a
block loop over a processor list made once (it would miss a processor registered while
parsing), and a whitespace normaliser.
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
from markdown.treeprocessors import InlineProcessor

from mvsite.markdown import tree_passes as mdtree
from mvsite.markdown.highlight import HighlightExtension
from mvsite.markdown.tree_passes import FastPathUnavailable

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
    "codehilite": HighlightExtension,
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
    "not_strong": ("*", "_"),  # Markdown 3.6-3.10 (3.11 folds both into em_strong)
    "em_strong2": ("_",),
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
    """A converter with the always-on extensions, the optional ones in `features`, and `own`;
    `fast` adds the fast path (raises FastPathUnavailable if Python-Markdown lacks a part it
    needs: `fast_path_problem` says whether it is safe to ask for)."""
    chosen = [
        extension()
        for name, extension in EXTENSIONS.items()
        if name not in OPTIONAL_EXTENSIONS or name in features
    ]
    toc = _TocExtension(toc_depth="2-4", marker=TOC_MARKER if TOC_MARKER in features else "")
    md = markdown.Markdown(extensions=[*chosen, toc, *own], output_format="html")
    if not allow_html:
        # Raw HTML is shown as text: an editor's <script> must never reach a reader.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
    if fast:
        _install_fast_block_level(md)
        _install_block_needles(md)
        _install_fast_inline(md)
        mdtree.install(md)
    return md


def _install_fast_block_level(md: markdown.Markdown) -> None:
    """`md.is_block_level` over a set: the stock one scans a list of ~60 tags, ~170 times a page.

    The extensions have added their tags by now (in `Markdown.__init__`), and none adds more
    while converting."""
    blocks = frozenset(md.block_level_elements)

    def is_block_level(tag: object) -> bool:
        return isinstance(tag, str) and tag.lower().rstrip("/") in blocks

    md.is_block_level = is_block_level  # type: ignore[method-assign]


def fast_path_problem(allow_html: bool) -> str | None:
    """Why the fast path must stay off with the installed Python-Markdown; None: it is safe.

    Checks that every internal part it relies on is there, then converts a document that uses
    every enabled extension's syntax with the fast and the stock converter: any difference,
    or any exception, is a problem."""
    try:
        stock = make_converter(ALL_FEATURES, (), allow_html, fast=False)
        fast = make_converter(ALL_FEATURES, (), allow_html, fast=True)
        expected, got = stock.convert(PROBE), fast.convert(PROBE)
        if got != expected:
            return "its HTML differs from stock Python-Markdown's: " + _difference(expected, got)
        if getattr(fast, "toc_tokens", None) != getattr(stock, "toc_tokens", None):
            return "its table of contents differs from stock Python-Markdown's"
    except FastPathUnavailable as exc:
        return str(exc)
    except Exception as exc:  # any failure of a private part means: stay stock
        return f"it failed on a test document ({type(exc).__name__}: {exc})"
    return None


def markdown_line(allow_html: bool, dialect: bool = False) -> str:
    """The --profile line that says which converter the build used, and if stock, why."""
    version = f"Python-Markdown {markdown.__version__}"
    if dialect:
        return f"markdown: {version}, stock converter (the site names its markdown_extensions)"
    problem = fast_path_problem(allow_html)
    if problem is None:
        return f"markdown: {version}, fast path"
    return f"markdown: {version}, stock converter (slower; fast path off: {problem})"


def _difference(expected: str, got: str) -> str:
    at = next(
        (i for i, (a, b) in enumerate(zip(expected, got, strict=False)) if a != b),
        min(len(expected), len(got)),
    )
    return f"stock {expected[at : at + 30]!r}, fast {got[at : at + 30]!r}"


# Every enabled extension's syntax and every inline pattern, for `fast_path_problem`.
PROBE = """[TOC]

# Title with "quotes" and `code` {#custom-id}

It's the '80s -- and 1990s---or not... A "*quoted emphasis*", '**strong**', ***both***,
__under__ _em_ ___both___ * not em * a*b*c, a_snake_word, <<angled>> and \\*escaped\\*.
See [b](b.md "a 'title'"), [ref][r], [r], ![img](x.png), ![ref image][r], <https://e.org/a>,
<me@example.org>, &copy; &#169;, a line  \nbreak, <span>raw "html"</span> and HTML[^1].

*[HTML]: Hyper Text Markup Language

[^1]: The note, with 'quotes'.

[r]: b.md "Ref 'title'"

Term
:   Definition -- with a dash

!!! note "A title"
    Admonition body, "quoted".

Paragraph with attributes
{: .lead #para }

| Left | Centre |
|:-----|-------:|
| "a"  | `e|f`  |

* item with "quotes"
    * nested 'item'

> quote -- Someone
> # heading in a quote

```python
print("not 'smart' -- ...")
```

Setext
------

## Same

## Same
"""


class _TocTreeprocessor(TocTreeprocessor):
    """The stock TOC processor, minus the TOC `<div>` when no `[TOC]` marker can use it
    (mvsite renders the TOC from `md.toc_tokens`)."""

    def build_toc_div(self, toc_list: list[Any]) -> etree.Element:
        if not self.marker:
            return etree.Element("div")
        return super().build_toc_div(toc_list)


class _TocExtension(TocExtension):
    TreeProcessorClass = _TocTreeprocessor


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


# The private methods of Python-Markdown's InlineProcessor that the fast path takes part in.
_HANDLE_INLINE = "_InlineProcessor__handleInline"
_APPLY_PATTERN = "_InlineProcessor__applyPattern"


def _install_fast_inline(md: markdown.Markdown) -> None:
    for private in (_HANDLE_INLINE, _APPLY_PATTERN):
        if not callable(getattr(InlineProcessor, private, None)):
            raise FastPathUnavailable(f"Python-Markdown's InlineProcessor has no {private[16:]}")
    inline = md.treeprocessors["inline"]
    if type(inline) is not InlineProcessor:
        raise FastPathUnavailable("the 'inline' treeprocessor is not Python-Markdown's own")
    patterns: util.Registry[Any] = inline.inlinePatterns
    _ordered_names(patterns)  # raises FastPathUnavailable if the registry changed shape
    for name, first in _FIRST_CHARACTERS.items():
        if name in patterns:
            pattern = patterns[name]
            if not isinstance(getattr(pattern, "compiled_re", None), re.Pattern):
                raise FastPathUnavailable(f"the '{name}' inline pattern has no compiled_re")
            regex = _JumpingRegex(pattern.compiled_re, first)
            pattern.getCompiledRegExp = lambda regex=regex: regex
    md.treeprocessors.register(_SkippingInlineProcessor(md, patterns), "inline", 20)
    if "smarty" in md.treeprocessors:
        smarty = md.treeprocessors["smarty"]
        if type(smarty) is not InlineProcessor:
            raise FastPathUnavailable("the 'smarty' treeprocessor is not an InlineProcessor")
        patterns = smarty.inlinePatterns
        only_text = all(_only_substitutes(pattern) for pattern in patterns)
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


class _Plan:
    """An inline registry's patterns in order, with the strings each needs, as of one moment."""

    def __init__(self, registry: util.Registry[Any]) -> None:
        names = _ordered_names(registry)
        self.items = [registry[name] for name in names]
        self.triggers = [
            pattern_triggers(name, item) for name, item in zip(names, self.items, strict=True)
        ]
        self.needles = tuple(sorted({n for t in self.triggers if t for n in t}))
        self.always = any(t is None for t in self.triggers)  # some pattern has no trigger
        self.has_needle = _search_any(self.needles)
        self._indices: dict[frozenset[str], tuple[int, ...]] = {}

    def is_current(self, registry: util.Registry[Any]) -> bool:
        current = list(registry)
        return len(current) == len(self.items) and all(
            a is b for a, b in zip(current, self.items, strict=True)
        )

    def indices(self, data: str) -> tuple[int, ...]:
        """Indices of the patterns that might match `data` (a superset as `data` changes)."""
        # Most texts have no needle at all: one regex search says so faster than a scan each.
        found = (
            frozenset([n for n in self.needles if n in data])
            if self.has_needle(data)
            else frozenset()
        )
        indices = self._indices.get(found)
        if indices is None:
            indices = tuple(
                i for i, t in enumerate(self.triggers) if t is None or not found.isdisjoint(t)
            )
            self._indices[found] = indices
        return indices


class _SkippingInlineProcessor(InlineProcessor):
    """Python-Markdown's InlineProcessor, minus the patterns a text gives no chance to match.

    It replaces the base class's private `__handleInline`, which the base class's `run` and
    `__applyPattern` call; everything else is the base class's own code.
    """

    def __init__(self, md: markdown.Markdown, patterns: util.Registry[Any]) -> None:
        super().__init__(md)
        self.inlinePatterns = patterns
        self._plan = _Plan(patterns)
        self._apply: Callable[..., tuple[str, bool, int]] = getattr(self, _APPLY_PATTERN)

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        self._refresh()
        return super().run(tree, ancestors)

    def _refresh(self) -> None:
        # Before Markdown 3.7, each abbreviation's definition registers a pattern while the
        # blocks are parsed: after this processor was made, before it runs.
        if not self._plan.is_current(self.inlinePatterns):
            self._plan = _Plan(self.inlinePatterns)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        # Patterns only ever replace matched text by placeholders made of characters no
        # trigger contains, so a pattern ruled out at the start stays ruled out.
        if isinstance(data, util.AtomicString):
            return data
        plan, apply = self._plan, self._apply
        patterns = plan.items
        for index in plan.indices(data):
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
        self._refresh()
        self.stashed_nodes = {}
        self.ancestors = []
        plan = self._plan
        stash = self.stashed_nodes
        handle = self._InlineProcessor__handleInline

        def restore(match: re.Match[str]) -> str:
            node = stash.get(match.group(1))
            return node if isinstance(node, str) else match.group(0)

        def rewrite(text: str | None) -> str | None:
            if not text or isinstance(text, util.AtomicString):
                return text
            if not (plan.always or plan.has_needle(text)):
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
    items = list(registry)  # sorts the registry
    names = [getattr(entry, "name", None) for entry in getattr(registry, "_priority", ())]
    listed = [name for name in names if isinstance(name, str) and name in registry]
    if len(listed) != len(items) or any(
        registry[name] is not item for name, item in zip(listed, items, strict=True)
    ):
        raise FastPathUnavailable("Python-Markdown's Registry no longer lists names in _priority")
    return listed
