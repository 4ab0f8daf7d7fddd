"""resolve_link: a link as written in a page -> its attribute value, site link or problem."""

from __future__ import annotations

import pytest

from mvsite.markdown.converted import LinkTargets
from mvsite.markdown.link_rules import ResolvedLink, resolve_link

TARGETS = LinkTargets(
    pages={"guide/a.md": "/guide/a/", "guide/_index.md": "/guide/", "b c.md": "/b-c/"},
    assets=frozenset({"guide/img/x.png"}),
    base_path="/site/",
    drafts=frozenset({"guide/draft.md"}),
)


@pytest.mark.parametrize(
    ("written", "resolved"),
    [
        ("a.md", ResolvedLink("/site/guide/a/", ("a.md", "/guide/a/", ""))),
        (
            "a.md?x=1#part",
            ResolvedLink("/site/guide/a/?x=1#part", ("a.md?x=1#part", "/guide/a/", "part")),
        ),
        ("../guide", ResolvedLink("/site/guide/", ("../guide", "/guide/", ""))),
        ("img/x.png", ResolvedLink("/site/guide/img/x.png", ("img/x.png", "/guide/img/x.png", ""))),
        ("../b%20c.md", ResolvedLink("/site/b-c/", ("../b%20c.md", "/b-c/", ""))),
        ("#top", ResolvedLink("#top", ("#top", "", "top"))),
        ("/guide/a/", ResolvedLink("/site/guide/a/", ("/guide/a/", "/guide/a/", ""))),
        ("https://example.org/a.md", ResolvedLink("https://example.org/a.md")),
        ("mailto:me@example.org", ResolvedLink("mailto:me@example.org")),
    ],
)
def test_links_become_site_urls_with_the_base_path(written: str, resolved: ResolvedLink) -> None:
    assert resolve_link(written, "guide", TARGETS) == resolved


@pytest.mark.parametrize(
    ("written", "value", "message"),
    [
        ("javascript:alert(1)", "#", "link 'javascript:alert(1)' would run a script"),
        (
            "../../etc/passwd",
            "../../etc/passwd",
            "link '../../etc/passwd' leaves the content folder",
        ),
        ("draft.md", "draft.md", "link to a draft: guide/draft.md"),
        ("gone.md", "gone.md", "link to a missing page: content/guide/gone.md"),
        ("img/gone.png", "img/gone.png", "link to a missing file: content/guide/img/gone.png"),
    ],
)
def test_a_link_that_cannot_be_followed_is_a_problem(
    written: str, value: str, message: str
) -> None:
    resolved = resolve_link(written, "guide", TARGETS)
    assert (resolved.value, resolved.link, resolved.refused) == (value, None, value == written)
    assert resolved.problem is not None and resolved.problem[:2] == (written, message)


def test_a_missing_file_written_with_backslashes_or_template_code_is_told_what_to_write() -> None:
    written = ("img\\gone.png", "{{ site.baseurl }}/gone/", "img/gone.png")
    hints = [resolve_link(w, "guide", TARGETS).problem for w in written]
    assert [problem and problem[2] for problem in hints] == [
        "separate folders with '/' (a '\\' is part of the name on the web)",
        "a page's Markdown is no template: link to the file itself, as ../about.md",
        "check the file name and folder",
    ]


@pytest.mark.parametrize(
    ("written", "file"),
    [
        ('{{< relref "a.md" >}}', "a.md"),  # Hugo, beside the page
        ("{{< ref 'guide/a.md#part' >}}", "a.md#part"),  # Hugo, from content/'s top
        ("{% link guide/a.md %}", "a.md"),  # Jekyll, from the top
        ("{{ '/b c.md' | relative_url }}", "../b c.md"),
        ('{{< ref "setup/install.md" >}}', "setup/install.md"),  # no such file: as named
        ("{% link /" + "x" * 100_000 + ".md %}", "x" * 199),  # (200 characters at most)
    ],
)
def test_template_code_naming_a_file_is_told_the_link_to_write(written: str, file: str) -> None:
    problem = resolve_link(written, "guide", TARGETS).problem
    assert problem is not None
    assert problem[2] == f"a page's Markdown is no template: link to the file itself, as {file}"


def test_a_link_to_a_page_without_its_md_is_told_the_file_to_name() -> None:
    """GitHub wikis, VitePress and Jekyll link to `page`, where mvsite links to `page.md`."""
    problem = resolve_link("a#part", "guide", TARGETS).problem
    assert problem is not None and problem[1:] == (
        "link to a missing file: content/guide/a",
        "did you mean a.md#part? A link to a page names its .md file",
    )
