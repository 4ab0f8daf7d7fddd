"""The preview's shortcut for the most common save: text edited in the body of existing pages.

A full rebuild plans every page to find the few that changed, which costs tens of
milliseconds per thousand pages; an editor waiting on the preview should not wait on the
size of the site. When every saved file is a page the last build has, and its front matter
(title, URL, navigation, everything other pages see of it) is unchanged, nothing but that
page's own HTML can change, so only its Markdown is converted and its file written.

Anything else is left to the full build, which then also reports any problem: a saved file
that is not such a page, a front matter change, a page that fails to read or convert, a
broken link in the new text, or a new set of ids (another page may link to one of them).
`tests/serve/test_text_edit.py` checks that the shortcut leaves exactly what a full build leaves.
"""

from __future__ import annotations

import os
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from markupsafe import Markup

from mvsite.build.cache import BuildCache, MarkdownRecord, PageRecord
from mvsite.build.cache_update import CacheUpdate, EditedPage, remember
from mvsite.build.changes import is_body_edit
from mvsite.build.edit_links import RebuiltPage, links_arrive
from mvsite.build.edit_records import copied_originals
from mvsite.build.page_keys import page_keys, rendering_key, view_key
from mvsite.build.pipeline import BuildInputs, BuiltSite
from mvsite.build.plan import page_view, template_name
from mvsite.build.read_pages import load_page, parse_settings
from mvsite.build.read_site import SiteContent
from mvsite.errors import SiteError
from mvsite.markdown.convert import MarkdownRenderer, renderer_for
from mvsite.markdown.converted import Rendered
from mvsite.render.templates import render_template
from mvsite.sources.config import Config
from mvsite.sources.file_identity import identity_of
from mvsite.sources.pages import Page
from mvsite.write.output import OutputFile
from mvsite.write.urls import url_file


@dataclass(frozen=True)
class LastBuild:
    """What the shortcut needs of the last full build, and of the shortcuts since."""

    config: Config
    pages: Mapping[str, Page]  # source rel -> page, as the full build read it
    content: SiteContent  # the site as the full build read it
    copied: frozenset[str]  # the pages shown untranslated in another language too
    inputs: BuildInputs
    rendered: Mapping[str, Rendered]  # source rel -> Markdown result (ids, links)
    output_keys: Mapping[str, str]  # output rel -> key
    outputs: frozenset[str]  # every output file's rel
    renderer: MarkdownRenderer

    @classmethod
    def of(cls, site: BuiltSite) -> LastBuild | None:
        inputs = site.inputs
        if inputs is None or site.problems:
            return None
        return cls(
            site.config,
            {page.rel: page for page in site.pages},
            site.content,
            copied_originals(site.pages),
            inputs,
            site.rendered,
            site.output_keys,
            frozenset(site.files),
            renderer_for(site.config, inputs.targets),
        )

    def after(self, bodies: BodiesRebuilt) -> LastBuild:
        return replace(self, rendered=bodies.rendered, output_keys=bodies.output_keys)


@dataclass(frozen=True)
class BodiesRebuilt:
    """What the shortcut rebuilt: the edited pages' files, and the build's keys after it."""

    files: Mapping[str, OutputFile]  # output rel -> the page's new file
    output_keys: Mapping[str, str]  # every page's output key, as a full build would leave
    rendered: Mapping[str, Rendered]  # every page's Markdown result (html: '' or the new)
    # The edited pages' Markdown warnings: those told before, maybe on other lines now.
    warnings: tuple[SiteError, ...]


@dataclass(frozen=True)
class _RebuiltPage:
    """One edited page rendered again, and what the cache keeps of it."""

    record: PageRecord
    rendered: Rendered
    out: str  # output rel
    output_key: str
    file: OutputFile
    markdown: MarkdownRecord


def rebuild_bodies(
    last: LastBuild, changed: Sequence[str], cache: BuildCache, dest: Path
) -> BodiesRebuilt | None:
    """The pages whose bodies alone changed, rebuilt; None: leave it to a full build."""
    if not changed:
        return None  # what changed is not known
    edited = _read_body_edits(last, changed)
    if edited is None:
        return None
    rebuilt: dict[str, _RebuiltPage] = {}
    for old, record in edited:
        page = _rebuild_page(last, old, record)
        if page is None:
            return None
        rebuilt[old.rel] = page
    if not _links_arrive(last, edited, rebuilt, dest):
        return None
    rendered = {**last.rendered, **{rel: page.rendered for rel, page in rebuilt.items()}}
    news = {rel: EditedPage(p.record, p.markdown, p.rendered.html) for rel, p in rebuilt.items()}
    remember(cache, CacheUpdate(edited=news))
    output_keys = {**last.output_keys, **{p.out: p.output_key for p in rebuilt.values()}}
    files = {p.out: p.file for p in rebuilt.values()}
    warnings = tuple(w for p in rebuilt.values() for w in p.rendered.warnings)
    return BodiesRebuilt(files, output_keys, rendered, warnings)


def _read_body_edits(
    last: LastBuild, changed: Sequence[str]
) -> list[tuple[Page, PageRecord]] | None:
    """Each saved page as the last build had it and as read now; None if any saved file is
    not a page of the last build, cannot be read, or changed more than its body."""
    config = last.config
    content_dir = config.content_dir
    settings = parse_settings(config)
    edited: list[tuple[Page, PageRecord]] = []
    now = time.time_ns()
    for path in sorted(set(changed)):
        rel = _page_rel(Path(path), content_dir)
        old = last.pages.get(rel) if rel else None
        if rel is None or old is None or old.is_stand_in or rel in last.copied:
            return None
        try:
            identity = identity_of(os.stat(content_dir / rel))
            record = load_page(content_dir / rel, rel, settings, None, config, now, identity)
        except (OSError, SiteError):
            return None
        # (a translation's URL is placed in its language's part after reading: page_languages)
        if not is_body_edit(old, replace(record.page, url=old.url)):
            return None
        edited.append((old, record))
    return edited


def _rebuild_page(last: LastBuild, old: Page, record: PageRecord) -> _RebuiltPage | None:
    """The page `old` rendered with its new body; None if its Markdown has problems, other
    warnings than before (the full build tells them), a new set of ids (another page may link
    to one), or its template fails."""
    page, before = record.page, last.rendered[old.rel]
    done = last.renderer.render(page.body, page.rel, page.src, page.body_line)
    if done.problems or done.ids != before.ids or _told(done) != _told(before):
        return None
    inputs, config = last.inputs, last.config
    tree, versions = last.content.tree_of(old), last.content.versions_of(old)
    template = template_name(old, tree, config.facts_page)
    rendering = rendering_key(view_key(old, tree, versions), inputs.context_keys.of(template))
    key, output_key = page_keys(old.rel, record.digest, rendering, inputs.markdown_key)
    view = page_view(old, tree, config, versions)
    view = replace(view, html=Markup(done.html), toc=done.toc)
    try:
        html = render_template(inputs.env, template, {"page": view}, config.root)
    except SiteError:
        return None
    markdown = MarkdownRecord(key, replace(done, html=""))
    return _RebuiltPage(
        record, done, url_file(old.url), output_key, OutputFile(html.encode()), markdown
    )


def _links_arrive(
    last: LastBuild,
    edited: Sequence[tuple[Page, PageRecord]],
    rebuilt: Mapping[str, _RebuiltPage],
    dest: Path,
) -> bool:
    """Does every link of the edited pages, new and old, arrive, and do their files keep
    their ids? (build/edit_links.py, with the ids of the pages they reach from memory.)"""
    pages = [
        RebuiltPage(
            old, rebuilt[old.rel].rendered, last.rendered[old.rel].links, rebuilt[old.rel].file
        )
        for old, _ in edited
    ]
    known = last.rendered

    def markdown_ids(rels: Collection[str]) -> Mapping[str, frozenset[str]]:
        return {rel: known[rel].ids for rel in rels if rel in known}

    return links_arrive(last.inputs.targets, pages, last.outputs, dest, markdown_ids)


def _told(rendered: Rendered) -> list[str]:
    """A page's Markdown warnings as the terminal shows them (their lines may move)."""
    return [warning.message for warning in rendered.warnings]


def _page_rel(path: Path, content_dir: Path) -> str | None:
    try:
        rel = path.relative_to(content_dir).as_posix()
    except ValueError:
        return None
    return rel if rel.endswith(".md") else None
