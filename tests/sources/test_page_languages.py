from pathlib import Path

from mvsite.sources.config import Config
from mvsite.sources.languages import Language, SourceLanguage
from mvsite.sources.page_languages import in_every_language, orphan_warning, orphans, page_versions
from mvsite.sources.pages import Page, parse_page

LANGUAGES = (Language("en", "English", ""), Language("da", "Dansk", "da"))
CONFIG = Config(root=Path("."), languages=LANGUAGES)


def _pages(files: dict[str, str]) -> tuple[Page, ...]:
    return tuple(
        parse_page(text, rel, Path("content") / rel, CONFIG) for rel, text in files.items()
    )


FILES = {
    "_index.md": "# Home\n",
    "research/_index.md": "# Research\n",
    "research/_index.da.md": "---\ntitle: Forskning\nslug: forskning\n---\n",
    "research/cancer.md": "# Cancer\n",
    "research/cancer.da.md": "---\ntitle: Kræft\nslug: kraeft\n---\n",
    "research/diabetes.md": "# Diabetes\n",
}


def test_translations_are_placed_under_their_language_with_their_sections_slugs() -> None:
    placed = {
        p.rel: (p.url, p.lang, p.original, p.fallback)
        for p in in_every_language(_pages(FILES), LANGUAGES, "notice")
    }
    assert placed == {
        "_index.md": ("/", "en", "_index.md", False),
        "_index.da.md": ("/da/", "da", "_index.md", True),
        "research/_index.md": ("/research/", "en", "research/_index.md", False),
        "research/_index.da.md": ("/da/forskning/", "da", "research/_index.md", False),
        "research/cancer.md": ("/research/cancer/", "en", "research/cancer.md", False),
        "research/cancer.da.md": ("/da/forskning/kraeft/", "da", "research/cancer.md", False),
        "research/diabetes.md": ("/research/diabetes/", "en", "research/diabetes.md", False),
        "research/diabetes.da.md": ("/da/forskning/diabetes/", "da", "research/diabetes.md", True),
    }


def test_with_untranslated_original_only_sections_are_copied() -> None:
    rels = [p.rel for p in in_every_language(_pages(FILES), LANGUAGES, "original")]
    assert "research/diabetes.da.md" not in rels
    assert "_index.da.md" in rels


def test_a_site_of_one_language_is_left_as_it_is() -> None:
    pages = _pages({"a.da.md": "# A\n"})
    assert in_every_language(pages, LANGUAGES[:1], "notice") == pages


def test_versions_are_found_by_original() -> None:
    versions = page_versions(in_every_language(_pages(FILES), LANGUAGES, "notice"))
    assert {code: p.url for code, p in versions["research/cancer.md"].items()} == {
        "en": "/research/cancer/",
        "da": "/da/forskning/kraeft/",
    }


def test_a_translation_whose_original_is_not_a_source_is_an_orphan() -> None:
    written_in = {
        "b.md": SourceLanguage("b.md", "en"),
        "a.da.md": SourceLanguage("a.md", "da"),
        "b.da.md": SourceLanguage("b.md", "da"),
    }
    assert orphans(written_in, {"b.md", "a.da.md", "b.da.md"}, "en") == ["a.da.md"]
    warning = orphan_warning("a.da.md", written_in["a.da.md"], Path("content"))
    assert str(warning) == (
        "content/a.da.md: translation (da) of content/a.md, which does not exist\n"
        "  hint: rename it after its original, or delete it"
    )
