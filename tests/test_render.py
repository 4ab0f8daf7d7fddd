from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mvsite.config import Config
from mvsite.errors import SiteError
from mvsite.render import (
    long_date,
    make_environment,
    render_robots,
    render_sitemap,
    render_template,
)


def env_for(tmp_path: Path, templates: dict[str, str]):  # type: ignore[no-untyped-def]
    for name, text in templates.items():
        (tmp_path / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "templates" / name).write_text(text)
    config = Config(root=tmp_path, base_url="/site/")
    return make_environment(config, {"style.css": "style.abc12345.css"}, {"data": {"x": "<b>"}})


def test_values_are_escaped_and_helpers_carry_the_base_path(tmp_path: Path) -> None:
    env = env_for(tmp_path, {"t.html": "{{ data.x }} {{ asset('style.css') }} {{ url('/a/') }}"})
    assert render_template(env, "t.html", {}, tmp_path) == (
        "&lt;b&gt; /site/style.abc12345.css /site/a/"
    )


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


def test_an_unknown_asset_is_an_error_at_the_template_line(tmp_path: Path) -> None:
    env = env_for(tmp_path, {"t.html": "\n{{ asset('nope.css') }}"})
    with pytest.raises(SiteError) as caught:
        render_template(env, "t.html", {}, tmp_path)
    assert str(caught.value).splitlines() == [
        "templates/t.html:2: asset('nope.css'): no such file in static/",
        "  hint: known assets: style.css",
    ]


def test_the_packaged_theme_fills_in_for_missing_templates(tmp_path: Path) -> None:
    env = env_for(tmp_path, {})
    assert "404" in env.get_template("404.html").filename  # type: ignore[operator]


def test_dates_read_the_same_everywhere() -> None:
    assert long_date(dt.date(2026, 11, 1)) == "1 November 2026"


def test_sitemap_and_robots() -> None:
    sitemap = render_sitemap(
        [("https://x.org/a&b/", dt.date(2024, 1, 2)), ("https://x.org/", None)]
    )
    assert "<url><loc>https://x.org/a&amp;b/</loc><lastmod>2024-01-02</lastmod></url>" in sitemap
    assert render_robots("https://x.org/sitemap.xml").endswith(
        "Sitemap: https://x.org/sitemap.xml\n"
    )
    assert "Sitemap" not in render_robots(None)


def test_compiled_templates_are_kept_and_reused_only_while_unchanged(tmp_path: Path) -> None:
    compiled: dict[str, bytes] = {}
    config = Config(root=tmp_path)
    template = tmp_path / "templates" / "t.html"
    template.parent.mkdir(parents=True)
    template.write_text("one {{ 1 + 1 }}")
    env = make_environment(config, {}, {}, compiled)
    assert render_template(env, "t.html", {}, tmp_path) == "one 2"
    assert len(compiled) == 1
    again = make_environment(config, {}, {}, compiled)
    assert render_template(again, "t.html", {}, tmp_path) == "one 2"
    template.write_text("two {{ 2 + 2 }}")
    changed = make_environment(config, {}, {}, compiled)
    assert render_template(changed, "t.html", {}, tmp_path) == "two 4"
