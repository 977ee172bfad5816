"""The working-day calendar (docs/calendar.md): weekends, public holidays and the weekend
days made working days (调休), with the desk's own lists on top.

The State Council's schedule is the chinese-calendar package's data (package_schedule);
the desk's lists come from its policy (deskapp/services/calendar.py passes them in). A
year is *confirmed* when the package has it or the desk names one of its holidays; a
deadline after the last confirmed day is counted on weekends alone and is marked as not
confirmed.
"""

from __future__ import annotations

import calendar as _cal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

PACKAGE = "chinese-calendar"
POLICY = "policy"


@dataclass(frozen=True)
class Schedule:
    """The State Council's days off and weekend days worked, as the package has them."""

    holidays: frozenset[date]
    workdays: frozenset[date]


@dataclass(frozen=True)
class Days:
    weekend: frozenset[int]  # ISO weekdays off
    holidays: Mapping[date, str]  # day off -> where it comes from (PACKAGE or POLICY)
    workdays: Mapping[date, str]  # weekend day worked -> where it comes from
    years: frozenset[int]  # the confirmed years
    confirmed_until: date  # the last day of the last confirmed year in a row from the first


@dataclass(frozen=True)
class Gap:
    confirmed_until: date
    passed: bool  # today is already past it: deadlines are being counted on weekends alone
    next_year: int


@lru_cache(maxsize=1)
def package_schedule() -> Schedule:
    """The chinese-calendar package's data (imported only when a deadline is counted)."""
    import chinese_calendar

    return Schedule(frozenset(chinese_calendar.holidays), frozenset(chinese_calendar.workdays))


def package_years(schedule: Schedule) -> range:
    """The years the package knows."""
    years = {d.year for d in schedule.holidays}
    return range(min(years), max(years) + 1)


def combine(
    schedule: Schedule, weekend: Iterable[int], holidays: Iterable[date], workdays: Iterable[date]
) -> Days:
    """The package's schedule with the desk's lists on top: the desk's word goes first
    (a closing day, or a correction)."""
    off = dict.fromkeys(schedule.holidays, PACKAGE)
    worked = dict.fromkeys(schedule.workdays, PACKAGE)
    ours_off, ours_worked = set(holidays), set(workdays)
    for day in ours_off:
        off[day] = POLICY
        worked.pop(day, None)
    for day in ours_worked:
        worked[day] = POLICY
        off.pop(day, None)
    package = {d.year for d in schedule.holidays}
    years = frozenset(package | {d.year for d in ours_off})
    last = max(package)  # then each following year the desk names, in a row
    while last + 1 in years:
        last += 1
    return Days(frozenset(weekend), off, worked, years, date(last, 12, 31))


def is_working_day(day: date, known: Days) -> bool:
    if day in known.workdays:  # a make-up working day, even on a weekend
        return True
    return day.isoweekday() not in known.weekend and day not in known.holidays


def add_working_days(day: date, n: int, known: Days) -> date:
    """The n-th working day after `day` (`day` itself does not count)."""
    for _ in range(n * 400):  # a policy always leaves working days (Weekdays allows six days off)
        if n <= 0:
            break
        day += timedelta(days=1)
        if is_working_day(day, known):
            n -= 1
    return day


def confirmed(day: date, known: Days) -> bool:
    """The calendar holds the State Council's schedule (or the desk's) up to this day."""
    return day <= known.confirmed_until


def gap(known: Days, warn_days: int, today: date) -> Gap | None:
    """The end of the confirmed calendar when it is `warn_days` away or less, or past."""
    until = known.confirmed_until
    if today < until - timedelta(days=warn_days):
        return None
    return Gap(until, today > until, until.year + 1)


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it is shorter (31 Jan + 1 = 28 Feb
    in 2026, 29 Feb in a leap year)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, _cal.monthrange(year, month)[1]))
