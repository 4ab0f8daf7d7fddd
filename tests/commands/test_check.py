"""`mvsite check` on a site in three languages: an edited English page makes its Danish and
Swedish versions outdated (file, line, what changed), and `--strict` fails on that."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import Run, SiteFiles, git, with_catalogues

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

CANCER = """\
---
title: Cancer
description: Cancer research in the region.
---

Cancer research is strong here.

## Trials

An early-phase unit takes patients.
"""
SITE: SiteFiles = {
    "mvsite.yaml": "title: T\nbase_url: https://mvsite.github.io/\n"
    "languages:\n  en: English\n  da: Dansk\n  sv: Svenska\n",
    "content/_index.md": "---\ntitle: Home\ndescription: The home page.\n---\n"
    "Read about [cancer](cancer.md), [på dansk](/da/), [på svenska](/sv/).\n",
    "content/_index.da.md": "---\ntitle: Hjem\ndescription: Forsiden.\n---\n"
    "Læs om [kræft](cancer.md).\n",
    "content/_index.sv.md": "---\ntitle: Hem\ndescription: Startsidan.\n---\n"
    "Läs om [cancer](cancer.md).\n",
    "content/cancer.md": CANCER,
    "content/cancer.da.md": "---\ntitle: Kræft\ndescription: Kræftforskning i regionen.\n---\n"
    "\nKræftforskningen er stærk her.\n\n## Forsøg\n\nEn enhed for tidlige forsøg.\n",
    "content/cancer.sv.md": "---\ntitle: Cancer\ndescription: Cancerforskning i regionen.\n"
    "---\n\nCancerforskningen är stark här.\n\n## Prövningar\n\nEn enhet för tidiga"
    " prövningar.\n",
}


@pytest.fixture
def site(make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]) -> Path:
    """The site, its translations recorded, in a git repository."""
    site = with_catalogues(make_site(SITE))
    for code in ("da", "sv"):
        for page in ("_index.md", "cancer.md"):
            assert run_cli("translations", "-s", site, "--done", code, page).code == 0
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "translated")
    return site


def test_an_edited_english_page_makes_its_translations_outdated(
    site: Path, run_cli: Callable[..., Run]
) -> None:
    clean = run_cli("check", "--strict", "-s", site)
    assert clean.code == 0, clean.out
    assert clean.out.endswith(
        "\ntranslations  ok  outdated  unknown  draft  fallback  missing  orphan  theme strings\n"
        "da (Dansk)    2   0         0        0      0         0        0       0\n"
        "sv (Svenska)  2   0         0        0      0         0        0       0\n"
    )
    english = site / "content/cancer.md"
    english.write_text(CANCER.replace("takes patients.", "takes patients from the region."))
    checked = run_cli("check", "-s", site)
    assert checked.code == 0
    lines = checked.out.splitlines()
    assert lines[0].startswith(
        "warning: content/cancer.da.md:4: translation (da) is outdated: content/cancer.md"
        " changed since commit "
    )
    assert lines[0].endswith(': line 10 changed (under "Trials")')
    assert lines[1].endswith("then record it: mvsite translations --done da cancer.md")
    assert lines[3].startswith("warning: content/cancer.sv.md:4: translation (sv) is outdated")
    assert "0 errors, 2 warnings in 2 files" in checked.out
    assert "da (Dansk)    1   1" in checked.out
    assert run_cli("check", "--strict", "-s", site).code == 1
    report = json.loads(run_cli("check", "--format", "json", "-s", site).out)
    assert [i["rule"] for i in report["issues"]] == ["translation-outdated"] * 2
    assert report["translations"]["languages"]["sv"]["outdated"] == 1
    # the editor updates the Danish text and records it
    run_cli("translations", "-s", site, "--done", "da", "cancer.md")
    assert "da (Dansk)    2   0" in run_cli("check", "-s", site).out


def test_a_language_without_theme_strings(site: Path, run_cli: Callable[..., Run]) -> None:
    shutil.rmtree(site / "templates/locale/sv")
    checked = run_cli("check", "--strict", "-s", site)
    assert checked.code == 1
    assert checked.out.startswith("warning: mvsite: the theme has no catalogue for 'sv' (")
    assert "0 errors, 1 warning in 1 file" in checked.out
