"""The search index's files: made of the pages that were built."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run, SiteFiles


def test_a_page_whose_template_failed_is_left_out_on_a_first_build(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    pages = {f"content/p{n}.md": f"---\ntitle: P{n}\n---\nText.\n" for n in range(20)}
    files = {
        "mvsite.yaml": "title: T\nsearch: true\n",
        **pages,
        "content/about.md": "---\ntitle: About\ntemplate: about.html\n---\nText.\n",
        "templates/about.html": "<p>\n{{ page.titel }}\n",
    }
    site = make_site(files)
    result = run_cli("build", "--source", site, "--quiet")
    assert (result.code, result.err.splitlines()) == (
        1,
        [
            "error: templates/about.html:2: page has no 'titel'",
            "  hint: did you mean 'title'?",
            "1 error: nothing was written",
        ],
    )
