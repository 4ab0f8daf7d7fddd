from __future__ import annotations

from pathlib import Path

import pytest

from mvsite.errors import SiteError
from mvsite.sources.config import Config, is_reserved_host, load_config


def test_no_config_file_means_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path) == Config(root=tmp_path)


def test_an_empty_config_file_means_defaults(tmp_path: Path) -> None:
    (tmp_path / "mvsite.yaml").write_text("")
    assert load_config(tmp_path) == Config(root=tmp_path)


def test_settings_are_typed(tmp_path: Path) -> None:
    (tmp_path / "mvsite.yaml").write_text(
        "title: T\nbase_url: https://example.org/site\nnav: [a, b]\nallow_html: true\n"
        "figure_max_age_days: 30\nallowed_front_matter: summary\n"
    )
    config = load_config(tmp_path)
    assert config.base_url == "https://example.org/site/"
    assert config.base_path == "/site/"
    assert config.nav == ("a", "b")
    assert config.allowed_front_matter == ("summary",)
    assert (config.allow_html, config.figure_max_age_days) == (True, 30)
    assert config.absolute_url("/a/") == "https://example.org/site/a/"


def test_a_path_base_url_has_no_absolute_urls(tmp_path: Path) -> None:
    config = Config(root=tmp_path).with_base_url("/docs")
    assert (config.base_path, config.has_absolute_base) == ("/docs/", False)
    assert config.absolute_url("/a/") == "/docs/a/"


@pytest.mark.parametrize("value", ["ftp://x/", "https://", "docs/", "https://x/?q=1"])
def test_bad_base_urls_are_refused(value: str) -> None:
    with pytest.raises(SiteError, match=r"^--base-url: base_url must be"):
        Config(root=Path(".")).with_base_url(value)


def test_a_wrong_type_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "mvsite.yaml").write_text("title: T\nallow_html: maybe\n")
    with pytest.raises(SiteError) as caught:
        load_config(tmp_path)
    assert str(caught.value).startswith(
        "mvsite.yaml:2: 'allow_html' must be true or false (got 'maybe')"
    )


def test_a_bare_folder_of_markdown_is_its_own_content(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# A\n")
    assert Config(root=tmp_path).content_dir == tmp_path
    (tmp_path / "content").mkdir()
    assert Config(root=tmp_path).content_dir == tmp_path / "content"


@pytest.mark.parametrize(
    ("host", "reserved"),
    [
        ("example.org", True),
        ("example.com", True),
        ("EXAMPLE.NET.", True),
        ("www.example.org", True),
        ("docs.example", True),
        ("site.test", True),
        ("a.invalid", True),
        ("localhost", True),
        ("app.localhost", True),
        ("example.org.se", False),
        ("myexample.org", False),
        ("mvsite.github.io", False),
        ("test.dk", False),
        ("", False),
    ],
)
def test_reserved_example_domains_are_told_apart(host: str, reserved: bool) -> None:
    assert is_reserved_host(host) is reserved


def test_a_folder_with_markdown_only_in_subfolders_is_its_own_content(tmp_path: Path) -> None:
    (tmp_path / "docs" / "deep").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.md").write_text("# Hidden\n")
    assert Config(root=tmp_path).content_dir == tmp_path / "content"  # no pages: as before
    (tmp_path / "docs" / "deep" / "a.md").write_text("# A\n")
    assert Config(root=tmp_path).content_dir == tmp_path
