"""`mvsite new`: a draft page or section that builds as it stands, never over a file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from mvsite.build.pipeline import BuildOptions, build_site
from mvsite.commands.new import markdown_text, yaml_text

from ..conftest import Run, SiteFiles

FIGURES = """\
sources:
  s: {title: Survey, publisher: Office, retrieved: 2026-01-10}
figures:
  stations: {value: 12, display: "12", unit: u, label: Stations, source: s, as_of: 2026-01-10}
  visitors: {value: 3, display: "3", unit: u, label: Visitors, source: s, as_of: 2026-01-10}
"""
FACTS_TEMPLATE = """\
{% extends "page.html" %}
{% block main %}{% for f in figures.items.values() %}<p id="fig-{{ f.key }}">{{ f.label }}</p>\
{% endfor %}{% endblock %}
"""
SITE: SiteFiles = {
    "mvsite.yaml": "title: Field notes\nbase_url: https://mvsite.github.io/\nfacts_page: facts.md\n",
    "content/_index.md": "---\ntitle: Home\ndescription: D.\n---\nHello.\n",
    "content/facts.md": "---\ntitle: Facts\ndescription: D.\ntemplate: facts.html\n---\n",
    "content/research/_index.md": "---\ntitle: Research areas\ndescription: D.\n---\n",
    "content/research/cancer.md": "---\ntitle: Cancer\ndescription: D.\n---\n"
    "[[fig:stations]] and [[fig:visitors]].\n",
    "content/_data/figures.yaml": FIGURES,
    "templates/facts.html": FACTS_TEMPLATE,
}

METABOLISM = """\
---
title: "Metabolism"
description: ""  # one sentence: search results and link previews show it
date: 2026-11-22
draft: true  # remove this line to publish
---

Start with a sentence or two that say what this page is about.

## A heading for the first part

Each part starts with `##`, a part within it with `###`; the title above is the
page's only top heading.

Link to another page by its file, in words that say where the link goes:
[Research areas](_index.md).

Cite a figure by its key in content/_data/figures.yaml; the page shows its value,
linked to where it comes from: [[fig:stations]].
"""


CREATED = ", a draft: mvsite serve shows it (and build --drafts)\n"


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795305600")  # 2026-11-22
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture
def site(make_site: Callable[[SiteFiles], Path]) -> Path:
    return make_site(SITE)


def test_new_page(site: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli("new", "research/metabolism", "Metabolism", "--source", site)
    assert result == Run(0, f"Created content/research/metabolism.md{CREATED}", "")
    assert (site / "content/research/metabolism.md").read_text() == METABOLISM


def test_the_new_page_builds_with_drafts_and_passes_check(
    site: Path, run_cli: Callable[..., Run]
) -> None:
    assert run_cli("new", "research/metabolism", "--source", site).code == 0
    built = run_cli("build", "--drafts", "--source", site)
    assert built.code == 0, built.err
    html = (site / "public/research/metabolism/index.html").read_text()
    assert '<a href="/research/">Research areas</a>' in html
    assert '<a class="fig" href="/facts/#fig-stations"' in html
    assert "<h1>Metabolism</h1>" in html
    assert run_cli("build", "--source", site).code == 0
    assert not (site / "public/research/metabolism").exists()
    checked = run_cli("check", "--drafts", "--source", site)
    assert checked.out.splitlines()[:2] == [
        "warning: content/research/metabolism.md:3: page has no description (search engines"
        " and link previews show it)",
        "  hint: add 'description: ...' (one sentence) to the front matter",
    ]
    assert checked.out.endswith("\n0 errors, 1 warning in 1 file (6 pages checked)\n")


def test_it_never_overwrites(site: Path, run_cli: Callable[..., Run]) -> None:
    page = site / "content/research/cancer.md"
    before = page.read_bytes()
    result = run_cli("new", "research/cancer.md", "Cancer again", "--source", site)
    assert result == Run(
        1,
        "",
        "error: content/research/cancer.md: already exists; nothing was written\n"
        "  hint: choose another name, or edit that file\n",
    )
    assert page.read_bytes() == before


def test_an_unknown_section_lists_the_sections(site: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli("new", "reserch/metabolism", "Metabolism", "--source", site)
    assert result == Run(
        1,
        "",
        "error: mvsite: there is no section 'reserch' for reserch/metabolism\n"
        "  hint: sections: (top level), research; to make one: mvsite new section reserch\n",
    )
    assert not (site / "content/reserch").exists()


def test_new_section(site: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli("new", "section", "research/rare", "Rare diseases", "--source", site)
    assert result.out == f"Created content/research/rare/_index.md{CREATED}"
    text = (site / "content/research/rare/_index.md").read_text()
    assert text.startswith('---\ntitle: "Rare diseases"\n')
    assert "[Research areas](../_index.md)" in text
    assert run_cli("build", "--drafts", "--source", site).code == 0
    assert (site / "public/research/rare/index.html").is_file()
    # ... and a page inside it
    assert run_cli("new", "research/rare/fabry", "--source", site).code == 0
    assert "[Rare diseases](_index.md)" in (site / "content/research/rare/fabry.md").read_text()
    assert run_cli("build", "--drafts", "--source", site).code == 0


def test_a_section_needs_its_parent(site: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli("new", "section", "clinics/north", "--source", site)
    assert result.code == 1
    assert "there is no section 'clinics' for clinics/north" in result.err


@pytest.mark.parametrize(
    ("args", "clash"),
    [
        (("new", "research"), "content/research already exists and would get the same URL"),
        (("new", "section", "research/cancer"), "content/research/cancer.md already exists"),
        (("new", "section", "research"), "content/research/_index.md: already exists"),
    ],
)
def test_a_page_and_a_section_cannot_share_a_url(
    site: Path, run_cli: Callable[..., Run], args: tuple[str, ...], clash: str
) -> None:
    result = run_cli(*args, "--source", site)
    assert result.code == 1
    assert clash in result.err


@pytest.mark.parametrize(
    "path", ["../x", "research/../../x", "/etc/x", "a//b", "_data/x", "research/.x", "a\\b", " "]
)
def test_unsafe_paths_are_refused(site: Path, run_cli: Callable[..., Run], path: str) -> None:
    result = run_cli("new", path, "X", "--source", site)
    assert result.code == 1
    assert "is not a path for a new page inside content/" in result.err
    assert sorted(p.name for p in (site / "content").rglob("*")) == [
        "_data", "_index.md", "_index.md", "cancer.md", "facts.md", "figures.yaml", "research",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "title",
    ["NO", "1.10", 'Say: "hi"', "12:30", "- a list?", "# not a comment", "[x]", "null", "~",
     "Skåne & Øresund", "back\\slash", "{a: b}", "'quoted'", "@at", "`tick`", "a #hash"],
)  # fmt: skip
def test_yaml_hostile_titles_stay_text(site: Path, run_cli: Callable[..., Run], title: str) -> None:
    assert run_cli("new", "research/x", title, "--source", site).code == 0
    pages = {p.rel: p for p in build_site(BuildOptions(site, drafts=True)).pages}
    assert pages["research/x.md"].title == title


def test_a_title_is_one_line(site: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli("new", "research/x", "Two\nlines", "--source", site)
    assert result.code == 1
    assert "is not one line of text" in result.err


def test_without_figures_the_page_shows_the_syntax_and_builds(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({"content/_index.md": "# Home\n"})
    assert run_cli("new", "about", "About us", "--source", site).code == 0
    text = (site / "content/about.md").read_text()
    assert "cite one by its key: `[[fig:key]]`." in text
    assert "[Home](_index.md)" in text
    assert run_cli("build", "--drafts", "--source", site).code == 0


def test_a_section_title_with_markdown_punctuation(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({"content/a/_index.md": "---\ntitle: '[Draft] *A* _b_'\n---\n"})
    assert run_cli("new", "a/b", "--source", site).code == 0
    assert run_cli("build", "--drafts", "--source", site).code == 0
    html = (site / "public/a/b/index.html").read_text()
    assert '<a href="/a/">[Draft] *A* _b_</a>' in html


def test_usage(run_cli: Callable[..., Run], site: Path) -> None:
    result = run_cli("new", "a", "b", "c", "--source", site)
    assert result.code == 2
    assert "expected [section] PATH [TITLE]" in result.err


def test_yaml_text_and_markdown_text() -> None:
    for text in ("NO", "1.10", 'Say: "hi"', "tab\there", "é", "\\"):
        assert yaml.safe_load(f"title: {yaml_text(text)}") == {"title": text}
    assert markdown_text("[a]*b*") == "\\[a\\]\\*b\\*"


LANGUAGES = "languages:\n  en: English\n  da: Dansk\n  sv: Svenska\n"


def test_new_translation_starts_from_the_original(site: Path, run_cli: Callable[..., Run]) -> None:
    (site / "mvsite.yaml").write_text((site / "mvsite.yaml").read_text() + LANGUAGES)
    result = run_cli("new", "--translate", "da", "research/cancer.md", "--source", site)
    assert result == Run(
        0,
        "Created content/research/cancer.da.md, a draft with its original's text to translate:"
        " mvsite serve shows it (and build --drafts)\n",
        "",
    )
    text = (site / "content/research/cancer.da.md").read_text()
    original = (site / "content/research/cancer.md").read_text()
    recorded = yaml.safe_load(text.split("---")[1])
    assert text == original.replace(
        "---\n[[fig",
        f'translation_of: "{recorded["translation_of"]}"\n'
        "draft: true  # remove this line to publish\n---\n[[fig",
    )
    table = run_cli("translations", "--source", site).out
    assert "research/cancer.md  draft     fallback" in table
    # a second time: refused, the file kept
    again = run_cli("new", "--translate", "da", "research/cancer", "--source", site)
    assert again == Run(
        1,
        "",
        "error: content/research/cancer.da.md: already exists; nothing was written\n"
        "  hint: edit that file; once it says what its original says, run: "
        "mvsite translations --done da research/cancer.md\n",
    )
    assert (site / "content/research/cancer.da.md").read_text() == text


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("fi", "research/cancer.md"), "'fi' is not one of the site's languages"),
        (("en", "research/cancer.md"), "'en' is the site's default language"),
        (("da", "research/metabolism.md"), "there is no page content/research/metabolism.md"),
    ],
)
def test_new_translation_refuses(
    site: Path, run_cli: Callable[..., Run], args: tuple[str, str], error: str
) -> None:
    (site / "mvsite.yaml").write_text((site / "mvsite.yaml").read_text() + LANGUAGES)
    result = run_cli("new", "--translate", *args, "--source", site)
    assert result.code == 1
    assert result.err.startswith(f"error: mvsite: {error}")
    assert len(result.err.splitlines()) == 2  # the error and its hint
    assert sorted(p.name for p in (site / "content/research").iterdir()) == [
        "_index.md",
        "cancer.md",
    ]


def test_new_translation_takes_one_page(site: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli("new", "--translate", "da", "a", "b", "--source", site)
    assert result == Run(2, "", "mvsite new --translate: expected LANG and one PAGE\n")
