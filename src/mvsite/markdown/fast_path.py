"""The fast path's guard: is it safe with the installed Python-Markdown? The fast path skips the
inline patterns which cannot match (inline_skipping.py), the block tests and extensions a
document cannot use (block_skipping.py, converters.py) and cheapens three tree passes
(tree_passes.py). Every speed-up leaves the HTML byte-identical to stock Python-Markdown; the
fast path leans on Python-Markdown's internals, so it is checked before it is used and left
off (stock converters, slower) if the check fails.

Measured with `benchmarks/markdown_speed.py` (300 corpus pages, each page's fastest of 12
rounds, on a loaded 2-core machine): stock 11.3-20.8 ms a page, this fast path 1.7-1.8 ms.
The parts dropped below took a further 0.2-0.25 ms off. What pays, and so is kept:

- A pattern is only tried on text containing a string its regex cannot match without (`[`
  for links, `*` or `_` for emphasis); unknown patterns are always tried. The regexes of
  links and code spans begin with a lookbehind, which makes the regex engine try every
  position of a text: they are tried only where a link or code span can start. `smarty`'s
  patterns only ever substitute text, so its pass rewrites only the texts that hold a quote,
  dash or dot run. (Nearly all of the difference; the private parts it needs are checked,
  see `fast_path_problem`.)
- Extensions whose syntax a document lacks entirely (no `|`: no table; no `[^`: no footnote)
  are left out of the converter used for it (~0.3 ms; public API only).
- The block processors whose tests search the whole block only test blocks that have a
  string their regex needs (`#` for headings, `>` for quotes) (~0.3 ms; public API only).
- Cheaper serializer, prettifier and unescaper passes (tree_passes.py) (~0.1-0.3 ms; private
  parts, checked), and `is_block_level` over a set (~0.1 ms; public API only).
- A TOC pass that neither serializes nor post-processes plain-text headings (toc_pass.py; a
  copy of the stock loop over the toc module's public helpers: 1% of a build's instructions).
- The raw-HTML postprocessor's placeholders found by a regex with a literal start, which the
  engine searches for fast (raw_html_pass.py; a copy of the stock `run`: ~50 us a page).
- Registries that list their items once per change, not at every iteration (the block
  parser iterates its processors for every block) (listed_registries.py; public API only:
  1.7% of a 200-page build's instructions).

Dropped, as each bought under 0.1 ms a page (together the 0.2-0.25 ms above) for a copy of
stock code that a release may change: a block loop over a processor list made once (it would
miss a processor registered while parsing), and a whitespace normaliser.
"""

from __future__ import annotations

import markdown

from mvsite.markdown.converters import ALL_FEATURES, make_converter
from mvsite.markdown.tree_passes import FastPathUnavailable


def fast_path_problem(allow_html: bool) -> str | None:
    """Why the fast path must stay off with the installed Python-Markdown; None: it is safe.

    Checks that every internal part it relies on is there, then converts a document that uses
    every enabled extension's syntax with the fast and the stock converter: any difference,
    or any exception, is a problem."""
    try:
        stock = make_converter(ALL_FEATURES, (), allow_html, fast=False)
        fast = make_converter(ALL_FEATURES, (), allow_html, fast=True)
        expected, got = stock.convert(PROBE), fast.convert(PROBE)
        if got != expected:
            return "its HTML differs from stock Python-Markdown's: " + _difference(expected, got)
        if getattr(fast, "toc_tokens", None) != getattr(stock, "toc_tokens", None):
            return "its table of contents differs from stock Python-Markdown's"
    except FastPathUnavailable as exc:
        return str(exc)
    except Exception as exc:  # any failure of a private part means: stay stock
        return f"it failed on a test document ({type(exc).__name__}: {exc})"
    return None


def markdown_line(allow_html: bool, dialect: bool = False) -> str:
    """The --profile line that says which converter the build used, and if stock, why."""
    version = f"Python-Markdown {markdown.__version__}"
    if dialect:
        return f"markdown: {version}, stock converter (the site names its markdown_extensions)"
    problem = fast_path_problem(allow_html)
    if problem is None:
        return f"markdown: {version}, fast path"
    return f"markdown: {version}, stock converter (slower; fast path off: {problem})"


def _difference(expected: str, got: str) -> str:
    at = next(
        (i for i, (a, b) in enumerate(zip(expected, got, strict=False)) if a != b),
        min(len(expected), len(got)),
    )
    return f"stock {expected[at : at + 30]!r}, fast {got[at : at + 30]!r}"


# Every enabled extension's syntax and every inline pattern, for `fast_path_problem`.
PROBE = """[TOC]

# Title with "quotes" and `code` {#custom-id}

It's the '80s -- and 1990s---or not... A "*quoted emphasis*", '**strong**', ***both***,
__under__ _em_ ___both___ * not em * a*b*c, a_snake_word, <<angled>> and \\*escaped\\*.
See [b](b.md "a 'title'"), [ref][r], [r], ![img](x.png), ![ref image][r], <https://e.org/a>,
<me@example.org>, &copy; &#169;, a line  \nbreak, <span>raw "html"</span> and HTML[^1].

*[HTML]: Hyper Text Markup Language

[^1]: The note, with 'quotes'.

[r]: b.md "Ref 'title'"

Term
:   Definition -- with a dash

!!! note "A title"
    Admonition body, "quoted".

Paragraph with attributes
{: .lead #para }

| Left | Centre |
|:-----|-------:|
| "a"  | `e|f`  |

* item with "quotes"
    * nested 'item'

<b>Raw HTML</b> alone in its paragraph, then <i>inline</i>

> quote -- Someone
> # heading in a quote

```python
print("not 'smart' -- ...")
```

Setext &amp; 'heading'
----------------------

## Same

## Same

### A & B: `x < y`, *em*[^1] {: data-toc-label="Label &amp; more" }
"""
