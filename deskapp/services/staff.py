"""Staff: the first administrator, sign-in with PIN and lock-out, administration."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

import peewee as pw

from deskapp import i18n
from deskapp.db import write_transaction
from deskapp.errors import DeskError, ValidationError
from deskapp.i18n import N_, _
from deskapp.models import ROLES, DeskMark, Staff
from deskapp.policy_types import SecuritySettings
from deskapp.services import audit, lockout, transaction
from deskapp.services.pins import hash_pin, pin_problem
from deskapp.services.text import visible

NAME_MAX = 40
ROLE_LABELS = {"staff": N_("staff"), "lead": N_("shift lead"), "admin": N_("administrator")}


@dataclass(frozen=True)
class StaffInfo:
    id: int
    name: str
    role: str
    active: bool
    locked_until: datetime | None
    last_sign_in: datetime | None
    held: bool = False  # locked until an administrator unlocks

    def locked(self, now: datetime) -> bool:
        return self.held or (self.locked_until is not None and self.locked_until > now)


def _info(row: Staff) -> StaffInfo:
    return StaffInfo(row.id, row.name, row.role, row.active, row.locked_until, row.last_sign_in, row.held)


def name_key(name: str) -> str:
    """How names are compared: width-folded, trimmed, case-insensitive."""
    return unicodedata.normalize("NFKC", name).strip().casefold()


def clean_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).split())


def name_problem(name: str) -> str | None:
    if not name:
        return _("Type a name.")
    if len(name) > NAME_MAX or len(name_key(name)) > NAME_MAX:  # "ß" compares as "ss"
        return _("A name has at most {n} characters.").format(n=NAME_MAX)
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        return _("A name cannot contain control characters, nor invisible or direction-changing ones.")
    return None


def _new_pin_problems(pin: str, pin_again: str, security: SecuritySettings, role: str) -> dict[str, str]:
    problem = pin_problem(pin, security, role)
    if problem:
        return {"pin": problem}
    if pin != pin_again:
        return {"pin_again": _("The two PINs are not the same.")}
    return {}


def _find(name: str) -> Staff | None:
    return Staff.get_or_none(Staff.name_key == name_key(name))


def _require_admin(actor: audit.Actor) -> Staff:
    row = Staff.get_or_none(Staff.id == actor.staff_id)
    if row is None or not row.active or row.role != "admin":
        raise DeskError(_("Only an administrator can do this."))
    return row


# -- reading -------------------------------------------------------------------


@dataclass(frozen=True)
class StartState:
    """What the first screen needs: setup (no staff yet) or sign-in with these names."""

    has_staff: bool
    names: list[str]
    demo: bool = False  # the demo desk: every screen says so, sign-in shows its PINs (services/demo.py)


def start_state() -> StartState:
    names = active_names()
    return StartState(bool(names) or has_staff(), names, is_demo())


def is_demo() -> bool:
    """The database says inside itself that it is the demo (`deskapp demo`, docs/trust.md)."""
    return DeskMark.select().where((DeskMark.key == "kind") & (DeskMark.value == "demo")).exists()


def has_staff() -> bool:
    return Staff.select().exists()


def active_names() -> list[str]:
    return [r.name for r in Staff.select(Staff.name).where(Staff.active).order_by(Staff.name)]


def list_staff() -> list[StaffInfo]:
    return [_info(r) for r in Staff.select().order_by(Staff.active.desc(), Staff.name)]


def locked_out(now: datetime) -> list[StaffInfo]:
    """Active staff who cannot sign in now for wrong PINs (Home tells leads and administrators)."""
    rows = Staff.select().where(Staff.active & (Staff.held | (Staff.locked_until > now))).order_by(Staff.name)
    return [_info(r) for r in rows]


def get(staff_id: int) -> StaffInfo:
    return _info(Staff.get_by_id(staff_id))


# -- creating ------------------------------------------------------------------


def _create(
    name: str, role: str, pin: str, pin_again: str, security: SecuritySettings, now: datetime
) -> Staff:
    name = clean_name(name)
    errors: dict[str, str] = {}
    if problem := name_problem(name):
        errors["name"] = problem
    elif _find(name) is not None:
        errors["name"] = _("There is already a staff member called {name}.").format(name=name)
    if role not in ROLES:
        errors["role"] = _("The role must be one of: {roles}.").format(roles=i18n.join(ROLES))
    errors.update(_new_pin_problems(pin, pin_again, security, role))
    if errors:
        raise ValidationError(errors)
    try:
        return Staff.create(
            name=name, name_key=name_key(name), role=role, pin_hash=hash_pin(pin), created_at=now
        )
    except pw.IntegrityError:  # the same name saved by another desk a moment ago
        raise ValidationError(
            {"name": _("There is already a staff member called {name}.").format(name=name)}
        ) from None


def _created(actor: audit.Actor, row: Staff, now: datetime) -> StaffInfo:
    audit.record(
        actor,
        "staff.create",
        "staff",
        row.id,
        now,
        after={"name": row.name, "role": row.role, "active": True},
    )
    return _info(row)


@transaction
def create_first_admin(
    name: str, pin: str, pin_again: str, security: SecuritySettings, now: datetime, source: str = "tui"
) -> StaffInfo:
    """The first start: the first administrator creates themself."""
    if has_staff():
        raise DeskError(_("The first administrator already exists; sign in instead."))
    row = _create(name, "admin", pin, pin_again, security, now)
    return _created(audit.Actor(row.id, source), row, now)


@transaction
def add_staff(
    actor: audit.Actor,
    name: str,
    role: str,
    pin: str,
    pin_again: str,
    security: SecuritySettings,
    now: datetime,
) -> StaffInfo:
    _require_admin(actor)
    return _created(actor, _create(name, role, pin, pin_again, security, now), now)


# -- signing in ----------------------------------------------------------------


def sign_in(name: str, pin: str, security: SecuritySettings, now: datetime, source: str = "tui") -> StaffInfo:
    """Check a name and PIN. Wrong PINs count (and are kept) even though this raises.

    `security.pin_max_attempts` wrong PINs in a row lock that name, longer each
    time (deskapp/rules/lockout.py); a right PIN resets the counts.
    """
    with write_transaction():
        outcome = _sign_in(name, pin, security, now, source)
    if isinstance(outcome, DeskError):
        raise outcome
    return outcome


def _sign_in(
    name: str, pin: str, security: SecuritySettings, now: datetime, source: str
) -> StaffInfo | DeskError:
    row = _check_pin(name, pin, security, now, source)
    if isinstance(row, DeskError):
        return row
    return _signed_in(row, now, source)


def _signed_in(row: Staff, now: datetime, source: str) -> StaffInfo:
    (
        Staff.update(failed_pins=0, lockouts=0, locked_until=None, last_sign_in=now)
        .where(Staff.id == row.id)
        .execute()
    )
    audit.record(audit.Actor(row.id, source), "staff.sign_in", "staff", row.id, now)
    return _info(Staff.get_by_id(row.id))


def administrator(
    name: str, pin: str, security: SecuritySettings, now: datetime, source: str = "cli"
) -> StaffInfo:
    """Sign in an administrator (for what only one may do, e.g. a restore). Anyone
    else is refused without a sign-in recorded; wrong PINs count as at sign-in."""
    with write_transaction():
        row = _check_pin(name, pin, security, now, source)
        if isinstance(row, DeskError):
            outcome: StaffInfo | DeskError = row
        elif row.role != "admin":
            Staff.update(failed_pins=0, lockouts=0).where(Staff.id == row.id).execute()
            outcome = DeskError(_("Only an administrator can do this."), "name")
        else:
            outcome = _signed_in(row, now, source)
    if isinstance(outcome, DeskError):
        raise outcome
    return outcome


def confirm(
    name: str, pin: str, security: SecuritySettings, now: datetime, source: str = "tui", field: str = "signer"
) -> StaffInfo:
    """Anyone on the staff confirms with their own PIN (a signature). Wrong PINs
    count as at sign-in; errors name `field` (the name) or `field`_pin."""
    with write_transaction():
        row = _check_pin(name, pin, security, now, source)
        if not isinstance(row, DeskError):
            Staff.update(failed_pins=0, lockouts=0).where(Staff.id == row.id).execute()
    if isinstance(row, DeskError):
        raise DeskError(row.message, field if row.field == "name" else f"{field}_pin")
    return _info(row)


def approve(name: str, pin: str, security: SecuritySettings, now: datetime, source: str = "tui") -> StaffInfo:
    """A shift lead (or administrator) confirms an exception with their PIN.

    Wrong PINs count towards the lock-out exactly as at sign-in, and are kept
    even though this raises; the error names the field "lead" or "lead_pin".
    """
    with write_transaction():
        row = _check_pin(name, pin, security, now, source)
        if not isinstance(row, DeskError):
            Staff.update(failed_pins=0, lockouts=0).where(Staff.id == row.id).execute()
    if isinstance(row, DeskError):
        raise DeskError(row.message, "lead" if row.field == "name" else "lead_pin")
    if row.role not in ("lead", "admin"):
        raise DeskError(_("{name} is not a shift lead.").format(name=row.name), "lead")
    return _info(row)


def _check_pin(
    name: str, pin: str, security: SecuritySettings, now: datetime, source: str
) -> Staff | DeskError:
    """The staff row when name and PIN are right; else the reason, with wrong PINs counted."""
    if not name.strip():
        return DeskError(_("Type or pick your name."), "name")
    row = _find(name)
    if row is None or not row.active:
        said = _("No active staff member is called {name}.").format(name=visible(name.strip()))
        return DeskError(said, "name")
    return lockout.check_pin(row, pin, security, now, audit.Actor(row.id, source))


# -- administration --------------------------------------------------------------


def _target(name: str) -> Staff:
    row = _find(name)
    if row is None:
        raise DeskError(_("There is no staff member called {name}.").format(name=name), "name")
    return row


@transaction
def set_active(actor: audit.Actor, name: str, active: bool, now: datetime) -> StaffInfo:
    admin = _require_admin(actor)
    row = _target(name)
    # The acting administrator stays active, so the desk always keeps one.
    if not active and row.id == admin.id:
        raise DeskError(_("You cannot disable yourself."), "name")
    if row.active != active:
        Staff.update(active=active).where(Staff.id == row.id).execute()
        audit.record(
            actor,
            "staff.enable" if active else "staff.disable",
            "staff",
            row.id,
            now,
            before={"active": row.active},
            after={"active": active},
        )
    return get(row.id)


@transaction
def reset_pin(
    actor: audit.Actor, name: str, pin: str, pin_again: str, security: SecuritySettings, now: datetime
) -> StaffInfo:
    _require_admin(actor)
    row = _target(name)
    errors = _new_pin_problems(pin, pin_again, security, row.role)
    if errors:
        raise ValidationError(errors)
    (
        Staff.update(pin_hash=hash_pin(pin), failed_pins=0, lockouts=0, locked_until=None, held=False)
        .where(Staff.id == row.id)
        .execute()
    )
    # The PIN itself is never written to the audit trail, only that it changed.
    audit.record(
        actor,
        "staff.reset_pin",
        "staff",
        row.id,
        now,
        before={"locked_until": row.locked_until, "held": row.held},
        after={"locked_until": None, "held": False},
    )
    return get(row.id)


@transaction
def unlock(actor: audit.Actor, name: str, now: datetime) -> StaffInfo:
    """Lift a lock-out without a new PIN (the name was locked by someone else's guesses)."""
    _require_admin(actor)
    row = _target(name)
    (
        Staff.update(failed_pins=0, lockouts=0, locked_until=None, held=False)
        .where(Staff.id == row.id)
        .execute()
    )
    audit.record(
        actor,
        "staff.unlock",
        "staff",
        row.id,
        now,
        before={"locked_until": row.locked_until, "held": row.held},
        after={"locked_until": None, "held": False},
    )
    return get(row.id)
