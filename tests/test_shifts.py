"""What a handover is called (docs/handover.md, "How a log is named"): the shift it
covers, give or take an hour at either end, or its times when it spans several."""

import pytest

from deskapp import policy
from deskapp.services import shifts

from conftest import POLICY as TEST_POLICY
from helpers import at

POLICY = policy.load(defaults=TEST_POLICY)  # morning 08:30-15:30, evening 15:30-22:30


def name(since: str, until: str) -> str:
    return shifts.log_name(POLICY, at(until), at(since).now(), at(until).now())


@pytest.mark.parametrize(
    "since, until, called",
    [
        ("2026-11-24 08:30", "2026-11-24 15:30", "Morning"),  # on time
        ("2026-11-24 10:00", "2026-11-24 15:45", "Morning"),  # a new desk's first record at 10:00; late
        ("2026-11-24 15:20", "2026-11-24 22:40", "Evening"),  # the morning handed over early
        ("2026-11-23 22:40", "2026-11-24 15:30", "Morning"),  # the night belongs to no shift
        ("2026-11-24 10:00", "2026-11-24 10:00", "Morning"),  # just opened
        ("2026-11-24 23:00", "2026-11-24 23:10", "Evening"),  # after closing: the evening's
        ("2026-11-24 08:30", "2026-11-24 22:30", "11-24 08:30–22:30"),  # both shifts
        ("2026-11-24 08:30", "2026-11-24 16:45", "11-24 08:30–16:45"),  # more than an hour late
        ("2026-01-28 15:30", "2026-02-06 12:10", "01-28 15:30–02-06 12:10"),  # issue 17: not "Evening"
        ("2025-12-31 15:30", "2026-01-01 12:00", "2025-12-31 15:30–2026-01-01 12:00"),
    ],
)
def test_a_log_is_called_by_the_shift_it_covers_or_by_its_times(since, until, called):
    assert name(since, until) == called


def test_a_shift_across_midnight():
    from dataclasses import replace
    from types import MappingProxyType

    from deskapp.policy_types import ShiftSettings

    night = ShiftSettings(label_zh="夜班", label_en="Night", start="22:00", end="06:00")
    day = ShiftSettings(label_zh="白班", label_en="Day", start="06:00", end="22:00")
    p = replace(POLICY, shifts=MappingProxyType({"day": day, "night": night}))
    assert (
        shifts.log_name(p, at("2026-11-25 06:10"), at("2026-11-24 22:00").now(), at("2026-11-25 06:10").now())
        == "Night"
    )
    assert shifts.shift_at(p, at("2026-11-25 03:00"), at("2026-11-25 03:00").now()) == "night"


def test_days_ago_counts_calendar_days_at_the_desk():
    assert shifts.days_ago(at("2026-03-01 10:00"), at("2026-02-28 23:59").now()) == 1
    assert shifts.days_ago(at("2026-03-01 10:00"), at("2026-02-20 22:35").now()) == 9
