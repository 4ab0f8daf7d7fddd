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

from markdown.treeprocessors import Treeprocessor

# GitHub's five kinds, then Obsidian's others: the words that name a kind of note.
_KIND_WORDS = (
    "note tip important warning caution abstract summary tldr info todo hint success check"
    " done question help faq attention failure fail missing danger error bug example quote cite"
)
NOTE_KINDS = frozenset(_KIND_WORDS.split())
_MARKER = re.compile(rf"\[!({'|'.join(_KIND_WORDS.split())})\]([+-]?)", re.IGNORECASE)
ALERT_PASS_PRIORITY = 15  # after the inline patterns (20), before the prettifier (10)


class AlertPass(Treeprocessor):
    """Each top-level quote whose first paragraph starts with a marker -> an admonition."""

    def run(self, root: etree.Element) -> None:
        for element in root:
            if element.tag == "blockquote" and len(element) and element[0].tag == "p":
                found = _MARKER.match(element[0].text or "")
                if found is not None:
                    _make_alert(element, found)


def _make_alert(quote: etree.Element, found: re.Match[str]) -> None:
    first = quote[0]
    kind = found.group(1).lower()
    rest = (first.text or "")[found.end() :]
    line, newline, after = rest.partition("\n")
    plain_title_line = bool(newline) or len(first) == 0
    title = line.strip() if plain_title_line else ""
    first.text = after if plain_title_line else rest.lstrip()
    if not first.text.strip() and len(first) == 0:
        quote.remove(first)
    title = title or kind.capitalize()
    fold = found.group(2)
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
    heading.text = title
    quote.insert(0, heading)
