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
