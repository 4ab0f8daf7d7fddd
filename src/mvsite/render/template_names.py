"""A name a template reads that is not there -> what it read it of, and the names it could
have meant: an object's readable attributes, the environment's filters, tests and tags."""

from __future__ import annotations

import difflib
import functools
import inspect
from collections.abc import Iterable, Mapping
from typing import Any, cast

import jinja2
from jinja2.utils import missing


class MissingName(jinja2.UndefinedError):
    """An attribute or key a template read of `obj` that it does not have."""

    def __init__(self, message: str | None = None, *, obj: Any = None, name: Any = None) -> None:
        super().__init__(message)
        self.obj = obj
        self.name = name


class SiteUndefined(jinja2.StrictUndefined):
    """StrictUndefined whose error keeps the object the name was read of, for the hint."""

    __slots__ = ()

    def __init__(
        self,
        hint: str | None = None,
        obj: Any = missing,
        name: str | None = None,
        exc: type[jinja2.exceptions.TemplateRuntimeError] = jinja2.UndefinedError,
    ) -> None:
        if obj is not missing and exc is jinja2.UndefinedError:
            # Jinja only ever calls it with the message: `raise self._undefined_exception(msg)`.
            raising = functools.partial(MissingName, obj=obj, name=name)
            exc = cast(type[jinja2.exceptions.TemplateRuntimeError], raising)
        super().__init__(hint, obj, name, exc)


def readable_names(env: jinja2.Environment, obj: Any) -> set[str]:
    """The names a template may read of `obj`: its keys, and the attributes the sandbox
    allows (looked up statically: no property or other code of `obj` is run)."""
    names = {key for key in obj if isinstance(key, str)} if isinstance(obj, Mapping) else set()
    for name in dir(obj):
        if name.startswith("_"):
            continue
        try:
            value = inspect.getattr_static(obj, name)
        except AttributeError:
            continue
        if not isinstance(env, jinja2.sandbox.SandboxedEnvironment) or env.is_safe_attribute(
            obj, name, value
        ):
            names.add(name)
    return names


def closest(name: str, names: Iterable[str]) -> str | None:
    """The one of `names` that `name` is most likely a misspelling of, if any is close."""
    matches = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(name: str, names: Iterable[str], otherwise: str) -> str:
    """A hint: the closest of `names` to `name`, else `otherwise`."""
    match = closest(name, names)
    return f"did you mean '{match}'?" if match else otherwise


def read_of(tokens: Iterable[tuple[int, str, str]], line: int, name: str) -> str | None:
    """What `.name` is read of on `line` of a template's tokens (`env.lex`): `page` in
    `page.titel`, `page.nav` in `page.nav.titel`; None if no `x.name` is there."""
    words = [value for at, kind, value in tokens if at == line and kind != "whitespace"]
    for end, word in enumerate(words):
        if word != name or end < 2 or words[end - 1] != ".":
            continue
        start = end - 2
        while start >= 2 and words[start - 1] == "." and words[start - 2].isidentifier():
            start -= 2
        if words[start].isidentifier() and (start == 0 or words[start - 1] != "."):
            return "".join(words[start : end - 1])
    return None


def known_tags(env: jinja2.Environment) -> set[str]:
    """Every tag a template of `env` may use: Jinja's, its extensions', and their end tags."""
    tags = set(STATEMENTS) | {tag for ext in env.extensions.values() for tag in ext.tags}
    blocks = BLOCKS | {tag for ext in env.extensions.values() for tag in ext.tags}
    return tags | {f"end{tag}" for tag in blocks} | set(MIDDLES)


# Jinja's own statements; those that open a block ({% set x %} does, {% set x = 1 %} not);
# the tags inside a block, and the blocks that take each.
STATEMENTS = [
    "autoescape",
    "block",
    "call",
    "extends",
    "filter",
    "for",
    "from",
    "if",
    "import",
    "include",
    "macro",
    "print",
    "set",
    "with",
]
BLOCKS = frozenset(["autoescape", "block", "call", "filter", "for", "if", "macro", "set", "with"])
MIDDLES: Mapping[str, tuple[str, ...]] = {
    "else": ("if", "for"),
    "elif": ("if",),
    "pluralize": ("trans",),
}
