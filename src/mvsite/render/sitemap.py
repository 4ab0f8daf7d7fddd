"""sitemap.xml and robots.txt: the pages search engines are offered, and where the list is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

_XHTML = "http://www.w3.org/1999/xhtml"


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    """One page: its absolute URL, when it last changed, and its language versions."""

    url: str
    lastmod: dt.date | None = None
    # (hreflang, absolute URL): each translation, the page itself included, and x-default
    alternates: tuple[tuple[str, str], ...] = ()


def render_sitemap(entries: Sequence[SitemapEntry]) -> str:
    """Entries -> sitemap.xml text; language versions as xhtml:link alternates, the form
    search engines read in a sitemap (one <url> per version, each listing them all)."""
    rows = []
    for entry in entries:
        date = f"<lastmod>{entry.lastmod.isoformat()}</lastmod>" if entry.lastmod else ""
        links = "".join(
            f'\n    <xhtml:link rel="alternate" hreflang="{escape(code)}" href="{escape(url)}"/>'
            for code, url in entry.alternates
        )
        rows.append(
            f"  <url><loc>{escape(entry.url, quote=False)}</loc>{date}"
            + (f"{links}\n  </url>\n" if links else "</url>\n")
        )
    namespaces = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    if any(entry.alternates for entry in entries):
        namespaces += f' xmlns:xhtml="{_XHTML}"'
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<urlset {namespaces}>\n" + "".join(rows) + "</urlset>\n"
    )


def render_robots(sitemap_url: str | None) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if sitemap_url:
        lines.append(f"Sitemap: {sitemap_url}")
    return "\n".join(lines) + "\n"
