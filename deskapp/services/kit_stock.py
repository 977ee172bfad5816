"""The kit's stock (docs/kit.md, "Stock, uses and alerts"): batches received and taken out,
each item's level in a kit, and the alerts to act on. The arithmetic is deskapp/rules/kit.py;
a use's draw from the stock is the register's (services/kit_register.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from deskapp import i18n
from deskapp.clock import DeskTime
from deskapp.db import write_transaction
from deskapp.errors import DeskError, ValidationError
from deskapp.i18n import N_, _
from deskapp.models import Kit, KitBatch, Medicine
from deskapp.policy import Policy
from deskapp.policy_types import SecuritySettings
from deskapp.rules import kit as rules
from deskapp.rules.kit import in_language
from deskapp.services import audit, kit_types, staff, transaction
from deskapp.services.kit import (
    MedicineInfo,
    a_name,
    ensure_list,
    find_item,
    kit_name,
    kits,
    medicine_info,
    typed_count,
)
from deskapp.services.staff import StaffInfo

ALERTS = {
    "below_min": N_("below minimum"),
    "expiring": N_("expiring soon"),
    "expired": N_("expired"),
    "prescription": N_("prescription: take out"),  # left by an earlier version (docs/kit.md)
}


# -- receiving and taking out --------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchInfo:
    id: int
    kit_id: int
    code: str
    batch_no: str
    expiry: date
    received_qty: int
    left_qty: int


def _batch(b: KitBatch) -> BatchInfo:
    return BatchInfo(b.id, b.kit_id, b.medicine.code, b.batch_no, b.expiry, b.received_qty, b.left_qty)


@dataclass(frozen=True)
class _Receipt:
    """A receipt as checked, before it is stored."""

    medicine: Medicine
    qty: int
    batch_no: str
    expiry: date


def receive(
    actor: audit.Actor,
    policy: Policy,
    security: SecuritySettings,
    clock: DeskTime,
    kit_id: int,
    code: str,
    qty: str,
    batch_no: str,
    expiry: str,
    lead: str = "",
    lead_pin: str = "",
    *,
    language: str,
) -> BatchInfo:
    """Stock into a kit: quantity, batch, expiry, who received it. Prescription
    medicines are refused; an oral one needs a shift lead's name and PIN (the
    PIN is checked in its own transaction, so wrong ones count). `language` names
    the item in a refusal."""
    receipt = _checked(clock, code, qty, batch_no, expiry, language)
    now = clock.now()
    approver = _lead_confirms(actor, security, now, receipt.medicine, lead, lead_pin, language)
    with write_transaction():
        row = _store(actor, now, kit_id, receipt, approver, language)
    return _batch(KitBatch.get_by_id(row.id))


def _checked(clock: DeskTime, code: str, qty: str, batch_no: str, expiry: str, language: str) -> _Receipt:
    errors: dict[str, str] = {}
    with write_transaction():
        ensure_list()
        medicine = find_item(code, "code", errors)
    if medicine is not None and medicine.prescription:  # docs/kit.md, "Prescription and oral medicine"
        name = in_language(language, medicine.name_zh, medicine.name_en)
        raise ValidationError({"code": kit_types.prescription_refused(name)})
    amount = typed_count(qty, "qty", errors)
    today = clock.today()
    expires = rules.parse_expiry(expiry, today)
    if expires is None:
        errors["expiry"] = _("Type the expiry as printed: 2027-03, 20270331 or 0331.")
    elif rules.is_expired(expires, today):
        errors["expiry"] = _("This batch has expired ({day}); it cannot go into the kit.").format(day=expires)
    batch_no = a_name(batch_no, "batch_no", 40, errors)
    if errors or medicine is None or expires is None:
        raise ValidationError(errors)
    return _Receipt(medicine, amount, batch_no, expires)


def _lead_confirms(
    actor: audit.Actor,
    security: SecuritySettings,
    now: datetime,
    medicine: Medicine,
    lead: str,
    lead_pin: str,
    language: str,
) -> StaffInfo | None:
    """The shift lead who lets an oral medicine in (docs/kit.md); None for any other item."""
    if not medicine.oral:
        return None
    if not (lead or "").strip():
        raise ValidationError(
            {
                "lead": _(
                    "{name} is taken by mouth: the kit should avoid oral medicines. "
                    "A shift lead confirms with name and PIN."
                ).format(name=in_language(language, medicine.name_zh, medicine.name_en))
            }
        )
    return staff.approve(lead, lead_pin, security, now, actor.source)


def _store(
    actor: audit.Actor, now: datetime, kit_id: int, r: _Receipt, approver: StaffInfo | None, language: str
) -> KitBatch:
    """The batch and its record, inside the caller's transaction."""
    medicine = r.medicine
    kit = Kit.get_or_none((Kit.id == kit_id) & Kit.active)
    if kit is None:
        raise DeskError(_("This kit no longer exists."))
    now_is = Medicine.get_by_id(medicine.id)
    if (now_is.oral, now_is.prescription) != (medicine.oral, medicine.prescription):
        # changed since it was checked: the batch would be stored under another type (docs/kit.md)
        name = in_language(language, medicine.name_zh, medicine.name_en)
        raise DeskError(_("{name} was changed meanwhile; try again.").format(name=name))
    row = KitBatch.create(
        kit=kit.id,
        medicine=medicine.id,
        batch_no=r.batch_no,
        expiry=r.expiry,
        received_qty=r.qty,
        left_qty=r.qty,
        received_at=now,
        received_by=actor.staff_id,
        approved_by=approver.id if approver else None,
    )
    audit.record(
        actor,
        "kit.receive",
        "kit_batch",
        row.id,
        now,
        after={
            "kit": kit.name,
            "code": medicine.code,
            "qty": r.qty,
            "batch": r.batch_no,
            "expiry": r.expiry.isoformat(),
            "approved_by": approver.name if approver else None,
        },
    )
    return row


@transaction
def remove_expired(actor: audit.Actor, clock: DeskTime, kit_id: int, code: str, reason: str = "") -> int:
    """Take every expired batch of an item out of the kit, with a record; how many units went.
    A prescription medicine goes out whole, expired or not (docs/kit.md, "Prescription
    medicine already in a database")."""
    today, now = clock.today(), clock.now()
    gone = 0
    rows = (
        KitBatch.select(KitBatch, Medicine)
        .join(Medicine)
        .where(
            (KitBatch.kit == kit_id)
            & (Medicine.code == code)
            & ((KitBatch.expiry < today) | Medicine.prescription)
            & (KitBatch.left_qty > 0)
        )
    )
    for row in rows:
        KitBatch.update(
            left_qty=0,
            removed_qty=row.left_qty,
            removed_at=now,
            removed_by=actor.staff_id,
            removed_reason=reason,  # none typed: expired, which removed_at and the expiry say
        ).where(KitBatch.id == row.id).execute()
        audit.record(
            actor,
            "kit.remove",
            "kit_batch",
            row.id,
            now,
            before={"left": row.left_qty},
            after={
                "left": 0,
                "reason": reason or ("prescription" if row.medicine.prescription else "expired"),
                "expiry": row.expiry.isoformat(),
            },
        )
        gone += row.left_qty
    if not gone:
        raise DeskError(_("Nothing expired of {code} is in this kit.").format(code=code))
    return gone


# -- levels and alerts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StockLine:
    kit_id: int
    medicine: MedicineInfo
    usable: int  # not expired
    expiring: int  # usable, but expiring within the warning days
    expired: int  # still in the kit, past its expiry
    next_expiry: date | None  # of the usable stock

    @property
    def level(self) -> rules.Level:
        return rules.Level(self.usable, self.expiring, self.expired, self.next_expiry)

    @property
    def below_min(self) -> bool:
        return "below_min" in self.alerts

    @property
    def alerts(self) -> list[str]:
        return rules.alerts(self.level, self.medicine.min_qty, self.medicine.prescription)


def levels(policy: Policy, clock: DeskTime, kit_id: int) -> list[StockLine]:
    today, warn_days = clock.today(), policy.kit.expiry_warn_days
    batches: dict[int, list[rules.Batch]] = {}
    for b in KitBatch.select().where((KitBatch.kit == kit_id) & (KitBatch.left_qty > 0)):
        batches.setdefault(b.medicine_id, []).append(rules.Batch(b.id, b.expiry, b.left_qty))
    lines = []
    # Prescription medicine shows too, so what an earlier version let in is seen and taken out (docs/kit.md).
    for m in Medicine.select().where(Medicine.active).order_by(Medicine.code):
        level = rules.level(batches.get(m.id, []), today, warn_days)
        lines.append(
            StockLine(
                kit_id, medicine_info(m), level.usable, level.expiring, level.expired, level.next_expiry
            )
        )
    return lines


@dataclass(frozen=True)
class Alert:
    kit: str
    line: StockLine
    kind: str  # ALERTS


def alerts(policy: Policy, clock: DeskTime) -> list[Alert]:
    """Everything to act on, in every kit (Home and the kit screen)."""
    found = []
    for kit in kits():
        for line in levels(policy, clock, kit.id):
            found += [Alert(kit.name, line, kind) for kind in line.alerts]
    return found


def prescription_in_kits(language: str) -> list[str]:
    """Each kit's prescription medicine, as "desk kit: P01 Amoxicillin 12 boxes", names in
    `language` (left by an earlier version; docs/kit.md, "Prescription medicine already in a
    database")."""
    held: dict[tuple[Kit, Medicine], int] = {}
    for b in (
        KitBatch.select(KitBatch, Kit, Medicine)
        .join_from(KitBatch, Kit)
        .join_from(KitBatch, Medicine)
        .where(Medicine.prescription & (KitBatch.left_qty > 0))
        .order_by(KitBatch.kit, Medicine.code)
    ):
        held[b.kit, b.medicine] = held.get((b.kit, b.medicine), 0) + b.left_qty
    found = []
    for (kit, m), qty in held.items():
        name = in_language(language, m.name_zh, m.name_en)
        units = i18n.quantity(qty, in_language(language, m.unit_zh, m.unit_en))
        found.append(f"{kit_name(kit)}{i18n.colon()}{m.code} {name} {units}")
    return found
