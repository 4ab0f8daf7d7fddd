"""What a build warns of but publishes: here, pages without text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..conftest import Run, SiteFiles

FRONT = "---\ntitle: {}\ndescription: D.\n---\n"


def test_a_page_without_text_is_warned_of_once_and_fails_strict(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run], tmp_path: Path
) -> None:
    """It was published with its title alone (and listed in its section), with no word."""
    site = make_site(
        {
            "mvsite.yaml": "title: T\nbase_url: https://mvsite.github.io/\n",
            "content/index.md": FRONT.format("Home") + "Welcome.\n",
            "content/stub.md": FRONT.format("Stub") + "\n  \n",
            "content/heading-only.md": "# Heading only\n",
            "content/own.md": "---\ntitle: Own\ndescription: D.\ntemplate: own.html\n---\n",
            "content/guide/_index.md": FRONT.format("Guide"),  # a section lists its pages
            "content/guide/a.md": FRONT.format("A") + "Text.\n",
            "templates/own.html": "<title>{{ page.title }}</title><p>Made by the template.</p>",
        }
    )
    built = run_cli("build", "-s", site, "-o", tmp_path / "public")
    assert built.code == 0
    said = [line for line in built.err.splitlines() if "no text" in line]
    assert said == [
        "warning: content/heading-only.md:1: page has no text: it is published with its title"
        " alone",
        "warning: content/stub.md:1: page has no text: it is published with its title alone",
    ]
    assert run_cli("build", "--strict", "-s", site, "-o", tmp_path / "strict").code == 1
