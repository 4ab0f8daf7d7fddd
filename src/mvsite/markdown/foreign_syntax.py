"""Lines written for a tool mvsite does not run, which a page would show as plain text.

A MkDocs project's `::: package.module` asks the mkdocstrings plugin for API documentation,
and `:::note` opens a container in Docusaurus and markdown-it; Python-Markdown knows neither,
so the reader would see the colons. Each is said where it was written (not in code blocks).
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


def foreign_lines(body: str) -> list[tuple[int, str, str]]:
    """(line within `body`, counting from 0, message, hint) of each such line."""
    if ":::" not in body:
        return []
    found = []
    fence = ""
    for number, line in enumerate(body.split("\n")):
        opened = _FENCE.match(line)
        if opened:
            fence = "" if fence == opened.group(1) else fence or opened.group(1)
            continue
        written = None if fence else _FOREIGN.match(line)
        if written is not None:
            found.append((number, *_said(line.strip(), written.group(1).split()[0])))
    return found


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
