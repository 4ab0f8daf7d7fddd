from __future__ import annotations

from pathlib import Path

import pytest

from mvsite.markdown.convert import MarkdownRenderer
from mvsite.markdown.converted import LinkTargets


def html(body: str, fast: bool = True) -> str:
    renderer = MarkdownRenderer(LinkTargets({}, frozenset()), fast=fast)
    return renderer.render(body, "a.md", Path("content/a.md"), 1).html


def _code(text: str) -> str:
    return f'<div class="codehilite"><pre><span></span><code>{text}\n</code></pre></div>'


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize(
    "opening",
    ['```text title="app.txt"', "```text{4}", "```text [npm]", "~~~text {.x} title", "``` text x"],
)
def test_a_fence_with_options_is_a_code_block_in_its_language(opening: str, fast: bool) -> None:
    """Python-Markdown took no such line for a fence: its closing line opened a code block
    that swallowed the heading after it."""
    fence = opening[:3]
    body = f"{opening}\nnpm add\n{fence}\n\n## Next\n\nText.\n"
    assert html(body, fast) == f'{_code("npm add")}\n\n<h2 id="next">Next</h2>\n<p>Text.</p>'
    assert html(body, fast) == html(f"{fence}text\nnpm add\n{fence}\n\n## Next\n\nText.\n", fast)


@pytest.mark.parametrize("fast", [True, False])
def test_fences_read_as_before_are_left_as_they_are(fast: bool) -> None:
    example = '````text\n```text title="x"\nshown as written\n```\n````\n'  # in a fence
    assert '```text title="x"' in html(example, fast)
    assert html("```a`b```\n\ntext\n", fast) == "<p><code>a`b</code></p>\n<p>text</p>"
    unclosed = "```text title=x\nno closing line\n"
    assert html(unclosed, fast) == "<p>```text title=x\nno closing line</p>"
    attributes = "```{.python}\nx = 1\n```\n"
    assert "x" in html(attributes, fast) and "{.python}" not in html(attributes, fast)


@pytest.mark.parametrize("fast", [True, False])
def test_a_fence_with_options_in_a_list_item_is_a_code_block_too(fast: bool) -> None:
    body = '1. Install:\n\n    ```text title="t"\n    npm add\n    ```\n\n2. Run.\n'
    assert html(body, fast) == html(
        "1. Install:\n\n    ```text\n    npm add\n    ```\n\n2. Run.\n", fast
    )
    assert _code("npm add") in html(body, fast)
