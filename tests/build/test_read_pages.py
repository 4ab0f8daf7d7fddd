"""Pages are read again only when their file changed: a file's identity is kept for the next
build unless it changed moments ago, and any change to the file is seen."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from mvsite.build import read_pages
from mvsite.sources.file_identity import UNTRUSTED, identity_of

from ..conftest import SECONDS_LATER, Run, copy_site, saved_cache


def test_an_unchanged_file_is_not_read_again_and_any_change_is_seen(
    tmp_path: Path, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """(size, mtime_ns, ctime_ns, inode) is a file's identity: the cache keeps it for a file
    not changed just now, and any change sets ctime, even an edit that restores size and mtime."""
    site = tmp_path / "site"
    copy_site("basic", site)
    page = site / "content/guide/first.md"
    monkeypatch.setattr(read_pages, "time", SECONDS_LATER)  # the copy's ctimes are not recent
    assert run_cli("build", "--source", site).code == 0
    record = saved_cache(site).pages["guide/first.md"]
    assert record.identity == identity_of(page.stat()) and not record.has_body

    stat = page.stat()
    page.write_text(page.read_text().replace("An intro", "An Intro"))  # same size
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert run_cli("build", "--source", site).code == 0
    assert "An Intro" in (site / "public/guide/first/index.html").read_text()


def test_a_recent_same_size_save_is_not_trusted(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    """A file saved moments before a build may be saved again within the same timestamp tick:
    its identity is not recorded, so the next build reads it again."""
    site = tmp_path / "site"
    copy_site("basic", site)
    page = site / "content/guide/first.md"
    page.write_text(page.read_text())
    assert run_cli("build", "--source", site).code == 0
    assert saved_cache(site).pages["guide/first.md"].identity == UNTRUSTED
    stat = page.stat()
    page.write_text(page.read_text().replace("An intro", "An Intro"))
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert run_cli("build", "--source", site).code == 0
    assert "An Intro" in (site / "public/guide/first/index.html").read_text()


@pytest.mark.parametrize(
    "edit",
    [
        ("  sv: Svenska\n", ""),  # a language removed: its files' codes are now unknown
        ("  da: Dansk\n", ""),
        ("title: Languages\n", "title: Languages\nlanguage: da\n"),  # another default
    ],
)
def test_a_page_read_under_other_languages_is_read_again(
    tmp_path: Path,
    run_cli: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
    edit: tuple[str, str],
) -> None:
    """Which language a file is in, and whether its name's code is one, depends on the config's
    languages: after they change, the build with the cache says what one without it says."""
    site = tmp_path / "site"
    copy_site("languages", site)
    monkeypatch.setattr(read_pages, "time", SECONDS_LATER)
    (site / "content/research/cancer.sv.md").write_text("---\ntitle: Cancer\n---\n\nText.\n")
    assert run_cli("build", "--source", site).code == 0
    config = site / "mvsite.yaml"
    config.write_text(config.read_text().replace(*edit))
    cached = run_cli("build", "--source", site)
    uncached = run_cli("build", "--source", site, "--no-cache")
    assert (cached.code, cached.err, cached.out) == (uncached.code, uncached.err, uncached.out)
    assert cached.code == 1 and "Traceback" not in cached.err
