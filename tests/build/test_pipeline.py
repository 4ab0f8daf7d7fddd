"""The build as a whole: golden output, determinism, sub-paths, drafts, broken sites."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mvsite.build.pipeline import BuildOptions, build_site
from mvsite.errors import SiteError

from ..conftest import SITES, Run, SiteFiles, check_golden, copy_site, tree_bytes

BASIC = SITES / "basic"
GOLDEN = SITES / "basic.expected"


def test_basic_site_matches_golden_output(
    tmp_path: Path, run_cli: Callable[..., Run], update_goldens: bool
) -> None:
    out = tmp_path / "public"
    source = copy_site("basic", tmp_path / "site")
    assert run_cli("build", "--source", source, "--output", out).code == 0
    check_golden(out, GOLDEN, update_goldens)


def test_two_builds_are_byte_identical(tmp_path: Path, run_cli: Callable[..., Run]) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    source = copy_site("basic", tmp_path / "site")
    assert run_cli("build", "--source", source, "--output", first).code == 0
    assert run_cli("build", "--source", source, "--output", second).code == 0
    assert tree_bytes(first) == tree_bytes(second)


class _Urls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [v for k, v in attrs if k in ("href", "src") and v]


def _page_urls(root: Path) -> list[tuple[str, str]]:
    found = []
    for page in sorted(root.rglob("*.html")):
        parser = _Urls()
        parser.feed(page.read_text())
        found += [(page.relative_to(root).as_posix(), url) for url in parser.urls]
    return found


def test_every_internal_url_carries_the_sub_path(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    out = tmp_path / "public"
    base = "https://example.org/site/"
    source = copy_site("basic", tmp_path / "site")
    assert run_cli("build", "--source", source, "--output", out, "--base-url", base).code == 0
    for page, url in _page_urls(out):
        if url.startswith(("#", "https://example.com")):
            continue
        assert url.startswith(("/site/", base)), (page, url)
        target = url.removeprefix(base).removeprefix("/site/").split("#")[0]
        target = target + "index.html" if target.endswith("/") or not target else target
        assert (out / target).is_file(), (page, url)
    assert (
        "<loc>https://example.org/site/guide/next-steps/</loc>" in (out / "sitemap.xml").read_text()
    )


def test_drafts_are_left_out_unless_asked() -> None:
    default = build_site(BuildOptions(BASIC))
    with_drafts = build_site(BuildOptions(BASIC, drafts=True))
    assert "guide/unfinished/index.html" not in default.files
    assert "guide/draft/index.html" not in default.files
    assert "guide/draft/index.html" in with_drafts.files


def test_a_page_without_description_and_raw_html_shown_as_text_are_warnings() -> None:
    site = build_site(BuildOptions(BASIC))
    assert [str(w).splitlines()[0] for w in site.warnings] == [
        "content/notes/plain.md:1: page has no description "
        "(search engines and link previews show it)",
        "content/guide/_index.md:6: raw HTML is shown as text: '<b>'",
    ]


def test_a_folder_of_plain_markdown_builds_with_the_packaged_theme(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({"a.md": "# Alpha\n\nSee [beta](b.md).\n", "b.md": "# Beta\n"})
    result = run_cli("build", "--source", site)
    assert result.code == 0, result.err
    html = (site / "public" / "a" / "index.html").read_text()
    assert '<a href="/b/">beta</a>' in html
    assert re.search(r'<link rel="stylesheet" href="/style\.[0-9a-f]{8}\.css">', html)
    assert sorted(p.name for p in (site / "public").iterdir()) == [
        ".mvsite-output", "404.html", "a", "b", "favicon.svg", "index.html", "robots.txt",
        next(p.name for p in (site / "public").glob("style.*.css")),
    ]  # fmt: skip


PAGE = "---\ntitle: T\n---\nBody\n"
SOURCES = "sources:\n  s: {title: T, publisher: P, retrieved: 2026-01-01}\n"

BROKEN_SITES: dict[str, tuple[SiteFiles, str]] = {
    "unclosed front matter": (
        {"content/a.md": "---\ntitle: A\nBody\n"},
        "content/a.md:1: front matter opened on line 1 is never closed",
    ),
    "bad yaml": (
        {"content/a.md": '---\ntitle: "A\n---\n'},
        "content/a.md:2: YAML syntax: found unexpected end of stream",
    ),
    "tab indentation": (
        {"content/a.md": "---\ntitle: A\nextra:\n\tteam: x\n---\n"},
        "content/a.md:4: YAML syntax: found character",
    ),
    "duplicate key": (
        {"content/a.md": "---\ntitle: A\ntitle: B\n---\n"},
        "content/a.md:3: duplicate key 'title'",
    ),
    "misspelt key": (
        {"content/a.md": "---\ntilte: A\n---\n"},
        "content/a.md:2: unknown key 'tilte'",
    ),
    "misspelt draft": (
        {"content/a.md": "---\ntitle: A\ndrafts: true\n---\n"},
        "content/a.md:3: unknown key 'drafts'",
    ),
    "yaml 1.1 boolean as title": (
        {"content/a.md": "---\ntitle: NO\n---\n"},
        "content/a.md:2: 'title' must be text (got 'NO', which YAML reads as False)",
    ),
    "sexagesimal as date": (
        {"content/a.md": "---\ntitle: A\ndate: 12:30\n---\n"},
        "content/a.md:3: 'date' must be a date (got '12:30', which YAML reads as 750)",
    ),
    "non utf-8": (
        {"content/a.md": b"---\ntitle: A\n---\ncaf\xe9\n"},
        "content/a.md:4: not valid UTF-8 (byte 0xe9)",
    ),
    "missing page link": (
        {"content/a.md": PAGE + "\nSee [b](b.md).\n"},
        "content/a.md:6: link to a missing page: content/b.md",
    ),
    "missing image": (
        {"content/a.md": PAGE + "![x](img/x.png)\n"},
        "content/a.md:5: link to a missing file: content/img/x.png",
    ),
    "missing anchor": (
        {"content/a.md": PAGE + "[b](b.md#nope)\n", "content/b.md": PAGE + "## Yes\n"},
        "content/a.md:5: link to b.md#nope: no heading or id 'nope' there",
    ),
    "missing site path": (
        {"content/a.md": PAGE + "[x](/nowhere/)\n"},
        "content/a.md:5: link to /nowhere/: no such page or file in the built site",
    ),
    "link to a draft": (
        {"content/a.md": PAGE + "[b](b.md)\n", "content/b.md": "---\ntitle: B\ndraft: true\n---\n"},
        "content/a.md:5: link to a draft: b.md",
    ),
    "link leaving content": (
        {"content/a.md": PAGE + "[x](../../etc/passwd)\n"},
        "content/a.md:5: link '../../etc/passwd' leaves the content folder",
    ),
    "unknown figure": (
        {"content/a.md": PAGE + "There are [[fig:nope]] of them.\n"},
        "content/a.md:5: unknown figure 'nope'",
    ),
    "url collision by case": (
        {"content/About.md": PAGE, "content/about.md": PAGE},
        "content/about.md:",
    ),
    "slug collision": (
        {"content/a.md": PAGE, "content/b.md": "---\ntitle: B\nslug: a\n---\n"},
        "content/b.md:3: slug 'a' gives /a/, which content/a.md already has",
    ),
    "slug with traversal": (
        {"content/a.md": "---\ntitle: A\nslug: ../../x\n---\n"},
        "content/a.md:3: slug '../../x' would leave its folder",
    ),
    "alias with traversal": (
        {"content/a.md": "---\ntitle: A\naliases: [/ok/, ../../x]\n---\n"},
        "content/a.md:3: alias '../../x' is not a path inside the site",
    ),
    "encoded alias": (
        {"content/a.md": "---\ntitle: A\naliases: ['%2e%2e/x']\n---\n"},
        "content/a.md:3: alias '%2e%2e/x' is not a path inside the site",
    ),
    "missing template": (
        {"content/a.md": "---\ntitle: A\ntemplate: nope.html\n---\n"},
        "content/a.md:3: template not found: nope.html",
    ),
    "template syntax": (
        {"content/a.md": PAGE, "templates/page.html": "<p>\n{% if %}\n"},
        "templates/page.html:2: template syntax: Expected an expression, got 'end of statement",
    ),
    "undefined template variable": (
        {"content/a.md": PAGE, "templates/page.html": "<p>\n{{ page.titel }}\n"},
        "templates/page.html:2: page has no 'titel'",
    ),
    "bad config key": ({"mvsite.yaml": "titel: x\n"}, "mvsite.yaml:1: unknown key 'titel'"),
    "bad base url": (
        {"mvsite.yaml": "base_url: ftp://x/\n"},
        "mvsite.yaml:1: base_url must be an http(s) URL or a path",
    ),
    "unknown nav entry": (
        {"mvsite.yaml": "nav: [nope]\n", "content/a.md": PAGE},
        "mvsite.yaml:1: nav names 'nope', which is not a top-level section or page",
    ),
    "figure with unknown area": (
        {
            "content/_data/figures.yaml": SOURCES
            + "figures:\n  f:\n    value: 1\n    display: '1'\n    unit: u\n    label: L\n"
            "    area: mars\n    source: s\n    as_of: 2026-01-01\n"
        },
        "content/_data/figures.yaml:9: unknown research area 'mars'",
    ),
    "figure value as text": (
        {
            "content/_data/figures.yaml": SOURCES
            + "figures:\n  f:\n    value: lots\n    display: '1'\n    unit: u\n    label: L\n"
            "    source: s\n    as_of: 2026-01-01\n"
        },
        "content/_data/figures.yaml:5: 'figures.f.value' must be a number (got 'lots')",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_SITES))
def test_a_broken_site_gives_one_located_error(
    case: str, make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    files, expected = BROKEN_SITES[case]
    site = make_site(files)
    result = run_cli("build", "--source", site)
    assert result.code == 1
    assert result.err.startswith("error: " + expected), result.err
    assert "Traceback" not in result.err
    assert "\n  hint: " in result.err
    assert not (site / "public").exists()


def test_a_symlink_out_of_the_site_is_refused(
    tmp_path: Path, make_site: Callable[[SiteFiles], Path]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    site = make_site({"content/a.md": PAGE})
    (site / "content" / "leak.txt").symlink_to(secret)
    with pytest.raises(SiteError, match="symlink points outside the site"):
        build_site(BuildOptions(site))


def test_a_link_may_point_at_an_id_made_by_a_template(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "content/a.md": PAGE + "[the box](b.md#box) and [the top](#top)\n",
            "content/b.md": PAGE,
            "templates/page.html": '<p id="top">{{ page.title }}</p><div id="box"></div>\n',
        }
    )
    assert run_cli("build", "--source", site).code == 0
    (site / "content/a.md").write_text(PAGE + "[the box](b.md#bx)\n")
    result = run_cli("build", "--source", site)
    assert result.err.splitlines() == [
        "error: content/a.md:5: link to b.md#bx: no heading or id 'bx' there",
        "  hint: did you mean #box? ids on that page: box, top",
        "1 error: nothing was written",
    ]


def test_check_mode_reports_a_broken_page_once_not_again_at_its_links(
    make_site: Callable[[SiteFiles], Path],
) -> None:
    site = make_site({"content/a.md": PAGE + "[b](b.md)\n", "content/b.md": "---\ntilte: B\n---\n"})
    built = build_site(BuildOptions(site, keep_going=True))
    assert [str(p).splitlines()[0] for p in built.problems] == [
        "content/b.md:2: unknown key 'tilte'"
    ]


def test_figures_link_to_the_facts_page_which_lists_them(tmp_path: Path) -> None:
    site = build_site(BuildOptions(BASIC))
    facts = site.files["facts/index.html"].data
    assert facts is not None and b'<tr id="fig-stations">' in facts


def test_without_a_facts_page_a_figure_is_shown_unlinked(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    figures = (BASIC / "content/_data/figures.yaml").read_text()
    figures = figures.replace("    page: guide/first.md\n", "")  # (this site has no guide/)
    site = make_site(
        {"content/a.md": PAGE + "[[fig:stations]]\n", "content/_data/figures.yaml": figures}
    )
    assert run_cli("build", "--source", site).code == 0
    html = (site / "public/a/index.html").read_text()
    assert '<span class="fig">12</span><sup class="cite">' in html
    assert "Field Office, <cite>Station survey</cite>, retrieved 21 November 2026." in html


def test_index_md_is_its_folders_page_and_links_to_it_reach_the_folder(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "index.md": "# Home\n\nSee [extensions](extensions/index.md#tables) and [a](a.md).\n",
            "a.md": "# A\n\nBack [home](index.md), [up](./).\n",
            "extensions/index.md": "# Extensions\n\n## Tables\n\nText.\n",
        }
    )
    result = run_cli("build", "--source", site)
    assert result.code == 0, result.err
    public = site / "public"
    assert not (public / "index").exists() and not (public / "extensions" / "index").exists()
    home = (public / "index.html").read_text()
    assert "<h1>Home</h1>" in home or ">Home<" in home
    assert 'href="/extensions/#tables"' in home
    assert 'href="/"' in (public / "a" / "index.html").read_text()
    assert "Extensions" in (public / "extensions" / "index.html").read_text()


def test_index_md_and_index_md_in_one_folder_is_an_error_naming_both(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({"docs/_index.md": "# A\n", "docs/index.md": "# B\n", "a.md": "# A\n"})
    result = run_cli("build", "--source", site)
    assert result.code == 1
    assert result.err.startswith(
        "error: docs/index.md: docs/_index.md and docs/index.md are both the page of their folder"
    ), result.err


def test_a_bare_folder_is_treated_as_itself(
    make_site: Callable[[SiteFiles], Path],
    run_cli: Callable[..., Run],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    site = make_site(
        {
            "index.md": "# Home\n\nSee [here](a.md).\n",
            "a.md": "---\ndescription: D\n---\n# A\n\n[x](nope.md) ![map](img/map.png)\n",
            ".hidden/notes.md": "# Notes\n",
        }
    )
    checked = run_cli("check", "--source", site)
    assert "error: a.md:6: link to a missing page: nope.md\n  hint:" in checked.out
    assert "error: a.md:6: link to a missing file: img/map.png\n  hint:" in checked.out
    assert "the title of /a/, not 'here'" in checked.out
    assert "content/" not in checked.out + checked.err
    assert "mvsite.yaml" not in checked.out + checked.err
    (site / "a.md").write_text("---\ndescription: D\n---\n# A\n")
    (site / "mvsite.yaml").write_text("title: T\n")
    built = run_cli("build", "--source", site)
    assert built.code == 0, built.err
    published = {p.relative_to(site / "public").as_posix() for p in (site / "public").rglob("*")}
    assert "mvsite.yaml" not in published and not any(".hidden" in p for p in published)
    (site / "mvsite.yaml").unlink()
    shutil.rmtree(site / ".mvsite-cache")  # written beside the config while there was one
    assert run_cli("build", "--source", site).code == 0
    assert not (site / ".mvsite-cache").exists()
    assert list((tmp_path / "user-cache" / "mvsite").iterdir())
