"""A staff member's PIN checked against the locks that wrong PINs put on the name
(deskapp/rules/lockout.py); each wrong PIN counted, and kept, in the caller's transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

from deskapp.errors import DeskError
from deskapp.i18n import _, ngettext
from deskapp.models import Staff
from deskapp.policy_types import SecuritySettings
from deskapp.rules.lockout import after_wrong_pin, minutes_left, steps
from deskapp.services import audit
from deskapp.services.pins import verify_pin


def check_pin(
    row: Staff, pin: str, security: SecuritySettings, now: datetime, actor: audit.Actor
) -> Staff | DeskError:
    """The staff row when its PIN is right and the name is not locked; else the reason."""
    if not pin:
        return DeskError(_("Type your PIN."), "pin")
    if row.held:
        return DeskError(
            _(
                "{name} is locked after repeated wrong PINs until an administrator unlocks "
                "the name (deskapp staff unlock) or sets a new PIN."
            ).format(name=row.name),
            "pin",
        )
    if row.locked_until is not None and row.locked_until > now:
        minutes = minutes_left(row.locked_until, now)
        return DeskError(
            ngettext(
                "{name} is locked after too many wrong PINs. Try again in {n} minute "
                "or ask an administrator to reset the PIN.",
                "{name} is locked after too many wrong PINs. Try again in {n} minutes "
                "or ask an administrator to reset the PIN.",
                minutes,
            ).format(name=row.name, n=minutes),
            "pin",
        )
    if not verify_pin(pin, row.pin_hash):
        return _wrong_pin(row, security, now, actor)
    return row


def _wrong_pin(row: Staff, security: SecuritySettings, now: datetime, actor: audit.Actor) -> DeskError:
    """Count a wrong PIN, lock the name when it is one too many (rules/lockout.py)."""
    wrong = after_wrong_pin(
        row.failed_pins,
        row.lockouts,
        row.role == "admin",
        security.pin_max_attempts,
        steps(security.pin_lockout_minutes),
    )
    if wrong.tries_left:
        Staff.update(failed_pins=wrong.failed_pins).where(Staff.id == row.id).execute()
        audit.record(
            actor,
            "staff.pin_wrong",
            "staff",
            row.id,
            now,
            before={"failed_pins": row.failed_pins},
            after={"failed_pins": wrong.failed_pins},
        )
        return DeskError(
            ngettext(
                "Wrong PIN. {n} more try before {name} is locked.",
                "Wrong PIN. {n} more tries before {name} is locked.",
                wrong.tries_left,
            ).format(n=wrong.tries_left, name=row.name),
            "pin",
        )
    minutes = wrong.locked_minutes
    until = None if minutes is None else now + timedelta(minutes=minutes)
    (
        Staff.update(failed_pins=0, lockouts=wrong.lockouts, locked_until=until, held=wrong.held)
        .where(Staff.id == row.id)
        .execute()
    )
    audit.record(
        actor,
        "staff.pin_held" if wrong.held else "staff.pin_locked",
        "staff",
        row.id,
        now,
        before={"failed_pins": row.failed_pins, "lockouts": row.lockouts},
        after={"failed_pins": row.failed_pins + 1, "lockouts": wrong.lockouts, "minutes": minutes},
    )
    if minutes is None:
        return DeskError(
            _("Wrong PIN. {name} is now locked until an administrator unlocks the name.").format(
                name=row.name
            ),
            "pin",
        )
    return DeskError(
        ngettext(
            "Wrong PIN. {name} is now locked for {n} minute.",
            "Wrong PIN. {name} is now locked for {n} minutes.",
            minutes,
        ).format(name=row.name, n=minutes),
        "pin",
    )
