from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import jinja2
import pytest
from markupsafe import Markup

from mvsite.errors import SiteError
from mvsite.markdown.converted import Heading, LinkTargets
from mvsite.render.navigation import PageNav
from mvsite.render.templates import (
    PageView,
    make_environment,
    render_template,
)
from mvsite.render.theme_files import THEME_DIR
from mvsite.sources.config import Config


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


def test_an_unknown_asset_is_an_error_at_the_template_line(tmp_path: Path) -> None:
    env = env_for(tmp_path, {"t.html": "\n{{ asset('nope.css') }}"})
    with pytest.raises(SiteError) as caught:
        render_template(env, "t.html", {}, tmp_path)
    assert str(caught.value).splitlines() == [
        "templates/t.html:2: asset('nope.css'): no such file in static/",
        "  hint: known assets: style.css",
    ]


def test_the_packaged_theme_fills_in_for_templates_the_site_lacks(tmp_path: Path) -> None:
    env = env_for(tmp_path, {"404.html": "the site's own"})
    assert render_template(env, "404.html", {}, tmp_path) == "the site's own"
    filename = env.get_template("page.html").filename
    assert filename is not None
    assert Path(filename).is_relative_to(THEME_DIR / "templates")


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


def _error(env: Any, root: Path, context: dict[str, Any] | None = None) -> list[str]:
    with pytest.raises(SiteError) as caught:
        render_template(env, "t.html", context or {}, root, 5.0)
    return str(caught.value).splitlines()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "{{ cycler.__init__.__globals__.os.popen('touch ran').read() }}",
            "template: not allowed: access to attribute '__init__' of 'type' object is unsafe.",
        ),
        (
            "{{ config.root.joinpath('ran').write_text('x') }}",
            "template: not allowed: access to attribute 'write_text' of 'PosixPath' object",
        ),
        (
            "{{ ''.__class__.__mro__[1].__subclasses__() }}",
            "template: not allowed: access to attribute '__class__' of 'str' object is unsafe.",
        ),
        (
            "{% for i in range(10**9) %}{{ i }}{% endfor %}",
            "template: OverflowError: Range too big. The sandbox blocks ranges larger than",
        ),
        ("{{ ((10**1000)**1000)**1000 }}", "template: not allowed: a power of 1,107,"),
        ("{{ 'ran' * 10**10 }}", "template: not allowed: repeating text or a list 30,000,"),
    ],
)
def test_templates_run_in_a_sandbox(line: str, message: str, tmp_path: Path) -> None:
    """Issue #12: a template could run a shell command; a huge loop hung the build."""
    env = env_for(tmp_path, {"t.html": "<p>\n" + line + "\n"})
    lines = _error(env, tmp_path, {"config": Config(root=tmp_path)})
    assert lines[0].startswith("templates/t.html:2: " + message), lines
    assert lines[1].startswith("  hint: ")
    assert not (tmp_path / "ran").exists()


def test_what_templates_do_still_works_in_the_sandbox(tmp_path: Path) -> None:
    text = (
        "{% for i in range(3) %}{{ i * 2 }}{% endfor %} {{ 2 ** 10 }} {{ '-' * 3 }}"
        " {{ data.x | upper }} {{ config.root.name }} {{ ['a', 'b'] | join(',') }}"
        " {% set ns = namespace(n=0) %}{% set ns.n = ns.n + 1 %}{{ ns.n }}"
    )
    env = env_for(tmp_path, {"t.html": text})
    assert render_template(env, "t.html", {"config": Config(root=tmp_path)}, tmp_path) == (
        f"024 1024 --- &lt;B&gt; {tmp_path.name} a,b 1"
    )


def test_a_template_that_is_not_utf8_is_an_error_at_that_file(tmp_path: Path) -> None:
    env = env_for(tmp_path, {"t.html": "<p>\n{% include 'part.html' %}\n"})
    (tmp_path / "templates" / "part.html").write_bytes(b"ok\ncaf\xe9\n")
    assert _error(env, tmp_path) == [
        "templates/part.html:2: not valid UTF-8 (byte 0xe9)",
        "  hint: save the file as UTF-8 in your editor",
    ]


def test_code_compiled_outside_the_sandbox_is_never_reused(tmp_path: Path) -> None:
    """An older mvsite's cache holds templates compiled without the sandbox's checks."""
    compiled: dict[str, bytes] = {}
    template = tmp_path / "templates" / "t.html"
    template.parent.mkdir(parents=True)
    template.write_text("{{ x.__class__.__name__ }}")
    plain = jinja2.Environment(
        loader=jinja2.FileSystemLoader(tmp_path / "templates"),
        bytecode_cache=_OldCache(compiled),
    )
    assert plain.get_template("t.html").render(x="") == "str"
    assert compiled
    env = make_environment(Config(root=tmp_path), {}, {}, compiled)
    assert _error(env, tmp_path, {"x": ""})[0].startswith("templates/t.html:1: template: not al")


class _OldCache(jinja2.BytecodeCache):
    """The bytecode cache as mvsite kept it before templates were sandboxed."""

    def __init__(self, store: dict[str, bytes]) -> None:
        self.store = store

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


def test_the_sandbox_remembers_answers_per_type_and_name(tmp_path: Path) -> None:
    """A path's name is allowed and its read_text refused, the second time as the first;
    the same name on another type gets that type's own answer."""
    env = env_for(tmp_path, {"t.html": "{{ config.root.name }}"})
    for _ in range(2):
        assert env.is_safe_attribute(tmp_path, "name", tmp_path.name)
        assert not env.is_safe_attribute(tmp_path, "read_text", tmp_path.read_text)
        assert not env.is_safe_attribute(tmp_path, "__class__", type(tmp_path))
    assert env.is_safe_attribute(Config(root=tmp_path), "root", tmp_path)
    assert not env.is_safe_attribute(render_template, "__globals__", {})


def test_a_view_with_its_body_is_the_view_with_its_html_and_toc_replaced() -> None:
    nav = PageNav((), None, (), (), None, None)
    fields: dict[str, Any] = dict(
        title="T",
        description="D",
        url="/a/",
        permalink="https://x/a/",
        html=Markup(""),
        toc=(),
        date=None,
        updated=None,
        tags=("t",),
        extra={},
        meta={},
        source="a.md",
        is_section=False,
        is_home=False,
        draft=False,
        pages=(),
        nav=nav,
        lang="sv",
        content_lang="en",
        versions=(),
    )
    view = PageView(**fields)
    toc = (Heading(2, "h", "H", ()),)
    assert view.with_body(Markup("<p>x</p>"), toc) == dataclasses.replace(
        view, html=Markup("<p>x</p>"), toc=toc
    )


def _page_url_error(tmp_path: Path, call: str) -> list[str]:
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "templates" / "t.html").write_text(f"\n{{{{ {call} }}}}")
    targets = LinkTargets(
        pages={"about.md": "/about/", "research/cancer.md": "/research/cancer/"},
        assets=frozenset(),
        drafts=frozenset({"news.md"}),
    )
    env = make_environment(Config(root=tmp_path), {}, {}, targets=targets)
    with pytest.raises(SiteError) as caught:
        render_template(env, "t.html", {}, tmp_path)
    return str(caught.value).splitlines()


def test_page_url_of_a_page_moved_or_renamed_says_so_and_names_the_close_page(
    tmp_path: Path,
) -> None:
    assert _page_url_error(tmp_path, "page_url('research/canser.md')") == [
        "templates/t.html:2: page_url('research/canser.md'): no such page",
        "  hint: the page was probably moved or renamed:"
        " did you mean page_url('research/cancer.md')?",
    ]
    assert _page_url_error(tmp_path, "page_url('team.md')") == [
        "templates/t.html:2: page_url('team.md'): no such page",
        "  hint: the page was probably moved or renamed: name its source file as it is now",
    ]
    assert _page_url_error(tmp_path, "page_url('news.md')") == [
        "templates/t.html:2: page_url('news.md'): news.md is a draft",
        "  hint: publish the page (draft: false), or build with --drafts to preview it",
    ]
