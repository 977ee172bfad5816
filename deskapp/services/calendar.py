"""The desk's working-day calendar (policy [calendar]): weekends, public holidays
and the weekend days made working days (调休) of Chinese holiday schedules."""

from __future__ import annotations

import calendar as _cal
from datetime import date, timedelta

from deskapp.policy import Section


def is_working_day(day: date, cal: Section) -> bool:
    iso = day.isoformat()
    if iso in cal.workdays:  # a make-up working day, even on a weekend
        return True
    return day.isoweekday() not in cal.weekend and iso not in cal.holidays


def add_working_days(day: date, n: int, cal: Section) -> date:
    """The n-th working day after `day` (`day` itself does not count)."""
    while n > 0:
        day += timedelta(days=1)
        if is_working_day(day, cal):
            n -= 1
    return day


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it is shorter (31 Jan + 1 = 28 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, _cal.monthrange(year, month)[1]))
