"""Code coloured at build time: the extension's output is stock codehilite's, the language is
never guessed, and formatters are made once per set of options."""

from __future__ import annotations

import markdown
from markdown.extensions.codehilite import CodeHiliteExtension

from mvsite.markdown.highlight import Formatters, HighlightExtension

DOCUMENT = (
    "```python\ndef f(x):\n    return x  # c\n```\n\n    indented = True\n\n```\nplain\n```\n"
)


def _convert(extension: CodeHiliteExtension, text: str = DOCUMENT) -> str:
    return markdown.Markdown(extensions=["fenced_code", extension]).convert(text)


def test_the_output_is_stock_codehilites_without_guessing() -> None:
    stock = CodeHiliteExtension(guess_lang=False)
    assert _convert(HighlightExtension()) == _convert(stock)
    assert '<span class="k">def</span>' in _convert(HighlightExtension())


def test_a_block_without_a_language_is_not_guessed() -> None:
    html = _convert(HighlightExtension(), "    SELECT name FROM bees;\n")
    assert "<code>SELECT name FROM bees;\n</code>" in html  # no SQL classes: shown as text


def test_a_formatter_is_made_once_for_each_set_of_options() -> None:
    formatters = Formatters()
    first = formatters(lang_str="language-python", cssclass="codehilite", style="default")
    again = formatters(lang_str="language-bash", cssclass="codehilite", style="default")
    other = formatters(cssclass="codehilite", style="default", linenos="table")
    assert first is again
    assert other is not first
