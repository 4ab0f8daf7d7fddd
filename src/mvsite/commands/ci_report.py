"""A build's report for CI: appended to $GITHUB_STEP_SUMMARY, written to --report-json."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mvsite.build.report import BuildReport, to_json, to_markdown


def publish_report(report: BuildReport, report_json: Path | None) -> bool:
    """Append the report to GitHub's job summary, and write it to `report_json`; False if
    that file could not be written (the build then exits 1)."""
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        try:
            with open(summary, "a", encoding="utf-8") as handle:
                handle.write(to_markdown(report))
        except OSError as exc:
            print(f"warning: could not append to $GITHUB_STEP_SUMMARY: {exc}", file=sys.stderr)
    if report_json is None:
        return True
    try:
        report_json.write_text(to_json(report), encoding="utf-8")
    except OSError as exc:
        print(
            f"error: {report_json}: could not write the build report: {exc.strerror}\n"
            "  hint: check that its folder exists and is writable",
            file=sys.stderr,
        )
        return False
    return True
