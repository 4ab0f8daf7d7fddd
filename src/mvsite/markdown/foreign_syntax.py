"""Lines written for a tool mvsite does not run, which a page would show as plain text.

A MkDocs project's `::: package.module` asks the mkdocstrings plugin for API documentation,
and `:::note` opens a container in Docusaurus and markdown-it; pages brought from Hugo or
Jekyll hold template code (`{{< youtube id >}}`, `{% include note.html %}`, `{{ site.url }}`)
that their generator ran over the text; notes from Obsidian or Foam link with `[[Page]]`.
Python-Markdown knows none of them, so the reader would see them as written. Each is said
where it was written (not in code).
"""

from __future__ import annotations

import re

# mkdocstrings' own pattern (an optional heading, then the colons and a name), which a
# container's opening line matches too: told apart by the container kinds in use.
_FOREIGN = re.compile(r"^(?:#{1,6} *)?::: ?([^\s:].*?) *$")
_CONTAINER_KINDS = (
    "note tip info warning danger caution important details success question failure bug"
    " example quote abstract todo hint attention error seealso"
)
_CONTAINERS = frozenset(_CONTAINER_KINDS.split())
_FENCE = re.compile(r"^ *(```|~~~)")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_WIKI_LINK = re.compile(r"\[\[(?!fig:)([^\[\]|]+)(?:\|([^\[\]]+))?\]\]")
_TEMPLATE_CODE = re.compile(r"\{\{[<%].*?[>%]\}\}|\{%.*?%\}|\{\{.*?\}\}")


def foreign_lines(body: str) -> list[tuple[int, str, str]]:
    """(line within `body`, counting from 0, message, hint) of each such line."""
    if not any(mark in body for mark in (":::", "{{", "{%")) and (
        "[[" not in body.replace("[[fig:", "")  # (a figure's reference is mvsite's own)
    ):
        return []
    found = []
    fence = ""
    for number, line in enumerate(body.split("\n")):
        opened = _FENCE.match(line)
        if opened:
            fence = "" if fence == opened.group(1) else fence or opened.group(1)
            continue
        if fence or line.startswith(("    ", "\t")):
            continue
        written = _FOREIGN.match(line)
        if written is not None:
            found.append((number, *_said(line.strip(), written.group(1).split()[0])))
        prose = _CODE_SPAN.sub("", line)
        template = _TEMPLATE_CODE.search(prose)
        if template is not None:
            found.append((number, *_template_said(template.group())))
        wiki = _WIKI_LINK.search(prose)
        if wiki is not None:
            found.append((number, *_wiki_said(wiki)))
    return found


def _wiki_said(link: re.Match[str]) -> tuple[str, str]:
    target, text = link.group(1).strip(), (link.group(2) or link.group(1)).strip()
    file = "-".join(target.lower().split())
    return (
        f"'{link.group()}' is shown as text: a wiki link (Obsidian, Foam), which Markdown"
        " does not know",
        f"link to the page's file: [{text}]({file}.md)",
    )


def _template_said(code: str) -> tuple[str, str]:
    kind = "a Hugo shortcode" if code[2] in "<%" else "template code (Jekyll's Liquid, Hugo)"
    return (
        f"'{code}' is shown as text: {kind}, and a page's Markdown is no template",
        "write what it made in Markdown (a link, an image, a note), or remove it",
    )


def _said(line: str, name: str) -> tuple[str, str]:
    if name.lower() in _CONTAINERS:
        return (
            f"'{line}' is shown as text: another tool's container, unknown to Python-Markdown",
            "use an admonition: !!! note, with the text indented below it",
        )
    return (
        f"'{line}' is shown as text: mkdocstrings' call for API docs (mvsite runs no plugin)",
        "write the reference in Markdown, or build this page with MkDocs",
    )
