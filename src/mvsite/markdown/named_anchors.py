"""`<a name="x">`, HTML's old way to mark a link target, kept as `<a id="x">`.

READMEs still write it (`#### <a name="parse"></a> parse(text)`), and GitHub keeps it as a
target; the sanitiser keeps ids, not names, so without this every link to it would lead
nowhere. An anchor that has an id keeps its id, and its name goes as before.
"""

from __future__ import annotations

import re

# Only an anchor with a name= in it is looked at: pages have many anchors, few named.
_NAMED_ANCHOR = re.compile(r"<a(\s(?:[^>]*\s)?name\s*=[^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


def named_anchors_as_ids(html: str) -> str:
    """`html` with each `<a name=...>` that has no id given the name as its id."""
    if "name" not in html and "NAME" not in html:
        return html
    return _NAMED_ANCHOR.sub(_named_as_id, html)


def _named_as_id(anchor: re.Match[str]) -> str:
    attributes = anchor.group(1)
    found = {match.group(1).lower(): match for match in _ATTRIBUTE.finditer(attributes)}
    name = found.get("name")
    if name is None or "id" in found or not (name.group(2) or "").strip("\"' "):
        return anchor.group()
    return f"<a{attributes[: name.start(1)]}id{attributes[name.end(1) :]}>"
