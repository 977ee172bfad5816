"""A handover as plain text, to print or keep (docs/handover.md): what the paper
log says, in the reader's language; during a blind count, without the figures the
records expect."""

from __future__ import annotations

from deskapp.clock import DeskTime
from deskapp.i18n import N_, _
from deskapp.money import yuan
from deskapp.policy import Policy
from deskapp.rules.seals import seal_code
from deskapp.services import seals, shifts
from deskapp.services.handover import ENTRY_TYPES, STATES, LogInfo, log_name, service_label
from deskapp.services.handover_signing import lead_is_incoming
from deskapp.services.slips import _Slip
from deskapp.services.stock import label as kind_label


def as_text(policy: Policy, clock: DeskTime, info: LogInfo) -> str:
    """The handover as plain text, to print or keep."""
    s = _Slip(policy.slips.width)
    s.center(policy.desk.name)
    s.center(_("Shift handover"))
    s.center(f"{log_name(policy, clock, info)} · {_(STATES[info.state])}")
    s.rule("=")
    s.pair(_("From"), clock.show(info.opened_at))
    if info.started_at:
        s.pair(_("Handed over"), clock.show(info.started_at))
    blind = shifts.blind(policy, info.state, info.cash_counted_fen)
    if info.summary:
        _figures(s, info.summary, blind)
    if blind:
        s.text(_("Blind count: the money and what the records expect show once the count is saved."))
    elif info.cash_expected_fen is not None:
        _count(s, policy, info, info.cash_expected_fen)
    if info.entries:
        _entries(s, policy, clock, info, blind)
    if info.notes:
        s.rule()
        s.text(info.notes)
    _signatures(s, clock, info)
    return str(s)


def _figures(s: _Slip, f: dict, blind: bool) -> None:
    s.rule()
    s.pair(_("Loans made"), str(sum(f["loans_made"].values())))
    s.pair(_("Returned"), str(f["returned"]))
    s.pair(_("Out now / overdue"), f"{f['out_now']} / {f['overdue_now']}")
    if not blind:  # the money would give away the cash expected
        s.pair(_("Deposits taken"), f"¥{yuan(f['deposits_taken_fen'])}")
        s.pair(_("Deposits refunded"), f"¥{yuan(f['deposits_refunded_fen'])}")
        s.pair(_("Deposits kept"), f"¥{yuan(f['deposits_kept_fen'])}")
        s.pair(_("Paid beyond deposits"), f"¥{yuan(f['balances_paid_fen'])}")
        s.pair(_("Services and other money"), f"¥{yuan(sum(f['services_fen'].values()))}")
    s.pair(_("Complaints received"), str(f["complaints_received"]))
    s.pair(_("Complaints past a deadline"), str(f["complaints_overdue"]))
    s.pair(_("Callbacks due"), str(f["callbacks_due"]))
    s.pair(_("Kit uses / alerts"), f"{f['kit_uses']} / {f['kit_alerts']}")
    s.pair(_("Open promises"), str(f["open_promises"]))


def _count(s: _Slip, policy: Policy, info: LogInfo, expected_fen: int) -> None:
    s.rule()
    s.pair(_("Cash expected"), f"¥{yuan(expected_fen)}")
    if info.cash_counted_fen is not None:
        s.pair(_("Cash counted"), f"¥{yuan(info.cash_counted_fen)}")
        if info.cash_difference_fen:
            s.pair(_("Difference"), f"¥{yuan(info.cash_difference_fen)}")
            s.text(info.cash_reason)
    for kind, (expected, counted) in info.items.items():
        s.pair(kind_label(policy, kind), f"{expected} / {'' if counted is None else counted}")
    if info.item_reason:
        s.text(info.item_reason)


def _entries(s: _Slip, policy: Policy, clock: DeskTime, info: LogInfo, blind: bool) -> None:
    s.rule()
    for e in info.entries:
        head = f"{clock.local(e.at):%H:%M} {_(ENTRY_TYPES[e.type])}"
        if e.type == "cash":
            what = " · ".join(
                part
                for part in (f"{service_label(policy, e.service)} x{e.qty}" if e.service else "", e.text)
                if part
            )
            if blind:  # its amount is the shift's money (docs/handover.md, "The blind count")
                s.text(head)
            else:
                s.pair(head, f"¥{yuan(e.amount_fen or 0)}")
            if what:
                s.text(what, indent=2)
            continue
        s.text(head + (" (" + _("told in person") + ")" if e.told else ""))
        if e.promise_to:
            if e.promise_due:
                to = _("to {who}, by {when}").format(who=e.promise_to, when=clock.show(e.promise_due))
            else:
                to = _("to {who}").format(who=e.promise_to)
            s.text(to, indent=2)
        if e.text:
            s.text(e.text, indent=2)


def _signatures(s: _Slip, clock: DeskTime, info: LogInfo) -> None:
    s.rule()
    for label, who, at in (
        (N_("Outgoing"), info.outgoing, info.outgoing_at),
        (N_("Incoming"), info.incoming, info.incoming_at),
        (N_("Shift lead"), info.lead, info.lead_at),
    ):
        if who:
            s.pair(_(label), f"{who} {clock.show(at)}")
    if lead_is_incoming(info):
        s.text(_("One-person desk: the incoming clerk, a shift lead, confirmed the difference."))
    if info.hash:
        s.rule()
        s.text(_("Seal") + " " + seal_code(info.id, info.hash))
    addenda = zip(info.addenda, seals.addendum_seals(info.id), strict=False)
    for n, ((at, who, text), seal) in enumerate(addenda, 1):
        s.rule()
        s.text(_("Addendum {when}, signed by {who}:").format(when=clock.show(at), who=who))
        s.text(text)
        s.text(_("Seal") + " " + seal_code(info.id, seal, n))
    if info.hash:
        s.text(_("Check: deskapp check --seal"))
