"""Pages' Markdown HTML in pack files: kept, read back, checked, pruned and compacted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mvsite.build.html_packs import compact_packs, load_html, prune_packs, store_html
from mvsite.sources.site_paths import CACHE_DIR

from ..conftest import Run, copy_site, saved_cache, tree_bytes
from .test_cache import EDITS


def test_html_is_read_back_from_its_pack(tmp_path: Path) -> None:
    places = store_html(tmp_path, [("k1", "<p>one</p>"), ("k2", "<p>twø</p>")])
    assert [load_html(tmp_path, at) for at in places] == ["<p>one</p>", "<p>twø</p>"]
    assert len({at[0] for at in places}) == 1


def test_damaged_or_missing_html_reads_as_none(tmp_path: Path) -> None:
    (at,) = store_html(tmp_path, [("k", "<p>text</p>")])
    pack = tmp_path / at[0]
    pack.write_bytes(b"<p>tExt</p>")
    assert load_html(tmp_path, at) is None
    pack.write_bytes(b"<p>")
    assert load_html(tmp_path, at) is None
    pack.unlink()
    assert load_html(tmp_path, at) is None


def test_packs_no_place_uses_are_deleted(tmp_path: Path) -> None:
    (kept,) = store_html(tmp_path, [("a", "<p>a</p>")])
    store_html(tmp_path, [("b", "<p>b</p>")])
    (tmp_path / "old-format.html").write_text("x")
    prune_packs(tmp_path, [kept])
    assert sorted(p.name for p in tmp_path.iterdir()) == [kept[0]]


def test_a_mostly_unused_pack_is_rewritten(tmp_path: Path) -> None:
    places = store_html(tmp_path, [("a", "<p>a</p>"), ("b", "<p>" + "b" * 100 + "</p>")])
    moved = compact_packs(tmp_path, {"a": places[0]})
    assert moved.keys() == {"a"} and moved["a"][0] != places[0][0]
    assert load_html(tmp_path, moved["a"]) == "<p>a</p>"
    assert compact_packs(tmp_path, {"b": places[1]}) == {}  # most of its pack: kept as it is


def _html_files(site: Path) -> dict[str, int]:
    folder = site / CACHE_DIR / "html"
    return {p.name: p.stat().st_size for p in folder.iterdir()}


def _built_site(tmp_path: Path, run_cli: Callable[..., Run]) -> Path:
    site = tmp_path / "site"
    copy_site("basic", site)
    assert run_cli("build", "--source", site, "--jobs", "1").code == 0
    return site


def test_the_html_of_a_batch_of_pages_is_kept_in_one_file(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    site = _built_site(tmp_path, run_cli)
    records = saved_cache(site).markdown
    assert {r.html_at[0] for r in records.values() if r.html_at} == set(_html_files(site))
    assert len(_html_files(site)) == 1 < len(records)


def test_html_the_pages_no_longer_use_does_not_pile_up(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    """Edit page after page (body edits keep no HTML: build/body_edits.py), then change a
    template: the first pack, mostly unused, is rewritten; the template change renders every
    page from the cache, and the site still equals a cold build."""
    site = _built_site(tmp_path, run_cli)
    (first,) = _html_files(site)
    pages = ["guide/first.md", "guide/second.md", "about.md", "facts.md", "notes/plain.md"]
    for rel in pages:
        path = site / "content" / rel
        path.write_text(path.read_text() + "\nOne more line.\n")
        assert run_cli("build", "--source", site).code == 0
    assert _html_files(site) == {first: _html_files(site)[first]}
    EDITS["template"](site)
    assert run_cli("build", "--source", site).code == 0
    assert first not in _html_files(site)
    live = sum(r.html_at[2] for r in saved_cache(site).markdown.values() if r.html_at)
    assert sum(_html_files(site).values()) <= 2 * live
    warm, cold = site / "public", tmp_path / "cold"
    assert run_cli("build", "--source", site, "--output", cold, "--no-cache").code == 0
    assert tree_bytes(warm) == tree_bytes(cold)
