from pathlib import Path

import pytest

from mvsite.build.links import BrokenLink, NoAnchor, citation_words, figure_links
from mvsite.errors import SiteError
from mvsite.markdown.converted import CitationWords, LinkRef
from mvsite.sources.config import Config
from mvsite.sources.data import parse_figures
from mvsite.sources.figure_words import FigureWords, localized_figures
from mvsite.sources.front_matter import FrontMatter
from mvsite.sources.languages import Language
from mvsite.sources.pages import Page
from mvsite.sources.strict_yaml import parse_yaml

EN, DA, SV = (
    Language("en", "English", ""),
    Language("da", "Dansk", "da"),
    Language("sv", "Svenska", "sv"),
)
CONFIG = Config(
    root=Path("/site"), base_url="/site/", languages=(EN, DA, SV), facts_page="facts.md"
)
FIGURES = parse_figures(
    parse_yaml(
        "sources:\n  survey: {title: Survey, publisher: Office, retrieved: 2026-11-21}\n"
        "figures:\n  people:\n    value: 7000\n    display: 7,000+\n    unit: people\n"
        "    label: Researchers\n    source: survey\n    as_of: 2026-11-21\n",
        Path("content/_data/figures.yaml"),
    )
)
DANISH = localized_figures(
    FIGURES, FigureWords("da", {}, {"people": {"label": "Forskere"}}), "da", "en"
)


def _page(rel: str, url: str, lang: str = "en", key: str = "") -> Page:
    return Page(Path("content", rel), rel, url, "T", FrontMatter(), "", 1, lang=lang, key=key)


PAGES = (
    _page("facts.md", "/facts/"),
    _page("facts.da.md", "/da/fakta/", "da", "facts.md"),
)
CATALOGUE = {
    "retrieved %(date)s": "hentet %(date)s",
    "Sources": "Kilder",
    "Source %(number)s": "Kilde %(number)s",
}


def test_a_figure_in_a_language_has_its_display_label_date_and_facts_page() -> None:
    link = figure_links(DANISH, PAGES, CONFIG, DA, lambda text: CATALOGUE.get(text, text))["people"]
    assert (link.text, link.href, link.label) == (
        "7.000+",
        "/site/da/fakta/#fig-people",
        "Forskere",
    )
    assert link.source is not None and link.source.dated == "hentet 21. november 2026"
    english = figure_links(FIGURES, PAGES, CONFIG, EN, str)["people"]
    assert (english.text, english.href, english.label) == (
        "7,000+",
        "/site/facts/#fig-people",
        "Researchers",
    )
    assert english.source is not None and english.source.dated == "retrieved 21 November 2026"


def test_a_language_without_its_own_facts_page_links_to_the_original() -> None:
    link = figure_links(FIGURES, PAGES, CONFIG, SV, str)["people"]
    assert link.href == "/site/facts/#fig-people"


def test_a_facts_page_that_does_not_exist_is_an_error() -> None:
    with pytest.raises(
        SiteError, match=r"facts_page names content/facts\.md, which does not exist"
    ):
        figure_links(FIGURES, PAGES[1:], CONFIG, DA, str)


def test_the_words_for_sources_come_from_the_languages_catalogue() -> None:
    assert citation_words(str) == CitationWords("Sources", "Source %(number)s")
    assert citation_words(lambda text: CATALOGUE.get(text, text)) == CitationWords(
        "Kilder", "Kilde %(number)s"
    )


def test_a_missing_anchor_is_told_the_likeliest_ids_first_and_how_many_are_left_out() -> None:
    ids = frozenset({"why-investors-care", *(f"a{i}" for i in range(10)), "main"})
    page = Page(Path("content/x.md"), "x.md", "/x/", "X", FrontMatter(), "", 1, False)
    written = "y.md#why-it-matters-for-investors"
    link = LinkRef(written, 4, "/y/", "why-it-matters-for-investors")
    error = BrokenLink(page, link, NoAnchor(ids)).error()
    assert error.hint == (
        "did you mean #why-investors-care? ids on that page: why-investors-care, a0, a1, a2,"
        " a3, a4, a5, a6 and 4 more"
    )
