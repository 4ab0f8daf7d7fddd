"""Search: the built pages and the figures -> a Pagefind index, as files under pagefind/.

Pagefind's binary (from the `pagefind[bin]` package) indexes a copy of the pages in a
temporary folder; its files come back as bytes, and the build writes them like any other.
(Its Python API waits 0.1 s for each page it is given: 100 s for 1,000 pages.) Pagefind
makes one index per language, from each page's <html lang>: a site in several languages
gets an index for each with nothing more here. Used only by a site with `search: true`.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from mvsite.errors import SiteError
from mvsite.render.assets import hashed_path
from mvsite.sources.digest import digest
from mvsite.sources.site_paths import CONFIG_NAME

INDEX_DIR = "pagefind"
# Pagefind's own search UIs: the search page has a script of its own (static/search.js).
_UNUSED = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.")


@dataclass(frozen=True)
class SearchRecord:
    """A search result that is not a page: a figure, found by its label."""

    url: str
    title: str
    content: str
    lang: str = ""  # its language's code ('': the site's)


def search_script() -> tuple[bytes, str]:
    """The search page's script, and its content-hashed output path."""
    script = (Path(__file__).parent / "search.js").read_bytes()
    return script, hashed_path("search/search.js", script)


def pagefind_version() -> str:
    from importlib import metadata  # (12 ms: only a site with search asks)

    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        raise SiteError(
            "search: true needs Pagefind, which is not installed",
            Path(CONFIG_NAME),
            None,
            "install it with: pip install 'pagefind[bin]' (or set search: false)",
        ) from None


def index_key(pages: Sequence[tuple[str, str]], records: Sequence[SearchRecord], lang: str) -> str:
    """What the index depends on: each page's URL and output key, the records, the language."""
    return digest(pagefind_version(), lang, repr(sorted(pages)), repr(sorted(records, key=repr)))


def build_index(
    pages: Sequence[tuple[str, str]], records: Sequence[SearchRecord], lang: str
) -> dict[str, bytes]:
    """[(file, html)] (the file as served at its URL with the base: 'site/a/index.html') and
    records -> Pagefind's files, by output path (under pagefind/)."""
    binary = _pagefind_binary()
    with tempfile.TemporaryDirectory(prefix="mvsite-pagefind-") as tmp:
        site, out = Path(tmp) / "site", Path(tmp) / INDEX_DIR
        for rel, html in pages:
            _put(site, rel, html)
        for number, record in enumerate(records):
            _put(site, f"_records/{number}.html", _record_html(record, record.lang or lang))
        command = [str(binary), "--site", str(site), "--output-path", str(out), "--silent"]
        # In a folder of its own: Pagefind reads a pagefind.yml it finds where it runs.
        ran = subprocess.run(command, cwd=tmp, capture_output=True, text=True, check=False)
        if ran.returncode != 0:
            said = (ran.stderr or ran.stdout).strip().splitlines()
            raise SiteError(
                f"Pagefind could not index the site: {said[-1] if said else ran.returncode}",
                Path(CONFIG_NAME),
                None,
                "reinstall it with: pip install --force-reinstall 'pagefind[bin]'",
            )
        files = {
            f"{INDEX_DIR}/{path.relative_to(out).as_posix()}": path.read_bytes()
            for path in sorted(out.rglob("*"))
            if path.is_file() and not path.name.startswith(_UNUSED)
        }
    entry = f"{INDEX_DIR}/{_ENTRY}"
    if entry in files:
        files[entry] = _in_order(files[entry])
    return files


_ENTRY = "pagefind-entry.json"


def _in_order(entry: bytes) -> bytes:
    """Pagefind's entry file with its languages sorted: it lists them in the order of a hash
    map, which differs from run to run (a build must be byte for byte the same)."""
    value = json.loads(entry)
    value["languages"] = dict(sorted(value.get("languages", {}).items()))
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _pagefind_binary() -> Path:
    pagefind_version()
    from pagefind_bin import get_executable  # type: ignore[import-untyped]

    try:
        return Path(get_executable())
    except FileNotFoundError as exc:
        raise SiteError(
            f"Pagefind's binary is missing: {exc}",
            Path(CONFIG_NAME),
            None,
            "reinstall it with: pip install --force-reinstall 'pagefind[bin]'",
        ) from None


def _put(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _record_html(record: SearchRecord, lang: str) -> str:
    """A record as a page for Pagefind, whose result points at record.url: the url meta, as
    Pagefind's own UI reads it (pagefind.app/docs/ui, "Overriding the URL of a result")."""
    return (
        f'<!doctype html><html lang="{escape(lang)}"><head><title>{escape(record.title)}'
        f'</title></head><body data-pagefind-body data-pagefind-meta="url:{escape(record.url)}">'
        f"<h1>{escape(record.title)}</h1><p>{escape(record.content)}</p></body></html>"
    )
