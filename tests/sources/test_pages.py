from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mvsite.errors import SiteError
from mvsite.sources.config import Config
from mvsite.sources.pages import (
    find_sources,
    page_url,
    parse_page,
    select_pages,
    split_front_matter,
)

CONFIG = Config(root=Path("/site"))
SRC = Path("content/a.md")


def page(text: str, rel: str = "a.md", config: Config = CONFIG):  # type: ignore[no-untyped-def]
    return parse_page(text, rel, SRC, config)


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


def test_front_matter_is_optional_and_the_title_can_come_from_the_first_h1() -> None:
    result = page("Intro line\n\n# The Title #\n\nText\n")
    assert result.title == "The Title"
    assert result.body == "Intro line\n\n\n\nText\n"  # the heading leaves, the lines stay


def test_a_heading_inside_a_code_fence_is_not_a_title() -> None:
    assert page("```\n# not a title\n```\n", rel="api/getting_started.md").title == (
        "Getting started"
    )


@pytest.mark.parametrize(
    ("rel", "body", "title", "named"),
    [
        ("api/module-reference.md", "::: package.module\n", "Module reference", True),
        ("snippet.md", "", "Snippet", True),
        ("guide/index.md", "Text.\n", "Guide", True),
        ("index.md", "Text.\n", "My site", True),
        ("a.md", "Intro.\n\n# Real title\n", "Real title", False),
    ],
)
def test_a_page_without_a_title_is_named_after_its_file(
    rel: str, body: str, title: str, named: bool
) -> None:
    result = page(body, rel=rel)
    assert (result.title, result.title_from_name) == (title, named)


def test_a_section_without_a_title_is_named_after_its_folder() -> None:
    assert page("", rel="life-science/_index.md").title == "Life science"


def test_keys_allowed_by_the_config_land_in_extra() -> None:
    config = Config(root=Path("/site"), allowed_front_matter=("summary",))
    result = page("---\ntitle: A\nsummary: S\n---\n", config=config)
    assert result.meta.extra == {"summary": "S"}


@pytest.mark.parametrize(
    ("rel", "slug", "url"),
    [
        ("research/cancer.md", None, "/research/cancer/"),
        ("research/cancer.md", "oncology", "/research/oncology/"),
        ("research/_index.md", None, "/research/"),
        ("_index.md", None, "/"),
        ("notes/My Page!.md", None, "/notes/My-Page/"),
    ],
)
def test_pretty_urls(rel: str, slug: str | None, url: str) -> None:
    assert page_url(rel, slug) == url


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


def test_a_section_cannot_have_a_slug() -> None:
    with pytest.raises(SiteError, match="a section cannot have a slug"):
        page("---\ntitle: A\nslug: b\n---\n", rel="x/_index.md")


def test_front_matter_must_be_closed() -> None:
    with pytest.raises(SiteError) as caught:
        split_front_matter("---\ntitle: A\n", SRC)
    assert str(caught.value) == (
        "content/a.md:1: front matter opened on line 1 is never closed\n"
        "  hint: add a line with just --- after the last front matter line"
    )


def test_sources_are_found_in_sorted_order_and_underscore_names_skipped(tmp_path: Path) -> None:
    for rel in ["b.md", "a/_index.md", "a/z.md", "a/img.png", "_data/f.yaml", "_drafts/x.md",
                ".git/x.md", "a/_partial.md", "a/backup.md~"]:  # fmt: skip
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("# T\n")
    sources = find_sources(tmp_path, tmp_path)
    assert sources.markdown == ("a/_index.md", "a/z.md", "b.md")
    assert (sources.assets, sources.data, sources.folders) == (
        ("a/img.png",),
        ("_data/f.yaml",),
        ("", "a"),
    )


def test_drafts_and_draft_sections_are_left_out(tmp_path: Path) -> None:
    found = {
        "a.md": page("---\ntitle: A\ndraft: true\n---\n"),
        "s/_index.md": page("---\ntitle: S\ndraft: true\n---\n", rel="s/_index.md"),
        "s/x.md": page("# X\n", rel="s/x.md"),
        "b.md": page("# B\n", rel="b.md"),
    }
    sources = find_sources(tmp_path, tmp_path)
    published = select_pages(found, sources, CONFIG, drafts=False)
    assert [p.rel for p in published] == ["_index.md", "b.md"]
    everything = select_pages(found, sources, CONFIG, drafts=True)
    assert [p.rel for p in everything] == ["_index.md", "a.md", "b.md", "s/_index.md", "s/x.md"]
