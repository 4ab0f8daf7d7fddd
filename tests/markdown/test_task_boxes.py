"""Task lists of pymdownx.tasklist: each box is named by its task."""

from __future__ import annotations

from pathlib import Path

from mvsite.markdown.convert import MarkdownRenderer
from mvsite.markdown.converted import LinkTargets
from mvsite.sources.dialect import ExtensionSpec

TASKS = (ExtensionSpec("pymdownx.tasklist", {}),)


def _html(body: str, allow_html: bool = False) -> str:
    renderer = MarkdownRenderer(
        LinkTargets(pages={}, assets=frozenset()), allow_html=allow_html, extensions=TASKS
    )
    return renderer.render(body, "x.md", Path("x.md"), 1).html


def test_each_box_is_named_by_its_task_in_tight_and_loose_lists() -> None:
    html = _html(
        "- [x] run `pollen --version` \\*now\\*\n- [ ] write <b>a</b> & check\n"
        "    - [ ] nested\n\n"
        "Loose:\n\n- [X] first\n\n- [ ] second\n"
    )
    assert '<input aria-label="run pollen --version *now*" type="checkbox" disabled' in html
    assert '<input aria-label="write &lt;b&gt;a&lt;/b&gt; &amp; check" type="checkbox"' in html
    assert '<input aria-label="nested" type="checkbox"' in html
    assert '<input aria-label="first" type="checkbox" disabled="" checked="">' in html
    assert '<input aria-label="second" type="checkbox"' in html


def test_a_label_is_the_text_shown_entities_quotes_code_and_image_text_included() -> None:
    html = _html('- [ ] use `a<b` & &copy; "don\'t" ![the logo](x.png) **bold `x&y`**\n')
    assert (
        '<input aria-label="use a&lt;b &amp; © \u201cdon\u2019t\u201d the logo bold x&amp;y"'
        in html
    )


def test_a_label_keeps_backslashes_as_written() -> None:
    html = _html("- [ ] install into C:\\Program Files\\new\n- [ ] match `\\d+\\1`\n")
    assert '<input aria-label="install into C:\\Program Files\\new"' in html
    assert '<input aria-label="match \\d+\\1"' in html


def test_a_label_shows_raw_html_as_its_text_where_it_is_allowed() -> None:
    html = _html("- [x] read <b>the &quot;guide&quot;</b> first\n", allow_html=True)
    assert '<input aria-label="read the &quot;guide&quot; first" type="checkbox"' in html


def test_a_list_without_boxes_is_left_as_it_is() -> None:
    assert _html("- [ ]\n- [y] plain\n") == "<ul>\n<li>[ ]</li>\n<li>[y] plain</li>\n</ul>"
