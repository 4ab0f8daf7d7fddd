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
from collections.abc import Iterator

from markdown.preprocessors import Preprocessor

from mvsite.markdown.alerts import NOTE_KINDS
from mvsite.markdown.sanitize import shortened
from mvsite.markdown.wiki_links import WIKI_LINK, Find, wiki_link_said

# mkdocstrings' own pattern (an optional heading, then the colons and a name), which a
# container's opening line matches too: told apart by the container kinds in use.
_FOREIGN = re.compile(r"^(?:#{1,6} *)?::: ?([^\s:]\S*)")
_CONTAINERS = NOTE_KINDS | {"details", "seealso"}  # (Docusaurus and markdown-it use them)
# A first line `Key: value` whose key is one a page's metadata has (not `Note: ...` prose).
_METADATA = re.compile(
    r" {0,3}(title|description|date|authors?|tags|summary|template|keywords):[ \t]*(\S.*)",
    re.IGNORECASE,
)
_PYTHON_PATH = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")  # what mkdocstrings is given
_NOT_A_FIGURE = re.compile(r"\[\[(?!fig:)")  # ([[fig:key]] is mvsite's own)
_FENCE = re.compile(r"^((?: {0,3}> ?)*) {0,3}(`{3,}|~{3,})(.*)")  # in a quote too
_BACKTICKS = re.compile(r"`+")
_LINE_BREAK = re.compile(r"\r\n?|\n")  # as Python-Markdown reads lines
# ([[1]](url) is a link whose text is "[1]".)
# A start tag, an end tag or a comment (`<https://...>` and `<a@b.org>` are autolinks).
_HTML = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|!--)")
# A shortcode, a tag, or an expression: `{{ x }}` with spaces or `{{site.url}}` with a dot
# (TeX's `{{n}}` is neither). Bounded: 20,000 unclosed "{{" would take time to the square.
_TEMPLATE_CODE = re.compile(
    r"\{\{[<%].{0,200}?[>%]\}\}|\{%.{0,200}?%\}"
    r"|\{\{-?\s.{0,200}?\}\}|\{\{\.?[A-Za-z_]\w*\.[\w.]{1,200}\}\}"
    r"|\{::[a-z]\w*\b[^{}]{0,200}\}"  # kramdown's extensions (Jekyll): {::options ... /}
)
TEMPLATE_LINES_PRIORITY = 19  # after fenced code (25) and raw HTML blocks (20) are set aside


def foreign_lines(
    body: str, comments_dropped: bool = False, find: Find | None = None
) -> list[tuple[int, str, str]]:
    """(line within `body`, counting from 0, message, hint) of each such line; none in HTML
    comments where the page drops them (a site that allows HTML: the sanitiser does).
    `find`: the path to the site's file a wiki link names (see wiki_links)."""
    if not _has_marks(body):
        return []
    found = []
    for number, prose in prose_lines(body, comments_dropped):
        written = _FOREIGN.match(prose)
        if written is not None:
            found.append((number, *_said(shortened(prose.strip(), 80), written.group(1))))
        template = _TEMPLATE_CODE.search(prose)
        if template is not None:
            found.append((number, *_template_said(template.group())))
        found.extend((number, *wiki_link_said(w, find)) for w in WIKI_LINK.finditer(prose))
    return found


def metadata_said(body: str) -> tuple[int, str, str] | None:
    """The warning for MultiMarkdown's metadata (`Title: A page` lines at the top, which MkDocs
    reads) on a page without front matter: mvsite reads YAML front matter only."""
    first = _METADATA.match(body)
    if first is None:
        return None
    key, value = first.group(1).lower(), first.group(2).strip()
    return (
        0,
        f"'{shortened(first.group().strip(), 60)}' is MultiMarkdown's metadata (MkDocs reads"
        " it), which mvsite does not: a page's title and description are its front matter's",
        f"write it as front matter: a line ---, then {key}: {value}, and a line --- below it",
    )


class TemplateLines(Preprocessor):
    """A line of template code alone that ends a block (`{% endcapture %}`, `{::options /}`)
    is shown as text, as its warning says: its brace escaped, so attr_list, which reads a
    block's last line, does not take it for the attributes of the paragraph above it (and
    warn of attributes nobody wrote). Only a block's last line: each escape costs the
    inline pass more, the more a paragraph has."""

    def run(self, lines: list[str]) -> list[str]:
        if "{" not in "\n".join(lines):
            return lines
        return [
            line.replace("{", "\\{", 1) if _ends_block_as_template(lines, index) else line
            for index, line in enumerate(lines)
        ]


def _ends_block_as_template(lines: list[str], index: int) -> bool:
    """Is the line template code alone (not indented as code), and its block's last line?"""
    line = lines[index]
    last = index + 1 == len(lines) or not lines[index + 1].strip()
    code = line.strip()
    unindented = len(line) - len(line.lstrip(" ")) <= 3
    return last and code[:1] == "{" and unindented and _TEMPLATE_CODE.fullmatch(code) is not None


def _has_marks(body: str) -> bool:
    """Might `body` hold any of it? (Searched for as text first: most pages hold none.)"""
    return (
        ("{" in body and ("{{" in body or "{%" in body))  # (one character is found fastest)
        or ":::" in body
        or ("[[" in body and _NOT_A_FIGURE.search(body) is not None)
    )


def raw_html_shown(body: str) -> tuple[int, str, str] | None:
    """Where a site that does not allow HTML shows a page's raw HTML as text: its first line
    (from 0), and how many more, as one warning a page; None if the page has none."""
    if _HTML.search(body) is None:
        return None
    lines = [
        (number, found.group())
        for number, prose in prose_lines(body)
        if (found := _HTML.search(prose)) is not None
    ]
    if not lines:
        return None
    (first, tag), more = lines[0], len(lines) - 1
    shown = shortened(tag, 40)
    also = f" (and on {more} more line{'s' if more > 1 else ''})" if more else ""
    return (
        first,
        f"raw HTML is shown as text: '{shown}'{also}",
        "allow_html: true in mvsite.yaml keeps it (sanitised), or write it in Markdown",
    )


def _without_comments(text: str, in_comment: bool) -> tuple[str, bool]:
    """`text` (a line) without its HTML comments' text, `in_comment` if it starts inside
    one; and whether it ends inside one."""
    kept: list[str] = []
    start = 0
    while True:
        if in_comment:
            closed = text.find("-->", start)
            if closed < 0:
                return "".join(kept), True
            start, in_comment = closed + 3, False
        opened = text.find("<!--", start)
        if opened < 0:
            return "".join(kept) + text[start:], False
        kept.append(text[start:opened])
        start, in_comment = opened + 4, True


def _without_code_spans(line: str) -> str:
    """`line` without its code spans: a run of backticks up to the next run as long (found
    run by run, in time linear in the line, whatever its backticks)."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    if len(runs) < 2:
        return line
    following: dict[int, int] = {}  # a run's index -> that of the next run as long
    last_of_length: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        if length in last_of_length:
            following[index] = last_of_length[length]
        last_of_length[length] = index
    kept, start, index = [], 0, 0
    while index < len(runs):
        if index in following:
            kept.append(line[start : runs[index][0]])
            index = following[index]
            start = runs[index][1]
        index += 1
    return "".join(kept) + line[start:]


def prose_lines(body: str, comments_dropped: bool = False) -> Iterator[tuple[int, str]]:
    """Each line of `body` (numbered from 0, as Python-Markdown counts them) outside fenced
    and indented code, as prose: without code spans, nor HTML comments if they are dropped.
    A fence is closed by a bare run of its character at least as long (```` holds ```)."""
    fence, quoted, in_comment = "", 0, False  # quoted: how many `>` its opening line has
    for number, line in enumerate(_LINE_BREAK.split(body)):
        found = _FENCE.match(line)
        if found is None:
            if fence or line.startswith(("    ", "\t")):
                continue
            prose = _without_code_spans(line)
            if comments_dropped:
                prose, in_comment = _without_comments(prose, in_comment)
            yield number, prose
        elif not fence:
            fence, quoted = found.group(2), found.group(1).count(">")
        elif _closes(found, fence, quoted):
            fence = ""


def _closes(found: re.Match[str], fence: str, quoted: int) -> bool:
    """Whether a fence line closes `fence`: a bare run of its character at least as long, in
    as many quotes (a `> ```` inside a fence that is not quoted is its text)."""
    run, rest = found.group(2), found.group(3)
    same_quote = found.group(1).count(">") == quoted
    return same_quote and run[0] == fence[0] and len(run) >= len(fence) and not rest.strip()


def _template_said(code: str) -> tuple[str, str]:
    if code.startswith("{::"):
        return (
            f"'{code}' is shown as text: a kramdown extension (Jekyll), unknown to Python-Markdown",
            "remove it: kramdown's options and extensions do not apply here",
        )
    kind = "a Hugo shortcode" if code[2] in "<%" else "template code (Jekyll's Liquid, Hugo)"
    return (
        f"'{code}' is shown as text: {kind}, and a page's Markdown is no template",
        "write what it made in Markdown (a link, an image, a note), or remove it",
    )


def _said(line: str, name: str) -> tuple[str, str]:
    if name.lower() in _CONTAINERS or not _PYTHON_PATH.fullmatch(name):
        return (
            f"'{line}' is shown as text: another tool's container, unknown to Python-Markdown",
            "use an admonition: !!! note, with the text indented below it",
        )
    return (
        f"'{line}' is shown as text: mkdocstrings' call for API docs (mvsite runs no plugin)",
        "write the reference in Markdown, or build this page with MkDocs",
    )
