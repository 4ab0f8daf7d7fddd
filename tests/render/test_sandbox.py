"""The sandbox's own attribute reading answers as Jinja's sandbox does, with mvsite's rules
of what is safe."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2.sandbox
import pytest

from mvsite.render.sandbox import Sandbox


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    _hidden: str = "no"


class JinjasReading(Sandbox):
    getattr = jinja2.sandbox.SandboxedEnvironment.getattr  # type: ignore[assignment]


TEMPLATES = [
    "{{ item.title }} {{ item.url }}",  # plain values
    "{{ item.missing }}|{{ d.key }}|{{ d.nokey }}|{{ d.items }}",  # items, undefined, a method
    "{{ s.upper() }} {{ '{0}'.format(s) }} {{ s.format.__name__ }}",  # methods, str.format wrapped
    "{{ item._hidden }}|{{ item.__class__ }}|{{ p.stem }}|{{ p.open }}",  # unsafe: undefined
    "{{ '{0.__class__}'.format(s) }}",  # the format string's fields too
    "{{ item.__class__.__mro__ }}",
    "{{ p.read_text() }}",
]
CONTEXT = {"item": Item("T", "/t/"), "d": {"key": 1}, "s": "x", "p": Path("a/b.md")}


def _outcome(env: jinja2.Environment, source: str) -> Any:
    try:
        return env.from_string(source).render(CONTEXT)
    except Exception as exc:  # the same error, with the same message
        return type(exc), str(exc)


@pytest.mark.parametrize("source", TEMPLATES)
def test_attributes_read_as_in_jinjas_sandbox(source: str) -> None:
    assert _outcome(Sandbox(), source) == _outcome(JinjasReading(), source)


def test_an_unsafe_attribute_stays_refused() -> None:
    with pytest.raises(jinja2.exceptions.SecurityError, match="unsafe"):
        Sandbox().from_string("{{ p.read_text() }}").render(CONTEXT)
