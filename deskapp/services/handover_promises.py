"""Customer promises carried over (docs/handover.md): a promise written in a shift's log
stays open, from shift to shift, until someone marks it kept with a line in the log
then current."""

from __future__ import annotations

import peewee as pw

from deskapp.clock import DeskTime
from deskapp.errors import DeskError, ValidationError
from deskapp.i18n import _
from deskapp.models import LogEntry
from deskapp.policy import Policy
from deskapp.services import audit, handover, transaction
from deskapp.services.text import clean


@transaction
def keep_promise(
    actor: audit.Actor, policy: Policy, clock: DeskTime, promise_id: int, text: str = ""
) -> handover.EntryInfo:
    """Mark a customer promise kept: a line in the current log closes it."""
    promise = LogEntry.get_or_none((LogEntry.id == promise_id) & (LogEntry.type == "promise"))
    if promise is None:
        raise DeskError(_("There is no such promise."))
    if LogEntry.select().where(LogEntry.closes == promise.id).exists():
        raise DeskError(_("That promise is already marked kept."))
    errors: dict[str, str] = {}
    text = clean(text, "text", 200, errors)
    if errors:
        raise ValidationError(errors)
    log, now = handover.open_log(policy, clock), clock.now()
    row = LogEntry.create(log=log.id, at=now, staff=actor.staff_id, type="kept", text=text, closes=promise.id)
    audit.record(
        actor, "handover.kept", "log_entry", row.id, now, after={"promise": promise.id, "text": text}
    )
    return handover.entry_info(row, handover.staff_names())


def open_promises() -> list[handover.EntryInfo]:
    """Promises not yet kept, from every shift, the oldest first (they carry over)."""
    names = handover.staff_names()
    kept = LogEntry.alias()  # the lines that mark a promise kept
    return [
        handover.entry_info(e, names)
        for e in LogEntry.select()
        .join(kept, pw.JOIN.LEFT_OUTER, on=(kept.closes == LogEntry.id))
        .where((LogEntry.type == "promise") & kept.id.is_null())
        .order_by(LogEntry.promise_due.asc(nulls="LAST"), LogEntry.id)
    ]
