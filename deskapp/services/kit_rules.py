"""What an item of the kit's list may be (docs/kit.md, "Prescription and oral medicine"):
a prescription medicine is refused wherever it could enter a kit, and an item's type
(prescription, oral) is fixed while any kit holds units of it."""

from __future__ import annotations

from peewee import fn

from deskapp import i18n
from deskapp.i18n import _
from deskapp.models import Kit, KitBatch, Medicine


def _name(m: Medicine) -> str:
    from deskapp.services.kit import name_of

    return name_of(m)


def _quantity(n: int, m: Medicine) -> str:
    from deskapp.services.kit import unit_of

    return i18n.quantity(n, unit_of(m))


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
    row: Medicine | None, name: str, oral: bool, prescription: bool, errors: dict[str, str]
) -> None:
    """Add the refusals of an item saved with these ticks (a new item when `row` is None):
    never a prescription medicine; no change of type while a kit holds units of it."""
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
    qty = _quantity(held, row)
    if "prescription" in changed:
        errors["prescription"] = _(
            "{qty} of it are still in the kit: it stays a prescription medicine until they are taken "
            "out (x on F6)."
        ).format(qty=qty)
    if "oral" in changed:
        errors["oral"] = _(
            "{qty} of it are still in the kit: whether it is oral cannot change until none is left."
        ).format(qty=qty)


def prescription_in_kits() -> list[str]:
    """Each kit's prescription medicine, as "desk kit: P01 Amoxicillin 12 boxes"
    (left by an earlier version; docs/kit.md, "Prescription medicine already in a database")."""
    from deskapp.services.kit import kit_name

    rows = (
        KitBatch.select(KitBatch.kit, KitBatch.medicine, fn.SUM(KitBatch.left_qty).alias("held"))
        .join(Medicine)
        .where(Medicine.prescription & (KitBatch.left_qty > 0))
        .group_by(KitBatch.kit, KitBatch.medicine, Medicine.code)
        .order_by(KitBatch.kit, Medicine.code)
    )
    found = []
    for r in rows:
        kit, medicine = Kit.get_by_id(r.kit_id), Medicine.get_by_id(r.medicine_id)
        found.append(
            f"{kit_name(kit)}{i18n.colon()}{medicine.code} {_name(medicine)} {_quantity(r.held, medicine)}"
        )
    return found
