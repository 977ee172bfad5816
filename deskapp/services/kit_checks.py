"""Kit checks (docs/kit.md): against the list, seal intact, clean and dry; what was wrong
is said in a note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peewee import Desc

from deskapp.clock import DeskTime
from deskapp.errors import ValidationError
from deskapp.i18n import _
from deskapp.models import KitCheck, Staff
from deskapp.services import audit, transaction
from deskapp.services.kit import LINE_MAX, one_line


@dataclass(frozen=True)
class CheckInfo:
    at: datetime
    staff_name: str
    matches_list: bool
    sealed: bool
    clean_dry: bool
    note: str

    @property
    def ok(self) -> bool:
        return self.matches_list and self.sealed and self.clean_dry


@transaction
def record_check(
    actor: audit.Actor,
    clock: DeskTime,
    kit_id: int,
    matches_list: bool,
    sealed: bool,
    clean_dry: bool,
    note: str = "",
) -> CheckInfo:
    errors: dict[str, str] = {}
    note = one_line(note, "note", LINE_MAX, errors)
    if not (matches_list and sealed and clean_dry) and not note:
        errors["note"] = _("Say what is wrong and what was done about it.")
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    row = KitCheck.create(
        kit=kit_id,
        at=now,
        staff=actor.staff_id,
        matches_list=matches_list,
        sealed=sealed,
        clean_dry=clean_dry,
        note=note,
    )
    audit.record(
        actor,
        "kit.check",
        "kit_check",
        row.id,
        now,
        after={"matches_list": matches_list, "sealed": sealed, "clean_dry": clean_dry, "note": note},
    )
    return _check_info(KitCheck.get_by_id(row.id))  # as stored


def last_check(kit_id: int) -> CheckInfo | None:
    row = (
        KitCheck.select(KitCheck, Staff.name)
        .join(Staff)
        .where(KitCheck.kit == kit_id)
        .order_by(KitCheck.at.desc(), Desc(KitCheck.id))
        .first()
    )
    return None if row is None else _check_info(row)


def _check_info(row: KitCheck) -> CheckInfo:
    return CheckInfo(row.at, row.staff.name, row.matches_list, row.sealed, row.clean_dry, row.note)
