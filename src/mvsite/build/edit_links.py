"""Whether the links of pages rebuilt alone (body_edits.py) arrive, as links.check_links
would find in a full build: with the ids of the pages they reach read from the cache's index.

Both the new links and the old ones are checked: on an MkDocs site a link to a missing anchor
is a warning, and a full build would stop giving it once the link is gone. And each page's new
file must have the ids its old one had, so that other pages' links to it arrive as they did:
templates make ids too (the theme's table of contents has one only for a page with two or
more headings in it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from mvsite.build.cache_entries import read_entries
from mvsite.build.links import LinkSite, built_ids, link_errors
from mvsite.markdown.converted import LinkRef, LinkTargets, Rendered
from mvsite.sources.pages import Page
from mvsite.write.output import OutputFile
from mvsite.write.urls import link_file, url_file


@dataclass(frozen=True)
class RebuiltPage:
    """A page rendered again: its links and ids now, and the links it had."""

    page: Page  # with its URL as published (without the base path)
    rendered: Rendered
    old_links: tuple[LinkRef, ...]
    file: OutputFile


def links_arrive(
    index: Path,
    code: str,
    targets: LinkTargets,
    pages: Sequence[RebuiltPage],
    outputs: frozenset[str],
    output: Path,
) -> bool:
    """Does every link, new and old, of `pages` arrive in the site of `outputs` (its files),
    and does each page keep the ids of its file in `output`? False also when an id it needs
    cannot be read."""
    if not all(_same_ids(p, output) for p in pages):
        return False
    own = {url_file(p.page.url): p.rendered.ids for p in pages}
    ids = _target_ids(index, code, targets, pages, own)
    if ids is None:
        return False
    files = {url_file(p.page.url): p.file for p in pages}
    site = LinkSite(outputs | own.keys(), {**ids, **own}, more_ids=_built_ids(files, output))
    return not any(
        next(link_errors(p.page, links, site), None)
        for p in pages
        for links in (p.rendered.links, p.old_links)
    )


def _target_ids(
    index: Path,
    code: str,
    targets: LinkTargets,
    pages: Sequence[RebuiltPage],
    own: Mapping[str, frozenset[str]],
) -> dict[str, frozenset[str]] | None:
    """The Markdown ids of each other page a link with a #fragment reaches (file -> ids)."""
    wanted = {
        link_file(link.url or p.page.url)
        for p in pages
        for link in (*p.rendered.links, *p.old_links)
        if link.fragment not in ("", "top")
    } - own.keys()
    if not wanted:
        return {}
    sources = {url_file(url): rel for rel, url in targets.pages.items()}
    rels = {file: sources[file] for file in wanted if file in sources}  # others: not pages
    found = read_entries(index, code, {"markdown": set(rels.values())})
    if found is None:
        return None
    markdown = found.records["markdown"]
    if any(rel not in markdown for rel in rels.values()):
        return None
    return {file: markdown[rel].rendered.ids for file, rel in rels.items()}


def _same_ids(page: RebuiltPage, output: Path) -> bool:
    """Has the page's new file the ids of the one in `output`?"""
    out = url_file(page.page.url)
    new = built_ids({out: page.file}, None, None)(out)
    return new == built_ids({out: OutputFile(keep=True)}, None, output)(out)


def _built_ids(files: Mapping[str, OutputFile], output: Path) -> Callable[[str], frozenset[str]]:
    """A page's file -> the ids in its built HTML: the new file of a page rebuilt, else the
    one in the output folder."""

    def ids_of(file: str) -> frozenset[str]:
        built = files.get(file) or OutputFile(keep=True)
        return built_ids({file: built}, None, output)(file)

    return ids_of
