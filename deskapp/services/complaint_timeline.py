"""Writing to a complaint: its row loaded for a change, the resolve-by day its kind gives,
and every change as a timeline entry, audited (docs/records.md: entries keep codes)."""

from __future__ import annotations

import json
from datetime import datetime

from deskapp.clock import DeskTime
from deskapp.errors import DeskError
from deskapp.i18n import _
from deskapp.models import Complaint, ComplaintEvent
from deskapp.policy import Policy
from deskapp.rules import complaints as rules
from deskapp.services import audit
from deskapp.services.complaints import complaint_no, resolve_due


def load(complaint_id: int) -> Complaint:
    row = Complaint.get_or_none(Complaint.id == complaint_id)
    if row is None:
        raise DeskError(_("There is no complaint {number}.").format(number=complaint_no(complaint_id)))
    return row


def add_entry(
    actor: audit.Actor,
    row: Complaint,
    type_: str,
    now: datetime,
    *,
    at: datetime | None = None,
    text: str = "",
    facts: dict | None = None,
    **fields,
) -> None:
    stored = json.dumps(facts, sort_keys=True) if facts else ""
    ComplaintEvent.create(
        complaint=row.id,
        at=at or now,
        recorded_at=now,
        staff=actor.staff_id,
        type=type_,
        text=text,
        facts=stored,
        **fields,
    )
    audit.record(
        actor,
        f"complaint.{type_}",
        "complaint",
        row.id,
        now,
        after={
            "text": text,
            **({"facts": facts} if facts else {}),
            **{k: v for k, v in fields.items() if v is not None},
            **({"at": at.isoformat()} if at else {}),
        },
    )


def redo_deadlines(policy: Policy, clock: DeskTime, row: Complaint) -> None:
    """The resolve-by day for the complaint's kind now; a day it has already missed stays
    (docs/complaints.md, "Deadlines are never lost")."""
    if not rules.keeps_missed_deadline(row.state, row.resolve_due, clock.today()):
        row.resolve_due = resolve_due(
            policy, clock.local(row.received_at).date(), row.kind, row.customer_deadline
        )
