"""The kit's forms on F6 (docs/kit.md): u registers a use (《用药登记表》), r receives stock,
c records a check, k adds a kit. The list item's form is screens/kit_item.py."""

from __future__ import annotations

from deskapp import i18n
from deskapp.desk import Desk
from deskapp.i18n import _
from deskapp.screens.steps import Ask, StepForm
from deskapp.services import audit, kit, kit_checks, kit_register, kit_stock
from deskapp.services.kit import LINE_MAX
from deskapp.services.kit_register import PERSON_TYPES, USE_ITEMS, WHAT

Picks = list[tuple[str, str]]


def use_form(actor: audit.Actor, desk: Desk, kit_id: int, picks: Picks) -> StepForm:
    asks = [
        Ask("happened", _("When"), placeholder=_("empty: now; 14:30; 11-24 14:30")),
        Ask(
            "person_type",
            _("Person"),
            "pick",
            [(_(v), k) for k, v in PERSON_TYPES.items()],
            value="customer",
        ),
        Ask("person_name", _("Name"), max_length=40),
        Ask(
            "contact",
            _("Contact / dept."),
            placeholder=_("phone, or department / company"),
            max_length=60,
        ),
        Ask("what", _("What happened"), "pick", [(_(v), k) for k, v in WHAT.items()], value="minor_injury"),
        Ask("what_text", _("Details"), max_length=LINE_MAX),
    ]
    for n in range(1, USE_ITEMS + 1):
        asks += [
            Ask(f"item{n}", _("Item {n}").format(n=n), "pick", picks),
            Ask(f"qty{n}", _("Quantity {n}").format(n=n), max_length=5),
        ]
    asks += [
        Ask("disinfection", _("Disinfection"), "tick"),
        Ask("bandaging", _("Bandaging"), "tick"),
        Ask("help_other", _("Other help"), max_length=LINE_MAX),
        Ask("called_120", _("Called 120"), "tick"),
        Ask("called_120_at", _("120 called at"), placeholder=_("empty: now")),
        Ask("refused", _("Refused treatment"), "tick"),
        Ask("note", _("Note"), max_length=LINE_MAX),
    ]

    def save(a: dict) -> kit_register.UseInfo:
        items = [(a.pop(f"item{n}"), a.pop(f"qty{n}")) for n in range(1, USE_ITEMS + 1)]
        return kit_register.register_use(actor, desk.time, kit_id, items=items, **a, language=i18n.language())

    return StepForm(
        _("Register a use"),
        asks,
        save,
        hint=_("Stock falls by what is used, the earliest expiry first."),
    )


def receive_form(actor: audit.Actor, desk: Desk, kit_id: int, picks: Picks, code: str | None) -> StepForm:
    asks = [
        Ask("code", _("Item"), "pick", picks, value=code),
        Ask("qty", _("Quantity"), max_length=5),
        Ask("expiry", _("Expiry"), placeholder=_("as printed: 2027-03, 20270331, 0331")),
        Ask("batch_no", _("Batch"), max_length=40),
        Ask("lead", _("Shift lead"), placeholder=_("oral medicines only")),
        Ask("lead_pin", _("Lead's PIN"), "pin", max_length=desk.policy.security.pin_max_length),
    ]

    def save(a: dict) -> kit_stock.BatchInfo:
        return kit_stock.receive(
            actor,
            desk.policy,
            desk.policy.security,
            desk.time,
            kit_id,
            a["code"],
            a["qty"],
            a["batch_no"],
            a["expiry"],
            a["lead"],
            a["lead_pin"],
            language=i18n.language(),
        )

    return StepForm(
        _("Receive stock"),
        asks,
        save,
        hint=_("Never prescription medicines; an oral one only when a shift lead confirms."),
    )


def check_form(actor: audit.Actor, desk: Desk, kit_id: int) -> StepForm:
    asks = [
        Ask("matches_list", _("Matches the list"), "tick", value=True),
        Ask("sealed", _("Seal intact"), "tick", value=True),
        Ask("clean_dry", _("Clean and dry"), "tick", value=True),
        Ask("note", _("Note"), max_length=LINE_MAX),
    ]
    return StepForm(
        _("Kit check"),
        asks,
        lambda a: kit_checks.record_check(
            actor, desk.time, kit_id, a["matches_list"], a["sealed"], a["clean_dry"], a["note"]
        ),
    )


def kit_form(actor: audit.Actor, desk: Desk) -> StepForm:
    asks = [Ask("name", _("Kit name"), max_length=40), Ask("location", _("Kept at"), max_length=100)]
    return StepForm(
        _("Add a kit"), asks, lambda a: kit.add_kit(actor, a["name"], a["location"], desk.time.now())
    )
