from __future__ import annotations

from pathlib import Path

import pytest

from mvsite.markdown.convert import MarkdownRenderer
from mvsite.markdown.converted import LinkTargets
from mvsite.markdown.empty_anchors import anchors_not_links
from mvsite.sources.dialect import ExtensionSpec

TARGETS = LinkTargets(pages={"a.md": "/a/"}, assets=frozenset())


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a id="l-1" href="#l-1"></a>x', '<a id="l-1"></a>x'),
        ('<a id="l-1" href="#l-2"></a>', '<a id="l-1" href="#l-2"></a>'),  # not its own
        ('<a id="l-1" href="#l-1">1</a>', '<a id="l-1" href="#l-1">1</a>'),  # has text
        ('<a href="#top"></a>', '<a href="#top"></a>'),  # no id: check reports it
        ('<a href="" id="x"></a>', '<a id="x"></a>'),  # mkdocs-autorefs' [](){#x}
        ('<a href="/x/" id="x"></a>', '<a href="/x/" id="x"></a>'),  # leads somewhere
    ],
)
def test_only_a_textless_link_to_its_own_id_loses_its_href(html: str, expected: str) -> None:
    assert anchors_not_links(html) == expected


def test_code_line_anchors_are_targets_not_empty_links() -> None:
    highlight = ExtensionSpec("pymdownx.highlight", {"anchor_linenums": True})
    renderer = MarkdownRenderer(
        TARGETS, extensions=(ExtensionSpec("pymdownx.superfences", {}), highlight)
    )
    html = renderer.render("```text\none\ntwo\n```\n", "guide/a.md", Path("content/a.md"), 1).html
    assert '<a id="__codelineno-0-1"></a>one\n<a id="__codelineno-0-2"></a>two' in html
    assert "href" not in html


def test_an_autorefs_anchor_is_an_anchor() -> None:
    rendered = MarkdownRenderer(TARGETS).render("[](){#here}\n", "a.md", Path("a.md"), 1)
    assert rendered.html == '<p><a id="here"></a></p>'
    assert "here" in rendered.ids
