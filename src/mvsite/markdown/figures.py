"""`[[fig:key]]` in a page -> the figure's text, linked to its entry on the facts page; and the
numbered list of the documents the page's figures come from."""

from __future__ import annotations

import difflib
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from html import escape

from markdown.inlinepatterns import InlineProcessor

from mvsite.markdown.collector import PageCollector
from mvsite.markdown.converted import CitationWords, FigureLink, LinkTargets, SourceNote
from mvsite.sources.figure_keys import FIGURE_PATTERN

SOURCES_ID = "page-sources"


class FigureProcessor(InlineProcessor):
    """`[[fig:key]]` -> the figure's display text, linked to its entry on the facts page."""

    TRIGGERS = ("[[fig:",)  # text without it is not tried (see inline_skipping.pattern_triggers)

    def __init__(self, collector: Callable[[], PageCollector]) -> None:
        super().__init__(FIGURE_PATTERN)
        self._collector = collector

    @property
    def _targets(self) -> LinkTargets:
        return self._collector().targets  # the page's: its language's figures

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | str, int, int]:
        key = m.group(1)
        collector = self._collector()
        figure = self._targets.figures.get(key)
        if figure is None:
            collector.problems.append((m.group(0), f"unknown figure '{key}'", self._hint(key)))
            return m.group(0), m.start(0), m.end(0)
        collector.figures.append(key)
        return _figure_element(figure, collector), m.start(0), m.end(0)

    def _hint(self, key: str) -> str:
        known = sorted(self._targets.figures)
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        if close:
            return f"did you mean [[fig:{close[0]}]]?"
        return f"figures in {self._targets.content_shown}_data/figures.yaml: " + (
            ", ".join(known[:8]) or "none"
        )


def _figure_element(figure: FigureLink, collector: PageCollector) -> etree.Element:
    """The figure's text, a link where it has an entry, with its source's number if cited."""
    attributes = {"class": "fig"}
    if figure.href is not None:
        attributes["href"] = figure.href
    link = etree.Element("a" if figure.href is not None else "span", attributes)
    link.text = figure.text
    if figure.source is None:
        return link
    # The source is named where readers look, in a numbered list at the end of the page.
    number = collector.cite(figure.source)
    cited = etree.Element("span", {"class": "fig-cited"})
    cited.append(link)
    mark = etree.SubElement(cited, "sup", {"class": "cite"})
    label = collector.targets.citations.mark % {"number": number}
    ref = etree.SubElement(mark, "a", {"href": f"#source-{figure.source.key}", "aria-label": label})
    ref.text = str(number)
    return cited


def sources_html(sources: tuple[SourceNote, ...], words: CitationWords) -> str:
    """The page's numbered list of the documents its figures come from, headed in its
    language."""
    items = []
    for s in sources:
        title = f"<cite>{escape(s.title)}</cite>"
        if s.url:
            title = f'<a href="{escape(s.url)}">{title}</a>'
        items.append(
            f'<li id="source-{escape(s.key)}">{escape(s.publisher)}, {title},'
            f" {escape(s.dated)}.</li>"
        )
    return (
        f'\n<section class="page-sources" aria-labelledby="{SOURCES_ID}">\n'
        f'<h2 id="{SOURCES_ID}">{escape(words.heading)}</h2>\n<ol>\n'
        + "\n".join(items)
        + "\n</ol>\n</section>"
    )
