"""A ListedRegistry reads as the stock Registry after any registers and deregisters, and the
fast converter's registries are made ListedRegistries in place (none other)."""

from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import util

from mvsite.markdown.converters import ALL_FEATURES, make_converter
from mvsite.markdown.listed_registries import ListedRegistry, list_registries_once

NAMES = st.sampled_from(["a", "b", "c", "d"])
# (name, priority) registers an item; (name, None) deregisters the name (if it is there).
STEPS = st.lists(st.tuples(NAMES, st.one_of(st.none(), st.integers(0, 3))), max_size=25)


def _read(registry: util.Registry[object]) -> tuple[object, ...]:
    return (
        tuple(registry),
        len(registry),
        tuple(registry[i] for i in range(len(registry))),
        tuple(name in registry for name in "abcd"),
        tuple(registry.get_index_for_name(n) for n in "abcd" if n in registry),
    )


@settings(max_examples=300, deadline=None)
@given(steps=STEPS, read_every=st.integers(1, 4))
def test_it_reads_as_the_stock_registry_after_any_changes(
    steps: list[tuple[str, int | None]], read_every: int
) -> None:
    stock: util.Registry[object] = util.Registry()
    listed: util.Registry[object] = util.Registry()
    listed.__class__ = ListedRegistry  # in place, as list_registries_once makes it
    for number, (name, priority) in enumerate(steps):
        for registry in (stock, listed):
            if priority is None:
                registry.deregister(name, strict=False)
            else:
                registry.register(f"{name}{number}", name, priority)
        if number % read_every == 0:  # listed now and then: a change must renew the list
            assert _read(listed) == _read(stock)
    assert _read(listed) == _read(stock)


def test_an_iteration_is_a_snapshot_as_the_stock_one_is() -> None:
    for registry in (util.Registry(), ListedRegistry()):
        registry.register("x", "x", 2)
        seen = []
        for item in registry:
            seen.append(item)
            registry.register("y", "y", 1)  # after this loop, not in it
        assert seen == ["x"] and list(registry) == ["x", "y"]


def test_the_fast_converter_lists_its_registries_once() -> None:
    md = make_converter(ALL_FEATURES, (), allow_html=False, fast=True)
    registries = [
        md.preprocessors,
        md.parser.blockprocessors,
        md.treeprocessors,
        md.inlinePatterns,
        md.postprocessors,
        md.treeprocessors["smarty"].inlinePatterns,
    ]
    assert all(type(registry) is ListedRegistry for registry in registries)
    stock = make_converter(ALL_FEATURES, (), allow_html=False, fast=False)
    assert type(stock.parser.blockprocessors) is util.Registry


def test_a_registry_of_another_class_is_left_as_it_is() -> None:
    class Own(util.Registry[object]):
        pass

    md = markdown.Markdown()
    own: util.Registry[object] = Own()
    md.postprocessors = own
    list_registries_once(md)
    assert type(md.postprocessors) is Own
    assert type(md.preprocessors) is ListedRegistry


def test_the_converter_converts_as_before_after_a_change() -> None:
    md = markdown.Markdown(extensions=["abbr"])
    list_registries_once(md)
    text = "*[HTML]: Hyper Text\n\nSome HTML *here*.\n"
    assert md.convert(text) == markdown.Markdown(extensions=["abbr"]).convert(text)
    md.inlinePatterns.deregister("emphasis", strict=False)
    md.inlinePatterns.deregister("em_strong", strict=False)
    plain = markdown.Markdown(extensions=["abbr"])
    plain.inlinePatterns.deregister("emphasis", strict=False)
    plain.inlinePatterns.deregister("em_strong", strict=False)
    assert md.reset().convert(text) == plain.convert(text)
