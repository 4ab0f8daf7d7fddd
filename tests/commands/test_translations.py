"""`mvsite translations`: the status table, its JSON, and --done recording a translation."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import Run, SiteFiles

CANCER = """\
---
title: Cancer
description: Cancer research.
weight: 1
---

Trials in Copenhagen.
"""
KRAEFT = """\
---
title: Kræft
description: Kræftforskning.
weight: 1
slug: kraeft
---

Forsøg i København.
"""
SITE: SiteFiles = {
    "mvsite.yaml": "title: T\nlanguages:\n  en: English\n  da: Dansk\n  sv: Svenska\n",
    "content/_index.md": "---\ntitle: Home\n---\nHello.\n",
    "content/research/cancer.md": CANCER,
    "content/research/cancer.da.md": KRAEFT,
}


ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def site(make_site: Callable[[SiteFiles], Path]) -> Path:
    """The site, with the bundled site's theme catalogues (they translate every string)."""
    site = make_site(SITE)
    shutil.copytree(ROOT / "templates/locale", site / "templates/locale")
    return site


def test_the_table(site: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli("translations", "-s", site)
    assert result == Run(
        0,
        "page                da        sv\n"
        "_index.md           fallback  fallback\n"
        "research/cancer.md  unknown   fallback\n"
        "\n"
        "translations  ok  outdated  unknown  draft  fallback  missing  orphan  theme strings\n"
        "da (Dansk)    0   0         1        0      1         0        0       0\n"
        "sv (Svenska)  0   0         0        0      2         0        0       0\n",
        "",
    )


def test_done_records_the_original_and_keeps_every_other_byte(
    site: Path, run_cli: Callable[..., Run]
) -> None:
    page = site / "content/research/cancer.da.md"
    page.write_bytes(b"\xef\xbb\xbf" + KRAEFT.replace("\n", "\r\n").encode())
    result = run_cli("translations", "-s", site, "--done", "da", "content/research/cancer.md")
    assert result.out == (
        "Recorded: content/research/cancer.da.md says what content/research/cancer.md says now\n"
    )
    text = page.read_bytes().decode()
    assert text.startswith("\ufeff---\r\ntitle: Kræft\r\n")
    digest = json.loads(run_cli("translations", "-s", site, "--json").out)["pages"][2]["current"]
    assert f'slug: kraeft\r\ntranslation_of: "{digest}"\r\n---\r\n' in text
    assert run_cli("translations", "-s", site).out.splitlines()[2] == (
        "research/cancer.md  ok        fallback"
    )
    again = run_cli("translations", "-s", site, "--done", "da", "research/cancer")
    assert again.out == (
        "content/research/cancer.da.md already records the version of "
        "content/research/cancer.md it has now\n"
    )
    # the English text changes: outdated until recorded again
    original = site / "content/research/cancer.md"
    original.write_text(CANCER.replace("Copenhagen", "Copenhagen and Lund"))
    assert "outdated" in run_cli("translations", "-s", site).out.splitlines()[2]
    run_cli("translations", "-s", site, "--done", "da", "research/cancer.da.md")
    assert page.read_bytes().decode().count("translation_of:") == 1
    assert "ok" in run_cli("translations", "-s", site).out.splitlines()[2]


@pytest.mark.parametrize(
    ("given", "recorded"),
    [
        ("content", "content/_index.da.md"),
        (".", "content/_index.da.md"),
        ("content/research/", "content/research/_index.da.md"),
        ("research", "content/research/_index.da.md"),
    ],
)
def test_a_section_by_its_folder(
    site: Path, run_cli: Callable[..., Run], given: str, recorded: str
) -> None:
    (site / "content/research/_index.md").write_text("Research.\n")
    (site / "content/research/_index.da.md").write_text("Forskning.\n")
    (site / "content/_index.da.md").write_text("Hej.\n")
    result = run_cli("translations", "-s", site, "--done", "da", given)
    assert result.out.startswith(f"Recorded: {recorded} says what ")


def test_the_json(site: Path, run_cli: Callable[..., Run]) -> None:
    report = json.loads(run_cli("translations", "-s", site, "--json").out)
    assert report["languages"]["da"]["unknown"] == 1
    assert report["languages"]["sv"]["fallback"] == 2
    assert report["pages"][1] == {
        "page": "_index.md",
        "language": "sv",
        "state": "fallback",
        "file": "content/_index.sv.md",
        "line": None,
        "recorded": None,
        "current": report["pages"][1]["current"],
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("de", "research/cancer.md"),
            "error: mvsite: 'de' is not one of the site's languages (en, da, sv)\n"
            "  hint: add de under languages: in the site's config, or name one of da, sv\n",
        ),
        (
            ("en", "research/cancer.md"),
            "error: mvsite: 'en' is the site's default language: its pages are the originals\n"
            "  hint: name one of the site's other languages (da, sv)\n",
        ),
        (
            ("da", "research/diabetes.md"),
            "error: mvsite: there is no page content/research/diabetes.md\n"
            "  hint: name a page by its file in the content folder, e.g. research/cancer.md\n",
        ),
        (
            ("sv", "research/cancer.md"),
            "error: content/research/cancer.sv.md: there is no such translation\n"
            "  hint: make it first: mvsite new --translate sv research/cancer.md\n",
        ),
        (
            ("da", "../README.md"),
            "error: mvsite: ../README.md is outside the content folder\n"
            "  hint: name a page in the content folder\n",
        ),
        (
            ("sv", "research/cancer.da.md"),
            "error: mvsite: research/cancer.da.md is the da version of research/cancer.md, "
            "not the sv one\n  hint: name the original: research/cancer.md\n",
        ),
    ],
)
def test_done_refuses(
    site: Path, run_cli: Callable[..., Run], args: tuple[str, str], message: str
) -> None:
    result = run_cli("translations", "-s", site, "--done", *args)
    assert result == Run(1, "", message)


def test_theme_strings_a_language_lacks(site: Path, run_cli: Callable[..., Run]) -> None:
    shutil.rmtree(site / "templates/locale/sv")
    counts = run_cli("translations", "-s", site).out.splitlines()[-1]
    assert counts.startswith("sv (Svenska)  0   0         0        0      2")
    assert int(counts.split()[-1]) > 10


def test_a_site_of_one_language(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({"content/a.md": "A.\n"})
    result = run_cli("translations", "-s", site)
    assert result == Run(0, "The site has one language (en): nothing is translated.\n", "")
    refused = run_cli("translations", "-s", site, "--done", "da", "a.md")
    assert refused == Run(
        1,
        "",
        "error: mvsite: 'da' is not one of the site's languages (en)\n"
        "  hint: add da under languages: in the site's config\n",
    )
