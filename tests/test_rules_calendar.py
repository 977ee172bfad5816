"""The working-day calendar's rules alone (deskapp/rules/calendar.py, docs/calendar.md), on a
small schedule written here: National Day 2026 (1–7 October off, Saturday 10 October worked)
and one holiday of 2025, so a change to the package's data does not move these figures."""

from __future__ import annotations

from datetime import date

import pytest

from deskapp.rules.calendar import (
    PACKAGE,
    POLICY,
    Gap,
    Schedule,
    add_months,
    add_working_days,
    combine,
    confirmed,
    gap,
    is_working_day,
    package_years,
)

NATIONAL_DAY = Schedule(
    holidays=frozenset({date(2025, 1, 1), *(date(2026, 10, d) for d in range(1, 8))}),
    workdays=frozenset({date(2026, 10, 10)}),
)
WEEKEND = (6, 7)


def known(holidays=(), workdays=(), weekend=WEEKEND):
    return combine(NATIONAL_DAY, weekend, holidays, workdays)


@pytest.mark.parametrize(
    "day, working",
    [
        ("2026-09-30", True),  # Wednesday
        ("2026-10-01", False),  # a holiday on a Thursday
        ("2026-10-07", False),  # the holiday's last day
        ("2026-10-08", True),
        ("2026-10-10", True),  # Saturday, a make-up working day (调休)
        ("2026-10-11", False),  # Sunday
        ("2026-10-17", False),  # an ordinary Saturday
    ],
)
def test_a_working_day(day, working):
    assert is_working_day(date.fromisoformat(day), known()) is working


@pytest.mark.parametrize(
    "start, n, due",
    [
        ("2026-09-29", 1, "2026-09-30"),  # the day itself does not count
        ("2026-09-29", 0, "2026-09-29"),
        ("2026-09-30", 1, "2026-10-08"),  # over the whole holiday
        ("2026-09-30", 2, "2026-10-09"),
        ("2026-09-30", 3, "2026-10-10"),  # lands on the make-up Saturday
        ("2026-10-09", 1, "2026-10-10"),
        ("2026-10-10", 1, "2026-10-12"),  # Sunday skipped
        ("2026-10-16", 2, "2026-10-20"),  # an ordinary weekend
    ],
)
def test_adding_working_days(start, n, due):
    assert add_working_days(date.fromisoformat(start), n, known()) == date.fromisoformat(due)


def test_the_desks_lists_win_over_the_package():
    days = known(holidays=[date(2026, 10, 10)], workdays=[date(2026, 10, 7)])
    assert days.holidays[date(2026, 10, 10)] == POLICY and date(2026, 10, 10) not in days.workdays
    assert days.workdays[date(2026, 10, 7)] == POLICY and date(2026, 10, 7) not in days.holidays
    assert days.holidays[date(2026, 10, 1)] == PACKAGE
    assert not is_working_day(date(2026, 10, 10), days)
    assert is_working_day(date(2026, 10, 7), days)
    assert add_working_days(date(2026, 9, 30), 1, days) == date(2026, 10, 7)


def test_a_six_day_week():
    days = known(weekend=(7,))
    assert is_working_day(date(2026, 10, 17), days)  # Saturday
    assert add_working_days(date(2026, 10, 16), 2, days) == date(2026, 10, 19)


def test_the_confirmed_years_run_in_a_row_from_the_packages_last():
    assert known().years == {2025, 2026}
    assert known().confirmed_until == date(2026, 12, 31)
    assert known(holidays=[date(2027, 1, 1)]).confirmed_until == date(2027, 12, 31)
    skipped = known(holidays=[date(2028, 1, 1)])  # 2027 missing: 2028 is named but not in a row
    assert skipped.years == {2025, 2026, 2028} and skipped.confirmed_until == date(2026, 12, 31)
    assert known(workdays=[date(2027, 2, 20)]).confirmed_until == date(2026, 12, 31)  # holidays only
    assert package_years(NATIONAL_DAY) == range(2025, 2027)


def test_confirmed_up_to_the_last_day_of_the_year():
    assert confirmed(date(2026, 12, 31), known())
    assert not confirmed(date(2027, 1, 1), known())


@pytest.mark.parametrize(
    "today, warn_days, expected",
    [
        ("2026-11-15", 45, None),  # 46 days before
        ("2026-11-16", 45, Gap(date(2026, 12, 31), False, 2027)),  # 45 days before
        ("2026-12-31", 45, Gap(date(2026, 12, 31), False, 2027)),
        ("2027-01-01", 45, Gap(date(2026, 12, 31), True, 2027)),
        ("2026-12-30", 0, None),
        ("2026-12-31", 0, Gap(date(2026, 12, 31), False, 2027)),
    ],
)
def test_the_gap_before_the_calendar_ends(today, warn_days, expected):
    assert gap(known(), warn_days, date.fromisoformat(today)) == expected


@pytest.mark.parametrize(
    "day, months, later",
    [
        ("2026-01-31", 1, "2026-02-28"),  # the shorter month's last day
        ("2028-01-31", 1, "2028-02-29"),  # a leap year
        ("2026-03-31", 1, "2026-04-30"),
        ("2026-12-31", 1, "2027-01-31"),  # into the next year
        ("2026-11-30", 3, "2027-02-28"),
        ("2028-02-29", 12, "2029-02-28"),
        ("2026-02-28", 1, "2026-03-28"),  # a last day that is not the 31st stays the same day
        ("2026-03-01", 0, "2026-03-01"),
    ],
)
def test_adding_months(day, months, later):
    assert add_months(date.fromisoformat(day), months) == date.fromisoformat(later)
