"""The real-world corpus (benchmarks/realworld.py): MkDocs projects from PyPI sdists.

It fetches packages and installs MkDocs in a throwaway venv, so it runs only when asked:
MVSITE_REALWORLD=1 pytest tests/test_realworld.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks import realworld


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("MVSITE_REALWORLD"),
    reason="slow, fetches sdists from the package registry: set MVSITE_REALWORLD=1",
)
def test_real_mkdocs_projects_build_or_fail_with_a_located_error(tmp_path: Path) -> None:
    """Each that `mkdocs build` builds, mvsite builds (a page for every page MkDocs makes,
    every internal link resolving); the others stop at a located error, no traceback."""
    assert realworld.main(["--out", str(tmp_path / "table.md")]) == 0
    table = (tmp_path / "table.md").read_text()
    assert table.count("| built |") >= 3 * 2  # mvsite's and MkDocs' columns
    assert "Traceback" not in table


def test_the_link_checker_of_the_corpus_finds_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/">a</a> <a href="/b/">b</a>')
    (tmp_path / "a" / "index.html").write_text('<img src="../x.png"> <a href="#top">t</a>')
    assert realworld.broken_links(tmp_path, "/") == [
        "a/index.html -> ../x.png",
        "index.html -> /b/",
    ]
    # A template the docs folder holds is published as it is: its links are not the build's.
    assert realworld.broken_links(tmp_path, "/", frozenset({"a/index.html"})) == [
        "index.html -> /b/"
    ]
