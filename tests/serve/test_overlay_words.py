import html
import json
from pathlib import Path

from mvsite.serve.overlay_words import OVERLAY_STRINGS, overlay_words

from ..conftest import copy_site

DANISH = """
msgid "Build error"
msgstr "Fejl ved bygning af sitet"

msgid "Dismiss"
msgstr "Luk"
"""


def _site(tmp_path: Path) -> Path:
    """tests/sites/languages (English, Danish, Swedish), with a Danish catalogue."""
    site = copy_site("languages", tmp_path / "site")
    po = site / "templates/locale/da/LC_MESSAGES/messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(DANISH, encoding="utf-8")
    return site


def _words(attribute: str) -> dict[str, str]:
    return dict(json.loads(html.unescape(attribute)))


def test_the_overlay_speaks_the_language_of_the_page_it_covers(tmp_path: Path) -> None:
    words_for = overlay_words(_site(tmp_path))
    danish = _words(words_for(b'<!doctype html>\n<html lang="da" class="x">'))
    assert danish == {  # what the catalogue lacks stays English
        "failed": "Build failed: showing the last good build",
        "dismiss": "Luk",
        "label": "Fejl ved bygning af sitet",
    }
    assert _words(words_for(b'<html lang="sv">')) == OVERLAY_STRINGS  # no Swedish catalogue
    assert _words(words_for(b'<html lang="en">')) == OVERLAY_STRINGS
    assert _words(words_for(b"<p>no html element</p>")) == OVERLAY_STRINGS


def test_a_site_whose_config_is_broken_gets_english_words(tmp_path: Path) -> None:
    site = _site(tmp_path)
    (site / "mvsite.yaml").write_text("languages: [unclosed\n")
    assert _words(overlay_words(site)(b'<html lang="da">')) == OVERLAY_STRINGS


def test_the_words_are_escaped_for_an_attribute(tmp_path: Path) -> None:
    attribute = overlay_words(_site(tmp_path))(b'<html lang="da">')
    assert '"' not in attribute and "<" not in attribute
