"""The first-aid kit's standard list and its kits (docs/kit.md, "The standard list").

The list ships in data/kit_standard.toml and is copied into the database on first use; the
store edits it there. A prescription medicine is never on it, and an item's type is fixed
while a kit holds it (services/kit_types.py). The kit's other parts: services/kit_stock.py
(receiving, taking out, levels and alerts), kit_checks.py, kit_restock.py and kit_register.py
(the medicine-usage register). Names are kept in both languages; who shows one says which.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from deskapp.errors import DeskError, ValidationError
from deskapp.i18n import _
from deskapp.models import Kit, Medicine
from deskapp.paths import data_file
from deskapp.rules.kit import english_unit, in_language
from deskapp.services import audit, kit_types, transaction
from deskapp.services.text import clean

one_line = partial(clean, one_line=True)  # every kit field is one line
a_name = partial(clean, one_line=True, name=True)  # names and codes: shown exactly as stored

LINE_MAX = 200


# -- the standard list and the kits ----------------------------------------------------------------


# What each item of kit_standard.toml must have: (type, longest text or largest number).
_STANDARD_FIELDS: dict[str, tuple[type, int]] = {
    "name_zh": (str, 40),
    "name_en": (str, 60),
    "unit_zh": (str, 10),
    "unit_en": (str, 20),
    "min_qty": (int, 999),
    "oral": (bool, 0),
    "prescription": (bool, 0),
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
            if _wrong(item.get(key), kind, limit):
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


def _wrong(value: object, kind: type, limit: int) -> bool:
    """Whether a value of the standard list is not of its kind, or out of its limit."""
    if not isinstance(value, kind):
        return True
    if isinstance(value, bool):
        return kind is int  # true is no number of units
    if isinstance(value, int):
        return not 0 <= value <= limit
    if isinstance(value, str):
        return not (0 < len(value.strip()) <= limit and value.isprintable())
    return False


def ensure_list() -> None:
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
    ensure_list()
    _ensure_kit(actor, now)


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

    def name_in(self, language: str) -> str:
        return in_language(language, self.name_zh, self.name_en)

    def unit_in(self, language: str) -> str:
        return in_language(language, self.unit_zh, self.unit_en)


def medicine_info(m: Medicine) -> MedicineInfo:
    return MedicineInfo(
        m.id, m.code, m.name_zh, m.name_en, m.unit_zh, m.unit_en, m.min_qty, m.oral, m.prescription
    )


def medicines() -> list[MedicineInfo]:
    return [medicine_info(m) for m in Medicine.select().where(Medicine.active).order_by(Medicine.code)]


@dataclass(frozen=True)
class KitInfo:
    id: int
    name: str
    location: str


def kits() -> list[KitInfo]:
    return [KitInfo(k.id, kit_name(k), kit_place(k)) for k in Kit.select().where(Kit.active).order_by(Kit.id)]


# -- what is typed -------------------------------------------------------------------------------------


def typed_count(text: str, field: str, errors: dict[str, str], *, allow_zero: bool = False) -> int:
    t = unicodedata.normalize("NFKC", str(text or "")).strip()
    if not re.fullmatch(r"\d{1,5}", t) or (int(t) == 0 and not allow_zero):
        errors[field] = _("Type a whole number of at least {n}.").format(n=0 if allow_zero else 1)
        return 0
    return int(t)


def find_item(code: str, field: str, errors: dict[str, str]) -> Medicine | None:
    code = unicodedata.normalize("NFKC", code or "").strip().upper()
    row = Medicine.get_or_none((Medicine.code == code) & Medicine.active) if code else None
    if row is None:
        errors[field] = (
            _("{code} is not on the standard list.").format(code=code)
            if code
            else _("Pick an item of the list.")
        )
    return row


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
    *,
    language: str,
) -> MedicineInfo:
    """Add an item to the store's standard list, or change one (by its code). A prescription
    medicine is refused, and so is a change of type while a kit holds the item (docs/kit.md,
    "Prescription and oral medicine"): nothing is written then. `language` names the item
    in a refusal."""
    ensure_list()
    errors: dict[str, str] = {}
    code = a_name(code, "code", 10, errors, _("Give the item a short code, such as A11.")).upper()
    name_zh = a_name(name_zh, "name_zh", 40, errors, _("Type its Chinese name."))
    name_en = a_name(name_en, "name_en", 60, errors) or name_zh
    unit_zh = a_name(unit_zh, "unit_zh", 10, errors, _("Type the unit counted (支, 片, 盒)."))
    unit_en = a_name(unit_en, "unit_en", 20, errors) or english_unit(unit_zh)
    minimum = typed_count(min_qty, "min_qty", errors, allow_zero=True)
    row = Medicine.get_or_none(Medicine.code == code) if "code" not in errors else None
    name = in_language(language, name_zh, name_en)
    kit_types.type_errors(row, name, oral, prescription, errors, language)
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
    return medicine_info(Medicine.get_by_id(row.id))
