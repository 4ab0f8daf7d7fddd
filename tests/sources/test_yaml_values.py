from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mvsite.errors import SiteError
from mvsite.sources.strict_yaml import parse_yaml
from mvsite.sources.yaml_values import (
    check_known_keys,
    read_bool,
    read_date,
    read_number,
    read_text,
    read_text_list,
)

SRC = Path("x.yaml")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("NO", "'t' must be text (got 'NO', which YAML reads as False)"),
        ("1.10", "'t' must be text (got '1.10', which YAML reads as 1.1)"),
        ("12:30", "'t' must be text (got '12:30', which YAML reads as 750)"),
        ("[a, b]", "'t' must be text (got ['a', 'b'])"),
    ],
)
def test_yaml_1_1_surprises_are_reported_where_text_was_expected(raw: str, message: str) -> None:
    doc = parse_yaml(f"t: {raw}\n", SRC)
    with pytest.raises(SiteError) as caught:
        read_text(doc, ("t",), doc.value["t"])
    assert caught.value.message == message
    assert caught.value.line == 1
    assert caught.value.hint == (
        "write it as one line of text" if raw.startswith("[") else f'put it in quotes: t: "{raw}"'
    )


def test_quoted_values_are_text() -> None:
    doc = parse_yaml('t: "NO"\nd: 2026-11-21\nb: true\nl: one\n', SRC)
    assert read_text(doc, ("t",), doc.value["t"]) == "NO"
    assert read_date(doc, ("d",), doc.value["d"]) == dt.date(2026, 11, 21)
    assert read_bool(doc, ("b",), doc.value["b"]) is True
    assert read_text_list(doc, ("l",), doc.value["l"]) == ("one",)


def test_a_date_that_is_text_is_an_error_with_the_format() -> None:
    doc = parse_yaml("d: soon\n", SRC)
    with pytest.raises(SiteError) as caught:
        read_date(doc, ("d",), doc.value["d"])
    assert str(caught.value) == (
        "x.yaml:1: 'd' must be a date (got 'soon')\n"
        "  hint: write dates as YYYY-MM-DD, for example 2026-11-21"
    )


@pytest.mark.parametrize(
    ("written", "date"),
    [('"2024-01-14"', dt.date(2024, 1, 14)), ("'2024-01-14T07:07:07+01:00'", dt.date(2024, 1, 14))],
)
def test_a_date_in_quotes_is_a_date(written: str, date: dt.date) -> None:
    doc = parse_yaml(f"d: {written}\n", SRC)
    assert read_date(doc, ("d",), doc.value["d"]) == date


def test_unknown_keys_suggest_the_closest_known_one() -> None:
    doc = parse_yaml("tilte: x\n", SRC)
    with pytest.raises(SiteError) as caught:
        check_known_keys(doc, (), doc.value, {"title", "tags"})
    assert (caught.value.message, caught.value.hint) == (
        "unknown key 'tilte'",
        "did you mean 'title'?",
    )


def test_unknown_keys_with_nothing_close_list_the_known_ones() -> None:
    doc = parse_yaml("zzz: x\n", SRC)
    with pytest.raises(SiteError) as caught:
        check_known_keys(doc, (), doc.value, {"title", "tags"})
    assert caught.value.hint == "known keys: tags, title"


@pytest.mark.parametrize(
    ("raw", "hint"),
    [
        ("3,5", "write 3.5: decimals take a point, not a comma"),
        ("1,500", "write 1500, or 1.500 if it is a decimal: decimals take a point"),
        ("75%", "write the number without quotes or units, e.g. 75 (the shown text goes in"),
    ],
)
def test_a_number_with_a_comma_is_refused_with_how_to_write_it(raw: str, hint: str) -> None:
    doc = parse_yaml(f"value: {raw}\n", SRC)
    with pytest.raises(SiteError) as caught:
        read_number(doc, ("value",), doc.value["value"])
    assert caught.value.message == f"'value' must be a number (got '{raw}')"
    assert caught.value.hint.startswith(hint)
