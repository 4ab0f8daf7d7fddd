"""Orchestration: corpora, layouts, peers, the alternating timed rounds and the report."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import platform
import shlex
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpus import DEFAULT_SEED, Corpus, ensure_corpus, load_corpus
from benchmarks.languages import TOOLS_WITH_LANGUAGES, add_translations
from benchmarks.measure import DEFAULT_INTERVAL, Measurement, run_measured
from benchmarks.peers import ensure_binaries
from benchmarks.report import (
    KINDS,
    MIB,
    RunRecord,
    SizeResult,
    ToolCheck,
    load_json,
    write_reports,
)
from benchmarks.tools import TOOLS, Binaries, Tool

HERE = Path(__file__).resolve().parent
EDIT_TEXT = "\n\nEdited for benchmark round {run}: one more sentence at the end of the page.\n"


@dataclass(frozen=True)
class Options:
    sizes: tuple[int, ...]
    runs: tuple[int, ...]  # one per size
    tools: tuple[str, ...]
    timeout: float
    work: Path
    out: Path
    json_path: Path
    seed: int
    mvsite: Path | None
    mvsite_jobs: int | None
    snapshot: bool
    fresh: bool
    render_only: bool
    interval: float
    command: str
    languages: tuple[str, ...] = ()  # translations of every page, in these languages


@dataclass
class Progress:
    total: int
    done: int = 0

    def report(self, text: str) -> None:
        self.done += 1
        print(f"[{self.done}/{self.total}] {text}", file=sys.stderr, flush=True)


# -- command line -----------------------------------------------------------------------


def _tool_list(text: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in names if name not in TOOLS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown tools {unknown}; choose from {list(TOOLS)}")
    return names


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python benchmarks/run.py",
        description="Time mvsite side by side with Hugo, Eleventy, Pelican and MkDocs.",
    )
    p.add_argument("--pages", type=int, nargs="+", default=[1000], help="corpus sizes")
    p.add_argument("--runs", type=int, nargs="+", default=[5], help="rounds, one or one per size")
    p.add_argument("--tools", type=_tool_list, default=tuple(TOOLS), help="comma-separated")
    p.add_argument("--timeout", type=float, default=600.0, help="seconds per build")
    p.add_argument("--work", type=Path, default=HERE / "work", help="scratch directory")
    p.add_argument("--out", type=Path, default=HERE / "RESULTS.md", help="Markdown report")
    p.add_argument("--json", type=Path, default=None, help="raw results (default: beside --out)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus seed")
    p.add_argument("--mvsite", type=Path, default=None, help="mvsite executable")
    p.add_argument("--mvsite-jobs", type=int, default=None, help="pass --jobs N to mvsite")
    p.add_argument(
        "--snapshot",
        action="store_true",
        help="measure a copy of src/mvsite taken at the start, not the live (editable) install",
    )
    p.add_argument("--fresh", action="store_true", help="drop earlier sizes from the report")
    p.add_argument(
        "--render-only",
        action="store_true",
        help="build nothing: rewrite the Markdown report from the JSON results",
    )
    p.add_argument(
        "--languages",
        type=lambda text: tuple(c for c in text.split(",") if c),
        default=(),
        help="comma-separated codes (e.g. da,sv): every page translated too (mvsite, hugo)",
    )
    p.add_argument("--interval", type=float, default=DEFAULT_INTERVAL, help=argparse.SUPPRESS)
    return p


def parse_options(argv: Sequence[str]) -> Options:
    parser = build_parser()
    args = parser.parse_args(argv)
    runs = tuple(args.runs)
    if len(runs) == 1:
        runs = runs * len(args.pages)
    if len(runs) != len(args.pages) or min(runs) < 1 or min(args.pages) < 1:
        parser.error("--runs takes one count, or one per --pages size, each at least 1")
    if args.languages and not set(args.tools) <= TOOLS_WITH_LANGUAGES:
        parser.error("--languages works with --tools mvsite,hugo only")
    out = args.out.resolve()
    return Options(
        sizes=tuple(args.pages),
        runs=runs,
        tools=tuple(args.tools),
        timeout=args.timeout,
        work=args.work.resolve(),
        out=out,
        json_path=(args.json or out.parent / "results.json").resolve(),
        seed=args.seed,
        mvsite=args.mvsite,
        mvsite_jobs=args.mvsite_jobs,
        snapshot=args.snapshot,
        fresh=args.fresh,
        render_only=args.render_only,
        interval=args.interval,
        command=_command_line(argv),
        languages=args.languages,
    )


def _command_line(argv: Sequence[str]) -> str:
    return shlex.join(["python", "benchmarks/run.py", *argv])


# -- machine and versions ---------------------------------------------------------------


def _first_line(cmd: list[str], env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False, env=env)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[-1].strip() if lines else "?"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "?"


def _load_average() -> str:
    """1, 5 and 15 minute load averages: other work on the machine shows up here."""
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def machine_info() -> dict[str, str]:
    return {
        "cpu": _cpu_model(),
        "nproc": str(os.cpu_count() or "?"),
        "memory": _memory(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "node": _first_line(["node", "--version"]),
    }


def _git(*args: str) -> str | None:
    cmd = ["git", "-C", str(HERE.parent), *args]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def mvsite_source_state() -> str:
    """Which mvsite was measured: the commit of this checkout, and whether src/ differs."""
    head = _git("rev-parse", "--short", "HEAD")
    dirty = _git("status", "--porcelain", "--", "src")
    state = f"commit {head}" if head else "no commit yet"
    return f"{state}, uncommitted changes in src/" if dirty else state


def tool_versions(tools: Sequence[str], bins: Binaries) -> dict[str, str]:
    versions = {}
    for name in tools:
        tool = TOOLS[name]
        env = tool.env(bins, HERE)
        line = _first_line(tool.version_command(bins), env)
        versions[name] = _short_version(name, line)
    if "mvsite" in versions:
        snapshot = ", a snapshot taken at the start" if bins.mvsite_snapshot else ""
        python = interpreter(bins.get("mvsite").parent / "python")
        versions["mvsite"] += f" ({mvsite_source_state()}{snapshot}; on {python})"
    return versions


# How a CPython build is linked changes how fast pure-Python code runs on it: with libpython
# as a shared library (pyenv's default build, and so our machines' python3), calls between
# the interpreter's own functions go through the dynamic linker; Debian's python3 links it in.
_INTERPRETER = (
    "import platform; "
    "maps = open('/proc/self/maps', encoding='utf-8').read(); "
    "print(platform.python_implementation(), platform.python_version() + ',', "
    "'libpython shared' if 'libpython' in maps else 'libpython linked in')"
)


def interpreter(python: Path) -> str:
    """'CPython 3.11.7, libpython shared': the Python that runs mvsite, and how it is linked."""
    return _first_line([str(python), "-c", _INTERPRETER])


def _short_version(name: str, line: str) -> str:
    """'hugo v0.168.0-e27a…+extended linux/amd64 …' -> 'v0.168.0-e27a…+extended', etc."""
    words = line.replace(",", " ").split()
    for word in words:
        if any(ch.isdigit() for ch in word) and "." in word:
            return word.split("-")[0] if name == "hugo" else word
    return line


# -- one build --------------------------------------------------------------------------


def _site_dir(opts: Options, pages: int, tool: str) -> Path:
    languages = "-" + "-".join(opts.languages) if opts.languages else ""
    return opts.work / "sites" / f"{pages}{languages}" / tool


def _measure(
    opts: Options, bins: Binaries, tool: Tool, site: Path, cold: bool, tag: str
) -> Measurement:
    log = opts.work / "logs" / f"{tag}.log"
    cmd = tool.command(bins, site, cold)
    return run_measured(cmd, site, log, tool.env(bins, site), opts.timeout, opts.interval)


def _record(tool: str, kind: str, run: int, m: Measurement) -> RunRecord:
    status = "timeout" if m.timed_out else ("ok" if m.returncode == 0 else "failed")
    wall = m.wall_s if status == "ok" else None
    cpu = m.cpu_s if status == "ok" else None
    return RunRecord(tool, kind, run, status, wall, m.peak_rss_bytes, m.returncode, cpu)


def _log_tail(opts: Options, tag: str, lines: int = 15) -> str:
    path = opts.work / "logs" / f"{tag}.log"
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def build_once(
    opts: Options, bins: Binaries, tool: Tool, corpus: Corpus, kind: str, run: int
) -> RunRecord:
    """One timed build of ``kind`` (cold, noop or edit); an edit is undone afterwards."""
    pages = len(corpus.pages)
    site = _site_dir(opts, pages, tool.name)
    tag = f"{pages}-{tool.name}-{kind}-{run}"
    if kind == "cold":
        tool.clean_for_cold(site)
    if kind != "edit":
        return _record(tool.name, kind, run, _measure(opts, bins, tool, site, kind == "cold", tag))
    source = tool.page_source(site, corpus.edit_target())
    original = source.read_bytes()
    source.write_bytes(original + EDIT_TEXT.format(run=run).encode())
    try:
        return _record(tool.name, kind, run, _measure(opts, bins, tool, site, False, tag))
    finally:
        source.write_bytes(original)


def _progress_text(record: RunRecord, pages: int, opts: Options) -> str:
    head = f"{record.tool} {record.kind} {pages}p run {record.run}: "
    if record.status == "ok" and record.wall_s is not None:
        mib = (record.peak_rss_bytes or 0) / MIB
        return f"{head}{record.wall_s:.2f} s, {mib:.0f} MiB"
    if record.status == "timeout":
        return f"{head}timed out (> {opts.timeout:g} s)"
    return f"{head}{record.status}"


# -- checks -----------------------------------------------------------------------------


def count_built_pages(tool: Tool, site: Path, corpus: Corpus) -> int:
    """How many corpus pages have an HTML file in the tool's output."""
    return sum(tool.page_output(site, page) is not None for page in corpus.pages)


def edit_visible(tool: Tool, site: Path, corpus: Corpus, run: int) -> bool:
    built = tool.page_output(site, corpus.edit_target())
    marker = EDIT_TEXT.format(run=run).strip()
    return built is not None and marker in built.read_text(encoding="utf-8", errors="replace")


# -- rounds -----------------------------------------------------------------------------


def lay_out(opts: Options, corpus: Corpus) -> None:
    for name in opts.tools:
        site = _site_dir(opts, len(corpus.pages), name)
        print(f"[layout] {name}: {site}", file=sys.stderr, flush=True)
        TOOLS[name].layout(corpus, site)
        if opts.languages:
            add_translations(name, corpus, site, opts.languages)


def run_size(
    opts: Options, bins: Binaries, corpus: Corpus, result: SizeResult, progress: Progress
) -> None:
    """All rounds at one size: in each round every tool in turn, cold, no-op, then edit."""
    pages = len(corpus.pages)
    given_up: set[str] = set()
    for run in range(1, result.runs + 1):
        for name in opts.tools:
            tool = TOOLS[name]
            check = result.checks.setdefault(name, ToolCheck(pages))
            for kind in KINDS:
                if name in given_up:
                    record = RunRecord(name, kind, run, "skipped")
                else:
                    record = build_once(opts, bins, tool, corpus, kind, run)
                result.records.append(record)
                progress.report(_progress_text(record, pages, opts))
                if record.status in ("timeout", "failed"):
                    result.problems.append(_give_up(opts, record, pages, given_up))
                    continue
                if record.status == "ok":
                    _check_output(tool, _site_dir(opts, pages, name), corpus, kind, run, check)


def _give_up(opts: Options, record: RunRecord, pages: int, given_up: set[str]) -> str:
    """After a timeout or failure the tool's remaining builds at this size are skipped.

    Returns a line for the report's problem list.
    """
    given_up.add(record.tool)
    what = f"{record.tool} {record.kind} build, round {record.run}"
    if record.status == "timeout":
        problem = f"{what}: timed out after {opts.timeout:g} s"
    else:
        tail = _log_tail(opts, f"{pages}-{record.tool}-{record.kind}-{record.run}")
        print(tail, file=sys.stderr, flush=True)
        last = tail.splitlines()[-1].strip() if tail.strip() else "no output"
        problem = f"{what}: failed with exit code {record.returncode} (`{last[:200]}`)"
    print(f"[skip] {record.tool}: no more builds at {pages} pages", file=sys.stderr, flush=True)
    return f"{problem}; its remaining builds at this size were skipped."


def _check_output(
    tool: Tool, site: Path, corpus: Corpus, kind: str, run: int, check: ToolCheck
) -> None:
    if kind == "cold" and check.pages_built is None:
        check.pages_built = count_built_pages(tool, site, corpus)
    if kind == "edit" and check.edit_seen is not False:
        check.edit_seen = edit_visible(tool, site, corpus, run)


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM: stop like Ctrl-C, so the running build's process group is killed too."""
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    opts = parse_options(sys.argv[1:] if argv is None else argv)
    if opts.render_only:
        write_reports(load_json(opts.json_path), opts.out, opts.json_path)
        return 0
    with _sigterm_as_interrupt():
        run_all(opts)
    return 0


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """While the harness runs as the main program, SIGTERM stops it like Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_all(opts: Options) -> None:
    """Install, lay out and measure every size; the report is rewritten after each size."""
    bins = ensure_binaries(opts.tools, opts.work, opts.mvsite, opts.mvsite_jobs, opts.snapshot)
    machine, versions = machine_info(), tool_versions(opts.tools, bins)
    results = {} if opts.fresh else load_json(opts.json_path)
    progress = Progress(sum(opts.runs) * len(opts.tools) * len(KINDS))
    for pages, runs in zip(opts.sizes, opts.runs, strict=True):
        print(f"[corpus] {pages} pages", file=sys.stderr, flush=True)
        corpus = load_corpus(ensure_corpus(opts.work, pages, opts.seed))
        lay_out(opts, corpus)
        date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        result = SizeResult(
            pages, runs, opts.timeout, opts.command, date, machine, versions, list(opts.tools)
        )
        result.load_before = _load_average()
        run_size(opts, bins, corpus, result, progress)
        result.load_after = _load_average()
        results[pages] = result
        write_reports(results, opts.out, opts.json_path)
        print(f"[report] {opts.out}", file=sys.stderr, flush=True)
