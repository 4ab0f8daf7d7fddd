from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from mvsite.render.sitemap import SitemapEntry, render_robots, render_sitemap

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_sitemap_and_robots() -> None:
    sitemap = render_sitemap(
        [SitemapEntry("https://x.org/a&b/", dt.date(2024, 1, 2)), SitemapEntry("https://x.org/")]
    )
    assert "<url><loc>https://x.org/a&amp;b/</loc><lastmod>2024-01-02</lastmod></url>" in sitemap
    assert "xhtml" not in sitemap
    assert render_robots("https://x.org/sitemap.xml").endswith(
        "Sitemap: https://x.org/sitemap.xml\n"
    )
    assert "Sitemap" not in render_robots(None)


def test_language_versions_are_xhtml_alternates_of_each_url() -> None:
    versions = (("en", "https://x.org/a/"), ("da", "https://x.org/da/a/"))
    alternates = (*versions, ("x-default", "https://x.org/a/"))
    entries = [SitemapEntry(url, None, alternates) for _, url in versions]
    root = ET.fromstring(render_sitemap(entries))
    urls = root.findall("s:url", NS)
    assert [u.findtext("s:loc", namespaces=NS) for u in urls] == [url for _, url in versions]
    for url in urls:
        links = [(a.get("hreflang"), a.get("href")) for a in url.findall("x:link", NS)]
        assert links == list(alternates)
        assert {a.get("rel") for a in url.findall("x:link", NS)} == {"alternate"}
