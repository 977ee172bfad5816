"""Callbacks (回访, docs/complaints.md): each attempt on the timeline, the one that reached
the customer making the complaint called back, and the call-back-by days counted again when
the working-day calendar changes (docs/calendar.md)."""

from __future__ import annotations

from deskapp.clock import DeskTime
from deskapp.errors import ValidationError
from deskapp.i18n import _
from deskapp.models import Complaint
from deskapp.policy import Policy
from deskapp.services import audit, transaction
from deskapp.services.complaint_timeline import add_entry, load
from deskapp.services.complaints import (
    CALLBACK_CHANNELS,
    LINE_MAX,
    SATISFACTION,
    STATES,
    ComplaintInfo,
    callback_due,
    complaint_no,
    get,
)
from deskapp.services.text import clean


@transaction
def callback(
    actor: audit.Actor,
    clock: DeskTime,
    complaint_id: int,
    channel: str,
    reached: bool,
    outcome: str,
    satisfaction: str = "",
) -> ComplaintInfo:
    """A callback attempt (回访). One that reached the customer, with their satisfaction,
    makes a resolved complaint called back; attempts that did not are kept too."""
    row = load(complaint_id)
    errors: dict[str, str] = {}
    if channel not in CALLBACK_CHANNELS:
        errors["channel"] = _("Pick phone, visit or letter.")
    outcome = clean(
        outcome,
        "outcome",
        LINE_MAX,
        errors,
        required=_("Say what the customer said (or why they were not reached)."),
    )
    if reached and satisfaction not in SATISFACTION:
        errors["satisfaction"] = _("Pick how satisfied the customer is.")
    if row.state not in ("resolved", "called_back"):
        errors["channel"] = _("A callback follows the resolution; {number} is {state}.").format(
            number=complaint_no(row.id), state=_(STATES[row.state])
        )
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    add_entry(
        actor,
        row,
        "callback",
        now,
        text=outcome,
        channel=channel,
        reached=reached,
        satisfaction=satisfaction if reached else None,
    )
    if reached and row.state == "resolved":
        row.state, row.called_back_at = "called_back", now
        row.save()
        add_entry(actor, row, "state", now, facts={"from": "resolved", "to": "called_back"})
    return get(row.id)


@transaction
def recount_callbacks(policy: Policy, clock: DeskTime) -> int:
    """Callback deadlines still to meet, counted again on the calendar as it is now
    (docs/calendar.md): a year's holidays added after a complaint was resolved move
    its deadline. Each change is audited; returns how many moved."""
    moved = 0
    rows = Complaint.select().where(
        (Complaint.state == "resolved")
        & Complaint.resolved_at.is_null(False)
        & Complaint.called_back_at.is_null()
    )
    for row in rows:
        due = callback_due(policy, clock.local(row.resolved_at).date())
        if due != row.callback_due:
            audit.record(
                audit.SYSTEM,
                "complaint.callback_recount",
                "complaint",
                row.id,
                clock.now(),
                before={"callback_due": row.callback_due},
                after={"callback_due": due},
            )
            Complaint.update(callback_due=due).where(Complaint.id == row.id).execute()
            moved += 1
    return moved
