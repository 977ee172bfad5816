"""Returning umbrellas, strollers and wheelchairs (the rule book: docs/lending.md): finding
what a tag or slip has out, the settlement previewed and then recorded with its money, and
the loans of a capped kind that became the customer's. The arithmetic is
deskapp/rules/lending.py; this module applies it to the records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import cast

import peewee as pw

from deskapp import i18n
from deskapp.clock import DeskTime
from deskapp.db import write_transaction
from deskapp.errors import DeskError, ValidationError
from deskapp.i18n import _
from deskapp.models import CashEntry, Item, Loan, LoanItem
from deskapp.money import parse_yuan, too_large, yuan
from deskapp.policy import Policy
from deskapp.policy_types import SecuritySettings
from deskapp.rules.lending import CONDITIONS, ITEM_AFTER, ReturnPreview, Settlement, kept_on, settle
from deskapp.services import audit, staff, transaction
from deskapp.services.lending import TEXT_MAX, loan_id_of, slip_no
from deskapp.services.settlement import terms
from deskapp.services.stock import STATUS_LABELS, normalize_tag
from deskapp.services.text import clean


@dataclass(frozen=True)
class OpenLine:
    id: int
    tag: str
    kind: str
    deposit_fen: int
    due_at: datetime


@dataclass(frozen=True)
class ReturnCase:
    """The loan a tag or slip number found, with its items still out."""

    loan_id: int
    slip_no: str
    borrower: str
    phone: str  # in full: shown through privacy.shown
    lent_at: datetime
    lines: list[OpenLine]

    @property
    def deposit_fen(self) -> int:
        return sum(line.deposit_fen for line in self.lines)


def _nothing_out(loan_id: int, slip: str) -> str:
    """Why a slip has nothing left to return: returned, or kept by the customer."""
    states = {
        r.item.tag: r.state
        for r in LoanItem.select(LoanItem, Item.tag)
        .join(Item)
        .where(LoanItem.loan == loan_id)
        .order_by(LoanItem.id)
    }
    kept = [tag for tag, state in states.items() if state == "kept"]
    if not kept:
        return _("Everything on slip {slip} has been returned.").format(slip=slip)
    return _(
        "Nothing on slip {slip} is out: {tags} became the customer's when the overdue fee "
        "passed the deposit (the deposit was kept)."
    ).format(slip=slip, tags=i18n.join(kept))


def find_for_return(query: str) -> ReturnCase:
    """A tag (that item) or a slip number (all its items still out)."""
    text = normalize_tag(query)
    if not text:
        raise DeskError(_("Scan or type a tag or slip number."), "query")
    base = (
        LoanItem.select(LoanItem, Item.tag)
        .join(Item)
        .switch(LoanItem)
        .where(LoanItem.state == "out")
        .order_by(LoanItem.id)
    )
    loan_id = loan_id_of(text)
    if loan_id is not None:
        lines = list(base.where(LoanItem.loan == loan_id))
        if not lines:
            if Loan.get_or_none(Loan.id == loan_id) is None:
                raise DeskError(_("There is no slip {slip}.").format(slip=text), "query")
            raise DeskError(_nothing_out(loan_id, text), "query")
    else:
        lines = list(base.where(Item.tag == text))
        if not lines:
            item = Item.get_or_none(Item.tag == text)
            if item is None:
                raise DeskError(_("No item or slip is called {text}.").format(text=text), "query")
            raise DeskError(
                _("{tag} is not out on loan (it is {state}).").format(
                    tag=text, state=_(STATUS_LABELS.get(item.status, item.status))
                ),
                "query",
            )
    loan = Loan.get_by_id(lines[0].loan_id)
    return ReturnCase(
        loan.id,
        slip_no(loan.id),
        loan.borrower,
        loan.phone,
        loan.lent_at,
        [OpenLine(r.id, r.item.tag, r.kind, r.deposit_fen, r.due_at) for r in lines],
    )


def parse_compensation(policy: Policy, condition: str, text: str) -> int | None:
    """The assessed compensation as typed (damage only; empty: none)."""
    if condition != "damaged" or not (text or "").strip():
        return None
    fen = parse_yuan(text)
    if fen is None:
        raise ValidationError({"compensation": _("Type an amount in yuan, such as 35 or 35.50.")})
    if problem := too_large(fen, policy.desk.largest_amount_fen):
        raise ValidationError({"compensation": problem})
    return fen


PerItem = str | Mapping[int, str]  # one value for every item, or one per item (by line id)


def each_item(case: ReturnCase, value: PerItem, default: str = "") -> dict[int, str]:
    """`value` for every line of `case`: the same for all, or as given per line."""
    if isinstance(value, str):
        return {line.id: value for line in case.lines}
    return {line.id: value.get(line.id, default) for line in case.lines}


def preview(
    policy: Policy, clock: DeskTime, case: ReturnCase, condition: PerItem, compensation: PerItem = ""
) -> ReturnPreview:
    """The settlement if the case's items came back now, each in its condition and with
    its assessed compensation (docs/counter.md, "Return"); nothing is saved."""
    conditions, compensations = each_item(case, condition, "intact"), each_item(case, compensation)
    today = clock.today()
    return ReturnPreview(
        [
            settle(
                terms(policy, line.kind),
                line.deposit_fen,
                clock.local(line.due_at).date(),
                today,
                conditions[line.id],
                parse_compensation(policy, conditions[line.id], compensations[line.id]),
            )
            for line in case.lines
        ]
    )


@dataclass(frozen=True)
class ReturnResult:
    loan_id: int
    slip_no: str
    tags: list[str]
    preview: ReturnPreview


def return_items(
    actor: audit.Actor,
    policy: Policy,
    security: SecuritySettings,
    clock: DeskTime,
    line_ids: list[int],
    condition: PerItem,
    compensation: PerItem = "",
    reason: str = "",
    lead: str = "",
    lead_pin: str = "",
) -> ReturnResult:
    """Settle the given items of one loan in one transaction, each in its condition
    (one for all, or one per line id) with its own assessed compensation.

    A charge below the default (an assessed compensation smaller than the
    forfeit) needs `reason` and a shift lead's name and PIN; the PIN is checked
    first, in its own transaction, so wrong PINs count even though nothing is
    returned.
    """
    conditions = [condition] if isinstance(condition, str) else list(condition.values())
    if not conditions or any(c not in CONDITIONS for c in conditions):
        raise ValidationError({"condition": _("Choose the condition: 1 intact, 2 dirty, 3 damaged, 4 lost.")})
    errors: dict[str, str] = {}
    reason = clean(reason, "reason", TEXT_MAX, errors, one_line=True)
    if errors:
        raise ValidationError(errors)
    # An umbrella whose fee passed its deposit is the customer's from that day, even when the
    # desk's quarter-hourly check has not closed it yet (docs/lending.md, "Settlement" rule 2).
    close_kept(policy, clock)
    now = clock.now()
    result = preview(policy, clock, _case_of(line_ids), condition, compensation)
    approver = None
    if result.needs_approval:
        if not reason:
            raise ValidationError({"reason": _("Say why the charge is lower than the default.")})
        if not lead.strip():
            raise ValidationError({"lead": _("A shift lead confirms a lower charge: their name and PIN.")})
        approver = staff.approve(lead, lead_pin, security, now, actor.source)

    with write_transaction():
        case = _case_of(line_ids)  # again, inside the write lock: another desk may have been first
        # Dated inside the lock, so a handover cut by another desk meanwhile cannot fall
        # between this return's time and its commit (docs/handover.md, "What a log covers").
        now = clock.now()
        result = preview(policy, clock, case, condition, compensation)
        for line, s in zip(case.lines, result.settlements, strict=True):
            _close(
                actor,
                line,
                s,
                "returned",
                now,
                item_status=ITEM_AFTER[s.condition],
                reason=reason if s.is_reduction else None,
                approver=approver.id if approver and s.is_reduction else None,
            )
    return ReturnResult(case.loan_id, case.slip_no, [line.tag for line in case.lines], result)


def _case_of(line_ids: list[int]) -> ReturnCase:
    rows = list(
        LoanItem.select(LoanItem, Item.tag)
        .join(Item)
        .where(cast("pw.Field[int]", LoanItem.id).in_(line_ids))
        .order_by(LoanItem.id)
    )
    if not rows or len(rows) != len(set(line_ids)) or len({r.loan_id for r in rows}) != 1:
        raise DeskError(_("These items are not one loan; scan the tag or slip again."), "query")
    kept = [r.item.tag for r in rows if r.state == "kept"]
    if kept:
        raise DeskError(
            _(
                "{tags} became the customer's when the overdue fee passed the deposit "
                "(the deposit was kept); nothing to return."
            ).format(tags=i18n.join(kept)),
            "query",
        )
    done = [r.item.tag for r in rows if r.state != "out"]
    if done:
        raise DeskError(
            _("{tags} was already returned (at this or another desk).").format(tags=i18n.join(done)), "query"
        )
    loan = Loan.get_by_id(rows[0].loan_id)
    return ReturnCase(
        loan.id,
        slip_no(loan.id),
        loan.borrower,
        loan.phone,
        loan.lent_at,
        [OpenLine(r.id, r.item.tag, r.kind, r.deposit_fen, r.due_at) for r in rows],
    )


def _close(
    actor: audit.Actor,
    line: OpenLine,
    s: Settlement,
    state: str,
    at: datetime,
    *,
    item_status: str,
    reason: str | None = None,
    approver: int | None = None,
    recorded_at: datetime | None = None,
) -> None:
    """Close one item of a loan, returned or kept, with its figures, its money and its audit line."""
    changed = (
        LoanItem.update(
            state=state,
            closed_at=at,
            closed_by=actor.staff_id,
            condition=s.condition if state == "returned" else None,
            days_late=s.days_late,
            fee_fen=s.fee_fen,
            charge_fen=s.charge_fen,
            refund_fen=s.refund_fen,
            owed_fen=s.owed_fen,
            compensation_fen=s.compensation_fen,
            reduction_reason=reason,
            approved_by=approver,
        )
        .where((LoanItem.id == line.id) & (LoanItem.state == "out"))
        .execute()
    )
    if not changed:
        raise DeskError(
            _("{tags} was already returned (at this or another desk).").format(tags=line.tag), "query"
        )
    Item.update(status=item_status).where(Item.tag == line.tag).execute()
    # Money is dated when recorded: a kept deposit found late goes in the open log.
    _cash(actor, line, s, recorded_at or at)
    audit.record(
        actor,
        "loan.kept" if state == "kept" else "loan.return",
        "loan_item",
        line.id,
        recorded_at or at,
        before={"state": "out"},
        after={
            "state": state,
            "tag": line.tag,
            "condition": s.condition,
            "days_late": s.days_late,
            "fee": yuan(s.fee_fen),
            "charge": yuan(s.charge_fen),
            "refund": yuan(s.refund_fen),
            "owed": yuan(s.owed_fen),
            "reason": reason,
            "approved_by": approver,
        },
    )


def _cash(actor: audit.Actor, line: OpenLine, s: Settlement, at: datetime) -> None:
    """The drawer entries of one settled item (docs/lending.md, "Records"): the deposit
    given back, the part of it kept, and what the customer paid beyond it."""
    for kind, amount, drawer in (
        ("deposit_refunded", s.refund_fen, -s.refund_fen),
        ("deposit_kept", s.kept_fen, 0),
        ("balance_paid", s.owed_fen, s.owed_fen),
    ):
        if amount:
            CashEntry.create(
                at=at,
                staff=actor.staff_id,
                loan_item=line.id,
                kind=kind,
                amount_fen=amount,
                drawer_fen=drawer,
            )


@transaction
def close_kept(policy: Policy, clock: DeskTime) -> int:
    """Close every loan of a capped kind whose fee now exceeds its deposit: the
    deposit is kept and the item is the customer's (docs/lending.md, "Settlement" rule 2).
    The record is dated the day that happened, even when this runs later."""
    capped = [k for k, rules in policy.kinds.items() if rules.fee_capped_at_deposit]
    if not capped:
        return 0
    today = clock.today()
    rows = (
        LoanItem.select(LoanItem, Item.tag)
        .join(Item)
        .where(
            (LoanItem.state == "out")
            & LoanItem.kind.in_(capped)
            & (LoanItem.due_at < clock.now() - timedelta(days=1))
        )
    )
    closed = 0
    for row in rows:
        kind_terms = terms(policy, row.kind)
        due = clock.local(row.due_at).date()
        day = kept_on(kind_terms, row.deposit_fen, due)
        if day is None or day > today:
            continue
        s = settle(kind_terms, row.deposit_fen, due, day, "intact")
        at = datetime.combine(day, time(0, 0), tzinfo=clock.zone).astimezone(timezone.utc)
        _close(
            audit.SYSTEM,
            OpenLine(row.id, row.item.tag, row.kind, row.deposit_fen, row.due_at),
            s,
            "kept",
            at,
            item_status="kept",
            recorded_at=clock.now(),
        )
        closed += 1
    return closed
