"""Whether the links of pages rebuilt alone (by `mvsite build`: build/body_edits.py; by the
preview: serve/text_edit.py) arrive, as links.check_links would find in a full build: with
the ids of only the pages they reach (from the cache's index, or the preview's memory).

Both the new links and the old ones are checked: on an MkDocs site a link to a missing anchor
is a warning, and a full build would stop giving it once the link is gone. And each page's new
file must have the ids its old one had, so that other pages' links to it arrive as they did:
templates make ids too (the theme's table of contents has one only for a page with two or
more headings in it).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from mvsite.build.cache_entries import read_entries
from mvsite.build.links import LinkSite, broken_links, built_ids
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


# source rels -> the Markdown ids of those pages (a page not known is left out); None: unknown
MarkdownIds = Callable[[Collection[str]], Mapping[str, frozenset[str]] | None]


def links_arrive(
    targets: LinkTargets,
    pages: Sequence[RebuiltPage],
    outputs: frozenset[str],
    output: Path,
    markdown_ids: MarkdownIds,
) -> bool:
    """Does every link, new and old, of `pages` arrive in the site of `outputs` (its files,
    in `output`), and does each page keep the ids of its file there? False also when the
    ids a link needs are not known."""
    if not all(_same_ids(p, output) for p in pages):
        return False
    own = {url_file(p.page.url): p.rendered.ids for p in pages}
    ids = _target_ids(targets, pages, own, markdown_ids)
    if ids is None:
        return False
    files = {url_file(p.page.url): p.file for p in pages}
    site = LinkSite(outputs | own.keys(), {**ids, **own}, more_ids=_built_ids(files, output))
    return not any(
        next(broken_links(p.page, links, site), None)
        for p in pages
        for links in (p.rendered.links, p.old_links)
    )


def index_ids(index: Path, code: str) -> MarkdownIds:
    """The Markdown ids of pages, as the cache's index at `index` (made by `code`) keeps them."""

    def read(rels: Collection[str]) -> Mapping[str, frozenset[str]] | None:
        found = read_entries(index, code, {"markdown": rels})
        if found is None:
            return None
        return {rel: record.rendered.ids for rel, record in found.records["markdown"].items()}

    return read


def _target_ids(
    targets: LinkTargets,
    pages: Sequence[RebuiltPage],
    own: Mapping[str, frozenset[str]],
    markdown_ids: MarkdownIds,
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
    found = markdown_ids(set(rels.values()))
    if found is None or any(rel not in found for rel in rels.values()):
        return None
    return {file: found[rel] for file, rel in rels.items()}


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
