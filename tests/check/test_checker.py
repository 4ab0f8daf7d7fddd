"""`mvsite check`: a site with planted problems, each reported once at its source line."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from mvsite.build.pipeline import BuildOptions
from mvsite.check.checker import build_for_check, check_site, figure_issues
from mvsite.check.htmlcheck import scan_site

from ..conftest import SITES, Run, SiteFiles
from ..linkserver import serve

PLANTED = SITES / "check"
TODAY = "1795305600"  # 2026-11-22 00:00 UTC

# Every finding below is one planted problem; the site's files say which is which.
PLANTED_REPORT = """\
warning: content/_data/figures.yaml:11: figure 'visitors' is as of 2024-06-30, 875 days ago \
(figure_max_age_days: 365)
  hint: look for a newer figure at the source and update value and as_of
warning: content/_data/figures.yaml:11: figure 'visitors' is not cited on any page
  hint: cite it in a page as [[fig:visitors]], or remove it

error: content/guide/broken.md:3: unknown key 'tilte'
  hint: did you mean 'title'?

warning: content/guide/first.md:2: title is 65 characters; search results show about 60
  hint: shorten the title; the description can say the rest
warning: content/guide/first.md:3: description is 175 characters; search results show about 160
  hint: keep it to one sentence that says what the page offers
warning: content/guide/first.md:5: 'updated' (2026-02-01) is before 'date' (2026-03-01)
  hint: 'date' is when the page was first published, 'updated' when it last changed
error: content/guide/first.md:7: link text 'click here' does not say where the link goes
  hint: name where it goes: the title of /facts/, not 'click here'
error: content/guide/first.md:9: image /guide/map.png has no alt text
  hint: describe what it shows: ![A map of the research parks](map.png)
warning: content/guide/first.md:11: heading 'Too deep' skips a level: h4 after h1
  hint: make it ## Too deep, or add the missing level above it
error: content/guide/first.md:13: id 'main' is used twice on this page (also by the page \
template)
  hint: give one of them another id, e.g. ## Heading {#another-id}
error: content/guide/first.md:15: link to ../facts.md#nope: no heading or id 'nope' there
  hint: ids on that page: fig-stations, fig-visitors, main
error: content/guide/first.md:15: link to a missing page: content/guide/gone.md
  hint: check the file name and folder
error: content/guide/first.md:15: link to / has no text
  hint: write what it leads to between the brackets: [Its title](its-file.md)

warning: content/guide/lost.md: no navigation or link reaches this page
  hint: link to it from a page or its section's page, or mark it draft: true

error: public/facts/index.html:17: link to /archive/: no such page or file in the built site
  hint: fix the URL in the template
error: public/facts/index.html:18: image /guide/map.png has no alt text
  hint: add alt="what it shows" (alt="" only with role="presentation")

9 errors, 7 warnings in 5 files (6 pages checked)
"""


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fixed 'today', and no GitHub Actions unless a test asks for it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1")  # the link checker's server is local


def test_every_planted_problem_is_reported_once_at_its_line(run_cli: Callable[..., Run]) -> None:
    result = run_cli("check", "--source", PLANTED)
    assert (result.code, result.err) == (1, "")
    assert result.out == PLANTED_REPORT


def test_check_writes_nothing(run_cli: Callable[..., Run]) -> None:
    before = sorted(PLANTED.rglob("*"))
    run_cli("check", "--source", PLANTED)
    assert sorted(PLANTED.rglob("*")) == before


def test_json_report(run_cli: Callable[..., Run]) -> None:
    result = run_cli("check", "--source", PLANTED, "--format", "json")
    report = json.loads(result.out)
    assert result.code == 1
    assert (report["errors"], report["warnings"]) == (9, 7)
    assert report["issues"][2] == {
        "path": "content/guide/broken.md",
        "line": 3,
        "severity": "error",
        "rule": "build",
        "message": "unknown key 'tilte'",
        "hint": "did you mean 'title'?",
    }
    assert {i["rule"] for i in report["issues"]} == {
        "alt-text", "build", "description", "duplicate-id", "figure-age", "figure-unused",
        "front-matter", "heading-order", "link", "link-text", "orphan", "title",
    }  # fmt: skip


def test_github_annotations_in_actions(
    run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.chdir(SITES)
    result = run_cli("check", "--source", "check")
    assert result.out.startswith(PLANTED_REPORT)
    annotations = result.out.removeprefix(PLANTED_REPORT).splitlines()
    assert len(annotations) == 16
    assert annotations[3] == (
        "::warning file=check/content/guide/first.md,line=2,title=mvsite check::"
        "title is 65 characters; search results show about 60 — "
        "shorten the title; the description can say the rest"
    )
    assert annotations[13] == (
        "::warning file=check/content/guide/lost.md,title=mvsite check::"
        "no navigation or link reaches this page — "
        "link to it from a page or its section's page, or mark it draft: true"
    )


def test_json_has_no_annotations_even_in_actions(
    run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run_cli("check", "--source", PLANTED, "--format", "json")
    assert json.loads(result.out)["errors"] == 9


PAGE = "---\ntitle: {title}\ndescription: About {title}.\n---\n{body}\n"


def page(title: str, body: str = "Text.") -> str:
    return PAGE.format(title=title, body=body)


CONFIG = "title: T\nbase_url: https://mvsite.github.io/\n"


def check(make_site: Callable[[SiteFiles], Path], files: SiteFiles, *args: str) -> list[str]:
    """The issue lines `mvsite check` prints for a small site (no summary)."""
    site = make_site({"mvsite.yaml": CONFIG, "content/_index.md": page("Home"), **files})
    site_built = build_for_check(BuildOptions(site, drafts="--drafts" in args))
    scan = scan_site(site_built, Path("public"))
    issues = check_site(site_built, scan, dt.date(2026, 11, 22))
    return [f"{i.location}: {i.severity}: {i.message}" for i in issues]


def test_a_clean_site_passes(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({"mvsite.yaml": CONFIG, "content/_index.md": page("Home", "[A](a.md)")})
    (site / "content" / "a.md").write_text(page("A", "[Home](_index.md)"))
    assert run_cli("check", "--source", site) == Run(0, "No problems found in 3 pages.\n", "")


def test_warnings_alone_pass_unless_strict(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({"mvsite.yaml": CONFIG, "content/_index.md": "---\ntitle: Home\n---\n"})
    result = run_cli("check", "--source", site)
    assert result.code == 0
    assert result.out.startswith("warning: content/_index.md:1: page has no description")
    assert result.out.endswith("\n0 errors, 1 warning in 1 file (2 pages checked)\n")
    assert run_cli("check", "--source", site, "--strict").code == 1


def test_a_mkdocs_projects_broken_links_are_warnings_as_its_build_says(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    """A site at a host's root links to its siblings there (https://host/other-project/),
    which no build of its own makes: MkDocs does not fail on them, and check warns."""
    body = '# Home\n\nDescribed.\n\n<a href="https://example.dev/sibling/">Sibling project</a>\n'
    mkdocs = "site_name: P\nsite_url: https://example.dev/\nmarkdown_extensions: [md_in_html]\n"
    site = make_site({"mkdocs.yml": mkdocs, "docs/index.md": body})
    result = run_cli("check", "--source", site)
    assert result.code == 0, result.out
    said = "https://example.dev/sibling/: no such page or file in the built site"
    assert f"warning: docs/index.md:5: link to {said}" in result.out
    assert run_cli("check", "--source", site, "--strict").code == 1


def test_a_problem_that_stops_even_check_is_one_error_line(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({"mvsite.yaml": "titel: x\n"})
    assert run_cli("check", "--source", site) == Run(
        1,
        "error: mvsite.yaml:1: unknown key 'titel'\n  hint: did you mean 'title'?\n\n"
        "1 error, 0 warnings in 1 file (0 pages checked)\n",
        "",
    )


def test_a_problem_that_stops_check_says_the_mistakes_found_with_it(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({"content/_data/d.yaml": "x: 1\nx: 2\nday: 2024-13-01\n"})
    result = run_cli("check", "--source", site)
    assert result.code == 1
    assert result.out.startswith(
        "error: content/_data/d.yaml:2: duplicate key 'x'\n"
        "  hint: YAML keeps only the last one: remove or rename one of them\n"
        "error: content/_data/d.yaml:3: '2024-13-01' looks like a date but is not one"
    )
    assert "2 errors, 0 warnings" in result.out


def test_a_bad_source_date_epoch_is_an_error(
    make_site: Callable[[SiteFiles], Path],
    run_cli: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    site = make_site({"content/_index.md": page("Home")})
    result = run_cli("check", "--source", site)
    assert result.code == 1
    assert "SOURCE_DATE_EPOCH must be whole seconds since 1970 (got 'yesterday')" in result.out


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("[Read more…](a.md)", "link text 'Read more…' does not say where the link goes"),
        ("[HERE](a.md)", "link text 'HERE' does not say where the link goes"),
        ("[more →](a.md)", "link text 'more →' does not say where the link goes"),
        ("[this page](a.md)", "link text 'this page' does not say where the link goes"),
        ("[](a.md)", "link to /a/ has no text"),
        ("[**A page**](a.md)", None),
        ("[![The A page](a.png)](a.md)", None),
        ("[here and there](a.md)", None),
    ],
)
def test_link_text(make_site: Callable[[SiteFiles], Path], text: str, reported: str | None) -> None:
    files = {"content/b.md": page("B", f"See\n{text}\n"), "content/a.md": page("A")}
    files["content/a.png"] = b"png"
    expected = [f"content/b.md:6: error: {reported}"] if reported else []
    assert check(make_site, files) == expected


def test_an_aria_label_names_a_link_without_text(
    make_site: Callable[[SiteFiles], Path],
) -> None:
    body = '<a href="/a/" aria-label="The A page"></a> and <a href="/a/">here</a>'
    files = {"mvsite.yaml": CONFIG + "allow_html: true\n", "content/b.md": page("B", body)}
    assert check(make_site, {**files, "content/a.md": page("A")}) == [
        "content/b.md:5: error: link text 'here' does not say where the link goes"
    ]


def test_links_in_raw_html_are_checked_too(make_site: Callable[[SiteFiles], Path]) -> None:
    body = 'Fine [A](a.md).\n\n<a href="../nope/">Nope</a> <img src="x.png" alt="X">\n'
    files = {"mvsite.yaml": CONFIG + "allow_html: true\n", "content/b.md": page("B", body)}
    assert check(make_site, {**files, "content/a.md": page("A")}) == [
        "content/b.md:7: error: image x.png: no such file",
        "content/b.md:7: error: link to ../nope/: no such page or file in the built site",
    ]


def test_duplicate_ids_in_the_body(make_site: Callable[[SiteFiles], Path]) -> None:
    body = "## One {#same}\n\nText.\n\n## Two {#same}\n"
    assert check(make_site, {"content/b.md": page("B", body)}) == [
        "content/b.md:9: error: id 'same' is used twice on this page (also by line 5)"
    ]


def test_heading_levels(make_site: Callable[[SiteFiles], Path]) -> None:
    body = "## Two\n\n### Three\n\n## Two again\n\n#### Four\n\nSetext\n======\n"
    assert check(make_site, {"content/b.md": page("B", body)}) == [
        "content/b.md:11: warning: heading 'Four' skips a level: h4 after h2",
    ]


def test_a_template_link_without_the_sub_path_leaves_the_site(
    make_site: Callable[[SiteFiles], Path],
) -> None:
    template = '<title>{{ page.title }}</title>\n<a href="/site/b/">B</a> <a href="/b/">B</a>\n'
    files = {
        "mvsite.yaml": "title: T\nbase_url: https://mvsite.github.io/site/\n",
        "content/b.md": page("B") + "",
        "content/c.md": "---\ntitle: C\ndescription: D.\ntemplate: c.html\n---\n",
        "templates/c.html": template,
    }
    assert check(make_site, files) == [
        "public/c/index.html:2: error: link to /b/: outside the site",
    ]


def test_pages_no_link_reaches(make_site: Callable[[SiteFiles], Path]) -> None:
    # The packaged theme lists every page in its section: only a bare template hides one.
    files = {
        "templates/page.html": "<title>{{ page.title }}</title>{{ page.html }}",
        "templates/section.html": "<title>{{ page.title }}</title>{{ page.html }}",
        "templates/home.html": "<title>{{ page.title }}</title>{{ page.html }}",
        "content/_index.md": page("Home", "[A](a.md)"),
        "content/a.md": page("A", "[B](b.md)"),
        "content/b.md": page("B", "[A](a.md)"),
        "content/c.md": page("C", "[D](d.md)"),
        "content/d.md": page("D", "[C](c.md)"),
    }
    assert check(make_site, files) == [
        "content/c.md: warning: no navigation or link reaches this page",
        "content/d.md: warning: no navigation or link reaches this page",
    ]


def test_figure_age_counts_from_the_given_day() -> None:
    site = build_for_check(BuildOptions(PLANTED))
    figures = site.data.figures
    rendered = site.rendered

    def rules(day: dt.date, max_age: int) -> list[str]:
        return [i.rule for i in figure_issues(figures, rendered, day, max_age)]

    assert rules(dt.date(2025, 6, 30), 365) == ["figure-unused"]
    assert rules(dt.date(2025, 7, 1), 365) == ["figure-age", "figure-unused"]
    assert rules(dt.date(2027, 1, 11), 365) == ["figure-age", "figure-age", "figure-unused"]


def test_the_bundled_site_passes(run_cli: Callable[..., Run]) -> None:
    root = Path(__file__).parent.parent.parent
    result = run_cli("check", "--source", root)
    assert result.code == 0, result.out


def test_external_links_are_warnings_unless_strict(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    with serve() as (base, log):
        body = f"[Fine]({base}/ok) and [gone]({base}/gone).\n\n![A chart]({base}/ok.png)\n"
        site = make_site({"mvsite.yaml": CONFIG, "content/_index.md": page("Home", body)})
        first = run_cli("check", "--source", site, "--external")
        assert first.code == 0
        assert first.out.splitlines()[0] == (
            f"warning: content/_index.md:5: external link {base}/gone: HTTP 404"
        )
        assert first.out.splitlines()[1] == (
            "  hint: open it in a browser; fix the address, link to an archived copy, or remove it"
        )
        strict = run_cli("check", "--source", site, "--external-strict")
        assert strict.code == 1
        assert strict.out.startswith(f"error: content/_index.md:5: external link {base}/gone")
        # (The image loads only with external_images, and over https: a warning.)
        plain = run_cli("check", "--source", site)
        assert plain.code == 0 and "image from another site" in plain.out
    # Good answers come from the cache on the second run; failures are asked again.
    assert (log.count("/ok"), log.count("/ok.png"), log.count("/gone")) == (1, 1, 4)
    assert (site / ".mvsite-cache" / "external-links.json").is_file()


def test_a_page_that_cannot_be_read_is_its_error_alone_and_its_translations_counted(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    root, site = Path(__file__).parent.parent.parent, tmp_path / "site"
    for part in ("content", "templates", "static"):
        shutil.copytree(root / part, site / part)
    shutil.copy(root / "mvsite.yaml", site / "mvsite.yaml")
    cancer = site / "content/research/cancer.md"
    cancer.write_text(cancer.read_text().replace("---\n", "---\ndate: 2024-13-45\n", 1))
    result = run_cli("check", "--source", site, "--base-url", "https://example.org/")
    errors = [line for line in result.out.splitlines() if line.startswith("error: ")]
    assert (result.code, errors) == (
        1,
        [
            "error: content/research/cancer.md:2: '2024-13-45' looks like a date but is not"
            " one (month must be in 1..12)"
        ],
    )
    counts = [line.split()[:4] for line in result.out.splitlines()[-2:]]
    assert counts == [["da", "(Dansk)", "10", "0"], ["sv", "(Svenska)", "10", "0"]]
