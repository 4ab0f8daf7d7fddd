from pathlib import Path

from mvsite.markdown.convert import MarkdownRenderer
from mvsite.markdown.converted import CitationWords, FigureLink, LinkTargets, SourceNote
from mvsite.markdown.figures import sources_html

SURVEY = SourceNote("survey", "Kontor", "Optælling", None, "hentet 21. november 2026")


def test_a_page_names_its_sources_in_its_language() -> None:
    danish = CitationWords("Kilder", "Kilde %(number)s")
    targets = LinkTargets(
        {},
        frozenset(),
        figures={"n": FigureLink("7.000+", "/da/fakta/#fig-n", "Forskere", SURVEY)},
        citations=danish,
    )
    html = (
        MarkdownRenderer(targets)
        .render("[[fig:n]] forskere.\n", "a.da.md", Path("a.da.md"), 1)
        .html
    )
    assert '<a class="fig" href="/da/fakta/#fig-n">7.000+</a>' in html
    assert '<a aria-label="Kilde 1" href="#source-survey">1</a>' in html
    assert '<h2 id="page-sources">Kilder</h2>' in html
    assert (
        '<li id="source-survey">Kontor, <cite>Optælling</cite>, hentet 21. november 2026.</li>'
        in html
    )


def test_the_words_are_escaped() -> None:
    html = sources_html((SURVEY,), CitationWords("Quellen <&>", "Quelle %(number)s"))
    assert '<h2 id="page-sources">Quellen &lt;&amp;&gt;</h2>' in html
