"""Real-world Markdown: MkDocs projects from PyPI source distributions, built by mvsite as
they stand and by `mkdocs build`, compared.

    python benchmarks/realworld.py [--out benchmarks/REALWORLD.md]

Each project's sdist (pinned below) is fetched with `pip download --no-deps --no-binary
:all:` into a cache outside the repository ($MVSITE_CORPUS_CACHE, else ~/.cache/mvsite-corpus;
never committed). One throwaway venv there holds MkDocs, what each project's docs build
needs (Project.requires) and this checkout of mvsite. For each project:

- mvsite builds it as it stands (`mvsite build` in the folder with its mkdocs.yml): exit 0
  whenever MkDocs builds it, else a located error (`path:line: message`), never a traceback;
- `python -m mkdocs build` builds it (as projects run it: their own folder importable) with
  its theme and plugins replaced by MkDocs' default theme (what is compared is the pages,
  not the look);
- when both built: mvsite made a page for every page MkDocs made, and every internal link
  (href/src) in mvsite's output resolves to a file of the output (but in the docs folder's
  own .html files, published as they are).

Standard library only; prints a table and writes it as Markdown to --out.
"""

from __future__ import annotations

import argparse
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import venv
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Project:
    name: str
    version: str
    # What its docs build needs installed, as its own docs requirements say: the Markdown
    # extensions its mkdocs.yml names, and what they import (mkautodoc imports the package
    # it documents; `!!python/name:material...` names code of the Material theme).
    requires: tuple[str, ...] = ()


MATERIAL = "mkdocs-material==9.5.39"
CORPUS = (
    Project("starlette", "0.41.3", ("mkautodoc==0.2.0", "starlette[full]==0.41.3")),
    Project("markdown", "3.7", ("mdx_gh_links==0.4",)),
    Project("mkdocs-autorefs", "1.2.0", ("markdown-callouts==0.4.0", MATERIAL)),
    Project("pymdown-extensions", "10.12", (MATERIAL,)),
    # Tabs, and slugs made by `!!python/object/apply:pymdownx.slugs.slugify` as Material's
    # docs write them; its MkDocs hook imports the package itself.
    Project(
        "mkdocstrings-python",
        "2.0.11",
        ("markdown-callouts==0.4.0", MATERIAL, "mkdocstrings-python==2.0.11"),
    ),
)
TOOLS = ("mkdocs==1.6.1", "pymdown-extensions==10.12")
_LOCATED = re.compile(r"^error: \S+?(:\d+)?: ", re.MULTILINE)


def cache_dir() -> Path:
    return Path(os.environ.get("MVSITE_CORPUS_CACHE") or Path.home() / ".cache/mvsite-corpus")


def run(argv: list[str], cwd: Path | None = None) -> tuple[int, str, float]:
    started = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=900)
    return proc.returncode, proc.stdout + proc.stderr, time.perf_counter() - started


def tool_venv(cache: Path) -> Path:
    """The venv with MkDocs, every project's extensions and this mvsite; made once."""
    folder = cache / "venv"
    python = folder / "bin" / "python"
    wanted = sorted({*TOOLS, *(r for p in CORPUS for r in p.requires)})
    stamp = folder / "installed.txt"
    if stamp.is_file() and stamp.read_text() == "\n".join(wanted):
        return python
    shutil.rmtree(folder, ignore_errors=True)
    venv.create(folder, with_pip=True)
    code, out, _ = run([str(python), "-m", "pip", "install", "-q", *wanted, "-e", str(ROOT)])
    if code != 0:
        raise SystemExit(f"installing the tools failed:\n{out}")
    stamp.write_text("\n".join(wanted))
    return python


def fetch(project: Project, cache: Path, python: Path) -> Path:
    """The project's unpacked sdist (fetched and unpacked once)."""
    sdists = cache / "sdists"
    sdists.mkdir(parents=True, exist_ok=True)
    spec = f"{project.name}=={project.version}"
    found = [p for p in sdists.glob("*.tar.gz") if _is_sdist_of(p, project)]
    if not found:
        argv = [str(python), "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:"]
        code, out, _ = run([*argv, spec, "-d", str(sdists)])
        if code != 0:
            raise SystemExit(f"pip download {spec} failed:\n{out}")
        found = [p for p in sdists.glob("*.tar.gz") if _is_sdist_of(p, project)]
    unpacked = cache / "src"
    with tarfile.open(found[0]) as archive:
        top = archive.getnames()[0].split("/")[0]
        if not (unpacked / top).is_dir():
            archive.extractall(unpacked, filter="data")
    return unpacked / top


def _is_sdist_of(path: Path, project: Project) -> bool:
    stem = path.name.removesuffix(".tar.gz").lower().replace("-", "_")
    return stem == f"{project.name.replace('-', '_')}_{project.version}"


def mkdocs_pages(site: Path) -> set[str]:
    """The pages MkDocs wrote, as site paths ('guide/install/')."""
    pages = set()
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if rel == "404.html" or rel.startswith(("search/", "assets/")):
            continue
        pages.add(rel.removesuffix("index.html"))
    return pages


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.targets.append(value)


def broken_links(site: Path, base_path: str, copies: frozenset[str] = frozenset()) -> list[str]:
    """Internal links in the built site that reach no file: 'page.html -> target'. `copies`
    are HTML files of the docs folder published as they are (a theme's templates, say):
    their links are the project's, not made by the build."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        if page.relative_to(site).as_posix() in copies:
            continue
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for target in parser.targets:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            path = unquote(parts.path)
            if path.startswith("/"):
                if not path.startswith(base_path):
                    broken.append(f"{page.relative_to(site)} -> {target}")
                    continue
                resolved = site / path.removeprefix(base_path)
            else:
                resolved = page.parent / path
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists():
                broken.append(f"{page.relative_to(site)} -> {target}")
    return broken


def html_copies(source: Path) -> frozenset[str]:
    """The .html files of the project's docs folder, as paths of the site."""
    found = re.search(r"^docs_dir:\s*['\"]?([^'\"\s]+)", (source / "mkdocs.yml").read_text(), re.M)
    docs = source / (found.group(1) if found else "docs")
    return frozenset(p.relative_to(docs).as_posix() for p in docs.rglob("*.html"))


@dataclass(frozen=True)
class Outcome:
    project: Project
    mvsite: str  # 'built' or the located error's first line
    mvsite_pages: int
    mvsite_seconds: float
    mkdocs: str
    mkdocs_pages: int
    mkdocs_seconds: float
    missing: tuple[str, ...]  # pages MkDocs made that mvsite did not
    broken: tuple[str, ...]
    traceback: bool


def compare(project: Project, source: Path, python: Path, work: Path) -> Outcome:
    mv_out, mk_out = work / f"{project.name}-mvsite", work / f"{project.name}-mkdocs"
    for folder in (mv_out, mk_out):
        shutil.rmtree(folder, ignore_errors=True)
    # The `mvsite` command, as a user runs it: `python -m` would put the project's folder
    # first on sys.path, and the markdown project's docs would be built by its own checkout.
    argv = [str(python.parent / "mvsite"), "build", "-q", "--no-cache", "-o", str(mv_out)]
    code, out, mv_seconds = run([*argv, "--base-url", "/"], cwd=source)
    traceback = "Traceback" in out
    if code == 0:
        mv_status, mv_pages = "built", {*mkdocs_pages(mv_out)}
    else:
        located = _LOCATED.search(out)
        mv_status = (out[located.start() :] if located else out).splitlines()[0]
        mv_pages = set()
    override = source / "mkdocs.corpus.yml"
    override.write_text("INHERIT: mkdocs.yml\ntheme:\n  name: mkdocs\nplugins: []\n")
    # As a project runs it (`python -m mkdocs`): its own folder is importable, as its
    # mkdocs.yml may name its own code.
    mkdocs = [str(python), "-m", "mkdocs", "build", "-q", "-f", str(override)]
    code, out, mk_seconds = run([*mkdocs, "-d", str(mk_out)], cwd=source)
    if code == 0:
        mk_status, mk_pages = "built", mkdocs_pages(mk_out)
    else:
        last = [line for line in out.splitlines() if line.strip()]
        mk_status, mk_pages = "failed: " + (last[-1][:120] if last else f"exit {code}"), set()
    both = mv_status == mk_status == "built"
    return Outcome(
        project,
        mv_status,
        len(mv_pages),
        mv_seconds,
        mk_status,
        len(mk_pages),
        mk_seconds,
        tuple(sorted(mk_pages - mv_pages)) if both else (),
        tuple(broken_links(mv_out, "/", html_copies(source))) if mv_status == "built" else (),
        traceback,
    )


def markdown_table(outcomes: list[Outcome]) -> str:
    lines = [
        "| project | mvsite | pages | s | mkdocs build | pages | s | missing | broken links |",
        "|---|---|--:|--:|---|--:|--:|--:|--:|",
    ]
    for o in outcomes:
        name = f"{o.project.name} {o.project.version}"
        lines.append(
            f"| {name} | {o.mvsite.replace('|', '/')} | {o.mvsite_pages} | "
            f"{o.mvsite_seconds:.2f} | {o.mkdocs.replace('|', '/')} | {o.mkdocs_pages} | "
            f"{o.mkdocs_seconds:.2f} | {len(o.missing)} | {len(o.broken)} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=None, help="write the table here too")
    parser.add_argument("--only", default=None, help="comma-separated project names")
    args = parser.parse_args(argv)
    cache = cache_dir()
    python = tool_venv(cache)
    chosen = [p for p in CORPUS if args.only is None or p.name in args.only.split(",")]
    outcomes = []
    for project in chosen:
        source = fetch(project, cache, python)
        outcome = compare(project, source, python, cache / "out")
        outcomes.append(outcome)
        print(markdown_table([outcome]).splitlines()[-1], flush=True)
        for line in (*outcome.missing[:5], *outcome.broken[:5]):
            print("   ", line)
    table = markdown_table(outcomes)
    print(table)
    if args.out is not None:
        args.out.write_text(table)
    failed = any(
        o.traceback
        or o.missing
        or o.broken
        or (o.mvsite != "built" and not o.mvsite.startswith("error: "))
        or (o.mkdocs == "built" and o.mvsite != "built")  # what MkDocs builds, mvsite builds
        for o in outcomes
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
