from __future__ import annotations

from pathlib import Path

from mvsite.markdown.convert import MarkdownRenderer
from mvsite.markdown.converted import LinkTargets
from mvsite.markdown.foreign_syntax import foreign_lines, raw_html_shown

BODY = """\
# API

::: package.module.Thing

## ::: package.other
    options:
      show_source: false

:::note Remember
Text.
:::

```text
::: inside.a.fence
```

    ::: indented.code

Colons ::: in a sentence, and a rule:

::::
"""


def test_mkdocstrings_calls_and_containers_are_said_where_written_and_nothing_else() -> None:
    said = [
        (number, message.split("shown as text: ")[1]) for number, message, _ in foreign_lines(BODY)
    ]
    assert said == [
        (2, "mkdocstrings' call for API docs (mvsite runs no plugin)"),
        (4, "mkdocstrings' call for API docs (mvsite runs no plugin)"),
        (8, "another tool's container, unknown to Python-Markdown"),
    ]


def test_a_build_warns_at_the_files_line() -> None:
    renderer = MarkdownRenderer(LinkTargets({}, frozenset()))
    rendered = renderer.render(BODY, "api.md", Path("docs/api.md"), 4)
    assert [str(w).split("\n")[0] for w in rendered.warnings] == [
        "docs/api.md:6: '::: package.module.Thing' is shown as text: mkdocstrings' call for"
        " API docs (mvsite runs no plugin)",
        "docs/api.md:8: '## ::: package.other' is shown as text: mkdocstrings' call for"
        " API docs (mvsite runs no plugin)",
        "docs/api.md:12: ':::note Remember' is shown as text: another tool's container,"
        " unknown to Python-Markdown",
    ]
    assert foreign_lines("No colons here.\n") == []


def test_other_generators_template_code_is_said_outside_code() -> None:
    body = (
        "See [the map]({{ site.baseurl }}/map/).\n"
        "{{< youtube w7Ft2ymGmfc >}}\n"
        "{% include note.html %}\n"
        "Write `{{ page.title }}` in a template.\n"
        "```jinja\n{{ page.title }}\n```\n"
        "    {% raw %}\n"
        "Braces { alone } are text.\n"
    )
    assert [(number, message) for number, message, _ in foreign_lines(body)] == [
        (
            0,
            "'{{ site.baseurl }}' is shown as text: template code (Jekyll's Liquid, Hugo),"
            " and a page's Markdown is no template",
        ),
        (
            1,
            "'{{< youtube w7Ft2ymGmfc >}}' is shown as text: a Hugo shortcode, and a page's"
            " Markdown is no template",
        ),
        (
            2,
            "'{% include note.html %}' is shown as text: template code (Jekyll's Liquid, Hugo),"
            " and a page's Markdown is no template",
        ),
    ]


def test_a_wiki_link_is_said_with_the_markdown_link_to_write() -> None:
    body = "See [[Getting Started]], `[[in code]]`.\n[[fig:stations]] is a figure.\n"
    assert [(n, hint) for n, _, hint in foreign_lines(body)] == [
        (0, "link to the file with: [Getting Started](getting-started.md)")
    ]
    assert foreign_lines("[[Setup Guide|the guide]]\n")[0][2] == (
        "link to the file with: [the guide](setup-guide.md)"
    )


def test_raw_html_shown_as_text_is_one_warning_a_page_at_its_first_line() -> None:
    body = (
        "Mail <team@example.org> or see <https://example.org/>, `<b>` and 2 < 3 > 1.\n"
        "```html\n<div>code</div>\n```\n"
        "<!-- a comment -->\n"
        '<p align="center"><img src="logo.png" alt="A very long description of the logo"></p>\n'
    )
    assert raw_html_shown(body) == (
        4,
        "raw HTML is shown as text: '<!--' (and on 1 more line)",
        "allow_html: true in mvsite.yaml keeps it (sanitised), or write it in Markdown",
    )
    assert raw_html_shown(body.split("<!--")[0]) is None
    long_tag = raw_html_shown('<img src="logo.png" alt="A very long description of it">\n')
    assert long_tag is not None and long_tag[1] == (
        'raw HTML is shown as text: \'<img src="logo.png" alt="A very long ...\''
    )


def test_code_spans_are_left_out_as_commonmark_pairs_them() -> None:
    body = "``{{ a }}` b`` and `{{ c }}` but {{ d }}\n"
    assert [message.split("'")[1] for _, message, _ in foreign_lines(body)] == ["{{ d }}"]
    unpaired = "`{{ e }}\n"  # a lone backtick opens nothing
    assert [message.split("'")[1] for _, message, _ in foreign_lines(unpaired)] == ["{{ e }}"]


def test_what_is_not_another_tools_syntax_is_not_said() -> None:
    body = (
        "[[1]](https://example.org/) and [[2]][ref] are links.\n"  # link text "[1]"
        "$$\\frac{{a+b}}{c}$$ and $x^{{n}}$ are TeX.\n"
        "````md\n```python\n{{ inside }}\n```\n````\n"  # a longer fence holds a shorter one
        "{{ after }}\n"
    )
    assert [message.split("'")[1] for _, message, _ in foreign_lines(body)] == ["{{ after }}"]


def test_comments_are_left_out_where_the_page_drops_them() -> None:
    body = "<!-- {{ x }}\n[[P]] -->\n{{ y }}\n"
    assert [n for n, _, _ in foreign_lines(body, comments_dropped=True)] == [2]
    assert [n for n, _, _ in foreign_lines(body)] == [0, 1, 2]  # shown as text: all said
    assert foreign_lines("<!--" * 50_000 + "{{ z }}", comments_dropped=True) == []


def test_lines_built_to_make_a_regex_backtrack_are_read_in_one_pass() -> None:
    """Each took from 20 s to hours when its regex backtracked (a review's inputs)."""
    assert len(foreign_lines("{{ x }}\n\nx" + "`" * 15_000)) == 1
    assert len(foreign_lines("::: a" + " " * 100_000 + "b")) == 1
    assert len(foreign_lines("{{ " * 200_000 + "\n{{<" * 1)) == 0
    assert raw_html_shown("<a" + " x" * 100_000) is None


def test_a_comment_marker_in_code_opens_no_comment() -> None:
    """The review's page (allow_html: true): '<!--' in a code span and a comment in a fence."""
    body = (
        "HTML comments open with `<!--`.\n\n"
        "```html\n<!-- a comment -->\n<p>{{ site.url }}</p>\n```\n\n"
        "See [[Other Page]].\n"
    )
    assert [n for n, _, _ in foreign_lines(body, comments_dropped=True)] == [7]


def test_lines_are_counted_as_python_markdown_counts_them() -> None:
    assert [n for n, _, _ in foreign_lines("a\r\rb\r\n{{ x }}\n", True)] == [3]


def test_a_quoted_fence_line_inside_a_fence_is_its_text_and_a_quoted_fence_is_code() -> None:
    body = "```md\n> ```\n> {{ x }}\n> ```\n```\n\n> ```\n> {{ y }}\n> ```\n\nReal {{ z }}.\n"
    assert [
        (number, message.split("'")[1]) for number, message, _ in foreign_lines(body, False)
    ] == [(10, "{{ z }}")]


def test_a_line_of_template_code_after_a_paragraph_is_its_text_not_its_attributes() -> None:
    """attr_list took `{% endcapture %}` and `{::options ... /}` for the paragraph's attributes:
    the lines vanished, and the sanitiser warned of attributes nobody wrote."""
    body = (
        "{% capture notice %}\nA note.\n{% endcapture %}\n\n"
        'Last paragraph.\n{::options parse_block_html="false" /}\n\n'
        "Kept.\n{: .lead }\n"
    )
    renderer = MarkdownRenderer(LinkTargets({}, frozenset()))
    rendered = renderer.render(body, "a.md", Path("content/a.md"), 1)
    assert rendered.html == (
        "<p>{% capture notice %}\nA note.\n{% endcapture %}</p>\n"
        "<p>Last paragraph.\n{::options parse_block_html=\u201dfalse\u201d /}</p>\n"
        '<p class="lead">Kept.</p>'
    )
    assert [str(w).split("\n")[0] for w in rendered.warnings] == [
        "content/a.md:1: '{% capture notice %}' is shown as text: template code (Jekyll's"
        " Liquid, Hugo), and a page's Markdown is no template",
        "content/a.md:3: '{% endcapture %}' is shown as text: template code (Jekyll's Liquid,"
        " Hugo), and a page's Markdown is no template",
        "content/a.md:6: '{::options parse_block_html=\"false\" /}' is shown as text: a kramdown"
        " extension (Jekyll), unknown to Python-Markdown",
    ]


def test_a_container_whose_name_is_no_python_name_is_said_as_a_container() -> None:
    """VitePress's `::: code-group` is no call for API docs (mkdocstrings takes dotted names)."""
    said = [message for _, message, _ in foreign_lines("::: code-group\n\n::: pkg.mod_1\n")]
    assert [message.split("shown as text: ")[1] for message in said] == [
        "another tool's container, unknown to Python-Markdown",
        "mkdocstrings' call for API docs (mvsite runs no plugin)",
    ]


def test_multimarkdown_metadata_on_a_page_without_front_matter_is_said() -> None:
    """MkDocs reads it; mvsite showed it as text (or, with `meta`, dropped it) and then said
    the page had no title nor description."""
    renderer = MarkdownRenderer(LinkTargets({}, frozenset()))
    body = "Title: Second page\nDescription: More\n\nText.\n"
    rendered = renderer.render(body, "b.md", Path("docs/b.md"), 1)
    assert [str(w) for w in rendered.warnings] == [
        "docs/b.md:1: 'Title: Second page' is MultiMarkdown's metadata (MkDocs reads it), which"
        " mvsite does not: a page's title and description are its front matter's\n"
        "  hint: write it as front matter: a line ---, then title: Second page, and a line ---"
        " below it"
    ]
    after_front_matter = renderer.render(body, "b.md", Path("docs/b.md"), 5)
    assert after_front_matter.warnings == ()
    assert renderer.render("Note: prose.\n", "b.md", Path("docs/b.md"), 1).warnings == ()


def test_template_lines_are_escaped_only_where_they_end_a_block() -> None:
    """Escaping every one made the inline pass quadratic in a paragraph of them, and put a
    backslash into a code span that ran over such a line."""
    renderer = MarkdownRenderer(LinkTargets({}, frozenset()))
    span = renderer.render("Use ``x\n{{ page.title }}\ny`` here.\n", "a.md", Path("a.md"), 1)
    assert span.html == "<p>Use <code>x\n{{ page.title }}\ny</code> here.</p>"
