"""The shift lead's summary of a span of days (F7): loans by kind and per day,
deposits held, fees taken, the complaint analysis and complaints per week,
kit use by situation. Each figure is one grouped query over its index."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import peewee as pw

from deskapp.clock import DeskTime
from deskapp.models import Complaint, KitUse, Loan, LoanItem
from deskapp.rules.analysis import Analysis
from deskapp.services import complaint_reports


@dataclass(frozen=True)
class Summary:
    start: date
    end: date
    loans_by_kind: dict[str, int]
    loans_per_day: list[tuple[date, int]]
    deposits_held_fen: int  # of everything out now
    fees_fen: int  # charged on returns in the span
    complaints: Analysis
    complaints_per_week: list[tuple[date, int]]  # the Monday of each week
    kit_uses_by_what: dict[str, int]


def _utc(clock: DeskTime, day: date) -> datetime:
    return datetime.combine(day, time(), clock.zone).astimezone(timezone.utc)


def summary(clock: DeskTime, start: date, end: date, calendar_end: date | None = None) -> Summary:
    lo, hi = _utc(clock, start), _utc(clock, end + timedelta(days=1))
    lent: list[tuple[str, datetime]] = list(
        LoanItem.select(LoanItem.kind, Loan.lent_at)
        .join(Loan)
        .where((Loan.lent_at >= lo) & (Loan.lent_at < hi))
        .tuples()
        .execute()
    )
    per_day = Counter(clock.local(lent_at).date() for _kind, lent_at in lent)
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    held = (
        LoanItem.select(pw.fn.COALESCE(pw.fn.SUM(LoanItem.deposit_fen), 0))
        .where(LoanItem.state == "out")
        .scalar()
    )
    fees = (
        LoanItem.select(pw.fn.COALESCE(pw.fn.SUM(LoanItem.charge_fen), 0))
        .where((LoanItem.closed_at >= lo) & (LoanItem.closed_at < hi))
        .scalar()
    )
    received = [
        clock.local(r.received_at).date()
        for r in Complaint.select(Complaint.received_at).where(
            (Complaint.received_at >= lo) & (Complaint.received_at < hi)
        )
    ]
    weeks = Counter(d - timedelta(days=d.weekday()) for d in received)
    first_monday = start - timedelta(days=start.weekday())
    mondays = [first_monday + timedelta(weeks=n) for n in range((end - first_monday).days // 7 + 1)]
    uses = Counter(
        u.what
        for u in KitUse.select(KitUse.what).where((KitUse.happened_at >= lo) & (KitUse.happened_at < hi))
    )
    return Summary(
        start,
        end,
        dict(Counter(kind for kind, _lent_at in lent)),
        [(d, per_day.get(d, 0)) for d in days],
        held or 0,
        fees or 0,
        complaint_reports.analyse(clock, start, end, calendar_end),
        [(m, weeks.get(m, 0)) for m in mondays],
        dict(uses),
    )
