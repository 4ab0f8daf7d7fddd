"""What a build warns of but publishes: each warning once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..conftest import Run, copy_site

BASE = "https://mvsite.github.io/"


def test_a_page_not_translated_warns_once_not_once_per_language(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    """Its copies in Danish and Swedish say what it says, at the same lines."""
    site = copy_site("languages", tmp_path / "site")
    page = site / "content/research/gene-therapy.md"
    page.write_text("---\ntitle: Gene therapy\n---\n\nGene therapy text. <b>x</b>\n")
    built = run_cli("build", "--source", site, "--strict", "--base-url", BASE)
    assert (built.code, built.err) == (
        1,
        "error: content/research/gene-therapy.md:1: page has no description"
        " (search engines and link previews show it)\n"
        "  hint: add 'description: ...' (one sentence) to the front matter\n"
        "error: content/research/gene-therapy.md:5: raw HTML is shown as text: '<b>'\n"
        "  hint: allow_html: true in mvsite.yaml keeps it (sanitised), or write it in Markdown\n"
        "error: 2 warning(s) in --strict mode; nothing was written\n",
    )
