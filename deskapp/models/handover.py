"""The shift handover: the shift's log, its entries and promises, addenda and
acknowledgements (docs/handover.md)."""

from __future__ import annotations

import peewee as pw

from deskapp.models.base import BaseModel, Staff, UTCDateTimeField


class ShiftLog(BaseModel):
    """One shift's page of the handover book (《客服中心交接班记录薄》) and its handover."""

    shift = pw.CharField(max_length=20)  # a key of policy [shifts]
    opened_at = UTCDateTimeField(index=True)
    state = pw.CharField(max_length=10, default="open")  # open | counting | signed
    started_at = UTCDateTimeField(null=True)  # the handover's cut: the summary covers up to here
    summary = pw.TextField(default="")  # JSON, built from the records at the cut
    notes = pw.TextField(default="")
    cash_opening_fen = pw.IntegerField(default=0)  # what the previous handover counted
    cash_expected_fen = pw.IntegerField(null=True)
    cash_counted_fen = pw.IntegerField(null=True)
    cash_reason = pw.CharField(max_length=200, default="")
    items = pw.TextField(default="")  # JSON {kind: [expected, counted]}
    item_reason = pw.CharField(max_length=200, default="")
    outgoing = pw.ForeignKeyField(Staff, null=True, backref="handed_over", on_delete="RESTRICT")
    outgoing_id: int
    outgoing_at = UTCDateTimeField(null=True)
    incoming = pw.ForeignKeyField(Staff, null=True, backref="took_over", on_delete="RESTRICT")
    incoming_id: int
    incoming_at = UTCDateTimeField(null=True)
    lead = pw.ForeignKeyField(Staff, null=True, backref="handovers_led", on_delete="RESTRICT")
    lead_id: int
    lead_at = UTCDateTimeField(null=True)
    signed_at = UTCDateTimeField(null=True, index=True)
    prev_hash = pw.CharField(max_length=64, default="")
    hash = pw.CharField(max_length=64, default="")


class LogEntry(BaseModel):
    """A line of a shift's log: a note, an important event, a promise, money, a promise kept."""

    log = pw.ForeignKeyField(ShiftLog, backref="entries", on_delete="RESTRICT")
    log_id: int
    at = UTCDateTimeField()
    staff = pw.ForeignKeyField(Staff, backref="log_entries", on_delete="RESTRICT")
    staff_id: int
    type = pw.CharField(max_length=10)  # handover.ENTRY_TYPES
    text = pw.TextField(default="")
    told = pw.BooleanField(default=False)  # an important event also told in person
    promise_to = pw.CharField(max_length=60, default="")
    promise_due = UTCDateTimeField(null=True)
    # "kept": the promise this line marks kept
    closes = pw.ForeignKeyField("self", null=True, backref="closed_by", on_delete="RESTRICT")
    closes_id: int
    service = pw.CharField(max_length=20, null=True)  # a key of policy [services]
    qty = pw.IntegerField(null=True)
    amount_fen = pw.IntegerField(null=True)  # into the drawer (+) or out of it (-)


class PromiseGram(BaseModel):
    """A key of a promise's text or whom it was made to, and the log line (services/pairs.py)."""

    gram = pw.CharField(max_length=13)
    entry = pw.ForeignKeyField(LogEntry, backref="grams", on_delete="RESTRICT")
    entry_id: int

    class Meta:
        table_name = "promise_gram"
        primary_key = pw.CompositeKey("gram", "entry")


class HandoverAddendum(BaseModel):
    """A correction to a signed handover, itself signed."""

    log = pw.ForeignKeyField(ShiftLog, backref="addenda", on_delete="RESTRICT")
    log_id: int
    at = UTCDateTimeField()
    staff = pw.ForeignKeyField(Staff, backref="addenda", on_delete="RESTRICT")
    staff_id: int
    text = pw.TextField()
    hash = pw.CharField(max_length=64)


class HandoverAck(BaseModel):
    """The day's first staff member checked yesterday's handover (核对昨日交接事宜,并确认签字)."""

    log = pw.ForeignKeyField(ShiftLog, backref="acks", on_delete="RESTRICT")
    log_id: int
    staff = pw.ForeignKeyField(Staff, backref="handover_acks", on_delete="RESTRICT")
    staff_id: int
    at = UTCDateTimeField(index=True)
