"""What safety costs: the sanitiser per page, and the template sandbox in a cold build.

    python benchmarks/safety_cost.py [--pages 1000] [--runs 5]

1. Sanitiser: every page of the bundled site and of the benchmark corpus is converted once;
   then the sanitiser alone is timed on each page's HTML (the best of 5 passes), and compared
   with the page's whole Markdown conversion.
2. Sandbox and sanitiser in a build: cold builds (`--no-cache`, fresh output) of both sites,
   taking turns: mvsite as it is, mvsite whose template environment is a plain
   `jinja2.Environment`, and mvsite whose sanitiser returns its HTML unchanged (each patched
   in for this measurement only). CPU seconds (the build's process and its workers) are
   compared, which a busy shared machine disturbs less than wall time; both are printed.
   The sanitiser costs more in a build than alone (step 1): there, two processes share the
   machine's caches, and each page's HTML is new to them.

A measurement, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from benchmarks.corpus import ensure_corpus, load_corpus  # noqa: E402
from benchmarks.tools import layout_mvsite  # noqa: E402
from mvsite.markdown.convert import MarkdownRenderer  # noqa: E402
from mvsite.markdown.converted import LinkTargets  # noqa: E402
from mvsite.markdown.sanitize import Policy, Sanitizer  # noqa: E402
from mvsite.sources.config import load_config  # noqa: E402
from mvsite.sources.pages import page_body  # noqa: E402
from mvsite.sources.site_paths import content_dir  # noqa: E402

_PLAIN_TEMPLATES = """
import sys, jinja2, mvsite.render.templates as render
class Plain(jinja2.Environment):
    pass
render.Sandbox = Plain
from mvsite.cli import main
sys.exit(main(sys.argv[1:]))
"""
_UNSANITISED = """
import sys, mvsite.markdown.sanitize as sanitize
sanitize.Sanitizer.clean = lambda self, html: html
from mvsite.cli import main
sys.exit(main(sys.argv[1:]))
"""
_AS_IS = "import sys\nfrom mvsite.cli import main\nsys.exit(main(sys.argv[1:]))\n"


def sanitiser_cost(site: Path) -> tuple[int, float, float]:
    """-> (pages, mean CPU µs the sanitiser takes per page, and Markdown with it)."""
    config = load_config(site)
    root = content_dir(site)
    targets = LinkTargets(pages={}, assets=frozenset())
    renderer = MarkdownRenderer(targets, config.allow_html)
    sanitizer = Sanitizer(Policy(config.allow_html, config.allow_style))
    html, convert = [], 0.0
    for src in sorted(root.rglob("*.md")):
        rel = src.relative_to(root).as_posix()
        body, line = page_body(src.read_text(encoding="utf-8"), src, False)
        start = time.process_time()
        html.append(renderer.render(body, rel, src, line).html)
        convert += time.process_time() - start
    passes = []
    for _ in range(5):
        start = time.process_time()
        for page in html:
            sanitizer.clean(page)
        passes.append(time.process_time() - start)
    return len(html), min(passes) / len(html) * 1e6, convert / len(html) * 1e6


def cold_build(site: Path, script: str) -> tuple[float, float]:
    """-> (wall s, CPU s of the build and its worker processes) of one cold build."""
    shutil.rmtree(site / "public", ignore_errors=True)
    shutil.rmtree(site / ".mvsite-cache", ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    argv = [sys.executable, "-c", script, "build", "--source", str(site), "--no-cache"]
    argv += ["--base-url", "https://example.org/"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, env=env, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


_VARIANTS = {"as is": _AS_IS, "plain Jinja": _PLAIN_TEMPLATES, "unsanitised": _UNSANITISED}


def build_costs(site: Path, runs: int) -> dict[str, tuple[float, float]]:
    """-> variant -> (median wall s, median CPU s), the variants taking turns run by run."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in _VARIANTS}
    cold_build(site, _AS_IS)  # warm the file system's cache
    for _ in range(runs):
        for name, script in _VARIANTS.items():
            times[name].append(cold_build(site, script))
    return {
        name: (statistics.median(w for w, _ in rows), statistics.median(c for _, c in rows))
        for name, rows in times.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bundled = Path(tmp) / "bundled"
        for part in ("content", "templates", "static", "mvsite.yaml"):
            source = ROOT / part
            if source.is_dir():
                shutil.copytree(source, bundled / part)
            elif source.exists():
                shutil.copy(source, bundled / part)
        corpus_site = Path(tmp) / "corpus"
        layout_mvsite(load_corpus(ensure_corpus(HERE / "work", args.pages)), corpus_site)
        for name, site in (("bundled site", bundled), (f"{args.pages}-page corpus", corpus_site)):
            pages, clean, convert = sanitiser_cost(site)
            print(
                f"{name}: sanitiser {clean:.0f} µs a page over {pages} pages"
                f" ({clean / convert:.1%} of the page's Markdown conversion, {convert:.0f} µs)"
            )
            result = build_costs(site, args.runs)
            wall, cpu = result["as is"]
            print(f"{name}: cold build, median of {args.runs}: {cpu:.2f} CPU s ({wall:.2f} s wall)")
            for variant, part in (("plain Jinja", "sandbox"), ("unsanitised", "sanitiser")):
                other_wall, other_cpu = result[variant]
                print(
                    f"  {variant}: {other_cpu:.2f} CPU s ({other_wall:.2f} s wall): the {part}"
                    f" costs {cpu / other_cpu - 1:+.1%} CPU, {wall / other_wall - 1:+.1%} wall"
                )


if __name__ == "__main__":
    main()
