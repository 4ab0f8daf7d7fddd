"""Site URLs <-> files of the built site."""

from __future__ import annotations

import pytest

from mvsite.write.urls import file_url, link_file, url_file


@pytest.mark.parametrize(
    ("url", "rel"),
    [
        ("/", "index.html"),
        ("", "index.html"),
        ("/research/cancer/", "research/cancer/index.html"),
        ("/404.html", "404.html"),
        ("/style.1234abcd.css", "style.1234abcd.css"),
        ("/CNAME", "CNAME"),  # a file without an extension, named as it is
    ],
)
def test_a_url_is_served_by_its_file(url: str, rel: str) -> None:
    assert url_file(url) == rel


@pytest.mark.parametrize(
    ("url", "rel"),
    [
        ("/", "index.html"),
        ("/guide/", "guide/index.html"),
        ("/guide", "guide/index.html"),  # a server redirects it to the folder
        ("/v1.2/notes", "v1.2/notes/index.html"),
        ("/guide/map.png", "guide/map.png"),
    ],
)
def test_a_link_without_an_extension_reaches_a_folder(url: str, rel: str) -> None:
    assert link_file(url) == rel


@pytest.mark.parametrize(
    ("rel", "url"),
    [
        ("index.html", "/"),
        ("research/cancer/index.html", "/research/cancer/"),
        ("404.html", "/404.html"),
        ("old.html", "/old.html"),
        ("style.1234abcd.css", "/style.1234abcd.css"),
    ],
)
def test_a_file_is_named_by_its_url(rel: str, url: str) -> None:
    assert file_url(rel) == url
    assert url_file(url) == rel
