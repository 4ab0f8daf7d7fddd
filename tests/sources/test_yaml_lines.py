from __future__ import annotations

import yaml

from mvsite.sources.yaml_lines import line_in, separator_line


def _marks(text: str) -> list[tuple[str, int]]:
    """Each key of a flat mapping, and PyYAML's own line of it."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    return [(key.value, key.start_mark) for key, _ in node.value]


def test_lines_end_at_newlines_only() -> None:
    text = "a: 'x\u2028y\u2029z'\nb: 1\n# \x85\nc: 2\n"
    line_of = line_in(text)
    assert [(name, line_of(mark)) for name, mark in _marks(text)] == [("a", 0), ("b", 1), ("c", 3)]
    assert [mark.line for _, mark in _marks(text)] == [0, 3, 6]  # (PyYAML's own count)


def test_text_without_other_breaks_keeps_pyyamls_count() -> None:
    text = "a: 1\r\nb: 2\n"
    assert [line_in(text)(mark) for _, mark in _marks(text)] == [0, 1]


def test_the_separator_is_found_on_the_line_or_the_one_before() -> None:
    lines = ["a: 1", "b: x\u2028y", "c: 2"]
    assert (separator_line(lines, 1), separator_line(lines, 2), separator_line(lines, 0)) == (
        1,
        1,
        None,
    )


def test_a_lone_carriage_return_ends_a_line_too() -> None:
    text = "a: 'x\u2028y'\rb: 1\rc: 2\r"
    assert [line_in(text)(mark) for _, mark in _marks(text)] == [0, 1, 2]
