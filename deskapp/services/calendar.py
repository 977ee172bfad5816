"""The desk's working-day calendar (docs/calendar.md): weekends from the policy,
public holidays and the weekend days made working days (调休) from the
chinese-calendar package, and the policy's [calendar] lists on top of both (a
desk's closing days, a correction, a year the package does not have yet).

Pure rules: no database, no screen. A year is *confirmed* when the package
has it or the policy names one of its holidays; a deadline after the last
confirmed day is counted on weekends alone and is marked as not confirmed.
"""

from __future__ import annotations

import calendar as _cal
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from deskapp.policy_types import CalendarSettings

PACKAGE = "chinese-calendar"
POLICY = "policy"


@dataclass(frozen=True)
class Days:
    weekend: frozenset[int]  # ISO weekdays off
    holidays: dict[date, str]  # day off -> where it comes from (PACKAGE or POLICY)
    workdays: dict[date, str]  # weekend day worked -> where it comes from
    years: frozenset[int]  # the confirmed years
    confirmed_until: date  # the last day of the last confirmed year in a row from the first


def days(cal: CalendarSettings) -> Days:
    return _days(tuple(cal.weekend), tuple(cal.holidays), tuple(cal.workdays))


@lru_cache(maxsize=8)
def _days(weekend: tuple[int, ...], holidays: tuple[str, ...], workdays: tuple[str, ...]) -> Days:
    off, worked = _package()
    off, worked = dict(off), dict(worked)
    ours_off = {date.fromisoformat(d) for d in holidays}
    ours_worked = {date.fromisoformat(d) for d in workdays}
    for day in ours_off:  # the desk's word goes first: a closing day, or a correction
        off[day] = POLICY
        worked.pop(day, None)
    for day in ours_worked:
        worked[day] = POLICY
        off.pop(day, None)
    package_years = {d.year for d in _package()[0]}
    years = frozenset(package_years | {d.year for d in ours_off})
    last = max(package_years)  # then each following year the policy names, in a row
    while last + 1 in years:
        last += 1
    return Days(frozenset(weekend), off, worked, years, date(last, 12, 31))


def package_years() -> range:
    """The years the chinese-calendar package knows."""
    years = {d.year for d in _package()[0]}
    return range(min(years), max(years) + 1)


@lru_cache(maxsize=1)
def _package() -> tuple[dict[date, str], dict[date, str]]:
    """The package's days off and days worked (imported only when a deadline is counted)."""
    from chinese_calendar.constants import holidays, workdays

    return {d: PACKAGE for d in holidays}, {d: PACKAGE for d in workdays}


def is_working_day(day: date, cal: CalendarSettings) -> bool:
    known = days(cal)
    if day in known.workdays:  # a make-up working day, even on a weekend
        return True
    return day.isoweekday() not in known.weekend and day not in known.holidays


def add_working_days(day: date, n: int, cal: CalendarSettings) -> date:
    """The n-th working day after `day` (`day` itself does not count)."""
    known = days(cal)
    for _ in range(n * 400):  # a policy always leaves working days (Weekdays allows six days off)
        if n <= 0:
            break
        day += timedelta(days=1)
        if day in known.workdays or (day.isoweekday() not in known.weekend and day not in known.holidays):
            n -= 1
    return day


def confirmed(day: date, cal: CalendarSettings) -> bool:
    """The calendar holds the State Council's schedule (or the desk's) up to this day."""
    return day <= days(cal).confirmed_until


@dataclass(frozen=True)
class Gap:
    confirmed_until: date
    passed: bool  # today is already past it: deadlines are being counted on weekends alone
    next_year: int


def gap(cal: CalendarSettings, today: date) -> Gap | None:
    """The end of the confirmed calendar when it is near (policy calendar.warn_days) or past."""
    until = days(cal).confirmed_until
    if today < until - timedelta(days=cal.warn_days):
        return None
    return Gap(until, today > until, until.year + 1)


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it is shorter (31 Jan + 1 = 28 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, _cal.monthrange(year, month)[1]))
