"""Code lines' anchors as targets, not links.

pymdownx.highlight's `anchor_linenums` starts each line of a code block with
`<a id="__codelineno-0-3" name="__codelineno-0-3" href="#__codelineno-0-3"></a>`: a link with
no text, which a keyboard stops at once per line and a screen reader reads out without a name.
Without its href the element is still the line's target (`#__codelineno-0-3` scrolls to it).
"""

from __future__ import annotations

import re

# As the sanitiser writes it (attributes in their written order, `name` removed).
_EMPTY_SELF_LINK = re.compile(r'<a id="([^"<>]+)" href="#\1"></a>')


def anchors_not_links(html: str) -> str:
    """`html` with every text-less link to its own id made a plain anchor."""
    return _EMPTY_SELF_LINK.sub(r'<a id="\1"></a>', html) if '"></a>' in html else html
