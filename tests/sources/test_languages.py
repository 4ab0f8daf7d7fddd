from pathlib import Path

import pytest

from mvsite.errors import SiteError
from mvsite.sources.config import load_config
from mvsite.sources.languages import (
    Language,
    SourceLanguage,
    single_language,
    source_language,
    translation_rel,
)

THREE = (
    Language("en", "English", ""),
    Language("da", "Dansk", "da"),
    Language("sv", "Svenska", "sv"),
)


def test_a_file_named_with_a_language_is_that_languages_version_of_its_original() -> None:
    assert source_language("research/cancer.da.md", THREE) == SourceLanguage(
        "research/cancer.md", "da"
    )
    assert source_language("_index.sv.md", THREE) == SourceLanguage("_index.md", "sv")
    assert source_language("research/cancer.md", THREE) == SourceLanguage(
        "research/cancer.md", "en"
    )
    assert translation_rel("research/cancer.md", "da", THREE) == "research/cancer.da.md"
    assert translation_rel("research/cancer.md", "en", THREE) == "research/cancer.md"


def test_a_site_of_one_language_does_not_read_codes_in_file_names() -> None:
    assert source_language("setup.py.md", single_language("en")).key == "setup.py.md"


@pytest.mark.parametrize(
    ("rel", "message"),
    [
        ("cancer.fr.md", "'fr' in the file name is not one of the site's languages (en, da, sv)"),
        (
            "cancer.en.md",
            "'en' is the site's default language: its pages have no code in their name",
        ),
    ],
)
def test_a_code_the_site_does_not_have_is_an_error_naming_the_file(rel: str, message: str) -> None:
    with pytest.raises(SiteError) as caught:
        source_language(rel, THREE, Path("content") / rel)
    assert caught.value.message == message
    assert caught.value.path == Path("content") / rel


@pytest.mark.parametrize(
    ("languages", "rel", "message", "hint"),
    [
        (THREE, "research/cancer.DA.md", "'DA'", "rename it to cancer.da.md"),
        (THREE, "cancer.Sv.md", "'Sv'", "rename it to cancer.sv.md"),
        (THREE, "cancer.EN.md", "'EN'", "rename it to cancer.md"),
        ((*THREE[:2], Language("pt-BR", "Português", "br")), "a.pt-br.md", "'pt-br'", None),
    ],
)
def test_a_code_of_the_site_in_another_case_is_an_error_naming_the_file(
    languages: tuple[Language, ...], rel: str, message: str, hint: str | None
) -> None:
    """Read as no code, 'cancer.DA.md' was the English page, published with its Danish text."""
    with pytest.raises(SiteError) as caught:
        source_language(rel, languages, Path("content") / rel)
    written = "in lower case" if hint else "as the site's config writes it: pt-BR"
    assert caught.value.message == (
        f"{message} in the file name looks like a language code:"
        f" language codes are written {written}"
    )
    assert caught.value.hint == (hint or "rename it to a.pt-BR.md")
    assert caught.value.path == Path("content") / rel


@pytest.mark.parametrize("rel", ["notes.v2.md", "setup.PY.md", "report.Final.md", "da.md", "DA.md"])
def test_a_name_whose_last_part_is_no_code_of_the_site_in_any_case_is_a_page(rel: str) -> None:
    assert source_language(rel, THREE) == SourceLanguage(rel, "en")


def test_languages_in_the_config_put_the_default_first(tmp_path: Path) -> None:
    (tmp_path / "mvsite.yaml").write_text(
        "language: da\nlanguages:\n  en: English\n  da: Dansk\n  sv: {name: Svenska, path: se}\n"
    )
    config = load_config(tmp_path)
    assert config.site_languages == (
        Language("da", "Dansk", ""),
        Language("en", "English", "en"),
        Language("sv", "Svenska", "se"),
    )
    assert config.language == "da"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "language: de\nlanguages: {en: English}\n",
            "the default language 'de' is not under languages:",
        ),
        ("languages: {EN!: English}\n", "'EN!' is not a language code"),
        ("languages: {en: E, da: {name: D, path: x}, sv: {name: S, path: x}}\n", "not shared"),
        ("untranslated: hide\n", "'untranslated' must be one of notice, original"),
    ],
)
def test_a_wrong_languages_config_is_a_located_error(
    tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "mvsite.yaml").write_text(text)
    with pytest.raises(SiteError) as caught:
        load_config(tmp_path)
    assert message in caught.value.message
    assert caught.value.line is not None
