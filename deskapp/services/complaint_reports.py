"""Complaint lists, Home's figures and the monthly analysis (docs/complaints.md, "The monthly
analysis": by kind and channel, handling rate 投诉处理率, timeliness rate 处理及时率, callbacks
回访情况, average time to resolve; the figures themselves are deskapp/rules/analysis.py).
The detail sheets are complaint_details.

Lists page like the loan lists: LIMIT/OFFSET on an index, never a whole table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import peewee as pw

from deskapp.clock import DeskTime
from deskapp.i18n import N_, _
from deskapp.models import Complaint, ComplaintGram
from deskapp.policy import Policy
from deskapp.rules import analysis as rules
from deskapp.rules.analysis import Analysis, Received
from deskapp.rules.complaints import OPEN, due_now, due_soon_days
from deskapp.services import pairs
from deskapp.services.complaints import CHANNELS, KINDS, complaint_id_of, complaint_no
from deskapp.services.text import searched

VIEWS = {
    "open": N_("Open"),
    "overdue": N_("Past a deadline"),
    "callbacks": N_("Callbacks to do"),
    "all": N_("All"),
}


@dataclass(frozen=True)
class ComplaintRow:
    id: int
    number: str
    received_at: datetime
    channel: str
    complainant: str
    place: str
    what: str
    kind: str | None
    state: str
    due: date | None  # the deadline that matters now: resolve by, or call back by
    late: bool
    media_risk: bool


@dataclass(frozen=True)
class Page:
    rows: list[ComplaintRow]
    total: int | None  # None: a search of every complaint, not counted
    offset: int
    has_more: bool


def _search(q: pw.ModelSelect[Complaint], text: str) -> pw.ModelSelect[Complaint]:
    """Number, a phone or its last four digits, or part of the complainant, the place, the
    people or what happened, through the index of those texts (services/pairs.py)."""
    text = searched(text)
    if not text:
        return q
    complaint_id = complaint_id_of(text)
    if complaint_id is not None:
        return q.where(Complaint.id == complaint_id)
    texts = (Complaint.complainant, Complaint.what, Complaint.place, Complaint.people)
    return q.where(pairs.matching(ComplaintGram, ComplaintGram.complaint, Complaint, text, texts, phone=True))


def past_deadline(today: date) -> pw.Expression:
    """Complaints past a deadline on `today` (docs/complaints.md, "Past a deadline"): open
    after their resolve-by day, or resolved and not called back after their callback day.
    Home's count, F4's list and F7's figure all come from this (deskapp/rules/complaints.py
    past_deadline says the same of one complaint)."""
    return (Complaint.state.in_(OPEN) & (Complaint.resolve_due < today)) | (
        (Complaint.state == "resolved") & (Complaint.callback_due < today)
    )


def _query(view: str, today: date, text: str, kind: str | None) -> pw.ModelSelect[Complaint]:
    q = Complaint.select()
    if view == "open":
        q = q.where(Complaint.state.in_(OPEN)).order_by(Complaint.resolve_due.asc(nulls="LAST"), Complaint.id)
    elif view == "overdue":
        missed = pw.Case(
            None, [(Complaint.state == "resolved", Complaint.callback_due)], Complaint.resolve_due
        )
        q = q.where(past_deadline(today)).order_by(missed, Complaint.id)  # the longest past first
    elif view == "callbacks":
        q = q.where(Complaint.state == "resolved").order_by(Complaint.callback_due, Complaint.id)
    elif view == "all":
        q = q.order_by(-Complaint.id)  # the newest first
    else:
        raise ValueError(view)
    if kind:
        q = q.where(Complaint.kind == kind) if kind != "none" else q.where(Complaint.kind.is_null())
    return _search(q, text)


def _row(r: Complaint, today: date) -> ComplaintRow:
    due = due_now(r.state, r.resolve_due, r.callback_due)
    return ComplaintRow(
        r.id,
        complaint_no(r.id),
        r.received_at,
        r.channel,
        r.complainant,
        r.place,
        r.what.splitlines()[0] if r.what else "",
        r.kind,
        r.state,
        due,
        due is not None and due < today,
        r.media_risk,
    )


def page(
    view: str, clock: DeskTime, text: str = "", kind: str | None = None, offset: int = 0, limit: int = 100
) -> Page:
    today = clock.today()
    q = _query(view, today, text, kind)
    found = list(q.offset(offset).limit(limit + 1))
    more = len(found) > limit
    rows = [_row(r, today) for r in found[:limit]]
    if not more:
        total: int | None = offset + len(rows)
    elif view == "all" and text.strip():  # counting would read every complaint's text
        total = None
    else:
        total = q.count()
    return Page(rows, total, offset, more)


# -- Home ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    open: int
    overdue: int  # past a deadline: F4's list of that name (past_deadline)
    due_soon: int  # open, due today or within warn_days
    callbacks_due: int  # resolved, callback due today or earlier


def counts(policy: Policy, clock: DeskTime) -> Counts:
    today = clock.today()
    first, last = due_soon_days(today, policy.complaints.warn_days)
    open_ = Complaint.select().where(Complaint.state.in_(OPEN))
    return Counts(
        open_.count(),
        Complaint.select().where(past_deadline(today)).count(),
        open_.where(Complaint.resolve_due.between(first, last)).count(),
        Complaint.select().where((Complaint.state == "resolved") & (Complaint.callback_due <= today)).count(),
    )


def day_range(
    clock: DeskTime, start: date | None, end: date | None
) -> tuple[datetime | None, datetime | None]:
    """From the start of `start` to the end of `end` (desk dates) in UTC; None where not given."""
    lo = datetime.combine(start, time(), clock.zone).astimezone(timezone.utc) if start else None
    hi = (
        datetime.combine(end + timedelta(days=1), time(), clock.zone).astimezone(timezone.utc)
        if end
        else None
    )
    return lo, hi


# -- the monthly analysis ------------------------------------------------------------------------------


def analyse(clock: DeskTime, start: date, end: date, calendar_end: date | None = None) -> Analysis:
    """The figures for complaints received from `start` to `end` (desk dates), as they stand now.
    `calendar_end`: the last day of the confirmed working-day calendar, to count the
    callback deadlines after it (counted on weekends alone, not confirmed)."""
    lo, hi = day_range(clock, start, end)
    received = Complaint.select().where((Complaint.received_at >= lo) & (Complaint.received_at < hi))
    rows = [_received(clock, r) for r in received]
    late = received.where(past_deadline(clock.today())).count()
    return rules.analyse(start, end, rows, late, calendar_end)


def _received(clock: DeskTime, r: Complaint) -> Received:
    def day(moment: datetime | None) -> date | None:
        return clock.local(moment).date() if moment is not None else None

    return Received(
        kind=r.kind,
        channel=r.channel,
        state=r.state,
        received_at=r.received_at,
        resolved_at=r.resolved_at,
        resolved_on=day(r.resolved_at),
        resolve_due=r.resolve_due,
        escalated=r.escalated_at is not None,
        called_back_on=day(r.called_back_at),
        callback_due=r.callback_due,
        media_risk=r.media_risk,
        collective=r.collective,
    )


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def figures(a: Analysis, every: bool = True) -> list[tuple[str, int | float | None, float | None]]:
    """The analysis after its breakdowns, as (label, count, rate) in the display language:
    each label says which complaints it counts and each rate what it is out of
    (docs/complaints.md, "The monthly analysis"). The screen, the command line and the
    sheet all show these; `every` False leaves out a count that is only a warning when 0."""
    hours = None if a.hours_to_resolve is None else round(a.hours_to_resolve, 1)

    def share(n: int) -> float | None:
        return n / a.total if a.total else None

    return [
        (_("Handled (resolved or later)"), a.handled, None),
        (_("Handling rate (of those received)"), None, a.handling_rate),
        (_("With a resolve-by day (handled)"), a.with_deadline, None),
        (_("Handled in time"), a.on_time, None),
        (_("Timeliness rate (of those with a resolve-by day)"), None, a.timeliness_rate),
        (_("Called back (of those handled)"), a.called_back, a.callback_rate),
        (_("Called back in time"), a.callbacks_on_time, a.callbacks_on_time_rate),
        (_("Average time to resolve (hours)"), hours, None),
        *(
            [(_("Callbacks not confirmed"), a.unconfirmed_callbacks, None)]  # past the calendar's end
            if every or a.unconfirmed_callbacks
            else []
        ),
        (_("Escalated for taking too long"), a.escalated, share(a.escalated)),
        (_("Past a deadline now"), a.past_deadline, share(a.past_deadline)),
        (_("Media exposure risk"), a.media_risk, share(a.media_risk)),
        (_("Collective"), a.collective, share(a.collective)),
    ]


def analysis_lines(analysis: Analysis) -> list[tuple[str, str]]:
    """The analysis as (label, figure) lines, for the screen and the command line."""
    a = analysis
    lines = [(_("Complaints received"), str(a.total))]
    for kind in (*KINDS, None):
        if a.by_kind.get(kind):
            lines.append(("  " + (_(KINDS[kind]) if kind else _("not yet classified")), str(a.by_kind[kind])))
    lines.append((_("By channel"), ""))
    for channel in CHANNELS:
        if a.by_channel.get(channel):
            lines.append(("  " + _(CHANNELS[channel]), str(a.by_channel[channel])))
    for label, count, rate in figures(a, every=False):
        shown_count = "" if count is None else f"{count:.1f}" if isinstance(count, float) else str(count)
        if rate is not None or count is None:
            shown_count = f"{shown_count} ({percent(rate)})" if shown_count else percent(rate)
        lines.append((label, shown_count or "—"))
    return lines
