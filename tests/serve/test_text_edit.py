"""The preview's shortcut for body edits leaves exactly what a full build leaves, or declines."""

from __future__ import annotations

from pathlib import Path

import pytest

from mvsite.build.pipeline import BuildOptions
from mvsite.serve.preview_build import Preview

from ..conftest import copy_site, tree_bytes


def _built(name: str, tmp_path: Path) -> Preview:
    """The preview of a copy of tests/sites/`name`, built once."""
    site = tmp_path / "site"
    copy_site(name, site)
    built = Preview(_options(site, tmp_path / "out"))
    assert built.rebuild().error is None
    built.settle()
    return built


@pytest.fixture
def preview(tmp_path: Path) -> Preview:
    return _built("basic", tmp_path)


def _options(site: Path, out: Path) -> BuildOptions:
    return BuildOptions(
        site, out, drafts=True, base_url="http://127.0.0.1:8000/", hash_assets=False
    )


def _site(preview: Preview) -> Path:
    return preview.options.source


def _edit(preview: Preview, rel: str, old: str, new: str) -> str:
    path = _site(preview) / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(path)


def _same_as_a_full_build(preview: Preview, tmp_path: Path) -> None:
    """The preview's folder holds what a build from scratch writes; and a full rebuild from
    the preview's cache finds nothing to write (the shortcut left the cache as it would)."""
    assert preview.options.output is not None
    fresh = Preview(_options(_site(preview), tmp_path / "fresh"))
    assert fresh.rebuild().error is None
    assert tree_bytes(preview.options.output) == tree_bytes(tmp_path / "fresh")
    again = preview.rebuild()
    assert (again.error, again.bodies_only, again.written, again.removed) == (None, False, (), ())


def test_a_body_edit_rebuilds_only_that_page(preview: Preview, tmp_path: Path) -> None:
    saved = _edit(preview, "content/guide/second.md", "Back to", "Now back to")
    result = preview.rebuild([saved])
    assert (result.error, result.bodies_only) == (None, True)
    assert result.written == ("guide/next-steps/index.html",)
    assert "Now back to" in (tmp_path / "out/guide/next-steps/index.html").read_text()
    preview.settle()
    _same_as_a_full_build(preview, tmp_path)


def test_edits_to_two_pages_and_then_one_again(preview: Preview, tmp_path: Path) -> None:
    first = _edit(preview, "content/guide/first.md", "An intro", "A new intro")
    second = _edit(preview, "content/about.md", "small team.", "small team. And a new line.")
    assert preview.rebuild([first, second]).bodies_only
    preview.settle()
    again = _edit(preview, "content/guide/first.md", "A new intro", "A newer intro")
    result = preview.rebuild([again])
    assert (result.bodies_only, len(result.written)) == (True, 1)
    preview.settle()
    _same_as_a_full_build(preview, tmp_path)


SECOND = "content/guide/second.md"


@pytest.mark.parametrize(
    ("rel", "old", "new", "error_in"),
    [
        (SECOND, "title: Second", "title: Second page", None),  # front matter: navigation
        (SECOND, "Back to", "Now back to", None),  # but its sidebar template changed, below
        (SECOND, "## Details", "## More details", "content/guide/first.md"),  # its link broke
        (SECOND, "Back to", "See [a new page](new.md). Back to", SECOND),  # a broken link
        (SECOND, "description:", "broken: [\ndescription:", SECOND),  # unreadable front matter
        ("content/guide/new.md", "", "# Brand new\n\nA new page.\n", None),  # a new page
    ],
)
def test_anything_else_is_left_to_the_full_build(
    preview: Preview, tmp_path: Path, rel: str, old: str, new: str, error_in: str | None
) -> None:
    path = _site(preview) / rel
    if old:
        _edit(preview, rel, old, new)
    else:
        path.write_text(new, encoding="utf-8")
    changed = [str(path)]
    if new == "Now back to":  # a template saved at the same time
        template = _site(preview) / "templates/special.html"
        template.write_text(template.read_text() + "\n", encoding="utf-8")
        changed.append(str(template))
    result = preview.rebuild(changed)
    assert not result.bodies_only
    assert (result.error.path if result.error else None) == (Path(error_in) if error_in else None)
    if result.error is None:
        preview.settle()
        _same_as_a_full_build(preview, tmp_path)


def test_after_a_failed_build_the_next_one_is_full(preview: Preview, tmp_path: Path) -> None:
    broken = _edit(preview, "content/guide/second.md", "Back to", "[gone](gone.md) Back to")
    assert preview.rebuild([broken]).error is not None
    fixed = _edit(preview, "content/guide/second.md", "[gone](gone.md) ", "")
    result = preview.rebuild([fixed])
    assert (result.error, result.bodies_only) == (None, False)
    preview.settle()
    _same_as_a_full_build(preview, tmp_path)


def test_a_heading_renamed_under_the_same_id_updates_the_toc(
    preview: Preview, tmp_path: Path
) -> None:
    saved = _edit(preview, SECOND, "## Details", "## Finer points {#details}")
    result = preview.rebuild([saved])
    assert (result.error, result.bodies_only) == (None, True)
    assert "Finer points" in (tmp_path / "out/guide/next-steps/index.html").read_text()
    preview.settle()
    _same_as_a_full_build(preview, tmp_path)


def test_what_the_sanitiser_drops_from_an_edit_is_told_once(preview: Preview) -> None:
    """A new warning is the full build's to report (the shortcut does not compare them)."""
    saved = _edit(preview, SECOND, "Back to", 'Back to\n{: onclick="steal()" }\n\nNow back to')
    result = preview.rebuild([saved])
    assert (result.error, result.bodies_only) == (None, False)
    told = [str(w) for w in preview.settle()]
    assert len(told) == 1 and "onclick" in told[0] and told[0].startswith(f"{SECOND}:"), told
    moved = _edit(preview, SECOND, "Back to", "A line above.\n\nBack to")
    assert preview.rebuild([moved]).bodies_only  # the same warning, two lines down
    assert preview.settle() == ()
    assert preview.rebuild().bodies_only is False  # a full build: nothing new to tell either
    assert preview.settle() == ()


def test_a_body_edit_keeps_what_the_sites_settings_allow(tmp_path: Path) -> None:
    """The shortcut renders with the site's own settings (here allow_style), as a build does."""
    site = tmp_path / "site"
    copy_site("basic", site)
    config = site / "mvsite.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "allow_style: true\n", "utf-8")
    preview = Preview(_options(site, tmp_path / "out"))
    assert preview.rebuild().error is None
    preview.settle()
    saved = _edit(preview, SECOND, "Back to", 'Back to\n{: style="color: red" }\n\nNow back to')
    result = preview.rebuild([saved])
    assert (result.error, result.bodies_only) == (None, True)
    assert 'style="color: red"' in (tmp_path / "out/guide/next-steps/index.html").read_text()
    preview.settle()
    _same_as_a_full_build(preview, tmp_path)


@pytest.fixture
def languages(tmp_path: Path) -> Preview:
    return _built("languages", tmp_path)


def test_a_translations_body_edit_rebuilds_only_that_page(
    languages: Preview, tmp_path: Path
) -> None:
    saved = _edit(languages, "content/research/cancer.da.md", "Tekst.", "Ny tekst.")
    result = languages.rebuild([saved])
    assert (result.error, result.bodies_only) == (None, True)
    assert result.written == ("da/forskning/kraeft/index.html",)
    languages.settle()
    _same_as_a_full_build(languages, tmp_path)


def test_an_original_shown_in_other_languages_is_rebuilt_everywhere(
    languages: Preview, tmp_path: Path
) -> None:
    saved = _edit(languages, "content/research/diabetes.md", "Text.", "New text.")
    result = languages.rebuild([saved])
    assert (result.error, result.bodies_only) == (None, False)
    assert set(result.written) == {
        "research/diabetes/index.html",
        "da/forskning/diabetes/index.html",
        "sv/research/diabetes/index.html",
    }
    languages.settle()
    _same_as_a_full_build(languages, tmp_path)


def test_an_id_a_template_made_is_checked_where_another_page_links_to_it(
    preview: Preview,
) -> None:
    """The theme's TOC has id="page-contents" only for two or more headings in it: moving one
    out of its levels keeps the heading's id but takes the TOC's from another page's link."""
    link = "small team. See [the contents](/guide/first/#page-contents)."
    about = _edit(preview, "content/about.md", "small team.", link)
    assert preview.rebuild([about]).error is None
    preview.settle()
    first = _edit(preview, "content/guide/first.md", "## Tables and", "##### Tables and")
    result = preview.rebuild([first])
    assert not result.bodies_only
    assert result.error is not None and result.error.path == Path("content/about.md")
