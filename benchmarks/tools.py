"""The generators under test: how each lays the corpus out, builds it, and where its output goes.

Every peer gets the same pages and an equally minimal theme (title, body, the section's 20
newest pages, plus a list page per section and a home page), kept in ``benchmarks/themes/``.
Relative ``.md`` links are rewritten to each peer's URL scheme while laying out, outside the
timed build; MkDocs and mvsite resolve ``.md`` links themselves and get the pages unchanged.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpus import Corpus, CorpusPage, links_to_html

THEMES = Path(__file__).resolve().parent / "themes"
SITE_TITLE = "Example Observatory"
MVSITE_CONFIG = (
    f'title: "{SITE_TITLE}"\n'
    "# Front matter keys of the corpus that mvsite does not know itself.\n"
    "allowed_front_matter: [summary, section]\n"
)


@dataclass(frozen=True)
class Binaries:
    """Executables of the tools (None where a tool is not installed or not wanted)."""

    mvsite: Path | None = None
    hugo: Path | None = None
    pelican: Path | None = None
    mkdocs: Path | None = None
    eleventy: Path | None = None
    node_modules: Path | None = None
    mvsite_jobs: int | None = None
    # A copy of the mvsite package to run (`python -m mvsite` with it first on PYTHONPATH)
    # instead of the installed one, so that edits to src/ during a run do not change it.
    mvsite_snapshot: Path | None = None

    def get(self, name: str) -> Path:
        path = getattr(self, name)
        if path is None:
            raise RuntimeError(f"{name} is not installed")
        return Path(path)


@dataclass(frozen=True)
class Tool:
    """One generator: layout, build command, output and caches, all relative to its site dir."""

    name: str
    content_dir: str  # pages are at <site>/<content_dir>/<section>/<slug>.md
    output_dir: str
    cold_paths: tuple[str, ...]  # glob patterns removed before a cold build
    layout: Callable[[Corpus, Path], None]
    command: Callable[[Binaries, Path, bool], list[str]]  # (binaries, site, cold)
    env: Callable[[Binaries, Path], dict[str, str]]
    version_args: tuple[str, ...] = ("--version",)

    def version_command(self, bins: Binaries) -> list[str]:
        if self.name == "mvsite":
            return [*_mvsite_prefix(bins), *self.version_args]
        return [str(bins.get(self.name)), *self.version_args]

    def page_source(self, site: Path, page: CorpusPage) -> Path:
        return site / self.content_dir / page.rel

    def page_output(self, site: Path, page: CorpusPage) -> Path | None:
        """The HTML file built for ``page``, as `<section>/<slug>.html` or `…/<slug>/index.html`."""
        out = site / self.output_dir / page.section
        for candidate in (out / f"{page.slug}.html", out / page.slug / "index.html"):
            if candidate.is_file():
                return candidate
        return None

    def clean_for_cold(self, site: Path) -> None:
        for pattern in self.cold_paths:
            for path in site.glob(pattern):
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink(missing_ok=True)


# -- layout helpers ---------------------------------------------------------------------


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _fresh_site(site: Path, theme: str | None) -> None:
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    if theme is not None:
        ignore = shutil.ignore_patterns("section.11tydata.js")
        shutil.copytree(THEMES / theme, site, dirs_exist_ok=True, ignore=ignore)


def _page_text(page: CorpusPage, front: str | None = None, html_links: bool = False) -> str:
    body = links_to_html(page.body) if html_links else page.body
    front = page.front_matter if front is None else front
    return f"---\n{front}---\n{body}"


def _write_pages(corpus: Corpus, dest: Path, render: Callable[[CorpusPage], str]) -> None:
    for section in {page.section for page in corpus.pages}:
        (dest / section).mkdir(parents=True, exist_ok=True)
    for page in corpus.pages:
        (dest / page.rel).write_text(render(page), encoding="utf-8")


def _copy_images(corpus: Corpus, dest: Path) -> None:
    shutil.copytree(corpus.images, dest, dirs_exist_ok=True)


def pelican_metadata(front_matter: str) -> str:
    """Turn the corpus's YAML front matter into Pelican's `Key: value` Markdown metadata."""
    fields: dict[str, str] = {}
    lists: dict[str, list[str]] = {}
    key = ""
    for line in front_matter.splitlines():
        if line.startswith("  - "):
            lists.setdefault(key, []).append(line[4:].strip())
            continue
        key, _, value = line.partition(":")
        value = value.strip()
        if value.startswith('"'):
            value = json.loads(value)  # the corpus's double-quoted scalars are JSON strings
        if value:
            fields[key] = value
    fields.update({k: ", ".join(v) for k, v in lists.items()})
    return "".join(f"{k.capitalize()}: {v}\n" for k, v in fields.items()) + "\n"


# -- per-tool layouts -------------------------------------------------------------------


def layout_mvsite(corpus: Corpus, site: Path) -> None:
    """mvsite: pages unchanged under content/, data under content/_data, packaged theme."""
    _fresh_site(site, None)
    _write_pages(corpus, site / "content", _page_text)
    _copy_images(corpus, site / "content" / "images")
    _write(site / "content" / "_data" / "stats.yaml", corpus.stats.read_text(encoding="utf-8"))
    _write(site / "mvsite.yaml", MVSITE_CONFIG)


def layout_hugo(corpus: Corpus, site: Path) -> None:
    _fresh_site(site, "hugo")
    _write_pages(corpus, site / "content", lambda p: _page_text(p, html_links=True))
    _copy_images(corpus, site / "static" / "images")
    _write(site / "data" / "stats.yaml", corpus.stats.read_text(encoding="utf-8"))


def layout_eleventy(corpus: Corpus, site: Path) -> None:
    _fresh_site(site, "eleventy")
    _write_pages(corpus, site, lambda p: _page_text(p, html_links=True))
    section_data = (THEMES / "eleventy" / "section.11tydata.js").read_text(encoding="utf-8")
    for section in {page.section for page in corpus.pages}:
        _write(site / section / f"{section}.11tydata.js", section_data)
    _copy_images(corpus, site / "images")
    _write(site / "_data" / "stats.yaml", corpus.stats.read_text(encoding="utf-8"))


def layout_pelican(corpus: Corpus, site: Path) -> None:
    _fresh_site(site, "pelican")

    def render(page: CorpusPage) -> str:
        return pelican_metadata(page.front_matter) + links_to_html(page.body)

    _write_pages(corpus, site / "content", render)
    _copy_images(corpus, site / "content" / "images")


def layout_mkdocs(corpus: Corpus, site: Path) -> None:
    _fresh_site(site, "mkdocs")
    _write_pages(corpus, site / "docs", _page_text)
    _copy_images(corpus, site / "docs" / "images")


# -- build commands ---------------------------------------------------------------------


def _base_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("VIRTUAL_ENV", None)
    return env


def _plain_env(bins: Binaries, site: Path) -> dict[str, str]:
    return _base_env()


def _hugo_env(bins: Binaries, site: Path) -> dict[str, str]:
    return {**_base_env(), "HUGO_CACHEDIR": str(site / ".hugo-cache")}


def _eleventy_env(bins: Binaries, site: Path) -> dict[str, str]:
    return {**_base_env(), "NODE_PATH": str(bins.get("node_modules"))}


def _mvsite_env(bins: Binaries, site: Path) -> dict[str, str]:
    env = _base_env()
    if bins.mvsite_snapshot is not None:
        env["PYTHONPATH"] = str(bins.mvsite_snapshot)
    return env


def _mvsite_prefix(bins: Binaries) -> list[str]:
    exe = bins.get("mvsite")
    if bins.mvsite_snapshot is not None:
        # The interpreter of mvsite's own environment, so the same dependencies are used.
        return [str(exe.parent / "python"), "-m", "mvsite"]
    return [str(exe)]


def _mvsite_cmd(bins: Binaries, site: Path, cold: bool) -> list[str]:
    cmd = [*_mvsite_prefix(bins), "build", "--source", str(site)]
    cmd += ["--output", str(site / "public")]
    if bins.mvsite_jobs is not None:
        cmd += ["--jobs", str(bins.mvsite_jobs)]
    return cmd


def _hugo_cmd(bins: Binaries, site: Path, cold: bool) -> list[str]:
    cmd = [str(bins.get("hugo")), "--quiet", "--destination", "public"]
    return [*cmd, "--ignoreCache"] if cold else cmd


def _eleventy_cmd(bins: Binaries, site: Path, cold: bool) -> list[str]:
    return [str(bins.get("eleventy")), "--quiet"]


def _pelican_cmd(bins: Binaries, site: Path, cold: bool) -> list[str]:
    return [str(bins.get("pelican")), "content", "-o", "output", "-s", "pelicanconf.py", "-q"]


def _mkdocs_cmd(bins: Binaries, site: Path, cold: bool) -> list[str]:
    return [str(bins.get("mkdocs")), "build", "--quiet"]


TOOLS: dict[str, Tool] = {
    tool.name: tool
    for tool in (
        Tool(
            "mvsite",
            "content",
            "public",
            ("public", ".mvsite-cache", ".public.mvsite-*"),
            layout_mvsite,
            _mvsite_cmd,
            _mvsite_env,
        ),
        Tool(
            "hugo",
            "content",
            "public",
            ("public", "resources", ".hugo-cache", ".hugo_build.lock"),
            layout_hugo,
            _hugo_cmd,
            _hugo_env,
            ("version",),
        ),
        Tool(
            "eleventy",
            ".",
            "_site",
            ("_site", ".cache"),
            layout_eleventy,
            _eleventy_cmd,
            _eleventy_env,
        ),
        Tool(
            "pelican",
            "content",
            "output",
            ("output", "cache", "__pycache__"),
            layout_pelican,
            _pelican_cmd,
            _plain_env,
        ),
        Tool("mkdocs", "docs", "site", ("site",), layout_mkdocs, _mkdocs_cmd, _plain_env),
    )
}
PEERS = tuple(name for name in TOOLS if name != "mvsite")
