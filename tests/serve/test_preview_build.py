"""The preview's build: a rebuild writes only what changed, and a failed one keeps the last site."""

from __future__ import annotations

from pathlib import Path

from mvsite.build.pipeline import BuildOptions
from mvsite.build.pool import WorkerPool
from mvsite.serve.preview_build import Preview

from ..conftest import tree_bytes, write_tree
from .conftest import FILES, edit


def _out(preview: Preview) -> Path:
    assert preview.options.output is not None
    return preview.options.output


def test_a_body_edit_rewrites_only_that_page(preview: Preview) -> None:
    edit(preview.options.source / "content/a.md", "Original text", "New text")
    result = preview.rebuild()
    assert (result.error, result.written, result.removed) == (None, ("a/index.html",), ())
    assert "New text" in (_out(preview) / "a/index.html").read_text()


def test_a_stylesheet_edit_rewrites_only_the_stylesheet(preview: Preview) -> None:
    (preview.options.source / "static/style.css").write_text("body { color: red; }\n")
    assert preview.rebuild().written == ("style.css",)


def test_a_title_edit_rewrites_the_pages_that_show_it(preview: Preview) -> None:
    edit(preview.options.source / "content/notes/b.md", "title: Note B", "title: Note Bee")
    written = preview.rebuild().written
    assert "notes/b/index.html" in written and "notes/index.html" in written
    assert "wip/index.html" not in written


def test_a_broken_build_keeps_the_last_good_site_until_fixed(preview: Preview) -> None:
    out = _out(preview)
    before = tree_bytes(out)
    page = preview.options.source / "content/a.md"
    good = page.read_text()
    page.write_text(good.replace("title: Page A", "title: Page A\ndate: soon"))
    result = preview.rebuild()
    assert result.error is not None and str(result.error).startswith("content/a.md:3: ")
    assert tree_bytes(out) == before
    page.write_text(good.replace("Original", "Fixed"))
    assert preview.rebuild().written == ("a/index.html",)


def test_a_deleted_page_is_removed_with_its_folder(preview: Preview) -> None:
    (preview.options.source / "content/wip.md").unlink()
    result = preview.rebuild()
    assert "wip/index.html" in result.removed
    assert not (_out(preview) / "wip").exists()


def test_the_first_build_in_worker_processes_leaves_what_one_process_does(tmp_path: Path) -> None:
    """`serve` builds its first site in a pool of processes, each later one in its own."""
    pages = {f"content/notes/n{i:02d}.md": f"---\ntitle: N{i}\n---\nNote {i}.\n" for i in range(40)}
    site = write_tree(tmp_path / "site", {**FILES, **pages})
    built, pooled = {}, WorkerPool(2)
    for pool in (None, pooled):
        out = tmp_path / ("pooled" if pool else "alone")
        preview = Preview(BuildOptions(site, out, drafts=True), first_pool=pool)
        assert preview.rebuild().error is None and preview.first_pool is None
        preview.settle()
        built[out.name] = tree_bytes(out)
    pooled.close()  # (the build closed it already, once its pages were done)
    assert built["pooled"] == built["alone"] and len(built["alone"]) > 40
    edit(site / "content/notes/n07.md", "Note 7.", "Note seven.")
    result = preview.rebuild([str(site / "content/notes/n07.md")])
    assert (result.error, result.bodies_only, result.written) == (
        None,
        True,
        ("notes/n07/index.html",),
    )
