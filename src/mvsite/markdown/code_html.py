"""The HTML of a coloured code block exactly as Pygments' HtmlFormatter writes it with the
options codehilite gives it by default (classes, no line numbers, `<code>` inside `<pre>`),
written in one pass.

HtmlFormatter sends every line through a stack of generators and, token by token, decides
whether to close one span and open another (~0.1 ms of a page with a code block). Its output
comes down to this: within a line, text of one CSS class is one `<span>`; a span never
crosses a line end; text without a class is bare; the last line ends with a newline. So
here the tokens of a run of one class are joined, escaped and cut at line ends at once.
With any other options, HtmlFormatter itself writes the block (see `plain_block_html`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from pygments.token import STANDARD_TYPES  # type: ignore[import-untyped]  # no stubs
from pygments.util import html_escape  # type: ignore[import-untyped]

# The formatter options that codehilite passes by default, besides `cssclass` (those but
# `wrapcode` have the same effect left out).
_DEFAULT_OPTIONS: dict[str, Any] = {
    "linenos": None,
    "noclasses": False,
    "style": "default",
    "wrapcode": True,
    "full": False,
}
_MAY_BE_LEFT_OUT = {name: _DEFAULT_OPTIONS[name] for name in ("noclasses", "style", "full")}


def plain_block_html(options: Mapping[str, Any]) -> PlainBlockHtml | None:
    """A writer of what `HtmlFormatter(**options)` writes, if `options` are codehilite's
    defaults with any CSS class; None for any other options."""
    cssclass = options.get("cssclass")
    others = {name: value for name, value in options.items() if name != "cssclass"}
    others = {**_MAY_BE_LEFT_OUT, **others}
    same = others.keys() == _DEFAULT_OPTIONS.keys() and all(
        type(value) is type(_DEFAULT_OPTIONS[name]) and value == _DEFAULT_OPTIONS[name]
        for name, value in others.items()
    )
    return PlainBlockHtml(cssclass) if same and type(cssclass) is str else None


class PlainBlockHtml:
    """Pygments' HTML for a code block's tokens (see the module's docstring)."""

    def __init__(self, cssclass: str) -> None:
        div = f'<div class="{html_escape(cssclass)}">' if cssclass else "<div>"
        self._start = f"{div}<pre><span></span><code>"
        self._spans: dict[Any, str] = {}  # token type -> the span that opens its text

    def html(self, tokens: Iterable[tuple[Any, str]]) -> str:
        """`tokens` ((token type, text) pairs, as a lexer's get_tokens gives) -> HTML."""
        spans = self._spans
        body: list[str] = []
        run_span = ""
        run: list[str] = []
        for ttype, value in tokens:
            if not value:  # (an empty token ends no run of a class)
                continue
            span = spans.get(ttype)
            if span is None:
                span = spans[ttype] = _span(ttype)
            if span != run_span:
                if run:
                    body.append(_in_spans(run_span, "".join(run)))
                run_span, run = span, [value]
            else:
                run.append(value)
        if run:
            body.append(_in_spans(run_span, "".join(run)))
        text = "".join(body)
        if text and not text.endswith("\n"):  # (escaping and spans add no newline)
            text += "\n"
        return f"{self._start}{text}</code></pre></div>\n"


def _in_spans(span: str, text: str) -> str:
    """Text of one class, escaped, in one span per line (no span around an empty line)."""
    escaped = escape(text, quote=False)
    if not span:
        return escaped
    if "\n" not in escaped:
        return f"{span}{escaped}</span>" if escaped else ""
    return "\n".join(f"{span}{line}</span>" if line else "" for line in escaped.split("\n"))


def _span(ttype: Any) -> str:
    """The span HtmlFormatter opens for text of `ttype`: its class and its ancestors' up to
    a standard type, or none if that class is empty (plain text)."""
    classes = _css_class(ttype)
    while ttype not in STANDARD_TYPES:
        ttype = ttype.parent
        classes = f"{_css_class(ttype)} {classes}"
    return f'<span class="{classes}">' if classes else ""


def _css_class(ttype: Any) -> str:
    """A standard type's short class (`k`, `s2`), or, for a type of a lexer's own, the
    standard ancestor's with the rest of the name after dashes (`n-Custom`)."""
    name = STANDARD_TYPES.get(ttype)
    if name is not None:
        return name  # type: ignore[no-any-return]
    suffix = ""
    while name is None:
        suffix = f"-{ttype[-1]}{suffix}"
        ttype = ttype.parent
        name = STANDARD_TYPES.get(ttype)
    return f"{name}{suffix}"
