"""Fenced code through the fast path's preprocessor: the stock preprocessor's HTML, each
language's lexer made once, and stock fenced code where its internals are not as expected."""

from __future__ import annotations

from typing import Any

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions.codehilite import CodeHiliteExtension
from markdown.extensions.fenced_code import FencedBlockPreprocessor, FencedCodeExtension

from mvsite.markdown import highlight
from mvsite.markdown.fenced_blocks import FencedBlocks, install_fenced_blocks, search_fence
from mvsite.markdown.highlight import HighlightExtension
from mvsite.markdown.tree_passes import FastPathUnavailable

DOCUMENTS = [
    "```python\nx = 1  # c\n```\n\n```bash\nls -l | wc\n```\n\n```python\ny = 'again'\n```\n",
    "~~~\nplain <b> & text\n~~~\n\n```nosuch\nx < y\n```\n\n```{}\nempty braces\n```\n",
    # options: the stock preprocessor from there on, fences without options after it too
    '```python\na = 1\n```\n\n```{.python #x}\nb = 2\n```\n\n```python hl_lines="1"\nc\n```\n'
    "\n```bash\necho after\n```\n",
    "````markdown\n```python\ninner = 1\n```\n````\n\n```{.python\nunclosed\n```\n",
    "Text only, no fence.\n",
]


def _converter(fast: bool, *extensions: Any) -> markdown.Markdown:
    md = markdown.Markdown(extensions=[FencedCodeExtension(), *extensions])
    if fast:
        install_fenced_blocks(md)
    return md


# mvsite's highlighting; none; codehilite's, which names its formatter; one that guesses
EXTENSIONS = [(HighlightExtension(),), (), (CodeHiliteExtension(),)]
EXTENSIONS += [(HighlightExtension(guess_lang=True),)]


@pytest.mark.parametrize("extensions", EXTENSIONS)
def test_the_html_is_the_stock_preprocessors(extensions: tuple[Any, ...]) -> None:
    stock, fast = _converter(False, *extensions), _converter(True, *extensions)
    assert isinstance(fast.preprocessors["fenced_code_block"], FencedBlocks)
    for text in DOCUMENTS:
        stock.reset()
        fast.reset()
        assert fast.convert(text) == stock.convert(text), text


def test_each_languages_lexer_is_made_once(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    real = highlight.get_lexer_by_name

    def counted(name: str, **options: Any) -> Any:
        made.append(name)
        return real(name, **options)

    monkeypatch.setattr(highlight, "get_lexer_by_name", counted)
    md = _converter(True, HighlightExtension())
    for _ in range(3):
        md.reset()
        md.convert(DOCUMENTS[0])
    assert made == ["python", "bash"]


def test_a_preprocessor_that_is_not_stock_turns_the_fast_path_off() -> None:
    class Own(FencedBlockPreprocessor):
        pass

    md = _converter(False, HighlightExtension())
    md.preprocessors.register(Own(md, {}), "fenced_code_block", 25)
    with pytest.raises(FastPathUnavailable, match="not Python-Markdown's own"):
        install_fenced_blocks(md)


def test_a_changed_fence_regex_turns_the_fast_path_off(monkeypatch: pytest.MonkeyPatch) -> None:
    md = _converter(False, HighlightExtension())
    monkeypatch.setattr(FencedBlockPreprocessor, "FENCED_BLOCK_RE", None)
    with pytest.raises(FastPathUnavailable, match="FENCED_BLOCK_RE"):
        install_fenced_blocks(md)


def test_without_fenced_code_nothing_is_installed() -> None:
    md = markdown.Markdown(extensions=[HighlightExtension()])
    install_fenced_blocks(md)
    assert "fenced_code_block" not in md.preprocessors


# Pieces of text with fences, opening and closing, in the wrong places too.
PIECES = ["```", "~~~", "\n```", "```py\n", "\n~~~\n", "`", "~", "\n", " ", "a", "{x}"]
FENCY = st.lists(st.sampled_from(PIECES), max_size=30)


@settings(max_examples=300, deadline=None)
@given(text=FENCY.map("".join), index=st.integers(0, 40))
def test_a_fence_is_found_where_the_stock_search_finds_it(text: str, index: int) -> None:
    regex = FencedBlockPreprocessor.FENCED_BLOCK_RE
    expected, got = regex.search(text, index), search_fence(regex, text, index)
    assert (got and got.span()) == (expected and expected.span())
