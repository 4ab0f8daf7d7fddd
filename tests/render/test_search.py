"""Search: the Pagefind index a build makes, the search page, and when the index is kept."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import mvsite.build.search_files
from mvsite.render.search import SearchRecord, build_index

from ..conftest import Run, SiteFiles

PAGE = "---\ntitle: {title}\ndescription: A page.\n---\n{body}\n"
FIGURES = """\
sources:
  survey:
    title: Bird survey
    publisher: Field Society
    retrieved: 2026-11-21
areas: {}
figures:
  swift-pairs:
    value: 120
    display: "120"
    unit: pairs
    label: "Breeding pairs of common swifts"
    area: null
    source: survey
    as_of: 2026-11-21
"""
FILES: SiteFiles = {
    "mvsite.yaml": "title: Field Notes\nbase_url: https://notes.github.io/\nsearch: true\n"
    "facts_page: facts.md\n",
    "content/_index.md": PAGE.format(title="Home", body="Notes from the marsh near Lund."),
    "content/swift.md": PAGE.format(title="Swift", body="Swifts nest under roof tiles."),
    "content/facts.md": PAGE.format(title="Facts", body="All the figures."),
    "content/_data/figures.yaml": FIGURES,
}


def _entry(out: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((out / "pagefind/pagefind-entry.json").read_text())
    return data


def _index_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.glob("pagefind/**/*.*")}


def test_a_build_makes_an_index_of_pages_and_figures_in_the_sites_language(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site(FILES)
    assert run_cli("build", "--source", site, "--strict").code == 0, "build failed"
    entry = _entry(site / "public")
    languages = entry["languages"]
    assert isinstance(languages, dict) and list(languages) == ["en"]
    assert languages["en"]["page_count"] == 3 + 1  # three pages and one figure
    assert (site / "public/pagefind/pagefind.js").is_file()
    # Pagefind's own UIs are not used (the search page has its script).
    assert not list((site / "public/pagefind").glob("pagefind-*ui*"))


def test_the_search_page_and_the_header_field(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site(FILES)
    assert run_cli("build", "--source", site).code == 0
    search = (site / "public/search/index.html").read_text()
    assert 'data-pagefind="/pagefind/pagefind.js"' in search
    script = re.search(r'<script type="module" src="(/search/search\.[0-9a-f]{8}\.js)">', search)
    assert script and (site / "public" / script.group(1).lstrip("/")).is_file()
    # Only the search page may compile WebAssembly (Pagefind's fallback off its worker).
    assert "script-src 'self' 'wasm-unsafe-eval';" in search
    swift = (site / "public/swift/index.html").read_text()
    assert "script-src 'self';" in swift and "wasm" not in swift
    assert (
        '<form class="site-search" role="search" aria-label="Quick search" action="/search/"'
        in swift
    )
    assert '<a class="site-search-link" href="/search/">Search</a>' in swift
    assert "<script" not in swift  # no script on a page until someone searches
    assert "data-pagefind-body" in swift and "data-pagefind-body" not in search


def test_two_builds_make_the_same_index_bytes(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site(FILES)
    outs = [site / "a", site / "b"]
    for out in outs:
        assert run_cli("build", "--source", site, "--output", out, "--no-cache").code == 0
    first, second = (_index_files(out) for out in outs)
    assert len(first) > 5
    assert first == second


def test_the_index_is_kept_until_a_page_or_figure_changes(
    make_site: Callable[[SiteFiles], Path],
    run_cli: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = make_site(FILES)
    assert run_cli("build", "--source", site).code == 0
    calls: list[int] = []
    real = mvsite.build.search_files.build_index

    def counting(
        pages: list[tuple[str, str]], records: list[SearchRecord], lang: str
    ) -> dict[str, bytes]:
        calls.append(len(pages))
        return real(pages, records, lang)

    monkeypatch.setattr(mvsite.build.search_files, "build_index", counting)
    report = site / "report.json"  # a build that must report cannot skip: it builds
    assert run_cli("build", "--source", site, "--report-json", report).code == 0
    assert calls == []
    page = site / "content/swift.md"
    page.write_text(PAGE.format(title="Swift", body="Swifts sleep on the wing."))
    assert run_cli("build", "--source", site).code == 0
    assert calls == [3]
    figures = site / "content/_data/figures.yaml"
    figures.write_text(FIGURES.replace('display: "120"', 'display: "120+"'))
    assert run_cli("build", "--source", site).code == 0
    assert calls == [3, 3]
    assert run_cli("build", "--source", site, "--output", site / "other").code == 0
    assert calls == [3, 3, 3]  # a new output folder: nothing to keep
    found = (site / "public/pagefind").rglob("*.pf_fragment")
    assert any(b"wing" in _gunzip(p.read_bytes()) for p in found)


def _gunzip(data: bytes) -> bytes:
    import gzip

    return gzip.decompress(data)


def test_no_index_and_no_search_page_unless_the_config_asks(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({**FILES, "mvsite.yaml": "title: Field Notes\nfacts_page: facts.md\n"})
    assert run_cli("build", "--source", site).code == 0
    assert not (site / "public/pagefind").exists()
    assert not (site / "public/search").exists()
    assert "site-search" not in (site / "public/swift/index.html").read_text()


def test_a_figure_record_points_at_its_facts_entry(tmp_path: Path) -> None:
    page = (
        '<!doctype html><html lang="en"><head><title>A</title></head><body>'
        "<main data-pagefind-body><h1>A</h1><p>Lund</p></main></body></html>"
    )
    record = SearchRecord("/facts/#fig-a", "Apples <sold>", "Apples <sold>: 3 tonnes.")
    files = build_index([("a/index.html", page)], [record], "en")
    fragments = [_gunzip(data) for rel, data in files.items() if rel.endswith(".pf_fragment")]
    meta = [json.loads(f[f.index(b"{") :]) for f in fragments]
    urls = sorted(m.get("meta", {}).get("url", m["url"]) for m in meta)
    assert urls == ["/a/", "/facts/#fig-a"]
    assert any(m["meta"]["title"] == "Apples <sold>" for m in meta)


def test_a_missing_pagefind_is_an_error_with_a_hint(
    make_site: Callable[[SiteFiles], Path],
    run_cli: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from importlib import metadata

    def missing(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", missing)
    site = make_site(FILES)
    result = run_cli("build", "--source", site)
    assert result.code == 1
    assert result.err.splitlines() == [
        "error: mvsite.yaml: search: true needs Pagefind, which is not installed",
        "  hint: install it with: pip install 'pagefind[bin]' (or set search: false)",
    ]
    assert not (site / "public").exists()


def test_pagefinds_entry_file_lists_the_languages_in_one_order() -> None:
    from mvsite.render.search import _in_order

    one = b'{"version":"1.5.2","languages":{"sv":{"page_count":1},"da":{"page_count":2}},"x":["\xe2\x80\xbf"]}'
    assert _in_order(one) == (
        b'{"version":"1.5.2","languages":{"da":{"page_count":2},"sv":{"page_count":1}},"x":["\xe2\x80\xbf"]}'
    )
