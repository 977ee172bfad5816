"""The complaint register as a sheet (《客诉登记表》): the weekly and monthly detail sheets
head office asks for (周报明细, 月报明细), one row per complaint received in the span."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from deskapp.clock import DeskTime
from deskapp.i18n import N_, _
from deskapp.models import Complaint, ComplaintEvent, Staff
from deskapp.rules.complaints import timely
from deskapp.services.complaint_reports import day_range
from deskapp.services.complaints import (
    CALLBACK_CHANNELS,
    CHANNELS,
    KINDS,
    SATISFACTION,
    STATES,
    complaint_no,
    read_facts,
)
from deskapp.services.privacy import shown

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
    names = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    q = Complaint.select().order_by(Complaint.id)
    lo, hi = day_range(clock, start, end)
    if lo:
        q = q.where(Complaint.received_at >= lo)
    if hi:
        q = q.where(Complaint.received_at < hi)
    resolved, called = _handling(lo, hi)
    yes = _("yes")
    for r in q.iterator():
        back = called.get(r.id)
        in_time = _timely(clock, r)
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
            "" if in_time is None else yes if in_time else _("no"),
            r.callback_due,
            r.called_back_at,
            names.get(back.staff_id, "") if back else "",
            _(CALLBACK_CHANNELS[back.channel]) if back and back.channel else "",
            _(SATISFACTION[back.satisfaction]) if back and back.satisfaction else "",
            shown(back.text, mask) if back else "",
            r.closed_at,
            r.escalated_at,
        ]


def _timely(clock: DeskTime, r: Complaint) -> bool | None:
    resolved_on = clock.local(r.resolved_at).date() if r.resolved_at is not None else None
    return timely(resolved_on, r.resolve_due, r.escalated_at is not None)
