"""Where the Python module a site's config names would come from, found without running any
of it; and whether that is code the machine's owner installed, not a file of the site's.

Installed code lies in site-packages, or in a project installed there in editable mode
(`pip install -e`), whose folder its record in site-packages names: someone chose to run
that folder's code. A site's own files are neither, wherever the site is built from, even
when the site's folder is such a project's (its pages, and so its files, may come from
anyone who may change the site).
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.metadata
import json
import site
import sys
import sysconfig
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from mvsite.errors import SiteError


def module_file(module: str) -> Path | None:
    """The .py file of `module` (dotted), found where an import would find it, without running
    any of it (not even its packages' __init__.py); None if there is none. A module imported
    already is where the import takes it from (markdown's own extensions come from the
    installed markdown mvsite runs, not from a checkout of it in the site's folder)."""
    parts = module.split(".")
    origin: str | None = None
    locations: list[str] | None = None
    for index, part in enumerate(parts):
        imported = sys.modules.get(".".join(parts[: index + 1]))
        if imported is not None:
            origin = getattr(imported, "__file__", None)
            locations = list(getattr(imported, "__path__", None) or []) or None
            continue
        found = importlib.machinery.PathFinder.find_spec(part, locations)
        if found is None:
            return None
        origin, locations = found.origin, found.submodule_search_locations
    return Path(origin) if origin and origin.endswith(".py") else None


def is_installed(source: Path, site_root: Path) -> bool:
    """Is `source` in site-packages, or in a project installed from its folder in editable
    mode, but not in the site's own folder (a site may be such a project; its files are the
    site's to change)? (Editable installs are read only if needed: it reads every record.)"""
    folders = package_folders()
    if any(source.is_relative_to(folder) for folder in folders):
        return True
    if source.resolve().is_relative_to(site_root.resolve()):
        return False
    return any(source.is_relative_to(root) for root in editable_roots(folders))


def package_folders() -> set[str]:
    paths = sysconfig.get_paths()
    return {paths["purelib"], paths["platlib"], *site.getsitepackages(), site.getusersitepackages()}


def editable_roots(folders: set[str]) -> list[Path]:
    """The folders of the projects installed in editable mode whose records are in `folders`
    (their direct_url.json, PEP 610), not those of records found anywhere else on sys.path."""
    roots = []
    for distribution in importlib.metadata.distributions(path=sorted(folders)):
        try:
            record = json.loads(distribution.read_text("direct_url.json") or "{}")
        except ValueError:
            continue
        url = record.get("url", "") if isinstance(record, dict) else ""
        dir_info = record.get("dir_info") if isinstance(record, dict) else None
        editable = isinstance(dir_info, dict) and dir_info.get("editable") is True
        if editable and isinstance(url, str) and url.startswith("file://"):
            roots.append(Path(url2pathname(urlsplit(url).path)))
    return roots


def installed_attribute(name: str, site_root: Path, tag: str) -> Any:
    """`module.attribute` named in a config (after `tag`, as `!!python/name:`), imported
    only from installed code (see is_installed); SiteError if it is not, or does not exist."""
    module, _, attribute = name.rpartition(".")
    source = module_file(module) if module and not module.startswith(".") else None
    if source is not None and not is_installed(source, site_root):
        raise SiteError(
            f"{tag}{name} is not an installed package's ({source})",
            hint="install its package with pip in mvsite's environment, or remove the option",
        )
    try:
        return getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError, ValueError):
        raise SiteError(
            f"{tag}{name} does not exist",
            hint="check the name, and that its package is installed",
        ) from None
