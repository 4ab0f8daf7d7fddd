"""`mvsite check`: the built site and its sources -> every Finding at once.

`htmlcheck` reads the built pages; this module adds what only the sources know (titles,
descriptions, figures, pages nothing reaches) and the build's own problems, which the
build collects instead of stopping at the first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import replace

from mvsite.build.pipeline import BuildOptions, BuiltSite, build_site
from mvsite.check.external_links import LinkStatus
from mvsite.check.htmlcheck import (
    SiteScan,
    check_html,
    issue_at,
    link_kind,
    resolve,
    spot,
)
from mvsite.errors import first_of_each
from mvsite.findings import Finding, Severity, finding_from_error, sorted_findings
from mvsite.markdown.converted import Rendered
from mvsite.sources.data import Figures
from mvsite.sources.pages import Page
from mvsite.write.urls import url_file

TITLE_MAX, DESCRIPTION_MAX = 60, 160


def build_for_check(options: BuildOptions) -> BuiltSite:
    """The built site, with every problem the build found rather than the first."""
    return build_site(replace(options, keep_going=True))


def check_site(site: BuiltSite, scan: SiteScan, today: dt.date) -> tuple[Finding, ...]:
    """Every rule over the built site; `today` dates the figures' age."""
    found = [
        *(finding_from_error(p) for p in site.problems),
        *check_html(scan),
        *check_pages(site.pages),
        *orphan_issues(scan, site.pages),
        *figure_issues(site.data.figures, site.rendered, today, site.config.figure_max_age_days),
        *(finding_from_error(w, "warning") for w in site.warnings),
    ]
    return sorted_findings(first_of_each(found))


def check_pages(pages: tuple[Page, ...]) -> Iterator[Finding]:
    """Title and description lengths, and front matter that contradicts itself."""
    for page in (p for p in pages if not p.is_stand_in):
        if len(page.title) > TITLE_MAX:
            yield Finding(
                page.src,
                page.meta.lines.get("title"),
                f"title is {len(page.title)} characters; search results show about {TITLE_MAX}",
                "shorten the title; the description can say the rest",
                "warning",
                "title",
            )
        yield from _description_issues(page)
        date, updated = page.meta.date, page.meta.updated
        if date and updated and updated < date:
            yield Finding(
                page.src,
                page.meta.lines.get("updated"),
                f"'updated' ({updated}) is before 'date' ({date})",
                "'date' is when the page was first published, 'updated' when it last changed",
                "warning",
                "front-matter",
            )


def _description_issues(page: Page) -> Iterator[Finding]:
    description = page.meta.description
    if not description:
        yield Finding(
            page.src,
            page.meta.lines.get("description", 1),
            "page has no description (search engines and link previews show it)",
            "add 'description: ...' (one sentence) to the front matter",
            "warning",
            "description",
        )
    elif len(description) > DESCRIPTION_MAX:
        yield Finding(
            page.src,
            page.meta.lines.get("description"),
            f"description is {len(description)} characters; search results show about "
            f"{DESCRIPTION_MAX}",
            "keep it to one sentence that says what the page offers",
            "warning",
            "description",
        )


def orphan_issues(scan: SiteScan, pages: tuple[Page, ...]) -> Iterator[Finding]:
    """Pages that no chain of links from the home page reaches (menus are links too)."""
    reached = {url_file("/")} & scan.documents.keys()
    todo = list(reached)
    while todo:
        doc = scan.documents[todo.pop()]
        for ref in doc.scan.urls:
            if ref.tag != "a" or link_kind(ref.url, scan.config) != "internal":
                continue
            out = resolve(ref.url, doc.url, scan.config).out
            out = scan.links.landing(out)
            if out in scan.documents and out not in reached:
                reached.add(out)
                todo.append(out)
    for page in pages:
        if url_file(page.url) not in reached:
            yield Finding(
                page.src,
                None,
                "no navigation or link reaches this page",
                "link to it from a page or its section's page, or mark it draft: true",
                "warning",
                "orphan",
            )


def figure_issues(
    figures: Figures | None, rendered: Mapping[str, Rendered], today: dt.date, max_age: int
) -> Iterator[Finding]:
    """Figures older than `max_age` days, and figures that no page cites."""
    if figures is None:
        return
    cited = {key for r in rendered.values() for key in r.figures}
    for key, figure in figures.items.items():
        age = (today - figure.as_of).days
        if age > max_age:
            yield Finding(
                figures.path,
                figure.line,
                f"figure '{key}' is as of {figure.as_of}, {age} days ago "
                f"(figure_max_age_days: {max_age})",
                "look for a newer figure at the source and update value and as_of",
                "warning",
                "figure-age",
            )
        if key not in cited:
            yield Finding(
                figures.path,
                figure.line,
                f"figure '{key}' is not cited on any page",
                f"cite it in a page as [[fig:{key}]], or remove it",
                "warning",
                "figure-unused",
            )


def external_urls(scan: SiteScan) -> tuple[str, ...]:
    """Every http(s) link and image source outside the site, once each, sorted."""
    return tuple(
        sorted(
            {
                _absolute(ref.url)
                for doc in scan.documents.values()
                for ref in doc.scan.urls
                if ref.tag in ("a", "img") and link_kind(ref.url, scan.config) == "external"
            }
        )
    )


def _absolute(url: str) -> str:
    return "https:" + url if url.startswith("//") else url


def external_issues(
    scan: SiteScan, statuses: Mapping[str, LinkStatus], severity: Severity
) -> Iterator[Finding]:
    """An issue wherever a page links to an external URL that did not answer well."""
    for doc in scan.documents.values():
        for ref in doc.scan.urls:
            status = statuses.get(_absolute(ref.url))
            if ref.tag not in ("a", "img") or status is None or status.ok:
                continue
            yield issue_at(
                spot(scan, doc, ref.place),
                f"external link {ref.url}: {status.reason}",
                "open it in a browser; fix the address, link to an archived copy, or remove it",
                severity,
                "external",
            )
