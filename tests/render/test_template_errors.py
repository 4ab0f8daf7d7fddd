from __future__ import annotations

import dataclasses
from pathlib import Path

import jinja2
import pytest

from mvsite.errors import SiteError
from mvsite.render.template_errors import template_error
from mvsite.render.templates import PageView, render_template
from mvsite.render.theme_files import THEME_DIR, shown_template_path
from tests.render.test_templates import _error, env_for


def test_an_undefined_name_is_an_error_at_the_template_line(tmp_path: Path) -> None:
    env = env_for(tmp_path, {"t.html": "<p>\n{% if true %}\n{{ pgae.title }}\n{% endif %}\n"})
    with pytest.raises(SiteError) as caught:
        render_template(env, "t.html", {}, tmp_path)
    assert str(caught.value).splitlines()[0] == "templates/t.html:3: template: 'pgae' is undefined"


def test_an_error_in_an_included_template_names_that_template(tmp_path: Path) -> None:
    env = env_for(
        tmp_path, {"t.html": "{% include 'part.html' %}", "part.html": "ok\n{{ missing }}"}
    )
    with pytest.raises(SiteError) as caught:
        render_template(env, "t.html", {}, tmp_path)
    assert (caught.value.path, caught.value.line) == (Path("templates/part.html"), 2)


def test_a_template_that_runs_too_long_is_stopped_at_its_line(tmp_path: Path) -> None:
    loops = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    env = env_for(tmp_path, {"t.html": "<p>\n\n" + loops + "\n"})
    with pytest.raises(SiteError) as caught:
        render_template(env, "t.html", {}, tmp_path, 0.05)
    assert str(caught.value).startswith(
        "templates/t.html:3: template took longer than 0.05 s to render\n  hint: "
    )


@pytest.mark.parametrize("name", ["/etc/passwd", "../../../../etc/passwd", "nope.html"])
@pytest.mark.parametrize("tag", ["include", "extends", "from"])
def test_a_missing_or_outside_template_is_blamed_on_the_line_that_names_it(
    name: str, tag: str, tmp_path: Path
) -> None:
    statement = f"{tag} '{name}'" + (" import m" if tag == "from" else "")
    env = env_for(tmp_path, {"t.html": f"<p>\n{{% {statement} %}}\n"})
    assert _error(env, tmp_path) == [
        f"templates/t.html:2: template not found: {name}",
        "  hint: include, import or extend a template by its path inside templates/;"
        " no other file can be used",
    ]


def test_an_exception_outside_any_template_is_let_through(tmp_path: Path) -> None:
    try:
        raise KeyError("x")
    except KeyError as exc:
        assert template_error(exc, jinja2.Environment(), tmp_path, None) is None


def test_a_site_error_that_names_its_file_is_let_through(tmp_path: Path) -> None:
    assert (
        template_error(
            SiteError("m", Path("templates/a.html"), 1), jinja2.Environment(), tmp_path, None
        )
        is None
    )


def test_template_files_are_shown_from_the_site_or_the_theme(tmp_path: Path) -> None:
    assert shown_template_path(str(tmp_path / "templates/a.html"), tmp_path) == Path(
        "templates/a.html"
    )
    assert shown_template_path(str(THEME_DIR / "templates/page.html"), tmp_path) == Path(
        "(mvsite theme)/templates/page.html"
    )


def test_a_misspelt_attribute_names_what_it_was_read_of_and_the_closest_name(
    tmp_path: Path,
) -> None:
    env = env_for(tmp_path, {"t.html": "<h1>\n{{ page.titel }}</h1>\n"})
    page = _view()
    assert _error(env, tmp_path, {"page": page}) == [
        "templates/t.html:2: page has no 'titel'",
        "  hint: did you mean 'title'?",
    ]


def test_a_misspelt_macro_is_named_among_the_imported_templates(tmp_path: Path) -> None:
    macros = "{% macro draft_badge(p) %}d{% endmacro %}"
    template = "{% import 'macros.html' as m %}\n{{ m.draft_bagde(1) }}\n"
    env = env_for(tmp_path, {"t.html": template, "macros.html": macros})
    assert _error(env, tmp_path) == [
        "templates/t.html:2: the imported templates have no 'draft_bagde'",
        "  hint: did you mean 'draft_badge'?",
    ]


@pytest.mark.parametrize(
    ("line", "message", "hint"),
    [
        ("{{ 'a' | uppr }}", "no filter named 'uppr'", "did you mean 'upper'?"),
        (
            "{% if true %}{{ 'a' | uppr }}{% endif %}",
            "no filter named 'uppr'",
            "did you mean 'upper'?",
        ),
        ("{% if 1 is defind %}{% endif %}", "no test named 'defind'", "did you mean 'defined'?"),
        ("{% if 1 %}{% endfi %}", "unknown tag '{% endfi %}'", "did you mean 'endif'?"),
    ],
)
def test_an_unknown_filter_test_or_tag_is_named_with_the_closest_known_one(
    line: str, message: str, hint: str, tmp_path: Path
) -> None:
    env = env_for(tmp_path, {"t.html": f"<p>\n{line}\n"})
    assert _error(env, tmp_path) == [f"templates/t.html:2: {message}", f"  hint: {hint}"]


def test_a_block_left_open_is_named_at_its_line_where_another_ends(tmp_path: Path) -> None:
    template = (
        "{% block main %}\n"
        "{% raw %}{% if %}{% endraw %}{# {% for %} #}\n"
        "{% if page %}<p>{{ page }}</p>\n"
        "{% set x %}y{% endset %}{% set z = 1 %}\n"
        "{% endblock %}\n"
    )
    env = env_for(tmp_path, {"t.html": template})
    assert _error(env, tmp_path) == [
        "templates/t.html:5: '{% endblock %}' while the '{% if %}' on line 3 is still open",
        "  hint: close it with {% endif %} before this line",
    ]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            "<p>\n{% if 1 %}{% endif %}{% endif %}\n",
            [
                "templates/t.html:2: '{% endif %}' with no {% if %} open",
                "  hint: remove it, or add the {% if %} it belongs to above it",
            ],
        ),
        (
            "<p>\n{% for x in y %}\n<p>\n",
            [
                "templates/t.html:2: the '{% for %}' on this line is never closed",
                "  hint: close it with {% endfor %} where what it covers ends",
            ],
        ),
    ],
)
def test_a_block_tag_with_no_block_or_a_block_never_closed_is_named(
    text: str, error: list[str], tmp_path: Path
) -> None:
    assert _error(env_for(tmp_path, {"t.html": text}), tmp_path) == error


def _view() -> PageView:
    fields = {f.name: None for f in dataclasses.fields(PageView)}
    return PageView(**{**fields, "title": "T"})  # type: ignore[arg-type]
