from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mvsite.markdown.convert import MarkdownRenderer
from mvsite.markdown.converted import FigureLink, Heading, LinkTargets, SourceNote
from mvsite.sources.dialect import ExtensionSpec

TARGETS = LinkTargets(
    pages={
        "_index.md": "/",
        "guide/_index.md": "/guide/",
        "guide/a.md": "/guide/a/",
        "guide/b.md": "/guide/bee/",
        "about.md": "/about/",
    },
    assets=frozenset({"guide/map.png", "files/report.pdf"}),
    base_path="/site/",
    figures={"n": FigureLink("12+", "/site/facts/#fig-n", "Stations")},
    drafts=frozenset({"guide/draft.md"}),
)


def render(body: str, rel: str = "guide/a.md", allow_html: bool = False):  # type: ignore[no-untyped-def]
    return MarkdownRenderer(TARGETS, allow_html).render(body, rel, Path("content") / rel, 5)


@pytest.mark.parametrize(
    ("link", "href"),
    [
        ("b.md", "/site/guide/bee/"),
        ("b.md#part", "/site/guide/bee/#part"),
        ("../about.md", "/site/about/"),
        ("./_index.md", "/site/guide/"),
        ("../guide/", "/site/guide/"),
        ("map.png", "/site/guide/map.png"),
        ("../files/report.pdf", "/site/files/report.pdf"),
        ("/facts/", "/site/facts/"),
        ("#local", "#local"),
        ("https://example.com/x.md", "https://example.com/x.md"),
        ("mailto:a@example.com", "mailto:a@example.com"),
    ],
)
def test_links_are_written_as_files_and_published_as_urls(link: str, href: str) -> None:
    result = render(f"[x]({link})\n")
    assert result.html == f'<p><a href="{href}">x</a></p>'
    assert result.problems == ()


def test_images_next_to_a_page_keep_working_under_pretty_urls() -> None:
    assert (
        render("![A map](map.png)\n").html == '<p><img alt="A map" src="/site/guide/map.png"></p>'
    )


def test_links_to_check_later_carry_their_line() -> None:
    result = render("Intro.\n\nSee [b](b.md#part) and [s](/facts/).\n")
    assert [(link.url, link.fragment, link.line) for link in result.links] == [
        ("/guide/bee/", "part", 7),
        ("/facts/", "", 7),
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "[x](missing.md)",
            "content/guide/a.md:6: link to a missing page: content/guide/missing.md",
        ),
        ("![x](nope.png)", "content/guide/a.md:6: link to a missing file: content/guide/nope.png"),
        ("[x](draft.md)", "content/guide/a.md:6: link to a draft: guide/draft.md"),
        ("[x](../../up.md)", "content/guide/a.md:6: link '../../up.md' leaves the content folder"),
        ("[[fig:nope]]", "content/guide/a.md:6: unknown figure 'nope'"),
        (  # backslash escapes are the characters they stand for, found where written
            "Text.\n\n![x](\\\\host\\sh\\_a.png)",
            "content/guide/a.md:8: link to a missing file: content/guide/\\host\\sh_a.png",
        ),
    ],
)
def test_unresolvable_targets_are_problems_at_their_line(body: str, message: str) -> None:
    result = render("Line one.\n" + body + "\n")
    assert [str(p).splitlines()[0] for p in result.problems] == [message]


def test_a_figure_is_cited_by_key() -> None:
    result = render("There are [[fig:n]] stations.\n")
    assert result.html == (
        '<p>There are <a class="fig" href="/site/facts/#fig-n">12+</a> stations.</p>'
    )
    assert result.figures == ("n",)


def test_a_cited_figure_names_its_source_at_the_end_of_the_page() -> None:
    survey = SourceNote(
        "survey",
        "Field & Office",
        "Stations <2026>",
        "https://example.org/s",
        "retrieved 21 November 2026",
    )
    other = SourceNote("other", "Met", "Other", None, "retrieved 1 May 2026")
    targets = LinkTargets(
        {},
        frozenset(),
        figures={
            "a": FigureLink("12+", "/facts/#fig-a", "A", survey),
            "b": FigureLink("3", "/facts/#fig-b", "B", other),
        },
    )
    text = "[[fig:b]] and [[fig:a]], then [[fig:b]] again.\n"
    result = MarkdownRenderer(targets).render(text, "x.md", Path("x.md"), 1)
    assert result.html.startswith(
        '<p><span class="fig-cited"><a class="fig" href="/facts/#fig-b">3</a>'
        '<sup class="cite"><a aria-label="Source 1" href="#source-other">1</a></sup></span> and '
        '<span class="fig-cited"><a class="fig" href="/facts/#fig-a">12+</a>'
        '<sup class="cite"><a aria-label="Source 2" href="#source-survey">2</a></sup></span>'
    )
    assert result.html.endswith(
        '<h2 id="page-sources">Sources</h2>\n<ol>\n'
        '<li id="source-other">Met, <cite>Other</cite>, retrieved 1 May 2026.</li>\n'
        '<li id="source-survey">Field &amp; Office, <a href="https://example.org/s">'
        "<cite>Stations &lt;2026&gt;</cite></a>, retrieved 21 November 2026.</li>\n"
        "</ol>\n</section>"
    )
    assert {"page-sources", "source-other", "source-survey"} <= result.ids


def test_headings_get_stable_ids_and_a_toc() -> None:
    result = render("## Öresund region\n\n### Part\n\n## Öresund region\n")
    assert result.toc == (
        Heading(2, "oresund-region", "Öresund region", (Heading(3, "part", "Part"),)),
        Heading(2, "oresund-region_1", "Öresund region"),
    )
    assert {"oresund-region", "part", "oresund-region_1"} <= result.ids


def test_raw_html_is_escaped_unless_the_site_allows_it() -> None:
    body = "<script>alert(1)</script>\n\nInline <b onclick='x()'>bold</b>.\n"
    escaped = render(body).html
    assert "<script>" not in escaped and "<b " not in escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in escaped
    # Allowed raw HTML is sanitised: safe tags stay, scripts and handlers go.
    assert render(body, allow_html=True).html.strip() == "<p>Inline <b>bold</b>.</p>"


def test_the_extensions_are_on() -> None:
    body = (
        '| a | b |\n|--:|---|\n| 1 | 2 |\n\nText[^n] with "quotes" -- and HTML.\n\n'
        "*[HTML]: HyperText\n\n[^n]: Note.\n\n!!! note\n    Boxed.\n\nTerm\n:   Def\n\n"
        "```py\ncode\n```\n\nPara\n{: .lead }\n"
    )
    html = render(body).html
    for fragment in [
        '<th class="align-right">a</th>',
        '<sup id="fnref:n">',
        "\u201cquotes\u201d \u2013 and",  # the sanitiser writes characters, not entities
        '<abbr title="HyperText">HTML</abbr>',
        '<div class="admonition note">',
        "<dt>Term</dt>",
        '<div class="codehilite"><pre><span></span><code><span class="n">code</span>',
        '<p class="lead">Para</p>',
    ]:
        assert fragment in html


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "stock"])
def test_the_converter_is_reset_between_documents(fast: bool) -> None:
    # Before Markdown 3.7, `reset` left an abbreviation's pattern in the converter.
    renderer = MarkdownRenderer(TARGETS, fast=fast)
    first = renderer.render("A[^1]\n\n[^1]: One.\n\n*[A]: Aye\n", "guide/a.md", Path("a.md"), 1)
    second = renderer.render("A plain page.\n", "guide/a.md", Path("a.md"), 1)
    assert "footnote" in first.html and "abbr" in first.html
    assert second.html == "<p>A plain page.</p>"
    assert second.toc == () and second.figures == ()


def test_a_misspelt_figure_key_suggests_the_close_one() -> None:
    targets = LinkTargets({}, frozenset(), figures={"inhabitants": FigureLink("4+", None, "T")})
    result = MarkdownRenderer(targets).render("[[fig:inhabitant]]\n", "a.md", Path("a.md"), 1)
    assert [p.hint for p in result.problems] == ["did you mean [[fig:inhabitants]]?"]


@pytest.mark.parametrize(
    "body",
    [
        "Write to <someone@example.com>.",
        "See <https://example.com/x>.",
        "Mail [me](mailto:me@example.com).",
        "Text[^1] with *[HTML]: Hyper Text.\n\n[^1]: A note with a [ref][r].\n\n[r]: b.md",
    ],
)
def test_autolinks_footnotes_and_references_are_not_bogus_links(body: str) -> None:
    rendered = render(body)
    assert rendered.problems == ()
    assert all("\x02" not in link.written and "\x03" not in link.url for link in rendered.links)


def test_an_email_autolink_stays_a_mailto_link() -> None:
    html = render("Write to <someone@example.com>.").html
    # (The sanitiser writes Python-Markdown's entity-obfuscated address as plain characters.)
    assert '<a href="mailto:someone@example.com">someone@example.com</a>' in html


def test_a_converter_exception_is_a_located_problem() -> None:
    # (With Pygments off, fenced_code writes linenums' parsed True as an attribute: TypeError.)
    fence = '```{.python .extra-class #id use_pygments="false" linenums="1"}'
    body = f"# T\n\nText.\n\n{fence}\nx = 1\n```\n\nMore.\n"
    rendered = render(body)
    (problem,) = rendered.problems
    assert (problem.path, problem.line) == (Path("content/guide/a.md"), 5 + 4)
    assert problem.message.startswith("the Markdown converter failed here (TypeError: ")


_FRAGMENTS = [
    '```{.python .x #id linenums="1"}\n',
    '```python title="a"\n',
    "```\n",
    "~~~\n",
    '!!! note "T"\n',
    "    indented\n",
    "| a | b |\n|---|:-:|\n",
    "[^1]: note\n",
    "Text[^1] and [^2]\n",
    "*[HTML]: Hyper\n",
    "Term\n: Def\n",
    "{: #id .c }\n",
    "# H {: #x }\n",
    "[x][r]\n\n[r]: b.md\n",
    "<a@b.c> <https://x.org>\n",
    "[TOC]\n",
    '=== "Tab"\n',
    "- item\n",
    "\n",
    "> quote\n",
    "[[fig:n]] [[fig:\n",
    '<div markdown="1">\n',
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=12), st.booleans())
def test_any_mix_of_extension_syntax_gives_output_or_a_located_problem(
    parts: list[str], dialect: bool
) -> None:
    extensions = (ExtensionSpec("pymdownx.superfences", {}), ExtensionSpec("pymdownx.tabbed", {}))
    renderer = MarkdownRenderer(TARGETS, extensions=extensions if dialect else ())
    body = "".join(parts)
    rendered = renderer.render(body, "guide/a.md", Path("content/guide/a.md"), 5)
    for problem in rendered.problems:
        assert problem.path == Path("content/guide/a.md")
        assert problem.line is not None and 5 <= problem.line <= 5 + body.count("\n")


def test_a_link_written_with_many_escapes_is_found_in_one_pass() -> None:
    """The review's page: tried both ways, each escape doubled the time (30 pairs: 28 s)."""
    body = "`a*" + "\\\\" * 60 + "x`\n\n[t](a\\*" + "\\\\\\\\" * 30 + ".md)\n"
    result = render(body)
    assert [str(p).split(": ")[0] for p in result.problems] == ["content/guide/a.md:7"]


def test_the_same_target_linked_twice_is_found_at_each_line() -> None:
    result = render("See [b](b.md).\n\nAnd again [b](b.md).\n\nLine\rby\rline [s](/facts/).\n")
    assert [link.line for link in result.links] == [5, 7, 11]
