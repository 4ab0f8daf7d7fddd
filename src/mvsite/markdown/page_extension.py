"""mvsite's own Python-Markdown extension: figure references, GitHub's alerts as admonitions,
fenced code in lists, quotes and admonitions, and one pass over each page's elements that
notes its ids, resolves its links and notes what the sanitiser will drop."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable

import markdown
from markdown import util
from markdown.extensions import Extension
from markdown.extensions.toc import unescape
from markdown.treeprocessors import Treeprocessor

from mvsite.markdown.alerts import (
    ALERT_LINES_PRIORITY,
    ALERT_PASS_PRIORITY,
    AlertLines,
    AlertPass,
)
from mvsite.markdown.collector import PageCollector
from mvsite.markdown.fence_info import FENCE_INFO_PRIORITY, FenceInfo
from mvsite.markdown.figures import FigureProcessor
from mvsite.markdown.foreign_syntax import TEMPLATE_LINES_PRIORITY, TemplateLines
from mvsite.markdown.github_lines import LISTS_IN_PARAGRAPHS_PRIORITY, ListsInParagraphs
from mvsite.markdown.link_rules import resolve_link
from mvsite.markdown.nested_fences import (
    FENCE_PARAGRAPHS_PRIORITY,
    NESTED_FENCES_PRIORITY,
    FenceParagraphs,
    NestedFences,
)
from mvsite.markdown.sanitize import (
    Policy,
    blocked_image,
    dropped_attributes,
    dropped_element,
    dropped_url,
)
from mvsite.markdown.url_policy import is_allowed_url


class PageExtension(Extension):
    """Registers mvsite's figure pattern and element pass; `collector` gives the page's
    PageCollector at the time of the call (a converter is reused for many pages)."""

    def __init__(self, policy: Policy, collector: Callable[[], PageCollector]) -> None:
        super().__init__()
        self._policy = policy
        self._collector = collector

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        figures = FigureProcessor(self._collector)
        md.inlinePatterns.register(figures, "mv-fig", 175)
        elements = _ElementPass(md, self._policy, self._collector)
        md.treeprocessors.register(elements, "mv-links", 1)
        alert_lines = AlertLines(md)
        md.treeprocessors.register(AlertPass(md, alert_lines), "mv-alerts", ALERT_PASS_PRIORITY)
        md.preprocessors.register(alert_lines, "mv-alert-lines", ALERT_LINES_PRIORITY)
        md.preprocessors.register(FenceInfo(md), "mv-fence-info", FENCE_INFO_PRIORITY)
        md.preprocessors.register(TemplateLines(md), "mv-template-lines", TEMPLATE_LINES_PRIORITY)
        lists = ListsInParagraphs(md, self._collector)
        md.treeprocessors.register(lists, "mv-lists-in-paragraphs", LISTS_IN_PARAGRAPHS_PRIORITY)
        fences = NestedFences(md)
        md.preprocessors.register(fences, "mv-nested-fences", NESTED_FENCES_PRIORITY)
        paragraphs = FenceParagraphs(md, fences)
        md.treeprocessors.register(paragraphs, "mv-fence-paragraphs", FENCE_PARAGRAPHS_PRIORITY)


class _ElementPass(Treeprocessor):
    def __init__(
        self,
        md: markdown.Markdown,
        policy: Policy,
        collector: Callable[[], PageCollector],
    ) -> None:
        super().__init__(md)
        self._policy = policy
        self._collector = collector
        self._allowed: dict[str, frozenset[str]] = {}  # tag -> attributes kept on it
        self._tags = policy.tags

    def run(self, root: etree.Element) -> None:
        collector = self._collector()
        for element in root.iter():
            if element.tag not in self._tags and isinstance(element.tag, str):
                # Made by an extension the site names; its id and links go with it.
                found_by, message, hint = dropped_element(self._policy, element.tag)
                made = f"{message} (a Markdown extension's: no page keeps it)"
                collector.dropped.append((_own_text(element) or found_by, made, hint))
                continue
            if not element.attrib:
                continue
            if "id" in element.attrib:
                collector.ids.add(element.attrib["id"])
            if element.tag in ("td", "th") and "style" in element.attrib:
                # Table alignment as a class: a strict Content-Security-Policy blocks style="".
                align = element.attrib.pop("style").removeprefix("text-align: ").rstrip(";")
                element.set("class", f"align-{align}")
            self._note_dropped_names(element, collector)
            for attr in ("href", "src"):
                value = element.get(attr)
                if value is None:
                    continue
                if util.STX in value:  # a backslash-escaped character, still a placeholder
                    value = unescape(value)
                if element.get("class") != "fig":  # (a figure's link is made, not written)
                    value = self._resolve(element, value, collector)
                    element.set(attr, value)
                if not is_allowed_url(element.tag, attr, value):
                    collector.dropped.append(dropped_url(element.tag, attr, value))
                elif element.tag == "img":
                    blocked = blocked_image(value, collector.targets.external_images)
                    if blocked is not None:
                        collector.noted.append(blocked)

    def _note_dropped_names(self, element: etree.Element, collector: PageCollector) -> None:
        """Note the attributes (from attribute lists) that the sanitiser will remove."""
        tag = element.tag
        allowed = self._allowed.get(tag)
        if allowed is None:
            allowed = self._allowed[tag] = self._policy.attribute_names(tag)
        if element.attrib.keys() <= allowed:
            return
        removed = {k: v for k, v in element.attrib.items() if k not in allowed}
        collector.dropped.extend(dropped_attributes(self._policy, tag, removed))

    def _resolve(self, element: etree.Element, written: str, collector: PageCollector) -> str:
        resolved = resolve_link(written, collector.folder, collector.targets)
        if resolved.hreflang and element.tag == "a":
            element.set("hreflang", resolved.hreflang)
        if resolved.link is not None:
            collector.links.append(resolved.link)
        if resolved.problem is not None:
            warns = resolved.refused and collector.targets.missing_warns
            (collector.noted if warns else collector.problems).append(resolved.problem)
            if resolved.refused:
                collector.refused.append(resolved.problem[0])
        return resolved.value


def _own_text(element: etree.Element) -> str:
    """The first line of an element's text, to find where it was written by (the source
    has no tag for an element an extension makes); '' if too short to tell."""
    line = "".join(element.itertext()).strip().split("\n")[0].strip()
    return line[:80] if len(line) >= 4 else ""
