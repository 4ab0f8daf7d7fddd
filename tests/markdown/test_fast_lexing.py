"""Lexers made faster give exactly Pygments' own tokens; a lexer they cannot speed up, or a
Python whose regex parser differs, is left as it is."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pygments.lexers import find_lexer_class_by_name, get_all_lexers, get_lexer_by_name

from mvsite.markdown import fast_lexing
from mvsite.markdown.fast_lexing import faster, first_character

SAMPLES = [
    Path(fast_lexing.__file__).read_text(encoding="utf-8"),
    '#!/bin/sh\nset -eu\nfor f in *.md; do echo "$f" | wc -l > "${f%.md}.n"; done\n',
    "<html><body a='1'>x &amp; y</body></html>\n{\"a\": [1, 2.5e3, null]}\n",
    "SELECT * FROM t WHERE a = 'x' -- c\n/* c */ int main(void) { return 0; } // d\n",
    "  x := `y` ${z} @{w} #[attr] 'c' \"s\\n\" 0x1F 1_000 3.5e-2j\n\t\ttabbed\r\nwindows\n",
    "\u00e9t\u00e9 \u212a\u017f \u0130 unicode \U0001f600 names",  # letters case folding meets
]
COMMON = ["python", "bash", "javascript", "c", "rust", "html", "css", "sql", "toml"]
COMMON += ["ini", "diff", "go", "java", "ruby", "php", "markdown", "docker", "make", "r"]


def _tokens(lexer: Any, text: str) -> list[Any]:
    return list(lexer.get_tokens(text))


def _pair(name: str) -> tuple[Any, Any]:
    cls = find_lexer_class_by_name(name)
    return cls(), faster(cls())


@pytest.mark.parametrize("name", COMMON)
def test_common_lexers_give_pygments_tokens(name: str) -> None:
    stock, fast = _pair(name)
    for text in SAMPLES:
        assert _tokens(fast, text) == _tokens(stock, text)


CODE_LIKE = st.text(
    alphabet=st.sampled_from(list("abcxyz019_ -+*/=<>!?.,;:'\"`$#@%&|^~()[]{}\\\n\tÉé\u017f")),
    max_size=300,
)


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(COMMON), text=CODE_LIKE)
def test_generated_text_gets_pygments_tokens(name: str, text: str) -> None:
    stock, fast = _pair(name)
    assert _tokens(fast, text) == _tokens(stock, text)


@pytest.mark.slow
def test_every_pygments_lexer_gives_its_own_tokens() -> None:
    for _, aliases, _, _ in get_all_lexers():
        if not aliases:
            continue
        stock, fast = _pair(aliases[0])
        for text in SAMPLES[1:4]:
            assert _tokens(fast, text) == _tokens(stock, text), aliases[0]


@pytest.mark.parametrize("name", ["python", "bash", "javascript", "rust", "toml"])
def test_a_rule_by_rule_lexer_is_made_faster(name: str) -> None:
    assert "get_tokens_unprocessed" in vars(faster(get_lexer_by_name(name)))


def test_a_lexer_that_is_not_rule_by_rule_is_left_as_it_is() -> None:
    for name in ["json", "text", "yaml", "c"]:  # by hand, plain, with a context, its own loop
        lexer = get_lexer_by_name(name)
        assert faster(lexer) is lexer
        assert "get_tokens_unprocessed" not in vars(lexer)


def test_without_the_regex_parser_lexers_are_left_as_they_are(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fast_lexing, "_READABLE", False)
    lexer = get_lexer_by_name("python")
    assert "get_tokens_unprocessed" not in vars(faster(lexer))
    assert _tokens(lexer, SAMPLES[0]) == _tokens(get_lexer_by_name("python"), SAMPLES[0])


def _first(regex: str, flags: int = 0) -> Any:
    return first_character(re.compile(regex, flags).match)


def test_what_a_rule_may_begin_with_is_read_from_its_regex() -> None:
    first = _first(r"(?<=\s)(?:[a-c]x|\d+|(?i:q))?(?!z)#")
    assert first is None  # a group with its own flags: cannot be told
    first = _first(r"\b(?:[a-c]x|\d+)|[^\W\d]|#")
    assert first is not None
    assert [c for c in "abcdx7#_é -" if first(c)] == list("abcdx7#_é")
    assert [c for c in "kK\u212a" if _first("k", re.IGNORECASE)(c)] == list("kK\u212a")


@pytest.mark.parametrize("regex", [r"(a)?\1", r"a*", r"$", r"(?=a)", r".", r"(?i:a)b", r"\Z|a"])
def test_a_rule_whose_beginning_cannot_be_told_is_tried_everywhere(regex: str) -> None:
    assert _first(regex) is None
