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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from markupsafe import Markup

from mvsite.build.cache import BuildCache, MarkdownRecord, PageRecord
from mvsite.build.cache_update import CacheUpdate, remember
from mvsite.build.links import built_ids, check_links
from mvsite.build.page_keys import page_keys, view_key
from mvsite.build.pipeline import BuildInputs, BuiltSite
from mvsite.build.plan import output_path, page_view, template_name
from mvsite.build.read_pages import load_page, parse_settings
from mvsite.errors import SiteError
from mvsite.markdown.convert import MarkdownRenderer, Rendered, renderer_for
from mvsite.render.navigation import SiteTree
from mvsite.render.templates import render_template
from mvsite.sources.config import Config
from mvsite.sources.file_identity import identity_of
from mvsite.sources.pages import Page
from mvsite.write.output import OutputFile


@dataclass(frozen=True)
class LastBuild:
    """What the shortcut needs of the last full build, and of the shortcuts since."""

    config: Config
    pages: Mapping[str, Page]  # source rel -> page, as the full build read it
    tree: SiteTree
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
            site.tree,
            inputs,
            site.rendered,
            site.output_keys,
            frozenset(site.files),
            renderer_for(site.config, inputs.targets),
        )

    def after(self, quick: QuickBuild) -> LastBuild:
        return replace(self, rendered=quick.rendered, output_keys=quick.output_keys)


@dataclass(frozen=True)
class QuickBuild:
    files: Mapping[str, OutputFile]  # output rel -> the page's new file
    output_keys: Mapping[str, str]  # every page's output key, as a full build would leave
    rendered: Mapping[str, Rendered]  # every page's Markdown result (html: '' or the new)


def rebuild_bodies(
    last: LastBuild, changed: Sequence[str], cache: BuildCache, dest: Path
) -> QuickBuild | None:
    """The pages whose bodies alone changed, rebuilt; None: leave it to a full build."""
    if not changed:
        return None  # what changed is not known
    config = last.config
    content_dir = config.content_dir
    settings = parse_settings(config)
    edited: list[tuple[Page, PageRecord]] = []
    now = time.time_ns()
    for path in sorted(set(changed)):
        rel = _page_rel(Path(path), content_dir)
        old = last.pages.get(rel) if rel else None
        if rel is None or old is None or old.is_stand_in:
            return None
        try:
            identity = identity_of(os.stat(content_dir / rel))
            record = load_page(content_dir / rel, rel, settings, None, config, now, identity)
        except (OSError, SiteError):
            return None
        if _all_but_body(record.page) != _all_but_body(old):
            return None
        edited.append((old, record))
    renderer, inputs, tree = last.renderer, last.inputs, last.tree
    rendered = dict(last.rendered)
    output_keys = dict(last.output_keys)
    files: dict[str, OutputFile] = {}
    updates: list[tuple[str, PageRecord, MarkdownRecord, str]] = []
    for old, record in edited:
        page = record.page
        done = renderer.render(page.body, page.rel, page.src, page.body_line)
        if done.problems or done.ids != last.rendered[old.rel].ids:
            return None
        rendered[old.rel] = done
        out = output_path(old)
        view_text = view_key(old, tree)
        key, output_keys[out] = page_keys(
            old.rel, record.digest, view_text, inputs.markdown_key, inputs.context_key
        )
        view = replace(page_view(old, tree, config), html=Markup(done.html), toc=done.toc)
        template = template_name(old, tree, config.facts_page)
        try:
            html = render_template(inputs.env, template, {"page": view}, config.root)
        except SiteError:
            return None
        files[out] = OutputFile(html.encode())
        updates.append((old.rel, record, MarkdownRecord(key, replace(done, html="")), done.html))
    pages = tuple(last.pages.values())
    ids_of = built_ids(dict.fromkeys(last.outputs, OutputFile(keep=True)), None, dest)
    edited_rels = frozenset(old.rel for old, _ in edited)
    if next(check_links(pages, rendered, last.outputs, ids_of, only=edited_rels), None):
        return None
    remember(cache, _cache_update(cache, updates))
    return QuickBuild(files, output_keys, rendered)


def _cache_update(
    cache: BuildCache, updates: Sequence[tuple[str, PageRecord, MarkdownRecord, str]]
) -> CacheUpdate:
    """The cache's records with the edited pages' new ones (and their HTML in memory)."""
    pages, markdown, html = dict(cache.pages), dict(cache.markdown), dict(cache.html)
    for rel, record, done, text in updates:
        previous = markdown.get(rel)
        if previous is not None:
            html.pop(previous.key, None)
        pages[rel], markdown[rel], html[done.key] = record, done, text
    return CacheUpdate(pages=pages, markdown=markdown, html=html)


def _page_rel(path: Path, content_dir: Path) -> str | None:
    try:
        rel = path.relative_to(content_dir).as_posix()
    except ValueError:
        return None
    return rel if rel.endswith(".md") else None


def _all_but_body(page: Page) -> Page:
    return replace(page, body="", body_line=0)
