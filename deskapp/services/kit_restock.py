"""The restock request (药品申购; docs/kit.md, "Stock, uses and alerts"): what is below the
minimum once the stock expiring soon is discounted, and what has expired, kit by kit; as a
slip for the admin department and as a sheet."""

from __future__ import annotations

from dataclasses import dataclass

from deskapp import i18n
from deskapp.clock import DeskTime
from deskapp.i18n import N_, _
from deskapp.policy import Policy
from deskapp.rules import kit as rules
from deskapp.services.kit import kits
from deskapp.services.kit_stock import StockLine, levels


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
            to_buy = rules.to_buy(line.medicine.min_qty, line.level)
            if to_buy or line.expired:
                wanted.append(RestockLine(kit.name, line, to_buy))
    return wanted


def restock_text(policy: Policy, clock: DeskTime, lines: list[RestockLine], *, language: str) -> str:
    """The request as plain text for the admin department (the slip printer's width), items
    named in `language`."""
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
        s.pair(f"{m.code} {m.name_in(language)}", i18n.quantity(r.to_buy, m.unit_in(language)))
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


def restock_rows(policy: Policy, clock: DeskTime, *, language: str) -> list[list]:
    return [
        [
            r.kit,
            r.line.medicine.code,
            r.line.medicine.name_in(language),
            r.line.medicine.unit_in(language),
            r.line.medicine.min_qty,
            r.line.usable,
            r.line.expiring,
            r.line.expired,
            r.to_buy,
        ]
        for r in restock(policy, clock)
    ]
