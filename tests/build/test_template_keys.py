"""Template keys: a page's output depends on its template and the ones that uses, not on all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mvsite.build import page_worker
from mvsite.build.template_keys import template_keys, used_templates
from mvsite.render.templates import make_environment
from mvsite.render.theme_files import THEME_DIR
from mvsite.sources.config import load_config

from ..conftest import Run, copy_site, tree_bytes


@pytest.mark.parametrize(
    ("source", "used"),
    [
        ('{% extends "base.html" %}', {"base.html"}),
        ("{%- include 'toc.html' -%}", {"toc.html"}),
        ('{%+ include "a.html" ignore missing with context %}', {"a.html"}),
        ('{% import "macros.html" as m with context %}', {"macros.html"}),
        ('{% from "forms.html" import field, label as l %}', {"forms.html"}),
        (
            '{% if x %}{% include "a.html" %}{% else %}{% include "b.html" %}{% endif %}',
            {"a.html", "b.html"},
        ),
        ("<p>{{ include }} {% set extends = 1 %}</p>", set()),
        ("{% include_other %}{% fromage %}", set()),
    ],
)
def test_the_templates_a_template_names_are_found(source: str, used: set[str]) -> None:
    assert used_templates(source) == used


@pytest.mark.parametrize(
    "source",
    [
        "{% extends layout %}",
        '{% include ["a.html", "b.html"] %}',
        '{% include "a.html" if wide else "b.html" %}',
        '{% import "x" ~ name as m %}',
        "{% from page.macros import m %}",
    ],
)
def test_a_template_named_by_an_expression_could_be_any(source: str) -> None:
    assert used_templates(source) is None


def _keys(site: Path) -> dict[str, str]:
    config = load_config(site)
    return dict(template_keys(make_environment(config, {}, {}), config, {}).keys)


def _changed_keys(site: Path, rel: str, text: str) -> set[str]:
    before = _keys(site)
    (site / rel).write_text(text)
    after = _keys(site)
    return {name for name in after if before.get(name) != after[name]}


def test_a_template_key_follows_the_templates_it_reaches(tmp_path: Path) -> None:
    site = copy_site("basic", tmp_path / "site")
    changed = _changed_keys(site, "templates/special.html", '{% extends "page.html" %}\n')
    assert changed == {"special.html"}
    # page.html extends base.html, as do the theme's other page templates
    changed = _changed_keys(site, "templates/base.html", "{% block main %}{% endblock %}\n")
    assert {"page.html", "section.html", "home.html", "special.html"} <= changed
    assert "toc.html" not in changed


def test_a_template_that_may_name_any_depends_on_all(tmp_path: Path) -> None:
    site = copy_site("basic", tmp_path / "site")
    (site / "templates/special.html").write_text("{% include page.extra.part %}\n")
    changed = _changed_keys(site, "templates/toc.html", "<nav></nav>\n")
    assert {"special.html", "toc.html"} <= changed
    assert "404.html" not in changed


def test_the_language_catalogues_are_in_every_key(tmp_path: Path) -> None:
    site = copy_site("basic", tmp_path / "site")
    catalogue = site / "templates/locale/da/LC_MESSAGES/messages.po"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text('msgid "Search"\nmsgstr "Søg"\n')
    before = _keys(site)
    catalogue.write_text('msgid "Search"\nmsgstr "Find"\n')
    after = _keys(site)
    assert all(before[name] != after[name] for name in after)


def test_a_template_edit_renders_again_only_the_pages_that_use_it(
    tmp_path: Path, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    site, cold = copy_site("basic", tmp_path / "site"), tmp_path / "cold"
    assert run_cli("build", "--source", site).code == 0
    special = site / "templates/special.html"
    special.write_text(special.read_text().replace("members:", "people:"))
    rendered = []

    def render_template(env: Any, name: str, context: Any, *args: Any) -> str:
        rendered.append(context["page"].source)
        return real(env, name, context, *args)

    real = page_worker.render_template
    monkeypatch.setattr(page_worker, "render_template", render_template)
    assert run_cli("build", "--source", site, "--jobs", "1").code == 0
    assert rendered == ["about.md"]
    assert run_cli("build", "--source", site, "--output", cold, "--no-cache").code == 0
    assert tree_bytes(site / "public") == tree_bytes(cold)
    assert "people:" in (cold / "about/index.html").read_text()


def test_an_edit_of_a_template_every_page_extends_renders_every_page(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    site, cold = copy_site("basic", tmp_path / "site"), tmp_path / "cold"
    assert run_cli("build", "--source", site).code == 0
    base = (THEME_DIR / "templates/base.html").read_text()
    (site / "templates/base.html").write_text(base.replace("<body", "<body data-edited", 1))
    result = run_cli("build", "--source", site)
    assert result.code == 0
    assert run_cli("build", "--source", site, "--output", cold, "--no-cache").code == 0
    assert tree_bytes(site / "public") == tree_bytes(cold)
    edited = [p for p in cold.rglob("*.html") if "data-edited" in p.read_text()]
    assert len(edited) == 9  # every page (the redirects have a page of their own)


def test_a_section_that_names_another_template_for_its_pages_renders_them_with_it(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    """The template a page is rendered with is in its key, wherever it is named."""
    site, cold = copy_site("basic", tmp_path / "site"), tmp_path / "cold"
    (site / "templates/plain.html").write_text(
        '{% extends "page.html" %}{% block main %}<p>Plain.</p>{{ page.html }}{% endblock %}\n'
    )
    assert run_cli("build", "--source", site).code == 0
    section = site / "content/guide/_index.md"
    section.write_text(
        section.read_text().replace("weight: 1", "weight: 1\npage_template: plain.html")
    )
    assert run_cli("build", "--source", site).code == 0
    assert run_cli("build", "--source", site, "--output", cold, "--no-cache").code == 0
    assert "<p>Plain.</p>" in (cold / "guide/first/index.html").read_text()
    assert tree_bytes(site / "public") == tree_bytes(cold)
