"""A site in three languages (tests/sites/languages), built: where each language's pages
land, where their links go, and what a language lacking a page shows instead."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run, copy_site, write_tree


def _page(title: str, body: str, *more: str) -> str:
    return "\n".join(["---", f"title: {title}", f"description: {title}.", *more, "---", body, ""])


def _build(
    tmp_path: Path, run_cli: Callable[..., Run], changed: dict[str, str] | None = None
) -> tuple[Run, Path]:
    """Build tests/sites/languages, with the files in `changed` (path -> text) written."""
    site = write_tree(copy_site("languages", tmp_path / "site"), changed or {})
    return run_cli(
        "build", "--source", str(site), "--output", str(site / "public")
    ), site / "public"


def test_each_language_has_its_part_of_the_site_with_translated_slugs(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    result, built = _build(tmp_path, run_cli)
    assert result.code == 0, result.err
    pages = sorted(p.relative_to(built).as_posix() for p in built.rglob("index.html"))
    assert pages == [
        "da/forskning/diabetes/index.html",  # no translation: the original in Danish's part
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
    danish = (built / "da/index.html").read_text()
    # A link goes to the page in the reader's language, or says it does not (hreflang).
    assert '<a href="/da/forskning/kraeft/#treatment">kræft</a>' in danish
    assert '<a href="/da/forskning/diabetes/#treatment" hreflang="en">diabetes</a>' in danish
    assert '<a href="/">Home</a>' in (built / "research/cancer/index.html").read_text()
    assert '<a href="/da/">Hjem</a>' in (built / "da/forskning/kraeft/index.html").read_text()
    # A copy keeps its original's text, and its links stay in its language's part.
    copy = (built / "sv/research/cancer/index.html").read_text()
    assert '<h2 id="treatment">Treatment</h2>' in copy
    assert '<a href="/sv/" hreflang="en">Home</a>' in copy


def test_an_anchor_is_checked_in_the_version_linked_to(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    danish = _page("Kræft", "## Behandling\n\nTekst.", "slug: kraeft")
    result, _ = _build(tmp_path, run_cli, {"content/research/cancer.da.md": danish})
    assert result.code == 1
    assert (
        "content/_index.da.md:5: link to research/cancer.md#treatment:"
        " no heading or id 'treatment' there" in result.err
    )


def test_with_untranslated_original_links_go_to_the_original(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    config = (copy_site("languages", tmp_path / "c") / "mvsite.yaml").read_text()
    result, built = _build(tmp_path, run_cli, {"mvsite.yaml": config + "untranslated: original\n"})
    assert result.code == 0, result.err
    danish = (built / "da/index.html").read_text()
    assert '<a href="/research/diabetes/#treatment" hreflang="en">diabetes</a>' in danish
    assert not (built / "da/forskning/diabetes").exists()
    assert (built / "sv/research/index.html").exists()  # a section is copied still


def test_a_file_in_a_language_the_site_lacks_is_one_located_error(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    french = _page("Cancer", "Texte.")
    result, _ = _build(tmp_path, run_cli, {"content/research/cancer.fr.md": french})
    assert result.code == 1
    assert (
        "content/research/cancer.fr.md: 'fr' in the file name is not one of the site's"
        " languages (en, da, sv)" in result.err
    )
    assert "Traceback" not in result.err
