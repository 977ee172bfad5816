"""Loan lists (out now, overdue, history), one loan in full, and export rows.

Lists are pages: a query with LIMIT/OFFSET on an index, never a whole table,
so they open at once with a million past loans. List rows carry the phone in
full and the screen masks it; export rows come masked unless asked otherwise
(docs/records.md, "Privacy"); `detail` shows them in full.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

import peewee as pw

from deskapp.clock import DeskTime
from deskapp.errors import DeskError
from deskapp.i18n import N_, _
from deskapp.models import Item, Loan, LoanItem, NameGram, Staff
from deskapp.rules.lending import days_late
from deskapp.services import pairs
from deskapp.services.contact import normalize_phone
from deskapp.services.lending import loan_id_of, slip_no
from deskapp.services.privacy import shown, shown_id
from deskapp.services.stock import normalize_tag
from deskapp.services.text import searched

VIEWS = ("out", "overdue", "history")
VIEW_LABELS = {"out": N_("Out now"), "overdue": N_("Overdue"), "history": N_("History")}
# The id column (the model types `id` as a row's int, for the type checker: deskapp/models/base.py).
_ID = cast("pw.Field[int]", LoanItem.id)
STATE_LABELS = {"out": N_("out"), "returned": N_("returned"), "kept": N_("kept by customer")}


@dataclass(frozen=True)
class LoanRow:
    line_id: int
    loan_id: int
    slip_no: str
    tag: str
    kind: str
    borrower: str
    phone: str  # in full: shown through privacy.shown
    lent_at: datetime
    due_at: datetime
    state: str
    closed_at: datetime | None
    days_late: int  # so far, for items still out; at the return, for the others
    charge_fen: int | None
    refund_fen: int | None


@dataclass(frozen=True)
class Page:
    rows: list[LoanRow]
    total: int | None  # None: not counted (a search of the whole history would scan it twice)
    offset: int
    has_more: bool


def _search(q: pw.ModelSelect[LoanItem], text: str) -> pw.ModelSelect[LoanItem]:
    """Slip number, tag, phone (full or its last four digits) or part of a name, each
    through an index (docs/records.md, "Finding a record"). A text that is an item's
    tag finds that item's loans."""
    text = searched(text)
    if not text:
        return q
    loan_id = loan_id_of(text)
    if loan_id is not None:
        return q.where(LoanItem.loan == loan_id)
    item = Item.get_or_none(Item.tag == normalize_tag(text))
    if item is not None:
        # Its lines first: asked for them in the list's order, PostgreSQL reads the whole
        # history backwards (90 ms on a million loans) instead of the item's index.
        lines = [r.id for r in LoanItem.select(LoanItem.id).where(LoanItem.item == item.id)]
        return q.where(_ID.in_(lines))
    digits = normalize_phone(text)
    if re.fullmatch(r"\d{4}", digits):
        return q.where(LoanItem.loan.in_(Loan.select(Loan.id).where(Loan.phone_last4 == digits)))
    if re.fullmatch(r"\d{7,12}", digits):
        return q.where(LoanItem.loan.in_(Loan.select(Loan.id).where(Loan.phone == digits)))
    return q.where(_named(text))


def _named(text: str) -> pw.ColumnBase:
    """The loan lines whose borrower's name holds `text` (the query joins Loan), through
    the index of the names' characters and pairs (services/pairs.py)."""
    found = pairs.holding(NameGram, NameGram.loan, LoanItem.loan, text)
    if found is None:
        return Loan.borrower.contains(text)
    return found if len(pairs.fold(text)) <= 2 else found & Loan.borrower.contains(text)


def _query(view: str, clock: DeskTime, text: str) -> pw.ModelSelect[LoanItem]:
    q = LoanItem.select(LoanItem, Loan, Item.tag).join(Loan).switch(LoanItem).join(Item)
    if view == "out":
        q = q.where(LoanItem.state == "out").order_by(LoanItem.due_at, LoanItem.id)
    elif view == "overdue":
        # Past the due time; the longest overdue first (README, "Lending": sorted by how late).
        q = q.where((LoanItem.state == "out") & (LoanItem.due_at < clock.now())).order_by(
            LoanItem.due_at, LoanItem.id
        )
    elif view == "history":
        q = q.order_by(_ID.desc())
    else:
        raise ValueError(view)
    return _search(q, text)


def _row(r: LoanItem, today: date, clock: DeskTime) -> LoanRow:
    loan = r.loan
    late = (days_late(clock.local(r.due_at).date(), today) if r.state == "out" else r.days_late) or 0
    return LoanRow(
        r.id,
        loan.id,
        slip_no(loan.id),
        r.item.tag,
        r.kind,
        loan.borrower,
        loan.phone,
        loan.lent_at,
        r.due_at,
        r.state,
        r.closed_at,
        late,
        r.charge_fen,
        r.refund_fen,
    )


def page(view: str, clock: DeskTime, text: str = "", offset: int = 0, limit: int = 100) -> Page:
    """`limit` rows of a list from `offset`, with the list's length where that is cheap:
    out and overdue are a range of an index; history without a search is the table."""
    q = _query(view, clock, text)
    today = clock.today()
    found = list(q.offset(offset).limit(limit + 1))
    more = len(found) > limit
    rows = [_row(r, today, clock) for r in found[:limit]]
    if not more:
        total: int | None = offset + len(rows)
    elif view != "history":
        total = q.count()
    elif not text.strip():
        total = LoanItem.select().count()
    else:
        total = None
    return Page(rows, total, offset, more)


@dataclass(frozen=True)
class Counts:
    out: int
    overdue: int
    due_today: int


def counts(clock: DeskTime) -> Counts:
    """For Home: items out, past due, and due back today and not yet late."""
    now = clock.now()
    out = LoanItem.select().where(LoanItem.state == "out")
    end_of_day = clock.local(now).replace(hour=23, minute=59, second=59)
    return Counts(
        out.count(),
        out.where(LoanItem.due_at < now).count(),
        out.where((LoanItem.due_at >= now) & (LoanItem.due_at <= end_of_day)).count(),
    )


# -- one loan in full -----------------------------------------------------------------


@dataclass(frozen=True)
class LineDetail:
    id: int
    tag: str
    kind: str
    deposit_fen: int
    due_at: datetime
    state: str
    closed_at: datetime | None
    closed_by: str | None
    condition: str | None
    days_late: int | None
    fee_fen: int | None
    charge_fen: int | None
    refund_fen: int | None
    owed_fen: int | None
    compensation_fen: int | None
    reduction_reason: str | None
    approved_by: str | None


@dataclass(frozen=True)
class LoanDetail:
    id: int
    slip_no: str
    lent_at: datetime
    lent_by: str
    borrower: str
    phone: str
    id_number: str
    note: str
    lines: list[LineDetail]

    @property
    def deposit_fen(self) -> int:
        return sum(line.deposit_fen for line in self.lines)

    @property
    def open(self) -> bool:
        return any(line.state == "out" for line in self.lines)


def detail(loan_id: int) -> LoanDetail:
    loan = Loan.get_or_none(Loan.id == loan_id)
    if loan is None:
        raise DeskError(_("There is no such loan."))
    names = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    lines = [
        LineDetail(
            r.id,
            r.item.tag,
            r.kind,
            r.deposit_fen,
            r.due_at,
            r.state,
            r.closed_at,
            names.get(r.closed_by_id),
            r.condition,
            r.days_late,
            r.fee_fen,
            r.charge_fen,
            r.refund_fen,
            r.owed_fen,
            r.compensation_fen,
            r.reduction_reason,
            names.get(r.approved_by_id),
        )
        for r in LoanItem.select(LoanItem, Item.tag)
        .join(Item)
        .where(LoanItem.loan == loan.id)
        .order_by(LoanItem.id)
    ]
    return LoanDetail(
        loan.id,
        slip_no(loan.id),
        loan.lent_at,
        names.get(loan.lent_by_id, ""),
        loan.borrower,
        loan.phone,
        loan.id_number,
        loan.note,
        lines,
    )


# -- export ------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    N_("slip"),
    N_("tag"),
    N_("kind"),
    N_("borrower"),
    N_("phone"),
    N_("ID"),
    N_("lent at"),
    N_("lent by"),
    N_("due"),
    N_("state"),
    N_("returned at"),
    N_("returned by"),
    N_("condition"),
    N_("days late"),
    N_("deposit"),
    N_("fee"),
    N_("charge"),
    N_("refund"),
    N_("owed"),
    N_("reduction reason"),
    N_("approved by"),
)


def export_rows(
    clock: DeskTime, start: date | None = None, end: date | None = None, *, mask: bool = True
) -> Iterator[list]:
    """Every loan item lent from `start` to `end` (desk dates, both included), oldest first,
    phones and IDs masked unless `mask` is False (services/privacy.py).

    Money is in fen; the caller formats it. Streams rows: a large export never
    sits in memory whole.
    """
    from datetime import time, timedelta, timezone

    names = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    q = LoanItem.select(LoanItem, Loan, Item.tag).join(Loan).switch(LoanItem).join(Item)
    if start is not None:
        q = q.where(Loan.lent_at >= datetime.combine(start, time(), clock.zone).astimezone(timezone.utc))
    if end is not None:
        q = q.where(
            Loan.lent_at
            < datetime.combine(end + timedelta(days=1), time(), clock.zone).astimezone(timezone.utc)
        )
    for r in q.order_by(LoanItem.id).iterator():
        loan = r.loan
        yield [
            slip_no(loan.id),
            r.item.tag,
            r.kind,
            shown(loan.borrower, mask),
            shown(loan.phone, mask),
            shown_id(loan.id_number, mask),
            loan.lent_at,
            names.get(loan.lent_by_id, ""),
            r.due_at,
            r.state,
            r.closed_at,
            names.get(r.closed_by_id, ""),
            r.condition or "",
            r.days_late,
            r.deposit_fen,
            r.fee_fen,
            r.charge_fen,
            r.refund_fen,
            r.owed_fen,
            r.reduction_reason or "",
            names.get(r.approved_by_id, ""),
        ]
