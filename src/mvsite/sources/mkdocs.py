"""A MkDocs project's `mkdocs.yml` -> Config, so that a MkDocs site builds as it stands.

Read: site_name, site_description, site_url, docs_dir, nav (the menu's order and titles),
markdown_extensions, extra, exclude_docs and not_in_nav. Every other setting is named in one
warning: mvsite does not do it (a theme, a plugin), and the site still builds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from mvsite.errors import SiteError
from mvsite.sources.dialect import read_extensions, snippets_rooted
from mvsite.sources.mkdocs_nav import NavEntry, first_page, read_nav
from mvsite.sources.site_paths import MKDOCS_CONFIG
from mvsite.sources.strict_yaml import RelativeText, YamlDoc, parse_yaml
from mvsite.sources.textfile import read_source_text
from mvsite.sources.yaml_values import read_mapping, read_text

_READ = {
    "site_name",
    "site_description",
    "site_url",
    "docs_dir",
    "nav",
    "markdown_extensions",
    "extra",
    "exclude_docs",
    "not_in_nav",
}
# What MkDocs leaves out of every site (its theme templates, dot files), before exclude_docs.
_MKDOCS_EXCLUDED = (".*", "/templates/")
# Settings that change nothing mvsite makes: not worth a warning.
_HARMLESS = {"site_author", "copyright", "use_directory_urls", "strict", "site_dir", "dev_addr"}


@dataclass(frozen=True)
class MkDocsSettings:
    """What mvsite takes from mkdocs.yml besides Config's own fields."""

    docs_dir: str = "docs"
    order: Mapping[str, int] = field(default_factory=dict)  # page rel -> place in nav
    titles: Mapping[str, str] = field(default_factory=dict)  # rel (folder/: section) -> title
    top: tuple[str, ...] = ()  # mvsite's nav: top-level names in order
    exclude: tuple[str, ...] = ()  # gitignore-like patterns of files not to publish
    extra: Mapping[str, Any] = field(default_factory=dict)
    unsupported: SiteError | None = None  # the one warning naming what is not read
    menu: tuple[NavEntry, ...] = ()  # the menu the nav declares


def read_mkdocs(root: Path) -> tuple[YamlDoc, dict[str, Any]]:
    """mkdocs.yml at `root` -> its document and its top-level values."""
    shown = Path(MKDOCS_CONFIG)
    doc = parse_yaml(read_source_text(root / MKDOCS_CONFIG, shown), shown)
    values = dict(read_mapping(doc, (), doc.value))
    if "markdown_extensions" in values:
        docs_dir = root.absolute() / str(values.get("docs_dir", "docs"))
        folders = {"$config_dir": root.absolute(), "$docs_dir": docs_dir}
        resolved = _folders_resolved(values["markdown_extensions"], folders)
        values["markdown_extensions"] = snippets_rooted(doc, "markdown_extensions", resolved, root)
    return doc, values


def _folders_resolved(value: Any, folders: Mapping[str, Path]) -> Any:
    """`!relative $config_dir/x` (or $docs_dir) in extension options -> that folder's path,
    as MkDocs gives it (a bare `!relative`, a page's own folder in MkDocs, stays as written)."""
    if isinstance(value, list):
        return [_folders_resolved(v, folders) for v in value]
    if isinstance(value, dict):
        return {k: _folders_resolved(v, folders) for k, v in value.items()}
    if isinstance(value, RelativeText):
        name, _, rest = value.partition("/")
        if name in folders:
            return str(folders[name] / rest) if rest else str(folders[name])
    return value


def config_fields(doc: YamlDoc, values: Mapping[str, Any], root: Path) -> dict[str, Any]:
    """The Config fields mkdocs.yml (in folder `root`) sets: title, description, base_url,
    extensions."""
    fields: dict[str, Any] = {}
    if "site_name" in values:
        fields["title"] = read_text(doc, ("site_name",), values["site_name"])
    if values.get("site_description") is not None:
        fields["description"] = read_text(doc, ("site_description",), values["site_description"])
    if values.get("site_url"):
        fields["base_url"] = read_text(doc, ("site_url",), values["site_url"])
    if values.get("markdown_extensions"):
        fields["markdown_extensions"] = read_extensions(
            doc, "markdown_extensions", values["markdown_extensions"], root
        )
    return fields


def settings(doc: YamlDoc, values: Mapping[str, Any]) -> MkDocsSettings:
    """The rest: docs_dir, nav as order and titles, exclusions, extra, what is not read."""
    docs_dir = read_text(doc, ("docs_dir",), values.get("docs_dir", "docs"))
    if PurePosixPath(docs_dir).is_absolute() or ".." in PurePosixPath(docs_dir).parts:
        raise doc.error(("docs_dir",), f"docs_dir {docs_dir!r} is outside the project")
    nav = values.get("nav") or []
    if not isinstance(nav, list):
        raise doc.error(("nav",), "nav must be a list", "as in MkDocs: - Title: page.md")
    declared = read_nav(doc, nav)
    top: list[str] = []
    for first in filter(None, map(first_page, declared.menu)):
        name = first.partition("/")[0] if "/" in first else first.removesuffix(".md")
        if name not in ("index", "README") and name not in top:
            top.append(name)
    exclude = (*_MKDOCS_EXCLUDED, *exclude_patterns(values.get("exclude_docs")))
    extra = values.get("extra") if isinstance(values.get("extra"), dict) else {}
    return MkDocsSettings(
        docs_dir,
        declared.order,
        declared.titles,
        tuple(top),
        exclude,
        extra or {},
        _unsupported(doc, values),
        declared.menu,
    )


def exclude_patterns(value: object) -> tuple[str, ...]:
    """exclude_docs as a block of lines or a list -> its patterns (comments left out)."""
    if isinstance(value, str):
        lines = value.splitlines()
    elif isinstance(value, list):
        lines = [str(v) for v in value]
    else:
        return ()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _unsupported(doc: YamlDoc, values: Mapping[str, Any]) -> SiteError | None:
    names = sorted(k for k in values if k not in _READ and k not in _HARMLESS)
    plugins = values.get("plugins")
    if isinstance(plugins, list):
        used = [next(iter(p)) if isinstance(p, dict) else str(p) for p in plugins]
        others = [p for p in used if p != "search"]
        names = [n for n in names if n != "plugins"] + [f"plugin {p}" for p in others]
    if not names:
        return None
    first = min((doc.line_of((n,)) or 1) for n in values if n in names) if names else 1
    return SiteError(
        f"{MKDOCS_CONFIG} settings mvsite does not use: {', '.join(names)}",
        Path(MKDOCS_CONFIG),
        first,
        "the site builds without them (a MkDocs theme's or plugin's output is not made);"
        " `mvsite init --from mkdocs` writes the mvsite.yaml that says what is used",
    )
