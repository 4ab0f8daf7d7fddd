"""What a save costs the preview, without a browser: the rebuild of a body edit, in one process.

    .venv/bin/python benchmarks/preview_saves.py SITE [--saves 40] [--jobs 2]

Builds SITE as `mvsite serve` does (a Preview into a private folder), then saves one page's
body again and again (a sentence appended, the middle page as benchmarks/run.py's edit),
timing each rebuild and the bookkeeping after it (`settle`), and counting the cycle
collector's full collections during them (`gc.callbacks`). The page is put back at the end.
`serve_latency.py` measures the whole save-to-screen time in Chromium; this one isolates the
build's share, and says whether it grows with the site (benchmarks/SCALE.md).

A benchmark, not a test: CI runs none of this.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from mvsite.build.pipeline import BuildOptions
from mvsite.serve.preview_build import Preview


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--saves", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=1, help="processes for the first build")
    args = parser.parse_args()
    full_collections: list[str] = []

    def note(phase: str, info: dict[str, Any]) -> None:
        if phase == "start" and info["generation"] == 2:
            full_collections.append(phase)

    with tempfile.TemporaryDirectory(prefix="preview-saves-") as tmp:
        options = BuildOptions(args.site, Path(tmp) / "site", drafts=True, jobs=args.jobs)
        preview = Preview(options)
        started = time.perf_counter()
        first = preview.rebuild()
        preview.settle()
        if first.error is not None:
            print(f"the first build failed: {first.error}", file=sys.stderr)
            return 1
        print(f"first build: {first.pages} pages in {time.perf_counter() - started:.1f} s")
        pages = sorted((args.site / "content").rglob("*.md"))
        page = pages[len(pages) // 2]
        text = page.read_text(encoding="utf-8")
        rebuilds, settles, shortcuts = [], [], 0
        gc.callbacks.append(note)
        try:
            for i in range(args.saves):
                page.write_text(f"{text.rstrip()}\n\nA sentence saved {i}.\n", encoding="utf-8")
                started = time.perf_counter()
                result = preview.rebuild([str(page)])
                built = time.perf_counter()
                preview.settle()
                rebuilds.append((built - started) * 1000)
                settles.append((time.perf_counter() - built) * 1000)
                shortcuts += result.bodies_only
        finally:
            gc.callbacks.remove(note)
            page.write_text(text, encoding="utf-8")
    print(f"page: {page.relative_to(args.site)}; {args.saves} saves, {shortcuts} by the shortcut")
    print(
        f"rebuild ms: median {statistics.median(rebuilds):.1f}, max {max(rebuilds):.1f};"
        f" settle ms: median {statistics.median(settles):.1f}, max {max(settles):.1f};"
        f" full collections: {len(full_collections)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
