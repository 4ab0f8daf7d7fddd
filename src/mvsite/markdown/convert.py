"""Markdown text -> Rendered(html, toc, ids, links): Python-Markdown plus mvsite's link rules.

Editors link to files as they see them: a relative path to another `.md` file becomes that
page's URL, and a relative path to an image keeps working although pretty URLs put the
page one folder deeper. What cannot be resolved here is reported, not raised, so that a
caller can either stop at the first problem (build) or collect them all (check).
"""

from __future__ import annotations

import difflib
import html as htmllib
import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import markdown
from markdown import util
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from mvsite.errors import SiteError
from mvsite.markdown.converted import (
    FigureLink,
    Heading,
    LinkRef,
    LinkTargets,
    Rendered,
    SourceNote,
)
from mvsite.markdown.fast_path import (
    ALL_FEATURES,
    EXTENSIONS,
    TOC_MARKER,
    fast_path_problem,
    features_of,
    make_converter,
)
from mvsite.markdown.sanitize import (
    Dropped,
    Policy,
    Sanitizer,
    dropped_attributes,
    dropped_in_html,
    dropped_url,
    is_allowed_url,
)
from mvsite.sources.config import Config
from mvsite.sources.dialect import ExtensionSpec, stock_extensions
from mvsite.sources.limits import TimeLimitExceeded, time_limit
from mvsite.sources.page_urls import SECTION_FILES

FIGURE_PATTERN = r"\[\[fig:([^\]\s]*)\]\]"
__all__ = [
    "FigureLink",
    "Heading",
    "LinkRef",
    "LinkTargets",
    "MarkdownRenderer",
    "Rendered",
    "SourceNote",
]


@dataclass
class _Document:
    """What one conversion found; reset before every document."""

    folder: str = ""
    links: list[tuple[str, str, str]] = field(default_factory=list)  # written, url, fragment
    figures: list[str] = field(default_factory=list)
    sources: dict[str, SourceNote] = field(default_factory=dict)  # in order of first citation
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # written, msg, hint
    refused: list[str] = field(default_factory=list)  # links left as written (a problem)
    ids: set[str] = field(default_factory=set)
    dropped: list[Dropped] = field(default_factory=list)  # what the sanitiser removes

    def cite(self, source: SourceNote) -> int:
        """The number of `source` in this page's list of sources (added if new)."""
        self.sources.setdefault(source.key, source)
        return list(self.sources).index(source.key) + 1


SOURCES_ID = "page-sources"


def sources_html(sources: tuple[SourceNote, ...]) -> str:
    """The page's numbered list of the documents its figures come from."""
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
        f'<h2 id="{SOURCES_ID}">Sources</h2>\n<ol>\n' + "\n".join(items) + "\n</ol>\n</section>"
    )


class MarkdownRenderer:
    """Reusable Python-Markdown converters; `render` resets one for every document.

    Each document gets the converter for the extensions its text may use (see mdconvert);
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
        self._checked = not self._fast
        self._problem: str | None = None
        self._doc = _Document()
        # features -> the converter, and how many inline patterns it had when made
        self._converters: dict[frozenset[str], tuple[markdown.Markdown, int]] = {}

    @property
    def fast_path_problem(self) -> str | None:
        """Why this renderer uses stock Python-Markdown although asked to be fast; None: it
        is fast (or was asked not to be)."""
        self._check_fast_path()
        return self._problem

    @property
    def targets(self) -> LinkTargets:
        return self._targets

    @property
    def document(self) -> _Document:
        return self._doc

    @property
    def policy(self) -> Policy:
        return self._policy

    def render(self, body: str, rel: str, src: Path, body_line: int) -> Rendered:
        """Markdown body of the page at `rel` -> Rendered; problems carry src:line."""
        self._doc = _Document(folder=rel.rpartition("/")[0])
        self._check_fast_path()
        features = features_of(body) if self._fast else ALL_FEATURES
        md, patterns = self._converter(features)
        md.reset()
        try:
            with time_limit(self._time_limit):
                html = self._sanitizer.clean(md.convert(body))
        except RecursionError:  # Python-Markdown recurses once per level of nesting
            raise SiteError(
                "Markdown too deeply nested to convert (the converter ran out of recursion)",
                src,
                None,
                "flatten lists or quotes nested dozens of levels deep, and split runs of"
                " thousands of list items or definitions",
            ) from None
        except TimeLimitExceeded:
            del self._converters[features]  # stopped halfway: start the next page afresh
            raise SiteError(
                f"took longer than {self._time_limit:g} s to convert",
                src,
                None,
                "look for a very long paragraph of links, brackets or emphasis and split it"
                " with blank lines; if the page is fine, raise convert_time_limit in mvsite.yaml",
            ) from None
        except Exception as exc:  # an extension failing on this page's text
            return _failed(md, body, src, body_line, exc)
        finally:
            if len(md.inlinePatterns) != patterns:
                # Before Markdown 3.7, an abbreviation's definition registers a pattern that
                # `reset` leaves in place: the next document must not see it.
                self._converters.pop(features, None)
        doc = self._doc
        if doc.sources:  # made here, every value escaped: after the sanitiser, as templates are
            html += sources_html(tuple(doc.sources.values()))
            doc.ids.update({SOURCES_ID, *(f"source-{key}" for key in doc.sources)})
        lines = _LineFinder(body, body_line)
        warnings = [
            SiteError(message, src, lines.line_of(written), hint)
            for written, message, hint in doc.dropped
        ]
        if self._allow_html:
            for block in map(str, md.htmlStash.rawHtmlBlocks):
                at = lines.line_of(block[:200]) - 1
                warnings.extend(
                    SiteError(message, src, at + line, hint)
                    for line, message, hint in dropped_in_html(self._policy, block)
                )
        toc = tuple(_heading(t) for t in getattr(md, "toc_tokens", []))
        return Rendered(
            html=html,
            toc=toc,
            ids=frozenset(doc.ids),
            links=tuple(
                LinkRef(written, lines.line_of(written), url, fragment)
                for written, url, fragment in doc.links
            ),
            figures=tuple(doc.figures),
            problems=tuple(
                SiteError(message, src, lines.line_of(written), hint)
                for written, message, hint in doc.problems
            ),
            warnings=tuple(warnings),
            refused=tuple(doc.refused),
        )

    def _check_fast_path(self) -> None:
        if not self._checked:
            self._checked = True
            self._problem = fast_path_problem(self._allow_html)
            self._fast = self._problem is None

    def _converter(self, features: frozenset[str]) -> tuple[markdown.Markdown, int]:
        made = self._converters.get(features)
        if made is None:
            own = [_MvsiteExtension(self)]
            if self._extensions:
                md = make_dialect_converter(self._extensions, own, self._allow_html)
            else:
                md = make_converter(features, own, self._allow_html, self._fast)
            made = self._converters[features] = (md, len(md.inlinePatterns))
        return made


def make_dialect_converter(
    specs: tuple[ExtensionSpec, ...], own: Sequence[Extension], allow_html: bool
) -> markdown.Markdown:
    """The stock converter for a site that names extensions: mvsite's, then the site's."""
    toc = {"toc_depth": "2-4", "marker": TOC_MARKER}
    md = markdown.Markdown(
        extensions=[*stock_extensions(EXTENSIONS, specs, toc), *own], output_format="html"
    )
    if not allow_html:
        # Raw HTML is shown as text: an editor's <script> must never reach a reader.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
    return md


def _failed(
    md: markdown.Markdown, body: str, src: Path, body_line: int, exc: Exception
) -> Rendered:
    """The page's Rendered when the converter raised `exc` on it: one located problem."""
    line = body_line + _failing_line(md, body.split("\n"))
    error = SiteError(
        f"the Markdown converter failed here ({type(exc).__name__}: {exc})",
        src,
        line,
        "check this block's syntax (a fence's {attributes}, say): the converter could not"
        " handle it",
    )
    return Rendered("", (), frozenset(), (), (), (error,))


def _failing_line(md: markdown.Markdown, lines: list[str]) -> int:
    """The index of the first line of the smallest block of `lines` the converter fails on
    (it keeps no positions: bisect on the shortest failing prefix, then the shortest tail)."""

    def fails(part: list[str]) -> bool:
        md.reset()
        try:
            md.convert("\n".join(part))
        except Exception:
            return True
        return False

    low, high = 0, len(lines)  # lines[:high] fails
    while low + 1 < high:
        middle = (low + high) // 2
        low, high = (low, middle) if fails(lines[:middle]) else (middle, high)
    start, end = 0, high - 1  # lines[start:high] fails
    while start < end:
        middle = (start + end + 1) // 2
        start, end = (middle, end) if fails(lines[middle:high]) else (start, middle - 1)
    md.reset()
    return start


def _heading(token: Mapping[str, Any]) -> Heading:
    return Heading(
        int(token["level"]),
        str(token["id"]),
        str(token["name"]),
        tuple(_heading(c) for c in token.get("children", ())),
    )


class _LineFinder:
    """Where in the file a link target was written (Python-Markdown keeps no positions)."""

    def __init__(self, body: str, first_line: int) -> None:
        self._body = body
        self._first = first_line

    def line_of(self, written: str) -> int:
        index = self._body.find(written)
        return self._first + (self._body.count("\n", 0, index) if index >= 0 else 0)


class _MvsiteExtension(Extension):
    def __init__(self, renderer: MarkdownRenderer) -> None:
        super().__init__()
        self._renderer = renderer

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.inlinePatterns.register(_FigureProcessor(FIGURE_PATTERN, self._renderer), "mv-fig", 175)
        md.treeprocessors.register(_LinkProcessor(md, self._renderer), "mv-links", 1)


class _FigureProcessor(InlineProcessor):
    """`[[fig:key]]` -> the figure's display text, linked to its entry on the facts page."""

    TRIGGERS = ("[[fig:",)  # text without it is not tried (see mdconvert.pattern_triggers)

    def __init__(self, pattern: str, renderer: MarkdownRenderer) -> None:
        super().__init__(pattern)
        self._renderer = renderer

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | str, int, int]:
        key = m.group(1)
        doc = self._renderer.document
        figure = self._renderer.targets.figures.get(key)
        if figure is None:
            known = sorted(self._renderer.targets.figures)
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = (
                f"did you mean [[fig:{close[0]}]]?"
                if close
                else f"figures in {self._renderer.targets.content_shown}_data/figures.yaml: "
                + (", ".join(known[:8]) or "none")
            )
            doc.problems.append((m.group(0), f"unknown figure '{key}'", hint))
            return m.group(0), m.start(0), m.end(0)
        doc.figures.append(key)
        attributes = {"class": "fig"}
        if figure.href is not None:
            attributes["href"] = figure.href
        link = etree.Element("a" if figure.href is not None else "span", attributes)
        link.text = figure.text
        if figure.source is None:
            return link, m.start(0), m.end(0)
        # The source is named where readers look, in a numbered list at the end of the page.
        number = doc.cite(figure.source)
        cited = etree.Element("span", {"class": "fig-cited"})
        cited.append(link)
        mark = etree.SubElement(cited, "sup", {"class": "cite"})
        ref = etree.SubElement(
            mark, "a", {"href": f"#source-{figure.source.key}", "aria-label": f"Source {number}"}
        )
        ref.text = str(number)
        return cited, m.start(0), m.end(0)


class _LinkProcessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown, renderer: MarkdownRenderer) -> None:
        super().__init__(md)
        self._renderer = renderer
        self._allowed: dict[str, frozenset[str]] = {}  # tag -> attributes kept on it

    def run(self, root: etree.Element) -> None:
        doc = self._renderer.document
        for element in root.iter():
            if not element.attrib:
                continue
            if "id" in element.attrib:
                doc.ids.add(element.attrib["id"])
            if element.tag in ("td", "th") and "style" in element.attrib:
                # Table alignment as a class: a strict Content-Security-Policy blocks style="".
                align = element.attrib.pop("style").removeprefix("text-align: ").rstrip(";")
                element.set("class", f"align-{align}")
            self._check_names(element, doc)
            for attr in ("href", "src"):
                value = element.get(attr)
                if value is None:
                    continue
                if element.get("class") != "fig":  # (a figure's link is made, not written)
                    value = self._resolve(value, doc)
                    element.set(attr, value)
                if not is_allowed_url(element.tag, attr, value):
                    doc.dropped.append(dropped_url(element.tag, attr, value))

    def _check_names(self, element: etree.Element, doc: _Document) -> None:
        """Note the attributes (from attribute lists) that the sanitiser will remove."""
        tag = element.tag
        allowed = self._allowed.get(tag)
        if allowed is None:
            allowed = self._allowed[tag] = self._renderer.policy.attribute_names(tag)
        if element.attrib.keys() <= allowed:
            return
        removed = {k: v for k, v in element.attrib.items() if k not in allowed}
        doc.dropped.extend(dropped_attributes(self._renderer.policy, tag, removed))

    def _resolve(self, written: str, doc: _Document) -> str:
        if util.AMP_SUBSTITUTE in written:
            # An email autolink: Python-Markdown writes it as entities behind a placeholder.
            target = htmllib.unescape(written.replace(util.AMP_SUBSTITUTE, "&"))
            return written if urlsplit(target).scheme else self._resolve(target, doc)
        parts = urlsplit(written)
        if parts.scheme in ("javascript", "vbscript"):
            doc.problems.append(
                (written, f"link '{written}' would run a script", "link to a page or https:// URL")
            )
            return "#"
        if parts.scheme or parts.netloc or not (parts.path or parts.fragment):
            return written  # (the sanitiser removes what is not http(s), mailto or tel)
        targets = self._renderer.targets
        if not parts.path:
            doc.links.append((written, "", parts.fragment))
            return written
        if parts.path.startswith("/"):
            doc.links.append((written, unquote(parts.path), parts.fragment))
            return targets.base_path.rstrip("/") + written
        path = posixpath.normpath(posixpath.join(doc.folder, unquote(parts.path)))
        if path == ".." or path.startswith("../"):
            doc.problems.append(
                (
                    written,
                    f"link '{written}' leaves the content folder",
                    f"link to a page or file inside {targets.content_shown or 'the site folder'},"
                    " or use a full https:// address",
                )
            )
            doc.refused.append(written)
            return written
        url = self._url_for(path, written, doc)
        if url is None:
            doc.refused.append(written)
            return written
        doc.links.append((written, url, parts.fragment))
        suffix = f"?{parts.query}" if parts.query else ""
        suffix += f"#{parts.fragment}" if parts.fragment else ""
        return targets.base_path.rstrip("/") + quote(url) + suffix

    def _url_for(self, path: str, written: str, doc: _Document) -> str | None:
        targets = self._renderer.targets
        candidates = [path] if path.endswith(".md") else [f"{path}/{n}" for n in SECTION_FILES]
        candidates = [c.removeprefix("./") for c in candidates]
        page_rel = next((c for c in candidates if c in targets.pages), candidates[0])
        if page_rel in targets.pages:
            return targets.pages[page_rel]
        if path in targets.assets:
            return "/" + path
        if page_rel in targets.drafts:
            doc.problems.append(
                (
                    written,
                    f"link to a draft: {page_rel}",
                    "publish it (draft: false) or remove the link",
                )
            )
        elif path.endswith(".md"):
            doc.problems.append(
                (
                    written,
                    f"link to a missing page: {targets.content_shown}{path}",
                    "check the file name and folder",
                )
            )
        else:
            doc.problems.append(
                (
                    written,
                    f"link to a missing file: {targets.content_shown}{path}",
                    "check the file name and folder",
                )
            )
        return None


def renderer_for(config: Config, targets: LinkTargets) -> MarkdownRenderer:
    """The site's settings -> the renderer every page of it goes through (build and preview)."""
    return MarkdownRenderer(
        targets,
        config.allow_html,
        allow_style=config.allow_style,
        time_limit=config.convert_time_limit,
        extensions=config.markdown_extensions,
    )
