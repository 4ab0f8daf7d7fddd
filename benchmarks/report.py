"""Results: raw records, summaries, the Markdown report and the JSON file beside it."""

from __future__ import annotations

import json
import math
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.chart import Point, Series, scaling_svg

KINDS = ("cold", "noop", "edit")
KIND_LABELS = {"cold": "cold full build", "noop": "warm no-op", "edit": "warm one-page edit"}
MIB = 1024 * 1024
DASH = "\u2013"  # en dash, for ranges
TIMES = "\u00d7"  # multiplication sign
MEMORY_TARGET_BYTES = 250_000_000  # "250 MB", read as decimal megabytes (238.4 MiB)


@dataclass
class RunRecord:
    """One timed build."""

    tool: str
    kind: str
    run: int
    status: str  # "ok", "timeout", "failed" or "skipped"
    wall_s: float | None = None
    peak_rss_bytes: int | None = None
    returncode: int | None = None
    cpu_s: float | None = None


@dataclass
class ToolCheck:
    """Did the tool's build produce what it should?"""

    pages_expected: int
    pages_built: int | None = None
    edit_seen: bool | None = None


@dataclass
class SizeResult:
    """Everything measured at one corpus size in one invocation."""

    pages: int
    runs: int
    timeout_s: float
    command: str
    date: str
    machine: dict[str, str]
    versions: dict[str, str]
    tools: list[str]
    records: list[RunRecord] = field(default_factory=list)
    checks: dict[str, ToolCheck] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    load_before: str = ""
    load_after: str = ""


@dataclass(frozen=True)
class Summary:
    """Median and spread of one tool's builds of one kind; timeouts count as 'longer than'."""

    median_s: float  # math.inf when at least half of the runs timed out
    min_s: float
    max_s: float
    peak_rss_bytes: int | None
    cpu_median_s: float | None
    ok: int
    timeouts: int
    failures: int


@dataclass(frozen=True)
class Ratio:
    """a ÷ b, possibly only a bound ('<' or '>') when a timeout is involved."""

    value: float
    bound: str  # "=", "<" or ">"

    def text(self) -> str:
        prefix = "" if self.bound == "=" else f"{self.bound} "
        return f"{prefix}{self.value:.2f}"

    def at_most(self, limit: float) -> str:
        """Whether a ÷ b ≤ limit: 'yes', 'no' or 'unknown'."""
        if self.value <= limit:
            return "yes" if self.bound in ("=", "<") else "unknown"
        return "no" if self.bound in ("=", ">") else "unknown"


def summarize(records: list[RunRecord], tool: str, kind: str) -> Summary | None:
    mine = [r for r in records if r.tool == tool and r.kind == kind and r.status != "skipped"]
    if not mine:
        return None
    times = [r.wall_s for r in mine if r.status == "ok" and r.wall_s is not None]
    timeouts = sum(r.status == "timeout" for r in mine)
    failures = sum(r.status == "failed" for r in mine)
    values = times + [math.inf] * timeouts
    if not values:
        return Summary(math.nan, math.nan, math.nan, None, None, 0, 0, failures)
    ok = [r for r in mine if r.status == "ok"]
    peaks = [r.peak_rss_bytes for r in ok if r.peak_rss_bytes]
    cpus = [r.cpu_s for r in ok if r.cpu_s is not None]
    return Summary(
        median_s=statistics.median(values),
        min_s=min(values),
        max_s=max(values),
        peak_rss_bytes=max(peaks) if peaks else None,
        cpu_median_s=statistics.median(cpus) if cpus else None,
        ok=len(times),
        timeouts=timeouts,
        failures=failures,
    )


def ratio(a: Summary | None, b: Summary | None, timeout: float) -> Ratio | None:
    if a is None or b is None or a.ok + a.timeouts == 0 or b.ok + b.timeouts == 0:
        return None
    a_open, b_open = math.isinf(a.median_s), math.isinf(b.median_s)
    if a_open and b_open:
        return None
    if a_open:
        return Ratio(timeout / b.median_s, ">")
    if b_open:
        return Ratio(a.median_s / timeout, "<")
    return Ratio(a.median_s / b.median_s, "=")


def _seconds(value: float, timeout: float) -> str:
    if math.isinf(value):
        return f"> {timeout:g}"
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


def _mib(value: int | None) -> str:
    return "—" if value is None else f"{value / MIB:.0f}"


def _summary_cells(s: Summary, timeout: float) -> list[str]:
    if s.ok + s.timeouts == 0:
        return ["failed", "—", "—", "—"]
    if s.ok == 0:
        return [_seconds(math.inf, timeout), "—", "—", "—"]
    spread = f"{_seconds(s.min_s, timeout)}{DASH}{_seconds(s.max_s, timeout)}"
    cpu = "—" if s.cpu_median_s is None else _seconds(s.cpu_median_s, timeout)
    return [_seconds(s.median_s, timeout), spread, cpu, _mib(s.peak_rss_bytes)]


def _runs_note(s: Summary, skipped: int) -> str:
    notes = [f"{s.ok} ok"]
    if s.timeouts:
        notes.append(f"{s.timeouts} timed out")
    if s.failures:
        notes.append(f"{s.failures} failed")
    if skipped:
        notes.append(f"{skipped} skipped")
    return ", ".join(notes)


def _skipped(records: list[RunRecord], tool: str, kind: str) -> int:
    return sum(r.tool == tool and r.kind == kind and r.status == "skipped" for r in records)


def results_table(result: SizeResult) -> list[str]:
    lines = [
        f"| tool | build | median s | min{DASH}max s | CPU s "
        "| peak RSS MiB | tool ÷ mvsite | runs |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for kind in KINDS:
        base = summarize(result.records, "mvsite", kind)
        for tool in result.tools:
            s = summarize(result.records, tool, kind)
            skipped = _skipped(result.records, tool, kind)
            if s is None:
                note = f"{skipped} skipped" if skipped else "—"
                lines.append(f"| {tool} | {KIND_LABELS[kind]} | not run | — | — | — | — | {note} |")
                continue
            r = ratio(s, base, result.timeout_s)
            cells = [tool, KIND_LABELS[kind], *_summary_cells(s, result.timeout_s)]
            cells += [r.text() if r else "—", _runs_note(s, skipped)]
            lines.append("| " + " | ".join(cells) + " |")
    return lines


def _target_row(name: str, measured: str, met: str) -> str:
    return f"| {name} | {measured} | {met} |"


def target_rows(result: SizeResult) -> list[str]:
    """The issue's targets, checked with ratios from this run (mvsite ÷ peer)."""
    t = result.timeout_s

    def get(tool: str, kind: str) -> Summary | None:
        return summarize(result.records, tool, kind)

    rows: list[str] = []
    mv_cold = get("mvsite", "cold")
    for peer in ("eleventy", "pelican", "mkdocs"):
        r = ratio(mv_cold, get(peer, "cold"), t)
        if r is not None:
            measured = f"mvsite ÷ {peer} = {r.text()}"
            rows.append(_target_row(f"cold build faster than {peer}", measured, _below(r, 1.0)))
    hugo_cold = get("hugo", "cold")
    for kind, limit, name in (
        ("cold", 2.0, f"cold build ≤ 2{TIMES} Hugo's cold build"),
        ("noop", 0.25, f"warm no-op ≤ 0.25{TIMES} Hugo's full (cold) build"),
        ("edit", 0.5, f"warm one-page edit ≤ 0.5{TIMES} Hugo's full (cold) build"),
    ):
        r = ratio(get("mvsite", kind), hugo_cold, t)
        if r is not None:
            measured = f"mvsite {kind} ÷ hugo cold = {r.text()}"
            rows.append(_target_row(name, measured, r.at_most(limit)))
    peaks = [s.peak_rss_bytes for k in KINDS if (s := get("mvsite", k)) and s.peak_rss_bytes]
    if peaks:
        peak = max(peaks)
        measured = f"{peak / MIB:.1f} MiB ({peak / 1e6:.2f} MB), all processes"
        met = "yes" if peak < MEMORY_TARGET_BYTES else "no"
        applies = "" if result.pages >= 10_000 else " (target is for 10,000 pages)"
        rows.append(_target_row(f"mvsite peak memory < 250 MB{applies}", measured, met))
    if not rows:
        return []
    return ["| target | measured (same run) | met |", "|---|---|---|", *rows]


def _below(r: Ratio, limit: float) -> str:
    """a ÷ b < limit (strictly: 'faster than')."""
    if r.value < limit:
        return "yes" if r.bound in ("=", "<") else "unknown"
    return "no" if r.bound in ("=", ">") else "unknown"


def check_lines(result: SizeResult) -> list[str]:
    lines = []
    for tool in result.tools:
        c = result.checks.get(tool)
        if c is None or c.pages_built is None:
            continue
        edit = {True: "edit visible in output", False: "EDIT NOT SEEN in output", None: ""}
        note = "" if c.pages_built == c.pages_expected else "  ← MISMATCH"
        extra = f"; {edit[c.edit_seen]}" if c.edit_seen is not None else ""
        built = f"{c.pages_built}/{c.pages_expected}"
        lines.append(f"- {tool}: {built} page HTML files after the cold build{note}{extra}")
    return lines


def size_section(result: SizeResult) -> list[str]:
    m = result.machine
    versions = ", ".join(f"{k} {v}" for k, v in result.versions.items())
    lines = [
        f"## {result.pages:,} pages",
        "",
        f"- Command: `{result.command}`",
        f"- Date: {result.date}; {result.runs} round{'' if result.runs == 1 else 's'}, "
        "each building with every tool in turn "
        f"({', '.join(result.tools)}): cold, then no-op, then one-page edit; "
        f"timeout {result.timeout_s:g} s per build.",
        f"- Machine: {m.get('cpu', '?')}, {m.get('nproc', '?')} cores (nproc), "
        f"{m.get('memory', '?')} RAM, {m.get('os', '?')}; "
        f"Python {m.get('python', '?')}, Node {m.get('node', '?')}; load average "
        f"{result.load_before or '?'} before, {result.load_after or '?'} after.",
        f"- Versions: {versions}.",
        "",
        *results_table(result),
        "",
    ]
    targets = target_rows(result)
    if targets:
        lines += ["Targets, from ratios in this run:", "", *targets, ""]
    checks = check_lines(result)
    if checks:
        lines += ["Output checks:", "", *checks, ""]
    if result.problems:
        lines += ["Problems:", "", *(f"- {p}" for p in result.problems), ""]
    return lines


HEADER = f"""# Benchmark results

mvsite side by side with peer static site generators, measured by `benchmarks/run.py` (method and
layouts: `benchmarks/README.md`; raw numbers: `benchmarks/results.json`). These are honest
measurements on a shared, noisy 2-core machine: compare ratios from the same run, not absolute
times across runs.

- *median s*, *min{DASH}max s*: wall time of the whole build command, over the rounds.
- *CPU s*: median user + system CPU time of the build and the child processes it waited for
  (from `wait4`); less sensitive than wall time to other work on the machine.
- *peak RSS MiB*: the highest, over the rounds, of the summed resident memory of the build's whole
  process tree (every descendant, sampled every 20 ms from /proc; the kernel's own peak for the
  root process is a floor). Pages shared between processes count once per process.
- *tool ÷ mvsite*: the tool's median over mvsite's median for the same kind of build; above 1 means
  mvsite was faster. The target tables use the other direction, mvsite ÷ peer.
- *load average*: of the whole machine, before and after the size's rounds; above the number of
  cores, other work competed with the builds and wall times are inflated (CPU times less so).
- *cold*: output and every cache of the tool deleted first. *warm no-op*: the same build again,
  nothing changed. *warm one-page edit*: one sentence appended to one page, then built.
"""


def render_markdown(results: dict[int, SizeResult], chart_name: str | None = None) -> str:
    lines = [HEADER]
    if chart_name is not None:
        lines += scaling_section(results, chart_name)
    for pages in sorted(results):
        lines += size_section(results[pages])
    return "\n".join(lines).rstrip() + "\n"


def _finished_cold(result: SizeResult, tool: str) -> Summary | None:
    summary = summarize(result.records, tool, "cold")
    return summary if summary is not None and summary.ok else None


def scaling_series(results: dict[int, SizeResult]) -> tuple[list[Series], list[Series]]:
    """Per tool, its cold builds' median seconds and peak MiB at every size it finished."""
    tools = list(dict.fromkeys(tool for result in results.values() for tool in result.tools))
    times, memory = [], []
    for tool in tools:
        cold = [(pages, _finished_cold(results[pages], tool)) for pages in sorted(results)]
        seconds = [Point(pages, s.median_s) for pages, s in cold if s and math.isfinite(s.median_s)]
        peaks = [
            Point(pages, s.peak_rss_bytes / MIB) for pages, s in cold if s and s.peak_rss_bytes
        ]
        if seconds:
            times.append(Series(tool, tuple(seconds)))
        if peaks:
            memory.append(Series(tool, tuple(peaks)))
    return times, memory


def scaling_section(results: dict[int, SizeResult], chart_name: str) -> list[str]:
    """The chart across sizes and its numbers; nothing with fewer than two sizes."""
    if len(results) < 2:
        return []
    sizes = sorted(results)
    lines = [
        "## Cold builds against pages",
        "",
        f"![Cold build time and peak memory of each tool against pages]({chart_name})",
        "",
        "| tool | " + " | ".join(f"{pages:,} pages: s / MiB" for pages in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    for tool in dict.fromkeys(tool for pages in sizes for tool in results[pages].tools):
        cells = []
        for pages in sizes:
            s = _finished_cold(results[pages], tool)
            cells.append("—" if s is None else f"{s.median_s:.2f} / {_mib(s.peak_rss_bytes)}")
        lines.append(f"| {tool} | " + " | ".join(cells) + " |")
    return [*lines, "", "When and how each size was measured is in its section below.", ""]


def to_json(results: dict[int, SizeResult]) -> str:
    data = {str(pages): asdict(result) for pages, result in sorted(results.items())}
    return json.dumps({"sizes": data}, indent=1) + "\n"


def _result_from_dict(data: dict[str, Any]) -> SizeResult:
    records = [RunRecord(**r) for r in data.pop("records")]
    checks = {k: ToolCheck(**v) for k, v in data.pop("checks").items()}
    return SizeResult(**data, records=records, checks=checks)


def load_json(path: Path) -> dict[int, SizeResult]:
    """Earlier results, so that a run at one size keeps the other sizes in the report."""
    if not path.is_file():
        return {}
    try:
        sizes = json.loads(path.read_text(encoding="utf-8"))["sizes"]
        return {int(k): _result_from_dict(v) for k, v in sizes.items()}
    except (KeyError, TypeError, ValueError):
        return {}


def write_reports(results: dict[int, SizeResult], markdown: Path, json_path: Path) -> None:
    """The Markdown report, the JSON beside it and, with two sizes or more, the chart
    (`RESULTS.svg` beside `RESULTS.md`)."""
    markdown.parent.mkdir(parents=True, exist_ok=True)
    chart = markdown.with_suffix(".svg")
    times, memory = scaling_series(results)
    drawn = len(results) >= 2 and bool(times)
    if drawn:
        chart.write_text(scaling_svg(times, memory), encoding="utf-8")
    markdown.write_text(render_markdown(results, chart.name if drawn else None), encoding="utf-8")
    json_path.write_text(to_json(results), encoding="utf-8")
