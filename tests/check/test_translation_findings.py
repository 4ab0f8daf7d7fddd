"""mvsite.check.translation_findings: outdated translations with what changed (found in
git), translations that record nothing, and translations of pages that are gone."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from mvsite.check.translation_findings import check_translations, earlier_version
from mvsite.findings import format_finding
from mvsite.sources.config import load_config

from ..conftest import Run, SiteFiles, git, with_catalogues

CANCER = """\
---
title: Cancer
description: Cancer research.
---

Cancer is studied widely.

## Trials

An early-phase unit.
"""
SITE: SiteFiles = {
    "mvsite.yaml": "title: T\nlanguages:\n  en: English\n  da: Dansk\n  sv: Svenska\n",
    "content/cancer.md": CANCER,
    "content/cancer.da.md": "---\ntitle: Kræft\n---\nKræft.\n",
    "content/cancer.sv.md": "---\ntitle: Cancer\n---\nCancer.\n",
}
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def recorded_site(make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]) -> Path:
    site = with_catalogues(make_site(SITE))
    for code in ("da", "sv"):
        assert run_cli("translations", "-s", site, "--done", code, "cancer.md").code == 0
    return site


def printed(site: Path) -> list[str]:
    return [format_finding(f) for f in check_translations(load_config(site)).findings]


@needs_git
def test_an_edited_original_makes_its_translations_outdated(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = recorded_site(make_site, run_cli)
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "translated")
    assert printed(site) == []
    (site / "content/cancer.md").write_text(CANCER.replace("unit.", "unit in Copenhagen."))
    found = printed(site)
    assert len(found) == 2
    assert found[0].startswith(
        "warning: content/cancer.da.md:3: translation (da) is outdated: content/cancer.md changed"
        " since commit "
    )
    assert found[0].endswith(
        ': line 10 changed (under "Trials")\n  hint: see git diff '
        + found[0].split("commit ")[1][:10]
        + " -- content/cancer.md; update this translation, then record it:"
        " mvsite translations --done da cancer.md"
    )
    assert found[1].startswith("warning: content/cancer.sv.md:3: translation (sv) is outdated")
    # committed, the recorded version is found further back
    git(site, "commit", "-qam", "edited")
    assert printed(site) == found


def test_outside_git_the_change_is_not_shown(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = recorded_site(make_site, run_cli)
    (site / "content/cancer.md").write_text(CANCER.replace("## Trials", "## Studies"))
    assert printed(site)[0] == (
        "warning: content/cancer.da.md:3: translation (da) is outdated: content/cancer.md"
        " changed since; its earlier text is not in git\n"
        "  hint: update this translation, then record it: mvsite translations --done da cancer.md"
    )
    assert earlier_version(site / "content/cancer.md", Path("content/cancer.md"), "x") is None


def test_unrecorded_and_orphaned_translations(make_site: Callable[[SiteFiles], Path]) -> None:
    site = with_catalogues(make_site({**SITE, "content/gone.sv.md": "Borta.\n"}))
    assert printed(site) == [
        "warning: content/cancer.da.md:1: translation (da) records no version of its original"
        " content/cancer.md\n"
        "  hint: if it says what the original says now, record that:"
        " mvsite translations --done da cancer.md",
        "warning: content/cancer.sv.md:1: translation (sv) records no version of its original"
        " content/cancer.md\n"
        "  hint: if it says what the original says now, record that:"
        " mvsite translations --done sv cancer.md",
        "warning: content/gone.sv.md: translation (sv) of content/gone.md, which does not exist\n"
        "  hint: rename it after its original, or delete it",
    ]


def test_a_broken_source_is_one_finding_and_the_others_are_counted(
    make_site: Callable[[SiteFiles], Path],
) -> None:
    site = make_site({**SITE, "content/cancer.da.md": "---\ntitle: [\n---\n"})
    found = check_translations(load_config(site))
    broken = Path("content/cancer.da.md")
    assert [f.path for f in found.findings].count(broken) == 1
    assert found.statuses
    assert all(status.rel != "cancer.da.md" for status in found.statuses)


def test_a_site_of_one_language_is_not_read(make_site: Callable[[SiteFiles], Path]) -> None:
    site = make_site({"content/a.md": "A.\n", "content/a.da.md": "---\ntitle: [\n---\n"})
    assert check_translations(load_config(site)).findings == ()
