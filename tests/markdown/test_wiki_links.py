from __future__ import annotations

from pathlib import Path

import pytest

from mvsite.markdown.convert import MarkdownRenderer
from mvsite.markdown.converted import LinkTargets
from mvsite.markdown.wiki_links import WIKI_LINK, WikiNames, wiki_link_said

NAMES = WikiNames(["notes/Target Note.md", "index.md"], ["media/diagram.png"])


def hint(written: str, folder: str = "") -> str:
    link = WIKI_LINK.search(written)
    assert link is not None
    return wiki_link_said(link, lambda name: NAMES.path(name, folder))[1]


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("[[target note]]", "link to the file with: [target note](notes/Target%20Note.md)"),
        (
            "[[Target Note#Supported types|the types]]",
            "link to the file with: [the types](notes/Target%20Note.md#supported-types)",
        ),
        ("[[Target Note\\|alias]]", "link to the file with: [alias](notes/Target%20Note.md)"),
        ("[[#Local heading]]", "link to the file with: [Local heading](#local-heading)"),
        ("![[diagram.png]]", "show the image with: ![diagram](media/diagram.png)"),
        (
            "![[diagram.png|100x145]]",  # Obsidian's size, not a text
            "show the image with: ![diagram](media/diagram.png){ width=100 height=145 }",
        ),
        ("[[Not Here]]", "link to the file with: [Not Here](not-here.md)"),
    ],
)
def test_the_hint_links_to_the_sites_own_file(written: str, said: str) -> None:
    """It named files that did not exist (`target-note.md` for `Target Note.md`), put the
    `.md` after the anchor, kept the table's `\\|`, and made an image a page."""
    assert hint(written) == said


def test_the_path_is_from_the_linking_pages_folder() -> None:
    assert hint("[[Target Note]]", "guide") == (
        "link to the file with: [Target Note](../notes/Target%20Note.md)"
    )


def test_every_wiki_link_of_a_line_is_said() -> None:
    renderer = MarkdownRenderer(LinkTargets({"notes/Target Note.md": "/t/"}, frozenset()))
    rendered = renderer.render("[[One]] and [[Target Note]].\n", "a.md", Path("content/a.md"), 1)
    assert [w.hint for w in rendered.warnings] == [
        "link to the file with: [One](one.md)",
        "link to the file with: [Target Note](notes/Target%20Note.md)",
    ]
