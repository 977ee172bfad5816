"""After the seal (docs/handover.md): a correction to a signed handover is a signed
addendum, sealed onto its handover's seal (rules.seals.addendum_hash); the day's first
staff member checks the last handover signed before today ("The start of the day")."""

from __future__ import annotations

from datetime import datetime, time, timezone

from deskapp.clock import DeskTime
from deskapp.errors import DeskError, ValidationError
from deskapp.i18n import _
from deskapp.models import HandoverAck, HandoverAddendum, ShiftLog
from deskapp.policy_types import SecuritySettings
from deskapp.rules import seals as seal_rules
from deskapp.services import audit, handover, staff, transaction
from deskapp.services.handover import LogInfo
from deskapp.services.text import clean


def addendum(
    actor: audit.Actor,
    security: SecuritySettings,
    clock: DeskTime,
    log_id: int,
    text: str,
    name: str,
    pin: str,
) -> LogInfo:
    """A correction to a signed handover, signed with the writer's PIN."""
    log = ShiftLog.get_or_none(ShiftLog.id == log_id)
    if log is None or log.state != "signed":
        raise DeskError(_("Only a signed handover takes an addendum; until then, change it directly."))
    errors: dict[str, str] = {}
    text = clean(text, "text", handover.TEXT_MAX, errors, _("Type the correction."))
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    who = staff.confirm(name, pin, security, now, actor.source)
    return _add_addendum(actor, log.id, who, now, text)


@transaction
def _add_addendum(actor: audit.Actor, log_id: int, who: staff.StaffInfo, now: datetime, text: str) -> LogInfo:
    log = ShiftLog.get_by_id(log_id)
    row = HandoverAddendum.create(
        log=log.id,
        at=now,
        staff=who.id,
        text=text,
        hash=seal_rules.addendum_hash(log.hash, who.id, now, text),
    )
    audit.record(
        audit.Actor(who.id, actor.source),
        "handover.addendum",
        "shift_log",
        log.id,
        now,
        after={"addendum": row.id, "text": text, "hash": row.hash},
    )
    return handover.get(log.id)


# -- the start of the day ---------------------------------------------------------------------------


def to_acknowledge(clock: DeskTime) -> LogInfo | None:
    """The last handover signed before today (yesterday's, or the last working day's),
    when nobody has acknowledged it yet (docs/handover.md, "The start of the day")."""
    start_of_day = datetime.combine(clock.today(), time(), clock.zone).astimezone(timezone.utc)
    last = (
        ShiftLog.select()
        .where((ShiftLog.state == "signed") & (ShiftLog.signed_at < start_of_day))
        .order_by(ShiftLog.signed_at.desc(), -ShiftLog.id)
        .first()
    )
    if last is None or HandoverAck.select().where(HandoverAck.log == last.id).exists():
        return None
    return handover.get(last.id)


@transaction
def acknowledge(actor: audit.Actor, clock: DeskTime, log_id: int) -> None:
    if not HandoverAck.select().where(HandoverAck.log == log_id).exists():
        now = clock.now()
        HandoverAck.create(log=log_id, staff=actor.staff_id, at=now)
        audit.record(actor, "handover.acknowledge", "shift_log", log_id, now)
