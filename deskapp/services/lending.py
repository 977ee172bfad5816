"""Lending umbrellas, strollers and wheelchairs (the rule book: docs/lending.md): the quote
(the tags, the deposit, when each is due, the limit per customer) and the record of a loan
with its deposits. Returns are services/returns.py; the lists and a loan's page read
through services/loan_lists.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import cast

import peewee as pw

from deskapp.clock import DeskTime
from deskapp.errors import ValidationError
from deskapp.i18n import _, ngettext
from deskapp.models import CashEntry, Item, Loan, LoanItem, NameGram
from deskapp.policy import Policy
from deskapp.rules.lending import due_at, past_limit
from deskapp.services import audit, pairs, transaction
from deskapp.services.contact import id_problem, normalize_id, normalize_phone, phone_problem
from deskapp.services.privacy import shown
from deskapp.services.settlement import closing_time
from deskapp.services.stock import STATUS_LABELS, label, normalize_tag, split_tags
from deskapp.services.text import clean

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
    # (kind, count) rows, which the peewee stubs type as the model's.
    return dict(cast("Iterable[tuple[str, int]]", q.tuples()))


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
    now, closing = clock.now(), closing_time(policy)
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
                    due_at(now, policy.kinds[row.kind].term_days, closing, clock.zone),
                )
            )
    phone = normalize_phone(phone)
    if not problems and phone and not phone_problem(phone):
        limits = {kind: rules.limit_per_phone for kind, rules in policy.kinds.items()}
        for kind, out, asked in past_limit([line.kind for line in lines], _open_by_phone(phone), limits):
            problems.append(_over_limit(policy, phone, kind, out, asked))
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


@dataclass(frozen=True)
class Borrower:
    """Who borrows, as typed and checked."""

    name: str
    phone: str
    id_number: str
    note: str


def _borrower(borrower: str, phone: str, id_number: str, note: str, errors: dict[str, str]) -> Borrower:
    """The borrower's details cleaned, with each problem put in `errors` by field."""
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
    return Borrower(borrower, phone, id_number, note)


def _take(actor: audit.Actor, loan: Loan, line: QuoteLine, now: datetime) -> None:
    """One item of the loan out of stock, and its deposit into the drawer."""
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
        offer: Quote | None = quote(policy, clock, tags, phone)
    except ValidationError as error:
        errors.update(error.errors)
        offer = None
    who = _borrower(borrower, phone, id_number, note, errors)
    if errors or offer is None:
        raise ValidationError(errors)

    now = clock.now()
    loan = Loan.create(
        lent_at=now,
        lent_by=actor.staff_id,
        borrower=who.name,
        phone=who.phone,
        phone_last4=who.phone[-4:],
        id_number=who.id_number,
        note=who.note,
    )
    pairs.write(NameGram, NameGram.loan, loan.id, who.name)
    for line in offer.lines:
        _take(actor, loan, line, now)
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
            "borrower": who.name,
            "phone": shown(who.phone),
        },
    )
    return LoanInfo(loan.id, slip_no(loan.id), now, offer.deposit_fen, offer.lines)
