"""Numbers and dates in each language's format, with Babel: a figure's display as figures.yaml
writes it ("7,000+", "23%", "4+ million") -> the same number in another language ("7.000+",
"23 %", "4+ millioner"); a date -> its long form ("21. november 2026").

A display is read in the default language's format, and only in the forms Babel itself writes
there: a number, a percentage, or a number of thousands, millions... in words (CLDR's long
compact form), each maybe a range (two numbers joined by an en dash) and maybe a lower bound
("75+"). Any other display ("tens of thousands") is words, which each language gives in its
own figures file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.dates import DateTimePattern, get_date_format
from babel.numbers import (
    NumberFormatError,
    format_compact_decimal,
    format_decimal,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
    parse_decimal,
)

from mvsite.errors import SiteError

Style = Literal["number", "percent", "compact"]
_COMPACT_EXPONENTS = (3, 6, 9, 12)  # thousand, million, billion, trillion
RANGE_DASH = "\u2013"  # an en dash: CLDR's range pattern in English, Danish and Swedish
AT_LEAST = "+"  # "75+": the source says more than 75


@dataclass(frozen=True, slots=True)
class NumberDisplay:
    """A display that is a number: what it says, whatever the language."""

    low: Decimal
    high: Decimal | None  # the end of a range
    at_least: bool  # "75+"
    style: Style
    exponent: int = 0  # "4 million": compact, 6

    @property
    def top(self) -> Decimal:
        return self.low if self.high is None else self.high


def babel_locale(code: str) -> Locale:
    """A site language's code ('da', 'pt-BR') -> Babel's locale for it."""
    # CLDR's bare "en" is American ("November 21, 2026"); the site's English, like most outside
    # the US, is CLDR's international English ("21 November 2026"), as mvsite always wrote it.
    name = "en_001" if code == "en" else code.replace("-", "_")
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        raise SiteError(
            f"no number and date formats are known for the language '{code}'",
            None,
            None,
            "use a language code Babel (CLDR) knows, e.g. da, sv, pt-BR",
        ) from None


@dataclass(frozen=True, slots=True)
class LongDates:
    """One language's long dates, its locale and pattern read once: Babel reads both again at
    every format_date("long"), half the time of a date."""

    locale: Locale
    pattern: DateTimePattern

    def format(self, value: dt.date) -> str:
        """2026-11-21 -> '21 November 2026' (en), '21. november 2026' (da)."""
        day = value.date() if isinstance(value, dt.datetime) else value  # as format_date does
        return self.pattern.apply(day, self.locale)


def long_dates(code: str) -> LongDates:
    """A site language's code -> how it writes long dates."""
    locale = babel_locale(code)
    return LongDates(locale, get_date_format("long", locale=locale))


def long_date(value: dt.date, code: str) -> str:
    """2026-11-21 -> '21 November 2026' (en), '21. november 2026' (da), '21 november 2026' (sv)."""
    return long_dates(code).format(value)


def read_number_display(text: str, code: str) -> NumberDisplay | None:
    """A display written in language `code` -> the number it says; None if it is words."""
    locale = babel_locale(code)
    match = _number_shape(locale).fullmatch(text)
    if match is None:
        return None
    try:
        low = parse_decimal(match["low"], locale=locale, strict=True)
        high = None if match["high"] is None else parse_decimal(match["high"], locale, strict=True)
    except NumberFormatError:
        return None
    frame = (match["before"], match["after"])
    for style, exponent in _styles():
        scale = Decimal(10) ** exponent
        shown = NumberDisplay(
            low * scale,
            None if high is None else high * scale,
            bool(match["plus"]),
            style,
            exponent,
        )
        if _frame(shown, locale) == frame:
            return shown
    return None


def format_number_display(number: NumberDisplay, code: str) -> str:
    """The number as language `code` writes it: '7.000+' (da), '7\u00a0000+' (sv)."""
    locale = babel_locale(code)
    scale = Decimal(10) ** number.exponent
    text = _decimal(number.low / scale, locale)
    if number.high is not None:
        text += RANGE_DASH + _decimal(number.high / scale, locale)
    if number.at_least:
        text += AT_LEAST
    before, after = _frame(number, locale)
    return before + text + after


def _styles() -> tuple[tuple[Style, int], ...]:
    return (("number", 0), ("percent", 0), *(("compact", e) for e in _COMPACT_EXPONENTS))


def _frame(number: NumberDisplay, locale: Locale) -> tuple[str, str]:
    """What Babel writes before and after the number in this style: ('', '\u00a0%') for a
    Danish percentage, ('', ' millioner') for Danish millions (plural by the larger end)."""
    top = number.top
    if number.style == "number":
        return "", ""
    if number.style == "percent":
        text = format_percent(top / 100, locale=locale, decimal_quantization=False)
    else:
        digits = max(-_exponent_of(top / Decimal(10) ** number.exponent), 0)
        text = format_compact_decimal(
            top, format_type="long", locale=locale, fraction_digits=digits
        )
    before, found, after = text.partition(_decimal(top / Decimal(10) ** number.exponent, locale))
    return (before, after) if found else ("\0", "\0")  # a form Babel did not write as expected


def _exponent_of(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def _decimal(value: Decimal, locale: Locale) -> str:
    return format_decimal(value, locale=locale, decimal_quantization=False)


def _number_shape(locale: Locale) -> re.Pattern[str]:
    """Words, a number in this locale's digits (maybe a range, maybe '+'), words."""
    group, decimal = re.escape(get_group_symbol(locale)), re.escape(get_decimal_symbol(locale))
    number = rf"[0-9](?:[0-9]|{group}[0-9]|{decimal}[0-9])*"
    return re.compile(
        rf"(?P<before>[^0-9]*?)(?P<low>{number})(?:\s?[\u2013-]\s?(?P<high>{number}))?"
        rf"(?P<plus>\+)?(?P<after>[^0-9]*)"
    )
