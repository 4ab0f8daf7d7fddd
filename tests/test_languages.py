"""A site in three languages, built: where each language's pages land, where their links
go, and what a language lacking a page shows instead."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

CONFIG = "title: Languages\nlanguages:\n  en: English\n  da: Dansk\n  sv: Svenska\n"


def _page(title: str, body: str, *more: str) -> str:
    return "\n".join(["---", f"title: {title}", f"description: {title}.", *more, "---", body, ""])


SITE = {
    "mvsite.yaml": CONFIG,
    "content/_index.md": _page(
        "Home", "See [cancer](research/cancer.md) and [diabetes](research/diabetes.md#treatment)."
    ),
    "content/_index.da.md": _page(
        "Hjem",
        "Se [kræft](research/cancer.md#treatment) og [diabetes](research/diabetes.md#treatment).",
    ),
    "content/research/_index.md": _page("Research", "Areas."),
    "content/research/_index.da.md": _page("Forskning", "Områder.", "slug: forskning"),
    "content/research/cancer.md": _page("Cancer", "## Treatment\n\nText. [Home](../_index.md)"),
    "content/research/cancer.da.md": _page(
        "Kræft", "## Behandling {#treatment}\n\nTekst. [Hjem](../_index.md)", "slug: kraeft"
    ),
    "content/research/diabetes.md": _page("Diabetes", "## Treatment\n\nText."),
}


def _links(html: str) -> list[str]:
    return re.findall(
        r"<a (?:hreflang=\"[^\"]*\" )?href=\"([^\"]*)\"(?: hreflang=\"([^\"]*)\")?", html
    )


@pytest.fixture
def built(make_site: Callable[[dict[str, str]], Path], run_cli: Callable[..., Run]) -> Path:
    site = make_site(SITE)
    result = run_cli("build", "--source", str(site), "--output", str(site / "public"))
    assert result.code == 0, result.err
    return site / "public"


def test_each_language_has_its_part_of_the_site_with_translated_slugs(built: Path) -> None:
    pages = sorted(p.relative_to(built).as_posix() for p in built.rglob("index.html"))
    assert pages == [
        "da/forskning/diabetes/index.html",  # no translation: the original, shown in Danish's part
        "da/forskning/index.html",
        "da/forskning/kraeft/index.html",
        "da/index.html",
        "index.html",
        "research/cancer/index.html",
        "research/diabetes/index.html",
        "research/index.html",
        "sv/index.html",
        "sv/research/cancer/index.html",
        "sv/research/diabetes/index.html",
        "sv/research/index.html",
    ]


def test_a_link_goes_to_the_page_in_the_readers_language_or_says_it_is_not(built: Path) -> None:
    danish = (built / "da/index.html").read_text()
    assert '<a href="/da/forskning/kraeft/#treatment">kræft</a>' in danish
    assert '<a href="/da/forskning/diabetes/#treatment" hreflang="en">diabetes</a>' in danish
    english = (built / "research/cancer/index.html").read_text()
    assert '<a href="/">Home</a>' in english
    assert '<a href="/da/">Hjem</a>' in (built / "da/forskning/kraeft/index.html").read_text()


def test_a_copy_keeps_the_originals_text_and_links_within_its_language(built: Path) -> None:
    copy = (built / "sv/research/cancer/index.html").read_text()
    assert '<h2 id="treatment">Treatment</h2>' in copy
    assert '<a href="/sv/" hreflang="en">Home</a>' in copy


def test_an_anchor_is_checked_in_the_version_linked_to(
    make_site: Callable[[dict[str, str]], Path], run_cli: Callable[..., Run]
) -> None:
    files = dict(SITE)
    files["content/research/cancer.da.md"] = _page(
        "Kræft", "## Behandling\n\nTekst.", "slug: kraeft"
    )
    site = make_site(files)
    result = run_cli("build", "--source", str(site), "--output", str(site / "public"))
    assert result.code == 1
    assert (
        "content/_index.da.md:5: link to research/cancer.md#treatment: no heading or id 'treatment' there"
        in result.err
    )


def test_with_untranslated_original_links_go_to_the_original(
    make_site: Callable[[dict[str, str]], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({**SITE, "mvsite.yaml": CONFIG + "untranslated: original\n"})
    result = run_cli("build", "--source", str(site), "--output", str(site / "public"))
    assert result.code == 0, result.err
    danish = (site / "public/da/index.html").read_text()
    assert '<a href="/research/diabetes/#treatment" hreflang="en">diabetes</a>' in danish
    assert not (site / "public/da/forskning/diabetes").exists()
    assert (site / "public/sv/research/index.html").exists()  # a section is copied still


def test_a_file_in_a_language_the_site_lacks_is_one_located_error(
    make_site: Callable[[dict[str, str]], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({**SITE, "content/research/cancer.fr.md": _page("Cancer", "Texte.")})
    result = run_cli("build", "--source", str(site), "--output", str(site / "public"))
    assert result.code == 1
    assert (
        "content/research/cancer.fr.md: 'fr' in the file name is not one of the site's languages (en, da, sv)"
        in result.err
    )
    assert "Traceback" not in result.err
