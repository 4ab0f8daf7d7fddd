"""Built pages -> SiteScan -> Findings: links, anchors, images, alt text, headings, ids, link text.

Each finding is traced back to the Markdown line it was written on when it comes from a
page's body, and otherwise placed at its line in the built file: a template made it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urljoin, urlsplit

from mvsite.build.links import LinkSite, NoFile, link_problem
from mvsite.build.pipeline import BuiltSite
from mvsite.check.source_lines import BodyText, heading_lines, link_lines
from mvsite.findings import Finding, Severity
from mvsite.render.htmlscan import Image, PageScan, Place, UrlRef, scan_html
from mvsite.sources.config import Config
from mvsite.sources.pages import Page
from mvsite.write.urls import link_file, url_file

VAGUE_LINK_TEXT = frozenset({"click here", "here", "read more", "more", "link", "this page"})
_TRIM = " .:…→»!"  # what may end 'read more…' or 'more →'


@dataclass(frozen=True)
class Document:
    """One generated HTML file of the site, scanned."""

    out: str  # path in the built site: 'guide/first/index.html'
    url: str  # site path without the base: '/guide/first/'
    page: Page | None  # None for pages no Markdown file made, such as 404.html
    scan: PageScan
    body: tuple[int, int] | None  # where the page's Markdown HTML sits in the file
    lines: Mapping[int, int | None]  # body element offset -> line in the Markdown file
    judged: frozenset[int] = frozenset()  # offsets of the body's Markdown links: the build's


@dataclass(frozen=True)
class SiteScan:
    config: Config
    documents: Mapping[str, Document]  # by `out`
    links: LinkSite  # every file of the built site, its redirects and the ids on its pages
    output_shown: Path  # where built files are said to be: public/
    # The files of pages that could not be read: no link to one is reported (its own error is).
    failed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Target:
    path: str | None  # site path without the base, unquoted; None if it leaves the site
    fragment: str

    @property
    def out(self) -> str:
        """The file the link reaches: '/guide/' -> 'guide/index.html' (see link_file)."""
        return link_file(self.path or "/")


def link_kind(url: str, config: Config) -> Literal["internal", "external", "other"]:
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") or (not parts.scheme and parts.netloc):
        own = config.has_absolute_base and (url + "/").startswith(config.base_url)
        return "internal" if own else "external"
    return "other" if parts.scheme or not url.strip() else "internal"


def resolve(url: str, page_url: str, config: Config) -> Target:
    """An internal URL on the page at `page_url` -> the site path it reaches."""
    base = config.base_path
    parts = urlsplit(urljoin(base.rstrip("/") + page_url, url))
    path = posixpath.normpath(parts.path)
    path += "/" if parts.path.endswith("/") and not path.endswith("/") else ""
    fragment = unquote(parts.fragment)
    if not (path + "/").startswith(base):
        return Target(None, fragment)
    return Target(unquote("/" + path[len(base) :].lstrip("/")), fragment)


def scan_site(site: BuiltSite, output_shown: Path) -> SiteScan:
    """Scan every generated page of the built site (not redirects, not copied files)."""
    aliases = {
        url_file(alias): url_file(page.url) for page in site.pages for alias in page.meta.aliases
    }
    found: list[tuple[str, str, Page | None]] = [(url_file(p.url), p.url, p) for p in site.pages]
    found.append(("404.html", "/404.html", None))
    documents = {
        out: _document(site, out, url, page)
        for out, url, page in found
        if out in site.files and site.files[out].data is not None  # else it failed to render
    }
    ids = {out: doc.scan.id_set for out, doc in documents.items()}
    links = LinkSite(frozenset(site.files), ids, aliases)
    failed = frozenset(url_file(url) for url in site.content.sources.failed.values())
    return SiteScan(site.config, documents, links, output_shown, failed)


def _document(site: BuiltSite, out: str, url: str, page: Page | None) -> Document:
    html = (site.files[out].data or b"").decode("utf-8")
    scan = scan_html(html)
    rendered = site.rendered.get(page.rel) if page else None
    start = html.find(rendered.html) if page and rendered and rendered.html.strip() else -1
    if page is None or rendered is None or start < 0:
        return Document(out, url, page, scan, None, {})
    body = (start, start + len(rendered.html))
    text = BodyText(page.body, page.body_line)
    urls = [u for u in scan.urls if _inside(u.place, body)]
    targets = [resolve(u.url, url, site.config) for u in urls]
    found = [(t.path or "", t.fragment, u.url) for t, u in zip(targets, urls, strict=True)]
    placed = link_lines(rendered, page.url, found, text)
    lines = {u.place.offset: at.line for u, at in zip(urls, placed, strict=True)}
    judged = frozenset(u.place.offset for u, at in zip(urls, placed, strict=True) if at.judged)
    by_level = heading_lines(text)
    for heading in (h for h in scan.headings if _inside(h.place, body)):
        queue = by_level.get(heading.level)
        lines[heading.place.offset] = queue.pop(0) if queue else None
    return Document(out, url, page, scan, body, lines, judged)


def _inside(place: Place, span: tuple[int, int]) -> bool:
    return span[0] <= place.offset < span[1]


@dataclass(frozen=True)
class Spot:
    path: Path
    line: int | None
    in_body: bool  # written in the page's Markdown (else: made by a template)


def spot(scan: SiteScan, doc: Document, place: Place) -> Spot:
    if doc.page is not None and doc.body is not None and _inside(place, doc.body):
        return Spot(doc.page.src, doc.lines.get(place.offset), True)
    return Spot(scan.output_shown / doc.out, place.line, False)


def issue_at(where: Spot, message: str, hint: str, severity: Severity, rule: str) -> Finding:
    return Finding(where.path, where.line, message, hint, severity, rule)


def check_html(scan: SiteScan) -> Iterator[Finding]:
    """Every HTML-level rule over every scanned page."""
    for doc in scan.documents.values():
        yield from _link_issues(scan, doc)
        yield from _image_issues(scan, doc)
        yield from _heading_issues(scan, doc)
        yield from _id_issues(scan, doc)
        yield from _link_text_issues(scan, doc)
        if not doc.scan.title:
            yield Finding(
                scan.output_shown / doc.out,
                None,
                "page has no <title>",
                "the template must fill <title> (browsers, tabs and search results show it)",
                "error",
                "title",
            )


def _link_issues(scan: SiteScan, doc: Document) -> Iterator[Finding]:
    for ref in doc.scan.urls:
        if ref.place.offset in doc.judged or link_kind(ref.url, scan.config) != "internal":
            continue
        target = resolve(ref.url, doc.url, scan.config)
        if target.path is not None and target.out in scan.failed:
            continue
        problem = _target_problem(scan, ref, target)
        if problem:
            where = spot(scan, doc, ref.place)
            message, hint, rule = problem
            if not where.in_body:
                hint = "fix the URL in the template" + (f"; {hint}" if rule == "anchor" else "")
            severity: Severity = "warning" if scan.config.broken_links_warn else "error"
            yield issue_at(where, message, hint, severity, rule)


def _target_problem(scan: SiteScan, ref: UrlRef, target: Target) -> tuple[str, str, str] | None:
    """(message, hint, rule) when `ref` reaches no file, or no such id on its page."""
    is_image = ref.tag in ("img", "source")
    what = "image" if is_image else "link to"
    if target.path is None:
        hint = f"the site's pages are all under {scan.config.base_path}"
        return f"{what} {ref.url}: outside the site", hint, "link"
    problem = link_problem(target.out, target.fragment, scan.links)
    if problem is None:
        return None
    if isinstance(problem, NoFile):
        if is_image:
            return f"image {ref.url}: no such file", "check the file name and folder", "image"
        hint = "check the path; link to a page by its .md file"
        return f"link to {ref.url}: no such page or file in the built site", hint, "link"
    fragment = target.fragment
    known = ", ".join(sorted(problem.ids)[:8]) or "none"
    hint = f"ids there: {known}"
    if fragment.startswith("fig-"):
        hint = f'the facts page\'s template must give each figure id="fig-KEY"; {hint}'
    return f"link to {ref.url}: no id '{fragment}' on that page", hint, "anchor"


def _image_issues(scan: SiteScan, doc: Document) -> Iterator[Finding]:
    for image in doc.scan.images:
        if not _lacks_alt(image):
            continue
        where = spot(scan, doc, image.place)
        hint = (
            "describe what it shows: ![A map of the research parks](map.png)"
            if where.in_body
            else 'add alt="what it shows" (alt="" only with role="presentation")'
        )
        yield issue_at(where, f"image {image.src} has no alt text", hint, "error", "alt-text")


def _lacks_alt(image: Image) -> bool:
    return image.alt is None or (not image.alt.strip() and not image.decorative)


def _heading_issues(scan: SiteScan, doc: Document) -> Iterator[Finding]:
    previous = 0
    for heading in doc.scan.headings:
        if heading.level > previous + 1:
            where = spot(scan, doc, heading.place)
            after = f"h{previous}" if previous else "the start of the page"
            want = previous + 1
            hint = (
                f"make it {'#' * want} {heading.text}, or add the missing level above it"
                if where.in_body
                else f"use <h{want}> in the template, or add the missing level above it"
            )
            message = f"heading '{heading.text}' skips a level: h{heading.level} after {after}"
            yield issue_at(where, message, hint, "warning", "heading-order")
        previous = heading.level


def _id_issues(scan: SiteScan, doc: Document) -> Iterator[Finding]:
    first: dict[str, Place] = {}
    for tag in doc.scan.ids:
        if tag.id not in first:
            first[tag.id] = tag.place
            continue
        where = spot(scan, doc, tag.place)
        earlier = spot(scan, doc, first[tag.id])
        shown = (
            f"line {earlier.line or '?'}"
            if earlier.path == where.path
            else f"{earlier.path.as_posix()}:{earlier.line or '?'}"
            if earlier.in_body
            else "the page template"
        )
        hint = "give one of them another id" + (
            ", e.g. ## Heading {#another-id}" if where.in_body else ""
        )
        message = f"id '{tag.id}' is used twice on this page (also by {shown})"
        yield issue_at(where, message, hint, "error", "duplicate-id")


def _link_text_issues(scan: SiteScan, doc: Document) -> Iterator[Finding]:
    for anchor in doc.scan.anchors:
        if anchor.href is None or anchor.label:
            continue
        vague = anchor.text.casefold().strip(_TRIM) in VAGUE_LINK_TEXT
        if anchor.text and not vague:
            continue
        where = spot(scan, doc, anchor.place)
        if anchor.text:
            message = f"link text '{anchor.text}' does not say where the link goes"
            hint = f"name where it goes: the title of {anchor.href}, not '{anchor.text}'"
        else:
            message = f"link to {anchor.href} has no text"
            hint = "write what it leads to between the brackets: [Its title](its-file.md)"
        if not where.in_body:
            hint = "give the link text that names its destination, or an aria-label"
        yield issue_at(where, message, hint, "error", "link-text")
