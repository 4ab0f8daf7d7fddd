"""The inline part of the fast path: a pattern is tried only on text that holds a string its
regex cannot match without, and a regex that begins with a lookbehind only where a match can
start (see fast_path.py for what this pays). It takes part in InlineProcessor's private
methods, which `install_inline_skipping` checks are there.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import markdown
from markdown import util
from markdown.extensions.smarty import SubstituteTextPattern
from markdown.treeprocessors import InlineProcessor

from mvsite.markdown.tree_passes import FastPathUnavailable

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


# The private methods of Python-Markdown's InlineProcessor that the fast path takes part in.
_HANDLE_INLINE = "_InlineProcessor__handleInline"
_APPLY_PATTERN = "_InlineProcessor__applyPattern"


def install_inline_skipping(md: markdown.Markdown) -> None:
    """Put the skipping inline processors in `md` in place of its 'inline' and 'smarty' ones."""
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


def search_any(strings: Iterable[str]) -> Callable[[str], re.Match[str] | None]:
    """A search that matches in a text if and only if it holds one of `strings`, in one pass
    of the regex engine (what it matches is no concern).

    The engine tries the regex only at the characters its alternatives may start with: a
    string that holds another one is left out (it is found through the other), and one that
    starts with spaces starts at its first other character, with the spaces looked behind
    for (a line break, `"  \\n"`, would make every space a place to try: ~1/3 of the time).
    """
    wanted = set(strings)
    kept = sorted(s for s in wanted if not any(o != s and o in s for o in wanted))
    return re.compile("|".join(_led_by_other_than_space(s) for s in kept)).search


def _led_by_other_than_space(string: str) -> str:
    rest = string.lstrip(" ")
    if not rest or rest == string:
        return re.escape(string)
    spaces = len(string) - len(rest)
    return f"{re.escape(rest[0])}(?<={re.escape(string[: spaces + 1])}){re.escape(rest[1:])}"


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


class _TriggerTable:
    """An inline registry's patterns in order, with the strings each needs, as of one moment."""

    def __init__(self, registry: util.Registry[Any]) -> None:
        names = _ordered_names(registry)
        self.items = [registry[name] for name in names]
        self.triggers = [
            pattern_triggers(name, item) for name, item in zip(names, self.items, strict=True)
        ]
        self.needles = tuple(sorted({n for t in self.triggers if t for n in t}))
        self.always = any(t is None for t in self.triggers)  # some pattern has no trigger
        self.has_needle = search_any(self.needles)
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
        self._triggers = _TriggerTable(patterns)
        self._apply: Callable[..., tuple[str, bool, int]] = getattr(self, _APPLY_PATTERN)

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        self._refresh()
        return super().run(tree, ancestors)

    def _refresh(self) -> None:
        # Before Markdown 3.7, each abbreviation's definition registers a pattern while the
        # blocks are parsed: after this processor was made, before it runs.
        if not self._triggers.is_current(self.inlinePatterns):
            self._triggers = _TriggerTable(self.inlinePatterns)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        # Patterns only ever replace matched text by placeholders made of characters no
        # trigger contains, so a pattern ruled out at the start stays ruled out.
        if isinstance(data, util.AtomicString):
            return data
        table, apply = self._triggers, self._apply
        patterns = table.items
        for index in table.indices(data):
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
        table = self._triggers
        stash = self.stashed_nodes
        handle = self._InlineProcessor__handleInline

        def restore(match: re.Match[str]) -> str:
            node = stash.get(match.group(1))
            return node if isinstance(node, str) else match.group(0)

        def rewrite(text: str | None) -> str | None:
            if not text or isinstance(text, util.AtomicString):
                return text
            if not (table.always or table.has_needle(text)):
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
