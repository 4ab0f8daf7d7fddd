"""A template's syntax error -> a SiteError that says what is wrong in the editor's terms: an
unknown filter, test or tag (with the name it is closest to), a block tag closed or ended
while another is still open (with that one's line)."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2

from mvsite.errors import SiteError
from mvsite.render.open_blocks import OpenBlock, open_blocks
from mvsite.render.template_names import MIDDLES, did_you_mean, known_tags

_UNKNOWN = re.compile(r"No (filter|test) named '([^']+)'")
_TAG = re.compile(r"Encountered unknown tag '([^']+)'")
_END = "Unexpected end of template"
LISTS = {
    "filter": "https://jinja.palletsprojects.com/templates/#list-of-builtin-filters",
    "test": "https://jinja.palletsprojects.com/templates/#list-of-builtin-tests",
}


def unknown_name(
    exc: jinja2.TemplateError, env: jinja2.Environment, where: Path | None, line: int | None
) -> SiteError | None:
    """`No filter named 'uppr'` (when compiled, or when rendered inside an `{% if %}`) ->
    the filter (or test) it is closest to; None for any other error."""
    found = _UNKNOWN.match(exc.message or "")
    if found is None:
        return None
    kind, name = found.groups()
    names = env.filters if kind == "filter" else env.tests
    hint = did_you_mean(name, names, f"the {kind}s a template can use: {LISTS[kind]}")
    return SiteError(f"no {kind} named '{name}'", where, line, hint)


def misplaced_tag(
    exc: jinja2.TemplateSyntaxError, env: jinja2.Environment, where: Path | None
) -> SiteError | None:
    """An unknown or misplaced `{% tag %}`, or the template's end, with the block left open;
    None if the error is another, or its tags cannot be read."""
    message = exc.message or ""
    tag = _TAG.match(message)
    if tag is None and not message.startswith(_END):
        return None
    name = tag.group(1) if tag else None
    blocks = open_blocks(env, exc.source, exc.lineno, name) if exc.source else None
    if blocks is None:
        return None
    if name is None:
        return _never_closed(blocks, where)
    if name not in known_tags(env):
        hint = did_you_mean(name, known_tags(env), "check the tag's name and spelling")
        return SiteError(f"unknown tag '{{% {name} %}}'", where, exc.lineno, hint)
    return _out_of_place(name, blocks, where, exc.lineno)


def _never_closed(blocks: tuple[OpenBlock, ...], where: Path | None) -> SiteError | None:
    if not blocks:
        return None
    block = blocks[-1]
    return SiteError(
        f"the '{{% {block.tag} %}}' on this line is never closed",
        where,
        block.line,
        f"close it with {{% end{block.tag} %}} where what it covers ends",
    )


def _out_of_place(
    name: str, blocks: tuple[OpenBlock, ...], where: Path | None, line: int | None
) -> SiteError | None:
    if not any(block.tag in MIDDLES.get(name, (name[3:],)) for block in blocks):
        return _nothing_open(name, where, line)
    block = blocks[-1]
    if name in MIDDLES:
        takes = " or ".join(f"{{% {tag} %}}" for tag in MIDDLES[name])
        return SiteError(
            f"'{{% {name} %}}' inside the '{{% {block.tag} %}}' on line {block.line}",
            where,
            line,
            f"{{% {name} %}} belongs directly inside {takes}; close the"
            f" {{% {block.tag} %}} with {{% end{block.tag} %}} before this line",
        )
    return SiteError(
        f"'{{% {name} %}}' while the '{{% {block.tag} %}}' on line {block.line} is still open",
        where,
        line,
        f"close it with {{% end{block.tag} %}} before this line",
    )


def _nothing_open(name: str, where: Path | None, line: int | None) -> SiteError:
    opener = " or ".join(f"{{% {tag} %}}" for tag in MIDDLES.get(name, (name[3:],)))
    return SiteError(
        f"'{{% {name} %}}' with no {opener} open",
        where,
        line,
        f"remove it, or add the {opener} it belongs to above it",
    )
