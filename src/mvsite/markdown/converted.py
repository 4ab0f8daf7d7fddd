"""What converting a page's Markdown gives, and what its links may point at.

Apart from the converter (convert.py) so that a build with nothing to convert, and the
modules that only pass these records around, never import Python-Markdown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from mvsite.errors import SiteError
from mvsite.sources.languages import Language, source_language


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    id: str
    title: str
    children: tuple[Heading, ...] = ()


@dataclass(frozen=True, slots=True)
class LinkRef:
    """A link whose target the site stage must confirm: a URL and maybe a fragment."""

    written: str  # as the editor wrote it, for the message
    line: int
    url: str  # site path without the base, '' for the page itself
    fragment: str


@dataclass(frozen=True, slots=True)
class SourceNote:
    """The document a figure comes from, as a page's list of sources shows it."""

    key: str
    publisher: str
    title: str
    url: str | None  # where the document is public
    dated: str  # 'retrieved 21 November 2026'


@dataclass(frozen=True, slots=True)
class FigureLink:
    text: str
    href: str | None  # its entry on the facts page; None when the site has none
    label: str  # what the figure counts: 'Organisations focused on cancer research'
    source: SourceNote | None = None


@dataclass(frozen=True, slots=True)
class CitationWords:
    """How the pages of one language name the documents their figures come from."""

    heading: str = "Sources"  # of the numbered list at the end of a page
    mark: str = "Source %(number)s"  # the label of a figure's raised source number


@dataclass(frozen=True, slots=True)
class LinkTargets:
    """What links may point at: page sources, content files, figures."""

    pages: Mapping[str, str]  # source rel -> url ('research/cancer.md' -> '/research/cancer/')
    assets: frozenset[str]  # content files other than pages, rel to content/
    base_path: str = "/"
    figures: Mapping[str, FigureLink] = field(default_factory=dict)
    drafts: frozenset[str] = frozenset()
    content_shown: str = "content/"  # the content folder as messages name it; '' for a bare one
    languages: tuple[Language, ...] = ()  # the site's, the default first; () for one language
    # language code -> where links in that language's pages point (build/links.py)
    views: Mapping[str, LinkTargets] = field(default_factory=dict)
    # source rel -> the language of the page a link to it reaches, where not the linking page's
    hreflang: Mapping[str, str] = field(default_factory=dict)
    citations: CitationWords = field(default_factory=CitationWords)  # in the pages' language
    # A link to no page or file is a warning, not an error: on MkDocs sites, as MkDocs'
    # `validation: links: not_found: warn` treats it.
    missing_warns: bool = False
    external_images: bool = False  # an image from another site loads (else: a warning)

    def for_source(self, rel: str) -> LinkTargets:
        """Where links in the page at `rel` point: to pages in its language, if it has one."""
        if not self.views:
            return self
        return self.views.get(source_language(rel, self.languages).code, self)


@dataclass(frozen=True, slots=True)
class Rendered:
    html: str
    toc: tuple[Heading, ...]
    ids: frozenset[str]
    links: tuple[LinkRef, ...]
    figures: tuple[str, ...]
    problems: tuple[SiteError, ...]
    warnings: tuple[SiteError, ...] = ()  # what the sanitiser removed, where it was written
    refused: tuple[str, ...] = ()  # links left as written, each reported in `problems`
