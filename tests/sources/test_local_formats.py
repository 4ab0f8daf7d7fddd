import datetime as dt
from decimal import Decimal

import pytest
from babel.dates import format_date

from mvsite.errors import SiteError
from mvsite.sources.local_formats import (
    NumberDisplay,
    babel_locale,
    format_number_display,
    long_date,
    long_dates,
    read_number_display,
)

NBSP = "\u00a0"  # Babel's group separator in Swedish, and its space before '%'


@pytest.mark.parametrize(
    ("written", "en", "da", "sv"),
    [
        ("7,000+", "7,000+", "7.000+", f"7{NBSP}000+"),
        ("9", "9", "9", "9"),
        ("75+", "75+", "75+", "75+"),
        ("23%", "23%", f"23{NBSP}%", f"23{NBSP}%"),
        ("23.5%", "23.5%", f"23,5{NBSP}%", f"23,5{NBSP}%"),
        ("4+ million", "4+ million", "4+ millioner", "4+ miljoner"),
        ("1 million", "1 million", "1 million", "1 miljon"),
        ("3 billion", "3 billion", "3 milliarder", "3 miljarder"),
        ("20 thousand", "20 thousand", "20 tusind", "20 tusen"),
        ("10\u201320", "10\u201320", "10\u201320", "10\u201320"),
        ("10-20", "10\u201320", "10\u201320", "10\u201320"),
        ("2\u20134 million", "2\u20134 million", "2\u20134 millioner", "2\u20134 miljoner"),
        ("12,345.67", "12,345.67", "12.345,67", f"12{NBSP}345,67"),
        ("7000", "7,000", "7.000", f"7{NBSP}000"),
    ],
)
def test_a_number_display_is_written_in_each_languages_format(
    written: str, en: str, da: str, sv: str
) -> None:
    number = read_number_display(written, "en")
    assert number is not None
    assert [format_number_display(number, code) for code in ("en", "da", "sv")] == [en, da, sv]


def test_what_a_display_says_is_read_in_the_default_languages_format() -> None:
    assert read_number_display("4+ million", "en") == NumberDisplay(
        Decimal(4_000_000), None, True, "compact", 6
    )
    assert read_number_display("7.000+", "da") == NumberDisplay(Decimal(7000), None, True, "number")
    assert read_number_display(f"7{NBSP}000+", "en") is None  # not how English writes 7000


@pytest.mark.parametrize(
    "words", ["tens of thousands", "about 7,000", "7,00", "23 %", "4 millions", "", "Q3 2026"]
)
def test_a_display_babel_would_not_write_is_words(words: str) -> None:
    assert read_number_display(words, "en") is None


def test_dates_are_in_each_languages_long_form() -> None:
    day = dt.date(2026, 11, 1)
    assert [long_date(day, code) for code in ("en", "da", "sv")] == [
        "1 November 2026",  # international English, as mvsite always wrote it
        "1. november 2026",
        "1 november 2026",
    ]
    assert long_date(day, "en-US") == "November 1, 2026"


def test_a_language_babel_does_not_know_is_an_error() -> None:
    assert babel_locale("pt-BR").territory == "BR"
    with pytest.raises(
        SiteError, match="no number and date formats are known for the language 'xq'"
    ):
        babel_locale("xq")


def test_long_dates_read_once_write_what_babels_format_date_writes() -> None:
    days = [dt.date(2026, month, day) for month in range(1, 13) for day in (1, 9, 28)]
    for code, name in (("en", "en_001"), ("da", "da"), ("sv", "sv"), ("pt-BR", "pt_BR")):
        dates = long_dates(code)
        for day in (*days, dt.datetime(2026, 3, 4, 23, 59)):
            assert dates.format(day) == format_date(day, format="long", locale=name)
