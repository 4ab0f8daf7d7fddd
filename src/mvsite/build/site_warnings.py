"""What a build warns of but publishes anyway: missing descriptions, base URL, foreign keys,
translations whose original is gone, nav entries naming no page, what social cards leave out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from mvsite.build.card_files import card_warnings
from mvsite.build.options import BuildOptions
from mvsite.build.read_site import SiteContent, SourcesRead
from mvsite.errors import SiteError, counted
from mvsite.sources.config import BASE_URL_OPTION, Config
from mvsite.sources.figure_checks import FUTURE_HINT, figure_warnings, future_date_warnings
from mvsite.sources.languages import SourceLanguage
from mvsite.sources.mkdocs_nav import named_pages
from mvsite.sources.named_pages import close_page
from mvsite.sources.page_languages import orphan_warning, orphans
from mvsite.sources.pages import Page


def site_warnings(site: SiteContent, options: BuildOptions) -> list[SiteError]:
    """What the build warns of: the config's notes, then the site's, then each page's."""
    pages, config = site.pages, site.config
    warnings = list(config.notes)
    base = _base_url_warning(config, options.base_url is not None)
    if base is not None:
        warnings.append(base)
    foreign = _foreign_keys_warning(pages, config)
    if foreign is not None:
        warnings.append(foreign)
    warnings.extend(_nav_warnings(pages, config))
    warnings += _orphan_warnings(site.sources, config)
    files = site.sources.files
    warnings += [_private_warning(rel, count, config) for rel, count in files.private]
    warnings += [_mdx_warning(rel, config) for rel in files.assets if rel.endswith(".mdx")]
    warnings += figure_warnings(site.data.figures, config.site_languages[0].code)
    if options.today is not None:
        warnings += future_date_warnings(site.data.figures, options.today)
        warnings += _future_page_dates(pages, options.today)
    if config.social_cards:
        warnings += card_warnings(pages, config)
    for page in pages:
        warnings.extend(_page_warnings(page, options.strict))
    return warnings


def _private_warning(rel: str, count: int, config: Config) -> SiteError:
    """A folder left out as private (its name starts with '_') that holds pages: a Jekyll
    site's _posts/, whose posts would all be missing without a word."""
    name = rel.rpartition("/")[2]
    dated = " (each post's date goes in its front matter: date: YYYY-MM-DD)"
    return SiteError(
        "not published: a folder whose name starts with '_' is private, and this one holds"
        f" {counted(count, 'Markdown file')}",
        config.shown_content / rel,
        None,
        f"rename it to {name.lstrip('_')} to publish them" + (dated if name == "_posts" else ""),
    )


def _mdx_warning(rel: str, config: Config) -> SiteError:
    """An MDX page (Docusaurus) is no Markdown mvsite converts: it is published as a file,
    which a link to it downloads."""
    return SiteError(
        "MDX (Markdown with JSX, as Docusaurus writes it) is not converted: the file is"
        " published as it is, and a link to it downloads it",
        config.shown_content / rel,
        None,
        f"rename it to {rel.rpartition('/')[2].removesuffix('.mdx')}.md and write its"
        " import lines and JSX components in Markdown, or delete it",
    )


def _future_page_dates(pages: tuple[Page, ...], today: dt.date) -> list[SiteError]:
    """A warning at each page's `date:` later than `today` (a copy of an untranslated page
    is its original: warned of once)."""
    return [
        SiteError(
            f"date {page.meta.date.isoformat()} is in the future",
            page.src,
            page.meta.lines.get("date", 1),
            FUTURE_HINT,
        )
        for page in pages
        if page.meta.date is not None and page.meta.date > today and not page.fallback
    ]


def _orphan_warnings(sources: SourcesRead, config: Config) -> list[SiteError]:
    """A warning at each translation whose original is gone, as `mvsite check` gives it."""
    written_in = {
        rel: SourceLanguage(record.page.original, record.page.lang)
        for rel, record in sources.records.items()
    }
    found = orphans(written_in, frozenset(sources.files.markdown), config.site_languages[0].code)
    return [orphan_warning(rel, written_in[rel], config.shown_content) for rel in found]


def _page_warnings(page: Page, strict: bool) -> Iterator[SiteError]:
    """A page named after its file (with --strict), without text (a section needs none, a
    page with a template of its own may not), without a description."""
    if strict and page.title_from_name and not page.is_section:
        yield SiteError(
            f"page has no title, so it is named after its file: {page.title!r}",
            page.src,
            1,
            "add 'title: ...' to the front matter, or start the page with '# A heading'",
        )
    if not (page.has_text or page.is_section or page.meta.template or page.fallback):
        yield SiteError(
            "page has no text: it is published with its title alone",
            page.src,
            1,
            "write the page, or mark it draft: true until it is written",
        )
    if not page.meta.description and not page.is_stand_in:
        yield SiteError(
            "page has no description (search engines and link previews show it)",
            page.src,
            page.meta.lines.get("description", 1),
            "add 'description: ...' (one sentence) to the front matter",
        )


def _nav_warnings(pages: tuple[Page, ...], config: Config) -> list[SiteError]:
    """A nav entry naming a page that is not built (a typo, a page moved, a draft) would be
    left out of the menu, with the group it is in if it is alone there: MkDocs warns too."""
    built = {page.rel for page in pages}
    return [
        SiteError(
            f"nav names '{entry.page}', which is not a page of the site (no such file, or a"
            " draft): it is left out of the menu",
            config.file,
            entry.line,
            f"did you mean '{close}'?"
            if (close := close_page(entry.page, built))
            else f"write the file's path under {config.shown_content.as_posix()}/",
        )
        for entry in named_pages(config.menu)
        if entry.page not in built
    ]


def _foreign_keys_warning(pages: tuple[Page, ...], config: Config) -> SiteError | None:
    """One warning for every front matter key mvsite does not use (other generators' keys),
    unless the config allows it: which keys, on how many pages, and the first place."""
    allowed = set(config.allowed_front_matter)
    found: dict[str, list[Page]] = {}
    for page in pages:
        for key in page.meta.foreign:
            if key not in allowed:
                found.setdefault(key, []).append(page)
    if not found:
        return None
    first = min((p for ps in found.values() for p in ps), key=lambda p: p.rel)
    listed = ", ".join(f"{key} ({counted(len(ps), 'page')})" for key, ps in sorted(found.items()))
    return SiteError(
        f"front matter keys mvsite does not use, kept for templates as page.meta: {listed}",
        first.src,
        min(first.meta.lines.get(key, 1) for key in first.meta.foreign if key not in allowed),
        "list the ones you mean to keep under allowed_front_matter in the site's config"
        " (this is an error with --strict until then), or remove them",
    )


def _base_url_warning(config: Config, from_option: bool) -> SiteError | None:
    """A missing or placeholder base_url: canonical links, og:url, the sitemap, robots.txt
    and the JSON-LD ids would not say where the site lives."""
    where, line = (
        (BASE_URL_OPTION, None) if from_option else (config.file, config.lines.get("base_url"))
    )
    key = "site_url" if config.from_mkdocs else "base_url"
    hint = (
        f"set {key}: in {config.file} to the address the site is published at, or pass"
        " --base-url URL (the hosted workflow passes the Pages address)"
        if config.file
        else "pass --base-url URL: the address the site is published at"
    )
    if not config.has_absolute_base:
        return SiteError(
            "no base_url (an absolute http(s) address): canonical links, og:url and"
            " og:image need one, and no sitemap.xml was written",
            where,
            line,
            hint,
        )
    if config.has_reserved_host:
        return SiteError(
            f"base_url {config.base_url} is a reserved example domain (RFC 2606): canonical"
            " links, og:url, the sitemap and JSON-LD ids would point nowhere",
            where,
            line,
            hint,
        )
    return None
