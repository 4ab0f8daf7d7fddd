"""A MkDocs project (mkdocs.yml and docs/) builds as it stands, and `init --from mkdocs`."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ..conftest import Run, SiteFiles

MKDOCS_YML = """\
site_name: My Project
site_url: https://docs.example.org/proj/
repo_url: https://github.com/x/y
theme:
  name: material
plugins:
  - search
  - mkdocstrings
nav:
  - Home: index.md
  - 'User guide':
      - 'Install it': guide/install.md
      - guide/usage.md
  - About: about.md
  - GitHub: https://github.com/x/y
markdown_extensions:
  - toc:
      permalink: true
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
extra:
  version: "1.2"
exclude_docs: |
  drafts/
"""
PROJECT = {
    "mkdocs.yml": MKDOCS_YML,
    "README.md": "# Not a page: outside docs/\n",
    "docs/index.md": "# Welcome\n\nSee [install](guide/install.md) and [about](about.md#team).\n",
    "docs/guide/install.md": '# Installation\n\n```text title="shell"\npip install x\n```\n',
    "docs/guide/usage.md": "# Usage\n\n::: package.module\n",
    "docs/about.md": "---\nhide:\n  - toc\n---\n# About\n\n## Team\n\nUs.\n",
    "docs/drafts/x.md": "# Draft\n\n[broken](nope.md)\n",
    "docs/templates/python/class.html": '<a href="{{ class.url }}">x</a>\n',  # MkDocs skips it
}


def _pages(public: Path) -> list[str]:
    return sorted(p.relative_to(public).as_posix() for p in public.rglob("index.html"))


def _menu(html: str) -> list[str]:
    menu = re.search(r'<nav class="site-nav" aria-label="Main">([\s\S]*?)</nav>', html)
    assert menu is not None
    return re.findall(r">([^<>]+)</a>", menu.group(1))


def test_a_mkdocs_project_builds_as_it_stands(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site(PROJECT)
    result = run_cli("build", "-s", site)
    assert result.code == 0, result.err
    public = site / "public"
    assert _pages(public) == [
        "about/index.html",
        "guide/index.html",
        "guide/install/index.html",
        "guide/usage/index.html",
        "index.html",
    ]
    install = (public / "guide/install/index.html").read_text()
    # The nav titles the page (its <title>, the menu); its own heading stays, as in MkDocs.
    assert "<title>Install it · My Project" in install
    assert "<h1>Installation</h1>" in install
    # The menu is the nav: its groups titled, the page's open, nav order and titles, links.
    assert _menu(install) == ["Home", "Install it", "Usage", "About", "GitHub"]
    assert "<details open><summary>User guide</summary>" in install
    assert '<span class="filename">shell</span>' in install  # pymdownx.superfences
    home = (public / "index.html").read_text()
    assert 'href="/proj/about/#team"' in home
    assert result.err.count("mkdocs.yml settings mvsite does not use") == 1
    assert (
        "warning: mkdocs.yml:3: mkdocs.yml settings mvsite does not use: repo_url, theme,"
        " plugin mkdocstrings\n" in result.err
    )
    assert not (site / "docs" / ".mvsite-cache").exists()
    assert not (public / "templates").exists()


def test_init_from_mkdocs_writes_the_equivalent_mvsite_yaml(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run], tmp_path: Path
) -> None:
    site = make_site(PROJECT)
    assert run_cli("build", "-s", site, "-o", tmp_path / "as-mkdocs").code == 0
    result = run_cli("init", "--from", "mkdocs", "-s", site)
    assert result.code == 0, result.err
    written = (site / "mvsite.yaml").read_text()
    assert 'title: "My Project"\nbase_url: "https://docs.example.org/proj/"\n' in written
    assert 'docs_dir: "docs"\nallow_html: true  # MkDocs keeps' in written
    assert '\nnav: ["guide", "about"]\n' in written
    assert "format: !!python/name:pymdownx.superfences.fence_code_format\n" in written
    built = run_cli("build", "-s", site, "-o", tmp_path / "as-mvsite")
    assert built.code == 0, built.err
    assert _pages(tmp_path / "as-mvsite") == _pages(tmp_path / "as-mkdocs")
    again = run_cli("init", "--from", "mkdocs", "-s", site)
    assert again.code == 1 and "mvsite.yaml exists already" in again.err


def test_a_broken_link_in_a_mkdocs_project_is_a_warning_as_in_mkdocs(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    # MkDocs' validation defaults: a missing file is a warning, a missing #anchor or a root
    # link (a versioned site's /dev/, published by another build) a note; --strict refuses.
    site = make_site(
        {
            "mkdocs.yml": "site_name: P\n",
            "docs/index.md": "# Home\n\nSee [a](a.md#gone).\n\nAnd [dev](/dev/a/).\n\n"
            "[Made by a plugin](llms.txt), [out](../README.md)\n",
            "docs/a.md": "# A\n\n## Here\n",
        }
    )
    result = run_cli("build", "-s", site)
    assert result.code == 0, result.err
    for said in (
        "warning: docs/index.md:3: link to a.md#gone: no heading or id 'gone' there",
        "warning: docs/index.md:5: link to /dev/a/: no such page or file in the built site",
        "warning: docs/index.md:7: link to a missing file: docs/llms.txt",
        "warning: docs/index.md:7: link '../README.md' leaves the content folder",
    ):
        assert said in result.err
    assert run_cli("build", "-s", site, "--strict").code == 1
    (site / "mkdocs.yml").rename(site / "mkdocs.off")
    (site / "mvsite.yaml").write_text("docs_dir: docs\n")  # the same pages, as mvsite's own
    failed = run_cli("build", "-s", site)
    assert failed.code == 1
    assert "error: docs/index.md:7: link to a missing file: docs/llms.txt" in failed.err


def test_relative_config_dir_in_extension_options_is_the_projects_folder_as_in_mkdocs(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run], tmp_path: Path
) -> None:
    site = make_site(
        {
            "mkdocs.yml": "site_name: P\nmarkdown_extensions:\n  - pymdownx.snippets:\n"
            "      base_path: [!relative $config_dir]\n      check_paths: true\n",
            "CHANGELOG.md": "Version 1.0: the first.\n",
            "docs/index.md": '# Home\n\n--8<-- "CHANGELOG.md"\n',
        }
    )
    result = run_cli("build", "-s", site, "-o", tmp_path / "out")  # from another folder
    assert result.code == 0, result.err
    assert "Version 1.0: the first." in (tmp_path / "out" / "index.html").read_text()


def test_a_folder_without_pages_is_no_section_as_in_mkdocs(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "mkdocs.yml": "site_name: P\n",
            "docs/index.md": "# Home\n\n![A bee](img/bee.png)\n",
            "docs/guide.md": "# Guide\n",
            "docs/img/bee.png": b"\x89PNG\r\n\x1a\n",
            "docs/overrides/partials/toc-item.html": "<li>{{ toc_item.title }}</li>\n",
        }
    )
    result = run_cli("build", "-s", site)
    assert result.code == 0, result.err
    public = site / "public"
    assert _pages(public) == ["guide/index.html", "index.html"]
    assert (public / "img/bee.png").is_file()
    assert _menu((public / "index.html").read_text()) == ["Guide"]


def test_raw_html_in_a_mkdocs_project_is_kept_sanitised_as_mkdocs_keeps_it(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    """Before, it was shown as text: a README's centred logo, a comment for the authors."""
    page = (
        '# Home\n\n<p align="center"><em>Hello</em></p>\n\n<!-- TODO: not for readers -->\n\n'
        '<div onclick="alert(1)">Box</div>\n'
    )
    site = make_site({"mkdocs.yml": "site_name: P\n", "docs/index.md": page})
    result = run_cli("build", "-s", site)
    assert result.code == 0, result.err
    html = (site / "public/index.html").read_text()
    assert "<p><em>Hello</em></p>" in html  # (align= is dropped, with a warning)
    assert "TODO" not in html and "&lt;" not in html and "onclick" not in html
    assert "warning: docs/index.md:7: onclick= on <div> removed" in result.err


def test_a_page_whose_body_begins_with_its_own_h1_has_one(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    """A page that is a snippet of the project's changelog: its h1 is the snippet's, as in
    MkDocs (before, the nav's title stood above it as a second h1)."""
    site = make_site(
        {
            "mkdocs.yml": "site_name: P\nnav:\n  - Home: index.md\n  - Changes: changelog.md\n"
            "markdown_extensions:\n  - pymdownx.snippets\n",
            "CHANGELOG.md": "# Changelog\n\n## 1.0\n\nFirst.\n",
            "docs/index.md": "# Home\n\nHello.\n",
            "docs/changelog.md": '--8<-- "CHANGELOG.md"\n',
        }
    )
    result = run_cli("build", "-s", site)
    assert result.code == 0, result.err
    changes = (site / "public/changelog/index.html").read_text()
    assert changes.count("<h1") == 1 and '<h1 id="changelog">Changelog</h1>' in changes
    assert "<title>Changes · P</title>" in changes
    assert (site / "public/index.html").read_text().count("<h1") == 1


def test_a_body_that_begins_with_an_h1_keeps_it_wherever_the_page_has_its_own(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    """Only a page whose heading is not its own '# H1' shows its body's leading h1 in the
    heading's place; a site's own page.html gets the body whole."""
    page = '<h1 align="center">Hive</h1>\n\nIntro.\n\n# Installation\n\nRun it.\n'
    site = make_site(
        {
            "mkdocs.yml": "site_name: P\nnav:\n  - Home: index.md\n  - Setup: other.md\n",
            "docs/index.md": "# Home\n",
            "docs/other.md": page,
        }
    )
    assert run_cli("build", "-s", site).code == 0
    other = (site / "public/other/index.html").read_text()
    assert "<h1>Installation</h1>" in other and "<h1>Hive</h1>" in other
    own = make_site(
        {
            "mvsite.yaml": "title: T\n",
            "templates/page.html": "<h1>{{ page.title }}</h1>\n{{ page.html }}\n",
            "content/a.md": "---\ntitle: A\ndescription: D.\n---\n\n# Body heading\n\nText.\n",
        }
    )
    assert run_cli("build", "-s", own).code == 0
    built = (own / "public/a/index.html").read_text()
    assert built == '<h1>A</h1>\n<h1 id="body-heading">Body heading</h1>\n<p>Text.</p>\n'
