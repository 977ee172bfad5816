"""The cut and the count (docs/handover.md).

- Starting the handover cuts the shift: the summary is built from the records since
  the previous cut (the first log: since the beginning) up to that moment and
  frozen, and the next shift's log opens at once.
- Cash: the desk should hold what the previous handover counted plus the drawer
  movements of the lending records and the log's money since the previous cut
  (rules.handover.expected_cash). The count is blind unless policy
  handover.blind_count is false. A difference must be explained; so must an item
  count that differs.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import peewee as pw

from deskapp.clock import DeskTime
from deskapp.errors import DeskError, ValidationError
from deskapp.i18n import _
from deskapp.models import CashEntry, Complaint, KitUse, Loan, LoanItem, LogEntry, ShiftLog
from deskapp.money import parse_yuan, yuan
from deskapp.policy import Policy
from deskapp.rules import handover as handover_rules
from deskapp.services import audit, handover, handover_promises, shifts, transaction
from deskapp.services.text import clean

# -- the summary --------------------------------------------------------------------------------------


def _since(log: ShiftLog) -> datetime | None:
    """Where this shift's records begin: the previous handover's cut; the desk's first
    log has no beginning, so nothing recorded before it is left out (docs/handover.md)."""
    previous = (
        ShiftLog.select()
        .where((ShiftLog.id < log.id) & ShiftLog.started_at.is_null(False))
        .order_by(-ShiftLog.id)
        .first()
    )
    return previous.started_at if previous else None


def summary(policy: Policy, clock: DeskTime, log: ShiftLog, until: datetime) -> dict[str, Any]:
    """The shift's figures from the records themselves, from its start to `until`."""
    from deskapp.services import complaint_reports, kit_stock, stock

    since = _since(log)

    def window(field: pw.Field) -> pw.Expression:  # [since, until): a cut belongs to the next log
        return (field < until) if since is None else (field >= since) & (field < until)

    money = [
        (e.service, e.amount_fen or 0)
        for e in LogEntry.select().where(LogEntry.log == log.id)
        if e.type == "cash"
    ]
    counts = complaint_reports.counts(policy, clock)
    return {
        "since": since.isoformat() if since else None,
        "until": until.isoformat(),
        **_lending(window, until),
        "services_fen": handover_rules.money_by_service(money),
        "complaints_received": Complaint.select().where(window(Complaint.received_at)).count(),
        "complaints_open": counts.open,
        "complaints_overdue": counts.overdue,
        "callbacks_due": counts.callbacks_due,
        "kit_uses": KitUse.select().where(window(KitUse.registered_at)).count(),
        "kit_alerts": len(kit_stock.alerts(policy, clock)),
        "open_promises": len(handover_promises.open_promises()),
        "items_on_hand": {lv.kind: lv.available for lv in stock.levels(policy)},
    }


def _lending(window: Callable[[pw.Field], pw.Expression], until: datetime) -> dict[str, Any]:
    """The lending records' part of the summary: loans made and closed in the window,
    what is out now, and the deposits and balances that moved the drawer."""
    lent: Iterable[Any] = (
        LoanItem.select(LoanItem.kind, pw.fn.COUNT(LoanItem.id).alias("n"))
        .join(Loan)
        .where(window(Loan.lent_at))
        .group_by(LoanItem.kind)
        .namedtuples()
    )
    closed = LoanItem.select().where(window(LoanItem.closed_at))
    sums: Iterable[Any] = (
        CashEntry.select(
            CashEntry.kind,
            pw.fn.SUM(CashEntry.amount_fen).alias("amount"),
            pw.fn.SUM(CashEntry.drawer_fen).alias("drawer"),
        )
        .where(window(CashEntry.at))
        .group_by(CashEntry.kind)
        .namedtuples()
    )
    cash = {r.kind: (r.amount, r.drawer) for r in sums}
    out = LoanItem.select().where(LoanItem.state == "out")
    return {
        "loans_made": {r.kind: r.n for r in lent},
        "returned": closed.where(LoanItem.state == "returned").count(),
        "kept_by_customers": closed.where(LoanItem.state == "kept").count(),
        "out_now": out.count(),
        "overdue_now": out.where(LoanItem.due_at < until).count(),
        "deposits_taken_fen": cash.get("deposit_taken", (0, 0))[0] or 0,
        "deposits_refunded_fen": cash.get("deposit_refunded", (0, 0))[0] or 0,
        "deposits_kept_fen": cash.get("deposit_kept", (0, 0))[0] or 0,
        "balances_paid_fen": cash.get("balance_paid", (0, 0))[0] or 0,
        "fees_fen": sum(r.charge_fen or 0 for r in closed.where(LoanItem.state == "returned")),
        "lending_drawer_fen": sum((drawer or 0) for _amount, drawer in cash.values()),
    }


def expected_cash(log: ShiftLog, figures: dict[str, Any]) -> int:
    return handover_rules.expected_cash(
        log.cash_opening_fen, figures["lending_drawer_fen"], figures["services_fen"]
    )


# -- the handover -------------------------------------------------------------------------------------


@transaction
def start(actor: audit.Actor, policy: Policy, clock: DeskTime) -> handover.LogInfo:
    """Cut the shift: freeze its summary and open the next shift's log."""
    if ShiftLog.select().where(ShiftLog.state == "counting").exists():
        raise DeskError(_("A handover is already under way; finish signing it first."))
    log, now = handover.open_log(policy, clock), clock.now()
    figures = summary(policy, clock, log, now)
    items = {kind: [n, None] for kind, n in figures["items_on_hand"].items()}
    ShiftLog.update(
        state="counting",
        started_at=now,
        summary=json.dumps(figures, sort_keys=True),
        cash_expected_fen=expected_cash(log, figures),
        items=json.dumps(items),
    ).where(ShiftLog.id == log.id).execute()
    ShiftLog.create(shift=shifts.next_shift(policy, log.shift), opened_at=now)
    audit.record(
        actor,
        "handover.start",
        "shift_log",
        log.id,
        now,
        after={"expected": yuan(expected_cash(log, figures))},
    )
    return handover.get(log.id)


def counting(log_id: int) -> ShiftLog:
    """The handover being counted and signed; refused once signed or before its start."""
    log = ShiftLog.get_or_none(ShiftLog.id == log_id)
    if log is None:
        raise DeskError(_("There is no such handover."))
    if log.state == "signed":
        raise DeskError(_("This handover is signed and can no longer change; add a signed addendum instead."))
    if log.state != "counting":
        raise DeskError(_("Start the handover first."))
    return log


@transaction
def save_counts(
    actor: audit.Actor,
    clock: DeskTime,
    log_id: int,
    cash_counted: str,
    cash_reason: str,
    counted: dict[str, str],
    item_reason: str,
    notes: str,
    *,
    blind: bool = False,
) -> handover.LogInfo:
    """What staff counted (cash, items on hand) and their notes, until the outgoing signs.
    `blind` (policy handover.blind_count): the first count is saved as counted, and why it
    differs is asked once the figures are shown (docs/handover.md, "The blind count")."""
    log = counting(log_id)
    if log.outgoing_id:
        raise DeskError(_("The outgoing staff member has signed; the counts can no longer change."))
    errors: dict[str, str] = {}
    fen = parse_yuan(cash_counted)
    if fen is None:
        errors["cash_counted"] = _("Type the cash counted in yuan, such as 1250 or 1250.50.")
    cash_reason = clean(cash_reason, "cash_reason", 200, errors)
    items = json.loads(log.items or "{}")
    for kind in items:
        t = unicodedata.normalize("NFKC", counted.get(kind, "") or "").strip()
        if not t.isdigit():
            errors[f"count_{kind}"] = _("Type how many you counted (0 or more).")
        else:
            items[kind][1] = int(t)
    item_reason = clean(item_reason, "item_reason", 200, errors)
    notes = clean(notes, "notes", handover.TEXT_MAX, errors)
    if not errors and not (blind and log.cash_counted_fen is None):
        errors = _reasons(log.cash_expected_fen, fen, items, cash_reason, item_reason)
    if errors or fen is None:  # a cash count that is not an amount is among the errors
        raise ValidationError(errors)
    ShiftLog.update(
        cash_counted_fen=fen,
        cash_reason=cash_reason,
        items=json.dumps(items),
        item_reason=item_reason,
        notes=notes,
    ).where(ShiftLog.id == log.id).execute()
    # The next shift starts with the cash counted now.
    ShiftLog.update(cash_opening_fen=fen).where((ShiftLog.id > log.id) & (ShiftLog.state == "open")).execute()
    audit.record(
        actor,
        "handover.count",
        "shift_log",
        log.id,
        clock.now(),
        after={
            "counted": yuan(fen),
            "expected": yuan(log.cash_expected_fen or 0),  # set when the handover started
            "reason": cash_reason,
            "items": items,
        },
    )
    return handover.get(log.id)


def _reasons(
    expected: int | None,
    counted: int | None,
    items: dict[str, list[int | None]],
    cash_reason: str,
    item_reason: str,
) -> dict[str, str]:
    """Why-it-differs fields still empty for a count that differs from the records."""
    missing = {}
    unexplained = handover_rules.unexplained(expected, counted, items, cash_reason, item_reason)
    diff = handover_rules.cash_difference(expected, counted)
    if "cash_reason" in unexplained and diff is not None:
        missing["cash_reason"] = _("The cash differs from the records by ¥{diff}: say why.").format(
            diff=yuan(diff)
        )
    if "item_reason" in unexplained:
        missing["item_reason"] = _("The items counted differ from the records: say why.")
    return missing


def reasons_missing(info: handover.LogInfo) -> dict[str, str]:
    """{field: message} for each difference of a saved count not yet explained."""
    return _reasons(
        info.cash_expected_fen, info.cash_counted_fen, info.items, info.cash_reason, info.item_reason
    )
