"""Figures in a site of three languages (tests/sites/languages with figures), built: each
language's pages cite them in its words and number format, linked to its own facts page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run, copy_site, write_tree

FIGURES = """\
sources:
  survey: {title: Regional survey, publisher: Region Office, retrieved: 2026-11-21}
areas:
  north: {title: North}
figures:
  people:
    value: 4000000
    display: 4+ million
    unit: people
    label: Inhabitants
    area: north
    source: survey
    as_of: 2026-11-21
  share:
    value: 23
    display: 23%
    unit: percent
    label: Share of investment
    source: survey
    as_of: 2026-11-21
  staff:
    value: 10000
    display: tens of thousands
    unit: people
    label: Employees
    source: survey
    as_of: 2026-11-21
"""
DANISH_FIGURES = """\
areas:
  north: {title: Nord}
figures:
  people: {label: Indbyggere}
  staff: {display: titusinder}
"""
CATALOGUE = """\
msgid ""
msgstr ""
"Language: da\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Sources"
msgstr "Kilder"

msgid "Source %(number)s"
msgstr "Kilde %(number)s"

msgid "retrieved %(date)s"
msgstr "hentet %(date)s"
"""
FILES = {
    "templates/locale/da/LC_MESSAGES/messages.po": CATALOGUE,
    "mvsite.yaml": "title: Languages\nfacts_page: facts.md\n"
    "languages:\n  en: English\n  da: Dansk\n  sv: Svenska\n",
    "content/_data/figures.yaml": FIGURES,
    "content/_data/figures.da.yaml": DANISH_FIGURES,
    "content/facts.md": "---\ntitle: Facts\ndescription: Facts.\n---\nAll of them.\n",
    "content/facts.da.md": "---\ntitle: Fakta\ndescription: Fakta.\nslug: fakta\n---\nAlle.\n",
    "content/research/diabetes.da.md": "---\ntitle: Diabetes\ndescription: Diabetes.\n---\n## Behandling {#treatment}\n\n"
    "Regionen har [[fig:people]] indbyggere, [[fig:share]] og [[fig:staff]] ansatte.\n",
    "content/research/diabetes.md": "---\ntitle: Diabetes\ndescription: Diabetes.\n---\n"
    "## Treatment\n\nThe region has [[fig:people]] inhabitants, [[fig:share]].\n",
}


def _build(tmp_path: Path, run_cli: Callable[..., Run]) -> Path:
    site = write_tree(copy_site("languages", tmp_path / "site"), FILES)
    result = run_cli("build", "--source", str(site), "--output", str(site / "public"))
    assert result.code == 0, result.err
    return site / "public"


def test_pages_cite_figures_in_their_language(tmp_path: Path, run_cli: Callable[..., Run]) -> None:
    built = _build(tmp_path, run_cli)
    danish = (built / "da/forskning/diabetes/index.html").read_text()
    assert '<a class="fig" href="/da/fakta/#fig-people">4+ millioner</a>' in danish
    assert '<a class="fig" href="/da/fakta/#fig-share">23&nbsp;%</a>' in danish
    assert '<a class="fig" href="/da/fakta/#fig-staff">titusinder</a>' in danish
    assert '<a aria-label="Kilde 1" href="#source-survey">1</a>' in danish
    assert '<h2 id="page-sources">Kilder</h2>' in danish
    assert "Region Office, <cite>Regional survey</cite>, hentet 21. november 2026." in danish
    english = (built / "research/diabetes/index.html").read_text()
    assert '<a class="fig" href="/facts/#fig-people">4+ million</a>' in english
    assert '<h2 id="page-sources">Sources</h2>' in english
    assert "Region Office, <cite>Regional survey</cite>, retrieved 21 November 2026." in english
    # Swedish has no facts page of its own: its copy of the English one, in Swedish's part
    swedish = (built / "sv/research/diabetes/index.html").read_text()
    assert '<a class="fig" href="/sv/facts/#fig-people">4+ miljoner</a>' in swedish


def test_the_facts_page_lists_the_figures_in_its_language(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    built = _build(tmp_path, run_cli)
    danish = (built / "da/fakta/index.html").read_text()
    assert "Indbyggere" in danish and "4+ millioner" in danish and "titusinder" in danish
    assert "Inhabitants" not in danish
    swedish = (built / "sv/facts/index.html").read_text()
    assert "Inhabitants" in swedish and "4+ miljoner" in swedish and "tens of thousands" in swedish
    english = (built / "facts/index.html").read_text()
    assert "Inhabitants" in english and "4+ million" in english


def test_each_languages_404_page_names_the_research_areas_in_it(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    site = write_tree(copy_site("languages", tmp_path / "site"), FILES)
    page_404 = '{% extends "base.html" %}{% block main %}{% for a in figures.areas.values() %}<p>{{ a.title }}</p>{% endfor %}{% endblock %}\n'
    write_tree(site, {"templates/404.html": page_404})
    result = run_cli("build", "--source", str(site), "--output", str(site / "public"))
    assert result.code == 0, result.err
    assert "<p>Nord</p>" in (site / "public/da/404.html").read_text()
    assert "<p>North</p>" in (site / "public/404.html").read_text()
