"""Where a one-page edit's time goes: CPU seconds of `mvsite build`'s main process, step by step,
and how much of the cache's index it reads and writes (benchmarks/SCALE.md).

    .venv/bin/python benchmarks/edit_stages.py SITE [--page content/x.md] [--runs 2]

SITE is a site already built once (e.g. `benchmarks/run.py`'s work/sites/10000/mvsite). Each
run appends a sentence to one page's body (by default the middle one, as run.py's edit does),
builds in this process with each step wrapped in a `time.process_time()` counter, and puts the
page back (so every run is the same edit). Wall time on a shared machine swings with its load;
the main process's CPU time, in which every step but the page's own conversion runs, does not.

A benchmark, not a test: CI runs none of this.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import resource
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

STEPS = (  # (module the caller looks it up in, name, label); "  " marks a part of the step above
    ("mvsite.commands.build", "take_inputs", "no-op record: stat every input"),
    ("mvsite.commands.shortcuts", "recorded_changes", "no-op record: compare, output checked"),
    # the shortcut for body edits (build/body_edits.py)
    ("mvsite.build.body_edits", "read_entries", "edit: the pages' records read"),
    ("mvsite.build.body_edits", "_rebuild", "edit: pages converted, rendered"),
    ("mvsite.build.body_edits", "links_arrive", "edit: their links checked"),
    ("mvsite.build.body_edits", "update_site", "edit: their files written"),
    ("mvsite.build.body_edits", "write_entries", "edit: their records written"),
    ("mvsite.build.body_edits", "record_edit", "edit: no-op record written"),
    # the full build
    ("mvsite.build.cache", "open_cache", "cache: load the index"),
    ("mvsite.build.pipeline", "read_site", "read: sources, pages, navigation, targets"),
    ("mvsite.build.read_site", "load_pages_cached", "  read: stat each page, records"),
    ("mvsite.build.pipeline", "plan_build", "plan: keys and jobs of every page"),
    ("mvsite.build.pipeline", "run_pages", "pages: the edited page converted, rendered"),
    ("mvsite.build.pipeline", "pages_done", "pages: the edited page converted, rendered"),
    ("mvsite.build.pipeline", "check_site_links", "links: every link and anchor checked"),
    ("mvsite.build.pipeline", "claim_page_files", "claims, generated files, warnings"),
    ("mvsite.build.pipeline", "generate_files", "claims, generated files, warnings"),
    ("mvsite.build.pipeline", "site_warnings", "claims, generated files, warnings"),
    ("mvsite.write.stage", "write_site", "write: output compared, one file replaced"),
    ("mvsite.build.cache", "save_cache", "cache: save the index"),
    ("mvsite.build.build_record", "record_outcome", "no-op record: walk output, write"),
)
_INDEX = (  # (module, name, direction): what reads or writes the cache's index
    ("mvsite.build.cache", "read_store", "read"),
    ("mvsite.build.cache", "write_store", "written"),
    ("mvsite.build.body_edits", "read_entries", "read"),
    ("mvsite.build.edit_links", "read_entries", "read"),
    ("mvsite.build.body_edits", "write_entries", "written"),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--page", help="the page to edit, relative to SITE")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    page = args.site / args.page if args.page else _middle_page(args.site)
    spent: dict[str, float] = {}
    shards: dict[str, list[int]] = {"read": [0, 0], "written": [0, 0]}
    _wrap_steps(spent)
    _count_index(shards)
    from mvsite.cli import main as mvsite

    for run in range(1, args.runs + 1):
        spent.clear()
        for counts in shards.values():
            counts[:] = [0, 0]
        before = _cpu()
        with _edited(page, run):
            code = mvsite(["build", "--source", str(args.site), "--quiet"])
        if code != 0:
            return code
        _report(run, spent, _cpu() - before, shards)
    return 0


def _middle_page(site: Path) -> Path:
    pages = sorted((site / "content").rglob("*.md"))
    return pages[len(pages) // 2]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@contextlib.contextmanager
def _edited(page: Path, run: int) -> Iterator[None]:
    original = page.read_bytes()
    page.write_bytes(original + f"\n\nEdited in run {run} at {time.time_ns()}.\n".encode())
    try:
        yield
    finally:
        page.write_bytes(original)


def _timed(label: str, spent: dict[str, float], fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - started

    return wrapper


def _wrap_steps(spent: dict[str, float]) -> None:
    for module, name, label in STEPS:
        owner = importlib.import_module(module)
        setattr(owner, name, _timed(label, spent, getattr(owner, name)))


def _count_index(shards: dict[str, list[int]]) -> None:
    """Count the shards (and their bytes) that pass the index's digest check, by direction
    (an mvsite from before build/cache_store.py: nothing to count)."""
    try:
        from mvsite.build import cache_store
    except ImportError:
        return

    direction: list[str] = []
    digest = cache_store._digest

    def counting(kind: str, data: bytes) -> bytes:
        if direction:
            shards[direction[-1]][0] += 1
            shards[direction[-1]][1] += len(data)
        return digest(kind, data)

    def directed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            direction.append(name)
            try:
                return fn(*args, **kwargs)
            finally:
                direction.pop()

        return wrapper

    cache_store._digest = counting
    for module, name, way in _INDEX:
        owner = importlib.import_module(module)
        setattr(owner, name, directed(way, getattr(owner, name)))


def _report(run: int, spent: dict[str, float], total: float, shards: dict[str, list[int]]) -> None:
    out = io.StringIO()
    print(f"run {run}: CPU seconds of the main process", file=out)
    labels = list(dict.fromkeys(label for _, _, label in STEPS))
    for label in labels:
        print(f"  {spent.get(label, 0.0):6.3f}  {label}", file=out)
    steps = sum(spent.get(label, 0.0) for label in labels if not label.startswith("  "))
    print(f"  {total - steps:6.3f}  other: imports, worker pool, printing", file=out)
    print(f"  {total:6.3f}  total", file=out)
    for name, (count, size) in shards.items():
        print(f"  index {name}: {count} shards, {size:,} bytes", file=out)
    print(out.getvalue(), end="", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
