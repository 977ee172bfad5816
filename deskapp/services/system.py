"""What the desk's own machinery looks like: for Home and `deskapp locate`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from deskapp import backups, db, dbfiles, i18n, schema
from deskapp.backups import Backup
from deskapp.clock import DeskTime
from deskapp.i18n import _
from deskapp.models import Staff
from deskapp.paths import Locations
from deskapp.rules.seals import Code
from deskapp.services import audit, seals, staff, transaction
from deskapp.services.staff import StaffInfo


@dataclass(frozen=True)
class DeskStatus:
    database_name: str
    schema_version: int
    active_staff: int
    last_backup: Backup | None
    on_server: bool = False  # backed up by the server, not by deskapp
    locked_out: tuple[StaffInfo, ...] = ()  # names locked by wrong PINs now


def desk_status(locations: Locations, now: datetime | None = None) -> DeskStatus:
    name = locations.database.name
    if locations.server:
        from urllib.parse import urlsplit

        parts = urlsplit(locations.server)
        name = f"{parts.path.lstrip('/')} @ {parts.hostname or 'localhost'}"
    return DeskStatus(
        database_name=name,
        schema_version=schema.database_version(),
        active_staff=Staff.select().where(Staff.active).count(),
        last_backup=backups.last_backup(locations),
        on_server=bool(locations.server),
        locked_out=tuple(staff.locked_out(now)) if now else (),
    )


@dataclass(frozen=True)
class CheckReport:
    problems: list[str]  # [] when the database is sound
    seal: str = ""  # what a printed seal code turned out to be
    compared: str = ""  # what was kept outside and compared with
    notes: tuple[str, ...] = ()  # worth knowing, not wrong: said as warnings
    updated: str = ""  # a database of an earlier version, migrated first


def check_database(
    locations: Locations, code: Code | None = None, time: DeskTime | None = None
) -> CheckReport:
    """Everything `deskapp check` verifies. A file first gets SQLite's own
    integrity check; a server looks after its own pages. Then the seal chain
    in the database, and against the heads kept outside it (docs/trust.md)."""
    if not locations.server:
        found = dbfiles.integrity_problems(locations.database)
        if found:
            return CheckReport(found)
    db.connect(locations.target)
    try:
        found = schema.problems()
        if found:
            return CheckReport(found)
        updated = _bring_up_to_date(locations, time or DeskTime("UTC"))
        from deskapp import anchors

        outside = anchors.compare(locations)
        found = seals.verify() + outside.problems
        notes = _notes()
        if code is None:
            return CheckReport(found, compared=outside.said, notes=notes, updated=updated)
        said, ok = _seal_said(code, time or DeskTime("UTC"))
        return CheckReport(found if ok else [*found, said], said if ok else "", outside.said, notes, updated)
    finally:
        db.disconnect()


def _bring_up_to_date(locations: Locations, time: DeskTime) -> str:
    """A database of an earlier version is migrated first, as opening it would (with a
    copy kept beforehand): its records are checked as this version reads them."""
    before = schema.database_version()
    if not schema.migrate(backup=backups.before_migration(locations, time)):
        return ""
    return _(
        "The database was at version {old}; it is now at version {new}, with a copy from "
        "before in the backups."
    ).format(old=before, new=schema.program_version())


def _notes() -> tuple[str, ...]:
    from deskapp.services.complaints import unread_events
    from deskapp.services.kit_stock import prescription_in_kits

    notes = []
    unread = unread_events()
    if unread:
        shown = i18n.join(unread[:10]) + (" …" if len(unread) > 10 else "")
        notes.append(
            _(
                "{n} complaint(s) keep timeline entries an earlier version wrote as sentences it "
                "could not read back into codes; they show as written: {numbers} "
                "(docs/records.md)."
            ).format(n=len(unread), numbers=shown)
        )
    if held := prescription_in_kits(i18n.language()):
        notes.append(
            _(
                "prescription medicine is in the kit, which never holds any: {items}. Take it out "
                "on F6 with x (docs/kit.md)."
            ).format(items="; ".join(held))
        )
    return tuple(notes)


def _seal_said(code: Code, time: DeskTime) -> tuple[str, bool]:
    found = seals.find_seal(code)
    what = (
        _("handover {id}").format(id=code.log_id)
        if not code.addendum
        else _("addendum {n} of handover {id}").format(n=code.addendum, id=code.log_id)
    )
    if found is None:
        return _(
            "Seal {code}: there is no signed {what} here; it was deleted or un-signed after the "
            "print was made, or the code was mistyped."
        ).format(code=code, what=what), False
    if not found.matches:
        return _(
            "Seal {code}: {what} here carries another seal; it was changed after the print was "
            "made, or the code was mistyped."
        ).format(code=code, what=what), False
    if not found.intact:
        return _(
            "Seal {code}: {what} still carries this seal, but what it says no longer gives it; "
            "it was changed after it was signed."
        ).format(code=code, what=what), False
    return _("Seal {code}: matches {what}, signed {when}.").format(
        code=code, what=what, when=time.show(found.signed_at)
    ), True


@transaction
def record_restore(
    admin: str, source: str, kept: str, set_aside: dict[str, list[list[object]]], now: datetime
) -> None:
    """The restore, in the restored desk's own trail: who, from which file, where the
    desk before it is kept, and the heads kept outside that it leaves behind."""
    from deskapp.services.staff import name_key

    row = Staff.get_or_none(Staff.name_key == name_key(admin))
    audit.record(
        audit.Actor(row.id if row else None, "cli"),
        "desk.restore",
        "desk",
        None,
        now,
        after={"admin": admin, "from": source, "kept": kept, "set_aside": set_aside},
    )


@transaction
def record_calendar(
    actor: audit.Actor, file: str, holidays: list[str], workdays: list[str], removed: list[str], now: datetime
) -> None:
    """Days written into or taken out of the policy's [calendar]: every callback deadline
    after them changes."""
    audit.record(
        actor,
        "calendar.change",
        "policy",
        None,
        now,
        before={"removed": removed},
        after={"file": file, "holidays": holidays, "workdays": workdays},
    )
