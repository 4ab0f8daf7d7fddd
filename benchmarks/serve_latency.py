"""Save-to-screen latency of `mvsite serve`: edit a page's body, time until Chromium shows it.

    .venv/bin/python benchmarks/serve_latency.py                 # bundled site, 1,000, 10,000
    .venv/bin/python benchmarks/serve_latency.py --pages 1000 --saves 20 --no-bundled

For the bundled site and each corpus size (laid out as `benchmarks/run.py` does for mvsite):
start `mvsite serve` on a free port, open the edited page in Chromium (Playwright driving
Debian's /usr/bin/chromium, or $CHROME_PATH), then for each save: write the page's Markdown
with a new sentence and time from just before the write to the first animation frame in
which the page holds the sentence (measured in the page, so the reload, the load and the
layout are all in). One save before the measured ones warms up. The table gives median,
min and max per site, and the server's own "Rebuilt in N ms" (build and write) so the
build's share is visible; "page load" is from the reload starting to the sentence shown;
"other" is the rest (watching, writing, notifying the page).

A benchmark, not a test: CI runs none of this. Needs the project's .venv (Playwright).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import ensure_corpus, load_corpus
from benchmarks.tools import layout_mvsite
from tests.browser.qa import CHROME_FLAGS, chrome_path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / "work"
BUNDLED_PAGE = "content/research/cancer.md"
TARGETS_MS = {"bundled": 100.0, 1000: 100.0, 10000: 250.0, 50000: 150.0}  # 50,000: #17
# In every document of the tab: note the first frame in which the wanted sentence is there.
SEEN_SCRIPT = """(() => {
  const want = sessionStorage.getItem("benchWant");
  if (!want) return;
  const tick = () => {
    if (document.body && document.body.textContent.includes(want)) {
      if (!sessionStorage.getItem("benchSeen")) {
        const now = performance.timeOrigin + performance.now();
        sessionStorage.setItem("benchSeen", JSON.stringify([performance.timeOrigin, now]));
      }
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();"""
REBUILT = re.compile(r"Rebuilt in (\d+) ms \(writing (\d+) ms\)")


@dataclass
class Result:
    name: str
    pages: int
    target_ms: float
    latencies_ms: list[float] = field(default_factory=list)
    rebuilds_ms: list[float] = field(default_factory=list)  # the server's "Rebuilt in N ms"
    writes_ms: list[float] = field(default_factory=list)  # of which writing the files
    loads_ms: list[float] = field(default_factory=list)  # reload started -> sentence shown
    startup_s: float = 0.0


@dataclass
class Server:
    proc: subprocess.Popen[str]
    port: int
    lines: list[str] = field(default_factory=list)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, pattern: re.Pattern[str], after: int, timeout: float) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while True:
            found = pattern.search(self.output, after)
            if found:
                return found
            if self.proc.poll() is not None:
                raise RuntimeError(f"mvsite serve exited:\n{self.output[-3000:]}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {pattern.pattern!r} in:\n{self.output[-3000:]}")
            time.sleep(0.005)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(site: Path) -> Server:
    port = free_port()
    cmd = [sys.executable, "-m", "mvsite", "serve", "--source", str(site), "--port", str(port)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    server = Server(proc, port)
    stream = proc.stdout
    assert stream is not None
    threading.Thread(target=lambda: server.lines.extend(stream), daemon=True).start()
    return server


def stop_server(server: Server) -> None:
    if server.proc.poll() is None:
        server.proc.send_signal(signal.SIGINT)
        try:
            server.proc.wait(120)  # 10,000 pages: a few seconds to delete its folder
        except subprocess.TimeoutExpired:
            server.proc.kill()
            server.proc.wait()


def bundled_site(dest: Path) -> tuple[Path, str]:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("content", "templates", "static"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy2(ROOT / "mvsite.yaml", dest / "mvsite.yaml")
    return dest, BUNDLED_PAGE


def corpus_site(pages: int, dest: Path) -> tuple[Path, str]:
    corpus = load_corpus(ensure_corpus(WORK, pages))
    layout_mvsite(corpus, dest)
    return dest, "content/" + corpus.edit_target().rel


def page_url(rel: str) -> str:
    """'content/research/cancer.md' -> '/research/cancer/' (pages without a slug)."""
    return "/" + rel.removeprefix("content/").removesuffix(".md") + "/"


def measure(
    browser: Any, name: str, site: Path, rel: str, target: float, saves: int, timeout: float
) -> Result:
    started = time.monotonic()
    server = start_server(site)
    try:
        built = server.wait_for(re.compile(r"Built (\d+) pages"), 0, timeout)
        server.wait_for(re.compile("Serving http://"), 0, timeout)
        result = Result(name, int(built.group(1)), target, startup_s=time.monotonic() - started)
        context = browser.new_context()
        context.add_init_script(SEEN_SCRIPT)
        page = context.new_page()
        page.set_default_timeout(max(30_000, timeout * 1000))
        told: list[object] = []  # what the page's live-reload socket said
        page.on(
            "websocket", lambda socket: socket.on("framereceived", lambda frame: told.append(frame))
        )
        page.goto(f"http://127.0.0.1:{server.port}{page_url(rel)}")
        while not told:
            page.wait_for_timeout(10)
        source = site / rel
        original = source.read_text(encoding="utf-8")
        for i in range(saves + 1):  # the first one warms up
            latency, rebuild, write, load = _one_save(page, server, source, original, f"B {i}.")
            if i:
                result.latencies_ms.append(latency)
                result.rebuilds_ms.append(rebuild)
                result.writes_ms.append(write)
                result.loads_ms.append(load)
            time.sleep(0.3)
        source.write_text(original, encoding="utf-8")
        context.close()
        return result
    finally:
        stop_server(server)


def _one_save(
    page: Any, server: Server, source: Path, original: str, sentence: str
) -> tuple[float, float, float, float]:
    """(save -> shown, the server's rebuild, its writing, reload started -> shown), in ms."""
    page.evaluate(
        "w => { sessionStorage.setItem('benchWant', w); sessionStorage.removeItem('benchSeen'); }",
        sentence,
    )
    mark = len(server.output)
    saved_ms = time.time() * 1000
    source.write_text(f"{original.rstrip()}\n\n{sentence}\n", encoding="utf-8")
    page.wait_for_function("() => sessionStorage.getItem('benchSeen')")
    reloaded_ms, seen_ms = json.loads(page.evaluate("() => sessionStorage.getItem('benchSeen')"))
    rebuilt = server.wait_for(REBUILT, mark, 30)
    rebuild, write = float(rebuilt.group(1)), float(rebuilt.group(2))
    return seen_ms - saved_ms, rebuild, write, seen_ms - reloaded_ms


def _other(r: Result) -> list[float]:
    """Watch, write and notify: what is neither the rebuild nor the page's own load."""
    parts = zip(r.latencies_ms, r.rebuilds_ms, r.loads_ms, strict=True)
    return [total - build - load for total, build, load in parts]


def table(results: Sequence[Result]) -> str:
    """Markdown table; all columns but start-up are medians, in milliseconds, per save."""
    head = (
        "| site | pages | saves | median ms | min ms | max ms | rebuild ms | of which writing "
        "| page load ms | other ms | target | met | start-up s |"
    )
    rows = [head, "|" + "---|" * 13]
    for r in results:
        median = statistics.median(r.latencies_ms)
        rows.append(
            f"| {r.name} | {r.pages:,} | {len(r.latencies_ms)} | {median:.0f} "
            f"| {min(r.latencies_ms):.0f} | {max(r.latencies_ms):.0f} "
            f"| {statistics.median(r.rebuilds_ms):.0f} | {statistics.median(r.writes_ms):.0f} "
            f"| {statistics.median(r.loads_ms):.0f} "
            f"| {statistics.median(_other(r)):.0f} | < {r.target_ms:.0f} ms "
            f"| {'yes' if median < r.target_ms else 'NO'} | {r.startup_s:.1f} |"
        )
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--no-bundled", action="store_true", help="skip the bundled site")
    parser.add_argument("--saves", type=int, default=10, help="measured saves per site")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds for start-up")
    parser.add_argument(
        "--out", type=Path, default=None, help="also write the report here (Markdown)"
    )
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    chrome = str(chrome_path())
    sites: list[tuple[str, Any, float]] = []
    if not args.no_bundled:
        sites.append(("bundled site", lambda d: bundled_site(d), TARGETS_MS["bundled"]))
    for n in args.pages:
        target = TARGETS_MS.get(n, 250.0 if n > 1000 else 100.0)
        sites.append((f"corpus {n:,}", lambda d, n=n: corpus_site(n, d), target))
    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chrome, args=CHROME_FLAGS)
        for name, lay_out, target in sites:
            print(f"[serve_latency] {name}: laying out", file=sys.stderr, flush=True)
            site, rel = lay_out(WORK / "serve" / name.replace(" ", "-").replace(",", ""))
            print(f"[serve_latency] {name}: serving, {args.saves} saves", file=sys.stderr)
            result = measure(browser, name, site, rel, target, args.saves, args.timeout)
            print(f"[serve_latency] {name}: {result.latencies_ms}", file=sys.stderr)
            results.append(result)
        browser.close()
    report = report_text(results, argv if argv is not None else sys.argv[1:])
    print(report)
    if args.out is not None:
        args.out.write_text(report, encoding="utf-8")
    return 0


def report_text(results: Sequence[Result], argv: Sequence[str]) -> str:
    """The table, with the command, the date and the machine's load: what a reader needs."""
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    command = " ".join(["python benchmarks/serve_latency.py", *argv])
    return (
        "# Preview latency: save to screen\n\n"
        f"- Command: `{command}`\n"
        f"- Date: {when}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        " after the run.\n"
        "- All columns but start-up are medians over the saves, in milliseconds.\n\n"
        f"{table(results)}\n"
    )


if __name__ == "__main__":
    raise SystemExit(main())
