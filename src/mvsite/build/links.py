"""What links may point at (pages, files, figures), and whether each one arrives: the one
resolver of internal links, for the build and for `mvsite check`."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from difflib import get_close_matches
from pathlib import Path

from mvsite.errors import SiteError
from mvsite.markdown.converted import (
    CitationWords,
    FigureLink,
    LinkRef,
    LinkTargets,
    Rendered,
    SourceNote,
)
from mvsite.render.locale import Catalogues
from mvsite.sources.config import Config
from mvsite.sources.content_files import Sources
from mvsite.sources.data import Figures, SiteData
from mvsite.sources.languages import Language
from mvsite.sources.local_formats import long_date
from mvsite.sources.pages import Page
from mvsite.write.output import OutputFile
from mvsite.write.urls import link_file, url_file

Gettext = Callable[[str], str]  # a language's catalogue: English text -> that language's


def link_targets(
    pages: tuple[Page, ...],
    sources: Sources,
    data: SiteData,
    config: Config,
    failed: Mapping[str, str],
    catalogues: Catalogues | None,
) -> LinkTargets:
    """`catalogues`: the words of each language but the default (whose words are the
    catalogues' English); None for a site of one language."""
    published = {p.rel: p.url for p in pages}
    targets = LinkTargets(
        pages={**failed, **published},  # a page that failed to load is still a link target
        assets=frozenset(sources.assets),
        base_path=config.base_path,
        figures=figure_links(data.figures, pages, config, config.site_languages[0], str),
        drafts=frozenset(rel for rel in sources.markdown if rel not in published),
        content_shown=shown_folder(config.shown_content),
        missing_warns=config.broken_links_warn,
        external_images=config.external_images,
    )
    languages = config.site_languages
    if len(languages) == 1:
        return targets
    views = {
        language.code: _figure_view(
            _language_view(targets, pages, language.code, languages),
            data.figures_in(language.code),
            pages,
            config,
            language,
            _gettext(catalogues, language, languages[0]),
        )
        for language in languages
    }
    return replace(targets, languages=languages, views=views)


def _gettext(catalogues: Catalogues | None, language: Language, default: Language) -> Gettext:
    if catalogues is None or language == default:
        return str  # the words as written
    return catalogues.of(language.code).translations.gettext


def _figure_view(
    view: LinkTargets,
    figures: Figures | None,
    pages: tuple[Page, ...],
    config: Config,
    language: Language,
    gettext: Gettext,
) -> LinkTargets:
    """A language's view with its figures, and its words for their sources."""
    links = figure_links(figures, pages, config, language, gettext)
    return replace(view, figures=links, citations=citation_words(gettext))


def _language_view(
    targets: LinkTargets, pages: tuple[Page, ...], code: str, languages: tuple[Language, ...]
) -> LinkTargets:
    """Where links in the pages in `code` point: a link to a page's original reaches its
    version in `code` (a translation, or a copy of the original), else the original; each
    link that reaches text in another language says so (hreflang)."""
    default = languages[0].code
    reached = {p.rel: p for p in pages}
    reached.update({p.original: p for p in pages if p.lang == code})
    hreflang = {
        rel: written_in
        for rel, page in reached.items()
        if (written_in := default if page.fallback else page.lang) != code
    }
    urls = {**targets.pages, **{rel: page.url for rel, page in reached.items()}}
    return replace(targets, pages=urls, hreflang=hreflang)


def shown_folder(folder: Path) -> str:
    """Path('content') -> 'content/'; Path('.') -> '' (a path inside it is named as it is)."""
    return "" if folder == Path(".") else folder.as_posix() + "/"


def figure_links(
    figures: Figures | None,
    pages: tuple[Page, ...],
    config: Config,
    language: Language,
    gettext: Gettext,
) -> dict[str, FigureLink]:
    """Each figure as pages in `language` show it (`figures` in that language; `gettext`
    its catalogue's), linked to its entry on that language's facts page (if there is one)."""
    if figures is None:
        return {}
    facts_url = _facts_url(pages, config, language.code)
    base = config.base_path.rstrip("/")
    retrieved = gettext("retrieved %(date)s")
    notes = {
        s.key: SourceNote(
            s.key,
            s.publisher,
            s.title,
            s.url,
            retrieved % {"date": long_date(s.retrieved, language.code)},
        )
        for s in figures.sources.values()
    }
    return {
        key: FigureLink(
            f.display,
            f"{base}{facts_url}#fig-{key}" if facts_url else None,
            f.label,
            notes[f.source.key],
        )
        for key, f in figures.items.items()
    }


def citation_words(gettext: Gettext) -> CitationWords:
    """How pages name their figures' sources, in the language `gettext` translates to."""
    words = CitationWords()
    return CitationWords(gettext(words.heading), gettext(words.mark))


def _facts_url(pages: tuple[Page, ...], config: Config, code: str) -> str | None:
    """The facts page's URL in language `code` (its translation or copy, else the original)."""
    if not config.facts_page:
        return None
    original = next((p.url for p in pages if p.rel == config.facts_page), None)
    if original is None:
        raise SiteError(
            f"facts_page names {config.shown_content / config.facts_page}, which does not exist",
            config.file,
            config.lines.get("facts_page"),
            "name the page that lists the figures, e.g. facts_page: facts.md",
        )
    versions = (p for p in pages if p.original == config.facts_page and p.lang == code)
    return next((p.url for p in versions), original)


@dataclass(frozen=True)
class LinkSite:
    """What links may reach in a built site: its files, and the ids on its pages."""

    files: frozenset[str]  # every file of the site: 'guide/index.html'
    ids: Mapping[str, frozenset[str]]  # page file -> the ids known without reading it
    redirects: Mapping[str, str] = field(default_factory=dict)  # alias file -> page file
    # page file -> the ids its built HTML adds, read only when `ids` lacks a fragment
    more_ids: Callable[[str], frozenset[str]] = lambda _file: frozenset()

    def landing(self, file: str) -> str:
        """The file a link to `file` ends at, a redirect followed."""
        return self.redirects.get(file, file)


@dataclass(frozen=True)
class NoFile:
    """The link reaches no file of the site."""


@dataclass(frozen=True)
class NoAnchor:
    """The link reaches a page without its #fragment."""

    ids: frozenset[str]  # the ids that page has


def link_problem(file: str, fragment: str, site: LinkSite) -> NoFile | NoAnchor | None:
    """Why a link to `file`#`fragment` does not arrive, or None if it does ('#top' is the
    top of any page, as browsers treat it)."""
    page = site.landing(file)
    if page not in site.files:
        return NoFile()
    ids = site.ids.get(page)
    if not fragment or fragment == "top" or ids is None or fragment in ids:
        return None
    ids = ids | site.more_ids(page)
    return None if fragment in ids else NoAnchor(ids)


@dataclass(frozen=True)
class BrokenLink:
    """A link of `page` that does not arrive."""

    page: Page
    link: LinkRef
    problem: NoFile | NoAnchor

    def error(self) -> SiteError:
        """The error at the link's line."""
        link, page = self.link, self.page
        if isinstance(self.problem, NoFile):
            return SiteError(
                f"link to {link.written}: no such page or file in the built site",
                page.src,
                link.line,
                "check the path; links between pages are best written as paths to .md files",
            )
        return SiteError(
            f"link to {link.written}: no heading or id '{link.fragment}' there",
            page.src,
            link.line,
            _ids_hint(link.fragment, self.problem.ids),
        )


def _ids_hint(fragment: str, ids: frozenset[str], shown: int = 8) -> str:
    """The page's ids, the likeliest meant first (a renamed heading's, GitHub's slug of the
    same heading), as many as `shown`."""
    close = get_close_matches(fragment, sorted(ids), n=3, cutoff=0.5)
    listed = [*close, *sorted(ids - set(close))]
    more = f" and {len(listed) - shown} more" if len(listed) > shown else ""
    said = f"ids on that page: {', '.join(listed[:shown]) or 'none'}{more}"
    return f"did you mean #{close[0]}? {said}" if close else said


def check_links(
    pages: tuple[Page, ...],
    rendered: Mapping[str, Rendered],
    outputs: frozenset[str],
    built_ids: Callable[[str], frozenset[str]],
    failed: frozenset[str] = frozenset(),
    only: frozenset[str] | None = None,
) -> Iterator[BrokenLink]:
    """Every site-internal link must reach an output file, and its #fragment an id: one from
    the Markdown, else one the page's template made (`built_ids` reads the built page).
    `only`: check the links of these pages (source rels) alone."""
    ids = {url_file(p.url): rendered[p.rel].ids for p in pages if p.rel in rendered}
    # A page whose template failed has no file, but is a target: its own error is reported.
    site = LinkSite(outputs.union(ids), ids, more_ids=built_ids)
    for page in pages if only is None else (p for p in pages if p.rel in only):
        if page.rel in rendered:
            yield from broken_links(page, rendered[page.rel].links, site, failed)


def broken_links(
    page: Page, links: tuple[LinkRef, ...], site: LinkSite, failed: frozenset[str] = frozenset()
) -> Iterator[BrokenLink]:
    """Each of the `links` of `page` that does not arrive in `site` (`failed`: the URLs of
    pages that failed, whose own errors are reported)."""
    for link in links:
        url = link.url or page.url
        if url in failed:
            continue
        problem = link_problem(link_file(url), link.fragment, site)
        if problem is not None:
            yield BrokenLink(page, link, problem)


def built_ids(
    files: Mapping[str, OutputFile], stage: Path | None, previous: Path | None
) -> Callable[[str], frozenset[str]]:
    """A page's file -> the ids in its built HTML, wherever this build left it."""

    def ids_of(out: str) -> frozenset[str]:
        from mvsite.render.htmlscan import scan_html  # rarely needed: only for ids a template made

        file = files.get(out)
        if file is None:
            return frozenset()
        if file.data is not None:
            html = file.data
        elif file.staged and stage is not None:
            html = (stage / out).read_bytes()
        elif file.keep and previous is not None:
            html = (previous / out).read_bytes()
        else:
            return frozenset()
        return scan_html(html.decode("utf-8")).id_set

    return ids_of
