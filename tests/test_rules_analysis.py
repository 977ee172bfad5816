"""The month's complaint figures alone (deskapp/rules/analysis.py, docs/complaints.md, "The
monthly analysis"), from rows written here as plain values."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from deskapp.rules.analysis import Analysis, Received, analyse, month_range

NOV = (date(2026, 11, 1), date(2026, 11, 30))
T0 = datetime(2026, 11, 2, 2, 0, tzinfo=timezone.utc)  # 10:00 at the desk


def row(state="received", kind="general", channel="walk_in", hours=None, **kw) -> Received:
    resolved_at = T0 + timedelta(hours=hours) if hours is not None else None
    values = dict(
        kind=kind,
        channel=channel,
        state=state,
        received_at=T0,
        resolved_at=resolved_at,
        resolved_on=(resolved_at + timedelta(hours=8)).date() if resolved_at else None,
        resolve_due=date(2026, 11, 5) if kind in ("general", None) else None,
        escalated=False,
        called_back_on=None,
        callback_due=None,
    )
    return Received(**{**values, **kw})


def test_an_empty_month():
    a = analyse(*NOV, [])
    assert a == Analysis(*NOV, 0)
    assert (a.handling_rate, a.timeliness_rate, a.callback_rate, a.callbacks_on_time_rate) == (None,) * 4
    assert a.hours_to_resolve is None and a.by_kind == {} and a.by_channel == {}


def test_the_figures_of_a_month():
    rows = [
        row(),  # open
        row(kind=None, channel="phone"),  # not yet classified
        row("resolved", hours=24),  # in time (resolved 11-03)
        row("resolved", hours=24 * 4),  # late: 11-06
        row("called_back", hours=12, called_back_on=date(2026, 11, 5), callback_due=date(2026, 11, 5)),
        row("closed", hours=12, called_back_on=date(2026, 11, 6), callback_due=date(2026, 11, 5)),
        row("resolved", kind="major", hours=48),  # no resolve-by day: not rated
        row("resolved", kind="major", hours=6, escalated=True),  # escalated: never in time
        row(kind="major", escalated=True, media_risk=True, collective=True),
    ]
    a = analyse(*NOV, rows, past_deadline=2)
    assert a.total == 9
    assert a.by_kind == {"general": 5, None: 1, "major": 3}
    assert a.by_channel == {"walk_in": 8, "phone": 1}
    assert (a.handled, a.with_deadline, a.on_time) == (6, 5, 3)
    assert (a.called_back, a.callbacks_on_time) == (2, 1)  # on the call-back-by day counts
    assert (a.escalated, a.past_deadline, a.media_risk, a.collective) == (2, 2, 1, 1)
    assert a.hours_to_resolve == (24 + 96 + 12 + 12 + 48 + 6) / 6
    assert (a.handling_rate, a.timeliness_rate) == (6 / 9, 3 / 5)
    assert (a.callback_rate, a.callbacks_on_time_rate) == (2 / 6, 1 / 2)


def test_a_resolved_state_without_a_resolution_time_is_not_counted_handled():
    assert analyse(*NOV, [row("resolved")]).handled == 0


def test_callbacks_past_the_calendars_end():
    end = date(2026, 12, 31)
    rows = [
        row("resolved", hours=1, callback_due=end),
        row("resolved", hours=1, callback_due=end + timedelta(days=1)),
        row("resolved", hours=1, callback_due=None),
    ]
    assert analyse(*NOV, rows, calendar_end=end).unconfirmed_callbacks == 1
    assert analyse(*NOV, rows).unconfirmed_callbacks == 0  # no calendar end given


@pytest.mark.parametrize(
    "month, first, last",
    [
        ("2026-11", "2026-11-01", "2026-11-30"),
        ("2026-12", "2026-12-01", "2026-12-31"),  # into the next year for its end
        ("2026-02", "2026-02-01", "2026-02-28"),
        ("2028-02", "2028-02-01", "2028-02-29"),
        (" 2026-1 ", "2026-01-01", "2026-01-31"),
    ],
)
def test_a_months_days(month, first, last):
    assert month_range(month) == (date.fromisoformat(first), date.fromisoformat(last))


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "202611", "Nov 2026", ""])
def test_not_a_month(month):
    with pytest.raises(ValueError):
        month_range(month)
