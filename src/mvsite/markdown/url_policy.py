"""Which URLs a page keeps: http(s), mailto, tel and relative ones; `data:image/*` only as an
image's source. One answer for the sanitiser (nh3 keeps or drops the attribute), for the
warnings that say what it dropped, and for the check that follows what it kept.

An image's `srcset` (in `<img>` and `<picture>`'s `<source>`) is a list of candidates, each
a URL and its width or density (`logo-dark.png 2x, logo.png 1x`): each URL is judged as an
image's source. nh3 does not read srcset, so a page that has one is cleaned with
`keep_url` as its attribute filter.
"""

from __future__ import annotations

import re

URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "cite", "longdesc", "action", "formaction", "poster"}
)
# What a browser ignores in a URL before its scheme, and inside it (tabs and newlines).
_URL_IGNORED = re.compile(r"[\x00-\x20]+")
_CANDIDATE_URL = re.compile(r"[\s,]*(\S+)")  # a srcset candidate's URL, after the commas before it


def is_allowed_url(tag: str, name: str, value: str) -> bool:
    """Whether the sanitiser keeps `value` as the URL attribute `name` of `tag`."""
    if name == "srcset":
        return all(is_allowed_url(tag, "src", url) for url in srcset_urls(value))
    url = _URL_IGNORED.sub("", value).lower()
    scheme, colon, _ = url.partition(":")
    if not colon or "/" in scheme or "?" in scheme or "#" in scheme:
        return True  # relative
    if scheme == "data":
        return tag in ("img", "source") and name == "src" and url.startswith("data:image/")
    return scheme in URL_SCHEMES


def keep_url(tag: str, name: str, value: str) -> str | None:
    """nh3's attribute filter: the value, or None to drop an attribute whose URL is not kept."""
    if name not in URL_ATTRIBUTES or is_allowed_url(tag, name, value):
        return value
    return None


def srcset_urls(srcset: str) -> list[str]:
    """The URLs of a srcset's candidates, as HTML's parsing rules read them: a URL ends at
    white space (its trailing commas are no part of it), its descriptors at a comma."""
    urls, index = [], 0
    while (candidate := _CANDIDATE_URL.match(srcset, index)) is not None:
        url, index = candidate.group(1), candidate.end()
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            comma = srcset.find(",", index)
            index = len(srcset) if comma < 0 else comma + 1
        if url:
            urls.append(url)
    return urls
