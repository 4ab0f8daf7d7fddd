"""`<a name="x">`, HTML's old way to mark a link target, kept as `<a id="x">`.

READMEs still write it (`#### <a name="parse"></a> parse(text)`), and GitHub keeps it as a
target; the sanitiser keeps ids, not names, so without this every link to it would lead
nowhere. The name goes as before where it cannot be an id: the anchor has an id, another
element of the page has that id (`<a name="usage"></a>` above `## Usage`), or it has spaces.
"""

from __future__ import annotations

import re

# Only an anchor with a name= in it is looked at: pages have many anchors, few named. No
# `<` inside: a tag left open is not searched again from every later `<a`.
_NAMED_ANCHOR = re.compile(r"<a(\s(?:[^<>]*\s)?name\s*=[^<>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_TAG = re.compile(r"<[A-Za-z][^<>]*>")
_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)


def is_id_like(name: str) -> bool:
    """Whether an anchor's name can be its id: not empty, no white space."""
    return bool(name) and not any(character.isspace() for character in name)


def named_anchors_as_ids(html: str) -> str:
    """`html` with each `<a name=...>` that has no id given the name as its id."""
    if ("name" not in html and "NAME" not in html) or _NAMED_ANCHOR.search(html) is None:
        return html
    taken = {  # the ids of the page's elements (not `id=x` in its text)
        "".join(found.groups(default=""))
        for tag in _TAG.finditer(html)
        if (found := _ID.search(tag.group())) is not None
    }
    return _NAMED_ANCHOR.sub(lambda anchor: _named_as_id(anchor, taken), html)


def _named_as_id(anchor: re.Match[str], taken: set[str]) -> str:
    attributes = anchor.group(1)
    found = {match.group(1).lower(): match for match in _ATTRIBUTE.finditer(attributes)}
    name = found.get("name")
    if name is None or "id" in found:
        return anchor.group()
    value = (name.group(2) or "").strip("\"'")
    if not is_id_like(value) or value in taken:
        return anchor.group()
    taken.add(value)
    return f"<a{attributes[: name.start(1)]}id{attributes[name.end(1) :]}>"
