"""The complaint rules alone (deskapp/rules/complaints.py, docs/complaints.md), with exact days
at their edges; the calendar is a small one written here (National Day 2026: 1–7 October
off, Saturday 10 October worked), not the shipped policy."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from deskapp.rules.calendar import Schedule, combine
from deskapp.rules.complaints import (
    CLOSE_DUTIES,
    MOVES,
    callback_due,
    close_duties,
    deadline_mark,
    due_now,
    due_soon_days,
    escalation_candidates_until,
    escalation_moment,
    keeps_missed_deadline,
    past_deadline,
    resolve_due,
    timely,
)

CALENDAR = combine(
    Schedule(frozenset(date(2026, 10, d) for d in range(1, 8)), frozenset({date(2026, 10, 10)})),
    (6, 7),
    (),
    (),
)
D = date.fromisoformat


@pytest.mark.parametrize(
    "kind, deadline, due",
    [
        (None, None, "2026-11-27"),  # not yet classified: as general
        ("general", None, "2026-11-27"),
        ("general", "2026-11-26", "2026-11-26"),  # the customer's earlier day wins
        ("general", "2026-11-27", "2026-11-27"),
        ("general", "2026-11-28", "2026-11-27"),  # a later one does not
        ("major", None, None),
        ("critical", "2026-12-01", "2026-12-01"),  # other kinds: only the customer's day
        ("assistance", None, None),
        ("not_responsible", "2026-11-25", "2026-11-25"),
    ],
)
def test_resolve_by(kind, deadline, due):
    got = resolve_due(D("2026-11-24"), kind, D(deadline) if deadline else None, 3)
    assert got == (D(due) if due else None)


def test_resolve_by_across_a_month_end():
    assert resolve_due(D("2026-01-30"), "general", None, 3) == D("2026-02-02")


@pytest.mark.parametrize(
    "resolved, due",
    [
        ("2026-09-28", "2026-09-30"),  # Monday: Tuesday, Wednesday
        ("2026-09-29", "2026-10-08"),  # the holiday in between
        ("2026-09-30", "2026-10-09"),
        ("2026-10-07", "2026-10-09"),  # resolved on a holiday
        ("2026-10-08", "2026-10-10"),  # lands on the make-up Saturday
        ("2026-10-09", "2026-10-12"),  # Friday: Saturday worked, then Monday
        ("2026-10-10", "2026-10-13"),
        ("2026-10-16", "2026-10-20"),  # an ordinary weekend
    ],
)
def test_call_back_by_two_working_days_later(resolved, due):
    assert callback_due(D(resolved), 2, CALENDAR) == D(due)


@pytest.mark.parametrize(
    "state, due, today, kept",
    [
        ("received", "2026-11-26", "2026-11-27", True),  # missed: stays
        ("investigating", "2026-11-26", "2026-11-27", True),
        ("received", "2026-11-27", "2026-11-27", False),  # due today: not missed yet
        ("resolved", "2026-11-26", "2026-11-27", False),  # not open
        ("received", None, "2026-11-27", False),
    ],
)
def test_a_missed_resolve_by_day_is_kept(state, due, today, kept):
    assert keeps_missed_deadline(state, D(due) if due else None, D(today)) is kept


@pytest.mark.parametrize(
    "state, due, late_on",
    [
        ("received", "2026-11-27", "2026-11-28"),  # resolve by
        ("investigating", "2026-11-27", "2026-11-28"),
        ("resolved", "2026-12-01", "2026-12-02"),  # call back by
    ],
)
def test_past_a_deadline_from_the_day_after(state, due, late_on):
    resolve, callback = (D(due), None) if state != "resolved" else (D("2026-11-27"), D(due))
    assert due_now(state, resolve, callback) == D(due)
    assert not past_deadline(state, resolve, callback, D(due))
    assert past_deadline(state, resolve, callback, D(late_on))


@pytest.mark.parametrize("state", ["called_back", "closed"])
def test_done_with_is_never_past_a_deadline(state):
    assert due_now(state, D("2026-11-27"), D("2026-12-01")) is None
    assert not past_deadline(state, D("2026-11-27"), D("2026-12-01"), D("2027-01-01"))
    assert not past_deadline("received", None, None, D("2027-01-01"))  # no resolve-by day


def test_due_soon_is_today_and_the_warn_days_after():
    assert due_soon_days(D("2026-11-24"), 2) == (D("2026-11-24"), D("2026-11-26"))
    assert due_soon_days(D("2026-11-24"), 0) == (D("2026-11-24"), D("2026-11-24"))
    assert due_soon_days(D("2026-12-30"), 3) == (D("2026-12-30"), D("2027-01-02"))


@pytest.mark.parametrize(
    "due, done, today, mark",
    [
        ("2026-11-27", None, "2026-11-26", ""),
        ("2026-11-27", None, "2026-11-27", "today"),
        ("2026-11-27", None, "2026-11-28", "past"),
        ("2026-11-27", "2026-11-27", "2026-11-30", ""),  # met on the day
        ("2026-11-27", "2026-11-28", "2026-11-30", "missed"),
    ],
)
def test_how_a_deadline_stands(due, done, today, mark):
    assert deadline_mark(D(due), D(done) if done else None, D(today)) == mark


@pytest.mark.parametrize(
    "received, months, escalates",
    [
        ("2026-03-01 10:00:00", 1, "2026-04-01 10:00"),
        ("2026-01-31 16:20:00", 1, "2026-02-28 16:20"),  # the shorter month's last day
        ("2028-01-31 16:20:00", 1, "2028-02-29 16:20"),
        ("2026-03-01 10:00:18", 1, "2026-04-01 10:00"),  # the minute shown, not the second
        ("2026-12-31 23:59:59", 1, "2027-01-31 23:59"),
        ("2026-11-30 08:00:00", 3, "2027-02-28 08:00"),
    ],
)
def test_escalation_a_month_after_intake_to_the_minute(received, months, escalates):
    moment = escalation_moment(datetime.fromisoformat(received), months)
    assert moment == datetime.fromisoformat(escalates)


def test_the_scan_for_escalations_reaches_the_shortest_month():
    """31 January 10:00:18 escalates on 28 February at 10:00: 28 days less 18 seconds."""
    now = datetime(2026, 2, 28, 2, 0, tzinfo=timezone.utc)  # 10:00 at the desk (UTC+8)
    received = datetime(2026, 1, 31, 2, 0, 18, tzinfo=timezone.utc)
    assert received <= escalation_candidates_until(now, 1)
    assert escalation_candidates_until(now, 2) == now - timedelta(days=55)


@pytest.mark.parametrize(
    "resolved, due, escalated, in_time",
    [
        ("2026-03-04", "2026-03-04", False, True),  # on the day
        ("2026-03-05", "2026-03-04", False, False),
        ("2026-03-04", "2026-03-04", True, False),  # escalated: never in time
        ("2026-03-04", None, True, False),  # escalated before the day was kept
        ("2026-03-04", None, False, None),  # no resolve-by day: not rated
        (None, "2026-03-04", False, None),  # not resolved
    ],
)
def test_timeliness(resolved, due, escalated, in_time):
    assert timely(D(resolved) if resolved else None, D(due) if due else None, escalated) is in_time


@pytest.mark.parametrize(
    "state, kind, report, media, done, missing",
    [
        ("resolved", "general", "", False, set(), ["callback"]),
        ("called_back", "general", "", False, set(), []),
        ("called_back", "major", " ", False, set(), ["incident_report", "leader_informed"]),
        ("called_back", "critical", "报告", False, {"leader_informed"}, []),
        ("called_back", "general", "", True, set(), ["gm_pr_notified"]),
        ("called_back", "assistance", "", False, set(), ["progress"]),
        ("called_back", "assistance", "", False, {"progress"}, []),
        ("resolved", "major", "", True, set(), list(CLOSE_DUTIES[:4])),
    ],
)
def test_the_duties_before_closing(state, kind, report, media, done, missing):
    assert close_duties(state, kind, report, media, done) == missing


def test_the_moves_a_person_makes():
    assert MOVES["received"] == ("investigating", "resolved")
    assert "called_back" not in {to for moves in MOVES.values() for to in moves}  # a callback does that
    assert MOVES["closed"] == ()
