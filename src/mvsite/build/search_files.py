"""The site's search index (config search): Pagefind's files for every page and figure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from mvsite.build.output_claims import OutputClaims
from mvsite.build.plan import Reusable, is_current_output
from mvsite.build.read_site import SiteContent
from mvsite.render.search import INDEX_DIR, SearchRecord, build_index, index_key
from mvsite.render.templates import site_catalogues
from mvsite.write.output import OutputFile
from mvsite.write.urls import url_file


@dataclass(frozen=True)
class PageFiles:
    """Where this build's pages are: staged, in the previous output, or in memory."""

    stage: Path | None
    previous: Path | None  # the previous output

    def html(self, out: str, file: OutputFile) -> str:
        if file.data is not None:
            return file.data.decode()
        folder = self.stage if file.staged else self.previous
        assert folder is not None, out
        return (folder / out).read_text(encoding="utf-8")


def claim_search_index(
    claims: OutputClaims,
    site: SiteContent,
    page_keys: Mapping[str, str],
    last: Reusable,
    where: PageFiles,
) -> dict[str, str]:
    """The Pagefind index of the pages and figures: the previous build's files while no page
    and no figure changed, else made again (it is one index: any change can move any file);
    the index files' keys."""
    config = site.config
    base = config.base_path.rstrip("/")
    records = _figure_records(site)
    indexed = [(p, url_file(p.url)) for p in site.pages]
    key = index_key(
        [(base + p.url, page_keys.get(out, "")) for p, out in indexed], records, config.language
    )
    before = [rel for rel in last.cache.outputs if rel.startswith(INDEX_DIR + "/")]
    if before and all(is_current_output(last.cache, last.output, rel, key) for rel in before):
        for rel in before:
            claims.add(rel, Path(rel), OutputFile(keep=True))
        return dict.fromkeys(before, key)
    html = [
        (url_file(base + p.url), where.html(out, claims.files[out]))
        for p, out in indexed
        if out in claims.files and _is_built(claims.files[out])
    ]
    files = build_index(html, records, config.language)
    for rel, data in files.items():
        claims.add(rel, Path(rel), OutputFile(data))
    return dict.fromkeys(files, key)


def _is_built(file: OutputFile) -> bool:
    """Has the page a file? (A page whose template failed keeps the empty claim: its error
    is reported, and there is nothing to index.)"""
    return file.data is not None or bool(file.staged) or file.keep


def _figure_records(site: SiteContent) -> list[SearchRecord]:
    """Each figure as a search result of its own in each language, titled by its label in
    that language, at its entry on that language's facts page."""
    catalogues = site_catalogues(site.config)
    records = []
    for language in site.config.site_languages:
        figures = site.data.figures_in(language.code)
        targets = site.targets.views.get(language.code, site.targets)
        words = catalogues.of(language.code).translations
        for key, figure in figures.items.items() if figures else ():
            href = targets.figures[key].href
            if href is None:
                continue
            area = f" ({figure.area.title})" if figure.area else ""
            unit = words.pgettext("unit", figure.unit)
            source = f"{words.gettext('Source:')} {figure.source.publisher}, {figure.source.title}."
            text = f"{figure.label}{area}: {figure.display} {unit}. {source}"
            records.append(SearchRecord(href, figure.label, text, language.code))
    return records
