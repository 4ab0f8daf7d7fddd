"""Where in the Markdown body an element of the built HTML was written."""

from __future__ import annotations

from mvsite.check.source_lines import BodyText, LinkLine, heading_lines, link_lines
from mvsite.markdown.converted import LinkRef, Rendered

BODY = """Intro with [a link](a.md).

# One

Setext two
----------

```
## not a heading
```

> ### Quoted three

## Two again
#hashtag is a heading in Python-Markdown
---
"""


def test_heading_lines() -> None:
    assert heading_lines(BodyText(BODY, 10)) == {1: [12, 24], 2: [14, 23], 3: [21]}


def test_line_of_counts_occurrences() -> None:
    body = BodyText("a\nb x\nc x\n", 5)
    assert (body.line_of("x"), body.line_of("x", 1), body.line_of("x", 2)) == (6, 7, None)
    assert body.line_of("") is None


def test_link_lines() -> None:
    body = BodyText(
        "[a](a.md) [a again](a.md)\n[fig]\n[[fig:k]] <http://x.org/>\n[g](gone.md)\n", 3
    )
    refs = (LinkRef("a.md", 3, "/a/", ""), LinkRef("a.md", 3, "/a/", ""))
    rendered = Rendered("", (), frozenset(), refs, (), (), refused=("gone.md",))
    found = [
        ("/a/", "", "/a/"),
        ("/a/", "", "/a/"),
        ("/facts/", "fig-k", "/facts/#fig-k"),
        ("", "", "http://x.org/"),
        ("/p/gone.md", "", "gone.md"),
        ("/gone/", "", "/gone/"),
    ]
    assert link_lines(rendered, "/p/", found, body) == [
        LinkLine(3, True),  # a Markdown link: the build checked it
        LinkLine(3, True),
        LinkLine(5, False),  # a figure's link, made by mvsite
        LinkLine(5, False),
        LinkLine(6, True),  # refused by the markdown stage, which reported it
        LinkLine(None, False),
    ]
