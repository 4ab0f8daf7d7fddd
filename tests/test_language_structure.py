"""What search engines and readers see of a site in three languages (the fixture
tests/sites/languages, built with the packaged theme): <html lang>, reciprocal hreflang
alternates with x-default, canonical URLs, the language switcher, the notice above a page
a language lacks, each language's 404 and search page, and the sitemap's alternates."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mvsite.cli import main
from tests.conftest import copy_site

BASE = "https://mv.invalid/"  # a real-looking absolute address: alternates need one
# Each page's versions: its translations, and where a language lacks it, the copy shown there
TRANSLATIONS = {
    "cancer": {"en": "research/cancer/", "da": "da/forskning/kraeft/"},
    "diabetes": {"en": "research/diabetes/"},
}
COPIES = {"cancer": {"sv": "sv/research/cancer/"}, "diabetes": {"da": "da/forskning/diabetes/"}}


class Head(HTMLParser):
    """A page's <html lang>, head links, switcher links and elements with a lang."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.lang = ""
        self.links: list[dict[str, str]] = []
        self.switcher: list[dict[str, str]] = []
        self.langs: list[tuple[str, str]] = []  # (tag, lang) below <html>
        self._in_switcher = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        elif "lang" in a:
            self.langs.append((tag, a["lang"]))
        if tag == "link" and a.get("rel") in ("canonical", "alternate"):
            self.links.append(a)
        if tag == "nav" and a.get("class") == "lang-switch":
            self._in_switcher = True
        if self._in_switcher and tag in ("a", "span"):
            self.switcher.append({"tag": tag, **a})

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_switcher = False

    def alternates(self) -> dict[str, str]:
        return {a["hreflang"]: a["href"] for a in self.links if a["rel"] == "alternate"}

    def canonical(self) -> str:
        return next(a["href"] for a in self.links if a["rel"] == "canonical")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = copy_site("languages", tmp_path_factory.mktemp("structure") / "site")
    config = site / "mvsite.yaml"
    config.write_text(config.read_text() + "search: true\n")
    code = main(
        ["build", "--source", str(site), "--output", str(site / "public"), "--base-url", BASE]
    )
    assert code == 0
    return site / "public"


def head(built: Path, path: str) -> Head:
    file = built / path if path.endswith(".html") else built / path / "index.html"
    return Head(file.read_text())


def test_every_page_says_its_language(built: Path) -> None:
    for page in ("research/cancer/", "da/forskning/kraeft/", "sv/research/cancer/", "da/"):
        expected = "en" if page.startswith("research") else page[:2]
        assert head(built, page).lang == expected, page


@pytest.mark.parametrize("page", ["cancer", "diabetes"])
def test_alternates_are_reciprocal_with_x_default(built: Path, page: str) -> None:
    expected = {code: BASE + path for code, path in TRANSLATIONS[page].items()}
    expected["x-default"] = BASE + TRANSLATIONS[page]["en"]
    for path in (*TRANSLATIONS[page].values(), *COPIES[page].values()):
        assert head(built, path).alternates() == expected, path


def test_canonical_is_the_page_itself_or_for_a_copy_its_original(built: Path) -> None:
    assert head(built, "da/forskning/kraeft/").canonical() == BASE + "da/forskning/kraeft/"
    assert head(built, "da/forskning/diabetes/").canonical() == BASE + "research/diabetes/"


def test_the_switcher_links_each_other_language_named_in_itself(built: Path) -> None:
    switcher = head(built, "da/forskning/kraeft/").switcher
    assert switcher == [
        {"tag": "a", "href": "/research/cancer/", "lang": "en", "hreflang": "en"},
        {"tag": "span", "lang": "da", "aria-current": "true"},
        {"tag": "a", "href": "/sv/research/cancer/", "lang": "sv", "hreflang": "sv"},
    ]
    html = (built / "da/forskning/kraeft/index.html").read_text()
    assert re.search(r'<nav class="lang-switch" aria-label="[^"]+">', html)
    assert ">English</a>" in html and ">Svenska</a>" in html


def test_a_copy_has_a_notice_and_its_text_the_original_lang(
    built: Path,
) -> None:
    html = (built / "da/forskning/diabetes/index.html").read_text()
    notice = re.search(r'<p class="fallback-notice" lang="da">([^<]*)</p>', html)
    assert notice is not None
    assert notice[1] == "This page is not yet available in Danish. Read it in English below."
    assert '<main id="main" lang="en">' in html
    assert "data-pagefind-body" not in html  # English text stays out of the Danish index


def test_each_language_has_its_404_and_search_page(built: Path) -> None:
    for prefix, lang in (("", "en"), ("da/", "da"), ("sv/", "sv")):
        for path in (f"{prefix}404.html", f"{prefix}search/"):
            page = head(built, path)
            assert page.lang == lang, path
        search = (built / prefix / "search/index.html").read_text()
        assert f'action="/{prefix}search/"' in search


def test_the_sitemap_lists_translations_as_alternates_and_no_copies(built: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(built / "sitemap.xml").getroot()
    entries = {
        u.findtext("s:loc", namespaces=ns): {
            x.get("hreflang"): x.get("href") for x in u.findall("x:link", ns)
        }
        for u in root.findall("s:url", ns)
    }
    assert BASE + "da/forskning/diabetes/" not in entries
    assert BASE + "sv/research/cancer/" not in entries
    cancer = {code: BASE + path for code, path in TRANSLATIONS["cancer"].items()}
    for url in cancer.values():
        assert entries[url] == {**cancer, "x-default": cancer["en"]}


def test_search_makes_one_index_per_language_without_copies(built: Path) -> None:
    languages = json.loads((built / "pagefind/pagefind-entry.json").read_text())["languages"]
    # en: home, research, cancer, diabetes; da: home, research, cancer (diabetes is a copy);
    # sv: no page of its own but its home and section, which are copies too
    assert {code: entry["page_count"] for code, entry in languages.items()} == {"en": 4, "da": 3}
