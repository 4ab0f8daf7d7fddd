from __future__ import annotations

import pytest

from mvsite.sources.page_urls import page_url


@pytest.mark.parametrize(
    ("rel", "slug", "url"),
    [
        ("research/cancer.md", None, "/research/cancer/"),
        ("research/cancer.md", "oncology", "/research/oncology/"),
        ("research/_index.md", None, "/research/"),
        ("_index.md", None, "/"),
        ("notes/My Page!.md", None, "/notes/My-Page/"),
    ],
)
def test_pretty_urls(rel: str, slug: str | None, url: str) -> None:
    assert page_url(rel, slug) == url
