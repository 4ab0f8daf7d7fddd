"""The fast whitespace normaliser gives the stock one's lines, and is refused where the stock
one is not Python-Markdown's own."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.preprocessors import NormalizeWhitespace

from mvsite.markdown.tree_passes import FastPathUnavailable
from mvsite.markdown.whitespace import FastNormalizeWhitespace, install_whitespace

LINES = st.lists(st.text(alphabet=st.sampled_from(list(" \t\r\n\x02\x03a\u3000")), max_size=8))


@settings(max_examples=300, deadline=None)
@given(lines=LINES)
def test_the_lines_are_the_stock_normalisers(lines: list[str]) -> None:
    md = markdown.Markdown()
    assert FastNormalizeWhitespace(md).run(lines) == NormalizeWhitespace(md).run(lines)


def test_it_takes_the_stock_normalisers_place() -> None:
    md = markdown.Markdown()
    install_whitespace(md)
    assert type(md.preprocessors["normalize_whitespace"]) is FastNormalizeWhitespace
    text = "a\n   \n\tb  \n \n\n    code\n"
    assert md.convert(text) == markdown.Markdown().convert(text)


def test_a_normaliser_that_is_not_stock_turns_the_fast_path_off() -> None:
    class Own(NormalizeWhitespace):
        pass

    md = markdown.Markdown()
    md.preprocessors.register(Own(md), "normalize_whitespace", 30)
    with pytest.raises(FastPathUnavailable, match="whitespace normaliser"):
        install_whitespace(md)


def test_a_changed_stock_normaliser_turns_the_fast_path_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(NormalizeWhitespace, "run", lambda self, lines: lines)
    with pytest.raises(FastPathUnavailable, match="whitespace normaliser"):
        install_whitespace(markdown.Markdown())
