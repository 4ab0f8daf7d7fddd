from __future__ import annotations

from pathlib import Path

from mvsite.markdown.convert import MarkdownRenderer
from mvsite.markdown.converted import LinkTargets
from mvsite.markdown.github_lines import github_lines


def warned(body: str) -> list[str]:
    renderer = MarkdownRenderer(LinkTargets({}, frozenset()))
    rendered = renderer.render(body, "a.md", Path("content/a.md"), 5)
    return [str(warning).split("\n")[0] for warning in rendered.warnings]


def test_a_list_on_the_line_after_a_paragraph_is_said_where_it_starts() -> None:
    body = "Formats:\n- HFE\n- ADF\n\nSteps:\n\n1. One\n2. Two\n\nThe year\n1984. was long.\n"
    assert warned(body) == [
        "content/a.md:6: this list is shown as the paragraph's text, its items run together:"
        " Python-Markdown starts a list only after a blank line"
    ]
    assert warned("> Quoted:\n> * one\n> * two\n") == [
        "content/a.md:6: this list is shown as the paragraph's text, its items run together:"
        " Python-Markdown starts a list only after a blank line"
    ]


def test_a_list_nested_by_two_spaces_is_said_at_its_first_item() -> None:
    body = "- Formats:\n  - HFE\n  - ADF\n- Layouts:\n    - Akai\n\n1. Step\n   - sub\n"
    assert [(n, message.split(",")[0]) for n, message, _ in github_lines(body)] == [
        (1, "this list item is nested by 2 spaces"),
        (7, "this list item is nested by 3 spaces"),
    ]
    assert github_lines(body, frozenset({"mdx_truly_sane_lists"})) == []


def test_a_hash_word_made_a_heading_is_said_with_both_ways_to_write_it() -> None:
    body = "#meeting #project\n\n# Title\n\n```sh\n#!/bin/sh\n```\n\n    #indented code\n"
    assert github_lines(body) == [
        (
            0,
            "'#meeting' makes this line a heading: Python-Markdown needs no space after '#'"
            " (on GitHub and in Obsidian, it would be a tag)",
            "for a heading, write '# meeting'; for text, write '\\#meeting'",
        )
    ]
    assert github_lines(body, frozenset({"pymdownx.saneheaders"})) == []


def test_lists_written_as_python_markdown_reads_them_are_not_said() -> None:
    body = "Text.\n\n- one\n- two\n    - nested by four\n\n## Heading\n- right after it\n"
    assert warned(body) == []


def test_a_list_in_a_paragraph_is_said_at_its_own_line_even_if_written_before() -> None:
    body = "Intro.\n\n- Yes\n- No\n\nChoose:\n- Yes\n- No\n\nSteps:\n-\tone\n"
    assert [w.split(": this list")[0] for w in warned(body)] == [
        "content/a.md:11",  # (line 6 of the body, from line 5)
        "content/a.md:15",
    ]


def test_html_blocks_and_comments_are_not_read_where_html_is_allowed() -> None:
    body = "<pre>\n#include <stdio.h>\n</pre>\n\n<!-- TODO:\n- check\n  - and this\n-->\n"
    assert github_lines(body, allow_html=True) == []
    assert [n for n, _, _ in github_lines(body)] == [1, 6]  # (shown as text, they are read)
