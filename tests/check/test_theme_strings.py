"""mvsite.check.theme_strings: the theme's strings a language does not translate, as
check's warnings."""

from __future__ import annotations

from pathlib import Path

from mvsite.check.theme_strings import missing_theme_strings, theme_gaps, theme_string_findings
from mvsite.findings import format_finding
from mvsite.render.locale import MissingString
from mvsite.sources.config import Config
from mvsite.sources.languages import Language

THREE = (
    Language("en", "English", ""),
    Language("da", "Dansk", "da"),
    Language("sv", "Svenska", "sv"),
)
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
SEARCH = MissingString("Search", "", Path("templates/base.html"), 12)


def test_each_missing_string_at_its_first_template_line() -> None:
    again = MissingString("Search", "", Path("templates/page.html"), 3)
    menu = MissingString("Menu", "nav", Path("templates/page.html"), 4)
    found = list(theme_string_findings({"da": (SEARCH, menu, again), "sv": ()}, frozenset()))
    assert [format_finding(f) for f in found] == [
        "warning: templates/base.html:12: theme string 'Search' has no 'da' translation"
        " (used here and in 1 more places)\n"
        "  hint: add its translation to templates/locale/da/LC_MESSAGES/messages.po",
        "warning: templates/page.html:4: theme string 'Menu' (context 'nav') has no 'da'"
        " translation\n"
        "  hint: add its translation to templates/locale/da/LC_MESSAGES/messages.po",
    ]
    assert theme_gaps({"da": (SEARCH, menu, again), "sv": ()}) == {"da": 2, "sv": 0}


def test_a_language_without_a_catalogue_is_one_warning() -> None:
    found = list(theme_string_findings({"sv": (SEARCH, SEARCH)}, frozenset({"sv"})))
    assert [format_finding(f) for f in found] == [
        "warning: mvsite: the theme has no catalogue for 'sv' (1 string shown in the default"
        " language)\n"
        "  hint: add templates/locale/sv/LC_MESSAGES/messages.po: a copy of another language's,"
        " translated"
    ]


def test_the_strings_of_a_site(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/page.html").write_text(
        '{% extends "base.html" %}{% block main %}{{ _("Read on") }}{% endblock %}'
    )
    po = tmp_path / "templates/locale/da/LC_MESSAGES/messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(HEADER + 'msgid "Read on"\nmsgstr "Læs videre"\n', encoding="utf-8")
    missing, bare = missing_theme_strings(Config(root=tmp_path, language="en", languages=THREE))
    assert bare == {"sv"}
    read_on = [m for m in missing["sv"] if m.template == Path("templates/page.html")]
    assert read_on == [MissingString("Read on", "", Path("templates/page.html"), 1)]
    assert all(m.msgid != "Read on" for m in missing["da"])
    assert len(missing["da"]) == len(missing["sv"]) - 1  # the theme's own strings
