"""The builds that need not read the whole site: nothing changed since the last build (say
again what it said), or only the bodies of some of its pages (rebuild those alone:
build/body_edits.py). What they compare with is the last build's record (build_record.py)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from mvsite.build.build_record import (
    Inputs,
    LastRecord,
    may_be_body_edit,
    record_path,
    recorded_changes,
    settle,
)
from mvsite.commands.progress import summary_line


def took_shortcut(source: Path, output: Path, inputs: Inputs, quiet: bool, started: float) -> bool:
    """Was the build done without reading the site? (Then it has said so, unless `quiet`.)"""
    record_file = record_path(source)
    last = recorded_changes(record_file, inputs, output, may_be_body_edit)
    if last is None:
        return False
    written = 0
    if last.changed:
        from mvsite.build.body_edits import rebuild_edited  # (a no-op never imports it)

        edited = rebuild_edited(source, output, inputs.code, last, inputs)
        if edited is None:
            return False
        written = len(edited.written)
    else:
        settle(record_file, last)
    if not quiet:
        _say_again(last, output, written, started)
    return True


def _say_again(last: LastRecord, output: Path, written: int, started: float) -> None:
    """What the build that left `last` printed, with the files written now."""
    for line in last.outcome.warnings:
        print(line, file=sys.stderr)
    seconds = time.perf_counter() - started
    outcome = last.outcome
    print(summary_line(outcome.pages, output, written, outcome.files, 0, seconds))
