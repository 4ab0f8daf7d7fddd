from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from mvsite import __version__

from .conftest import PUBLISHED_URL, SITES, Run, SiteFiles, copy_site, tree_bytes

PAGE = "---\ntitle: T\ndescription: D\n---\nBody\n"


def test_version_and_help(run_cli: Callable[..., Run]) -> None:
    assert run_cli("--version") == Run(0, f"mvsite {__version__}\n", "")
    result = run_cli("--help")
    assert result.code == 0 and "build" in result.out


def test_bad_usage_exits_2(run_cli: Callable[..., Run]) -> None:
    result = run_cli("build", "--nope")
    assert result.code == 2
    assert "mvsite build: error: unrecognized arguments: --nope" in result.err
    assert result.err.startswith("usage: mvsite build ")  # the subcommand's own usage
    assert run_cli().code == 2


def test_the_bundled_site_builds_strictly(tmp_path: Path, run_cli: Callable[..., Run]) -> None:
    root = SITES.parent.parent
    result = run_cli(
        "build",
        "--source",
        root,
        "--output",
        tmp_path / "out",
        "--strict",
        "--base-url",
        PUBLISHED_URL,
    )
    assert result.code == 0, result.err


DESCRIBED = "---\ntitle: A\ndescription: One page.\n---\nText.\n"


def test_strict_refuses_a_reserved_example_domain_in_the_config(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site(
        {"mvsite.yaml": "title: T\nbase_url: https://www.example.org/\n", "content/a.md": DESCRIBED}
    )
    result = run_cli("build", "--source", site, "--strict")
    assert result.code == 1
    assert result.err.splitlines()[:2] == [
        "error: mvsite.yaml:2: base_url https://www.example.org/ is a reserved example domain"
        " (RFC 2606): canonical links, og:url, the sitemap and JSON-LD ids would point nowhere",
        "  hint: set base_url: in mvsite.yaml to the address the site is published at, or pass"
        " --base-url URL (the hosted workflow passes the Pages address)",
    ]
    assert not (site / "public").exists()
    # The address given with the build replaces the placeholder.
    good = run_cli("build", "--source", site, "--strict", "--base-url", "https://mv.github.io/")
    assert good.code == 0, good.err


@pytest.mark.parametrize(
    "url", ["https://docs.example/", "http://site.test/x/", "https://localhost/"]
)
def test_strict_refuses_a_reserved_base_url_option(
    url: str, make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({"mvsite.yaml": "title: T\n", "content/a.md": DESCRIBED})
    result = run_cli("build", "--source", site, "--strict", "--base-url", url)
    assert result.code == 1
    assert result.err.startswith(f"error: --base-url: base_url {url} is a reserved example domain")


def test_strict_refuses_a_missing_base_url_with_a_hint(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({"mvsite.yaml": "title: T\n", "content/a.md": DESCRIBED})
    result = run_cli("build", "--source", site, "--strict")
    assert result.code == 1
    assert result.err.startswith("error: mvsite.yaml: no base_url (an absolute http(s) address)")
    assert "  hint: set base_url: in mvsite.yaml" in result.err


def test_a_placeholder_base_url_warns_once_without_strict(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    pages = {f"content/p{i}.md": DESCRIBED for i in range(3)}
    site = make_site({"mvsite.yaml": "base_url: https://example.com/\n", **pages})
    result = run_cli("build", "--source", site)
    assert result.code == 0
    lines = result.err.splitlines()
    assert [line for line in lines if line.startswith("warning")] == [
        "warning: mvsite.yaml:1: base_url https://example.com/ is a reserved example domain"
        " (RFC 2606): canonical links, og:url, the sitemap and JSON-LD ids would point nowhere"
    ]


def test_the_bundled_config_names_no_placeholder_address() -> None:
    text = (SITES.parent.parent / "mvsite.yaml").read_text()
    assert "example." not in text


def test_the_installed_command_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mvsite", "build", "--source", str(copy_site("basic", tmp_path / "site")),
         "--output", str(tmp_path / "out")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built 8 pages")


def test_the_command_ends_with_the_exit_code_and_every_line_written(tmp_path: Path) -> None:
    site = copy_site("basic", tmp_path / "site")
    (site / "content" / "broken.md").write_text("# Broken\n\n[gone](gone.md)\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mvsite", "build", "--source", str(site), "--output", str(tmp_path / "out")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.rstrip().splitlines()[-1] == "1 error: nothing was written"
    assert "content/broken.md:3: link to a missing page" in result.stderr


def test_a_mistyped_source_is_a_usage_error_that_creates_nothing(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    missing = tmp_path / "does-not-exist"
    result = run_cli("build", "--source", missing)
    assert result.code == 2
    assert f"mvsite build: error: --source {missing} does not exist\n  hint: " in result.err
    assert not missing.exists()
    (tmp_path / "file.md").write_text("# A\n")
    assert run_cli("check", "-s", tmp_path / "file.md").code == 2


def test_short_flags_and_counts_in_the_singular(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run], tmp_path: Path
) -> None:
    site = make_site({"_index.md": "---\ndraft: true\n---\n# Only page\n"})
    out = tmp_path / "out"
    result = run_cli("build", "-s", site, "-o", out, "-D", "--base-url", "https://x.org/")
    assert result.code == 0, result.err
    assert result.out.startswith(f"Built 1 page into {out}: "), result.out
    assert (out / "index.html").is_file()
    (site / "_index.md").write_text("---\ndraft: true\n---\n# Only page\n\nMore text.\n")
    again = run_cli("build", "-s", site, "-d", out, "-D", "--base-url", "https://x.org/")
    assert ": 1 file written, " in again.out, again.out


def test_every_command_has_a_description(run_cli: Callable[..., Run]) -> None:
    for command in ("build", "check", "new", "serve"):
        help_text = run_cli(command, "--help").out
        assert (
            help_text.split("\n\n")[1].strip() and "options:" not in help_text.split("\n\n")[1]
        ), command


@pytest.mark.parametrize(
    "output", ["static/out", "content/out", "templates", ".mvsite-cache/x", ".", "/"]
)
def test_an_output_folder_inside_the_sources_is_bad_usage(
    output: str, make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    """A build replaces its output and reads its sources: `--output static/out` published the
    last build into itself, `--output content/out` broke the next build."""
    site = make_site({"content/a.md": PAGE, "static/s.css": "p {}\n"})
    before = tree_bytes(site)
    result = run_cli("build", "--source", site, "--output", site / output)
    assert result.code == 2, result.out + result.err
    assert "mvsite build: error: --output " in result.err, result.err
    assert "\n  hint: choose a folder outside content/, static/, templates/" in result.err
    assert tree_bytes(site) == before


def test_pages_only_in_subfolders_all_build(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    """A folder of Markdown in subfolders only built the home page and dropped the rest."""
    files: dict[str, str | bytes] = {f"docs/p{i}.md": PAGE for i in range(40)}
    files.update({f"guide/deep/q{i}.md": PAGE for i in range(10)})
    site = make_site(files)
    result = run_cli("build", "--source", site)
    assert result.code == 0, result.err
    # 50 pages, and the sections home, docs/, guide/ and guide/deep/
    assert result.out.startswith("Built 54 pages into "), result.out
    built = tree_bytes(site / "public")
    for rel in files:
        assert rel.removesuffix(".md") + "/index.html" in built, rel


@pytest.mark.parametrize(
    ("files", "where"),
    [
        ({"mvsite.yaml": "title: T\n", "static/s.css": "p {}\n"}, "{site}"),
        ({"notes.txt": "not Markdown\n", "img/a.png": "png"}, "{site}"),
        ({"content/img/a.png": "png", "content/_data/d.yaml": "a: 1\n"}, "content"),
        ({"content/_drafts/a.md": PAGE, "content/.a.md": PAGE}, "content"),
    ],
)
def test_a_site_without_markdown_is_an_error_naming_the_folder(
    files: dict[str, str],
    where: str,
    make_site: Callable[[SiteFiles], Path],
    run_cli: Callable[..., Run],
) -> None:
    site = make_site(files)
    result = run_cli("build", "--source", site)
    assert result.code == 1, result.out + result.err
    expected = where.format(site=site)
    assert result.err.startswith(f"error: {expected}: no Markdown pages: "), result.err
    assert "\n  hint: add pages as content/*.md" in result.err
    assert not (site / "public").exists()


def test_a_page_without_a_title_builds_and_warns_only_in_strict_mode(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "mvsite.yaml": "base_url: https://x.org/\n",
            "content/_index.md": PAGE,
            "content/api-reference.md": "---\ndescription: D\n---\nThe modules.\n",
        }
    )
    built = run_cli("build", "-s", site)
    assert (built.code, built.err) == (0, "")
    assert "<title>Api reference" in (site / "public/api-reference/index.html").read_text()
    strict = run_cli("build", "-s", site, "--strict", "--no-cache")
    assert strict.code == 1
    assert strict.err.startswith(
        "error: content/api-reference.md:1: page has no title, so it is named after its file:"
        " 'Api reference'\n"
    ), strict.err


def test_foreign_front_matter_is_kept_with_one_grouped_warning(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    foreign = "---\ntitle: T\ndescription: D\nhide: [toc]\nicon: book\n---\nBody\n"
    site = make_site(
        {
            "mvsite.yaml": "base_url: https://x.org/\n",
            "content/_index.md": PAGE,
            "content/a.md": foreign,
            "content/b.md": "---\ntitle: B\ndescription: D\nstatus: new\nhide: [nav]\n---\nText\n",
            "templates/page.html": "{{ page.meta.hide | join(',') }} {{ page.meta.get('icon', '') }}",
        }
    )
    built = run_cli("build", "-s", site)
    assert built.code == 0, built.err
    assert built.err == (
        "warning: content/a.md:4: front matter keys mvsite does not use, kept for templates as "
        "page.meta: hide (2 pages), icon (1 page), status (1 page)\n  hint: list the ones you "
        "mean to keep under allowed_front_matter in the site's config (this is an error with "
        "--strict until then), or remove them\n"
    )
    assert (site / "public/a/index.html").read_text() == "toc book"
    assert run_cli("build", "-s", site, "--strict").code == 1
    (site / "mvsite.yaml").write_text(
        "base_url: https://x.org/\nallowed_front_matter: [hide, icon, status]\n"
    )
    assert run_cli("build", "-s", site, "--strict").code == 0


def test_a_misspelt_front_matter_key_is_still_an_error(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({"content/a.md": "---\ntilte: T\n---\n"})
    result = run_cli("build", "-s", site)
    assert result.err.startswith(
        "error: content/a.md:2: unknown key 'tilte'\n  hint: did you mean 'title'?"
    ), result.err


def test_a_build_says_every_mistake_of_a_front_matter(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "mvsite.yaml": "base_url: https://x.org/\n",
            "content/_index.md": PAGE,
            "content/a.md": '---\ntitle: 2024\ndescription: D\nweight: "3"\n---\nBody\n',
        }
    )
    built = run_cli("build", "-s", site)
    assert built.code == 1
    assert [line for line in built.err.splitlines() if not line.startswith("  hint")] == [
        "error: content/a.md:2: 'title' must be text (got 2024)",
        "error: content/a.md:4: 'weight' must be a whole number (got '3')",
        "2 errors: nothing was written",
    ]
