"""The rules of change page by page: reuse unread, reuse parsed, and a body-only edit."""

from __future__ import annotations

from pathlib import Path

from mvsite.build.cache import PageRecord
from mvsite.build.changes import is_body_edit, is_unchanged, page_record
from mvsite.sources.config import Config
from mvsite.sources.file_identity import RACY_NS, UNTRUSTED
from mvsite.sources.pages import Page, parse_page

CONFIG = Config(root=Path("/site"))
NOW = 100 * RACY_NS
OLD = (10, NOW - 5 * RACY_NS, NOW - 5 * RACY_NS, 42)  # size, mtime_ns, ctime_ns, inode


def _page(text: str) -> Page:
    return parse_page(text, "guide/a.md", Path("content/guide/a.md"), CONFIG)


def _record(text: str, identity: tuple[int, int, int, int] = OLD) -> PageRecord:
    return page_record(None, identity, "settings", text, NOW, lambda: _page(text))


def test_a_page_is_unchanged_only_with_the_same_identity_and_settings() -> None:
    record = _record("---\ntitle: A\n---\nText.\n")
    assert is_unchanged(record, OLD, "settings")
    assert not is_unchanged(record, (11, *OLD[1:]), "settings")  # written again
    assert not is_unchanged(record, (*OLD[:3], 43), "settings")  # saved by rename
    assert not is_unchanged(record, OLD, "other settings")  # the config changed


def test_a_file_read_again_with_the_same_text_keeps_its_parsed_page() -> None:
    text = "---\ntitle: A\n---\nText.\n"
    cached = _record(text)
    touched = (10, NOW - 3 * RACY_NS, NOW - 3 * RACY_NS, 42)

    def refuse() -> Page:
        raise AssertionError("parsed again")

    again = page_record(cached, touched, "settings", text, NOW, refuse)
    assert again.page is cached.page and again.identity == touched
    edited = page_record(cached, touched, "settings", text + "More.\n", NOW, lambda: _page(text))
    assert edited.digest != cached.digest


def test_a_file_changed_moments_ago_is_read_again_next_time() -> None:
    recent = (10, NOW - 1, NOW - 1, 42)
    assert _record("Text.\n", recent).identity == UNTRUSTED


def test_a_body_edit_leaves_everything_else_as_it_was() -> None:
    old = _page("---\ntitle: A\n---\nText.\n")
    assert is_body_edit(old, _page("---\ntitle: A\n---\nOther text,\n\nlonger.\n"))
    assert is_body_edit(old, _page("---\ntitle: A\n\n---\nText.\n"))  # body_line moved
    assert not is_body_edit(old, _page("---\ntitle: B\n---\nText.\n"))
    assert not is_body_edit(old, _page("---\ntitle: A\nweight: 2\n---\nText.\n"))
