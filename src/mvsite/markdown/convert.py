"""Markdown text -> Rendered(html, toc, ids, links): Python-Markdown plus mvsite's link rules.

What cannot be resolved is reported, not raised, so that a caller can either stop at the
first problem (build) or collect them all (check).
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import markdown

from mvsite.errors import SiteError
from mvsite.markdown.collector import PageCollector
from mvsite.markdown.convert_errors import converter_failed, too_deeply_nested, too_slow
from mvsite.markdown.converted import Heading, LinkRef, LinkTargets, Rendered
from mvsite.markdown.converters import (
    ALL_FEATURES,
    features_of,
    make_converter,
    make_dialect_converter,
)
from mvsite.markdown.empty_anchors import anchors_not_links
from mvsite.markdown.fast_path import fast_path_problem
from mvsite.markdown.figures import SOURCES_ID, sources_html
from mvsite.markdown.foreign_syntax import foreign_lines, metadata_said, raw_html_shown
from mvsite.markdown.github_lines import LIST_IN_PARAGRAPH, github_lines
from mvsite.markdown.page_extension import PageExtension
from mvsite.markdown.sanitize import Policy, Sanitizer, dropped_in_html
from mvsite.markdown.wiki_links import WikiNames
from mvsite.sources.config import Config
from mvsite.sources.dialect import ExtensionSpec
from mvsite.sources.limits import TimeLimitExceeded, time_limit


class MarkdownRenderer:
    """Reusable Python-Markdown converters; `render` resets one for every document.

    Each document gets the converter for the extensions its text may use (see converters);
    `fast=False` gives the stock converter with every extension, which the fast ones match.
    The fast path is checked before its first converter is made, and left off if the installed
    Python-Markdown fails the check (`fast_path_problem` says why).
    """

    def __init__(
        self,
        targets: LinkTargets,
        allow_html: bool = False,
        fast: bool = True,
        allow_style: bool = False,
        time_limit: float | None = None,
        extensions: tuple[ExtensionSpec, ...] = (),
    ) -> None:
        self._targets = targets
        self._time_limit = time_limit
        self._allow_html = allow_html
        self._policy = Policy(allow_html, allow_style)
        self._sanitizer = Sanitizer(self._policy)
        self._fast = fast and not extensions  # the fast path is proven for mvsite's set only
        self._extensions = extensions
        self._extension_keys = frozenset(spec.key for spec in extensions)
        self._checked = not self._fast
        self._problem: str | None = None
        self._collector = PageCollector()
        self._wiki_names: WikiNames | None = None
        # features -> the converter, and how many inline patterns it had when made
        self._converters: dict[frozenset[str], tuple[markdown.Markdown, int]] = {}

    @property
    def fast_path_problem(self) -> str | None:
        """Why this renderer uses stock Python-Markdown although asked to be fast; None: it
        is fast (or was asked not to be)."""
        self._check_fast_path()
        return self._problem

    def render(self, body: str, rel: str, src: Path, body_line: int) -> Rendered:
        """Markdown body of the page at `rel` -> Rendered; problems carry src:line."""
        targets = self._targets.for_source(rel)
        self._collector = PageCollector(folder=rel.rpartition("/")[0], targets=targets)
        self._check_fast_path()
        features = features_of(body) if self._fast else ALL_FEATURES
        md, patterns = self._converter(features)
        md.reset()
        try:
            with time_limit(self._time_limit):
                html = anchors_not_links(self._sanitizer.clean(md.convert(body)))
        except RecursionError:  # Python-Markdown recurses once per level of nesting
            raise too_deeply_nested(src) from None
        except TimeLimitExceeded:
            del self._converters[features]  # stopped halfway: start the next page afresh
            raise too_slow(src, self._time_limit) from None
        except Exception as exc:  # an extension failing on this page's text
            error = converter_failed(md, body, src, body_line, exc)
            return Rendered("", (), frozenset(), (), (), (error,))
        finally:
            if len(md.inlinePatterns) != patterns:
                # Before Markdown 3.7, an abbreviation's definition registers a pattern that
                # `reset` leaves in place: the next document must not see it.
                self._converters.pop(features, None)
        return self._rendered(md, html, _LineFinder(body, body_line), src)

    def _rendered(
        self, md: markdown.Markdown, html: str, lines: _LineFinder, src: Path
    ) -> Rendered:
        """The converted page's HTML and what its conversion collected -> Rendered."""
        collected = self._collector
        if (
            collected.sources
        ):  # made here, every value escaped: after the sanitiser, as templates are
            html += sources_html(tuple(collected.sources.values()), collected.targets.citations)
            collected.ids.update({SOURCES_ID, *(f"source-{key}" for key in collected.sources)})
        return Rendered(
            html=html,
            toc=tuple(_heading(t) for t in getattr(md, "toc_tokens", [])),
            ids=frozenset(collected.ids),
            links=tuple(
                LinkRef(written, lines.line_of(written, in_order=True), url, fragment)
                for written, url, fragment in collected.links
            ),
            figures=tuple(collected.figures),
            problems=tuple(
                SiteError(message, src, lines.line_of(written), hint)
                for written, message, hint in collected.problems
            ),
            warnings=self._warnings(md, lines, src),
            refused=tuple(collected.refused),
        )

    def _warnings(
        self, md: markdown.Markdown, lines: _LineFinder, src: Path
    ) -> tuple[SiteError, ...]:
        """What the sanitiser removed, and the links only noted, where they were written."""
        warnings = [
            SiteError(message, src, lines.line_of(written), hint)
            for written, message, hint in (*self._collector.noted, *self._collector.dropped)
        ]
        warnings.extend(
            SiteError(message, src, lines.first_line + number, hint)
            for number, message, hint in (
                *foreign_lines(lines.body, self._allow_html, self._wiki_path),
                *github_lines(lines.body, self._extension_keys, self._allow_html),
            )
        )
        message, hint = LIST_IN_PARAGRAPH
        for first, below in self._collector.lists_in_paragraphs:
            warnings.append(SiteError(message, src, lines.line_of(first) + below, hint))
        metadata = metadata_said(lines.body) if lines.first_line == 1 else None  # (no front matter)
        if metadata is not None:
            warnings.append(SiteError(metadata[1], src, 1, metadata[2]))
        shown = None if self._allow_html else raw_html_shown(lines.body)
        if shown is not None:
            number, message, hint = shown
            warnings.append(SiteError(message, src, lines.first_line + number, hint))
        if self._allow_html:
            for block in map(str, md.htmlStash.rawHtmlBlocks):
                at = lines.line_of(block[:200]) - 1
                warnings.extend(
                    SiteError(message, src, at + line, hint)
                    for line, message, hint in dropped_in_html(
                        self._policy, block, self._collector.targets.external_images
                    )
                )
        return tuple(warnings)

    def _wiki_path(self, name: str) -> str | None:
        """The path from this page to the site's file a wiki link names, if any."""
        if self._wiki_names is None:  # (made for the first page with a wiki link)
            self._wiki_names = WikiNames(self._targets.pages, self._targets.assets)
        return self._wiki_names.path(name, self._collector.folder)

    def _check_fast_path(self) -> None:
        if not self._checked:
            self._checked = True
            self._problem = fast_path_problem(self._allow_html)
            self._fast = self._problem is None

    def _converter(self, features: frozenset[str]) -> tuple[markdown.Markdown, int]:
        made = self._converters.get(features)
        if made is None:
            own = [PageExtension(self._policy, lambda: self._collector)]
            if self._extensions:
                md = make_dialect_converter(self._extensions, own, self._allow_html)
            else:
                md = make_converter(features, own, self._allow_html, self._fast)
            made = self._converters[features] = (md, len(md.inlinePatterns))
        return made


def _heading(token: Mapping[str, Any]) -> Heading:
    return Heading(
        int(token["level"]),
        str(token["id"]),
        str(token["name"]),
        tuple(_heading(c) for c in token.get("children", ())),
    )


class _LineFinder:
    """Where in the page a text was written (Python-Markdown keeps no positions). Links are
    asked for in the order they were written (`in_order`): each is looked for from the last
    one found, then from the start (the same target twice is found twice; and a page of
    25,000 links was searched from its start 25,000 times)."""

    def __init__(self, body: str, first_line: int) -> None:
        self.body, self.first_line = body, first_line
        # The body with each line break one "\n" and every index kept: what is counted.
        self._breaks = body.replace("\r\n", " \n").replace("\r", "\n") if "\r" in body else body
        self._from = 0
        self._counted = (0, 0)  # (an index, the line breaks before it)

    def line_of(self, written: str, in_order: bool = False) -> int:
        index = self.body.find(written, self._from) if in_order else -1
        if index < 0:
            index = self.body.find(written)
        if index < 0 and 0 < len(written) <= 200:  # maybe with backslash escapes: \\host\x.png
            found = re.search(_maybe_escaped(written), self.body)
            index = found.start() if found else -1
        if index < 0:
            return self.first_line
        if in_order:
            self._from = index + 1
        counted_to, breaks = self._counted if index >= self._counted[0] else (0, 0)
        breaks += self._breaks.count("\n", counted_to, index)  # (counted on, in order)
        self._counted = (index, breaks)
        return self.first_line + breaks


def _maybe_escaped(text: str) -> str:
    """A regex for `text` as Markdown source may write it: any punctuation after a backslash.
    Each character's escape is taken or not once and for all (atomic): tried both ways, a
    run of backslashes would take time exponential in its length."""
    return "".join(
        r"(?>\\\\|\\)"
        if c == "\\"
        else rf"\\?+{re.escape(c)}"
        if c in string.punctuation
        else re.escape(c)
        for c in text
    )


def renderer_for(config: Config, targets: LinkTargets, fast: bool = True) -> MarkdownRenderer:
    """The site's settings -> the renderer every page of it goes through (build and preview;
    `fast`: False for stock Python-Markdown, which costs less for a page or two than the
    fast path's check)."""
    return MarkdownRenderer(
        targets,
        config.allow_html,
        fast=fast,
        allow_style=config.allow_style,
        time_limit=config.convert_time_limit,
        extensions=config.markdown_extensions,
    )
