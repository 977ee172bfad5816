"""Lending and returning umbrellas, strollers and wheelchairs (the rule book: docs/lending.md):
the records of loans and returns, with the rules of settlement.py applied to them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

import peewee as pw

from deskapp import i18n
from deskapp.clock import DeskTime
from deskapp.db import write_transaction
from deskapp.errors import DeskError, ValidationError
from deskapp.i18n import _, ngettext
from deskapp.models import CashEntry, Item, Loan, LoanItem, NameGram
from deskapp.money import parse_yuan, too_large, yuan
from deskapp.policy import Policy
from deskapp.policy_types import SecuritySettings
from deskapp.services import audit, pairs, staff, transaction
from deskapp.services.contact import id_problem, normalize_id, normalize_phone, phone_problem
from deskapp.services.privacy import shown
from deskapp.services.settlement import CONDITIONS, Settlement, due_at, kept_on, settle
from deskapp.services.stock import STATUS_LABELS, label, normalize_tag, split_tags
from deskapp.services.text import clean

# Where the item goes after a return in that condition.
ITEM_AFTER = {"intact": "available", "dirty": "available", "damaged": "repair", "lost": "lost"}
NAME_MAX = 40
TEXT_MAX = 200
SLIP = re.compile(r"L(\d{7})")


def slip_no(loan_id: int) -> str:
    """The number on the slip the customer keeps, and on its barcode."""
    return f"L{loan_id:07d}"


def loan_id_of(slip: str) -> int | None:
    m = SLIP.fullmatch(normalize_tag(slip))
    return int(m.group(1)) if m else None


# -- lending ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteLine:
    item_id: int
    tag: str
    kind: str
    deposit_fen: int
    due_at: datetime


@dataclass(frozen=True)
class Quote:
    """What a loan of these tags takes: the deposit to collect and when each is due."""

    lines: list[QuoteLine]

    @property
    def deposit_fen(self) -> int:
        return sum(line.deposit_fen for line in self.lines)


def _open_by_phone(phone: str) -> dict[str, int]:
    q = (
        LoanItem.select(LoanItem.kind, pw.fn.COUNT(LoanItem.id).alias("n"))
        .join(Loan)
        .where((Loan.phone == phone) & (LoanItem.state == "out"))
        .group_by(LoanItem.kind)
    )
    return {r.kind: r.n for r in q.namedtuples()}


def _over_limit(policy: Policy, phone: str, kind: str, out: int, asked: int) -> str:
    """The refusal for a customer over the limit, saying what is true (docs/lending.md,
    "The limit per customer"): the items already out on their slips, and this loan's."""
    limit, name = policy.kinds[kind].limit_per_phone, label(policy, kind)
    if out:
        return ngettext(
            "{phone} already has {kind} × {out} out and this loan asks for {asked} more; "
            "the limit is {n} per customer.",
            "{phone} already has {kind} × {out} out and this loan asks for {asked} more; "
            "the limit is {n} per customer.",
            limit,
        ).format(phone=shown(phone, policy.privacy.mask), out=out, kind=name, asked=asked, n=limit)
    return ngettext(
        "This loan asks for {kind} × {asked}; the limit is {n} per customer.",
        "This loan asks for {kind} × {asked}; the limit is {n} per customer.",
        limit,
    ).format(asked=asked, kind=name, n=limit)


def quote(policy: Policy, clock: DeskTime, tags: list[str] | str, phone: str = "") -> Quote:
    """Check the tags (and the per-customer limit when a phone is given); raise
    a ValidationError on "tags" with every reason, else the deposit and due times."""
    wanted = split_tags(tags) if isinstance(tags, str) else [normalize_tag(t) for t in tags]
    if not wanted:
        raise ValidationError({"tags": _("Type or scan the tag of each item.")})
    rows = {r.tag: r for r in Item.select().where(Item.tag.in_(wanted))}
    problems, lines = [], []
    now = clock.now()
    for tag in wanted:
        row = rows.get(tag)
        if row is None:
            problems.append(_("{tag} is not a tag of ours.").format(tag=tag))
        elif row.status != "available":
            problems.append(
                _("{tag} is {state}, not available.").format(
                    tag=tag, state=_(STATUS_LABELS.get(row.status, row.status))
                )
            )
        elif row.kind not in policy.kinds:
            problems.append(
                _("{tag} is a {kind}, which the policy no longer lends.").format(tag=tag, kind=row.kind)
            )
        else:
            lines.append(
                QuoteLine(
                    row.id,
                    tag,
                    row.kind,
                    policy.kinds[row.kind].deposit_fen,
                    due_at(policy, row.kind, now, clock),
                )
            )
    phone = normalize_phone(phone)
    if not problems and phone and not phone_problem(phone):
        out = _open_by_phone(phone)
        for kind in dict.fromkeys(line.kind for line in lines):
            limit = policy.kinds[kind].limit_per_phone
            asked = sum(1 for line in lines if line.kind == kind)
            if limit and out.get(kind, 0) + asked > limit:
                problems.append(_over_limit(policy, phone, kind, out.get(kind, 0), asked))
    if problems:
        raise ValidationError({"tags": " ".join(problems)})
    return Quote(lines)


@dataclass(frozen=True)
class LoanInfo:
    id: int
    slip_no: str
    lent_at: datetime
    deposit_fen: int
    lines: list[QuoteLine]


@transaction
def lend(
    actor: audit.Actor,
    policy: Policy,
    clock: DeskTime,
    tags: list[str] | str,
    borrower: str,
    phone: str,
    id_number: str = "",
    note: str = "",
) -> LoanInfo:
    """Record a loan, its items and the deposits taken, in one transaction."""
    errors: dict[str, str] = {}
    try:
        offer = quote(policy, clock, tags, phone)
    except ValidationError as error:
        errors.update(error.errors)
        offer = None
    borrower = clean(borrower, "borrower", NAME_MAX, errors, one_line=True, name=True)
    if not borrower and "borrower" not in errors:
        errors["borrower"] = _("Type the borrower's name.")
    phone = normalize_phone(phone)
    if problem := phone_problem(phone):
        errors["phone"] = problem
    id_number = normalize_id(id_number)
    if problem := id_problem(id_number):
        errors["id_number"] = problem
    note = clean(note, "note", TEXT_MAX, errors, one_line=True)
    if errors or offer is None:
        raise ValidationError(errors)

    now = clock.now()
    loan = Loan.create(
        lent_at=now,
        lent_by=actor.staff_id,
        borrower=borrower,
        phone=phone,
        phone_last4=phone[-4:],
        id_number=id_number,
        note=note,
    )
    pairs.write(NameGram, NameGram.loan, loan.id, borrower)
    for line in offer.lines:
        taken = (
            Item.update(status="on_loan")
            .where((Item.id == line.item_id) & (Item.status == "available"))
            .execute()
        )
        if not taken:  # lent at another desk between the quote and now
            raise ValidationError({"tags": _("{tag} was just lent at another desk.").format(tag=line.tag)})
        entry = LoanItem.create(
            loan=loan, item=line.item_id, kind=line.kind, deposit_fen=line.deposit_fen, due_at=line.due_at
        )
        CashEntry.create(
            at=now,
            staff=actor.staff_id,
            loan_item=entry,
            kind="deposit_taken",
            amount_fen=line.deposit_fen,
            drawer_fen=line.deposit_fen,
        )
    audit.record(
        actor,
        "loan.lend",
        "loan",
        loan.id,
        now,
        after={
            "slip": slip_no(loan.id),
            "tags": [line.tag for line in offer.lines],
            "deposit_fen": offer.deposit_fen,
            "borrower": borrower,
            "phone": shown(phone),
        },
    )
    return LoanInfo(loan.id, slip_no(loan.id), now, offer.deposit_fen, offer.lines)


# -- returning ------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class ReturnPreview:
    settlements: list[Settlement]

    @property
    def refund_fen(self) -> int:
        return sum(s.refund_fen for s in self.settlements)

    @property
    def owed_fen(self) -> int:
        return sum(s.owed_fen for s in self.settlements)

    @property
    def charge_fen(self) -> int:
        return sum(s.charge_fen for s in self.settlements)

    @property
    def net_fen(self) -> int:
        """What the counter hands over: given back when positive, collected when negative
        (docs/lending.md, "Settlement": each item settles on its own, the counter nets them)."""
        return self.refund_fen - self.owed_fen

    @property
    def needs_approval(self) -> bool:
        return any(s.is_reduction for s in self.settlements)


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
                policy.kinds[line.kind],
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
        LoanItem.select(LoanItem, Item.tag).join(Item).where(LoanItem.id.in_(line_ids)).order_by(LoanItem.id)
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
    for kind, amount, drawer in (
        ("deposit_refunded", s.refund_fen, -s.refund_fen),
        ("deposit_kept", s.kept_fen, 0),
        ("balance_paid", s.owed_fen, s.owed_fen),
    ):
        if amount:  # money is dated when recorded: a kept deposit found late goes in the open log
            CashEntry.create(
                at=recorded_at or at,
                staff=actor.staff_id,
                loan_item=line.id,
                kind=kind,
                amount_fen=amount,
                drawer_fen=drawer,
            )
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
        rules = policy.kinds[row.kind]
        due = clock.local(row.due_at).date()
        day = kept_on(rules, row.deposit_fen, due)
        if day is None or day > today:
            continue
        s = settle(rules, row.deposit_fen, due, day, "intact")
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
