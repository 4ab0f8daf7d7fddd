"""The site's Markdown dialect: the extensions its config names, in mkdocs.yml's shape.

    markdown_extensions:
      - toc:
          permalink: true
      - pymdownx.superfences
      - pymdownx.tabbed: {alternate_style: true}

mvsite's own extensions (converters.EXTENSIONS and toc) are always on; naming one gives it
options. Any other installed Python-Markdown extension may be named, by its short name or
its module. A site that names any gets the stock converter: the fast path is proven
identical only for mvsite's own set.
"""

from __future__ import annotations

import importlib
import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
from markdown.extensions import Extension

from mvsite.errors import SiteError
from mvsite.sources.installed_code import installed_attribute, is_installed, module_file
from mvsite.sources.strict_yaml import PythonCall, PythonName, YamlDoc

_BUILT_IN = "markdown.extensions."
# Modules whose `!!python/name:` values an extension's options may name, besides the
# extension's own: those whose functions mkdocs.yml files pass (fence formats, emoji, slugs;
# material: the emoji of MkDocs' most used theme). Not whole packages: pygments, say, has
# functions that run a file's code.
_NAMEABLE = (
    "markdown.extensions.toc",
    "pymdownx.superfences",
    "pymdownx.emoji",
    "pymdownx.slugs",
    "pymdownx.arithmatex",
    "pymdownx.highlight",
    "material.extensions.emoji",
)
# Functions an extension's options may call (`!!python/object/apply:`): each only makes a
# function from its arguments, as pymdown-extensions' and Material's docs show them.
_CALLABLE = (
    "pymdownx.slugs.slugify",
    "pymdownx.arithmatex.arithmatex_fenced_format",
    "pymdownx.arithmatex.arithmatex_inline_format",
)


@dataclass(frozen=True, repr=False)
class ExtensionSpec:
    name: str  # as written: 'toc', 'pymdownx.superfences'
    options: Mapping[str, Any]  # `!!python/...` values resolved: ready for the extension
    written: Mapping[str, Any] | None = None  # as in the config (None: as `options`)

    def __repr__(self) -> str:
        # Build keys are made of reprs: a resolved function's holds its address, which
        # changes from one process to the next, so the options are shown as written.
        options = self.options if self.written is None else self.written
        return f"ExtensionSpec({self.name!r}, {options!r})"

    @property
    def key(self) -> str:
        """'markdown.extensions.toc' and 'toc' are one extension: 'toc'."""
        return self.name.removeprefix(_BUILT_IN)


def read_extensions(doc: YamlDoc, key: str, value: object, site: Path) -> tuple[ExtensionSpec, ...]:
    """The `markdown_extensions` list of the site in folder `site` -> specs, each loaded once
    to check it exists and takes its options (SiteError at its line if not)."""
    if not isinstance(value, list):
        raise doc.error((key,), f"'{key}' must be a list of extension names", _SHAPE_HINT)
    # Python-Markdown's own (toc) and installed packages' register by name: name -> the
    # `module:attr` of each registration, wherever on sys.path it is (the site's folder may
    # be, and may hold a registration of its own).
    registered: dict[str, list[str]] = {}
    for entry in markdown.util.get_installed_extensions():
        registered.setdefault(entry.name, []).append(entry.value)
    specs = []
    for index, item in enumerate(value):
        where = (key, index)
        name, options = _named(item)
        if not name:
            raise doc.error(where, "each extension is a name, or a name with options", _SHAPE_HINT)
        if options is not None and not isinstance(options, dict):
            raise doc.error(where, f"the options of '{name}' must be a mapping", _SHAPE_HINT)
        spec = ExtensionSpec(name, options or {})
        # (module:Class is imported as written, registered or not: see make_extension)
        loads = [name] if ":" in name else registered.get(name) or [name]
        specs.append(_checked(doc, where, spec, loads, site))
    return tuple(specs)


def snippets_rooted(doc: YamlDoc, key: str, value: Any, root: Path) -> Any:
    """The `markdown_extensions` list with pymdownx.snippets' folders (`base_path`, '.' if
    not given) taken from the site's folder, as when MkDocs runs there, not from wherever the
    build runs (`mvsite build -s site`: there, every snippet went missing, unsaid). Snippets
    come from inside the site alone: no folder outside it, no download (a config could
    otherwise publish a file of the build machine, or what an address it reaches answers)."""
    if not isinstance(value, list):
        return value
    rooted = []
    for index, item in enumerate(value):
        name, options = _named(item)
        if name.partition(":")[0] != "pymdownx.snippets" or not isinstance(options, dict | None):
            rooted.append(item)
            continue
        options = dict(options or {})
        folders = options.get("base_path", ["."])
        folders = [folders] if isinstance(folders, str) else folders
        if isinstance(folders, list) and all(isinstance(f, str) for f in folders):
            options["base_path"] = [str(root.absolute() / f) for f in folders]
            site = root.resolve()
            outside = [f for f in folders if not (site / f).resolve().is_relative_to(site)]
            if outside or options.get("url_download") or options.get("restrict_base_path") is False:
                raise doc.error(
                    (key, index),
                    "pymdownx.snippets may read only files inside the site"
                    f" ({', '.join(outside) or 'url_download, restrict_base_path: false'})",
                    "keep base_path inside the site folder, without url_download and with"
                    " restrict_base_path left on",
                )
        rooted.append({name: options})
    return rooted


def _named(item: Any) -> tuple[str, Any]:
    """An entry of the list -> (its name, its options); ('', None) if it is neither shape."""
    if isinstance(item, str):
        return item, None
    if isinstance(item, dict) and len(item) == 1:
        name, options = next(iter(item.items()))
        return str(name), options
    return "", None


def extension_notes(
    doc: YamlDoc, key: str, specs: Sequence[ExtensionSpec]
) -> tuple[SiteError, ...]:
    """Warnings, at their lines, of extensions whose output no page would show as meant."""
    return tuple(
        doc.error(
            (key, index),
            "pymdownx.arithmatex without 'generic: true' writes formulas as MathJax <script>"
            " elements, which pages never keep: readers would see TeX source",
            "add 'generic: true' to its options (as Material for MkDocs' docs do), and load"
            " MathJax 3 or KaTeX from the site's static files",
        )
        for index, spec in enumerate(specs)
        if spec.key == "pymdownx.arithmatex" and not spec.options.get("generic")
    )


_SHAPE_HINT = "write it as in mkdocs.yml: '- toc' or '- toc: {permalink: true}', one per line"


def _checked(
    doc: YamlDoc, where: tuple[str, int], spec: ExtensionSpec, loads: list[str], site: Path
) -> ExtensionSpec:
    """`spec` checked; `loads`: what Python-Markdown imports for it (`module:attr`)."""
    try:
        for target in loads:
            _refuse_uninstalled(spec.name, target, site)
        options = {k: _resolved(spec, v, site) for k, v in spec.options.items()}
        _check_picklable(options)
        checked = ExtensionSpec(spec.name, options, written=spec.options)
        markdown.Markdown(extensions=[make_extension(checked)])
    except SiteError as exc:
        raise doc.error(where, exc.message, exc.hint) from None
    except ImportError as exc:
        raise doc.error(
            where,
            f"Markdown extension '{spec.name}' is not installed ({exc})",
            "install its package in mvsite's environment (pymdownx.*: pip install"
            " pymdown-extensions), or remove it from the list",
        ) from None
    except Exception as exc:  # an extension's own complaint about its options
        raise doc.error(
            where,
            f"Markdown extension '{spec.name}' refused its options ({type(exc).__name__}: {exc})",
            "check the option names and values in the extension's documentation",
        ) from None
    return checked


def _check_picklable(options: dict[str, Any]) -> None:
    """Workers get the options in a pickle: a value no pickle holds (a module) is refused."""
    try:
        pickle.dumps(options)
    except Exception:
        raise SiteError(
            "an option's value is neither plain data nor a function or class",
            hint="a !!python/name: names a function, as the extension's documentation shows",
        ) from None


def _refuse_uninstalled(name: str, target: str, site: Path) -> None:
    """The config's `name` has Python-Markdown import `target` (`module` or `module:attr`).
    Importing a module runs it, so it must lead, with nothing run, to a module of an
    installed package that makes a Markdown extension (it names `makeExtension`, or the class
    of `module:Class`): not one of the standard library's (subprocess), a file of the site's,
    nor a package's private or `__main__` module (pagefind's runs its binary)."""
    module, _, class_name = target.partition(":")
    private = any(part.startswith("_") for part in module.split("."))
    source = None if private else module_file(module)
    if source is None and not private:
        raise ImportError(f"no module {module} in mvsite's environment")  # said as such
    if source is None or not is_installed(source, site):
        where = f" ({source})" if source is not None else ""
        raise SiteError(
            f"Markdown extension '{name}' is not an installed package's{where}",
            hint="install its package with pip in mvsite's environment (pymdownx.*: pip install"
            " pymdown-extensions; a project's own: pip install .), or remove it from the list",
        )
    if (class_name or "makeExtension") not in source.read_text(encoding="utf-8", errors="replace"):
        raise SiteError(
            f"'{target}' is no Markdown extension: {source.name} makes none",
            hint="name the extension's module, as its documentation does, or remove it from the"
            " list",
        )


def _resolved(spec: ExtensionSpec, value: Any, site: Path) -> Any:
    """Options with `!!python/name:` values imported and `!!python/object/apply:` calls made,
    from a few well-known installed modules only: a site's config never runs code of its
    choosing."""
    if isinstance(value, list):
        return [_resolved(spec, v, site) for v in value]
    if isinstance(value, dict):
        return {k: _resolved(spec, v, site) for k, v in value.items()}
    if isinstance(value, PythonCall):
        return _called(spec, value, site)
    if not isinstance(value, PythonName):
        return value
    module = value.name.rpartition(".")[0]
    own = spec.name if "." in spec.name else _BUILT_IN + spec.name
    if module not in (*_NAMEABLE, own):
        raise SiteError(
            f"'{spec.name}' options name Python code from '{module}' (!!python/name:{value.name})",
            hint=f"only names from {', '.join(_NAMEABLE)} or the extension's own module are"
            " allowed; remove the option",
        )
    return installed_attribute(value.name, site, "!!python/name:")


def _called(spec: ExtensionSpec, call: PythonCall, site: Path) -> Any:
    if call.name not in _CALLABLE:
        raise SiteError(
            f"'{spec.name}' options call Python code (!!python/object/apply:{call.name})",
            hint=f"only {', '.join(_CALLABLE)} may be called; remove the option",
        )
    function = installed_attribute(call.name, site, "!!python/object/apply:")
    kwds = {str(k): _resolved(spec, v, site) for k, v in call.kwds.items()}
    return function(*(_resolved(spec, a, site) for a in call.args), **kwds)


def make_extension(spec: ExtensionSpec) -> Extension | str:
    """The extension object Python-Markdown is given for `spec`."""
    module, _, class_name = spec.name.partition(":")
    if class_name:  # Python-Markdown would call whatever the name names
        made = getattr(importlib.import_module(module), class_name, None)
        if not (isinstance(made, type) and issubclass(made, Extension)):
            raise SiteError(
                f"'{spec.name}' is no Markdown extension",
                hint="name a module, or module:Class where Class is a Markdown Extension",
            )
        return made(**spec.options)
    if not spec.options:
        return spec.name
    probe = markdown.Markdown()
    return probe.build_extension(spec.name, dict(spec.options))


def stock_extensions(
    own: Mapping[str, type[Extension]], specs: Sequence[ExtensionSpec], toc: Mapping[str, Any]
) -> list[Extension | str]:
    """mvsite's extensions (`own`, and toc with `toc` options), those the site gives options
    replaced by its spec, then the site's others in its order."""
    named = {spec.key: spec for spec in specs}
    chosen: list[Extension | str] = [
        make_extension(named[name]) if name in named else extension()
        for name, extension in own.items()
    ]
    toc_spec = named.get("toc")
    toc_options = {**toc, **(toc_spec.options if toc_spec else {})}
    chosen.append(make_extension(ExtensionSpec("toc", toc_options)))
    chosen += [make_extension(s) for s in specs if s.key not in own and s.key != "toc"]
    return chosen
