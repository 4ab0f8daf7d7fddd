from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mvsite.errors import SiteError
from mvsite.sources import strict_yaml
from mvsite.sources.strict_yaml import MAX_NESTING, parse_yaml

SRC = Path("x.yaml")


def test_values_remember_their_line_and_raw_text() -> None:
    doc = parse_yaml("a: 1\nb:\n  c: [x, y]\n", SRC, first_line=10)
    assert doc.value == {"a": 1, "b": {"c": ["x", "y"]}}
    assert doc.line_of(("b", "c", 1)) == 12
    assert doc.lines[("a",)].raw == "1"
    assert doc.line_of(("missing",)) == 10  # the nearest known key: the document itself


def test_duplicate_keys_are_an_error_at_the_second_one() -> None:
    with pytest.raises(SiteError) as caught:
        parse_yaml("a: 1\nb: 2\na: 3\n", SRC)
    assert str(caught.value).startswith("x.yaml:3: duplicate key 'a'")


def test_nested_duplicate_keys_are_found_too() -> None:
    with pytest.raises(SiteError, match="duplicate key 'c'"):
        parse_yaml("a:\n  c: 1\n  c: 2\n", SRC)


def test_every_mistake_that_leaves_the_rest_readable_is_found_at_once() -> None:
    """A duplicate key or an impossible date no longer stops the reading: one run says all."""
    text = "a: 1\nb: 2024-13-01\na: 3\nc:\n  d: 2024-02-30\n"
    with pytest.raises(SiteError) as caught:
        parse_yaml(text, SRC)
    said = [(error.line, error.message[:32]) for error in (caught.value, *caught.value.also)]
    assert said == [
        (2, "'2024-13-01' looks like a date b"),
        (3, "duplicate key 'a'"),
        (5, "'2024-02-30' looks like a date b"),
    ]
    assert all(error.path == SRC for error in caught.value.also)


def test_a_mistake_reached_again_through_an_alias_is_said_once_and_stops_nothing() -> None:
    """PyYAML leaves a value it failed to make half-made: its alias was 'recursive', and
    that error replaced every other."""
    text = "a: 1\na: 2\nx:\n  d: &d 2024-02-30\n  e: *d\nm: &m {s: 1, s: 2}\nn: *m\n"
    with pytest.raises(SiteError) as caught:
        parse_yaml(text, SRC)
    said = [(error.line, error.message[:22]) for error in caught.value.each]
    assert said == [
        (2, "duplicate key 'a'"),
        (4, "'2024-02-30' looks lik"),
        (6, "duplicate key 's'"),
    ]


def test_mistakes_found_before_one_that_stops_the_reading_are_said_with_it() -> None:
    with pytest.raises(SiteError) as caught:
        parse_yaml("a: 1\na: 2\n? [x]\n: 1\n", SRC)
    assert [error.line for error in caught.value.each] == [2, 3]
    assert caught.value.also[0].message.startswith("a mapping or list cannot be a key")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("b: !!bool hello\n", "'hello' is not a valid !!bool"),
        ("b: !!timestamp hello\n", "'hello' is not a valid !!timestamp"),
        ("b: !!int abc\n", "'abc' is not a valid !!int"),
    ],
)
def test_a_value_its_tag_does_not_fit_is_a_mistake_at_its_line(text: str, message: str) -> None:
    """They were tracebacks (KeyError, AttributeError), or 'looks like a date'."""
    with pytest.raises(SiteError) as caught:
        parse_yaml("a: 1\n" + text, SRC)
    assert (caught.value.line, caught.value.message) == (2, message)


def test_collected_mistakes_are_kept_with_the_values_read() -> None:
    doc = parse_yaml("a: 1\na: 2\nday: 2024-13-01\n", SRC, first_line=2, collect=True)
    assert doc.value == {"a": 2, "day": "2024-13-01"}  # the last one, as YAML has it; the text
    assert [(error.path, error.line) for error in doc.mistakes] == [(SRC, 3), (SRC, 4)]
    assert parse_yaml("a: 1\n", SRC, collect=True).mistakes == ()


@pytest.mark.parametrize(
    ("text", "line", "hint"),
    [
        ("a: 1\nb:\n\tc: 2\n", 3, "YAML does not allow tabs for indentation: use spaces"),
        ('a: 1\nb: "open\nc: 2\n', 2, "a quote was opened but not closed"),
        (
            "a: [1, 2\nb: 3\n",
            2,
            "check the indentation and quoting on this line and the one before",
        ),
    ],
)
def test_syntax_errors_name_the_line_and_a_fix(text: str, line: int, hint: str) -> None:
    with pytest.raises(SiteError) as caught:
        parse_yaml(text, SRC)
    assert (caught.value.line, caught.value.hint) == (line, hint)
    assert caught.value.message.startswith("YAML syntax: ")


def test_an_empty_document_is_none() -> None:
    assert parse_yaml("", SRC).value is None


def _flow(depth: int) -> str:
    return "[" * depth + "]" * depth


_DEEP = {
    # name: (YAML text, the line of the first list or mapping past the limit)
    "flow, one line": (f"a: 1\nb: {_flow(MAX_NESTING)}\n", 2),
    "flow, 5,000 on one line": (f"a: 1\nb: {_flow(5000)}\n", 2),
    "flow, a level a line": ("[\n" * 5000 + "]\n" * 5000, MAX_NESTING + 1),
    "flow mappings": ("a: " + "{b: " * 5000 + "}" * 5000 + "\n", 1),
    "block mappings": ("".join(" " * i + "k:\n" for i in range(5000)), MAX_NESTING + 1),
    "block lists": ("k:\n" + "".join(" " * i + "-\n" for i in range(5000)), MAX_NESTING + 1),
    "compact lists": ("- " * 5000 + "x\n", 1),
}


@pytest.fixture(params=["libyaml", "pure Python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both of PyYAML's parsers: with libyaml where it was built, and without."""
    if request.param == "pure Python":
        monkeypatch.setattr(strict_yaml, "_Loader", yaml.SafeLoader)


@pytest.mark.parametrize("case", list(_DEEP))
def test_deep_nesting_is_refused_in_mvsites_words_at_its_line(case: str, loader: None) -> None:
    text, line = _DEEP[case]
    with pytest.raises(SiteError) as caught:
        parse_yaml(text, SRC, first_line=10)
    assert str(caught.value) == (
        f"x.yaml:{line + 9}: YAML nested more than {MAX_NESTING} levels deep\n"
        "  hint: lists and mappings nest a few levels at most: flatten the data"
    )


def test_nesting_up_to_the_limit_is_read(loader: None) -> None:
    doc = parse_yaml(_flow(MAX_NESTING) + "\n", SRC)
    value = doc.value
    for _ in range(MAX_NESTING - 1):
        (value,) = value
    assert value == []


def test_a_syntax_error_in_deep_text_is_reported_as_one(loader: None) -> None:
    text = "a: [1, 2\n" + "b: 1\n" * 200 + f"c: {_flow(5000)}\n"
    with pytest.raises(SiteError) as caught:
        parse_yaml(text, SRC)
    assert str(caught.value).startswith("x.yaml:2: YAML syntax: ")


@pytest.mark.parametrize(
    ("text", "call"),
    [
        ("s: !!python/object/apply:m.f\n", strict_yaml.PythonCall("m.f")),
        ("s: !!python/object/apply:m.f [1, x]\n", strict_yaml.PythonCall("m.f", (1, "x"))),
        (
            "s: !!python/object/apply:m.f\n  kwds:\n    case: lower\n",
            strict_yaml.PythonCall("m.f", (), {"case": "lower"}),
        ),
        ("s: !!python/object/apply:m.f {args: [2]}\n", strict_yaml.PythonCall("m.f", (2,))),
    ],
)
def test_a_python_call_is_read_as_written_and_never_made(
    text: str, call: strict_yaml.PythonCall
) -> None:
    assert parse_yaml(text, SRC).value == {"s": call}


@pytest.mark.parametrize(
    "text",
    ["a: 1\ns: !!python/object/apply:m.f {kw: 1}\n", "a: 1\ns: !!python/object/apply:m.f x\n"],
)
def test_a_python_call_with_more_than_its_arguments_is_an_error_at_its_line(text: str) -> None:
    with pytest.raises(SiteError) as caught:
        parse_yaml(text, SRC)
    assert str(caught.value).startswith(
        "x.yaml:2: !!python/object/apply:m.f is given something other than its arguments"
    )


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_lines_are_counted_as_an_editor_shows_them(separator: str, loader: None) -> None:
    """PyYAML counts U+2028 and its kin as line breaks; a value after one is still placed on
    the line the file has it on."""
    text = f'title: "A{separator}B"\nsummary: x\n'
    doc = parse_yaml(text, SRC, first_line=2)
    assert (doc.line_of(("title",)), doc.line_of(("summary",))) == (2, 3)
    with pytest.raises(SiteError) as caught:
        parse_yaml(text + "date: 2024-13-45\n", SRC, first_line=2)
    assert str(caught.value).startswith("x.yaml:4: '2024-13-45' looks like a date")


@pytest.mark.parametrize("text", ["title: A\u2028B\nsummary: x\n", "# c\u2028d\nsummary: x\n"])
def test_a_separator_that_breaks_the_yaml_is_named_at_its_line(text: str, loader: None) -> None:
    with pytest.raises(SiteError) as caught:
        parse_yaml(text, SRC, first_line=2)
    assert caught.value.line == 2
    assert caught.value.hint.startswith("this line holds an invisible line separator (U+2028")


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        (
            "title: \u201cKr\u00e6ft: the big one\u201d\n",
            "\u201c \u201d are typographic quotes, which YAML reads as text: use straight quotes",
        ),
        (
            "title: Cancer: the big one\n",
            'a value with ": " in it goes in quotes: title: "Cancer: the big one"',
        ),
    ],
)
def test_a_colon_in_a_value_is_told_how_to_quote_it(text: str, hint: str, loader: None) -> None:
    with pytest.raises(SiteError) as caught:
        parse_yaml(text, SRC)
    assert (caught.value.line, caught.value.hint) == (1, hint)
