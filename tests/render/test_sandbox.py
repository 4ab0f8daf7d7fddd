"""The sandbox's own attribute reading answers as Jinja's sandbox does, with mvsite's rules
of what is safe."""

from __future__ import annotations

from collections import ChainMap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2.nodes
import jinja2.runtime
import jinja2.sandbox
import pytest

from mvsite.render import sandbox
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


class JinjasCalling(Sandbox):
    call = jinja2.sandbox.SandboxedEnvironment.call  # type: ignore[assignment]


@jinja2.pass_context
def _seen(context: jinja2.runtime.Context, name: str) -> str:
    return f"{name}={context.get(name)}"


@jinja2.pass_eval_context
def _escaping(eval_ctx: jinja2.nodes.EvalContext) -> str:
    return str(eval_ctx.autoescape)


@jinja2.pass_environment
def _sandboxed(env: jinja2.Environment) -> str:
    return str(env.sandboxed)  # type: ignore[attr-defined]


def _stops() -> str:
    raise StopIteration


def _refused() -> str:
    return "called"


_refused.unsafe_callable = True  # type: ignore[attr-defined]


class Greeter:
    def __call__(self, name: str) -> str:
        return f"hi {name}"


CALLS = [
    "{{ plain('<b>', 2) }} {{ plain(a='x') }}",  # a plain function, escaped
    "{% for x in [1, 2] %}{% set y = x * 2 %}{{ seen('y') }} {{ seen('x') }}{% endfor %}",
    "{% block b %}{% set z = 3 %}{{ seen('z') }}{% endblock %}",  # a block's variables
    "{{ escaping() }} {{ sandboxed() }}",  # the eval context, the environment
    "{% macro m(a, b=2) %}{{ a }}{{ b }}{{ varargs }}{% endmacro %}{{ m(1) }}{{ m(1, 3, 4) }}",
    "{% macro m() %}{{ caller() }}{% endmacro %}{% call m() %}inside{% endcall %}",
    "{{ stops() is undefined }}",  # StopIteration: undefined
    "{{ refused() }}",  # marked unsafe: a SecurityError
    "{{ greeter('you') }} {{ s.upper() }} {{ d.get('k') }} {{ dict(a=1) }}",  # others: Jinja's
    "{{ ''.__class__.__mro__ }}",
]


@pytest.mark.parametrize("source", CALLS)
@pytest.mark.parametrize("marked", [True, False], ids=["marked", "unmarked"])
def test_calls_run_as_in_jinjas_sandbox(
    source: str, marked: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not marked:  # a Jinja that marks pass_context functions otherwise: Jinja's way
        monkeypatch.setattr(sandbox, "_PASSES_CONTEXT", None)
    functions = {
        "plain": lambda *args, **kwargs: f"{args}{kwargs}",
        "seen": _seen,
        "escaping": _escaping,
        "sandboxed": _sandboxed,
        "stops": _stops,
        "refused": _refused,
        "greeter": Greeter(),
        "s": "x",
        "d": {"k": "v"},
    }
    outcomes = []
    for env in (Sandbox(autoescape=True), JinjasCalling(autoescape=True)):
        env.globals.update(functions)
        outcomes.append(_outcome(env, source))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0] != ""


@pytest.mark.parametrize("own", [None, {}, {"b": 3, "c": 4}])
def test_a_templates_globals_list_and_read_as_jinjas_chainmap(own: dict[str, int] | None) -> None:
    env = Sandbox()
    env.globals.update(a=1, b=2)
    made = env.make_globals(own)
    stock = ChainMap({} if own is None else dict(own), env.globals)
    assert list(made) == list(stock) and dict(made) == dict(stock)
    assert list(made.keys()) == list(stock.keys()) and made["b"] == stock["b"]
    with pytest.raises(KeyError):
        made["missing"]
    env.globals["d"] = 5  # the environment's changes show through, the template's stay its own
    made["e"] = 6
    assert made["d"] == 5 and "e" not in env.globals
    assert list(made.new_child()) == list(ChainMap({}, made))


def test_a_template_given_globals_sees_them_over_the_environments() -> None:
    env = Sandbox()
    env.globals["x"] = "env"
    assert env.from_string("{{ x }}", globals={"x": "own"}).render() == "own"
    assert env.from_string("{{ x }}").render() == "env"
