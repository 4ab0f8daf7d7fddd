"""`mvsite translations`: the state of every page in every language; `--done LANG PAGE...`
records that a translation says what its original says now."""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import tempfile
from pathlib import Path

from mvsite.check.theme_strings import missing_theme_strings, theme_gaps
from mvsite.check.translation_findings import site_translations
from mvsite.check.translation_table import language_counts, page_table, statuses_json
from mvsite.errors import EXIT_OK, SiteError
from mvsite.sources.config import Config, load_config
from mvsite.sources.languages import source_language, translation_rel
from mvsite.sources.page_urls import SECTION_FILE, SECTION_FILES
from mvsite.sources.textfile import read_source_text
from mvsite.sources.translation_digest import (
    recorded_digest,
    translation_digest,
    with_recorded_digest,
)


def run_translations(args: argparse.Namespace) -> int:
    """Print the status table (or JSON), or record translations as done; the exit code."""
    config = load_config(args.source.absolute())
    if args.done:
        for page in args.pages:
            print(record_done(config, args.done, page))
        return EXIT_OK
    if args.pages:
        raise SiteError(
            "pages are named only with --done", hint="mvsite translations --done da PAGE"
        )
    languages = config.site_languages
    if len(languages) < 2:
        print(f"The site has one language ({languages[0].code}): nothing is translated.")
        return EXIT_OK
    site = site_translations(config)
    if site.problems:
        raise site.problems[0]
    missing, _ = missing_theme_strings(config)
    gaps = theme_gaps(missing)
    if args.json:
        report = statuses_json(site.statuses, languages, gaps, config.shown_content)
        print(json.dumps(report, indent=2))
    else:
        print(page_table(site.statuses, languages))
        print(language_counts(site.statuses, languages, gaps), end="")
    return EXIT_OK


def record_done(config: Config, code: str, given: str) -> str:
    """Record in the `code` translation of page `given` the digest its original has now;
    the line to print."""
    key = original_key(config, given, code)
    rel = translation_rel(key, code, config.site_languages)
    src, shown = config.content_dir / rel, config.shown_content / rel
    if not src.is_file():
        raise SiteError(
            "there is no such translation",
            shown,
            None,
            f"make it first: mvsite new --translate {code} {key}",
        )
    original = config.content_dir / key
    current = translation_digest(read_source_text(original), config.shown_content / key)
    text = read_source_text(src, shown)
    if recorded_digest(text, shown).digest == current:
        return f"{shown} already records the version of {config.shown_content / key} it has now"
    bom = "\ufeff" if src.read_bytes().startswith(b"\xef\xbb\xbf") else ""  # kept as it was
    write_text(src, bom + with_recorded_digest(text, current, shown), shown)
    return f"Recorded: {shown} says what {config.shown_content / key} says now"


def original_key(config: Config, given: str, code: str) -> str:
    """A page as an editor names it ('research/cancer.md', 'content/research/cancer',
    'research/cancer.da.md', a section's folder 'research') -> the original's path in
    content/, checked to exist."""
    languages = config.site_languages
    check_language(config, code)
    rel = _page_rel(config, given)
    found = source_language(rel, languages, config.shown_content / rel)
    if found.code not in (code, languages[0].code):
        raise SiteError(
            f"{given} is the {found.code} version of {found.key}, not the {code} one",
            hint=f"name the original: {found.key}",
        )
    if not (config.content_dir / found.key).is_file():
        raise SiteError(
            f"there is no page {config.shown_content / found.key}",
            hint="name a page by its file in the content folder, e.g. research/cancer.md",
        )
    return found.key


def _page_rel(config: Config, given: str) -> str:
    """The file in content/ an editor means: .md added; a folder's page for a folder."""
    rel = posixpath.normpath(given.strip().replace("\\", "/")).strip("/")
    content = posixpath.normpath(config.shown_content.as_posix())
    rel = "" if rel in (content, ".") else rel.removeprefix(content + "/")
    if rel == ".." or rel.startswith("../"):
        raise SiteError(
            f"{given} is outside the content folder", hint="name a page in the content folder"
        )
    folder = config.content_dir / rel
    if rel.endswith(".md") or not folder.is_dir():
        return rel if rel.endswith(".md") else rel + ".md"
    names = [name for name in SECTION_FILES if (folder / name).is_file()] or [SECTION_FILE]
    return f"{rel}/{names[0]}".lstrip("/")


def check_language(config: Config, code: str) -> None:
    """`code` must be one of the site's languages other than the default."""
    languages = config.site_languages
    others = ", ".join(language.code for language in languages[1:])
    if code == languages[0].code:
        raise SiteError(
            f"'{code}' is the site's default language: its pages are the originals",
            hint=f"name one of the site's other languages ({others or 'it has none'})",
        )
    if all(code != language.code for language in languages):
        every = ", ".join(language.code for language in languages)
        raise SiteError(
            f"'{code}' is not one of the site's languages ({every})",
            hint=f"add {code} under languages: in the site's config"
            + (f", or name one of {others}" if others else ""),
        )


def write_text(dest: Path, text: str, shown: Path) -> None:
    """Replace `dest` with `text` at once (a temporary file beside it, then a rename),
    keeping its permissions."""
    try:
        mode = dest.stat().st_mode & 0o7777
        handle, temp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.")
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temp, mode)
        os.replace(temp, dest)
    except OSError as exc:
        raise SiteError(
            f"cannot write {shown}: {exc.strerror or exc}", shown, None, "check its permissions"
        ) from None
