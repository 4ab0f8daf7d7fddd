"""Smoke test of the benchmark harness (benchmarks/), so that it cannot rot.

It runs the harness for a 50-page corpus with mvsite only and one round: no peers are
installed and no timing is asserted, only that the harness produces its table and the site.
"""

from __future__ import annotations

import importlib
import json
import platform
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from xml.etree import ElementTree

import pytest

ROOT = Path(__file__).resolve().parents[1]
KIND_LABELS = ("cold full build", "warm no-op", "warm one-page edit")


def _module(name: str) -> ModuleType:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module(f"benchmarks.{name}")


def _table_row(markdown: str, label: str) -> list[str]:
    prefix = f"| mvsite | {label} |"
    rows = [line for line in markdown.splitlines() if line.startswith(prefix)]
    assert len(rows) == 1, f"no single row for {label!r} in:\n{markdown}"
    return [cell.strip() for cell in rows[0].strip("|").split("|")]


@pytest.mark.slow
def test_smoke_run_mvsite_only(tmp_path: Path) -> None:
    harness, corpus_mod, tools = _module("harness"), _module("corpus"), _module("tools")
    work, out = tmp_path / "work", tmp_path / "RESULTS.md"
    argv = ["--pages", "50", "--runs", "1", "--tools", "mvsite"]
    argv += ["--work", str(work), "--out", str(out), "--timeout", "120"]

    assert harness.main(argv) == 0

    markdown = out.read_text(encoding="utf-8")
    for label in KIND_LABELS:
        cells = _table_row(markdown, label)
        assert float(cells[2]) > 0, cells  # median seconds
        assert float(cells[4]) > 0, cells  # CPU seconds
        assert float(cells[5]) > 0, cells  # peak RSS MiB
    records = json.loads((tmp_path / "results.json").read_text())["sizes"]["50"]["records"]
    assert sorted(r["kind"] for r in records) == ["cold", "edit", "noop"]
    assert all(r["status"] == "ok" and r["wall_s"] > 0 for r in records), records

    corpus = corpus_mod.load_corpus(work / "corpus" / "50")
    site = work / "sites" / "50" / "mvsite"
    built = [tools.TOOLS["mvsite"].page_output(site, page) for page in corpus.pages]
    assert len(built) == 50 and all(built), "every corpus page has an HTML file"
    assert "50/50 page HTML files" in markdown
    assert not (work / "peers").exists(), "the smoke run must not install peers"


def test_layout_helpers_rewrite_links_and_metadata() -> None:
    corpus_mod, tools = _module("corpus"), _module("tools")
    body = "See [a](other-page.md) and [b](../news/x-1.md), not [c](https://x.org/a.md)."
    assert corpus_mod.links_to_html(body) == (
        "See [a](other-page.html) and [b](../news/x-1.html), not [c](https://x.org/a.md)."
    )
    front = 'title: "A \\"B\\" C"\ndate: 2020-01-02\ntags:\n  - data\n  - water\nsection: news\n'
    assert tools.pelican_metadata(front) == (
        'Title: A "B" C\nDate: 2020-01-02\nSection: news\nTags: data, water\n\n'
    )


def test_memory_sampler_sums_the_process_tree(tmp_path: Path) -> None:
    measure = _module("measure")
    hold = "x = bytearray(60 * 2**20); import time; time.sleep(0.6)"
    py = sys.executable
    script = f"'{py}' -c '{hold}' & '{py}' -c '{hold}'; wait"
    m = measure.run_measured(["sh", "-c", script], tmp_path, tmp_path / "log.txt", timeout=30)
    assert m.returncode == 0 and not m.timed_out
    assert m.peak_rss_bytes > 110 * 2**20, "two children of 60 MiB each are summed"


def test_timeout_kills_the_process_group(tmp_path: Path) -> None:
    measure = _module("measure")
    m = measure.run_measured(
        ["sh", "-c", "sleep 30 & wait"], tmp_path, tmp_path / "log.txt", timeout=0.5
    )
    assert m.timed_out and m.wall_s < 10


def test_the_snapshot_is_a_byte_compiled_copy(tmp_path: Path) -> None:
    root = _module("peers").snapshot_mvsite(tmp_path, Path(sys.executable))
    sources = sorted(p.stem for p in (ROOT / "src" / "mvsite").glob("*.py"))
    assert sorted(p.stem for p in (root / "mvsite").glob("*.py")) == sources
    compiled = {p.name.partition(".")[0] for p in (root / "mvsite" / "__pycache__").glob("*.pyc")}
    assert compiled == set(sources)


@pytest.mark.slow
def test_markdown_speed_times_stock_fast_another_copy_and_bare() -> None:
    script = ROOT / "benchmarks" / "markdown_speed.py"
    argv = [sys.executable, str(script), "--pages", "6", "--rounds", "1", "--against", "src"]
    run = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    rows = [line.split()[0] for line in run.stdout.splitlines()[1:]]
    assert rows == ["stock", "fast", "fast", "bare"]  # the third: "fast (other)"


def test_the_report_charts_cold_builds_against_pages(tmp_path: Path) -> None:
    report = _module("report")

    def size(pages: int, seconds: dict[str, float | None]) -> object:
        result = report.SizeResult(pages, 1, 60.0, "cmd", "date", {}, {}, list(seconds))
        for tool, wall in seconds.items():
            status = "ok" if wall is not None else "timeout"
            result.records.append(
                report.RunRecord(tool, "cold", 1, status, wall, int(pages * 1e5), 0, wall)
            )
        return result

    results = {
        1000: size(1000, {"mvsite": 2.0, "hugo": 1.5, "mkdocs": 18.0}),
        10000: size(10000, {"mvsite": 15.0, "hugo": 12.0, "mkdocs": None}),
    }
    report.write_reports(results, tmp_path / "RESULTS.md", tmp_path / "results.json")

    svg = ElementTree.parse(tmp_path / "RESULTS.svg").getroot()
    lines = svg.findall(".//{http://www.w3.org/2000/svg}polyline")
    times = lines[:3]  # the time panel's lines come first, then the memory panel's
    assert [line.get("data-tool") for line in times] == ["mvsite", "hugo", "mkdocs"]
    points = {line.get("data-tool"): line.get("points", "").split() for line in times}
    assert len(points["mvsite"]) == 2 and len(points["mkdocs"]) == 1  # timed out at 10,000
    mvsite_y = [float(point.split(",")[1]) for point in points["mvsite"]]
    assert mvsite_y[1] < mvsite_y[0], "the slower, larger build is drawn higher"
    markdown = (tmp_path / "RESULTS.md").read_text(encoding="utf-8")
    assert "![Cold build time and peak memory of each tool against pages](RESULTS.svg)" in markdown
    assert "| mvsite | 2.00 / 95 | 15.00 / 954 |" in markdown
    assert "| mkdocs | 18.00 / 95 | — |" in markdown


def test_one_size_draws_no_chart(tmp_path: Path) -> None:
    report = _module("report")
    result = report.SizeResult(50, 1, 60.0, "cmd", "date", {}, {}, ["mvsite"])
    result.records.append(report.RunRecord("mvsite", "cold", 1, "ok", 1.0, 10**8, 0, 1.0))
    report.write_reports({50: result}, tmp_path / "RESULTS.md", tmp_path / "results.json")
    assert not (tmp_path / "RESULTS.svg").exists()
    assert "RESULTS.svg" not in (tmp_path / "RESULTS.md").read_text(encoding="utf-8")


def test_the_report_names_the_python_that_runs_mvsite_and_how_libpython_is_linked() -> None:
    harness = _module("harness")
    named = harness.interpreter(Path(sys.executable))
    linked = "libpython" in Path("/proc/self/maps").read_text(encoding="utf-8")
    how = "libpython shared" if linked else "libpython linked in"
    assert named == f"{platform.python_implementation()} {platform.python_version()}, {how}"
