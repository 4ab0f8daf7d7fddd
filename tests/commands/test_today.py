"""The day commands take as today."""

from __future__ import annotations

import datetime as dt

import pytest

from mvsite.commands.today import today
from mvsite.errors import SiteError


def test_source_date_epoch_sets_the_day_in_utc() -> None:
    assert today({"SOURCE_DATE_EPOCH": "1795305600"}) == dt.date(2026, 11, 22)
    assert today({"SOURCE_DATE_EPOCH": "1795391999"}) == dt.date(2026, 11, 22)


def test_without_it_the_day_is_todays_in_utc() -> None:
    before = dt.datetime.now(dt.UTC).date()
    assert before <= today({}) <= dt.datetime.now(dt.UTC).date()


@pytest.mark.parametrize("epoch", ["yesterday", "1.5", "99999999999999999999"])
def test_a_bad_source_date_epoch_is_a_site_error_with_a_hint(epoch: str) -> None:
    with pytest.raises(SiteError, match="SOURCE_DATE_EPOCH must be whole seconds") as caught:
        today({"SOURCE_DATE_EPOCH": epoch})
    assert "git log -1" in caught.value.hint
