"""Lending: items, loans with their items, the cash they move, stock-takes.

Frozen copies of the models at this version (see 0001_initial).
"""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Staff(Base):
        class Meta:
            table_name = "staff"

    class Item(Base):
        kind = CharField(max_length=20)
        tag = CharField(max_length=30, unique=True)
        status = CharField(max_length=10, default="available")
        note = CharField(max_length=200, default="")
        added_at = DateTimeField()

        class Meta:
            indexes = ((("kind", "status"), False),)

    class Loan(Base):
        lent_at = DateTimeField(index=True)
        lent_by = ForeignKeyField(Staff, on_delete="RESTRICT")
        borrower = CharField(max_length=40)
        phone = CharField(max_length=20, index=True)
        phone_last4 = CharField(max_length=4, index=True)
        id_number = CharField(max_length=30, default="")
        note = CharField(max_length=200, default="")

    class LoanItem(Base):
        loan = ForeignKeyField(Loan, on_delete="RESTRICT")
        item = ForeignKeyField(Item, on_delete="RESTRICT")
        kind = CharField(max_length=20)
        deposit_fen = IntegerField()
        due_at = DateTimeField()
        state = CharField(max_length=10, default="out")
        closed_at = DateTimeField(null=True)
        closed_by = ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
        condition = CharField(max_length=10, null=True)
        days_late = IntegerField(null=True)
        fee_fen = IntegerField(null=True)
        charge_fen = IntegerField(null=True)
        refund_fen = IntegerField(null=True)
        owed_fen = IntegerField(null=True)
        compensation_fen = IntegerField(null=True)
        reduction_reason = CharField(max_length=200, null=True)
        approved_by = ForeignKeyField(Staff, null=True, on_delete="RESTRICT")

        class Meta:
            indexes = ((("state", "due_at"), False), (("item", "state"), False))

    class CashEntry(Base):
        at = DateTimeField(index=True)
        staff = ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
        loan_item = ForeignKeyField(LoanItem, null=True, on_delete="RESTRICT")
        kind = CharField(max_length=20)
        amount_fen = IntegerField()
        drawer_fen = IntegerField()

    class StockTake(Base):
        at = DateTimeField(index=True)
        staff = ForeignKeyField(Staff, on_delete="RESTRICT")
        note = CharField(max_length=200, default="")

    class StockCount(Base):
        stock_take = ForeignKeyField(StockTake, on_delete="CASCADE")
        kind = CharField(max_length=20)
        expected = IntegerField()
        counted = IntegerField()

    db.create_tables([Item, Loan, LoanItem, CashEntry, StockTake, StockCount])
