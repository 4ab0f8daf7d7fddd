"""Output paths: two sources on one path, even by case, or a file where a folder is, is an error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mvsite.build.output_claims import OutputClaims
from mvsite.errors import SiteError
from mvsite.write.output import OutputFile
from tests.conftest import Run, SiteFiles


def test_two_sources_on_one_path_even_by_case_name_both() -> None:
    claims = OutputClaims()
    claims.add("guide/index.html", Path("content/guide.md"), OutputFile())
    with pytest.raises(SiteError) as clash:
        claims.add("Guide/index.html", Path("content/Guide.md"), OutputFile(), line=3)
    assert str(clash.value).startswith(
        "content/Guide.md:3: content/Guide.md and content/guide.md both produce /guide/index.html"
    )


@pytest.mark.parametrize("first", ["notes", "notes/a.png"])
def test_a_file_and_a_folder_of_that_name_clash_in_either_order(first: str) -> None:
    second = "notes/a.png" if first == "notes" else "notes"
    claims = OutputClaims()
    claims.add(first, Path(f"content/{first}"), OutputFile())
    with pytest.raises(SiteError, match="one cannot be a file and the other in a folder"):
        claims.add(second, Path(f"content/{second}"), OutputFile())


def test_claimed_files_are_kept_in_claim_order() -> None:
    claims = OutputClaims()
    for rel in ("b.html", "a/index.html", "a/b.png"):
        claims.add(rel, Path(rel), OutputFile(b"x"))
    assert list(claims.files) == ["b.html", "a/index.html", "a/b.png"]
    assert claims.paths == frozenset(claims.files)


@pytest.mark.parametrize(
    ("files", "error"),
    [
        (  # the page with the slug is read first: the clash is still at its slug
            {
                "content/about.md": "---\ntitle: About\nslug: research\n---\nText.\n",
                "content/research/_index.md": "---\ntitle: Research\n---\n",
            },
            "content/about.md:3: slug 'research' gives /research/,"
            " which content/research/_index.md already has",
        ),
        (
            {
                "content/a.md": "---\ntitle: A\n---\nText.\n",
                "content/b.md": "---\ntitle: B\ndescription: D\nslug: a\n---\nText.\n",
            },
            "content/b.md:4: slug 'a' gives /a/, which content/a.md already has",
        ),
    ],
)
def test_a_slug_that_takes_a_pages_url_is_the_error_at_its_line(
    files: SiteFiles,
    error: str,
    make_site: Callable[[SiteFiles], Path],
    run_cli: Callable[..., Run],
) -> None:
    result = run_cli("build", "--source", make_site(files), "--quiet")
    assert (result.code, result.err.splitlines()[:2]) == (
        1,
        [f"error: {error}", "  hint: choose another slug"],
    )
