"""The month's complaint analysis (docs/complaints.md, "The monthly analysis"): the figures
of the complaints received in a span of days, as they stand now, from plain rows."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from deskapp.rules.complaints import HANDLED, timely


@dataclass(frozen=True)
class Received:
    """One complaint received in the span, as it stands now; days are the desk's dates."""

    kind: str | None
    channel: str
    state: str
    received_at: datetime
    resolved_at: datetime | None
    resolved_on: date | None
    resolve_due: date | None
    escalated: bool
    called_back_on: date | None
    callback_due: date | None
    media_risk: bool = False
    collective: bool = False


@dataclass(frozen=True)
class Analysis:
    """The figures of the complaints received from `start` to `end`, as they stand now
    (docs/complaints.md, "The monthly analysis", defines each one)."""

    start: date
    end: date  # both included
    total: int
    by_kind: dict[str | None, int] = field(default_factory=dict)  # None: not yet classified
    by_channel: dict[str, int] = field(default_factory=dict)
    handled: int = 0  # resolved, called back or closed
    with_deadline: int = 0  # handled, with a resolve-by day or escalated: timeliness counts these
    on_time: int = 0  # handled by the end of the resolve-by day, never escalated
    called_back: int = 0
    callbacks_on_time: int = 0
    escalated: int = 0  # became major for taking too long (时效过长), at any time up to now
    past_deadline: int = 0  # on the "Past a deadline" list now
    media_risk: int = 0
    collective: int = 0
    hours_to_resolve: float | None = None  # average, over the handled ones
    unconfirmed_callbacks: int = 0  # callback deadlines past the calendar's end (docs/calendar.md)

    @property
    def handling_rate(self) -> float | None:
        return self.handled / self.total if self.total else None

    @property
    def timeliness_rate(self) -> float | None:
        return self.on_time / self.with_deadline if self.with_deadline else None

    @property
    def callback_rate(self) -> float | None:
        return self.called_back / self.handled if self.handled else None

    @property
    def callbacks_on_time_rate(self) -> float | None:
        return self.callbacks_on_time / self.called_back if self.called_back else None


def analyse(
    start: date, end: date, rows: Sequence[Received], past_deadline: int = 0, calendar_end: date | None = None
) -> Analysis:
    """The figures of `rows`, the complaints received from `start` to `end`. `past_deadline`:
    how many of them are on the "Past a deadline" list now (counted by that list's query);
    `calendar_end`: the last day of the confirmed working-day calendar, to count the callback
    deadlines after it (counted on weekends alone, not confirmed)."""
    handled = [r for r in rows if r.state in HANDLED and r.resolved_at is not None]
    rated = [t for t in (timely(r.resolved_on, r.resolve_due, r.escalated) for r in handled) if t is not None]
    called = [r for r in rows if r.called_back_on is not None]
    hours = [(r.resolved_at - r.received_at).total_seconds() / 3600 for r in handled if r.resolved_at]
    return Analysis(
        start,
        end,
        len(rows),
        dict(Counter(r.kind for r in rows)),
        dict(Counter(r.channel for r in rows)),
        len(handled),
        len(rated),
        sum(rated),
        len(called),
        sum(1 for r in called if r.callback_due and r.called_back_on and r.called_back_on <= r.callback_due),
        sum(1 for r in rows if r.escalated),
        past_deadline,
        sum(1 for r in rows if r.media_risk),
        sum(1 for r in rows if r.collective),
        sum(hours) / len(hours) if hours else None,
        sum(1 for r in rows if calendar_end and r.callback_due and r.callback_due > calendar_end),
    )


def month_range(month: str) -> tuple[date, date]:
    """'2026-11' -> (2026-11-01, 2026-11-30); ValueError when it is not a month."""
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", month.strip())
    if not m:
        raise ValueError(month)
    first = date(int(m.group(1)), int(m.group(2)), 1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - timedelta(days=1)
