"""Fenced code in list items and quotes is the code block a fence at the start of a line
makes, held by the list item or the quote; where CommonMark says it is no fence, it stays
as it was."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mvsite.markdown.convert import MarkdownRenderer
from mvsite.markdown.converted import LinkTargets

FAST_AND_STOCK = pytest.mark.parametrize("fast", [True, False])


def html(body: str, fast: bool = True) -> str:
    renderer = MarkdownRenderer(LinkTargets({}, frozenset()), fast=fast)
    return renderer.render(body, "a.md", Path("content/a.md"), 1).html


def code_block(code: str, info: str = "bash") -> str:
    """The HTML of the same code fenced at the start of a line."""
    return html(f"```{info}\n{code}\n```\n").strip()


class _Parents(HTMLParser):
    """Each element's open ancestors, by tag: (tag, ancestors) in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.seen: list[tuple[str, tuple[str, ...]]] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.seen.append((tag, tuple(self.open)))
        if tag not in ("br", "hr", "img", "input"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, (tag, self.open)
        self.open.pop()


def ancestors_of_code_blocks(text: str) -> list[tuple[str, ...]]:
    parser = _Parents()
    parser.feed(text)
    assert not parser.open
    return [parents for tag, parents in parser.seen if tag == "pre"]


@FAST_AND_STOCK
def test_a_fence_in_a_list_item_is_a_code_block_in_the_item(fast: bool) -> None:
    out = html(
        "1. Install it:\n\n    ```bash\n    pip install mvsite\n    ```\n\n2. Build.\n", fast
    )
    assert code_block("pip install mvsite") in out
    assert ancestors_of_code_blocks(out) == [("ol", "li", "div")]
    assert "```" not in out and "<code>bash" not in out


@FAST_AND_STOCK
def test_a_fence_right_under_a_tight_items_text_stays_in_the_item(fast: bool) -> None:
    out = html("- one\n  ```sh\n  ls -l\n  ```\n- two\n", fast)
    assert code_block("ls -l", "sh") in out
    assert ancestors_of_code_blocks(out) == [("ul", "li", "div")]


@FAST_AND_STOCK
def test_a_fence_in_a_quote_after_a_line_of_text_is_no_paragraphs_child(fast: bool) -> None:
    out = html("> Note:\n> ```js\n> let x = 1;\n> ```\n", fast)
    assert code_block("let x = 1;", "js") in out
    assert ancestors_of_code_blocks(out) == [("blockquote", "div")]
    assert "<p>Note:</p>" in out


@FAST_AND_STOCK
def test_a_fence_in_an_admonition_or_a_definition_is_a_code_block_there(fast: bool) -> None:
    note = html('!!! note "Install"\n    Run:\n\n    ```bash\n    make\n    ```\n', fast)
    assert code_block("make") in note
    assert ancestors_of_code_blocks(note) == [("div", "div")]  # the admonition's div
    term = html("Term\n:   Run:\n\n    ```bash\n    make\n    ```\n", fast)
    assert code_block("make") in term
    assert ancestors_of_code_blocks(term) == [("dl", "dd", "div")]


@FAST_AND_STOCK
@pytest.mark.parametrize("between", ["\n", ""])
@pytest.mark.parametrize("after", ["", "\n    More.\n", "    More.\n"])
@pytest.mark.parametrize("label", ["1", "a note"])
def test_a_fence_in_a_footnote_is_a_code_block_there_before_its_back_link(
    fast: bool, between: str, after: str, label: str
) -> None:
    """It was a paragraph of inline code. Last in its note, the back link follows it in a
    paragraph of its own, as after any other block; text after it keeps the link."""
    note = f"[^{label}]: Note:\n{between}    ```py\n    x = 1\n    ```\n{after}"
    out = html(f"A note.[^{label}]\n\n{note}", fast)
    assert code_block("x = 1", "py") in out
    assert ancestors_of_code_blocks(out) == [("div", "ol", "li", "div")]
    assert "<p></p>" not in out and ("More." in out) == bool(after)
    backlink = re.search(r"<p>(?:More\.&nbsp;)?<a class=\"footnote-backref\"", out)
    assert backlink is not None and out.index(code_block("x = 1", "py")) < backlink.start()


@FAST_AND_STOCK
def test_blank_lines_and_indentation_inside_the_fence_are_kept(fast: bool) -> None:
    body = "- item\n\n    ```python\n    def f():\n        return 1\n\n    x = f()\n    ```\n"
    assert code_block("def f():\n    return 1\n\nx = f()", "python") in html(body, fast)
    quoted = "> ```python\n> def f():\n>     return 1\n>\n> x = f()\n> ```\n"
    assert code_block("def f():\n    return 1\n\nx = f()", "python") in html(quoted, fast)


@FAST_AND_STOCK
def test_a_fence_with_options_is_coloured_as_at_the_start_of_a_line(fast: bool) -> None:
    out = html('- item\n\n    ```python hl_lines="1"\n    a = 1\n    ```\n', fast)
    assert code_block("a = 1", 'python hl_lines="1"') in out
    assert '<span class="hll">' in out


@FAST_AND_STOCK
def test_a_fence_indented_up_to_three_spaces_is_a_fence_anywhere(fast: bool) -> None:
    out = html("Text.\n\n  ```bash\n  make\n  ```\n", fast)
    assert code_block("make") in out
    assert ancestors_of_code_blocks(out) == [("div",)]


@pytest.mark.parametrize(
    "body",
    [
        "Text.\n\n    ```bash\n    make\n    ```\n",  # four spaces outside a list: indented code
        "- item\n\n    ```bash\n    make\n",  # never closed
        "- item\n\n    ```bash\nmake\n    ```\n",  # a line of code without the indentation
        "> ```bash\n> make\n",  # never closed in the quote
        "- item\n\n        ```bash\n        make\n        ```\n",  # 8 spaces: code in the item
        "Steps:\n- one\n- two\n\n    ```bash\n    make\n    ```\n",  # no list: a paragraph
        "- a\n\n" + "  ```a b\n" * 50 + "  ```\n",  # an info string that makes no fence
    ],
)
def test_what_commonmark_calls_no_fence_is_converted_as_before(body: str) -> None:
    assert '<span class="w">' not in html(body)
    assert re.search(r"```|<code>bash", html(body))


def test_fenced_code_inside_a_fence_is_the_outer_fences_text() -> None:
    out = html("````markdown\n- item\n\n    ```bash\n    make\n    ```\n````\n")
    assert out.count("<pre>") == 1
    assert "```bash" in out


@FAST_AND_STOCK
def test_a_rule_right_under_a_nested_fence_is_a_rule(fast: bool) -> None:
    """No heading underlined by `---` with the code block as its text."""
    out = html("> ```\n> x = 1\n> ```\n> ---\n\n- a\n\n    ```\n    y\n    ```\n    ---\n", fast)
    assert out.count("<hr>") == 2 and "<h2" not in out


@FAST_AND_STOCK
def test_text_and_a_second_fence_after_a_fence_stay_in_the_tight_item(fast: bool) -> None:
    out = html("1. Install:\n   ```sh\n   make\n   ```\n   Then run it.\n2. Run\n3. Done\n", fast)
    assert out.count("<li>") == 3 and "Then run it.</li>" in out and "<p>" not in out
    two = html("- Install:\n  ```sh\n  make\n  ```\n  ```sh\n  more\n  ```\n- Next\n", fast)
    assert ancestors_of_code_blocks(two) == [("ul", "li", "div")] * 2
    assert "<li>Next</li>" in two


@FAST_AND_STOCK
def test_an_admonition_right_under_a_paragraph_holds_its_fence(fast: bool) -> None:
    out = html("Para\n!!! note\n    ```\n    x\n    ```\n", fast)
    assert ancestors_of_code_blocks(out) == [("div", "div")]


@FAST_AND_STOCK
def test_a_fence_right_under_a_line_that_looks_like_an_item_is_code(fast: bool) -> None:
    """Python-Markdown reads `Steps:` `- one` as one paragraph; the fence under it is code."""
    out = html("Steps:\n- one\n    ```\n    code\n    ```\n", fast)
    assert code_block("code", "") in out and ancestors_of_code_blocks(out) == [("div",)]


@FAST_AND_STOCK
def test_a_quote_ending_with_a_fence_has_no_empty_paragraph(fast: bool) -> None:
    assert "<p></p>" not in html("> ```\n> x\n> ```\n", fast)


def test_a_quoted_fence_may_be_indented_and_closed_at_another_indentation() -> None:
    """Obsidian's help writes `>  ```md` and closes with `> ````: the closing line opened a
    code block instead, which swallowed the next quote."""
    body = "> [!warning]-\n>  ```text\n> > [!warning]\n> > Lorem\n> ```\n\n> Plain quote\n"
    out = html(body)
    assert '<details class="warning">' in out and "&gt; Lorem" in out
    assert out.endswith("</details>\n<blockquote>\n<p>Plain quote</p>\n</blockquote>")
