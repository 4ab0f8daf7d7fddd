from __future__ import annotations

from pathlib import Path

import pytest

from mvsite.markdown.convert import MarkdownRenderer
from mvsite.markdown.converted import LinkTargets


def html(body: str, fast: bool = True) -> str:
    renderer = MarkdownRenderer(LinkTargets({}, frozenset()), fast=fast)
    return renderer.render(body, "a.md", Path("content/a.md"), 1).html


@pytest.mark.parametrize("fast", [True, False])
def test_a_github_alert_is_the_admonition_that_bang_bang_bang_makes(fast: bool) -> None:
    alert = html("> [!WARNING]\n> Back up the data first.\n> Then **migrate**.\n", fast)
    admonition = html("!!! warning\n    Back up the data first.\n    Then **migrate**.\n", fast)
    assert (
        alert
        == admonition
        == (
            '<div class="admonition warning">\n<p class="admonition-title">Warning</p>\n'
            "<p>Back up the data first.\nThen <strong>migrate</strong>.</p>\n</div>"
        )
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # Obsidian's title after the marker
            "> [!tip] Faster builds\n> Use the cache.\n",
            '<div class="admonition tip">\n<p class="admonition-title">Faster builds</p>\n'
            "<p>Use the cache.</p>\n</div>",
        ),
        (
            "> [!note]\n",
            '<div class="admonition note">\n<p class="admonition-title">Note</p>\n</div>',
        ),
        (  # a title with markup
            "> [!important] Read **this**\n> now.\n",
            '<div class="admonition important">\n'
            '<p class="admonition-title">Read <strong>this</strong></p>\n<p>now.</p>\n</div>',
        ),
        (  # Obsidian's kinds and its fold marks: <details>, as pymdownx.details makes it
            "> [!faq]- Why?\n> Because.\n",
            '<details class="faq">\n<summary>Why?</summary>\n<p>Because.</p>\n</details>',
        ),
        (
            "> [!Example]+\n> Shown.\n",
            '<details class="example" open="">\n<summary>Example</summary>\n<p>Shown.</p>\n'
            "</details>",
        ),
        ("> [!OTHER]\n> x\n", "<blockquote>\n<p>[!OTHER]\nx</p>\n</blockquote>"),
        ("> Quoted [!NOTE]\n", "<blockquote>\n<p>Quoted [!NOTE]</p>\n</blockquote>"),
        (
            "- item\n\n    > [!NOTE]\n    > in a list\n",  # GitHub: top-level quotes only
            "<ul>\n<li>\n<p>item</p>\n<blockquote>\n<p>[!NOTE]\nin a list</p>\n</blockquote>\n"
            "</li>\n</ul>",
        ),
    ],
)
def test_titles_and_what_stays_a_quote(body: str, expected: str) -> None:
    assert html(body) == expected


def test_quotes_parted_by_a_blank_line_are_one_alert_each() -> None:
    """Python-Markdown joins them into one quote; GitHub shows two alerts."""
    body = "> Said first.\n\n> [!NOTE]\n> One.\n\n> [!caution]\n> Two.\n"
    assert html(body) == (
        "<blockquote>\n<p>Said first.</p>\n</blockquote>\n"
        '<div class="admonition note">\n<p class="admonition-title">Note</p>\n<p>One.</p>\n'
        "</div>\n"
        '<div class="admonition caution">\n<p class="admonition-title">Caution</p>\n'
        "<p>Two.</p>\n</div>"
    )


@pytest.mark.parametrize("fast", [True, False])
def test_a_list_may_start_on_the_line_after_the_marker(fast: bool) -> None:
    assert html("> [!WARNING]\n> - one\n> - two\n", fast) == (
        '<div class="admonition warning">\n<p class="admonition-title">Warning</p>\n'
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n</div>"
    )
    assert "[!NOTE]" in html("```\n> [!NOTE]\n> - in code\n```\n", fast)  # code stays as written


def test_a_lazy_line_after_a_title_with_markup_stays_in_the_box() -> None:
    assert html("> [!NOTE] *Em title*\nlazy body\n") == (
        '<div class="admonition note">\n<p class="admonition-title"><em>Em title</em></p>\n'
        "<p>lazy body</p>\n</div>"
    )


def test_quoted_lines_in_raw_html_are_left_as_written() -> None:
    renderer = MarkdownRenderer(LinkTargets({}, frozenset()), allow_html=True)
    body = "<pre>\n> [!NOTE]\n> x\n</pre>\n"
    assert renderer.render(body, "a.md", Path("a.md"), 1).html == (
        "<pre>&gt; [!NOTE]\n&gt; x\n</pre>"  # (no line added; nh3 escapes the >)
    )


@pytest.mark.parametrize("fast", [True, False])
def test_a_marker_inside_a_quote_is_text_as_on_github(fast: bool) -> None:
    assert html("> [!NOTE]\n> One.\n>\n> [!tip] Still the note.\n", fast) == (
        '<div class="admonition note">\n<p class="admonition-title">Note</p>\n<p>One.</p>\n'
        "<p>[!tip] Still the note.</p>\n</div>"
    )
    assert html("> Quoted.\n> [!NOTE]\n", fast) == (
        "<blockquote>\n<p>Quoted.\n[!NOTE]</p>\n</blockquote>"
    )


@pytest.mark.parametrize("fast", [True, False])
def test_a_quote_after_an_alert_and_a_blank_line_is_a_quote_of_its_own(fast: bool) -> None:
    """Python-Markdown would join it to the alert; on GitHub it is a quote of its own."""
    note = '<div class="admonition note">\n<p class="admonition-title">Note</p>\n'
    assert html("> [!NOTE]\n> One.\n\n> Said.\n\n> Also said.\n", fast) == (
        f"{note}<p>One.</p>\n</div>\n"
        "<blockquote>\n<p>Said.</p>\n<p>Also said.</p>\n</blockquote>"  # (joined, as before)
    )
    assert html("> [!NOTE]\n> One,\nlazily.\n\n\n> Said.\n", fast) == (
        f"{note}<p>One,\nlazily.</p>\n</div>\n<blockquote>\n<p>Said.</p>\n</blockquote>"
    )
    assert html("> [!NOTE]\n> One.\n>\n> Two.\n", fast) == (  # a quoted blank line: one alert
        f"{note}<p>One.</p>\n<p>Two.</p>\n</div>"
    )


@pytest.mark.parametrize("fast", [True, False])
def test_a_callout_in_a_callout_is_one_too_as_in_obsidian(fast: bool) -> None:
    assert html("> [!question] Nested?\n> > [!todo] Yes.\n", fast) == (
        '<div class="admonition question">\n<p class="admonition-title">Nested?</p>\n'
        '<div class="admonition todo">\n<p class="admonition-title">Yes.</p>\n</div>\n</div>'
    )
    assert html("> Quoted:\n> > [!todo] not in a callout\n", fast) == (  # (GitHub: text)
        "<blockquote>\n<p>Quoted:</p>\n<blockquote>\n<p>[!todo] not in a callout</p>\n"
        "</blockquote>\n</blockquote>"
    )


def test_a_marker_further_down_a_quote_in_a_callout_stays_text() -> None:
    assert html("> [!NOTE]\n> Said:\n> > Some text\n> >\n> > [!TIP] is how\n") == (
        '<div class="admonition note">\n<p class="admonition-title">Note</p>\n<p>Said:</p>\n'
        "<blockquote>\n<p>Some text</p>\n<p>[!TIP] is how</p>\n</blockquote>\n</div>"
    )
