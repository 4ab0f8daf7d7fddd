"""`mvsite build` after text edited in the body of existing pages: those pages rebuilt from
the records the last build left, without reading the rest of the site.

A full build reads, plans and checks every page to find the few that changed: at 50,000
pages that is seconds for one changed paragraph. When the no-op record (build_record.py)
finds that only pages' files changed since the last build, and each page's front matter
(title, URL, everything other pages see of it) is as it was, nothing but those pages' own
files can change. Their records in the cache's index (cache_entries.py: a shard each, whatever
the site's size) hold all that rendering them needs (edit_records.py).

Anything else is left to the full build, which also reports any problem: a changed file that
is not such a page, a front matter change, a page that is copied into another language, a
Markdown warning or problem, a link (new or old) that does not arrive, a new set of ids
(another page may link to one of them), a site with a search index (it holds every page's
text). `tests/build/test_body_edits.py` checks that it leaves exactly what a full build does.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mvsite.build.build_record import (
    Inputs,
    LastRecord,
    Written,
    forget,
    record_edit,
    record_path,
)
from mvsite.build.cache import (
    DISPATCH,
    INDEX_FILE,
    MarkdownRecord,
    OutputRecord,
    PageRecord,
    compiled_templates,
    without_body,
)
from mvsite.build.cache_entries import read_entries, write_entries
from mvsite.build.cache_store import Damaged
from mvsite.build.changes import is_body_edit
from mvsite.build.edit_links import RebuiltPage, index_ids, links_arrive
from mvsite.build.edit_records import INPUTS, VIEWS, PageInputs
from mvsite.build.page_jobs import PageFolders, PageJob, PageResult, PageTemplate
from mvsite.build.page_keys import page_keys
from mvsite.build.page_worker import PageBatch, PageWorker, WorkerSetup
from mvsite.build.read_pages import load_page
from mvsite.errors import SiteError
from mvsite.sources.file_identity import identity_of
from mvsite.sources.site_paths import cache_dir
from mvsite.write.output import OutputFile
from mvsite.write.update import update_site

MAX_PAGES = 20  # more pages than this: the full build, which converts them in parallel


@dataclass(frozen=True)
class EditedPages:
    """What the shortcut wrote."""

    written: tuple[str, ...]  # output rels


@dataclass(frozen=True)
class _Basis:
    """What the last build's pages were made with, as the index keeps it."""

    inputs: PageInputs
    templates: dict[str, bytes]  # compiled


@dataclass(frozen=True)
class _Edit:
    """One page whose body alone was edited: as the last build left it, and as read now."""

    rel: str
    old: PageRecord
    new: PageRecord
    markdown: MarkdownRecord
    template: PageTemplate


def rebuild_edited(
    source: Path, output: Path, code: str, last: LastRecord, inputs: Inputs
) -> EditedPages | None:
    """The edited pages (the files of last.changed, each build_record.may_be_body_edit)
    rebuilt and written, the cache and the record brought up to date; None: leave it to the
    full build (nothing was written)."""
    index = cache_dir(source) / INDEX_FILE
    try:
        site = read_entries(index, code, {"site": None})
        basis = _basis(site.records["site"], output) if site is not None else None
        if site is None or basis is None or site.generation != last.generation:
            return None
        edits = _read_edits(index, code, basis, last)
        if edits is None:
            return None
        results = _rebuild(basis, edits)
        if results is None or not _links_arrive(index, code, basis, edits, results, last, output):
            return None
    except (Damaged, OSError):
        return None
    return _write(source, output, last, inputs, basis, edits, results)


def _basis(site: Mapping[str, Any], output: Path) -> _Basis | None:
    page_inputs = site.get(INPUTS)
    if not isinstance(page_inputs, PageInputs) or site.get("output_dir") != str(output.absolute()):
        return None
    if page_inputs.render.config.search:
        return None  # the search index holds every page's text
    return _Basis(page_inputs, compiled_templates(site))


def _read_edits(index: Path, code: str, basis: _Basis, last: LastRecord) -> list[_Edit] | None:
    """Each changed page, if every changed file is a page the last build published and
    only its body changed (read from the index the last build saved)."""
    config = basis.inputs.render.config
    content = f"{config.content_dir.absolute()}{os.sep}"
    paths = sorted(path for path in last.changed if not os.path.isdir(path))
    rels = [path.removeprefix(content) for path in paths]
    if not rels or len(rels) > MAX_PAGES or any(not p.startswith(content) for p in paths):
        return None
    wanted = {"pages": rels, "markdown": rels, VIEWS: rels}
    found = read_entries(index, code, wanted)
    records = found.records if found is not None else {}
    templates = records.get(VIEWS, {})
    outs = [template.out for template in templates.values()]
    outputs = read_entries(index, code, {"outputs": outs})
    if found is None or outputs is None:
        return None
    if not found.generation == outputs.generation == last.generation:
        return None  # saved by another build since
    edits = [
        _edit(basis, rel, records, outputs.records["outputs"], Path(path))
        for rel, path in zip(rels, paths, strict=True)
    ]
    return None if None in edits else edits  # type: ignore[return-value]


def _edit(
    basis: _Basis,
    rel: str,
    records: Mapping[str, Mapping[str, Any]],
    outputs: Mapping[str, OutputRecord],
    path: Path,
) -> _Edit | None:
    """The edit of the page at `rel`, if the last build published it as its records say and
    only its body changed since."""
    inputs = basis.inputs
    old, markdown = records["pages"].get(rel), records["markdown"].get(rel)
    template = records[VIEWS].get(rel)
    output = outputs.get(template.out) if template is not None else None
    if old is None or markdown is None or template is None or output is None:
        return None
    if rel in inputs.copied or old.page.is_stand_in or markdown.rendered.warnings:
        return None
    keys = _keys(inputs, rel, old.digest, template)
    if keys != (markdown.key, output.key):
        return None  # the records are not of the files the last build left
    config = inputs.render.config
    try:
        identity = identity_of(os.stat(path))
        # (read anew, not as `old`, which the index keeps without its body)
        new = load_page(path, rel, inputs.render.settings, None, config, time.time_ns(), identity)
    except (OSError, SiteError):
        return None
    if new.settings != old.settings or not is_body_edit(old.page, new.page):
        return None
    return _Edit(rel, old, new, markdown, template)


def _keys(inputs: PageInputs, rel: str, digest: str, template: PageTemplate) -> tuple[str, str]:
    """The page's Markdown and output keys, for the source of `digest`."""
    return page_keys(rel, digest, template.rendering_key, inputs.markdown_key)


def _rebuild(basis: _Basis, edits: list[_Edit]) -> dict[str, PageResult] | None:
    """Each edited page converted and rendered; None if any has a problem or a warning, or a
    new set of ids."""
    render = replace(basis.inputs.render, templates=basis.templates)
    worker = PageWorker(WorkerSetup(render, converts=False, fast=False))
    jobs = [
        PageJob(
            edit.rel,
            edit.new.page.src,
            _keys(basis.inputs, edit.rel, edit.new.digest, edit.template)[0],
            edit.new.page.body,
            edit.new.page.body_line,
            None,
            edit.template,
        )
        for edit in edits
    ]
    # (its HTML is not kept: packs of a page each would pile up until the next full build,
    # which converts the page again if it needs its HTML)
    done = worker.run(PageBatch(PageFolders(None, None, None, False), jobs)).taken()
    results = {result.rel: result for result in done}
    for edit in edits:
        result = results[edit.rel]
        rendered = result.rendered
        if result.error or result.file is None or rendered.problems or rendered.warnings:
            return None
        if rendered.ids != edit.markdown.rendered.ids:
            return None
    return results


def _links_arrive(
    index: Path,
    code: str,
    basis: _Basis,
    edits: list[_Edit],
    results: Mapping[str, PageResult],
    last: LastRecord,
    output: Path,
) -> bool:
    base = basis.inputs.render.config.base_path.rstrip("/")
    pages = [
        RebuiltPage(
            replace(edit.new.page, url=edit.template.view.url.removeprefix(base)),
            results[edit.rel].rendered,
            edit.markdown.rendered.links,
            _file(results[edit.rel]),
        )
        for edit in edits
    ]
    targets, outputs = basis.inputs.render.targets, frozenset(last.outputs)
    return links_arrive(targets, pages, outputs, output, index_ids(index, code))


def _write(
    source: Path,
    output: Path,
    last: LastRecord,
    inputs: Inputs,
    basis: _Basis,
    edits: list[_Edit],
    results: Mapping[str, PageResult],
) -> EditedPages:
    """The pages' files written, then their records in the cache and the no-op record."""
    record_file = record_path(source)
    forget(record_file)  # what it says of the output ends here
    files = {edit.template.out: _file(results[edit.rel]) for edit in edits}
    recorded = {out: (s[0], s[1]) for out in files if (s := last.outputs.get(out))}
    report = update_site(files, output, recorded, complete=False)  # (stats: of `files`)
    entries = _entries(basis, edits, results, report.stats)
    if write_entries(cache_dir(source) / INDEX_FILE, last.generation, entries, DISPATCH):
        written = Written(report.stats, {}, last.generation + 1)
        record_edit(record_file, inputs, output, last, written)
    return EditedPages(report.written)


def _file(result: PageResult) -> OutputFile:
    assert result.file is not None  # (_rebuild returns only results with a file)
    return result.file


def _entries(
    basis: _Basis,
    edits: list[_Edit],
    results: Mapping[str, PageResult],
    stats: Mapping[str, tuple[int, int]],
) -> dict[str, dict[str, Any]]:
    """The edited pages' records, as the cache's index keeps them."""
    entries: dict[str, dict[str, Any]] = {"pages": {}, "markdown": {}, "outputs": {}}
    for edit in edits:
        result, out = results[edit.rel], edit.template.out
        key, output_key = _keys(basis.inputs, edit.rel, edit.new.digest, edit.template)
        rendered = replace(result.rendered, html="")
        entries["pages"][edit.rel] = without_body(edit.new)
        entries["markdown"][edit.rel] = MarkdownRecord(key, rendered, result.html_at)
        entries["outputs"][out] = OutputRecord(output_key, *stats[out])
    return entries
