"""`mvsite init --from mkdocs`: the mvsite.yaml that says what mvsite reads of mkdocs.yml."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from mvsite.errors import EXIT_OK, SiteError
from mvsite.sources.mkdocs import read_mkdocs, settings
from mvsite.sources.site_paths import CONFIG_NAME, MKDOCS_CONFIG
from mvsite.sources.textfile import read_source_text

# Blocks copied as written (their !!python/name: values and comments stay as they are).
_COPIED = ("markdown_extensions", "extra")
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def run_init(args: argparse.Namespace) -> int:
    """`mvsite init --from mkdocs`: write mvsite.yaml; the exit code."""
    print(f"Wrote {write_mvsite_yaml(args.source)}")
    return EXIT_OK


def mvsite_yaml_from_mkdocs(root: Path) -> str:
    """mkdocs.yml at `root` -> the text of the equivalent mvsite.yaml."""
    doc, values = read_mkdocs(root)
    more = settings(doc, values)
    lines = [f"# Written by `mvsite init --from mkdocs` from {MKDOCS_CONFIG}."]
    for ours, theirs in (
        ("title", "site_name"),
        ("description", "site_description"),
        ("base_url", "site_url"),
    ):
        if values.get(theirs):
            lines.append(f"{ours}: {json.dumps(str(values[theirs]), ensure_ascii=False)}")
    lines.append(f"docs_dir: {json.dumps(more.docs_dir)}")
    lines.append("allow_html: true  # MkDocs keeps pages' raw HTML: sanitised, no script runs")
    lines.append("external_images: true  # as MkDocs pages show them: readers fetch them there")
    if more.top:
        lines.append("nav: [" + ", ".join(json.dumps(name) for name in more.top) + "]")
    if more.titles or more.order:
        lines.append(
            "# The nav's titles and order inside sections are not settings here: give pages"
            " 'title:' and 'weight:' in their front matter."
        )
    # MkDocs' own exclusions (templates/, dot files) first, as it applies them.
    lines.append("exclude_docs: [" + ", ".join(json.dumps(p) for p in more.exclude) + "]")
    text = read_source_text(root / MKDOCS_CONFIG, Path(MKDOCS_CONFIG))
    for key in _COPIED:
        if key in values:
            lines.append(_block(text, key))
    return "\n".join(lines).rstrip() + "\n"


def _block(text: str, key: str) -> str:
    """The top-level `key:` of a YAML text with everything indented under it."""
    out: list[str] = []
    for line in text.splitlines():
        match = _TOP_KEY.match(line)
        if match:
            if out:
                break
            if match.group(1) == key:
                out.append(line)
        elif out:
            out.append(line)
    return "\n".join(out).rstrip()


def write_mvsite_yaml(root: Path) -> Path:
    """Write mvsite.yaml beside mkdocs.yml; never over an existing one."""
    if not (root / MKDOCS_CONFIG).is_file():
        raise SiteError(
            f"no {MKDOCS_CONFIG} here",
            root / MKDOCS_CONFIG,
            None,
            "run it in the folder that holds mkdocs.yml, or pass --source",
        )
    dest = root / CONFIG_NAME
    text = mvsite_yaml_from_mkdocs(root)
    try:
        with dest.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise SiteError(
            f"{CONFIG_NAME} exists already", Path(CONFIG_NAME), None, "remove it to write it anew"
        ) from None
    return dest
