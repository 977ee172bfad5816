"""The desk's working-day calendar from its policy (docs/calendar.md): the policy's
[calendar] lists on top of the chinese-calendar package, counted by deskapp/rules/calendar.py."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from deskapp.policy_types import CalendarSettings
from deskapp.rules import calendar as rules
from deskapp.rules.calendar import Days, Gap


def days(cal: CalendarSettings) -> Days:
    return _days(tuple(cal.weekend), tuple(cal.holidays), tuple(cal.workdays))


@lru_cache(maxsize=8)
def _days(weekend: tuple[int, ...], holidays: tuple[str, ...], workdays: tuple[str, ...]) -> Days:
    return rules.combine(
        rules.package_schedule(),
        weekend,
        (date.fromisoformat(d) for d in holidays),
        (date.fromisoformat(d) for d in workdays),
    )


def package_years() -> range:
    """The years the chinese-calendar package knows."""
    return rules.package_years(rules.package_schedule())


def is_working_day(day: date, cal: CalendarSettings) -> bool:
    return rules.is_working_day(day, days(cal))


def add_working_days(day: date, n: int, cal: CalendarSettings) -> date:
    """The n-th working day after `day` (`day` itself does not count)."""
    return rules.add_working_days(day, n, days(cal))


def confirmed(day: date, cal: CalendarSettings) -> bool:
    """The calendar holds the State Council's schedule (or the desk's) up to this day."""
    return rules.confirmed(day, days(cal))


def gap(cal: CalendarSettings, today: date) -> Gap | None:
    """The end of the confirmed calendar when it is near (policy calendar.warn_days) or past."""
    return rules.gap(days(cal), cal.warn_days, today)
