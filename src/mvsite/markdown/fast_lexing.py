"""Pygments' RegexLexer with the same tokens, found faster: at each position, only the rules
that can match a text starting with the character there are tried.

A RegexLexer tries its state's rules in order at the current position and takes the first
that matches: about twenty failed tries a token for Python's lexer, each a call into the
regex engine, which made colouring a Python block cost more than converting its page's
Markdown. Here what each rule's regex may begin with is read from the regex, and a state
keeps, for each character it met, its rules in order less those that cannot begin with it.
A rule whose beginning cannot be told (it may match nothing, or begins with any character,
or with a back-reference) is tried everywhere.

It relies on RegexLexer's internals (`_tokens`: each state's (match, action, new state)) and
on the regex parser of `re` (`re._parser`), checked when a lexer is made faster: any other
lexer is left as it is.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any

from pygments.lexer import RegexLexer  # type: ignore[import-untyped]  # no stubs
from pygments.token import Error, Whitespace, _TokenType  # type: ignore[import-untyped]

_sre: Any
_parse: Any
try:  # the regex parser of Python's `re` (3.11 on)
    _sre = importlib.import_module("re._constants")
    _parse = importlib.import_module("re._parser")
except ImportError:  # lexers are left as they are
    _sre = _parse = None
_OPCODES = (
    *("LITERAL", "IN", "RANGE", "NEGATE", "CATEGORY", "AT", "ASSERT", "ASSERT_NOT"),
    *("SUBPATTERN", "BRANCH", "ATOMIC_GROUP", "MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"),
)
_READABLE = _sre is not None and all(hasattr(_sre, op) for op in _OPCODES)
_CATEGORIES: dict[Any, str] = {
    getattr(_sre, f"CATEGORY_{name}"): escape
    for name, escape in (
        *(("DIGIT", r"\d"), ("NOT_DIGIT", r"\D"), ("SPACE", r"\s")),
        *(("NOT_SPACE", r"\S"), ("WORD", r"\w"), ("NOT_WORD", r"\W")),
    )
    if _READABLE and hasattr(_sre, f"CATEGORY_{name}")
}

Rule = tuple[Callable[[str, int], Any], Any, Any]  # (match, action, new state), as Pygments has
Token = tuple[int, Any, str]


def faster(lexer: Any) -> Any:
    """`lexer`, lexing the same tokens faster if it is a plain RegexLexer (it is changed in
    place: give it a lexer of your own); any other lexer as it is."""
    tokendefs = getattr(lexer, "_tokens", None)
    if (
        not _READABLE
        or not isinstance(lexer, RegexLexer)
        or getattr(type(lexer), "get_tokens_unprocessed", None) is not _STOCK
        or not isinstance(tokendefs, dict)
        or "root" not in tokendefs
    ):
        return lexer
    lexer.get_tokens_unprocessed = partial(_lex, lexer, _States(tokendefs))
    return lexer


_STOCK = RegexLexer.get_tokens_unprocessed


def first_character(match: Callable[[str, int], Any]) -> Callable[[str], Any] | None:
    """A test of one character: is it one a text may start with for `match` (a compiled
    regex's) to match it? None if any may, or the text may be empty, or it cannot be told.

    The test is a regex made of the classes and characters the rule's regex may begin with,
    compiled with the flags that decide what they match (case, ASCII): the regex engine
    itself says whether a character is one of them.
    """
    pattern = getattr(match, "__self__", None)
    if not isinstance(pattern, re.Pattern) or not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = _parse.parse(pattern.pattern, pattern.flags)
        found, may_be_empty = _first_of_sequence(parsed.data)
        if found is None or may_be_empty or not found:
            return None
        return re.compile("|".join(found), parsed.state.flags & (re.IGNORECASE | re.ASCII)).match
    except Exception:  # the parser's output is not as expected: tried everywhere
        return None


def _first_of_sequence(items: Sequence[tuple[Any, Any]]) -> tuple[list[str] | None, bool]:
    """(regexes of one character a match of `items` may start with, may it be empty?)."""
    found: list[str] = []
    for op, argument in items:
        first, may_be_empty = _first_of(op, argument)
        if first is None:
            return None, False
        found += first
        if not may_be_empty:
            return found, False
    return found, True


def _first_of(op: Any, argument: Any) -> tuple[list[str] | None, bool]:
    if op is _sre.LITERAL:
        return [re.escape(chr(argument))], False
    if op is _sre.IN:
        members = _class(argument)
        return ([members] if members else None), False
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        return [], True  # a condition on the text: it consumes no character
    if op is _sre.SUBPATTERN:
        _, added, removed, inner = argument
        return _first_of_sequence(inner.data) if not (added or removed) else (None, False)
    if op is _sre.ATOMIC_GROUP:
        return _first_of_sequence(argument.data)
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        least, _, inner = argument
        first, may_be_empty = _first_of_sequence(inner.data)
        return first, may_be_empty or least == 0
    if op is _sre.BRANCH:
        found: list[str] = []
        any_empty = False
        for branch in argument[1]:
            first, may_be_empty = _first_of_sequence(branch.data)
            if first is None:
                return None, False
            found += first
            any_empty = any_empty or may_be_empty
        return found, any_empty
    return None, False  # any character, a back-reference, ...: cannot be told


def _class(items: Sequence[tuple[Any, Any]]) -> str | None:
    """A character class, written back as a regex; None if it holds what cannot be."""
    written = []
    for op, argument in items:
        if op is _sre.NEGATE:
            written.append("^")
        elif op is _sre.LITERAL:
            written.append(re.escape(chr(argument)))
        elif op is _sre.RANGE:
            written.append(f"{re.escape(chr(argument[0]))}-{re.escape(chr(argument[1]))}")
        elif op is _sre.CATEGORY and argument in _CATEGORIES:
            written.append(_CATEGORIES[argument])
        else:
            return None
    return f"[{''.join(written)}]"


class _State:
    """One state's rules, and for each character met, the rules that may start with it."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self._firsts = [first_character(match) for match, _, _ in self.rules]
        self._by_character: dict[str, tuple[Rule, ...]] = {}

    def rules_at(self, character: str) -> tuple[Rule, ...]:
        rules = self._by_character.get(character)
        if rules is None:
            rules = self._by_character[character] = tuple(
                rule
                for rule, first in zip(self.rules, self._firsts, strict=True)
                if first is None or first(character)
            )
        return rules


class _States:
    """A lexer's states, each read when first used."""

    def __init__(self, tokendefs: dict[str, Sequence[Rule]]) -> None:
        self._tokendefs = tokendefs
        self._states: dict[str, _State] = {}

    def __getitem__(self, name: str) -> _State:
        state = self._states.get(name)
        if state is None:
            state = self._states[name] = _State(self._tokendefs[name])
        return state


def _lex(
    lexer: Any, states: _States, text: str, stack: Sequence[str] = ("root",)
) -> Iterator[Token]:
    """RegexLexer.get_tokens_unprocessed, trying only the rules that may match."""
    pos, end = 0, len(text)
    statestack = list(stack)
    state = states[statestack[-1]]
    while True:
        for match, action, new_state in state.rules_at(text[pos] if pos < end else ""):
            found = match(text, pos)
            if found:
                if action is not None:
                    if type(action) is _TokenType:
                        yield pos, action, found.group()
                    else:
                        yield from action(lexer, found)
                pos = found.end()
                if new_state is not None:
                    _change_state(statestack, new_state)
                    state = states[statestack[-1]]
                break
        else:
            if pos >= end:
                break
            if text[pos] == "\n":  # at the end of a line, back to the root state
                statestack = ["root"]
                state = states["root"]
                yield pos, Whitespace, "\n"
            else:
                yield pos, Error, text[pos]
            pos += 1


def _change_state(statestack: list[str], new_state: Any) -> None:
    """The stack after a rule's state change, as RegexLexer makes it."""
    if isinstance(new_state, tuple):
        for name in new_state:
            if name == "#pop":
                if len(statestack) > 1:
                    statestack.pop()
            elif name == "#push":
                statestack.append(statestack[-1])
            else:
                statestack.append(name)
    elif isinstance(new_state, int):
        if abs(new_state) >= len(statestack):
            del statestack[1:]
        else:
            del statestack[new_state:]
    elif new_state == "#push":
        statestack.append(statestack[-1])
    else:
        raise AssertionError(f"wrong state def: {new_state!r}")
