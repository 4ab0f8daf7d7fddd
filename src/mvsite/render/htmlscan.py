"""Built HTML -> PageScan: the links, images, headings and ids a reader meets, with positions.

`html.parser` is forgiving, as browsers are: the checks see what a browser would build,
and every element keeps its line and character offset so that a finding can be traced
back to the Markdown body it came from, or else to its line in the built file.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import accumulate

from mvsite.markdown.url_policy import srcset_urls

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_URL_ATTRS = {"a": "href", "img": "src", "script": "src", "source": "src", "link": "href"}
_VOID = {"img", "br", "hr", "meta", "link", "input", "source", "wbr", "col", "area", "base"}


@dataclass(frozen=True)
class Place:
    line: int  # in the built file
    offset: int  # characters from the start of the built file


@dataclass(frozen=True)
class UrlRef:
    """A URL the page points at: <a href>, <img src> (and srcset), <link href>, <script src>,
    <source src>."""

    tag: str
    url: str
    place: Place
    rel: str = ""


@dataclass(frozen=True)
class Anchor:
    href: str | None
    text: str  # visible text, whitespace collapsed, an <img>'s alt counted
    label: str  # aria-label or aria-labelledby, which name a link without text
    place: Place


@dataclass(frozen=True)
class Image:
    src: str
    alt: str | None
    decorative: bool  # role="presentation"/"none" or aria-hidden="true"
    place: Place


@dataclass(frozen=True)
class HeadingTag:
    level: int
    text: str
    id: str | None
    place: Place


@dataclass(frozen=True)
class IdTag:
    id: str
    tag: str
    place: Place


@dataclass(frozen=True)
class PageScan:
    title: str | None  # None: no <title> element at all
    description: str | None
    urls: tuple[UrlRef, ...]
    anchors: tuple[Anchor, ...]
    images: tuple[Image, ...]
    headings: tuple[HeadingTag, ...]
    ids: tuple[IdTag, ...]

    @property
    def id_set(self) -> frozenset[str]:
        return frozenset(i.id for i in self.ids)


def scan_html(html: str) -> PageScan:
    """One built HTML document -> PageScan."""
    parser = _Scanner(html)
    parser.feed(html)
    parser.close()
    return parser.result()


class _Open:
    """An element whose text is still being collected (<a>, <h1>..<h6>, <title>)."""

    def __init__(self, tag: str, attrs: dict[str, str], place: Place) -> None:
        self.tag = tag
        self.attrs = attrs
        self.place = place
        self.text: list[str] = []


class _Scanner(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        # HTMLParser counts lines by "\n" alone, so these offsets must too.
        self._line_starts = [0, *accumulate(len(line) + 1 for line in html.split("\n"))]
        self._open: list[_Open] = []
        self._title: str | None = None
        self._description: str | None = None
        self._urls: list[UrlRef] = []
        self._anchors: list[Anchor] = []
        self._images: list[Image] = []
        self._headings: list[HeadingTag] = []
        self._ids: list[IdTag] = []

    def result(self) -> PageScan:
        while self._open:  # unclosed at the end of the document: close them there
            self._close(self._open[-1].tag)
        # Elements with text are recorded when they close; readers meet them where they open.
        return PageScan(
            self._title,
            self._description,
            tuple(self._urls),
            tuple(sorted(self._anchors, key=lambda a: a.place.offset)),
            tuple(self._images),
            tuple(sorted(self._headings, key=lambda h: h.place.offset)),
            tuple(self._ids),
        )

    def _place(self) -> Place:
        line, column = self.getpos()
        return Place(line, self._line_starts[line - 1] + column)

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = {name: value or "" for name, value in attr_list}
        place = self._place()
        if "id" in attrs:
            self._ids.append(IdTag(attrs["id"], tag, place))
        if tag in _URL_ATTRS and _URL_ATTRS[tag] in attrs:
            self._urls.append(UrlRef(tag, attrs[_URL_ATTRS[tag]], place, attrs.get("rel", "")))
        if "srcset" in attrs:  # an image's other sources (<img>, <picture>'s <source>)
            self._urls.extend(UrlRef("img", url, place) for url in srcset_urls(attrs["srcset"]))
        if tag == "meta" and attrs.get("name", "").lower() == "description":
            self._description = attrs.get("content", "")
        if tag == "img":
            self._image(attrs, place)
        if tag in ("a", "title") or tag in _HEADINGS:
            self._open.append(_Open(tag, attrs, place))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def _image(self, attrs: dict[str, str], place: Place) -> None:
        alt = attrs.get("alt")
        decorative = attrs.get("role") in ("presentation", "none") or (
            attrs.get("aria-hidden") == "true"
        )
        self._images.append(Image(attrs.get("src", ""), alt, decorative, place))
        for element in self._open:
            element.text.append(alt or "")

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if any(element.tag == tag for element in self._open):
            self._close(tag)

    def _close(self, tag: str) -> None:
        while self._open:
            element = self._open.pop()
            self._finish(element)
            if element.tag == tag:
                return

    def _finish(self, element: _Open) -> None:
        text = " ".join("".join(element.text).split())
        attrs = element.attrs
        if element.tag == "title":
            # The document's title is the first; an inline SVG's <title> names only the SVG.
            self._title = text if self._title is None else self._title
        elif element.tag == "a":
            label = attrs.get("aria-label", "").strip() or attrs.get("aria-labelledby", "")
            self._anchors.append(Anchor(attrs.get("href"), text, label.strip(), element.place))
        else:
            level = _HEADINGS[element.tag]
            self._headings.append(HeadingTag(level, text, attrs.get("id"), element.place))
