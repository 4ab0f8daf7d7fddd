"""Every page's HTML is sanitised, whatever `allow_html` says: nothing an editor writes in
Markdown, attribute lists or raw HTML can add an event handler, a style or a script URL."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mvsite.markdown.convert import MarkdownRenderer
from mvsite.markdown.converted import LinkTargets
from mvsite.markdown.sanitize import Policy, Sanitizer
from mvsite.sources.dialect import ExtensionSpec

from ..conftest import Run

# The page from issue #12: attribute lists carried all of these through in the default mode.
XSS_PAGE = """\
---
title: XSS
description: Hostile attribute lists.
---
Para.
{: onclick="alert(1)" }

## H {: onmouseover="alert(2)" style="position:fixed;inset:0" }

[x](https://example.org/){: .fig href="javascript:alert(3)" }

![i](favicon.png){: onerror="alert(4)" }

[d](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==)
[e](DATA:text/html,x){: lang="da" } [f](https://example.org/){: .fig href=" JavaScript:alert(6)" }

<p onclick="alert(7)" style="color:red"><a href="javascript:alert(8)">raw</a></p>

![pixel](data:image/gif;base64,R0lGODlhAQABAAAAACw=){: .wide #pixel title="A pixel" }
"""
TARGETS = LinkTargets(pages={"x.md": "/x/"}, assets=frozenset({"favicon.png"}))


class _Dangers(HTMLParser):
    """Event handlers, style attributes and script or document URLs in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            url = "".join((value or "").split()).lower()
            if name.startswith("on") or name == "style":
                self.found.append(f"<{tag} {name}>")
            elif url.startswith(("javascript:", "vbscript:", "data:")) and not (
                url.startswith("data:image/") and (tag, name) == ("img", "src")
            ):
                self.found.append(f"<{tag} {name}={value}>")
        if tag in ("script", "style", "iframe"):
            self.found.append(f"<{tag}>")


def dangers(html: str) -> list[str]:
    scan = _Dangers()
    scan.feed(html)
    return scan.found


def render(body: str, allow_html: bool = False, allow_style: bool = False) -> str:
    renderer = MarkdownRenderer(TARGETS, allow_html, allow_style=allow_style)
    html: str = renderer.render(body, "x.md", Path("content/x.md"), 1).html
    return html


@pytest.mark.parametrize("allow_html", [False, True])
def test_the_issue_page_keeps_nothing_that_runs(allow_html: bool) -> None:
    html = render(XSS_PAGE.split("---\n", 2)[2], allow_html)
    assert dangers(html) == [], html
    assert "<h2 " in html and '<img alt="i" src="/favicon.png">' in html


@pytest.mark.parametrize("allow_html", [False, True])
def test_the_issue_page_built_has_nothing_that_runs(
    allow_html: bool, make_site: Callable[..., Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "mvsite.yaml": f"title: T\nallow_html: {str(allow_html).lower()}\n",
            "content/_index.md": "---\ntitle: Home\ndescription: Home.\n---\n[XSS](xss.md)\n",
            "content/xss.md": XSS_PAGE,
            "content/favicon.png": b"\x89PNG\r\n",
        }
    )
    result = run_cli("build", "--source", site, "--no-cache")
    assert result.code == 0, result.err
    page = (site / "public" / "xss" / "index.html").read_text()
    body = page[page.index("<main") :]
    assert dangers(body) == [], body


def test_attribute_lists_keep_what_editors_use_them_for() -> None:
    html = render(
        "Para\n{: #intro .lead lang=da dir=rtl title='A note' }\n\n"
        "![Map](favicon.png){: width=300 height=200 }\n\n"
        "| a | b |\n|:--|--:|\n| 1 | 2 |\n"
    )
    assert '<p class="lead" dir="rtl" id="intro" lang="da" title="A note">Para</p>' in html
    assert '<img alt="Map" height="200" src="/favicon.png" width="300">' in html
    assert '<th class="align-left">a</th>' in html and '<td class="align-right">2</td>' in html


def test_style_stays_only_where_the_site_allows_it() -> None:
    body = "Para\n{: style='color: green' }\n"
    assert render(body) == "<p>Para</p>"
    assert render(body, allow_style=True) == '<p style="color: green">Para</p>'
    raw = '<p style="color: green" onclick="x()">Raw</p>\n'
    assert render(raw, allow_html=True, allow_style=True) == '<p style="color: green">Raw</p>'


@pytest.mark.parametrize("allow_html", [False, True])
def test_data_urls_are_kept_only_as_images(allow_html: bool) -> None:
    html = render(
        "![dot](data:image/png;base64,AAAA) [dot](data:image/png;base64,AAAA) "
        "![page](data:text/html,x) [mail](mailto:a@example.org) [tel](tel:+4512)",
        allow_html,
    )
    assert html == (
        '<p><img alt="dot" src="data:image/png;base64,AAAA"> <a>dot</a> <img alt="page">'
        ' <a href="mailto:a@example.org">mail</a> <a href="tel:+4512">tel</a></p>'
    )


PICTURE = (
    '<picture>\n<source media="(prefers-color-scheme: dark)" srcset="dark.png 1x, dark@2x.png 2x">'
    '\n<img alt="Logo" src="light.png" srcset="data:image/png;base64,AA== 1x">\n</picture>'
)


def test_a_picture_is_kept_with_raw_html_and_each_srcset_url_is_judged_as_an_image() -> None:
    assert render(PICTURE, allow_html=True) == f"<p>{PICTURE}</p>"  # phrasing content
    hostile = '<picture><source srcset="ok.png 1x, javascript:alert(1) 2x" type="image/png">'
    hostile += '<img src="a.png" srcset="data:text/html,x 1x" alt="a"></picture>'
    assert render(hostile, allow_html=True) == (
        '<p><picture><source type="image/png"><img src="a.png" alt="a"></picture></p>'
    )
    said = _warnings(hostile, allow_html=True)
    assert [line.split("\n")[0] for line in said] == [
        "content/x.md:5: srcset='ok.png 1x, javascript:alert(1) 2x' on <source> removed",
        "content/x.md:5: srcset='data:text/html,x 1x' on <img> removed",
    ]


def test_a_pictures_sources_from_another_site_are_said_as_its_image_is() -> None:
    body = '<picture><source srcset="https://cdn.example.org/dark.svg"><img src="logo.svg" alt="L">'
    said = [w.split("\n")[0] for w in _warnings(body + "</picture>\n", allow_html=True)]
    assert said == [
        "content/x.md:5: image from another site (https://cdn.example.org/dark.svg): the pages'"
        " Content-Security-Policy blocks it"
    ]


def test_without_raw_html_a_picture_is_text() -> None:
    assert "&lt;picture&gt;" in render(PICTURE) and "<source" not in render(PICTURE)


def test_markdown_mode_keeps_every_element_the_extensions_make() -> None:
    """Nothing the converter itself makes is lost: the allow-list changes only serialisation."""
    body = (
        "[TOC]\n\n## Part\n\n| a |\n|--:|\n| 1 |\n\nText[^n] and *em* **strong** `code`.  \n"
        "Next line.\n\n*[HTML]: Markup\n\nHTML.\n\n[^n]: Note.\n\n!!! note\n    Boxed.\n\n"
        "Term\n:   Def\n\n```py\ncode\n```\n\n> Quote\n\n3. three\n4. four\n\n---\n"
    )
    html = render(body)
    raw = MarkdownRenderer(TARGETS, allow_html=True, allow_style=True)
    for tag in ("div", "ul", "li", "a", "h2", "table", "thead", "tbody", "tr", "th", "td",
                "sup", "em", "strong", "code", "br", "abbr", "p", "dl", "dt", "dd", "pre",
                "blockquote", "ol", "hr"):  # fmt: skip
        assert f"<{tag}" in html, tag
    assert html.count("<") == raw.render(body, "x.md", Path("x.md"), 1).html.count("<")
    assert '<abbr title="Markup">' in html
    assert '<a class="footnote-backref" href="#fnref:n" title=' in html


PYMDOWNX_TEXT = tuple(
    ExtensionSpec(f"pymdownx.{name}", {})
    for name in ("details", "caret", "tilde", "mark", "keys", "critic", "blocks.caption")
)


def test_markdown_mode_keeps_what_pymdown_extensions_make_for_text() -> None:
    """Collapsible blocks, inserted and deleted text, marks, keys and captions: as with
    allow_html, and nothing said removed (before, each <details> lost its box unsaid)."""
    body = (
        '??? note "More"\n    Hidden.\n\n???+ tip\n    Open.\n\n'
        "^^new^^ ~~old~~ H~2~O ==marked== ++ctrl+c++ {--gone--}\n\n"
        "![A chart](x.png)\n/// caption\nThe chart.\n///\n"
    )
    targets = LinkTargets(pages={}, assets=frozenset({"x.png"}))
    safe, raw = (
        MarkdownRenderer(targets, allow_html, extensions=PYMDOWNX_TEXT).render(
            body, "x.md", Path("x.md"), 1
        )
        for allow_html in (False, True)
    )
    assert safe.html == raw.html
    assert safe.warnings == ()
    for made in ('<details class="note">', "<summary>More</summary>", '<details class="tip" open="">',
                 "<ins>new</ins>", "<del>old</del>", "<sub>2</sub>", "<mark>marked</mark>",
                 '<kbd class="key-control">', "<figure>", "<figcaption>"):  # fmt: skip
        assert made in safe.html, made


def test_nh3_escapes_quotes_and_angle_brackets_in_attribute_values() -> None:
    """What dropping inputs after nh3 relies on (nh3 0.3.7 and later: pyproject.toml)."""
    cleaned = Sanitizer(Policy(allow_html=True)).clean("""<p title='a<input x="1">b'>t</p>""")
    assert cleaned == '<p title="a&lt;input x=&quot;1&quot;&gt;b">t</p>'


def _warnings(body: str, allow_html: bool) -> list[str]:
    renderer = MarkdownRenderer(TARGETS, allow_html)
    rendered = renderer.render(body, "x.md", Path("content/x.md"), 5)
    return [str(warning) for warning in rendered.warnings]


def test_what_the_sanitiser_removes_is_a_warning_where_it_was_written() -> None:
    body = XSS_PAGE.split("---\n", 2)[2]
    markdown_mode = _warnings(body, allow_html=False)
    assert markdown_mode[:3] == [
        "content/x.md:6: onclick= on <p> removed\n  hint: no setting allows event handlers:"
        " a page's scripts belong in static/",
        "content/x.md:8: onmouseover= on <h2> removed\n  hint: no setting allows event"
        " handlers: a page's scripts belong in static/",
        "content/x.md:8: style= on <h2> removed\n"
        "  hint: allow_style: true in mvsite.yaml keeps style attributes",
    ]
    assert "content/x.md:10: href='javascript:alert(3)' on <a> removed" in markdown_mode[3]
    assert [w.split("\n")[0] for w in markdown_mode[4:]] == [
        "content/x.md:12: onerror= on <img> removed",
        "content/x.md:14: href='data:text/html;base64,PHNjcmlwdD5hbGV...' on <a> removed",
        "content/x.md:15: href='DATA:text/html,x' on <a> removed",
        "content/x.md:15: href=' JavaScript:alert(6)' on <a> removed",
        'content/x.md:17: raw HTML is shown as text: \'<p onclick="alert(7)" style="color:red">\'',
    ]
    # Raw HTML, when allowed, is reported at its own lines.
    assert [w.split("\n")[0] for w in _warnings(body, allow_html=True)[8:]] == [
        "content/x.md:17: onclick= on <p> removed",
        "content/x.md:17: style= on <p> removed",
        "content/x.md:17: href='javascript:alert(8)' on <a> removed",
    ]
    assert _warnings("Fine {: #a .b lang=da }\n\n![x](data:image/png;base64,AA)\n", False) == []


def test_a_build_prints_what_was_removed_and_strict_refuses_it(
    make_site: Callable[..., Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "mvsite.yaml": "title: T\nbase_url: https://mediconvalley.com/\n",
            "content/_index.md": "---\ntitle: Home\ndescription: Home.\n---\nHi.\n\n"
            "<iframe src=x></iframe>\n\nPara\n{: style='color: red' }\n",
        }
    )
    result = run_cli("build", "--source", site)
    assert result.code == 0
    assert result.err == (
        "warning: content/_index.md:10: style= on <p> removed\n"
        "  hint: allow_style: true in mvsite.yaml keeps style attributes\n"
        "warning: content/_index.md:7: raw HTML is shown as text: '<iframe src=x>'\n"
        "  hint: allow_html: true in mvsite.yaml keeps it (sanitised), or write it in Markdown\n"
    )
    (site / "mvsite.yaml").write_text(
        "title: T\nbase_url: https://mediconvalley.com/\nallow_html: true\nallow_style: true\n"
    )
    result = run_cli("build", "--source", site, "--strict")
    assert result.code == 1
    assert result.err.startswith(
        "error: content/_index.md:7: <iframe> removed\n  hint: no setting allows it:"
        " scripts, styles, frames and forms never reach a page\n"
    )


@pytest.mark.parametrize("allow_html", [False, True])
def test_tabs_and_task_boxes_are_kept_and_no_other_control(allow_html: bool) -> None:
    """pymdownx.tabbed's radio buttons and labels (the theme switches them without script)
    and pymdownx.tasklist's check boxes; no other input, whatever the case of its type."""
    tabs = (
        '<div class="tabbed-set" data-tabs="1:2"><input checked id="t1" name="t" type="radio">'
        '<label for="t1">One</label><input type="checkbox" disabled checked>'
        '<input type="text" name="q" onfocus="x()"><input type="submit">'
        '<input title=\'a type="radio"\'><INPUT TYPE="Checkbox"></div>\n'
    )
    assert Sanitizer(Policy(allow_html)).clean(tabs) == (
        '<div class="tabbed-set" data-tabs="1:2"><input checked="" id="t1" name="t" type="radio">'
        '<label for="t1">One</label><input type="checkbox" disabled="" checked="">'
        '<input type="Checkbox"></div>\n'
    )
    warned = _warnings('<input type="password" onfocus="x()">\n<input>\n', allow_html=True)
    assert [w.split("\n")[0] for w in warned] == [
        'content/x.md:5: <input type="password"> removed',
        'content/x.md:6: <input type="text"> removed',
    ]


def test_elements_an_extension_makes_and_no_page_keeps_are_said_attributes_or_not() -> None:
    renderer = MarkdownRenderer(TARGETS, extensions=(ExtensionSpec("pymdownx.blocks.html", {}),))
    body = "/// html | section\nText.\n///\n\n/// html | video[title=v]\nx\n///\n\n"
    body += "/// html | script\nalert(1)\n///\n"
    rendered = renderer.render(body, "x.md", Path("x.md"), 1)
    assert "<p>Text.</p>" in rendered.html and "alert" not in rendered.html
    said = [str(w) for w in rendered.warnings]
    made = "removed (a Markdown extension's: no page keeps it)\n  hint: no setting allows it: "
    # At the line of the element's text; at the first line when that tells nothing (a single
    # "x"; a script's text, which the extension keeps aside as raw HTML).
    assert said == [
        f"x.md:2: <section> {made}pages keep only elements that run no script and embed nothing",
        f"x.md:1: <video> {made}pages keep only elements that run no script and embed nothing",
        f"x.md:1: <script> {made}scripts, styles, frames and forms never reach a page",
    ]


def test_a_name_that_repeats_the_id_goes_unsaid_and_any_other_name_is_said() -> None:
    """pymdownx.highlight's line anchors carry name= beside the same id= on every line."""
    warned = _warnings('<a id="l1" name="l1"></a>\n<a id="l2" name="other">x</a>\n', True)
    assert [w.split("\n")[0] for w in warned] == ["content/x.md:6: name= on <a> removed"]


def test_an_anchors_name_without_an_id_is_its_id_and_a_link_to_it_resolves() -> None:
    """READMEs mark targets the old way: `#### <a name="parse"></a> parse()`."""
    body = '[See parse](#parse).\n\n#### <a name="parse"></a> `parse(text)`\n'
    rendered = MarkdownRenderer(TARGETS, allow_html=True).render(body, "x.md", Path("x.md"), 1)
    assert '<h4 id="parsetext"><a id="parse"></a> <code>parse(text)</code></h4>' in rendered.html
    assert rendered.warnings == ()
    markdown_mode = _warnings("[top](#top){: name=top }\n", allow_html=False)
    assert [w.split("\n")[0] for w in markdown_mode] == ["content/x.md:5: name= on <a> removed"]


def test_the_attributes_readmes_use_most_are_said_with_what_to_do() -> None:
    body = '<p align="center">x</p>\n\n<a href="https://example.org/" target="_blank">y</a>\n\n'
    body += '<div markdown="1">z</div>\n'
    said = sorted(w.replace("\n  hint: ", " | ") for w in _warnings(body, allow_html=True))
    assert said == [
        "content/x.md:5: align= on <p> removed | align= is obsolete HTML and the theme lays"
        " pages out: remove it",
        "content/x.md:7: target= on <a> removed | links open where the reader chooses"
        " (no target=): remove it",
        "content/x.md:9: markdown= on <div> removed | Markdown inside HTML needs the md_in_html"
        " extension: add it to markdown_extensions (or write the block in Markdown)",
    ]
