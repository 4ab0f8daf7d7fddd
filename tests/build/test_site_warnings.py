"""What a build warns of but publishes: each warning once, in check's words where check has
the same finding; pages without text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import Run, SiteFiles, copy_site

BASE = "https://mvsite.github.io/"
ORPHANS = (
    "error: content/research/cancer.da.md: translation (da) of content/research/cancer.md,"
    " which does not exist\n"
    "  hint: rename it after its original, or delete it\n"
)


def _renamed_original(tmp_path: Path) -> Path:
    """The languages site with research/cancer.md renamed, its links with it, and its Danish
    translation left as it was."""
    site = copy_site("languages", tmp_path / "site")
    research = site / "content/research"
    (research / "cancer.md").rename(research / "oncology.md")
    for index in (site / "content/_index.md", site / "content/_index.da.md"):
        index.write_text(index.read_text().replace("cancer.md", "oncology.md"))
    return site


def test_a_translation_whose_original_was_renamed_is_a_warning_of_the_build(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    site = _renamed_original(tmp_path)
    built = run_cli("build", "--source", site, "--strict", "--base-url", BASE)
    assert built.code == 1
    assert built.err == ORPHANS + "error: 1 warning(s) in --strict mode; nothing was written\n"
    assert not (site / "public").exists()


def test_check_says_it_once_under_its_own_rule(tmp_path: Path, run_cli: Callable[..., Run]) -> None:
    site = _renamed_original(tmp_path)
    checked = run_cli("check", "--source", site)
    assert checked.out.count("translation (da) of content/research/cancer.md") == 1
    assert ORPHANS.replace("error:", "warning:") in checked.out
    as_json = run_cli("check", "--source", site, "--format", "json").out
    assert as_json.count('"translation-orphan"') == 1


def test_a_page_not_translated_warns_once_not_once_per_language(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    """Its copies in Danish and Swedish say what it says, at the same lines."""
    site = copy_site("languages", tmp_path / "site")
    page = site / "content/research/gene-therapy.md"
    page.write_text("---\ntitle: Gene therapy\n---\n\nGene therapy text. <b>x</b>\n")
    built = run_cli("build", "--source", site, "--strict", "--base-url", BASE)
    assert (built.code, built.err) == (
        1,
        "error: content/research/gene-therapy.md:1: page has no description"
        " (search engines and link previews show it)\n"
        "  hint: add 'description: ...' (one sentence) to the front matter\n"
        "error: content/research/gene-therapy.md:5: raw HTML is shown as text: '<b>'\n"
        "  hint: allow_html: true in mvsite.yaml keeps it (sanitised), or write it in Markdown\n"
        "error: 2 warning(s) in --strict mode; nothing was written\n",
    )


FRONT = "---\ntitle: {}\ndescription: D.\n---\n"
Build = Callable[..., Run]


@pytest.fixture
def build_with(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run], tmp_path: Path
) -> Build:
    """Build a site of a home page and `files`, with `options` (into an output of its own)."""

    def build(files: SiteFiles, *options: str) -> Run:
        site = make_site(
            {
                "mvsite.yaml": "title: T\nbase_url: https://mvsite.github.io/\n",
                "content/index.md": FRONT.format("Home") + "Welcome.\n",
                **files,
            }
        )
        return run_cli("build", *options, "-s", site, "-o", tmp_path / f"public{len(options)}")

    return build


def test_a_page_without_text_is_warned_of_once_and_fails_strict(build_with: Build) -> None:
    """It was published with its title alone (and listed in its section), with no word."""
    files = {
        "content/stub.md": FRONT.format("Stub") + "\n  \n",
        "content/heading-only.md": "# Heading only\n",
        "content/own.md": "---\ntitle: Own\ndescription: D.\ntemplate: own.html\n---\n",
        "content/guide/_index.md": FRONT.format("Guide"),  # a section lists its pages
        "content/guide/a.md": FRONT.format("A") + "Text.\n",
        "templates/own.html": "<title>{{ page.title }}</title><p>Made by the template.</p>",
    }
    built = build_with(files)
    assert built.code == 0
    assert [line for line in built.err.splitlines() if "no text" in line] == [
        "warning: content/heading-only.md:1: page has no text: it is published with its title"
        " alone",
        "warning: content/stub.md:1: page has no text: it is published with its title alone",
    ]
    assert build_with(files, "--strict").code == 1


def test_pages_in_a_private_folder_are_warned_of_once_per_folder(build_with: Build) -> None:
    """A Jekyll site's _posts/ was left out, its posts all missing, without a word."""
    built = build_with(
        {
            "content/_posts/2021-08-02-hello.md": FRONT.format("Hello") + "Hi.\n",
            "content/_posts/2021/2021-09-01-more.md": FRONT.format("More") + "More.\n",
            "content/_drafts/later.md": FRONT.format("Later") + "Soon.\n",  # said by its name
            "content/_includes/note.html": "<p>Note</p>\n",  # no Markdown: nothing to say
        }
    )
    assert (built.code, built.err.splitlines()) == (
        0,
        [
            "warning: content/_posts: not published: a folder whose name starts with '_' is"
            " private, and this one holds 2 Markdown files",
            "  hint: rename it to posts to publish them (each post's date goes in its front"
            " matter: date: YYYY-MM-DD)",
        ],
    )


def test_an_mdx_page_is_warned_of_as_published_as_a_file(build_with: Build) -> None:
    """Docusaurus's pages were published as downloads, and links to them passed every check."""
    built = build_with(
        {
            "content/guide.md": FRONT.format("Guide") + "Read the [docs](docs/guide.mdx).\n",
            "content/docs/guide.mdx": "---\ntitle: Guide\n---\nimport Tabs from '@theme/Tabs';\n",
        }
    )
    assert (built.code, built.err.splitlines()) == (
        0,
        [
            "warning: content/docs/guide.mdx: MDX (Markdown with JSX, as Docusaurus writes it)"
            " is not converted: the file is published as it is, and a link to it downloads it",
            "  hint: rename it to guide.md and write its import lines and JSX components in"
            " Markdown, or delete it",
        ],
    )


def _epoch(day: str) -> str:
    return str(int(dt.datetime.fromisoformat(day + "T12:00:00+00:00").timestamp()))


def test_a_date_in_the_future_is_a_warning_as_of_the_day_the_build_is_given(
    tmp_path: Path, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = copy_site("languages", tmp_path / "site")
    page = site / "content/research/cancer.md"
    page.write_text(page.read_text().replace("---\n", "---\ndate: 2030-01-01\n", 1))
    future = (
        "warning: content/research/cancer.md:2: date 2030-01-01 is in the future\n"
        "  hint: check the date (YYYY-MM-DD)\n"
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2029-12-31"))
    assert future in run_cli("build", "--source", site, "--base-url", BASE).err
    assert future in run_cli("build", "--source", site, "--base-url", BASE).err  # (no-op)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2030-01-01"))
    again = run_cli("build", "--source", site, "--base-url", BASE)
    assert again.code == 0 and "future" not in again.err  # the no-op record's day has passed
