"""The fast raw-HTML postprocessor gives the stock one's output: placeholders wrapped in `<p>`
or not, nested, unknown, next to each other and to stray `<p>`s, block and inline HTML."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown import util
from markdown.postprocessors import RawHtmlPostprocessor

from mvsite.markdown.converters import ALL_FEATURES, make_converter
from mvsite.markdown.raw_html_pass import FastRawHtmlPostprocessor, install_raw_html


def _placeholder(key: int) -> str:
    return util.HTML_PLACEHOLDER % key


STASH = [
    "<div>block</div>",
    "<span>inline</span>",
    f"<div>nested {_placeholder(1)} and <p>{_placeholder(0)}</p></div>",
    f"<em>inline around {_placeholder(0)}</em>",
    "<!-- a comment -->",
    "plain text, no tag",
    "",
]


def _processors() -> tuple[RawHtmlPostprocessor, FastRawHtmlPostprocessor]:
    md = markdown.Markdown()
    for html in STASH:
        md.htmlStash.store(html)
    return RawHtmlPostprocessor(md), FastRawHtmlPostprocessor(md)


TEXTS = [
    "",
    "no placeholder at all <p>x</p>",
    f"<p>{_placeholder(0)}</p>",
    f"<p>{_placeholder(1)}</p>",
    f"<p>{_placeholder(1)}</p>\n<p>{_placeholder(2)}</p>",
    f"<p>{_placeholder(3)}</p> and {_placeholder(3)}",
    f"<p><p>{_placeholder(1)}</p></p>",
    f"<p>{_placeholder(1)}",
    f"{_placeholder(1)}</p>",
    f"<p>{_placeholder(0)}{_placeholder(1)}</p>",
    f"<p>{_placeholder(99)}</p> {_placeholder(99)} {_placeholder(4)}",
    f"<p>{_placeholder(5)}</p><p>{_placeholder(6)}</p>",
    f"{util.STX}wzxhzdk:x{util.ETX} {util.STX} <p>{util.STX}</p>",
    f"</p>{_placeholder(0)}<p>",
]


@pytest.mark.parametrize("text", TEXTS)
def test_placeholders_are_restored_as_stock_restores_them(text: str) -> None:
    stock, fast = _processors()
    assert fast.run(text) == stock.run(text)


def test_without_stashed_html_the_text_is_returned_as_it_is() -> None:
    md = markdown.Markdown()
    text = f"<p>{_placeholder(0)}</p>"
    assert FastRawHtmlPostprocessor(md).run(text) == RawHtmlPostprocessor(md).run(text) == text


PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<",
        "p>",
        "x",
        "\n",
        util.STX,
        util.ETX,
        *(_placeholder(key) for key in (0, 1, 2, 3, 4, 5, 6, 7, 10)),
    ]
)


@given(st.lists(PIECES, max_size=20).map("".join))
def test_generated_texts_are_restored_as_stock_restores_them(text: str) -> None:
    stock, fast = _processors()
    assert fast.run(text) == stock.run(text)


def test_the_fast_path_uses_it_and_leaves_another_postprocessor_alone() -> None:
    md = make_converter(ALL_FEATURES, (), allow_html=True)
    assert type(md.postprocessors["raw_html"]) is FastRawHtmlPostprocessor

    class Own(RawHtmlPostprocessor):
        pass

    own = markdown.Markdown()
    own.postprocessors.register(Own(own), "raw_html", 30)
    install_raw_html(own)
    assert type(own.postprocessors["raw_html"]) is Own
