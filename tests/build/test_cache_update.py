"""remember: the one place a build's results go into the cache, and whether it changed."""

from __future__ import annotations

from pathlib import Path

from mvsite.build.cache import BuildCache, MarkdownRecord, OutputRecord, PageRecord
from mvsite.build.cache_update import CacheUpdate, EditedPage, remember
from mvsite.markdown.converted import Rendered
from mvsite.sources.file_identity import UNTRUSTED
from mvsite.sources.front_matter import FrontMatter
from mvsite.sources.pages import Page

_RENDERED = Rendered("", (), frozenset(), (), (), ())


def _saved(cache: BuildCache) -> BuildCache:
    cache.changed = False  # as load_cache leaves it
    return cache


def test_an_update_with_the_same_keys_leaves_the_cache_unchanged() -> None:
    cache = _saved(BuildCache(markdown={"a.md": MarkdownRecord("k1", _RENDERED)}))
    remember(cache, CacheUpdate(markdown={"a.md": MarkdownRecord("k1", _RENDERED)}))
    assert not cache.changed


def test_a_new_key_or_a_page_gone_changes_the_cache() -> None:
    cache = _saved(BuildCache(markdown={"a.md": MarkdownRecord("k1", _RENDERED)}))
    remember(cache, CacheUpdate(markdown={"a.md": MarkdownRecord("k2", _RENDERED)}))
    assert cache.changed and cache.markdown["a.md"].key == "k2"
    _saved(cache)
    remember(cache, CacheUpdate(markdown={}))
    assert cache.changed and cache.markdown == {}


def test_parts_left_out_of_an_update_are_kept() -> None:
    outputs = {"index.html": OutputRecord("k", 10, 1)}
    cache = _saved(BuildCache(outputs=dict(outputs), output_dir="/site/public", html={"k": "<p>"}))
    remember(cache, CacheUpdate(repaired=frozenset({"html/x.pack"})))
    assert (cache.outputs, cache.output_dir, cache.html) == (outputs, "/site/public", {"k": "<p>"})
    assert cache.repaired == {"html/x.pack"} and not cache.changed


def test_outputs_in_another_folder_change_the_cache() -> None:
    outputs = {"index.html": OutputRecord("k", 10, 1)}
    cache = _saved(BuildCache(outputs=dict(outputs), output_dir="/site/public"))
    remember(cache, CacheUpdate(outputs=dict(outputs), output_dir="/site/public"))
    assert not cache.changed
    remember(cache, CacheUpdate(outputs=dict(outputs), output_dir="/elsewhere"))
    assert cache.changed and cache.output_dir == "/elsewhere"


def test_pages_rebuilt_alone_change_only_their_own_records() -> None:
    old, other = MarkdownRecord("k1", _RENDERED), MarkdownRecord("k9", _RENDERED)
    outputs = {"a/index.html": OutputRecord("o1", 5, 1), "b/index.html": OutputRecord("o9", 5, 1)}
    cache = _saved(
        BuildCache(
            markdown={"a.md": old, "b.md": other},
            html={"k1": "<p>old", "k9": "<p>b"},
            outputs=dict(outputs),
        )
    )
    read = Page(Path("content/a.md"), "a.md", "/a/", "A", FrontMatter(), "", 1)
    page = PageRecord(UNTRUSTED, "settings", "digest", read)
    new = MarkdownRecord("k2", _RENDERED)
    remember(cache, CacheUpdate(edited={"a.md": EditedPage(page, new, "<p>new")}))
    assert cache.changed and cache.pages == {"a.md": page}
    assert cache.markdown == {"a.md": new, "b.md": other}
    assert cache.html == {"k2": "<p>new", "k9": "<p>b"}  # the old HTML let go
    _saved(cache)
    remember(cache, CacheUpdate(rewritten={"a/index.html": OutputRecord("o2", 6, 2)}))
    assert cache.changed and cache.outputs == {**outputs, "a/index.html": OutputRecord("o2", 6, 2)}
