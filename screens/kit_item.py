"""The form of an item of the kit's standard list (F6: m changes the selected item,
a adds one). What an item may be is the service's rule (docs/kit.md, "Prescription
and oral medicine"); a refusal shows beside its tick, and the form keeps what was typed."""

from __future__ import annotations

from deskapp import i18n
from deskapp.i18n import _
from deskapp.screens.steps import Ask, StepForm
from deskapp.services import audit, kit
from deskapp.services.kit import MedicineInfo


def item_form(actor: audit.Actor, desk, m: MedicineInfo | None) -> StepForm:
    asks = [
        Ask("code", _("Code"), value=m.code if m else "", max_length=10),
        Ask("name_zh", _("Chinese name"), value=m.name_zh if m else "", max_length=40),
        Ask("name_en", _("English name"), value=m.name_en if m else "", max_length=60),
        Ask("unit_zh", _("Unit"), value=m.unit_zh if m else "", max_length=10),
        Ask(
            "unit_en",
            _("English unit"),
            value=m.unit_en if m else "",
            max_length=20,
            placeholder=_("empty: pcs, rolls… from the unit"),
        ),
        Ask("min_qty", _("Minimum"), value=str(m.min_qty) if m else "", max_length=5),
        Ask("oral", _("Oral"), "tick", value=m.oral if m else False),
        Ask("prescription", _("Prescription"), "tick", value=m.prescription if m else False),
    ]
    return StepForm(
        _("Standard list item"),
        asks,
        lambda a: kit.save_medicine(actor, desk.time.now(), **a, language=i18n.language()),
        hint=_("Never prescription medicine; ticks are fixed while the kit holds it."),
    )
