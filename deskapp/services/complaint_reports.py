"""Complaint lists, Home's figures, the detail sheets and the monthly analysis
(docs/complaints.md, "The monthly analysis": by kind and channel, handling rate
投诉处理率, timeliness rate 处理及时率, callbacks 回访情况, average time to resolve).

Lists page like the loan lists: LIMIT/OFFSET on an index, never a whole table.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

import peewee as pw

from deskapp.clock import DeskTime
from deskapp.i18n import N_, _
from deskapp.models import Complaint, ComplaintEvent, ComplaintGram, Staff
from deskapp.policy import Policy
from deskapp.services import pairs
from deskapp.services.complaints import OPEN, complaint_id_of, complaint_no, read_facts, timely
from deskapp.services.privacy import shown
from deskapp.services.text import searched

VIEWS = {
    "open": N_("Open"),
    "overdue": N_("Past a deadline"),
    "callbacks": N_("Callbacks to do"),
    "all": N_("All"),
}
HANDLED = ("resolved", "called_back", "closed")


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


def _search(q: pw.ModelSelect, text: str) -> pw.ModelSelect:
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
    Home's count, F4's list and F7's figure all come from this."""
    return (Complaint.state.in_(OPEN) & (Complaint.resolve_due < today)) | (
        (Complaint.state == "resolved") & (Complaint.callback_due < today)
    )


def _query(view: str, today: date, text: str, kind: str | None) -> pw.ModelSelect:
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
        q = q.order_by(Complaint.id.desc())
    else:
        raise ValueError(view)
    if kind:
        q = q.where(Complaint.kind == kind) if kind != "none" else q.where(Complaint.kind.is_null())
    return _search(q, text)


def _row(r: Complaint, today: date) -> ComplaintRow:
    due = r.callback_due if r.state == "resolved" else r.resolve_due if r.state in OPEN else None
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
    soon = today + timedelta(days=policy.complaints.warn_days)
    open_ = Complaint.select().where(Complaint.state.in_(OPEN))
    return Counts(
        open_.count(),
        Complaint.select().where(past_deadline(today)).count(),
        open_.where(Complaint.resolve_due.between(today, soon)).count(),
        Complaint.select().where((Complaint.state == "resolved") & (Complaint.callback_due <= today)).count(),
    )


# -- the detail sheets (周报明细, 月报明细) -----------------------------------------------------------

EXPORT_COLUMNS = (
    N_("number"),
    N_("received at"),
    N_("taken by"),
    N_("channel"),
    N_("happened"),
    N_("place"),
    N_("what happened"),
    N_("people involved"),
    N_("complainant"),
    N_("contact"),
    N_("expectation"),
    N_("customer's deadline"),
    N_("kind"),
    N_("media risk"),
    N_("collective"),
    N_("state"),
    N_("assigned to"),
    N_("resolve by"),
    N_("resolved at"),
    N_("how it was handled"),
    N_("resolved in time"),
    N_("callback by"),
    N_("called back at"),
    N_("called back by"),
    N_("callback way"),
    N_("satisfaction"),
    N_("what the customer said"),
    N_("closed at"),
    N_("escalated at"),
    N_("callback calendar"),  # "not confirmed" past the calendar's end (sheets._complaints)
)
CALLBACK_BY = EXPORT_COLUMNS.index("callback by")


def _day_range(
    clock: DeskTime, start: date | None, end: date | None
) -> tuple[datetime | None, datetime | None]:
    lo = datetime.combine(start, time(), clock.zone).astimezone(timezone.utc) if start else None
    hi = (
        datetime.combine(end + timedelta(days=1), time(), clock.zone).astimezone(timezone.utc)
        if end
        else None
    )
    return lo, hi


def _handling(lo: datetime | None, hi: datetime | None) -> tuple[dict[int, str], dict[int, ComplaintEvent]]:
    """For the register's last columns: how each complaint was resolved (the text typed when
    it was last resolved), and its last callback that reached the customer."""
    q = (
        ComplaintEvent.select(ComplaintEvent)
        .join(Complaint)
        .where(ComplaintEvent.type.in_(("state", "callback")))
        .order_by(ComplaintEvent.id)
    )
    if lo:
        q = q.where(Complaint.received_at >= lo)
    if hi:
        q = q.where(Complaint.received_at < hi)
    resolved: dict[int, str] = {}
    called: dict[int, ComplaintEvent] = {}
    for e in q.iterator():
        if e.type == "state" and read_facts(e.facts).get("to") == "resolved":
            resolved[e.complaint_id] = e.text
        elif e.type == "callback" and e.reached:
            called[e.complaint_id] = e
    return resolved, called


def export_rows(
    clock: DeskTime, start: date | None = None, end: date | None = None, *, mask: bool = True
) -> Iterator[list]:
    """The complaint register (《客诉登记表》) for complaints received from `start` to `end`
    (desk dates, both included), oldest first: the weekly and monthly detail sheets.
    Phones and ID numbers in what the customer gave are masked unless `mask` is False."""
    from deskapp.services.complaints import CALLBACK_CHANNELS, CHANNELS, KINDS, SATISFACTION, STATES

    names = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    q = Complaint.select().order_by(Complaint.id)
    lo, hi = _day_range(clock, start, end)
    if lo:
        q = q.where(Complaint.received_at >= lo)
    if hi:
        q = q.where(Complaint.received_at < hi)
    resolved, called = _handling(lo, hi)
    yes = _("yes")
    for r in q.iterator():
        back = called.get(r.id)
        in_time = _timely(clock, r)
        in_time = None if in_time is None else yes if in_time else _("no")
        yield [
            complaint_no(r.id),
            r.received_at,
            names.get(r.taken_by_id, ""),
            _(CHANNELS[r.channel]),
            r.happened_at,
            shown(r.place, mask),
            shown(r.what, mask),
            shown(r.people, mask),
            shown(r.complainant, mask),
            shown(r.contact, mask),
            shown(r.expectation, mask),
            r.customer_deadline,
            _(KINDS[r.kind]) if r.kind else "",
            yes if r.media_risk else "",
            yes if r.collective else "",
            _(STATES[r.state]),
            r.assigned_to,
            r.resolve_due,
            r.resolved_at,
            shown(resolved.get(r.id, ""), mask),
            in_time or "",
            r.callback_due,
            r.called_back_at,
            names.get(back.staff_id, "") if back else "",
            _(CALLBACK_CHANNELS[back.channel]) if back else "",
            _(SATISFACTION[back.satisfaction]) if back and back.satisfaction else "",
            shown(back.text, mask) if back else "",
            r.closed_at,
            r.escalated_at,
        ]


# -- the monthly analysis ------------------------------------------------------------------------------


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
    past_deadline: int = 0  # on the "Past a deadline" list now (past_deadline)
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


def _timely(clock: DeskTime, r: Complaint) -> bool | None:
    resolved_on = clock.local(r.resolved_at).date() if r.resolved_at is not None else None
    return timely(resolved_on, r.resolve_due, r.escalated_at is not None)


def month_range(month: str) -> tuple[date, date]:
    """'2026-11' -> (2026-11-01, 2026-11-30); ValueError when it is not a month."""
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", month.strip())
    if not m:
        raise ValueError(month)
    first = date(int(m.group(1)), int(m.group(2)), 1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def analyse(clock: DeskTime, start: date, end: date, calendar_end: date | None = None) -> Analysis:
    """The figures for complaints received from `start` to `end` (desk dates), as they stand now.
    `calendar_end`: the last day of the confirmed working-day calendar, to count the
    callback deadlines after it (counted on weekends alone, not confirmed)."""
    lo, hi = _day_range(clock, start, end)
    received = Complaint.select().where((Complaint.received_at >= lo) & (Complaint.received_at < hi))
    rows = list(received)
    handled = [r for r in rows if r.state in HANDLED and r.resolved_at is not None]
    rated = [t for t in (_timely(clock, r) for r in handled) if t is not None]
    called = [r for r in rows if r.called_back_at is not None]
    hours = [(r.resolved_at - r.received_at).total_seconds() / 3600 for r in handled]
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
        sum(1 for r in called if r.callback_due and clock.local(r.called_back_at).date() <= r.callback_due),
        sum(1 for r in rows if r.escalated_at),
        received.where(past_deadline(clock.today())).count(),
        sum(1 for r in rows if r.media_risk),
        sum(1 for r in rows if r.collective),
        sum(hours) / len(hours) if hours else None,
        sum(1 for r in rows if calendar_end and r.callback_due and r.callback_due > calendar_end),
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
    from deskapp.services.complaints import CHANNELS, KINDS

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
