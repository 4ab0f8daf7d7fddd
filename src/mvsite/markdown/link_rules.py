"""A link as an editor wrote it -> where it points on the site, or a problem to report.

Editors link to files as they see them: a relative path to another `.md` file becomes that
page's URL, and a relative path to an image keeps working although pretty URLs put the
page one folder deeper.
"""

from __future__ import annotations

import html as htmllib
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from markdown import util

from mvsite.markdown.converted import LinkTargets
from mvsite.sources.page_urls import SECTION_FILES


@dataclass(frozen=True, slots=True)
class ResolvedLink:
    """What a written href or src becomes, and what it tells the site stage."""

    value: str  # the attribute's new value
    link: tuple[str, str, str] | None = None  # (written, url, fragment) for the site to confirm
    problem: tuple[str, str, str] | None = None  # (written, message, hint)
    refused: bool = False  # left as written because it leads nowhere (the problem says why)
    hreflang: str | None = None  # the language of the page linked to, if not the linking page's


def resolve_link(written: str, folder: str, targets: LinkTargets) -> ResolvedLink:
    """An href or src written in a page in `folder` -> the attribute's value, the site link
    it makes, or the problem with it."""
    if util.AMP_SUBSTITUTE in written:
        # An email autolink: Python-Markdown writes it as entities behind a placeholder.
        target = htmllib.unescape(written.replace(util.AMP_SUBSTITUTE, "&"))
        if urlsplit(target).scheme:
            return ResolvedLink(written)
        return resolve_link(target, folder, targets)
    parts = urlsplit(written)
    if parts.scheme in ("javascript", "vbscript"):
        problem = (
            written,
            f"link '{written}' would run a script",
            "link to a page or https:// URL",
        )
        return ResolvedLink("#", problem=problem)
    if parts.scheme or parts.netloc or not (parts.path or parts.fragment):
        return ResolvedLink(written)  # (the sanitiser removes what is not http(s), mailto or tel)
    if not parts.path:
        return ResolvedLink(written, (written, "", parts.fragment))
    base = targets.base_path.rstrip("/")
    if parts.path.startswith("/"):
        return ResolvedLink(base + written, (written, unquote(parts.path), parts.fragment))
    path = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
    if path == ".." or path.startswith("../"):
        problem = (
            written,
            f"link '{written}' leaves the content folder",
            f"link to a page or file inside {targets.content_shown or 'the site folder'},"
            " or use a full https:// address",
        )
        return ResolvedLink(written, problem=problem, refused=True)
    url = _url_for(path, targets)
    if url is None:
        problem = _missing(path, written, folder, targets)
        return ResolvedLink(written, problem=problem, refused=True)
    return _to_site(written, path, url, targets)


def _to_site(written: str, path: str, url: str, targets: LinkTargets) -> ResolvedLink:
    """The link to the page or file at `path`, whose URL is `url`."""
    parts = urlsplit(written)
    suffix = f"?{parts.query}" if parts.query else ""
    suffix += f"#{parts.fragment}" if parts.fragment else ""
    base = targets.base_path.rstrip("/")
    hreflang = targets.hreflang.get(_page_rel(path, targets)) if targets.hreflang else None
    link = (written, url, parts.fragment)
    return ResolvedLink(base + quote(url) + suffix, link, hreflang=hreflang)


def _page_rel(path: str, targets: LinkTargets) -> str:
    """The source a content path names: a Markdown file, or a folder's own page."""
    candidates = [path] if path.endswith(".md") else [f"{path}/{n}" for n in SECTION_FILES]
    candidates = [c.removeprefix("./") for c in candidates]
    return next((c for c in candidates if c in targets.pages), candidates[0])


def _url_for(path: str, targets: LinkTargets) -> str | None:
    """The site URL of the page or file at `path` (relative to content/); None: none."""
    page_rel = _page_rel(path, targets)
    if page_rel in targets.pages:
        return targets.pages[page_rel]
    if path in targets.assets:
        return "/" + path
    return None


# The file other generators' link code names: Hugo's {{< relref "a.md" >}}, Jekyll's
# {% link a.md %} and {{ 'a.md' | relative_url }}.
_FILE_IN_TEMPLATE_CODE = re.compile(
    r"""["']([^"'\n]+?\.md(?:#[^"'\s]*)?)["']|\{%-?\s*link\s+(\S+\.md)"""
)


def _missing(path: str, written: str, folder: str, targets: LinkTargets) -> tuple[str, str, str]:
    """The problem with a link to `path`, which is no page or file of the site."""
    page_rel = _page_rel(path, targets)
    if page_rel in targets.drafts:
        return (
            written,
            f"link to a draft: {page_rel}",
            "publish it (draft: false) or remove the link",
        )
    kind = "page" if path.endswith(".md") else "file"
    hint = "check the file name and folder"
    if "\\" in written:
        hint = "separate folders with '/' (a '\\' is part of the name on the web)"
    elif "{{" in written or "{%" in written:
        example = _file_named_in(written, folder, targets)
        hint = f"a page's Markdown is no template: link to the file itself, as {example}"
    elif _page_rel(f"{path.rstrip('/')}.md", targets) in targets.pages:
        parts = urlsplit(written)
        meant = parts._replace(path=parts.path.rstrip("/") + ".md").geturl()
        hint = f"did you mean {meant}? A link to a page names its .md file"
    return (written, f"link to a missing {kind}: {targets.content_shown}{path}", hint)


def _file_named_in(written: str, folder: str, targets: LinkTargets) -> str:
    """The link to write, from a page in `folder`, for the file that template code names:
    the path to it if it is found beside the page or from content/'s top (where Hugo and
    Jekyll look), else the name as written."""
    found = _FILE_IN_TEMPLATE_CODE.search(written)
    if found is None:
        return "../about.md"
    named: str = next(filter(None, found.groups()))[:200]
    file, _, fragment = named.partition("#")
    for candidate in (posixpath.normpath(posixpath.join(folder, file)), file.lstrip("/")):
        if _url_for(candidate, targets) is not None:
            path = posixpath.relpath(candidate, folder or ".")
            return f"{path}#{fragment}" if fragment else path
    return named.lstrip("/")
