"""The handover book: shift logs with their handovers, log entries, addenda and
the start-of-day acknowledgements.

Frozen copies of the models at this version (see 0001_initial).
"""

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Staff(Base):
        class Meta:
            table_name = "staff"

    class ShiftLog(Base):
        shift = CharField(max_length=20)
        opened_at = DateTimeField(index=True)
        state = CharField(max_length=10, default="open")
        started_at = DateTimeField(null=True)
        summary = TextField(default="")
        notes = TextField(default="")
        cash_opening_fen = IntegerField(default=0)
        cash_expected_fen = IntegerField(null=True)
        cash_counted_fen = IntegerField(null=True)
        cash_reason = CharField(max_length=200, default="")
        items = TextField(default="")
        item_reason = CharField(max_length=200, default="")
        outgoing = ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
        outgoing_at = DateTimeField(null=True)
        incoming = ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
        incoming_at = DateTimeField(null=True)
        lead = ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
        lead_at = DateTimeField(null=True)
        signed_at = DateTimeField(null=True, index=True)
        prev_hash = CharField(max_length=64, default="")
        hash = CharField(max_length=64, default="")

    class LogEntry(Base):
        log = ForeignKeyField(ShiftLog, on_delete="RESTRICT")
        at = DateTimeField()
        staff = ForeignKeyField(Staff, on_delete="RESTRICT")
        type = CharField(max_length=10)
        text = TextField(default="")
        told = BooleanField(default=False)
        promise_to = CharField(max_length=60, default="")
        promise_due = DateTimeField(null=True)
        closes = ForeignKeyField("self", null=True, on_delete="RESTRICT")
        service = CharField(max_length=20, null=True)
        qty = IntegerField(null=True)
        amount_fen = IntegerField(null=True)

    class HandoverAddendum(Base):
        log = ForeignKeyField(ShiftLog, on_delete="RESTRICT")
        at = DateTimeField()
        staff = ForeignKeyField(Staff, on_delete="RESTRICT")
        text = TextField()
        hash = CharField(max_length=64)

    class HandoverAck(Base):
        log = ForeignKeyField(ShiftLog, on_delete="RESTRICT")
        staff = ForeignKeyField(Staff, on_delete="RESTRICT")
        at = DateTimeField(index=True)

    db.create_tables([ShiftLog, LogEntry, HandoverAddendum, HandoverAck])
