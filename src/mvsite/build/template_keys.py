"""Each page template's context key: everything besides the page that its output depends on.

A page's output depends on its template and the templates that one extends, includes or
imports (and so on), not on the others: an edit of `about.html` renders the about page again,
not the whole site. Which templates a template uses is read from its tags (`extends`,
`include`, `import`, `from`) by a scan of its source, which costs microseconds where Jinja's
parser costs milliseconds; a tag whose template is not a plain string (a variable, a list, a
condition) could name any template, and so makes the page depend on all of them. A tag the
scan finds in a comment or a raw block only adds a dependency. Everything else a template
can read, the config, data, figures, assets and the language catalogues, is shared by every
key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2

from mvsite import __version__
from mvsite.build.page_jobs import LOCALIZED_FIGURES
from mvsite.errors import SiteError
from mvsite.render.locale import CATALOGUES_FOLDER
from mvsite.sources.config import Config
from mvsite.sources.digest import digest

_DATA_GLOBALS = ("data", "figures", LOCALIZED_FIGURES)

_TAG = re.compile(r"\{%[-+]?\s*(?:extends|include|import|from)\b(.*?)[-+]?%\}", re.DOTALL)
# What may follow the template's name in those tags: `ignore missing`, `with context`,
# `without context`, `as name`, `import a, b as c`.
_PLAIN_NAME = re.compile(
    r"""\s*("[^"\\]*"|'[^'\\]*')"""
    r"(?:\s+(?:ignore\s+missing|with\s+context|without\s+context|as\s+\w+|import\b.*))*\s*",
    re.DOTALL,
)


@dataclass(frozen=True)
class TemplateKeys:
    """The context key of each template a page may be rendered with."""

    shared: str  # the digest of what every template sees
    keys: Mapping[str, str]  # template name -> context key

    def of(self, template: str) -> str:
        """The context key of a page rendered with `template` (one that does not exist
        fails to render, whatever its key)."""
        found = self.keys.get(template)
        return found if found is not None else digest(self.shared, template)


def template_keys(
    env: jinja2.Environment, config: Config, manifest: Mapping[str, str]
) -> TemplateKeys:
    """Every listed template's context key (see the module docstring)."""
    loader = env.loader
    assert loader is not None
    sources = {
        name: _template_source(env, loader, name, config.root)
        for name in sorted(set(env.list_templates()))
    }
    templates = {n: s for n, s in sources.items() if Path(n).parts[0] != CATALOGUES_FOLDER}
    shared = digest(
        __version__,
        repr(config),
        repr(sorted((n, s) for n, s in sources.items() if n not in templates)),
        repr(sorted((k, repr(v)) for k, v in env.globals.items() if k in _DATA_GLOBALS)),
        repr(sorted(manifest.items())),
    )
    uses = {name: used_templates(source) for name, source in templates.items()}
    each = {name: digest(name, source) for name, source in templates.items()}
    keys = {}
    for name in templates:
        reached = _reached(name, uses)
        if reached is None:
            reached = templates.keys()
        keys[name] = digest(shared, name, *sorted(each.get(n, f"missing {n}") for n in reached))
    return TemplateKeys(shared, keys)


def used_templates(source: str) -> frozenset[str] | None:
    """The templates a template's tags name; None if a tag names one that is not written out
    as a string (it could be any)."""
    names = set()
    for match in _TAG.finditer(source):
        plain = _PLAIN_NAME.fullmatch(match.group(1))
        if plain is None:
            return None
        names.add(plain.group(1)[1:-1])
    return frozenset(names)


def _reached(name: str, uses: Mapping[str, frozenset[str] | None]) -> Iterable[str] | None:
    """`name` and every template it uses, directly or through others; None: it may use any."""
    reached, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current in reached:
            continue
        reached.add(current)
        used = uses.get(current, frozenset())  # (a missing template fails to render)
        if used is None:
            return None
        todo.extend(used)
    return reached


def _template_source(
    env: jinja2.Environment, loader: jinja2.BaseLoader, name: str, site_root: Path
) -> str:
    try:
        return loader.get_source(env, name)[0]
    except OSError as exc:
        path = Path(exc.filename or name)
        raise SiteError(
            f"cannot read file: {exc.strerror}",
            path.relative_to(site_root) if path.is_relative_to(site_root) else path,
            None,
            "check the file's permissions",
        ) from None
