"""Calendar arithmetic: months and years on the calendar, on every date."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterwerk.core.dates import (
    add_months,
    add_years,
    iter_months,
    last_months,
    month_end,
    months_between,
)

days = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 12, 31))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 12, 3), -11, datetime.date(2026, 1, 3)),
        (datetime.date(2026, 12, 31), 1, datetime.date(2027, 1, 31)),
        (datetime.date(2027, 1, 31), 1, datetime.date(2027, 2, 28)),
        (datetime.date(2028, 1, 31), 1, datetime.date(2028, 2, 29)),
        (datetime.date(2028, 3, 31), -1, datetime.date(2028, 2, 29)),
        (datetime.date(2025, 3, 20), -11, datetime.date(2024, 4, 20)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_add_years_on_29_february():
    assert add_years(datetime.date(2028, 2, 29), 1) == datetime.date(2029, 2, 28)
    assert add_years(datetime.date(2028, 2, 29), 4) == datetime.date(2032, 2, 29)


@given(days, st.integers(min_value=-600, max_value=600))
def test_add_months_lands_in_the_right_month(day, months):
    moved = add_months(day, months)
    assert months_between(day, moved) == months + 1
    assert moved.day == day.day or moved == month_end(moved)


@given(days)
def test_the_last_twelve_months_are_twelve_on_every_day(day):
    first, last = last_months(day, 12)
    months = list(iter_months(first, last))
    assert len(months) == 12
    assert months[-1] == day.replace(day=1) and last == month_end(day)
    assert first.day == 1
