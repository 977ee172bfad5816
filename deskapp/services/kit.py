"""The first-aid kit and the medicine-usage register (docs/kit.md).

- The standard contents list (药品标准配置清单) ships in data/kit_standard.toml
  and is copied into the database on first use; the store edits it there.
- A prescription medicine never goes into a kit; an oral one only when a shift
  lead confirms (name and PIN); an item's type is fixed while a kit holds it
  (docs/kit.md, "Prescription and oral medicine"; services/kit_rules.py).
- Stock is kept by batch with an expiry date. A use takes from the batches
  that expire first (first-expiry-first-out), never from an expired one, in the
  same transaction as the register line. Expired batches are taken out with a record.
- Alerts: below the list's minimum, expiring within kit.expiry_warn_days, expired.
"""

from __future__ import annotations

import calendar
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import partial

from deskapp import i18n
from deskapp.clock import DeskTime
from deskapp.db import write_transaction
from deskapp.errors import DeskError, ValidationError
from deskapp.i18n import N_, _
from deskapp.models import Kit, KitBatch, KitCheck, KitUse, KitUseGram, KitUseLine, Medicine, Staff
from deskapp.paths import data_file
from deskapp.policy import Policy
from deskapp.policy_types import SecuritySettings
from deskapp.services import audit, kit_rules, pairs, staff, transaction
from deskapp.services.datetext import typed_moment
from deskapp.services.privacy import shown
from deskapp.services.text import clean, searched

one_line = partial(clean, one_line=True)  # every kit field is one line
a_name = partial(clean, one_line=True, name=True)  # names and codes: shown exactly as stored

# The English word for the usual Chinese units, when an item is added without one.
UNITS_EN = {
    "支": "pcs",
    "片": "pcs",
    "块": "pcs",
    "个": "pcs",
    "只": "pcs",
    "条": "pcs",
    "根": "pcs",
    "枚": "pcs",
    "卷": "rolls",
    "副": "pairs",
    "对": "pairs",
    "双": "pairs",
    "瓶": "bottles",
    "盒": "boxes",
    "包": "packs",
    "袋": "bags",
    "贴": "patches",
    "粒": "tablets",
    "颗": "tablets",
    "张": "sheets",
    "套": "sets",
    "管": "tubes",
    "罐": "cans",
    "板": "strips",
    "台": "units",
}
PERSON_TYPES = {
    "customer": N_("customer"),
    "own_staff": N_("own staff"),
    "vendor_staff": N_("vendor staff"),
    "cleaning": N_("cleaning company"),
}
WHAT = {"minor_injury": N_("minor injury"), "heatstroke": N_("heatstroke"), "other": N_("other")}
ALERTS = {
    "below_min": N_("below minimum"),
    "expiring": N_("expiring soon"),
    "expired": N_("expired"),
    "prescription": N_("prescription: take out"),  # left by an earlier version (docs/kit.md)
}
LINE_MAX = 200
USE_ITEMS = 3  # item lines on one register entry (the screen's form)


# -- dates as typed ------------------------------------------------------------------------------


def parse_expiry(text: str, today: date) -> date | None:
    """An expiry as printed or typed: 2027-03 or 202703 (the month's last day),
    2027-03-31 or 20270331, 03-31 or 0331 (the next such day from today)."""
    t = unicodedata.normalize("NFKC", text or "").strip().replace("/", "-").replace(".", "-")
    try:
        month_only = re.fullmatch(r"(\d{4})-(\d{1,2})|(\d{4})(\d{2})", t) if len(t) in (6, 7) else None
        if month_only:
            year, month = (int(g) for g in month_only.groups() if g)
            return date(year, month, calendar.monthrange(year, month)[1])
        if m := re.fullmatch(r"(\d{4})-?(\d{1,2})-?(\d{1,2})", t):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := re.fullmatch(r"(\d{1,2})-?(\d{2})", t):
            day = date(today.year, int(m.group(1)), int(m.group(2)))
            return day if day >= today else date(today.year + 1, day.month, day.day)
    except ValueError:
        return None
    return None


# -- the standard list and the kits ----------------------------------------------------------------


# What each item of kit_standard.toml must have: (type, longest text or largest number).
_STANDARD_FIELDS = {
    "name_zh": (str, 40),
    "name_en": (str, 60),
    "unit_zh": (str, 10),
    "unit_en": (str, 20),
    "min_qty": (int, 999),
    "oral": (bool, None),
    "prescription": (bool, None),
}


def standard_list(path) -> dict[str, dict]:
    """The standard list from its file, checked; a DeskError naming the file,
    the item and what is wrong otherwise (nothing is copied then)."""

    def refuse(problem: str) -> DeskError:
        return DeskError(
            _("The kit's standard list {file} cannot be used: {problem}").format(file=path, problem=problem)
        )

    try:
        with open(path, "rb") as fh:
            items = tomllib.load(fh).get("items")
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise refuse(str(exc)) from None
    if not isinstance(items, dict) or not items:
        raise refuse(_("it has no [items.CODE] sections."))
    for code, item in items.items():
        if not re.fullmatch(r"[A-Za-z0-9]{1,10}", code) or not isinstance(item, dict):
            raise refuse(_("{code} is not a code of up to 10 letters and digits.").format(code=code))
        unknown = sorted(set(item) - set(_STANDARD_FIELDS))
        if unknown:
            raise refuse(_("{code} has unknown keys: {keys}.").format(code=code, keys=", ".join(unknown)))
        for key, (kind, limit) in _STANDARD_FIELDS.items():
            value = item.get(key)
            wrong = (
                not isinstance(value, kind)
                or (kind is int and (isinstance(value, bool) or not 0 <= value <= limit))
                or (kind is str and not (0 < len(value.strip()) <= limit and value.isprintable()))
            )
            if wrong:
                allowed = {
                    str: _("text of 1 to {n} characters"),
                    int: _("a whole number from 0 to {n}"),
                    bool: _("true or false"),
                }[kind].format(n=limit)
                raise refuse(_("{code}.{key} must be {allowed}.").format(code=code, key=key, allowed=allowed))
        if item["prescription"]:  # docs/kit.md, "Prescription and oral medicine"
            raise refuse(
                _("{code} is a prescription medicine, which never goes into the kit.").format(code=code)
            )
    return items


def _ensure_list() -> None:
    """Copy the shipped standard list into the database once (inside a transaction)."""
    if Medicine.select().exists():
        return
    for code, item in standard_list(data_file("kit_standard.toml")).items():
        Medicine.create(code=code.upper(), **{key: item[key] for key in _STANDARD_FIELDS})


def _ensure_kit(actor: audit.Actor, now: datetime) -> None:
    """At least one kit per store, kept at the desk."""
    if not Kit.select().exists():
        kit = Kit.create(name="", location="")  # named on screen in its language (kit_name)
        audit.record(actor, "kit.add", "kit", kit.id, now, after={"name": kit.name, "location": kit.location})


def prepare(actor: audit.Actor, now: datetime) -> None:
    """The standard list and a first kit, the first time the kit is used."""
    if not (Medicine.select().exists() and Kit.select().exists()):
        _prepare(actor, now)


@transaction
def _prepare(actor: audit.Actor, now: datetime) -> None:
    _ensure_list()
    _ensure_kit(actor, now)


def name_of(m: Medicine | MedicineInfo) -> str:
    return m.name_zh if i18n.language() == "zh_CN" else m.name_en


def english_unit(unit_zh: str) -> str:
    """The usual English word for a Chinese unit (盒 -> boxes); any other unit as it is."""
    return UNITS_EN.get(unit_zh, unit_zh)


def unit_of(m: Medicine | MedicineInfo) -> str:
    return m.unit_zh if i18n.language() == "zh_CN" else m.unit_en


def kit_name(kit: Kit | KitInfo) -> str:
    """A kit's name on screen: the desk's own kit has none stored (docs/records.md)."""
    return kit.name or _("Desk kit")


def kit_place(kit: Kit | KitInfo) -> str:
    return kit.location or _("at the desk")


@dataclass(frozen=True)
class MedicineInfo:
    id: int
    code: str
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    min_qty: int
    oral: bool
    prescription: bool

    @property
    def name(self) -> str:
        return name_of(self)

    @property
    def unit(self) -> str:
        return unit_of(self)


def _medicine(m: Medicine) -> MedicineInfo:
    return MedicineInfo(
        m.id, m.code, m.name_zh, m.name_en, m.unit_zh, m.unit_en, m.min_qty, m.oral, m.prescription
    )


def medicines() -> list[MedicineInfo]:
    return [_medicine(m) for m in Medicine.select().where(Medicine.active).order_by(Medicine.code)]


@dataclass(frozen=True)
class KitInfo:
    id: int
    name: str
    location: str


def kits() -> list[KitInfo]:
    return [KitInfo(k.id, kit_name(k), kit_place(k)) for k in Kit.select().where(Kit.active).order_by(Kit.id)]


def _count(text: str, field: str, errors: dict[str, str], *, allow_zero: bool = False) -> int:
    t = unicodedata.normalize("NFKC", str(text or "")).strip()
    if not re.fullmatch(r"\d{1,5}", t) or (int(t) == 0 and not allow_zero):
        errors[field] = _("Type a whole number of at least {n}.").format(n=0 if allow_zero else 1)
        return 0
    return int(t)


@transaction
def add_kit(actor: audit.Actor, name: str, location: str, now: datetime) -> KitInfo:
    errors: dict[str, str] = {}
    name = a_name(name, "name", 40, errors, _("Name the kit."))
    location = one_line(location, "location", 100, errors, _("Say where the kit is kept."))
    if not errors and Kit.select().where(Kit.name == name).exists():
        errors["name"] = _("There is a kit called {name} already.").format(name=name)
    if errors:
        raise ValidationError(errors)
    kit = Kit.create(name=name, location=location)
    audit.record(actor, "kit.add", "kit", kit.id, now, after={"name": name, "location": location})
    return KitInfo(kit.id, kit.name, kit.location)


@transaction
def save_medicine(
    actor: audit.Actor,
    now: datetime,
    code: str,
    name_zh: str,
    name_en: str,
    unit_zh: str,
    unit_en: str,
    min_qty: str,
    oral: bool,
    prescription: bool,
) -> MedicineInfo:
    """Add an item to the store's standard list, or change one (by its code). A prescription
    medicine is refused, and so is a change of type while a kit holds the item (docs/kit.md,
    "Prescription and oral medicine"): nothing is written then."""
    _ensure_list()
    errors: dict[str, str] = {}
    code = a_name(code, "code", 10, errors, _("Give the item a short code, such as A11.")).upper()
    name_zh = a_name(name_zh, "name_zh", 40, errors, _("Type its Chinese name."))
    name_en = a_name(name_en, "name_en", 60, errors) or name_zh
    unit_zh = a_name(unit_zh, "unit_zh", 10, errors, _("Type the unit counted (支, 片, 盒)."))
    unit_en = a_name(unit_en, "unit_en", 20, errors) or english_unit(unit_zh)
    minimum = _count(min_qty, "min_qty", errors, allow_zero=True)
    row = Medicine.get_or_none(Medicine.code == code) if "code" not in errors else None
    kit_rules.type_errors(row, name_zh if i18n.language() == "zh_CN" else name_en, oral, prescription, errors)
    if errors:
        raise ValidationError(errors)
    if row is not None and unit_zh != row.unit_zh and unit_en == row.unit_en == english_unit(row.unit_zh):
        unit_en = english_unit(unit_zh)  # the English word followed the old unit: it follows the new one
    values = dict(
        name_zh=name_zh,
        name_en=name_en,
        unit_zh=unit_zh,
        unit_en=unit_en,
        min_qty=minimum,
        oral=oral,
        prescription=prescription,
    )
    if row is None:
        row = Medicine.create(code=code, **values)
        audit.record(actor, "kit.list_add", "medicine", row.id, now, after={"code": code, **values})
    else:
        before = {k: getattr(row, k) for k in values}
        Medicine.update(**values).where(Medicine.id == row.id).execute()
        audit.record(actor, "kit.list_edit", "medicine", row.id, now, before=before, after=values)
    return _medicine(Medicine.get_by_id(row.id))


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


def _find(code: str, field: str, errors: dict[str, str]) -> Medicine | None:
    code = unicodedata.normalize("NFKC", code or "").strip().upper()
    row = Medicine.get_or_none((Medicine.code == code) & Medicine.active) if code else None
    if row is None:
        errors[field] = (
            _("{code} is not on the standard list.").format(code=code)
            if code
            else _("Pick an item of the list.")
        )
    return row


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
) -> BatchInfo:
    """Stock into a kit: quantity, batch, expiry, who received it. Prescription
    medicines are refused; an oral one needs a shift lead's name and PIN (the
    PIN is checked in its own transaction, so wrong ones count)."""
    errors: dict[str, str] = {}
    with write_transaction():
        _ensure_list()
        medicine = _find(code, "code", errors)
    if medicine is not None and medicine.prescription:  # docs/kit.md, "Prescription and oral medicine"
        raise ValidationError({"code": kit_rules.prescription_refused(name_of(medicine))})
    amount = _count(qty, "qty", errors)
    today = clock.today()
    expires = parse_expiry(expiry, today)
    if expires is None:
        errors["expiry"] = _("Type the expiry as printed: 2027-03, 20270331 or 0331.")
    elif expires < today:
        errors["expiry"] = _("This batch has expired ({day}); it cannot go into the kit.").format(day=expires)
    batch_no = a_name(batch_no, "batch_no", 40, errors)
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    approver = None
    if medicine.oral:
        if not (lead or "").strip():
            raise ValidationError(
                {
                    "lead": _(
                        "{name} is taken by mouth: the kit should avoid oral medicines. "
                        "A shift lead confirms with name and PIN."
                    ).format(name=name_of(medicine))
                }
            )
        approver = staff.approve(lead, lead_pin, security, now, actor.source)
    with write_transaction():
        kit = Kit.get_or_none((Kit.id == kit_id) & Kit.active)
        if kit is None:
            raise DeskError(_("This kit no longer exists."))
        now_is = Medicine.get_by_id(medicine.id)
        if (now_is.oral, now_is.prescription) != (medicine.oral, medicine.prescription):
            # changed since it was checked: the batch would be stored under another type (docs/kit.md)
            raise DeskError(_("{name} was changed meanwhile; try again.").format(name=name_of(medicine)))
        row = KitBatch.create(
            kit=kit.id,
            medicine=medicine.id,
            batch_no=batch_no,
            expiry=expires,
            received_qty=amount,
            left_qty=amount,
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
                "qty": amount,
                "batch": batch_no,
                "expiry": expires.isoformat(),
                "approved_by": approver.name if approver else None,
            },
        )
    return _batch(KitBatch.get_by_id(row.id))


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
    def below_min(self) -> bool:
        return not self.medicine.prescription and self.usable < self.medicine.min_qty

    @property
    def alerts(self) -> list[str]:
        if self.medicine.prescription:  # only to take out (docs/kit.md)
            return ["prescription"] if self.usable + self.expired else []
        return [
            a
            for a, on in (
                ("below_min", self.below_min),
                ("expiring", self.expiring > 0),
                ("expired", self.expired > 0),
            )
            if on
        ]


def levels(policy: Policy, clock: DeskTime, kit_id: int) -> list[StockLine]:
    today = clock.today()
    soon = today + timedelta(days=policy.kit.expiry_warn_days)
    batches: dict[int, list[KitBatch]] = {}
    for b in KitBatch.select().where((KitBatch.kit == kit_id) & (KitBatch.left_qty > 0)):
        batches.setdefault(b.medicine_id, []).append(b)
    lines = []
    # Prescription medicine shows too, so what an earlier version let in is seen and taken out (docs/kit.md).
    for m in Medicine.select().where(Medicine.active).order_by(Medicine.code):
        mine = batches.get(m.id, [])
        usable = [b for b in mine if b.expiry >= today]
        lines.append(
            StockLine(
                kit_id,
                _medicine(m),
                sum(b.left_qty for b in usable),
                sum(b.left_qty for b in usable if b.expiry <= soon),
                sum(b.left_qty for b in mine if b.expiry < today),
                min((b.expiry for b in usable), default=None),
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


# -- checks and restocking --------------------------------------------------------------------------------


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
    return last_check(kit_id)  # type: ignore[return-value]


def last_check(kit_id: int) -> CheckInfo | None:
    row = (
        KitCheck.select(KitCheck, Staff.name)
        .join(Staff)
        .where(KitCheck.kit == kit_id)
        .order_by(KitCheck.at.desc(), KitCheck.id.desc())
        .first()
    )
    if row is None:
        return None
    return CheckInfo(row.at, row.staff.name, row.matches_list, row.sealed, row.clean_dry, row.note)


@dataclass(frozen=True)
class RestockLine:
    kit: str
    line: StockLine
    to_buy: int


def restock(policy: Policy, clock: DeskTime) -> list[RestockLine]:
    """The restock request (药品申购): what is below the minimum once the stock
    expiring soon is discounted, and what has expired, kit by kit."""
    wanted = []
    for kit in kits():
        for line in levels(policy, clock, kit.id):
            if line.medicine.prescription:
                continue  # never bought for a kit (docs/kit.md)
            to_buy = max(0, line.medicine.min_qty - (line.usable - line.expiring))
            if to_buy or line.expired:
                wanted.append(RestockLine(kit.name, line, to_buy))
    return wanted


def restock_text(policy: Policy, clock: DeskTime, lines: list[RestockLine]) -> str:
    """The request as plain text for the admin department (the slip printer's width)."""
    from deskapp.services.slips import NBSP, _Slip

    s = _Slip(policy.slips.width)
    s.center(policy.desk.name)
    s.center(_("Medicine restock request"))
    s.center(clock.show(clock.now()))
    s.rule("=")
    kit = None
    for r in lines:
        if r.kit != kit:
            kit = r.kit
            s.text(kit)
            s.rule()
        m = r.line.medicine
        s.pair(f"{m.code} {m.name}", i18n.quantity(r.to_buy, m.unit))
        notes = []
        if r.line.expiring:
            notes.append(_("{n} expiring").format(n=r.line.expiring).replace(" ", NBSP))  # one unit
        if r.line.expired:
            notes.append(_("{n} expired").format(n=r.line.expired).replace(" ", NBSP))
        s.text(
            _("on hand {n}, minimum {min}").format(n=r.line.usable, min=m.min_qty)
            + ("; " + i18n.join(notes) if notes else ""),
            indent=2,
        )
    if not lines:
        s.text(_("Nothing to buy: every item is at its minimum."))
    s.rule("=")
    s.sign(_("Requested by: "))
    return str(s)


RESTOCK_COLUMNS = (
    N_("kit"),
    N_("code"),
    N_("item"),
    N_("unit"),
    N_("minimum"),
    N_("on hand"),
    N_("expiring soon"),
    N_("expired"),
    N_("to buy"),
)


def restock_rows(policy: Policy, clock: DeskTime) -> list[list]:
    return [
        [
            r.kit,
            r.line.medicine.code,
            r.line.medicine.name,
            r.line.medicine.unit,
            r.line.medicine.min_qty,
            r.line.usable,
            r.line.expiring,
            r.line.expired,
            r.to_buy,
        ]
        for r in restock(policy, clock)
    ]


# -- the usage register ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UseInfo:
    id: int
    kit: str
    happened_at: datetime
    registered_by: str
    person_type: str
    person_name: str
    contact: str
    what: str
    what_text: str
    items: list[tuple[str, str, int, str]]  # code, name, qty, unit
    disinfection: bool
    bandaging: bool
    help_other: str
    called_120: bool
    called_120_at: datetime | None
    refused: bool
    note: str


def _use_info(use: KitUse) -> UseInfo:
    items: dict[str, list] = {}
    for line in (
        KitUseLine.select(KitUseLine, KitBatch, Medicine)
        .join(KitBatch)
        .join(Medicine)
        .where(KitUseLine.use == use.id)
        .order_by(KitUseLine.id)
    ):
        m = line.batch.medicine
        items.setdefault(m.code, [m.code, name_of(m), 0, unit_of(m)])[2] += line.qty
    return UseInfo(
        use.id,
        kit_name(use.kit),
        use.happened_at,
        use.registered_by.name,
        use.person_type,
        use.person_name,
        use.contact,
        use.what,
        use.what_text,
        [tuple(i) for i in items.values()],
        use.disinfection,
        use.bandaging,
        use.help_other,
        use.called_120,
        use.called_120_at,
        use.refused,
        use.note,
    )


@transaction
def register_use(
    actor: audit.Actor,
    clock: DeskTime,
    kit_id: int,
    *,
    happened: str,
    person_type: str,
    person_name: str,
    contact: str,
    what: str,
    what_text: str = "",
    items: list[tuple[str, str]] = (),
    disinfection: bool = False,
    bandaging: bool = False,
    help_other: str = "",
    called_120: bool = False,
    called_120_at: str = "",
    refused: bool = False,
    note: str = "",
) -> UseInfo:
    """One line of 《用药登记表》; the kit's stock falls by what was used, the
    batches that expire first first, never an expired one, in this transaction.
    `items` are (code, quantity) pairs; errors name item{n}/qty{n} (1-based)."""
    errors: dict[str, str] = {}
    happened_at = typed_moment(happened, "happened", clock, errors)
    if person_type not in PERSON_TYPES:
        errors["person_type"] = _("Pick who was helped: customer, own staff, vendor staff, cleaning company.")
    person_name = a_name(person_name, "person_name", 40, errors, _("Type their name."))
    contact = a_name(contact, "contact", 60, errors)
    if what not in WHAT:
        errors["what"] = _("Pick what happened.")
    what_text = one_line(
        what_text, "what_text", LINE_MAX, errors, _("Say what happened.") if what == "other" else None
    )
    help_other = one_line(help_other, "help_other", LINE_MAX, errors)
    note = one_line(note, "note", LINE_MAX, errors)
    called_at = typed_moment(called_120_at, "called_120_at", clock, errors) if called_120 else None
    wanted: list[tuple[int, Medicine, int]] = []
    for n, (code, qty) in enumerate(items, 1):
        if not (code or "").strip() and not str(qty or "").strip():
            continue
        medicine = _find(code, f"item{n}", errors)
        if medicine is not None and medicine.prescription:  # docs/kit.md, "Prescription and oral medicine"
            errors[f"item{n}"] = kit_rules.prescription_refused(name_of(medicine))
            medicine = None
        amount = _count(qty, f"qty{n}", errors)
        if medicine is not None and amount:
            wanted.append((n, medicine, amount))
    if errors:
        raise ValidationError(errors)
    kit = Kit.get_or_none(Kit.id == kit_id)
    if kit is None:
        raise DeskError(_("This kit no longer exists."))
    today, now = clock.today(), clock.now()
    use = KitUse.create(
        kit=kit.id,
        happened_at=happened_at,
        registered_at=now,
        registered_by=actor.staff_id,
        person_type=person_type,
        person_name=person_name,
        contact=contact,
        what=what,
        what_text=what_text,
        disinfection=disinfection,
        bandaging=bandaging,
        help_other=help_other,
        called_120=called_120,
        called_120_at=called_at,
        refused=refused,
        note=note,
    )
    words = (person_name, pairs.without_numbers(contact), what_text, note)
    pairs.write(KitUseGram, KitUseGram.use, use.id, *words, phones=(contact,))
    short: dict[str, str] = {}
    for n, medicine, amount in wanted:
        batches = list(
            KitBatch.select()
            .where((KitBatch.kit == kit.id) & (KitBatch.medicine == medicine.id) & (KitBatch.left_qty > 0))
            .order_by(KitBatch.expiry, KitBatch.id)
        )
        usable = [b for b in batches if b.expiry >= today]
        have = sum(b.left_qty for b in usable)
        if have < amount:
            expired = sum(b.left_qty for b in batches if b.expiry < today)
            short[f"qty{n}"] = (
                _("Only {have} {unit} of {name} can be used here ({expired} expired).")
                if expired
                else _("Only {have} {unit} of {name} in this kit.")
            ).format(have=have, unit=unit_of(medicine), name=name_of(medicine), expired=expired)
            continue
        left = amount
        for b in usable:
            take = min(left, b.left_qty)
            changed = (
                KitBatch.update(left_qty=KitBatch.left_qty - take)
                .where((KitBatch.id == b.id) & (KitBatch.left_qty >= take))
                .execute()
            )
            if not changed:
                raise DeskError(_("The kit's stock changed meanwhile; try again."))
            KitUseLine.create(use=use.id, batch=b.id, qty=take)
            left -= take
            if not left:
                break
    if short:
        raise ValidationError(short)  # the transaction is rolled back: nothing was taken
    info = _use_info(KitUse.get_by_id(use.id))
    audit.record(
        actor,
        "kit.use",
        "kit_use",
        use.id,
        now,
        after={
            "kit": kit.name,
            "person": person_type,
            "what": what,
            "items": [[c, q] for c, _n, q, _u in info.items],
            "called_120": called_120,
            "refused": refused,
        },
    )
    return info


@dataclass(frozen=True)
class UsePage:
    rows: list[UseInfo]
    total: int | None
    offset: int
    has_more: bool


def uses(text: str = "", offset: int = 0, limit: int = 100, counted: bool = True) -> UsePage:
    """The register, newest first; search by name, contact, what happened (as written, or
    the kind of use the list shows: 中暑, heatstroke) or note. Not `counted`, the total of a
    page with more after it is None (F8 shows no total)."""
    q = KitUse.select().order_by(KitUse.happened_at.desc(), KitUse.id.desc())
    if text := searched(text):
        texts = (KitUse.person_name, KitUse.contact, KitUse.what_text, KitUse.note)
        found = pairs.matching(KitUseGram, KitUseGram.use, KitUse, text, texts, phone=True)
        wanted = text.casefold()
        if kinds := [code for code, name in WHAT.items() if wanted in name.casefold() or wanted in _(name)]:
            found = found | KitUse.what.in_(kinds)
        q = q.where(found)
    found = list(q.offset(offset).limit(limit + 1))
    more = len(found) > limit
    rows = [_use_info(u) for u in found[:limit]]
    total = (q.count() if counted else None) if more else offset + len(rows)
    return UsePage(rows, total, offset, more)


USE_COLUMNS = (
    N_("when"),
    N_("kit"),
    N_("person"),
    N_("name"),
    N_("contact or department"),
    N_("what happened"),
    N_("items used"),
    N_("help given"),
    N_("120 called"),
    N_("refused treatment"),
    N_("registered by"),
    N_("note"),
)


def use_rows(clock: DeskTime, start: date | None = None, end: date | None = None, *, mask: bool = True):
    """The register from `start` to `end` (desk dates, both included), oldest first, for a sheet;
    phones and ID numbers masked unless `mask` is False (services/privacy.py)."""
    from datetime import time

    q = KitUse.select().order_by(KitUse.happened_at, KitUse.id)
    if start:
        q = q.where(
            KitUse.happened_at >= datetime.combine(start, time(), clock.zone).astimezone(timezone.utc)
        )
    if end:
        q = q.where(
            KitUse.happened_at
            < datetime.combine(end + timedelta(days=1), time(), clock.zone).astimezone(timezone.utc)
        )
    for use in q.iterator():
        u = _use_info(use)
        yield [
            u.happened_at,
            u.kit,
            _(PERSON_TYPES[u.person_type]),
            shown(u.person_name, mask),
            shown(u.contact, mask),
            _(WHAT[u.what]) + (i18n.colon() + shown(u.what_text, mask) if u.what_text else ""),
            i18n.join(f"{name} {i18n.quantity(qty, unit)}" for _c, name, qty, unit in u.items),
            help_given(u),
            u.called_120_at if u.called_120 else None,
            _("yes") if u.refused else "",
            u.registered_by,
            shown(u.note, mask),
        ]


def help_given(u: UseInfo) -> str:
    given = [
        _(label) for label, on in ((N_("disinfection"), u.disinfection), (N_("bandaging"), u.bandaging)) if on
    ]
    if u.help_other:
        given.append(u.help_other)
    return i18n.join(given)
