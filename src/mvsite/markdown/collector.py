"""What mvsite's extension collects from one page while Python-Markdown converts it."""

from __future__ import annotations

from dataclasses import dataclass, field

from mvsite.markdown.converted import LinkTargets, SourceNote
from mvsite.markdown.sanitize import Dropped


@dataclass
class PageCollector:
    """Filled in while one page converts; a new one for every page."""

    folder: str = ""  # of the page's source, relative to content/
    targets: LinkTargets = field(default_factory=lambda: LinkTargets({}, frozenset()))
    links: list[tuple[str, str, str]] = field(default_factory=list)  # written, url, fragment
    figures: list[str] = field(default_factory=list)
    sources: dict[str, SourceNote] = field(default_factory=dict)  # in order of first citation
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # written, msg, hint
    refused: list[str] = field(default_factory=list)  # links left as written (a problem)
    ids: set[str] = field(default_factory=set)
    dropped: list[Dropped] = field(default_factory=list)  # what the sanitiser removes
    noted: list[tuple[str, str, str]] = field(default_factory=list)  # other warnings, as problems
    # lists on the line after a paragraph's text: (the paragraph's first line, lines below it)
    lists_in_paragraphs: list[tuple[str, int]] = field(default_factory=list)

    def cite(self, source: SourceNote) -> int:
        """The number of `source` in this page's list of sources (added if new)."""
        self.sources.setdefault(source.key, source)
        return list(self.sources).index(source.key) + 1
