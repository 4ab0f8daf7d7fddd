from __future__ import annotations

from pathlib import Path

import pytest

from mvsite.errors import SiteError
from mvsite.render.template_errors import template_error
from mvsite.render.templates import render_template
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
        assert template_error(exc, tmp_path, None) is None


def test_a_site_error_that_names_its_file_is_let_through(tmp_path: Path) -> None:
    assert template_error(SiteError("m", Path("templates/a.html"), 1), tmp_path, None) is None


def test_template_files_are_shown_from_the_site_or_the_theme(tmp_path: Path) -> None:
    assert shown_template_path(str(tmp_path / "templates/a.html"), tmp_path) == Path(
        "templates/a.html"
    )
    assert shown_template_path(str(THEME_DIR / "templates/page.html"), tmp_path) == Path(
        "(mvsite theme)/templates/page.html"
    )
