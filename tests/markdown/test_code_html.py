"""A code block's HTML is byte for byte HtmlFormatter's with codehilite's default options, for
every lexer's tokens and any token stream; with other options there is no writer."""

from __future__ import annotations

from typing import Any

import pygments
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions.codehilite import CodeHilite
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_all_lexers, get_lexer_by_name
from pygments.token import STANDARD_TYPES, Token

from mvsite.markdown.code_html import PlainBlockHtml, plain_block_html
from tests.markdown.test_fast_lexing import COMMON, SAMPLES

CODEHILITE = CodeHilite("", lang=None, style="default").options  # the options it passes


def _stock(tokens: list[tuple[Any, str]], options: dict[str, Any] = CODEHILITE) -> str:
    return pygments.format(tokens, HtmlFormatter(**options))  # type: ignore[no-any-return]


def _ours(tokens: list[tuple[Any, str]], options: dict[str, Any] = CODEHILITE) -> str:
    writer = plain_block_html(options)
    assert writer is not None
    return writer.html(tokens)


@pytest.mark.parametrize("name", [*COMMON, "text", "pycon", "yaml", "json", "rst"])
def test_common_lexers_tokens_give_pygments_html(name: str) -> None:
    lexer = get_lexer_by_name(name)
    for text in [*SAMPLES, "", "\n\n", "x", "a\n\n\nb <&> 'q' \"d\"\n"]:
        tokens = list(lexer.get_tokens(text.strip("\n")))
        assert _ours(tokens) == _stock(tokens), text


@pytest.mark.slow
def test_every_lexers_tokens_give_pygments_html() -> None:
    for _, aliases, _, _ in get_all_lexers():
        if aliases:
            lexer = get_lexer_by_name(aliases[0])
            for text in SAMPLES[1:4]:
                tokens = list(lexer.get_tokens(text))
                assert _ours(tokens) == _stock(tokens), aliases[0]


# Every standard type, Token itself, and types of a lexer's own below them (`Name.Custom`).
TYPES = [Token, *STANDARD_TYPES, Token.Name.Custom, Token.Text.Own.Deeper, Token.Mine]
TOKENS = st.lists(
    st.tuples(
        st.sampled_from(TYPES),
        st.text(alphabet=st.sampled_from(list("ab <>&\"'\n\t")), max_size=8),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(tokens=TOKENS, cssclass=st.sampled_from(["codehilite", "", "a<b"]))
def test_any_token_stream_gives_pygments_html(tokens: list[Any], cssclass: str) -> None:
    options = {**CODEHILITE, "cssclass": cssclass}
    assert _ours(tokens, options) == _stock(tokens, options)


@pytest.mark.parametrize(
    "changed",
    [
        {"linenos": "table"},
        {"linenos": "inline"},
        {"noclasses": True},
        {"style": "monokai"},
        {"hl_lines": [1]},
        {"wrapcode": False},
        {"classprefix": "x-"},
        {"cssclass": None},
    ],
)
def test_other_options_have_no_writer(changed: dict[str, Any]) -> None:
    assert plain_block_html({**CODEHILITE, **changed}) is None


def test_codehilites_default_options_have_a_writer() -> None:
    assert isinstance(plain_block_html(CODEHILITE), PlainBlockHtml)
