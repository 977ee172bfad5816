"""What an item of the kit's list may be (docs/kit.md, "Prescription and oral medicine"):
a prescription medicine is refused wherever it could enter a kit, and an item's type
(prescription, oral) is fixed while any kit holds units of it."""

from __future__ import annotations

from peewee import fn

from deskapp import i18n
from deskapp.i18n import _
from deskapp.models import KitBatch, Medicine
from deskapp.rules.kit import in_language


def prescription_refused(name: str) -> str:
    """Why a prescription medicine is refused at the counter (receiving, a use)."""
    return _("{name} is a prescription medicine: it never goes into the kit.").format(name=name)


def units_held(medicine_id: int) -> int:
    """Units of an item in every kit, expired ones still there included."""
    total = (
        KitBatch.select(fn.SUM(KitBatch.left_qty))
        .where((KitBatch.medicine == medicine_id) & (KitBatch.left_qty > 0))
        .scalar()
    )
    return int(total or 0)


def type_errors(
    row: Medicine | None, name: str, oral: bool, prescription: bool, errors: dict[str, str], language: str
) -> None:
    """Add the refusals of an item saved with these ticks (a new item when `row` is None):
    never a prescription medicine; no change of type while a kit holds units of it.
    `name` is the item's name as typed, in `language`."""
    if prescription:
        errors["prescription"] = (
            _(
                "{name} is a prescription medicine: it never goes into the kit, so it cannot be on its list."
            ).format(name=name)
            if name
            else _("A prescription medicine never goes into the kit, so it cannot be on its list.")
        )
    if row is None:
        return
    changed = [
        f
        for f, new, old in (("prescription", prescription, row.prescription), ("oral", oral, row.oral))
        if new != old and f not in errors
    ]
    held = units_held(row.id) if changed else 0
    if not held:
        return
    qty = i18n.quantity(held, in_language(language, row.unit_zh, row.unit_en))
    if "prescription" in changed:
        errors["prescription"] = _(
            "{qty} of it are still in the kit: it stays a prescription medicine until they are taken "
            "out (x on F6)."
        ).format(qty=qty)
    if "oral" in changed:
        errors["oral"] = _(
            "{qty} of it are still in the kit: whether it is oral cannot change until none is left."
        ).format(qty=qty)
