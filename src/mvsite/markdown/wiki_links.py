"""Wiki links (`[[Page]]`, as Obsidian and Foam write them), said with the Markdown to write.

Obsidian finds a note by its file's name, in any folder and any case (`[[Target Note]]` is
`Some folder/Target Note.md`), takes `#Heading` after the name (or alone, on the same page),
`|text` for the link's text (`\\|` inside a table), and embeds a file with `![[diagram.png]]`
(`![[diagram.png|300]]`: 300 pixels wide).
The hint names the site's own file where one has that name, relative to the linking page.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from urllib.parse import quote

from mvsite.markdown.toc_pass import heading_slug

WIKI_LINK = re.compile(r"(!?)\[\[(?!fig:)([^\[\]|]+?)\\?(?:\|([^\[\]]+))?\]\](?![(\[])")
_SIZE = re.compile(r"(\d+)(?:x(\d+))?")
_IMAGE = re.compile(r"\.(?:png|jpe?g|gif|svg|webp|avif)$", re.IGNORECASE)
Find = Callable[[str], str | None]  # a wiki link's file name -> the path to link to, if any


class WikiNames:
    """The site's files by the names wiki links give them: the file's name without its
    folder, in lower case, a page's without `.md`."""

    def __init__(self, pages: Iterable[str], assets: Iterable[str]) -> None:
        self._by_name: dict[str, str] = {}
        for rel in sorted(pages):
            self._by_name.setdefault(posixpath.basename(rel).removesuffix(".md").lower(), rel)
        for rel in sorted(assets):
            self._by_name.setdefault(posixpath.basename(rel).lower(), rel)

    def path(self, name: str, folder: str) -> str | None:
        """The path from `folder` to the file a link names `name`, if the site has one."""
        rel = self._by_name.get(posixpath.basename(name).removesuffix(".md").lower())
        return posixpath.relpath(rel, folder or ".") if rel else None


def wiki_link_said(link: re.Match[str], find: Find | None = None) -> tuple[str, str]:
    """The warning for a wiki link, and the Markdown to write instead."""
    embed, text = link.group(1), (link.group(3) or "").strip()
    name, _, heading = link.group(2).partition("#")
    name, heading = name.strip(), heading.strip()
    fragment = f"#{heading_slug(heading, '-')}" if heading else ""
    shown = text or heading or name
    if not name:  # a heading of the same page
        return _said(link, f"[{shown}]({fragment})")
    path = (find(name) if find else None) or _guessed(name)
    if embed and _IMAGE.search(path):
        return _image_said(link, name, text, path)
    return _said(link, f"[{shown}]({quote(path)}{fragment})")


def _image_said(link: re.Match[str], name: str, text: str, path: str) -> tuple[str, str]:
    size = _SIZE.fullmatch(text)  # Obsidian's `|300` or `|100x145`: a size, not a text
    alt = ("" if size else text) or posixpath.splitext(posixpath.basename(name))[0]
    attributes = ""
    if size:
        height = f" height={size[2]}" if size[2] else ""
        attributes = f"{{ width={size[1]}{height} }}"
    return _said(link, f"![{alt}]({quote(path)}){attributes}", "show the image with")


def _guessed(name: str) -> str:
    """The file a name most likely means where the site has none of that name."""
    return name if "." in posixpath.basename(name) else "-".join(name.lower().split()) + ".md"


def _said(
    link: re.Match[str], markdown: str, how: str = "link to the file with"
) -> tuple[str, str]:
    kind = "an embed" if link.group(1) else "a wiki link"
    return (
        f"'{link.group()}' is shown as text: {kind} (Obsidian, Foam), which Markdown does not know",
        f"{how}: {markdown}",
    )
