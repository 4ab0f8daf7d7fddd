from __future__ import annotations

import pytest

from mvsite.markdown.named_anchors import named_anchors_as_ids


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<h4><a name="parse"></a> x</h4>', '<h4><a id="parse"></a> x</h4>'),
        ("<a href='#x' NAME=y>", "<a href='#x' id=y>"),
        ('<a\nname="n"\nhref="u">', '<a\nid="n"\nhref="u">'),
        ("<a title='name=q' name='z'>", "<a title='name=q' id='z'>"),  # a name in a value
    ],
)
def test_a_name_without_an_id_becomes_the_id(html: str, expected: str) -> None:
    assert named_anchors_as_ids(html) == expected


@pytest.mark.parametrize(
    "html",
    [
        '<a id="a" name="b">',  # the id stays the target
        "<a name>",
        '<a name="">',
        '<abbr name="x">',  # not an anchor
        "&lt;a name=&quot;x&quot;&gt;",  # raw HTML shown as text
        '<a href="/names">names</a>',
        '<a name="usage"></a>\n<h2 id="usage">Usage</h2>',  # the heading has the id already
        '<a name="sp ace">',  # no id has spaces
        '<a id="foo" name="foo"></a>',
    ],
)
def test_anything_else_is_left_as_it_is(html: str) -> None:
    assert named_anchors_as_ids(html) == html


def test_two_anchors_of_one_name_give_the_id_to_the_first() -> None:
    assert (
        named_anchors_as_ids('<a name="x"></a><a name="x"></a>') == '<a id="x"></a><a name="x"></a>'
    )


def test_an_anchor_left_open_is_no_anchor() -> None:
    text = "name " + "<a " * 50
    assert named_anchors_as_ids(text) == text


def test_an_id_in_the_text_is_not_an_elements() -> None:
    html = '<a name="foo"></a>\n<p>Set id=foo in the config.</p>'
    assert named_anchors_as_ids(html) == html.replace('name="foo"', 'id="foo"')
