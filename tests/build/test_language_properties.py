"""Property-based, for a site in three languages: after any sequence of edits to originals
and translations (text, titles, slugs, translations added and removed), a normal build says
and writes exactly what a build without the cache does. Copies of pages not translated, and
the language switcher of every version, must follow each change."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ..conftest import SITES, copy_site
from .test_build_record_properties import SETTINGS, _build, _published

pytestmark = pytest.mark.slow

FILES = (
    "content/_index.md",
    "content/_index.da.md",
    "content/research/_index.da.md",
    "content/research/cancer.md",
    "content/research/cancer.da.md",
    "content/research/diabetes.md",
    "content/research/diabetes.sv.md",  # not in the fixture: written by "translate"
)


def _apply(site: Path, step: tuple[str, int], count: int) -> None:
    action, index = step
    rel = FILES[index]
    path = site / rel
    if action == "edit" and path.is_file():
        path.write_text(path.read_text() + f"\nMore text {count}.\n")
    elif action == "retitle" and path.is_file():
        text = path.read_text()
        path.write_text(re.sub(r"^title: .*$", f"title: Page {count}", text, count=1, flags=re.M))
    elif action == "reslug" and path.is_file() and ".da." in rel:
        text = re.sub(r"^slug: .*\n", "", path.read_text(), flags=re.M)
        path.write_text(text.replace("---\n", f"---\nslug: s{count}\n", 1))
    elif action == "translate":
        path.write_text(f"---\ntitle: Sida {count}\ndescription: D.\n---\nText {count}.\n")
    elif action == "delete" and path.exists() and rel != "content/_index.md":
        path.unlink()
    elif action == "fix":
        original = SITES / "languages" / rel
        if original.exists():
            shutil.copyfile(original, path)
        else:
            path.unlink(missing_ok=True)


steps = st.lists(
    st.tuples(
        st.sampled_from(["edit", "retitle", "reslug", "translate", "delete", "fix", "nothing"]),
        st.integers(0, len(FILES) - 1),
    ),
    min_size=1,
    max_size=6,
)


@SETTINGS
@given(changes=steps)
def test_a_normal_build_of_a_site_in_three_languages_writes_what_a_fresh_one_does(
    changes: list[tuple[str, int]],
) -> None:
    root = Path(tempfile.mkdtemp())
    normal, full = root / "normal", root / "full"
    try:
        for site in (normal, full):
            copy_site("languages", site)
        assert _build(normal) == _build(full, "--no-cache")
        for count, step in enumerate(changes):
            for site in (normal, full):
                _apply(site, step, count)
            after = _build(normal)
            assert after == _build(full, "--no-cache"), (step, after)
            assert _published(normal) == _published(full), step
    finally:
        shutil.rmtree(root, ignore_errors=True)
