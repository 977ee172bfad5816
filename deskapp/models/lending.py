"""Lending: the items, loans with their items and cash, and stock-takes (docs/lending.md)."""

from __future__ import annotations

import peewee as pw

from deskapp.models.base import BaseModel, Staff, UTCDateTimeField

ITEM_STATES = ("available", "on_loan", "repair", "lost", "retired", "kept")


class Item(BaseModel):
    """One lendable thing with the tag printed or barcoded on it."""

    kind = pw.CharField(max_length=20)  # a key of policy [kinds]
    tag = pw.CharField(max_length=30, unique=True)  # normalised: NFKC, upper case, no spaces
    status = pw.CharField(max_length=10, default="available")  # one of ITEM_STATES
    note = pw.CharField(max_length=200, default="")
    added_at = UTCDateTimeField()

    class Meta:
        indexes = ((("kind", "status"), False),)


class Loan(BaseModel):
    """One check-out to one borrower: the slip. Its items are LoanItems."""

    lent_at = UTCDateTimeField(index=True)
    lent_by = pw.ForeignKeyField(Staff, backref="loans", on_delete="RESTRICT")
    lent_by_id: int
    borrower = pw.CharField(max_length=40)
    phone = pw.CharField(max_length=20, index=True)  # digits only
    phone_last4 = pw.CharField(max_length=4, index=True)  # for look-up by the last four digits
    id_number = pw.CharField(max_length=30, default="")
    note = pw.CharField(max_length=200, default="")


class NameGram(BaseModel):
    """A character of a borrower's name, or two side by side, and the loan: the index that
    finds a loan by part of a name without reading every loan (services/pairs.py)."""

    gram = pw.CharField(max_length=2)
    loan = pw.ForeignKeyField(Loan, backref="grams", on_delete="RESTRICT")
    loan_id: int

    class Meta:
        table_name = "name_gram"
        primary_key = pw.CompositeKey("gram", "loan")


class LoanItem(BaseModel):
    """One item of a loan, from check-out to its settlement."""

    loan = pw.ForeignKeyField(Loan, backref="items", on_delete="RESTRICT")
    loan_id: int
    item = pw.ForeignKeyField(Item, backref="loans", on_delete="RESTRICT")
    item_id: int
    kind = pw.CharField(max_length=20)
    deposit_fen = pw.IntegerField()
    due_at = UTCDateTimeField()
    state = pw.CharField(max_length=10, default="out")  # out | returned | kept
    closed_at = UTCDateTimeField(null=True)
    closed_by = pw.ForeignKeyField(Staff, null=True, backref="returns", on_delete="RESTRICT")
    closed_by_id: int
    condition = pw.CharField(max_length=10, null=True)  # intact | dirty | damaged | lost
    days_late = pw.IntegerField(null=True)
    fee_fen = pw.IntegerField(null=True)  # overdue fee
    charge_fen = pw.IntegerField(null=True)  # everything the return costs the borrower
    refund_fen = pw.IntegerField(null=True)  # deposit given back
    owed_fen = pw.IntegerField(null=True)  # paid beyond the deposit
    compensation_fen = pw.IntegerField(null=True)  # assessed damage, when the desk assessed it
    reduction_reason = pw.CharField(max_length=200, null=True)
    approved_by = pw.ForeignKeyField(Staff, null=True, backref="approvals", on_delete="RESTRICT")
    approved_by_id: int

    class Meta:
        indexes = ((("state", "due_at"), False), (("item", "state"), False))


class CashEntry(BaseModel):
    """Money at the desk, for the shift's cash count: what moved and why."""

    at = UTCDateTimeField(index=True)
    staff = pw.ForeignKeyField(Staff, null=True, backref="cash_entries", on_delete="RESTRICT")
    staff_id: int
    loan_item = pw.ForeignKeyField(LoanItem, null=True, backref="cash", on_delete="RESTRICT")
    loan_item_id: int
    kind = pw.CharField(max_length=20)  # deposit_taken | deposit_refunded | deposit_kept | balance_paid
    amount_fen = pw.IntegerField()  # always >= 0
    drawer_fen = pw.IntegerField()  # effect on the cash drawer: + in, - out, 0 for none


class StockTake(BaseModel):
    """A count of what is on hand (盘点), by whom, with the differences."""

    at = UTCDateTimeField(index=True)
    staff = pw.ForeignKeyField(Staff, backref="stock_takes", on_delete="RESTRICT")
    staff_id: int
    note = pw.CharField(max_length=200, default="")


class StockCount(BaseModel):
    stock_take = pw.ForeignKeyField(StockTake, backref="counts", on_delete="CASCADE")
    stock_take_id: int
    kind = pw.CharField(max_length=20)
    expected = pw.IntegerField()
    counted = pw.IntegerField()
