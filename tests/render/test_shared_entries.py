from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from mvsite.render.navigation import NavItem
from mvsite.render.shared_entries import SharedEntries, entries_function
from mvsite.render.templates import make_environment, render_template
from mvsite.sources.config import Config

ENTRY = (
    "{% macro entry(url, title, is_here) %}"
    "<li>{{ title }}{% if is_here %} (here){% endif %} {{ url }}{{ calls.append(url) or '' }}"
    "</li>{% endmacro %}"
)
ITEMS = (NavItem("A & B", "/a/"), NavItem("C", "/c/"))


def environment(tmp_path: Path, templates: dict[str, str]) -> jinja2.Environment:
    for name, text in templates.items():
        (tmp_path / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "templates" / name).write_text(text)
    return make_environment(Config(root=tmp_path), {}, {})


def test_entries_are_the_macros_html_made_once_for_every_page(tmp_path: Path) -> None:
    env = environment(tmp_path, {"t.html": ENTRY + "{{ shared_entries(items, entry, here) }}"})
    calls: list[str] = []
    pages = [
        render_template(env, "t.html", {"items": ITEMS, "here": here, "calls": calls}, tmp_path)
        for here in ("/a/", "/c/", "/a/")
    ]
    assert pages == [
        "<li>A &amp; B (here) /a/</li><li>C /c/</li>",
        "<li>A &amp; B /a/</li><li>C (here) /c/</li>",
        "<li>A &amp; B (here) /a/</li><li>C /c/</li>",
    ]
    assert calls == ["/a/", "/c/", "/a/", "/c/"]  # the third page made nothing anew


def test_entries_are_made_anew_for_another_language_or_macro(tmp_path: Path) -> None:
    other = ENTRY.replace("entry", "other").replace("<li>", "<p>")
    env = environment(
        tmp_path,
        {
            "t.html": ENTRY
            + other
            + "{{ shared_entries(items, entry, '') }}{{ shared_entries(items, other, '') }}"
        },
    )
    calls: list[str] = []
    for lang in ("en", "da"):
        render_template(env, "t.html", {"items": ITEMS[:1], "lang": lang, "calls": calls}, tmp_path)
    assert calls == ["/a/", "/a/", "/a/", "/a/"]


def test_entries_take_only_a_macro_and_read_items_through_the_sandbox(tmp_path: Path) -> None:
    env = environment(tmp_path, {"f.html": "{{ shared_entries(items, url, '') }}"})
    with pytest.raises(jinja2.exceptions.SecurityError):
        env.get_template("f.html").render(items=ITEMS)
    env = environment(tmp_path, {"u.html": ENTRY + "{{ shared_entries(items, entry, '') }}"})
    with pytest.raises(jinja2.exceptions.UndefinedError):  # the sandbox hides '_' names
        env.get_template("u.html").render(items=[type("Item", (), {"_url": "/x/"})()], calls=[])


def test_an_entry_that_cannot_be_kept_is_made_for_each_page(tmp_path: Path) -> None:
    env = environment(tmp_path, {"t.html": ENTRY + "{{ shared_entries(items, entry, '') }}"})
    items = [{"url": "/a/", "title": ["A"]}]
    calls: list[str] = []
    for _ in range(2):
        render_template(env, "t.html", {"items": items, "calls": calls}, tmp_path)
    assert calls == ["/a/", "/a/"]


def test_the_item_at_own_url_is_made_by_its_own_macro_on_each_page(tmp_path: Path) -> None:
    own = "{% macro own(item) %}<b>{{ item.title }} {{ n }}</b>{% endmacro %}"
    call = "{{ shared_entries(items, entry, '', '/c/', own) }}"
    env = environment(tmp_path, {"t.html": ENTRY + own + call})
    calls: list[str] = []
    pages = [
        render_template(env, "t.html", {"items": ITEMS, "n": n, "calls": calls}, tmp_path)
        for n in (1, 2)
    ]
    assert pages == ["<li>A &amp; B /a/</li><b>C 1</b>", "<li>A &amp; B /a/</li><b>C 2</b>"]
    assert calls == ["/a/"]


def test_only_the_entries_made_last_are_kept(tmp_path: Path) -> None:
    env = environment(tmp_path, {"t.html": ENTRY + "{{ shared_entries(items, entry, here) }}"})
    shared = SharedEntries(kept=2)
    env.globals["shared_entries"] = entries_function(shared)
    calls: list[str] = []
    items = (*ITEMS, NavItem("E", "/e/"))
    for _ in range(2):
        context = {"items": items, "here": "/x/", "calls": calls}
        page = render_template(env, "t.html", context, tmp_path)
        assert page == "<li>A &amp; B /a/</li><li>C /c/</li><li>E /e/</li>"
    assert len(shared.made) == 2
    assert calls == ["/a/", "/c/", "/e/"] * 2  # three entries, two kept: none was left to reuse
