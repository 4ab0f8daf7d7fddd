from __future__ import annotations

import datetime as dt
import io
import pickle
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import pytest

from mvsite.build.cache import fast_dispatch
from mvsite.errors import SiteError
from mvsite.sources.config import Config
from mvsite.sources.front_matter import FrontMatter, split_front_matter
from tests.sources.test_pages import SRC, page


def test_front_matter_keys_are_typed() -> None:
    result = page(
        "---\ntitle: A\ndescription: D\ndate: 2024-01-02\ndraft: true\nweight: 3\n"
        "tags: [x, y]\naliases: [/old/]\nextra:\n  k: v\n---\nBody\n"
    )
    meta = result.meta
    assert (result.title, meta.description, meta.date) == ("A", "D", dt.date(2024, 1, 2))
    assert (meta.draft, meta.weight, meta.tags, meta.aliases) == (True, 3, ("x", "y"), ("/old/",))
    assert meta.extra == {"k": "v"}
    assert (result.body, result.body_line) == ("Body\n", 12)


def test_keys_allowed_by_the_config_land_in_extra() -> None:
    config = Config(root=Path("/site"), allowed_front_matter=("summary",))
    result = page("---\ntitle: A\nsummary: S\n---\n", config=config)
    assert result.meta.extra == {"summary": "S"}


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("../x", "slug '../x' would leave its folder"),
        ("a/b", "slug 'a/b' would leave its folder"),
        ("/etc", "slug '/etc' would leave its folder"),
        ("%2e%2e", "slug '%2e%2e' would leave its folder"),
        (".hidden", "slug '.hidden' is not a valid URL part"),
        ("a b", "slug 'a b' is not a valid URL part"),
    ],
)
def test_unsafe_slugs_are_refused(slug: str, message: str) -> None:
    with pytest.raises(SiteError) as caught:
        page(f"---\ntitle: A\nslug: '{slug}'\n---\n")
    assert (caught.value.message, caught.value.line) == (message, 3)


@pytest.mark.parametrize(
    ("alias", "stored"),
    [("/old/page/", "/old/page/"), ("old/page", "/old/page/"), ("legacy.html", "/legacy.html")],
)
def test_aliases_are_site_paths(alias: str, stored: str) -> None:
    assert page(f"---\ntitle: A\naliases: ['{alias}']\n---\n").meta.aliases == (stored,)


@pytest.mark.parametrize("alias", ["../x", "/a/../../b", "a\\b", "%2e%2e/x", "/", "C:/x"])
def test_unsafe_aliases_are_refused(alias: str) -> None:
    with pytest.raises(SiteError, match="is not a path inside the site"):
        page(f"---\ntitle: A\naliases: ['{alias}']\n---\n")


def test_an_obsidian_alias_is_told_what_an_alias_is_here() -> None:
    with pytest.raises(SiteError) as caught:
        page("---\ntitle: A\naliases:\n  - Resources and Events\n---\n")
    assert caught.value.hint == (
        "here an alias is an old address that redirects to this page (/old/page/); Obsidian's"
        " aliases are other names of the note: rename the key, e.g. to other_names:, or"
        " remove it"
    )


def test_a_mkdocs_pages_template_is_its_themes_and_kept_as_another_tools_key() -> None:
    """Material's `template: overrides/home.html` stopped the build: template not found."""
    mkdocs = replace(Config(root=Path(".")), file=Path("mkdocs.yml"))
    meta = page("---\ntitle: A\ntemplate: overrides/home.html\n---\n", config=mkdocs).meta
    assert (meta.template, meta.foreign, meta.lines["template"]) == (
        None,
        {"template": "overrides/home.html"},
        3,
    )
    assert page("---\ntitle: A\ntemplate: own.html\n---\n").meta.template == "own.html"


def test_front_matter_must_be_closed() -> None:
    with pytest.raises(SiteError) as caught:
        split_front_matter("---\ntitle: A\n", SRC)
    assert str(caught.value) == (
        "content/a.md:1: front matter opened on line 1 is never closed\n"
        "  hint: add a line with just --- after the last front matter line"
    )


def test_front_matter_that_runs_on_into_the_text_is_told_where_to_close_it() -> None:
    """A rule further down (`---`) closed it, with the page's text in it: the YAML error
    came at a line of text, with a hint about indentation."""
    with pytest.raises(SiteError) as caught:
        split_front_matter("---\ntitle: A\n\nSome text: here\nand more.\n\n---\n", SRC)
    assert str(caught.value) == (
        "content/a.md:3: front matter runs on into the page's text (YAML syntax: could not find"
        " expected ':', line 5)\n"
        "  hint: add a line with just --- here, after the last front matter line"
    )


_OTHER_VALUES = {
    "title": "Other",
    "description": "Other",
    "date": dt.date(2001, 2, 3),
    "updated": dt.date(2001, 2, 3),
    "draft": True,
    "weight": 7,
    "template": "other.html",
    "page_template": "other.html",
    "slug": "other",
    "aliases": ("/other/",),
    "tags": ("other",),
    "extra": {"summary": "other"},
    "translation_of": "0123",
    "lines": {"title": 3},
    "foreign": {"hide": ["toc"]},
}


def test_every_front_matter_field_has_another_value_below() -> None:
    assert set(_OTHER_VALUES) == {f.name for f in fields(FrontMatter)} - {"key"}


@pytest.mark.parametrize("name", sorted(_OTHER_VALUES))
def test_the_key_changes_with_every_field(name: str) -> None:
    """FrontMatter.key stands for the front matter in each page's view key."""
    meta = FrontMatter(title="T", date=dt.date(2000, 1, 1), extra={"summary": "s"})
    changed = replace(meta, **{name: _OTHER_VALUES[name]})
    assert changed.key != meta.key
    assert changed.key == FrontMatter(**_init_values(changed)).key  # a function of the values


@pytest.mark.parametrize("by_fields", [True, False])
def test_a_pickle_carries_the_key_as_it_was_made(by_fields: bool) -> None:
    """The cache and the worker pipes (which pickle by fields) load the key, not make it again."""
    meta = FrontMatter(title="T")
    object.__setattr__(meta, "key", "as made")
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer)
    if by_fields:
        pickler.dispatch_table = fast_dispatch((FrontMatter,))
    pickler.dump(meta)
    loaded = pickle.loads(buffer.getvalue())
    assert (loaded, loaded.key) == (meta, "as made")


def _init_values(meta: FrontMatter) -> dict[str, Any]:
    return {f.name: getattr(meta, f.name) for f in fields(meta) if f.init}


@pytest.mark.parametrize(
    ("text", "line", "hint"),
    [
        (
            "---\ntitle: A\n\ndescription: a: b: c\n---\n",
            4,
            'goes in quotes: description: "a: b: c"',
        ),
        ("---\ntitle: A\n\ndescription: x\u2028y\n---\n", 4, "invisible line separator"),
    ],
)
def test_a_blank_line_in_closed_front_matter_keeps_the_errors_own_words(
    text: str, line: int, hint: str
) -> None:
    """Only a `---` after a blank line (a rule) suggests the front matter ran on."""
    with pytest.raises(SiteError) as caught:
        split_front_matter(text, SRC)
    assert caught.value.line == line and hint in caught.value.hint


def test_every_mistake_of_a_front_matter_is_raised_at_once_in_line_order() -> None:
    """One build found one, the next the next: five builds for one file."""
    text = '---\ntitle: 2024\ndescription: 12345\nweight: "3"\ndraft: "false"\ntilte: x\n---\n'
    with pytest.raises(SiteError) as caught:
        page(text)
    said = [(error.line, error.message) for error in (caught.value, *caught.value.also)]
    assert said == [
        (2, "'title' must be text (got 2024)"),
        (3, "'description' must be text (got 12345)"),
        (4, "'weight' must be a whole number (got '3')"),
        (5, "'draft' must be true or false (got 'false')"),
        (6, "unknown key 'tilte'"),
    ]


def test_several_mistakes_on_one_line_are_each_said() -> None:
    text = '---\naliases: ["My Note", "../up"]\n---\n'
    with pytest.raises(SiteError) as caught:
        page(text)
    assert len(caught.value.each) == 2 and {e.line for e in caught.value.each} == {2}


def test_the_yamls_own_mistakes_are_said_with_the_others_once_a_line() -> None:
    """A duplicate key and an impossible date (found by reading the YAML) come with the
    typed fields' mistakes; the date is not also said to be of the wrong type."""
    text = "---\ntitle: A\ndate: 2024-13-45\ntitle: B\ndraft: maybe\n---\n"
    with pytest.raises(SiteError) as caught:
        page(text)
    said = [(error.line, error.message[:30]) for error in (caught.value, *caught.value.also)]
    assert said == [
        (3, "'2024-13-45' looks like a date"),
        (4, "duplicate key 'title'"),
        (5, "'draft' must be true or false "),
    ]
