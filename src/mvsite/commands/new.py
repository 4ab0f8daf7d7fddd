"""`mvsite new`: a new page or section, as a Markdown file that builds as it stands.

The file's text is made by pure functions from what the site already has (its sections,
their titles, its first figure), so that the example link and figure in the new page
resolve. `create_file` is the only function here that writes, and it never overwrites.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from mvsite.commands.today import today
from mvsite.commands.translations import original_key
from mvsite.errors import EXIT_OK, EXIT_USAGE, SiteError
from mvsite.sources.config import Config, load_config
from mvsite.sources.content_files import Sources, find_sources
from mvsite.sources.data import load_data
from mvsite.sources.languages import translation_rel
from mvsite.sources.page_urls import SECTION_FILE
from mvsite.sources.pages import parse_page, section_title_from_folder, stand_in_section
from mvsite.sources.textfile import read_source_text
from mvsite.sources.translation_digest import (
    translation_digest,
    with_front_matter_line,
    with_recorded_digest,
)

_SEGMENT = re.compile(r"^[^\W_][\w.-]*$")
_EXISTS = "already exists; nothing was written"
_PATH_HINT = (
    "write it as section/name inside content/, e.g. research/metabolism "
    "(letters, digits, '-', '_' and '.'; no '..')"
)


def run_new(args: argparse.Namespace) -> int:
    """`mvsite new [section] PATH [TITLE]`: write the new draft; the exit code."""
    words = list(args.words)
    if args.translate is not None:
        return _run_translate(args.source, args.translate, words)
    section = len(words) > 1 and words[0] == "section"
    words = words[1:] if section else words
    if len(words) > 2:
        print("mvsite new: expected [section] PATH [TITLE]; quote a title", file=sys.stderr)
        return EXIT_USAGE
    config = load_config(args.source.absolute())
    title = words[1] if len(words) > 1 else None
    new = plan_new(config, words[0], title, today(os.environ), section)
    create_file(new)
    print(f"Created {new.shown}, a draft: mvsite serve shows it (and build --drafts)")
    return EXIT_OK


def _run_translate(source: Path, code: str, words: list[str]) -> int:
    """`mvsite new --translate LANG PAGE`: write the translation to make; the exit code."""
    if len(words) != 1:
        print("mvsite new --translate: expected LANG and one PAGE", file=sys.stderr)
        return EXIT_USAGE
    new = plan_translation(load_config(source.absolute()), code, words[0])
    create_file(new)
    print(
        f"Created {new.shown}, a draft with its original's text to translate: "
        "mvsite serve shows it (and build --drafts)"
    )
    return EXIT_OK


@dataclass(frozen=True)
class NewFile:
    dest: Path
    shown: Path  # as the user sees it: content/research/metabolism.md
    text: str


def plan_new(
    config: Config, path: str, title: str | None, today: dt.date, section: bool = False
) -> NewFile:
    """`research/metabolism` -> the new page (or section's _index.md) and its text."""
    rel = checked_path(path, section)
    parent = rel.rpartition("/")[0]
    sources = find_sources(config.content_dir, config.root)
    if parent not in sources.folders:
        raise SiteError(
            f"there is no section '{parent}' for {rel}",
            hint="sections: "
            + ", ".join(s or "(top level)" for s in sources.folders)
            + f"; to make one: mvsite new section {parent}",
        )
    page_file = config.content_dir / f"{rel}.md"
    section_file = config.content_dir / rel / SECTION_FILE
    dest, other = (section_file, page_file) if section else (page_file, section_file.parent)
    _check_free(config, dest, other)
    title = checked_title(title if title is not None else section_title_from_folder(rel))
    # The example link goes to the section the new file is listed in.
    link = (section_title(config, parent), ("../" if section else "") + SECTION_FILE)
    text = page_text(title, today, link, first_figure(config, sources), section)
    return NewFile(dest, dest.relative_to(config.root), text)


def plan_translation(config: Config, code: str, path: str) -> NewFile:
    """`da`, `research/cancer.md` -> its Danish version to translate: the original's text,
    a draft, recording the version of the original it starts from."""
    key = original_key(config, path, code)
    rel = translation_rel(key, code, config.site_languages)
    dest, shown = config.content_dir / rel, config.shown_content / rel
    if dest.exists():
        raise SiteError(
            _EXISTS,
            shown,
            None,
            f"edit that file; once it says what its original says, run: "
            f"mvsite translations --done {code} {key}",
        )
    original = config.shown_content / key
    text = read_source_text(config.content_dir / key, original)
    text = with_recorded_digest(text, translation_digest(text, original), original)
    text = with_front_matter_line(text, "draft", "true  # remove this line to publish", shown)
    return NewFile(dest, shown, text)


def checked_path(path: str, section: bool) -> str:
    """A path inside content/ made only of URL-safe folder and file names."""
    rel = path.strip().strip("/") if not path.startswith(("/", "\\")) else ""
    if not section:
        rel = rel.removesuffix(".md")
    parts = rel.split("/")
    if not rel or "\\" in rel or any(not _SEGMENT.fullmatch(p) or ".." in p for p in parts):
        raise SiteError(f"'{path}' is not a path for a new page inside content/", hint=_PATH_HINT)
    return rel


def _check_free(config: Config, dest: Path, other: Path) -> None:
    shown = dest.relative_to(config.root)
    if dest.exists():
        raise SiteError(_EXISTS, shown, None, "choose another name, or edit that file")
    if other.exists():
        raise SiteError(
            f"{other.relative_to(config.root)} already exists and would get the same URL",
            shown,
            None,
            "choose another name",
        )


def checked_title(title: str) -> str:
    title = title.strip()
    if not title or any(unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") for c in title):
        raise SiteError(
            f"the title {title!r} is not one line of text", hint='for example "Metabolism"'
        )
    return title


def yaml_text(text: str) -> str:
    """Text as a YAML double-quoted scalar, so that NO, 1.10 or 'Say: "hi"' stay text."""
    quoted: str = json.dumps(text, ensure_ascii=False)  # JSON strings are YAML ones too
    return quoted


def section_title(config: Config, folder: str) -> str:
    """The title of the section in `folder` ('' for the home page)."""
    rel = f"{folder}/{SECTION_FILE}".lstrip("/")
    src = config.content_dir / rel
    if not src.is_file():
        return stand_in_section(folder, config).title
    shown = src.relative_to(config.root)
    return parse_page(read_source_text(src, shown), rel, shown, config).title


def first_figure(config: Config, sources: Sources) -> str | None:
    """The key of the site's first figure, if it has figures."""
    figures = load_data(
        config.content_dir, sources.data, config.root, config.site_languages
    ).figures
    return next(iter(figures.items), None) if figures else None


def page_text(
    title: str, today: dt.date, link: tuple[str, str], figure: str | None, section: bool
) -> str:
    """The new file: front matter to fill in, and a body that shows the Markdown to use."""
    link_title, link_target = link
    cite = (
        f"Cite a figure by its key in content/_data/figures.yaml; the page shows its value,\n"
        f"linked to where it comes from: [[fig:{figure}]]."
        if figure
        else "Figures go in content/_data/figures.yaml; cite one by its key: `[[fig:key]]`."
    )
    listed = "The pages in this section's folder are listed after this text.\n\n" if section else ""
    return (
        "---\n"
        f"title: {yaml_text(title)}\n"
        'description: ""  # one sentence: search results and link previews show it\n'
        f"date: {today.isoformat()}\n"
        "draft: true  # remove this line to publish\n"
        "---\n\n"
        "Start with a sentence or two that say what this page is about.\n\n"
        f"{listed}"
        "## A heading for the first part\n\n"
        "Each part starts with `##`, a part within it with `###`; the title above is the\n"
        "page's only top heading.\n\n"
        "Link to another page by its file, in words that say where the link goes:\n"
        f"[{markdown_text(link_title)}]({link_target}).\n\n"
        f"{cite}\n"
    )


def markdown_text(text: str) -> str:
    """Text with Markdown's punctuation escaped, to show as written inside [link text]."""
    return re.sub(r"([\\`*_{}\[\]>#!|])", r"\\\1", text)


def create_file(new: NewFile) -> None:
    """Write `new`, never over an existing file."""
    try:
        new.dest.parent.mkdir(parents=True, exist_ok=True)
        with new.dest.open("x", encoding="utf-8") as handle:
            handle.write(new.text)
    except FileExistsError:
        raise SiteError(_EXISTS, new.shown, None, "choose another name") from None
    except OSError as exc:
        raise SiteError(
            f"cannot write {new.shown}: {exc.strerror or exc}",
            new.shown,
            None,
            "check the folder's permissions",
        ) from None
