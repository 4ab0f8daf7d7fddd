"""Shared by the serve tests: a small site with a file outside what is published, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from mvsite.build.pipeline import BuildOptions
from mvsite.serve.preview_build import Preview

from ..conftest import write_tree
from ..serving import SITE

SECRET = "SENTINEL-NEVER-SERVED"
FILES = {
    **SITE,
    "secret.txt": SECRET,
    "content/files/doc.txt": "a document\n",
    "static/fonts/x.txt": "x",
}


@pytest.fixture
def preview(tmp_path: Path) -> Preview:
    site = write_tree(tmp_path / "site", FILES)
    built = Preview(BuildOptions(site, tmp_path / "out", drafts=True, hash_assets=False))
    assert built.rebuild().error is None
    return built


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
