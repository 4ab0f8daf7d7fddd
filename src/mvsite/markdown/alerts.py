"""GitHub's alerts, as READMEs and docs brought from GitHub (or Obsidian) write them, become
the admonitions that `!!! note` makes:

    > [!WARNING]
    > Back up the data first.

is shown as a warning box titled "Warning", not as a quote that starts with "[!WARNING]".
Obsidian's callouts are read too: its other kinds (`[!example]`), a title after the marker
(`> [!tip] Faster builds`), and a fold mark (`[!faq]-` folded, `[!faq]+` open), which makes
the box a `<details>` element, as pymdownx.details' `??? note` does.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

# GitHub's five kinds, then Obsidian's others: the words that name a kind of note.
_KIND_WORDS = (
    "note tip important warning caution abstract summary tldr info todo hint success check"
    " done question help faq attention failure fail missing danger error bug example quote cite"
)
NOTE_KINDS = frozenset(_KIND_WORDS.split())
_KINDS = "|".join(_KIND_WORDS.split())
_MARKER = re.compile(rf"\[!({_KINDS})\]([+-]?)", re.IGNORECASE)
ALERT_PASS_PRIORITY = 15  # after the inline patterns (20), before the prettifier (10)
ALERT_LINES_PRIORITY = 19  # after fenced code (25) and raw HTML blocks (20) are set aside
_MARKER_LINE = re.compile(rf"^ {{0,3}}> ?\[!({_KINDS})\][+-]?", re.IGNORECASE)
_QUOTED_BLANK = re.compile(r"^ {0,3}>\s*$")
_QUOTE_LINE = re.compile(r"^ {0,3}>")


class AlertLines(Preprocessor):
    """Marker lines as GitHub reads them. Only a quote's first line is one: a marker line
    inside a quote gets its bracket escaped, so it stays text and starts no alert (the tree
    pass cannot tell, as Python-Markdown joins quotes that only a blank line parts). After
    a marker line, a quoted blank line: the marker line is a paragraph of its own, and a
    list may start on the next line (in Python-Markdown a list cannot interrupt a paragraph).
    A quote that blank lines part from an alert is a quote of its own, as on GitHub: an
    empty stashed block between them keeps Python-Markdown from joining it to the alert
    (AlertPass removes its paragraph)."""

    separators: frozenset[str] = frozenset()  # the placeholders of this document's blocks

    def run(self, lines: list[str]) -> list[str]:
        self.separators = frozenset()
        if "[!" not in "\n".join(lines):  # (most pages: one search)
            return lines
        separators: set[str] = set()
        result: list[str] = []
        alert = _OUTSIDE
        for index, line in enumerate(lines):
            marker = _MARKER_LINE.match(line)
            if marker is not None and index and lines[index - 1].lstrip().startswith(">"):
                bracket = marker.start(1) - 2  # (where "[!" starts)
                line, marker = f"{line[:bracket]}\\{line[bracket:]}", None
            elif alert == _AFTER and marker is None and _QUOTE_LINE.match(line):
                separator = self.md.htmlStash.store("")
                separators.add(separator)
                result.extend((separator, ""))
            alert = _alert_state(alert, line, marker is not None)
            result.append(line)
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if (
                marker is not None
                and following.lstrip().startswith(">")
                and not _QUOTED_BLANK.match(following)
            ):
                result.append(">")
        self.separators = frozenset(separators)
        return result


_OUTSIDE, _IN, _AFTER = "outside an alert", "in an alert", "in blank lines after an alert"


def _alert_state(state: str, line: str, opens_alert: bool) -> str:
    """Where the line after `line` is: in an alert's lines (its quoted lines, and lines
    continuing them lazily), in the blank lines after them, or elsewhere."""
    if opens_alert:
        return _IN
    if not line.strip():
        return _AFTER if state != _OUTSIDE else _OUTSIDE
    return _IN if state == _IN else _OUTSIDE


class AlertPass(Treeprocessor):
    """Each top-level quote whose first paragraph starts with a marker -> an admonition.

    Python-Markdown makes one quote of quotes that only a blank line parts, where GitHub
    sees one alert each: a quote is cut before each paragraph that starts with a marker.
    A quote in an alert may be an alert too, as in Obsidian (`> > [!todo]`)."""

    def __init__(self, md: Markdown, lines: AlertLines) -> None:
        super().__init__(md)
        self._lines = lines

    def run(self, root: etree.Element) -> None:
        separators = self._lines.separators
        for index, element in reversed(list(enumerate(root))):
            if element.tag == "blockquote" and any(_starts_alert(child) for child in element):
                root[index : index + 1] = alerts = _alerts(element)
                for alert in alerts:
                    if alert.tag != "blockquote":
                        _nested_alerts(alert)
            elif separators and element.tag == "p" and element.text in separators:
                del root[index]


def _nested_alerts(alert: etree.Element) -> None:
    """Each quote in `alert` whose first line is a marker made an alert, and so on inward, as
    Obsidian nests callouts (a marker further down a quote stays text, as at the top)."""
    for child in alert:
        if child.tag == "blockquote" and len(child) and _starts_alert(child[0]):
            found = _MARKER.match(child[0].text or "")
            if found is not None:
                _make_alert(child, found)
                _nested_alerts(child)


def _starts_alert(element: etree.Element) -> bool:
    return element.tag == "p" and _MARKER.match(element.text or "") is not None


def _alerts(quote: etree.Element) -> list[etree.Element]:
    """The quote cut before each paragraph that starts with a marker, each part that does
    made an alert (the part before the first, if any, stays a quote)."""
    parts: list[etree.Element] = []
    for child in list(quote):
        if not parts or _starts_alert(child):
            parts.append(etree.Element("blockquote"))
        parts[-1].append(child)
    parts[-1].tail = quote.tail
    for part in parts:
        found = _MARKER.match(part[0].text or "") if part[0].tag == "p" else None
        if found is not None:
            _make_alert(part, found)
    return parts


def _make_alert(quote: etree.Element, found: re.Match[str]) -> None:
    first = quote[0]
    kind, fold = found.group(1).lower(), found.group(2)
    if fold:
        quote.tag = "details"
        quote.set("class", kind)
        if fold == "+":
            quote.set("open", "open")
        heading = etree.Element("summary")
    else:
        quote.tag = "div"
        quote.set("class", f"admonition {kind}")
        heading = etree.Element("p", {"class": "admonition-title"})
    quote.insert(0, heading)
    rest = (first.text or "")[found.end() :]
    line, newline, after = rest.partition("\n")
    if newline:  # the marker line's text is the title; the paragraph goes on below it
        heading.text, first.text = line.strip(), after
    else:  # the marker line's text and markup are the title, up to the line's end
        heading.text, first.text = rest.lstrip(), ""
        _move_title_line(first, heading)
        if not first.text.strip() and len(first) == 0:
            quote.remove(first)
    if not heading.text and len(heading) == 0:
        heading.text = kind.capitalize()


def _move_title_line(paragraph: etree.Element, heading: etree.Element) -> None:
    """Move `paragraph`'s elements to `heading` up to the first line end in their tails; the
    text after it (a lazily continued line) stays in the paragraph, with what follows."""
    for child in list(paragraph):
        paragraph.remove(child)
        heading.append(child)
        if child.tail and "\n" in child.tail:
            child.tail, _, paragraph.text = child.tail.partition("\n")
            return
