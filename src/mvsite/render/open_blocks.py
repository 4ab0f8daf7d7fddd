"""Which block tags of a template are still open at one of its tags: read from Jinja's own
tokens of the source (`Environment.lex`), so raw blocks, comments and strings are skipped as
Jinja skips them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import jinja2

from mvsite.render.template_names import BLOCKS, MIDDLES


@dataclass(frozen=True)
class OpenBlock:
    tag: str  # 'if'
    line: int  # where its {% if %} is


def open_blocks(
    env: jinja2.Environment, source: str, line: int | None, tag: str | None
) -> tuple[OpenBlock, ...] | None:
    """The blocks open where `{% tag %}` on `line` is (the innermost last), or at the end of
    the template (`tag` None); None if that tag is not found or the source cannot be read
    into tokens."""
    stack: list[OpenBlock] = []
    try:
        for at, name, opens in _tags(env, source):
            if tag is not None and at == line and name == tag and not _fits(name, stack):
                return tuple(stack)
            if opens:
                stack.append(OpenBlock(name, at))
            elif stack and name == f"end{stack[-1].tag}":
                stack.pop()
    except jinja2.TemplateSyntaxError:
        return None
    return tuple(stack) if tag is None else None


def _fits(name: str, stack: list[OpenBlock]) -> bool:
    """Does `{% name %}` belong where it is: it ends, or goes inside, the innermost block?"""
    innermost = stack[-1].tag if stack else None
    return name == f"end{innermost}" or innermost in MIDDLES.get(name, ())


def _tags(env: jinja2.Environment, source: str) -> Iterator[tuple[int, str, bool]]:
    """Each `{% tag ... %}` of `source`: its line, its name, whether it opens a block."""
    blocks = BLOCKS | {tag for ext in env.extensions.values() for tag in ext.tags}
    tokens = [token for token in env.lex(source) if token[1] != "whitespace"]
    for i, (_, kind, _) in enumerate(tokens[:-1]):
        at, next_kind, name = tokens[i + 1]
        if kind == "block_begin" and next_kind == "name":
            yield at, name, name in blocks and not (name == "set" and _assigns(tokens[i + 2 :]))


def _assigns(tokens: Sequence[tuple[int, str, str]]) -> bool:
    """Does the `{% set %}` these tokens go on with assign a value (`{% set x = 1 %}`, not
    the block `{% set x %}...{% endset %}`)?"""
    for _, kind, value in tokens:
        if kind == "block_end":
            return False
        if kind == "operator" and value == "=":
            return True
    return False
