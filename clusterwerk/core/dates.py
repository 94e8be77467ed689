"""Calendar arithmetic: months and years counted on the calendar, never as day counts.

"The last twelve months" or "valid for at most a year" must not be written as 335 or 366 days:
the number of days a month or year has depends on the date, and a day count lands in the wrong
month on some dates (the 3rd of December minus 335 days is in the December before).
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterator


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by `months` calendar months; the day is clamped to the month's last day
    (31 January + 1 month = 28/29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return day.replace(year=year, month=month, day=min(day.day, month_length(year, month)))


def add_years(day: datetime.date, years: int) -> datetime.date:
    """`day` moved by whole years; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


def month_length(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=month_length(day.year, day.month))


def months_between(first: datetime.date, last: datetime.date) -> int:
    """How many calendar months from the month of `first` to the month of `last`, both
    counted: January to March is 3; a `last` before `first` gives 0 or less."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def iter_months(first: datetime.date, last: datetime.date) -> Iterator[datetime.date]:
    """The first day of every month from the month of `first` to the month of `last`."""
    month = month_start(first)
    while month <= last:
        yield month
        month = add_months(month, 1)


def last_months(today: datetime.date, count: int) -> tuple[datetime.date, datetime.date]:
    """The first day of the earliest and the last day of the latest of the `count` calendar
    months that end with the month of `today`."""
    return month_start(add_months(today, -(count - 1))), month_end(today)
