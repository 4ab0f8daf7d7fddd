"""The template environment's safety: Jinja's sandbox with bounded arithmetic, templates read
as sources, and compiled code kept only for the sandbox it was compiled for.

Templates are a trust boundary once people who are not the site's programmers edit them: in
the sandbox they reach the values they are given, never Python's internals or the disk.
"""

from __future__ import annotations

import types
from collections import ChainMap
from collections.abc import Callable, Iterator, KeysView, MutableMapping
from pathlib import Path, PurePath
from typing import Any

import jinja2
import jinja2.sandbox
from jinja2.runtime import Context, Macro

from mvsite.sources.textfile import read_source_text


class TemplateFiles(jinja2.BaseLoader):
    """Templates from the first folder that has them, read as sources: a file that is not
    UTF-8 or cannot be read is a SiteError at that file (Jinja's own loader lets the
    UnicodeDecodeError or PermissionError through)."""

    def __init__(self, folders: tuple[tuple[Path, Path], ...]) -> None:
        self._folders = folders  # (folder, as shown to the user)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        # '..' and the like raise TemplateNotFound: a template names a file in the folders.
        pieces = jinja2.loaders.split_template_path(template)
        for folder, shown in self._folders:
            src = folder.joinpath(*pieces)
            if src.is_file():
                return read_source_text(src, shown.joinpath(*pieces)), str(src), lambda: True
        raise jinja2.TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        return sorted(
            {
                src.relative_to(folder).as_posix()
                for folder, _ in self._folders
                for src in folder.rglob("*")
                if src.is_file()
            }
        )


class Sandbox(jinja2.sandbox.SandboxedEnvironment):
    """Jinja's sandbox (no attribute starting with `_`, no unsafe callables, `range` of at
    most MAX_RANGE), with `**` and `*` bounded too: `10**10**10` would compute for ever and
    `'x' * 10**10` fill the memory, in a template as anywhere."""

    intercepted_binops = frozenset({"**", "*"})

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        if operator == "**" and _power_bits(left, right) > _MAX_BITS:
            raise jinja2.exceptions.SecurityError(
                f"a power of {_power_bits(left, right) // 3:,} digits or more is too large"
                f" (the limit is {_MAX_BITS // 3:,})"
            )
        if operator == "*" and _repeats(left, right) > jinja2.sandbox.MAX_RANGE:
            raise jinja2.exceptions.SecurityError(
                f"repeating text or a list {_repeats(left, right):,} times is too much"
                f" (the limit is {jinja2.sandbox.MAX_RANGE:,})"
            )
        return super().call_binop(context, operator, left, right)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._safe_attributes: dict[tuple[type, str], bool] = {}

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return _Globals({} if d is None else d, self.globals)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        # Nearly every call a template makes is of a plain function (`_()`, `asset()`...) or
        # a macro, ~20 a page. Jinja's Context.call spends longer than such a call finding
        # how to pass the context: a function says it with pass_context's mark, a macro
        # takes none. Anything else, or a function marked otherwise, takes Jinja's own way.
        kind = type(__obj)
        mark = getattr(__obj, "jinja_pass_arg", None) if kind is types.FunctionType else None
        if (
            _PASSES_CONTEXT is None
            or (kind is not types.FunctionType and kind is not Macro)
            or (mark is not None and mark is not _PASSES_CONTEXT)
        ):
            return super().call(__context, __obj, *args, **kwargs)
        if not __self.is_safe_callable(__obj):
            raise jinja2.exceptions.SecurityError(f"{__obj!r} is not safely callable")
        loop_vars = kwargs.pop("_loop_vars", None)
        block_vars = kwargs.pop("_block_vars", None)
        if mark is not None:  # as Context.call: it sees what the loop and block have set
            if loop_vars:
                __context = __context.derived(loop_vars)
            if block_vars:
                __context = __context.derived(block_vars)
            args = (__context, *args)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __context.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )

    def getattr(self, obj: Any, attribute: str) -> Any:
        # A template reads ~180 attributes a page, nearly all plain values of the page's
        # dataclasses. For a value that is no method, Jinja's sandbox (3.1.0 to 3.1.6) asks
        # only is_safe_attribute; methods (str.format wrapped, and whatever Jinja may add),
        # and names that are not attributes, take Jinja's own way. (Half the menu's time.)
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            return super().getattr(obj, attribute)
        if isinstance(value, _METHODS):
            return super().getattr(obj, attribute)
        safe = self._safe_attributes.get((type(obj), attribute))
        if safe is None:
            safe = self.is_safe_attribute(obj, attribute, value)
        return value if safe else self.unsafe_undefined(obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # Templates ask this for every attribute they read, ~150 times a page. The rules here
        # and in Jinja's is_internal_attribute look only at the object's type and the name,
        # so the answer is kept per (type, name).
        key = (type(obj), attr)
        safe = self._safe_attributes.get(key)
        if safe is None:
            safe = self._safe_attributes[key] = self._is_safe_attribute(obj, attr, value)
        return safe

    def _is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # A Path's methods read and write files: a template sees paths, never the disk.
        if isinstance(obj, Path) and not hasattr(PurePath, attr):
            return False
        return super().is_safe_attribute(obj, attr, value)


class _Globals(ChainMap[str, Any]):
    """A template's globals over the environment's, as Jinja's make_globals makes them.

    Every context of a template (each render, each include: ~7 a page) makes a set of their
    names, and a render copies them all; a ChainMap lists its names by copying every map
    into a new dict first, and looks each one up in every map in turn. A template with no
    globals of its own (mvsite's) has the environment's names and values, in order.
    """

    @property
    def _environment_only(self) -> MutableMapping[str, Any] | None:
        """The environment's globals, if the template adds none; else None."""
        return self.maps[1] if len(self.maps) == 2 and not self.maps[0] else None

    def __iter__(self) -> Iterator[str]:
        only = self._environment_only
        return iter(only) if only is not None else super().__iter__()

    def keys(self) -> KeysView[str]:
        only = self._environment_only
        return only.keys() if only is not None else super().keys()

    def __getitem__(self, key: str) -> Any:
        only = self._environment_only
        return only[key] if only is not None else super().__getitem__(key)


_METHODS = (types.MethodType, types.BuiltinMethodType)
# How jinja2.pass_context marks a function (Jinja 3); None if a Jinja marks it otherwise:
# every call then takes Jinja's own way.
_PASSES_CONTEXT = getattr(jinja2.pass_context(lambda: None), "jinja_pass_arg", None)
_COMPILED_FOR = "sandbox-1"
_MAX_BITS = 100_000  # a number of about 30,000 digits


def _power_bits(base: Any, exponent: Any) -> int:
    """About how many bits `base ** exponent` takes, for whole numbers; else 0."""
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0:
        return base.bit_length() * exponent
    return 0


def _repeats(left: Any, right: Any) -> int:
    """How many items or characters `left * right` makes, if it repeats a sequence; else 0."""
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, str | list | tuple) and isinstance(count, int):
            return len(sequence) * count
    return 0


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's bytecode cache over a plain mapping; Jinja checks the source's checksum."""

    def __init__(self, store: MutableMapping[str, bytes]) -> None:
        self.store = store

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        # Code compiled outside the sandbox (by an older mvsite) reads attributes directly:
        # it must never be reused, so the key says what the code was compiled for.
        return super().get_cache_key(f"{_COMPILED_FOR}:{name}", filename)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()
