from __future__ import annotations

from pathlib import Path

from mvsite.sources.content_files import find_sources


def test_sources_are_found_in_sorted_order_and_underscore_names_skipped(tmp_path: Path) -> None:
    for rel in ["b.md", "a/_index.md", "a/z.md", "a/img.png", "_data/f.yaml", "_drafts/x.md",
                ".git/x.md", "a/_partial.md", "a/backup.md~"]:  # fmt: skip
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("# T\n")
    sources = find_sources(tmp_path, tmp_path)
    assert sources.markdown == ("a/_index.md", "a/z.md", "b.md")
    assert (sources.assets, sources.data, sources.folders) == (
        ("a/img.png",),
        ("_data/f.yaml",),
        ("", "a"),
    )


def test_private_folders_holding_markdown_are_counted(tmp_path: Path) -> None:
    for rel in (
        "_posts/a.md",
        "_posts/2021/b.md",
        "guide/_old/c.md",
        "_drafts/d.md",
        "_inc/x.html",
    ):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x\n")
    found = find_sources(tmp_path, tmp_path)
    assert (found.markdown, found.private) == ((), (("_posts", 2), ("guide/_old", 1)))
