"""The fast converters give exactly the stock converter's output, document by document, and
stay off (stock output, one notice) when the installed Python-Markdown fails their check."""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mvsite.markdown import inline_skipping, toc_pass
from mvsite.markdown.convert import MarkdownRenderer
from mvsite.markdown.converted import FigureLink, LinkTargets, Rendered
from mvsite.markdown.converters import (
    ALL_FEATURES,
    OPTIONAL_EXTENSIONS,
    SELDOM_IN_PROSE,
    TOC_MARKER,
    features_of,
)
from mvsite.markdown.fast_path import fast_path_problem, markdown_line
from mvsite.markdown.inline_skipping import pattern_triggers, search_any

from ..conftest import SITES, Run, SiteFiles

ROOT = Path(__file__).resolve().parents[2]

TORTURE = [
    # smarty: quotes, apostrophes, decades, dashes, ellipses, next to markup and escapes
    """He said, "'Quoted' words in a larger quote." It's the '80s -- and 1990s---or not...
'Single' at the start, "double" at the end". A "*quoted emphasis*" and '**strong**'.
"[a link](b.md)" and ["quoted" text](b.md "a 'title'") -- `code "not" smart` ... \\"escaped\\".
Four dashes ---- and five ..... dots; ''double singles'' and ""double doubles"".
Lines of spaces, one after another, end this paragraph:\n\x20\x20\x20\n\x20\x20\n    indented after them\n\t
Backslashes before backticks: \\\\`code after two`, \\`not code`, \\\\\\`three`, ![x] [not a link].
    """,
    '\'"Mixed"\' and "\'mixed\'"; ("paren") [\'bracket\'] {"brace"} &nbsp;"entity" &mdash;\'x\'',
    # footnotes, abbreviations, definition lists, admonitions, attributes, tables, TOC
    """[TOC]

# Title with "quotes" {#custom-id}

Text with a footnote[^1] and HTML abbr.

*[HTML]: Hyper Text Markup Language

[^1]: The note, with 'quotes'.

Term
:   Definition -- with a dash

Other term
:\tTabbed definition

!!! note "A title"
    Admonition body, "quoted".

Paragraph with attributes
{: .lead #para }

| Left | Centre | Right |
|:-----|:------:|------:|
| "a"  | b--c   | d...  |
| `e|f` | **g** | [h](b.md#sec) |

## Second heading's turn

### Third -- level
""",
    # links, images, figures, autolinks, entities, line breaks, raw HTML shown as text
    """See [b](b.md), [sec](b.md#sec), [page](#local), ![img](img/x.png "t"), [[fig:known]],
[[fig:unknown]], <https://example.org/a>, <me@example.org>, &copy; &#169; &#xA9;, a line\\
break, <span>raw "html"</span>, [ref][r], [r], ![ref image][r] and a_snake_case_word.

[r]: b.md "Ref 'title'"

* list item with "quotes"
    * nested 'item' -- dash
1. ordered... item

> quote with 'quotes'
> -- Someone

```python
print("not 'smart' -- ...")
```

    indented "code" -- block
""",
    "",
    "A hard line  \nbreak, and a tab\t \nbefore one.\n",
    "Plain text with nothing to do.\n",
    "**bold** *em* ***both*** __under__ _em_ ___both___ * not em * a*b*c",
    "Footnote reference only[^missing] and a definition-looking line: yes.\n",
    "term\n: def after colon-space\n\n: starts with colon\n",
    # repeated and clashing heading ids, an escaped character in a heading and an attribute
    "## Same\n\n## Same\n\n## Same_1\n\n## Same\n\n## A \\*star\\*\n\nText {: #same_2 }\n",
    '#### Deep `code` heading\n\n##### Deeper [link](b.md)\n\n[x](b.md){: title="a \\"b\\"" }\n',  # block syntax whose processors only test blocks with their needle: rules, headings,
    # quotes and reference definitions, also inside lists and quotes, and look-alikes
    "Before\n\n-  -  -\n\n_  _  _\n\n*  *  *\n\n- -\n\nAfter\n",
    "Para\n***\n- - -\n_ _ _\n---\n\nSetext\n---\n\nText # not a heading\n#Tight\n",
    "* item\n\n    > quoted in a list\n    > # heading in a quote\n\n    ***\n",
    "> outer\n>> inner\n\na > b and c]: d\n[ref]: b.md\n[ref2]:\n  b.md 'T'\n\n[ref] [ref2]\n",
    # fenced code: languages Pygments lexes by rules, by hand, not at all; options; a fence
    # inside a longer one; text after a fence with options
    """```python
def f(x: int = 0x1F) -> str:  # comment
    return f"{x!r} and 'quotes' \\n" + r'raw' + b"bytes".decode()
```

```bash
for f in *.md; do echo "$f" | wc -l > "${f%.md}.n"; done
```

```json
{"a": [1, 2.5e3, null, true], "b": "c"}
```

```nosuchlanguage
x < y && z
```

```
plain <b>text</b> & more
```

```{.yaml #conf}
key: [value, "other"]
```

```python hl_lines="2"
a = 1
b = 2
```

````markdown
```python
inner = "fence"
```
````

```c
int main(void) { return 0; }
```
""",
]


def _targets() -> LinkTargets:
    return LinkTargets(
        pages={"b.md": "/b/", "guide/first.md": "/guide/first/"},
        assets=frozenset({"img/x.png"}),
        figures={"known": FigureLink("12", "/facts/#fig-known", "Known. Source: S")},
    )


def _same(a: Rendered, b: Rendered) -> None:
    assert a.html == b.html
    assert (a.toc, a.ids, a.links, a.figures) == (b.toc, b.ids, b.links, b.figures)
    assert [str(p) for p in a.problems] == [str(p) for p in b.problems]


def _fixture_bodies() -> list[tuple[str, str]]:
    content = SITES / "basic" / "content"
    return [
        (p.relative_to(content).as_posix(), p.read_text(encoding="utf-8"))
        for p in sorted(content.rglob("*.md"))
    ]


def _corpus_bodies(tmp: Path) -> list[tuple[str, str]]:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    gen_corpus = importlib.import_module("benchmarks.gen_corpus")
    gen_corpus.generate(60, tmp, 7)
    return [
        (p.relative_to(tmp).as_posix(), p.read_text(encoding="utf-8"))
        for p in sorted(tmp.rglob("*.md"))
    ]


@pytest.mark.parametrize("allow_html", [False, True])
def test_fast_converters_match_the_stock_converter(tmp_path: Path, allow_html: bool) -> None:
    documents = [(f"t/{i}.md", text) for i, text in enumerate(TORTURE)]
    documents += _fixture_bodies() + _corpus_bodies(tmp_path)
    stock = MarkdownRenderer(_targets(), allow_html, fast=False)
    fast = MarkdownRenderer(_targets(), allow_html)
    for rel, text in documents * 2:  # twice: converters are reused across documents
        _same(stock.render(text, rel, Path(rel), 1), fast.render(text, rel, Path(rel), 1))


def test_each_optional_extension_is_chosen_only_when_its_syntax_is_there() -> None:
    assert features_of("Plain text.") == frozenset()
    assert features_of("a | b\n--|--\n") == {"tables"}
    assert features_of("x[^1]\n\n[^1]:note") == {"footnotes"}
    assert features_of("t\n:\td") == {"def_list"}
    assert features_of("!!! note\n    x\n*[A]:a\n{.c}\n[TOC]") == {
        "admonition",
        "abbr",
        "attr_list",
        "[TOC]",
    }
    assert features_of("".join(TORTURE)) == ALL_FEATURES


def test_a_needle_is_looked_for_only_after_a_character_of_its_own() -> None:
    """A character the needle lacks could rule out a page that has the needle."""
    assert all(seldom in needle for needle, seldom in SELDOM_IN_PROSE.items())
    needles = {n for needles in OPTIONAL_EXTENSIONS.values() for n in needles}
    assert SELDOM_IN_PROSE.keys() <= needles


@given(st.text(alphabet="|[^{*:!TOC] \t\nab", max_size=40))
def test_features_are_the_needles_the_text_has(text: str) -> None:
    needles = [(n, name) for name, needles in OPTIONAL_EXTENSIONS.items() for n in needles]
    expected = {name for needle, name in needles if needle in text}
    assert features_of(text) == expected | ({TOC_MARKER} if TOC_MARKER in text else set())


ALPHABET = " \n\t-*[^!_ab"


@given(
    st.lists(st.text(ALPHABET, max_size=4), min_size=1, max_size=6), st.text(ALPHABET, max_size=30)
)
def test_search_any_matches_a_text_holding_one_of_the_strings(
    strings: list[str], text: str
) -> None:
    found = search_any(strings)(text)
    assert (found is not None) == any(string in text for string in strings)


def test_every_inline_pattern_has_a_trigger() -> None:
    """A pattern without one still works, but is tried on every text: mvsite's own included."""
    renderer = MarkdownRenderer(LinkTargets({}, frozenset()), allow_html=True, fast=False)
    md, _ = renderer._converter(ALL_FEATURES)
    smarty = md.treeprocessors["smarty"]
    registries = [md.inlinePatterns, smarty.inlinePatterns]  # type: ignore[attr-defined]
    untriggered = [
        item.name
        for registry in registries
        for item in registry._priority
        if pattern_triggers(item.name, registry[item.name]) is None
    ]
    assert "mv-fig" in md.inlinePatterns
    assert untriggered == []


# Inline syntax of Python-Markdown and of every enabled extension (smarty, footnotes, abbr,
# attr_list) and of mvsite (figures), next to characters that are syntax on their own.
INLINE = st.sampled_from(
    [
        "word",
        "HTML",
        "a_snake_word",
        "*em*",
        "**strong**",
        "***both***",
        "_u_",
        "__uu__",
        "___uuu___",
        " * ",
        "`code`",
        "``co`de``",
        "\\`",
        "\\*",
        "[b](b.md)",
        "[s](b.md#sec)",
        "[t](b.md \"a 'title'\")",
        "[ref][r]",
        "[r]",
        "![img](img/x.png)",
        "![ri][r]",
        "<https://example.org/a>",
        "<me@example.org>",
        "<span>raw</span>",
        "<b onclick='x'>b</b>",
        "&copy;",
        "&#169;",
        "&",
        "[[fig:known]]",
        "[[fig:nope]]",
        "[^1]",
        "[^2]",
        "'",
        '"',
        "'80s",
        "--",
        "---",
        "...",
        "<<",
        ">>",
        "  \n",
        "\n",
        "{: .c }",
        "{#i}",
        "|",
        ":",
        "[",
        "]",
        "(",
        ")",
        "!",
        "<",
        ">",
        "#",
        "*",
        "_",
        "-",
        "~",
        "^",
        "\\",
        "\t",
        "\u00e9",
    ]
)
LINE = st.lists(INLINE, min_size=1, max_size=12).map(" ".join)


# Block syntax of Python-Markdown and of every enabled extension; {a} and {b} are lines.
BLOCKS = [
    "{a}",
    "## {a}",
    "### {a} {{#h-id}}",
    "{a}\n---",
    "* {a}\n* {b}\n    * nested {a}",
    "1. {a}\n2. {b}",
    "> {a}\n> {b}",
    "```python\n{a}\n```",
    "```bash\n{a}\n{b}\n```",  # fenced code: by language, plain, with options, nested
    "~~~\n{a}\n~~~",
    '```{{.python #c}}\n{a}\n```\n\n```python hl_lines="1"\n{b}\n```',
    "````\n```js\n{a}\n```\n````",
    "    {a}",
    "| {a} | h |\n|:--|--:|\n| {b} | c |",  # tables
    "{a}\n:   {b}",  # def_list
    '!!! note "{a}"\n    {b}',  # admonition
    "[^1]: {a}",  # footnotes
    "*[HTML]: {a}",  # abbr
    "[r]: b.md '{a}'",
    "{a}\n{{: .lead #p }}",  # attr_list
    "***",
    "[TOC]",  # toc
    "<div>{a}</div>",
]
BLOCK = st.builds(str.format, st.sampled_from(BLOCKS), a=LINE, b=LINE)
DOCUMENT = st.lists(BLOCK, min_size=1, max_size=8).map("\n\n".join)


@pytest.fixture(scope="module", params=[False, True], ids=["escaped-html", "allowed-html"])
def renderers(request: pytest.FixtureRequest) -> tuple[MarkdownRenderer, MarkdownRenderer]:
    """Stock and fast, each reused across examples as a build reuses its converters."""
    allow_html: bool = request.param
    stock = MarkdownRenderer(_targets(), allow_html, fast=False)
    return stock, MarkdownRenderer(_targets(), allow_html)


@pytest.mark.slow  # a property test
@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,  # the same inputs on every run: a failure here is always reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents=st.lists(DOCUMENT, min_size=1, max_size=3))
def test_fast_and_stock_agree_on_generated_markdown(
    renderers: tuple[MarkdownRenderer, MarkdownRenderer], documents: list[str]
) -> None:
    """Every enabled extension's syntax, mixed; several documents through the same converters
    (abbreviations before Markdown 3.7 register patterns while a document is parsed)."""
    stock, fast = renderers
    for i, text in enumerate(documents):
        rel = f"t/{i}.md"
        _same(stock.render(text, rel, Path(rel), 1), fast.render(text, rel, Path(rel), 1))


def test_the_fast_path_is_on_with_the_installed_markdown() -> None:
    # Off, it would still be right, only slow: this says so.
    assert fast_path_problem(allow_html=False) is None
    assert fast_path_problem(allow_html=True) is None
    assert MarkdownRenderer(_targets()).fast_path_problem is None


BROKEN = {
    # a release renames a private method the fast path takes part in
    "renamed": (
        lambda patch: patch.setattr(inline_skipping, "_APPLY_PATTERN", "_InlineProcessor__apply"),
        "Python-Markdown's InlineProcessor has no __apply",
    ),
    # a release changes what a pattern matches, so a trigger no longer covers it
    "behaves differently": (
        lambda patch: patch.setitem(inline_skipping._TRIGGERS, "em_strong", ("~",)),
        "its HTML differs from stock Python-Markdown's: stock '<em>",
    ),
    # a release puts placeholders where the TOC's shortcut takes a heading's text as it is
    "toc shortcut": (
        lambda patch: patch.setattr(toc_pass, "_NOT_PLAIN", re.compile("(?!)")),
        "its HTML differs from stock Python-Markdown's: stock 'heading\">Setext &amp;",
    ),
}


@pytest.mark.parametrize("broken", BROKEN)
def test_a_failed_check_falls_back_to_stock_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, broken: str
) -> None:
    breaks, problem = BROKEN[broken]
    breaks(monkeypatch)
    fast = MarkdownRenderer(_targets())
    stock = MarkdownRenderer(_targets(), fast=False)
    assert problem in (fast.fast_path_problem or "")
    for rel, text in [(f"t/{i}.md", text) for i, text in enumerate(TORTURE)] + _fixture_bodies():
        _same(stock.render(text, rel, Path(rel), 1), fast.render(text, rel, Path(rel), 1))


def _profile_lines(run: Run) -> list[str]:
    assert run.code == 0, run.err
    return [line for line in (run.out + run.err).splitlines() if line.startswith("markdown:")]


SITE: SiteFiles = {
    "mvsite.yaml": "title: T\n",
    "content/a.md": "---\ntitle: A\ndescription: D\n---\nSome *text* -- [b](b.md).\n",
    "content/b.md": "---\ntitle: B\ndescription: D\n---\n## Part\n\nMore 'text'.\n",
}


@pytest.mark.parametrize("option", ["--profile", "--verbose"])
def test_profile_and_verbose_say_once_that_the_fast_path_is_off(
    monkeypatch: pytest.MonkeyPatch,
    make_site: Callable[[SiteFiles], Path],
    run_cli: Callable[..., Run],
    option: str,
) -> None:
    site = make_site(SITE)
    version = markdown.__version__
    on = _profile_lines(run_cli("build", "--source", site, option, "--no-cache", "--jobs", "2"))
    assert on == [f"markdown: Python-Markdown {version}, fast path"]
    BROKEN["renamed"][0](monkeypatch)
    off = _profile_lines(run_cli("build", "--source", site, option, "--no-cache", "--jobs", "2"))
    assert off == [
        f"markdown: Python-Markdown {version}, stock converter (slower; fast path off:"
        " Python-Markdown's InlineProcessor has no __apply)"
    ]


def test_a_site_with_its_own_extensions_is_said_to_use_the_stock_converter() -> None:
    line = markdown_line(allow_html=False, dialect=True)
    assert line.endswith("stock converter (the site names its markdown_extensions)")
