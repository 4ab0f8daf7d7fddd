"""A page named by its source path outside Markdown (an area's `page:` in figures.yaml, a
template's `page_url()`) -> is it published, a draft, or gone; and the close name meant."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from difflib import get_close_matches

from mvsite.errors import SiteError
from mvsite.sources.data import Figures
from mvsite.sources.pages import Page


def close_page(name: str, rels: Collection[str]) -> str | None:
    """The page among `rels` whose path is closest to `name` ('research/oncolgy.md' ->
    'research/oncology.md'), compared without '.md', which makes all names look alike."""
    stems = {rel.removesuffix(".md"): rel for rel in rels}
    close = get_close_matches(name.removesuffix(".md"), sorted(stems), n=1, cutoff=0.75)
    return stems[close[0]] if close else None


def check_area_pages(
    figures: Figures | None,
    pages: tuple[Page, ...],
    markdown: Collection[str],
    failed: Mapping[str, str],
) -> None:
    """Each area's `page:` names a published page (or one that failed to load, reported
    already), else an error at its line in figures.yaml: templates link to it."""
    if figures is None:
        return
    published = {page.rel for page in pages}
    for area in figures.areas.values():
        if area.page is None or area.page in published or area.page in failed:
            continue
        where = f"area '{area.key}' names {area.page}"
        if area.page in markdown:
            raise SiteError(
                f"{where}, which is a draft",
                figures.path,
                area.page_line or area.line,
                "publish the page (draft: false), or build with --drafts to preview it",
            )
        originals = [page.rel for page in pages if page.rel == page.original]
        close = close_page(area.page, originals)
        raise SiteError(
            f"{where}, which does not exist",
            figures.path,
            area.page_line or area.line,
            f"did you mean '{close}'?"
            if close
            else "publish the page, or change page: to the page's new path",
        )
