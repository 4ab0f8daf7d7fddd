from __future__ import annotations

import datetime as dt
import locale
import shutil
import subprocess
from pathlib import Path

import pytest

from mvsite.errors import SiteError
from mvsite.render.locale import (
    MissingString,
    catalogue_path,
    load_catalogues,
    untranslated_strings,
)
from mvsite.render.templates import make_environment, render_template, site_catalogues
from mvsite.sources.config import Config
from mvsite.sources.languages import Language

ROOT = Path(__file__).resolve().parents[2]
THREE = (
    Language("en", "English", ""),
    Language("da", "Dansk", "da"),
    Language("sv", "Svenska", "sv"),
)
# German: a language neither the tests' sites nor the packaged theme have a catalogue for
FOUR = (*THREE, Language("de", "Deutsch", "de"))
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def site(tmp_path: Path, templates: dict[str, str], catalogues: dict[str, str]) -> Config:
    for name, text in templates.items():
        (tmp_path / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "templates" / name).write_text(text)
    for code, entries in catalogues.items():
        po = tmp_path / "templates" / catalogue_path(code)
        po.parent.mkdir(parents=True, exist_ok=True)
        po.write_text(HEADER + entries, encoding="utf-8")
    return Config(root=tmp_path, language="en", languages=FOUR)


DA = 'msgid "Search"\nmsgstr "Søg"\n\nmsgid "%(n)s pages"\nmsgstr "%(n)s sider"\n'
SV = 'msgid "Search"\nmsgstr "Sök"\n'


def test_each_language_gets_its_own_catalogue_and_english_has_none(tmp_path: Path) -> None:
    config = site(tmp_path, {"t.html": "{{ _('Search') }} {{ _('%(n)s pages', n=3) }}"}, {})
    site(tmp_path, {}, {"da": DA, "sv": SV})
    env = make_environment(config, {}, {})
    shown = {
        lang: render_template(env, "t.html", {"lang": lang}, tmp_path)
        for lang in ["en", "da", "sv"]
    }
    assert shown == {"en": "Search 3 pages", "da": "Søg 3 sider", "sv": "Sök 3 pages"}


def test_a_language_without_a_catalogue_shows_the_english_strings(tmp_path: Path) -> None:
    config = site(tmp_path, {"t.html": "{% trans %}Search{% endtrans %}"}, {"da": DA})
    env = make_environment(config, {}, {})
    assert render_template(env, "t.html", {"lang": "de"}, tmp_path) == "Search"
    catalogues = site_catalogues(config)
    assert catalogues.by_code["de"].files == ()
    assert catalogues.by_code["da"].files == (Path("templates/locale/da/LC_MESSAGES/messages.po"),)


def test_macros_imported_with_context_speak_the_page_language(tmp_path: Path) -> None:
    templates = {
        "m.html": "{% macro when(d) %}{{ _('Search') }} {{ d | long_date }}{% endmacro %}",
        "t.html": "{% import 'm.html' as m with context %}{{ m.when(day) }}",
    }
    config = site(tmp_path, templates, {"da": DA, "sv": SV})
    env = make_environment(config, {}, {})
    day = dt.date(2026, 11, 21)
    shown = [
        render_template(env, "t.html", {"lang": c, "day": day}, tmp_path)
        for c in ("da", "sv", "en")
    ]
    assert shown == ["Søg 21. november 2026", "Sök 21 november 2026", "Search 21 November 2026"]


def test_the_translate_filter_never_formats_the_site_words(tmp_path: Path) -> None:
    entry = 'msgid "100% independent"\nmsgstr "100 % uafhængig"\n'
    config = site(
        tmp_path, {"t.html": "{{ about | translate }}|{{ '' | translate }}"}, {"da": entry}
    )
    env = make_environment(config, {}, {})
    context = {"lang": "da", "about": "100% independent"}
    assert render_template(env, "t.html", context, tmp_path) == "100 % uafhængig|"


def test_the_site_catalogue_wins_over_the_theme_one(tmp_path: Path) -> None:
    for folder, word in (("site", "Søg her"), ("theme", "Søg")):
        po = tmp_path / folder / catalogue_path("da")
        po.parent.mkdir(parents=True)
        po.write_text(HEADER + f'msgid "Search"\nmsgstr "{word}"\n\nmsgid "{folder}"\nmsgstr "x"\n')
    folders = ((tmp_path / "site", Path("templates")), (tmp_path / "theme", Path("(theme)")))
    da = load_catalogues(folders, ("en", "da")).of("da")
    assert da.translations.gettext("Search") == "Søg her"
    assert {da.translations.gettext(k) for k in ("site", "theme")} == {"x"}


@pytest.mark.parametrize(
    ("entries", "line", "message"),
    [
        (
            'msgid "Search"\nmsgstr "Søg"\nnonsense here\n',
            7,
            # Babel's own words, as of 2.18 and before it
            ("catalogue: Unknown or misformatted keyword", "catalogue: Start of line didn't"),
        ),
        (
            'msgid "Retrieved %(date)s."\nmsgstr "Hentet %(dato)s."\n',
            5,
            "catalogue: the translation of 'Retrieved %(date)s.': %(dato)s is not a placeholder"
            " of the English text",
        ),
        ('msgid "Half"\nmsgstr "50 % af"\n', 5, "catalogue: the translation of 'Half': a lone %"),
        ('msgid "%(n)s%% off"\nmsgstr "%(n)s% rabat"\n', 5, "catalogue: the translation of"),
    ],
)
def test_a_broken_catalogue_is_an_error_at_its_line(
    tmp_path: Path, entries: str, line: int, message: str | tuple[str, ...]
) -> None:
    config = site(tmp_path, {}, {"da": entries})
    with pytest.raises(SiteError) as caught:
        make_environment(config, {}, {})
    error = caught.value
    assert error.location == f"templates/locale/da/LC_MESSAGES/messages.po:{line}"
    assert error.message.startswith(message)
    assert error.hint


def test_untranslated_strings_are_listed_with_their_template_and_line(tmp_path: Path) -> None:
    template = "{{ _('Search') }}\n{% trans %}Next\n  page{% endtrans %}\n{{ _(config.title) }}"
    fuzzy = '#, fuzzy\nmsgid "Next page"\nmsgstr "Næste"\n'
    config = site(tmp_path, {"t.html": template}, {"da": DA + "\n" + fuzzy})
    env = make_environment(config, {}, {})
    every = untranslated_strings(env, site_catalogues(config), tmp_path)
    missing = {
        code: [m for m in found if m.template.parts[0] == "templates"]
        for code, found in every.items()
    }
    assert missing["da"] == [MissingString("Next page", "", Path("templates/t.html"), 2)]
    assert [m.msgid for m in missing["de"]] == [
        "Search",
        "Next page",
    ]
    assert "en" not in missing


def test_the_bundled_site_catalogues_translate_every_template_string() -> None:
    config = Config(root=ROOT, language="en", languages=THREE)
    env = make_environment(config, {}, {})
    assert untranslated_strings(env, site_catalogues(config), ROOT) == {"da": (), "sv": ()}


CATALOGUES = [ROOT / "templates" / catalogue_path(c) for c in ("da", "sv")]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) is not installed")
@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: str(po.relative_to(ROOT)))
def test_the_shipped_catalogues_pass_msgfmt_check(po: Path) -> None:
    ran = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stderr


def test_a_long_date_is_the_same_whatever_the_locale(tmp_path: Path) -> None:
    before = locale.setlocale(locale.LC_TIME)
    for name in ("de_DE.UTF-8", "fr_FR.UTF-8", "da_DK.UTF-8", "sv_SE.UTF-8"):
        try:
            locale.setlocale(locale.LC_TIME, name)
            break
        except locale.Error:
            continue
    else:
        pytest.skip("no locale with other month names is installed")
    try:
        assert dt.date(2026, 11, 1).strftime("%B") != "November"  # the locale is in effect
        env = make_environment(Config(root=tmp_path), {}, {})
        (tmp_path / "templates").mkdir()
        (tmp_path / "templates" / "t.html").write_text("{{ day | long_date }}")
        shown = render_template(env, "t.html", {"day": dt.date(2026, 11, 1)}, tmp_path)
        assert shown == "1 November 2026"
    finally:
        locale.setlocale(locale.LC_TIME, before)


NOTICE = (
    '#, python-format\nmsgid "This page is not yet available in %(language)s."\n'
    'msgstr "Denne side findes endnu ikke på %(language)s."\n'
)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("da", "Denne side findes endnu ikke på dansk."),
        ("de", "This page is not yet available in German."),  # no catalogue: English words
    ],
)
def test_language_names_are_written_as_the_sentence_language_writes_them(
    tmp_path: Path, lang: str, text: str
) -> None:
    template = (
        "{{ _('This page is not yet available in %(language)s.', language=language_name(lang)) }}"
    )
    config = site(tmp_path, {"t.html": template}, {"da": NOTICE})
    env = make_environment(config, {}, {})
    assert render_template(env, "t.html", {"lang": lang}, tmp_path) == text
