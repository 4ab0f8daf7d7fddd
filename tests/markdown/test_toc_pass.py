"""The fast TOC processor gives the stock one's heading ids, `toc_tokens` and `toc`, on tricky
headings and on generated ones, with and without a `[TOC]` marker and raw HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.extensions.toc import TocTreeprocessor
from markdown.postprocessors import Postprocessor

from mvsite.markdown.convert import MarkdownRenderer
from mvsite.markdown.converted import LinkTargets
from mvsite.markdown.converters import ALL_FEATURES, TOC_MARKER, make_converter
from mvsite.markdown.toc_pass import (
    FastTocTreeprocessor,
    StockTocExtension,
    StockTocTreeprocessor,
    heading_slug,
)

TRICKY = [
    "Plain words",
    "  Spaces   around\tand inside  ",
    "Ampersand & more",
    "Entities &copy; &amp; &#169; &#xA9; &nosuch;",
    "Less < and greater > than",
    "Escapes \\* \\_ \\` \\# \\{ \\> \\< \\&",
    "Code `a < b && c` span",
    "``Code with ` backtick``",
    "*Emphasis* and **strong** and ***both***",
    "A [link](b.md) and ![image](x.png)",
    "A [reference][r] link",
    "<https://example.org/a> and <me@example.org>",
    "Footnote reference[^1] here",
    "Footnotes[^1] twice[^1] and[^2]",
    "Custom id {#custom}",
    "Custom id again {: #custom }",
    "Escaped id {: #a\\>b }",
    "Class only {: .c }",
    'Label {: data-toc-label="A *label* &amp; <b>bold</b>" }',
    'Label with escape {: data-toc-label="x \\> y" }',
    "Duplicate",
    "Duplicate",
    "Duplicate_1",
    "Non-ASCII: Malmö, Øresund, Ærø, 東京, Ελλάδα",
    "Smarty 'quotes' and \"doubles\" -- dashes --- and... dots",
    "It's the '80s",
    "Raw <span>HTML</span> <b onclick='x'>shown</b>",
    "<!-- a comment --> after",
    "HTML abbreviation",
    "",
    "#",
    "Trailing hashes ##",
]


def _document(with_marker: bool) -> str:
    levels = ["#", "##", "###", "####", "#####", "######"]
    headings = [f"{levels[i % 6]} {text}" for i, text in enumerate(TRICKY)]
    setext = "Setext heading\n==============\n\nAnother & one\n-------------"
    body = "\n\nText {: #custom_1 } between.\n\n".join(headings)
    notes = "[^1]: A note.\n\n[^2]: Another.\n\n[r]: b.md\n\n*[HTML]: Hyper Text Markup Language"
    marker = f"{TOC_MARKER}\n\n" if with_marker else ""
    quoted = "> ## Heading in a quote\n\n* item\n\n    ### Heading in a list"
    return f"{marker}{body}\n\n{setext}\n\n{quoted}\n\n{notes}\n"


class _Upper(Postprocessor):
    def run(self, text: str) -> str:
        return text.replace("o", "0")


def _converters(
    allow_html: bool, marker: bool, postprocessor: bool = False
) -> tuple[markdown.Markdown, markdown.Markdown]:
    """Two fast-path converters, the second with the stock TOC processor in place of the fast."""
    features = ALL_FEATURES if marker else ALL_FEATURES - {TOC_MARKER}
    fast, stock = (make_converter(features, (), allow_html) for _ in range(2))
    assert isinstance(fast.treeprocessors["toc"], FastTocTreeprocessor)
    config = StockTocExtension(toc_depth="2-4", marker=TOC_MARKER if marker else "").getConfigs()
    processor = TocTreeprocessor if marker else StockTocTreeprocessor
    stock.treeprocessors.register(processor(stock, config), "toc", 5)
    if postprocessor:
        for md in (fast, stock):
            md.postprocessors.register(_Upper(md), "upper", 1)
    return fast, stock


def _outputs(md: markdown.Markdown, text: str) -> tuple[str, Any, str]:
    md.reset()
    return md.convert(text), md.toc_tokens, md.toc  # type: ignore[attr-defined]


@pytest.mark.parametrize("allow_html", [False, True])
@pytest.mark.parametrize("marker", [False, True], ids=["no-marker", "marker"])
@pytest.mark.parametrize("postprocessor", [False, True], ids=["own", "other-postprocessor"])
def test_tricky_headings_get_the_stock_ids_tokens_and_toc(
    allow_html: bool, marker: bool, postprocessor: bool
) -> None:
    fast, stock = _converters(allow_html, marker, postprocessor)
    document = _document(marker)
    for _ in range(2):  # converters are reused
        assert _outputs(fast, document) == _outputs(stock, document)
    tokens = _outputs(fast, document)[1]
    assert tokens and any(token["children"] for token in tokens)
    assert any(token["data-toc-label"] for token in tokens)
    if marker:
        assert "<ul>" in fast.toc  # type: ignore[attr-defined]


def test_each_heading_on_its_own_gets_the_stock_tokens() -> None:
    fast, stock = _converters(allow_html=True, marker=False)
    for text in TRICKY:
        document = f"## {text}\n\n[^1]: A note.\n\n[^2]: Another.\n\n[r]: b.md\n"
        assert _outputs(fast, document) == _outputs(stock, document), text


def test_plain_headings_are_not_serialized_one_by_one() -> None:
    """What the fast processor is for: stock serializes each heading and the TOC's `<div>`."""
    serialized: list[str] = []
    fast, stock = _converters(allow_html=False, marker=False)
    for md in (fast, stock):
        serializer = md.serializer
        md.serializer = lambda el, serializer=serializer: (
            serialized.append(el.tag) or serializer(el)
        )
    document = "## One\n\nText.\n\n### Two & three\n\n## Fo*u*r\n"
    assert _outputs(fast, document) == _outputs(stock, document)
    assert serialized == ["h3", "h2", "div", "div", "h2", "h3", "h2", "div", "div"]


PIECES = st.sampled_from(
    [
        "word",
        "Malmö",
        "HTML",
        " ",
        "  ",
        "\t",
        "*em*",
        "**strong**",
        "_u_",
        "`code`",
        "`a<b`",
        "\\*",
        "\\>",
        "\\&",
        "\\`",
        "[b](b.md)",
        "[r]",
        "![i](x.png)",
        "<https://e.org>",
        "<span>raw</span>",
        "<!-- c -->",
        "&copy;",
        "&amp;",
        "&",
        "<",
        ">",
        "'",
        '"',
        "--",
        "...",
        "[^1]",
        "#",
        "_1",
        "{#x}",
        "{: #x }",
        '{: data-toc-label="L &amp; *l*" }',
        "{: .c }",
    ]
)
HEADINGS = st.lists(st.lists(PIECES, max_size=6).map("".join), min_size=1, max_size=6)


@pytest.mark.slow  # a property test
@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,  # the same inputs on every run: a failure here is always reproducible
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    texts=HEADINGS,
    levels=st.lists(st.integers(1, 6), min_size=6, max_size=6),
    allow_html=st.booleans(),
    marker=st.booleans(),
)
def test_generated_headings_get_the_stock_ids_tokens_and_toc(
    texts: list[str], levels: list[int], allow_html: bool, marker: bool
) -> None:
    fast, stock = _converters(allow_html, marker)
    headings = "\n\n".join(
        f"{'#' * level} {text}" for level, text in zip(levels, texts, strict=False)
    )
    document = f"{TOC_MARKER if marker else ''}\n\n{headings}\n\n[^1]: N.\n\n[r]: b.md\n"
    assert _outputs(fast, document) == _outputs(stock, document)


@pytest.mark.parametrize("fast", [True, False])
def test_a_heading_without_latin_letters_gets_its_own_words_as_its_id(fast: bool) -> None:
    """Its ASCII slug is empty: it got a bare counter (`_1`), which links written for GitHub
    or Hugo (`#インストール`) never reach."""
    renderer = MarkdownRenderer(LinkTargets({}, frozenset()), fast=fast)
    body = "## インストール\n\n## Установка\n\n## Kræft og Øresund\n\n## Установка\n\n## Шаг 1\n"
    rendered = renderer.render(body, "a.md", Path("content/a.md"), 1)
    assert [heading.id for heading in rendered.toc] == [
        "インストール",
        "установка",
        "krft-og-resund",  # (Latin letters: Python-Markdown's slug, as MkDocs makes it)
        "установка_1",
        "шаг-1",  # (its digit alone made the id "1")
    ]
    assert heading_slug("Read me", "-") == "read-me"
