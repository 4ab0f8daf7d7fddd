"""Task lists (pymdownx.tasklist) whose boxes a screen reader can name.

The extension stashes a bare `<input type="checkbox" disabled>` as raw HTML before a task's
text: a control with no name (axe: label). Each box gets the task's text as its `aria-label`.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator, Sequence

import markdown
from markdown import util
from markdown.treeprocessors import Treeprocessor

EXTENSION = "pymdownx.tasklist"
_TAG = re.compile(r"<[^>]*>")
_BOX = re.compile(r"<input (?=[^>]*type=\"checkbox\")(?![^>]*aria-label)")


def install_task_box_labels(md: markdown.Markdown) -> None:
    # After the inline patterns (20) and the unescaping of backslash escapes (0): the label
    # is the text a reader sees.
    md.treeprocessors.register(_TaskBoxLabels(md), "task_box_labels", -1)


class _TaskBoxLabels(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        stash = self.md.htmlStash.rawHtmlBlocks
        for item in root.iter("li"):
            if "task-list-item" not in item.get("class", "").split():
                continue
            # The box leads the item's text, or its first paragraph's in a loose list.
            for holder in (item, *(p for p in item[:1] if p.tag == "p")):
                found = util.HTML_PLACEHOLDER_RE.match(holder.text or "")
                if found is not None:
                    label = html.escape(_task_text(holder, found.end(), stash), quote=True)
                    index = int(found.group(1))
                    stash[index] = _labelled(str(stash[index]), label)
                    break


def _labelled(box: str, label: str) -> str:
    # A function, not a replacement template: the label's backslashes stay as written.
    return _BOX.sub(lambda _: f'<input aria-label="{label}" ', box, 1)


def _task_text(holder: etree.Element, start: int, stash: Sequence[object]) -> str:
    """The text a reader sees of a task after its box (from `start` in `holder`'s text), up
    to a list nested in it."""
    parts = [_unstashed((holder.text or "")[start:], stash)]
    for child in holder:
        if child.tag in ("ul", "ol"):
            break
        parts += [*_shown_text(child, stash), _unstashed(child.tail or "", stash)]
    return " ".join("".join(parts).split())


def _shown_text(element: etree.Element, stash: Sequence[object]) -> Iterator[str]:
    if element.tag == "img":
        yield element.get("alt", "")
    elif element.tag == "code":  # its text is kept escaped (markdown.util.code_escape)
        yield html.unescape("".join(element.itertext()))
    else:
        yield _unstashed(element.text or "", stash)
        for child in element:
            yield from _shown_text(child, stash)
            yield _unstashed(child.tail or "", stash)


def _unstashed(text: str, stash: Sequence[object]) -> str:
    """`text` with each placeholder of stashed HTML (an entity, a smart quote, raw HTML) put
    back as the text it shows."""

    def shown(found: re.Match[str]) -> str:
        index = int(found.group(1))
        stashed = stash[index] if index < len(stash) else ""
        if isinstance(stashed, etree.Element):
            return "".join(stashed.itertext())
        return html.unescape(_TAG.sub("", str(stashed)))

    return util.HTML_PLACEHOLDER_RE.sub(shown, text)
