"""A '# heading' line's Markdown -> the plain text a reader sees of it: the page's title.

A page without a title in its front matter takes its first '# H1' (as MkDocs does), and its
title is shown as text: in <title>, the menu, the page's <h1>, links to it. READMEs put code,
links and badges there (`` # `tool` ``, `# [name](url) [![build](badge.svg)](ci)`); shown as
written, a reader got the Markdown. Python-Markdown reads the line (one converter a heading:
~0.2 ms, and only a heading with such syntax pays it); its text is kept, images go (badges),
unless they are all the heading has (a logo: its alt text).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown

from mvsite.sources.limits import TimeLimitExceeded, time_limit

# What inline Markdown, raw HTML, entities and escapes begin with: a heading without any is
# its own text.
_MOST_SECONDS = 1.0  # of CPU: a hostile heading (`<a ` 70,000 times) takes minutes to convert
_MARKUP = re.compile(r"[`*_\[<&\\{]")
# `# Title {#id}`, `{: .class }`, `{ lang=fr }` (attr_list)
_ATTRIBUTE_LIST = re.compile(r"[ \t]*\{:?[ \t]*(?:[#.]|[\w-]+=)[^}]*\}[ \t]*$")


def heading_text(written: str, allow_html: bool) -> str:
    """The plain text of a heading's Markdown; '' if it shows none (an image without alt);
    the heading as written if converting it takes too long. Without `allow_html`, raw HTML
    is text, as in the page (`# Option<T>`)."""
    if _MARKUP.search(written) is None:
        return written
    converter = markdown.Markdown()
    if not allow_html:
        converter.preprocessors.deregister("html_block")
        converter.inlinePatterns.deregister("html")
    reader = _TextReader()
    try:
        with time_limit(_MOST_SECONDS):
            html = converter.convert(_ATTRIBUTE_LIST.sub("", written))
        reader.feed(html)
        reader.close()
    except (TimeLimitExceeded, ValueError):  # (html.unescape: a character reference too long)
        return written
    return " ".join("".join(reader.text).split()) or " ".join(reader.alts)


class _TextReader(HTMLParser):
    """The text of an HTML fragment, and its images' alt texts apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.alts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        alt = dict(attrs).get("alt") if tag == "img" else None
        if alt and alt.strip():
            self.alts.append(alt.strip())
