"""The tables. Bound to deskapp.db.database, which nothing opens at import.

Conventions: every timestamp is UTC (UTCDateTimeField); money is integer fen.
A change to a model needs a new file in deskapp/migrations; a test checks that
the migrated schema matches these classes.
"""

from __future__ import annotations

from datetime import datetime, timezone

import peewee as pw

from deskapp.db import database

ROLES = ("staff", "lead", "admin")


class UTCDateTimeField(pw.DateTimeField):
    """Aware datetimes in, aware UTC datetimes out; stored as naive UTC on every engine."""

    def db_value(self, value):
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise ValueError(f"{self.name}: naive datetime {value!r}; pass an aware UTC time")
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return super().db_value(value)

    def python_value(self, value):
        value = super().python_value(value)
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


class BaseModel(pw.Model):
    class Meta:
        database = database
        legacy_table_names = False


class Staff(BaseModel):
    name = pw.CharField(max_length=40)
    name_key = pw.CharField(max_length=40, unique=True)  # casefolded name, for look-up
    role = pw.CharField(max_length=10)  # one of ROLES
    pin_hash = pw.CharField(max_length=200)
    active = pw.BooleanField(default=True)
    failed_pins = pw.IntegerField(default=0)  # wrong PINs in a row
    locked_until = UTCDateTimeField(null=True)
    created_at = UTCDateTimeField()
    last_sign_in = UTCDateTimeField(null=True)
    lockouts = pw.IntegerField(default=0)  # lock-outs since the last right PIN (docs/trust.md)
    held = pw.BooleanField(default=False)  # locked until an administrator unlocks


class AuditEntry(BaseModel):
    """Who changed what, when: written in the same transaction as the change."""

    at = UTCDateTimeField(index=True)
    staff = pw.ForeignKeyField(Staff, null=True, backref="audit_entries", on_delete="RESTRICT")
    source = pw.CharField(max_length=10)  # tui | cli | system
    action = pw.CharField(max_length=40)  # e.g. staff.create, staff.sign_in
    entity = pw.CharField(max_length=40)  # table of the changed record
    entity_id = pw.CharField(max_length=40, null=True)
    before = pw.TextField(null=True)  # JSON of the changed fields before
    after = pw.TextField(null=True)  # JSON of the changed fields after
    # The trail is a hash chain (docs/trust.md, "The seal chain"): each entry's
    # hash covers its own fields and the hash of the entry before it.
    prev_hash = pw.CharField(max_length=64, default="")
    hash = pw.CharField(max_length=64, default="")

    class Meta:
        indexes = ((("entity", "entity_id"), False),)


# -- lending (docs/lending.md) ------------------------------------------------

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

    class Meta:
        table_name = "name_gram"
        primary_key = pw.CompositeKey("gram", "loan")


class LoanItem(BaseModel):
    """One item of a loan, from check-out to its settlement."""

    loan = pw.ForeignKeyField(Loan, backref="items", on_delete="RESTRICT")
    item = pw.ForeignKeyField(Item, backref="loans", on_delete="RESTRICT")
    kind = pw.CharField(max_length=20)
    deposit_fen = pw.IntegerField()
    due_at = UTCDateTimeField()
    state = pw.CharField(max_length=10, default="out")  # out | returned | kept
    closed_at = UTCDateTimeField(null=True)
    closed_by = pw.ForeignKeyField(Staff, null=True, backref="returns", on_delete="RESTRICT")
    condition = pw.CharField(max_length=10, null=True)  # intact | dirty | damaged | lost
    days_late = pw.IntegerField(null=True)
    fee_fen = pw.IntegerField(null=True)  # overdue fee
    charge_fen = pw.IntegerField(null=True)  # everything the return costs the borrower
    refund_fen = pw.IntegerField(null=True)  # deposit given back
    owed_fen = pw.IntegerField(null=True)  # paid beyond the deposit
    compensation_fen = pw.IntegerField(null=True)  # assessed damage, when the desk assessed it
    reduction_reason = pw.CharField(max_length=200, null=True)
    approved_by = pw.ForeignKeyField(Staff, null=True, backref="approvals", on_delete="RESTRICT")

    class Meta:
        indexes = ((("state", "due_at"), False), (("item", "state"), False))


class CashEntry(BaseModel):
    """Money at the desk, for the shift's cash count: what moved and why."""

    at = UTCDateTimeField(index=True)
    staff = pw.ForeignKeyField(Staff, null=True, backref="cash_entries", on_delete="RESTRICT")
    loan_item = pw.ForeignKeyField(LoanItem, null=True, backref="cash", on_delete="RESTRICT")
    kind = pw.CharField(max_length=20)  # deposit_taken | deposit_refunded | deposit_kept | balance_paid
    amount_fen = pw.IntegerField()  # always >= 0
    drawer_fen = pw.IntegerField()  # effect on the cash drawer: + in, - out, 0 for none


class StockTake(BaseModel):
    """A count of what is on hand (盘点), by whom, with the differences."""

    at = UTCDateTimeField(index=True)
    staff = pw.ForeignKeyField(Staff, backref="stock_takes", on_delete="RESTRICT")
    note = pw.CharField(max_length=200, default="")


class StockCount(BaseModel):
    stock_take = pw.ForeignKeyField(StockTake, backref="counts", on_delete="CASCADE")
    kind = pw.CharField(max_length=20)
    expected = pw.IntegerField()
    counted = pw.IntegerField()


# -- complaints (docs/complaints.md) ------------------------------------------------

class Complaint(BaseModel):
    """One entry of the complaint register (《客诉登记表》), from intake to closing."""

    received_at = UTCDateTimeField(index=True)
    taken_by = pw.ForeignKeyField(Staff, backref="complaints_taken", on_delete="RESTRICT")
    channel = pw.CharField(max_length=20)  # complaints.CHANNELS
    happened_at = UTCDateTimeField()
    place = pw.CharField(max_length=100)  # floor / shop / area
    what = pw.TextField()
    people = pw.CharField(max_length=200, default="")  # the people involved
    complainant = pw.CharField(max_length=40)
    contact = pw.CharField(max_length=60)  # phone or other way to reach them, as given
    expectation = pw.CharField(max_length=200, default="")
    customer_deadline = pw.DateField(null=True)  # the desk's date the customer asked for
    kind = pw.CharField(max_length=20, null=True, index=True)  # complaints.KINDS; None: not yet
    media_risk = pw.BooleanField(default=False)
    collective = pw.BooleanField(default=False)
    state = pw.CharField(max_length=20, default="received")  # complaints.STATES
    assigned_to = pw.CharField(max_length=60, default="")  # a department or a person
    resolve_due = pw.DateField(null=True)  # desk dates, from the policy when set
    resolved_at = UTCDateTimeField(null=True)
    callback_due = pw.DateField(null=True)
    called_back_at = UTCDateTimeField(null=True)
    closed_at = UTCDateTimeField(null=True)
    escalated_at = UTCDateTimeField(null=True)
    incident_report = pw.TextField(default="")  # 《事件报告》, for major and critical

    class Meta:
        indexes = ((("state", "resolve_due"), False), (("state", "callback_due"), False))


class ComplaintGram(BaseModel):
    """A key of a complaint's texts (a character, two side by side, or "#" and its contact's
    last four digits) and the complaint: what finds it (services/pairs.py)."""

    gram = pw.CharField(max_length=13)
    complaint = pw.ForeignKeyField(Complaint, backref="grams", on_delete="RESTRICT")

    class Meta:
        table_name = "complaint_gram"
        primary_key = pw.CompositeKey("gram", "complaint")


class ComplaintEvent(BaseModel):
    """A line of a complaint's timeline: who did what, when."""

    complaint = pw.ForeignKeyField(Complaint, backref="events", on_delete="RESTRICT")
    at = UTCDateTimeField()  # when it happened (a leader told at 9:00 may be recorded at 9:30)
    recorded_at = UTCDateTimeField()
    staff = pw.ForeignKeyField(Staff, null=True, backref="complaint_events", on_delete="RESTRICT")
    type = pw.CharField(max_length=20)  # complaints.EVENT_TYPES
    text = pw.TextField(default="")  # what a person typed, as typed; never the app's own words
    facts = pw.TextField(default="")  # JSON of codes and values the app records (complaints.event_facts)
    channel = pw.CharField(max_length=20, null=True)  # contact and callback: phone, visit, letter
    reached = pw.BooleanField(null=True)  # callback: was the customer reached
    satisfaction = pw.CharField(max_length=20, null=True)  # callback: complaints.SATISFACTION
    whom = pw.CharField(max_length=60, null=True)  # a leader informed; the GM and PR

    class Meta:
        indexes = ((("complaint", "type"), False),)


# -- the first-aid kit (docs/kit.md) ---------------------------------------------

class Kit(BaseModel):
    """A first-aid kit (紧急药箱) and where it is kept."""

    name = pw.CharField(max_length=40, unique=True)  # "": the desk's own kit, named on screen (kit.kit_name)
    location = pw.CharField(max_length=100)  # "": at the desk
    active = pw.BooleanField(default=True)


class Medicine(BaseModel):
    """An item of the standard contents list (药品标准配置清单), as the store keeps it."""

    code = pw.CharField(max_length=10, unique=True)  # what staff type, e.g. A01
    name_zh = pw.CharField(max_length=40)
    name_en = pw.CharField(max_length=60)
    unit_zh = pw.CharField(max_length=10)  # the unit counted, 支; shown in the display language
    unit_en = pw.CharField(max_length=20)
    min_qty = pw.IntegerField()  # per kit
    oral = pw.BooleanField()  # taken by mouth: a lead confirms before it goes into a kit
    prescription = pw.BooleanField()  # never in a kit
    active = pw.BooleanField(default=True)


class KitBatch(BaseModel):
    """Stock received into a kit: one batch with its expiry date."""

    kit = pw.ForeignKeyField(Kit, backref="batches", on_delete="RESTRICT")
    medicine = pw.ForeignKeyField(Medicine, backref="batches", on_delete="RESTRICT")
    batch_no = pw.CharField(max_length=40, default="")
    expiry = pw.DateField()
    received_qty = pw.IntegerField()
    left_qty = pw.IntegerField()
    received_at = UTCDateTimeField()
    received_by = pw.ForeignKeyField(Staff, backref="batches_received", on_delete="RESTRICT")
    approved_by = pw.ForeignKeyField(Staff, null=True, backref="batches_approved", on_delete="RESTRICT")
    removed_at = UTCDateTimeField(null=True)  # taken out (expired, damaged) with what was left
    removed_by = pw.ForeignKeyField(Staff, null=True, backref="batches_removed", on_delete="RESTRICT")
    removed_qty = pw.IntegerField(default=0)
    removed_reason = pw.CharField(max_length=200, default="")

    class Meta:
        indexes = ((("kit", "medicine", "expiry"), False),)


class KitCheck(BaseModel):
    """A check of a kit: against the list, seal intact, clean and dry."""

    kit = pw.ForeignKeyField(Kit, backref="checks", on_delete="RESTRICT")
    at = UTCDateTimeField(index=True)
    staff = pw.ForeignKeyField(Staff, backref="kit_checks", on_delete="RESTRICT")
    matches_list = pw.BooleanField()
    sealed = pw.BooleanField()
    clean_dry = pw.BooleanField()
    note = pw.CharField(max_length=200, default="")


class KitUse(BaseModel):
    """One line of the medicine-usage register (《用药登记表》)."""

    kit = pw.ForeignKeyField(Kit, backref="uses", on_delete="RESTRICT")
    happened_at = UTCDateTimeField(index=True)
    registered_at = UTCDateTimeField()
    registered_by = pw.ForeignKeyField(Staff, backref="kit_uses", on_delete="RESTRICT")
    person_type = pw.CharField(max_length=20)  # kit.PERSON_TYPES
    person_name = pw.CharField(max_length=40)
    contact = pw.CharField(max_length=60, default="")  # a phone, or the department / company
    what = pw.CharField(max_length=20)  # kit.WHAT
    what_text = pw.CharField(max_length=200, default="")
    disinfection = pw.BooleanField(default=False)
    bandaging = pw.BooleanField(default=False)
    help_other = pw.CharField(max_length=200, default="")
    called_120 = pw.BooleanField(default=False)
    called_120_at = UTCDateTimeField(null=True)
    refused = pw.BooleanField(default=False)  # the person refused treatment
    note = pw.CharField(max_length=200, default="")


class KitUseLine(BaseModel):
    use = pw.ForeignKeyField(KitUse, backref="lines", on_delete="RESTRICT")
    batch = pw.ForeignKeyField(KitBatch, backref="uses", on_delete="RESTRICT")
    qty = pw.IntegerField()


class KitUseGram(BaseModel):
    """A key of a kit use's name, contact, what happened or note, and the use (services/pairs.py)."""

    gram = pw.CharField(max_length=13)
    use = pw.ForeignKeyField(KitUse, backref="grams", on_delete="RESTRICT")

    class Meta:
        table_name = "kit_use_gram"
        primary_key = pw.CompositeKey("gram", "use")


# -- the handover book (docs/handover.md) ------------------------------------------------

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
    outgoing_at = UTCDateTimeField(null=True)
    incoming = pw.ForeignKeyField(Staff, null=True, backref="took_over", on_delete="RESTRICT")
    incoming_at = UTCDateTimeField(null=True)
    lead = pw.ForeignKeyField(Staff, null=True, backref="handovers_led", on_delete="RESTRICT")
    lead_at = UTCDateTimeField(null=True)
    signed_at = UTCDateTimeField(null=True, index=True)
    prev_hash = pw.CharField(max_length=64, default="")
    hash = pw.CharField(max_length=64, default="")


class LogEntry(BaseModel):
    """A line of a shift's log: a note, an important event, a promise, money, a promise kept."""

    log = pw.ForeignKeyField(ShiftLog, backref="entries", on_delete="RESTRICT")
    at = UTCDateTimeField()
    staff = pw.ForeignKeyField(Staff, backref="log_entries", on_delete="RESTRICT")
    type = pw.CharField(max_length=10)  # handover.ENTRY_TYPES
    text = pw.TextField(default="")
    told = pw.BooleanField(default=False)  # an important event also told in person
    promise_to = pw.CharField(max_length=60, default="")
    promise_due = UTCDateTimeField(null=True)
    # "kept": the promise this line marks kept
    closes = pw.ForeignKeyField("self", null=True, backref="closed_by", on_delete="RESTRICT")
    service = pw.CharField(max_length=20, null=True)  # a key of policy [services]
    qty = pw.IntegerField(null=True)
    amount_fen = pw.IntegerField(null=True)  # into the drawer (+) or out of it (-)


class PromiseGram(BaseModel):
    """A key of a promise's text or whom it was made to, and the log line (services/pairs.py)."""

    gram = pw.CharField(max_length=13)
    entry = pw.ForeignKeyField(LogEntry, backref="grams", on_delete="RESTRICT")

    class Meta:
        table_name = "promise_gram"
        primary_key = pw.CompositeKey("gram", "entry")


class HandoverAddendum(BaseModel):
    """A correction to a signed handover, itself signed."""

    log = pw.ForeignKeyField(ShiftLog, backref="addenda", on_delete="RESTRICT")
    at = UTCDateTimeField()
    staff = pw.ForeignKeyField(Staff, backref="addenda", on_delete="RESTRICT")
    text = pw.TextField()
    hash = pw.CharField(max_length=64)


class HandoverAck(BaseModel):
    """The day's first staff member checked yesterday's handover (核对昨日交接事宜,并确认签字)."""

    log = pw.ForeignKeyField(ShiftLog, backref="acks", on_delete="RESTRICT")
    staff = pw.ForeignKeyField(Staff, backref="handover_acks", on_delete="RESTRICT")
    at = UTCDateTimeField(index=True)


class DeskMark(BaseModel):
    """Facts about the database itself, e.g. kind = "demo" for a demo desk."""

    key = pw.CharField(max_length=20, primary_key=True)
    value = pw.CharField(max_length=200)


ALL_MODELS = [Staff, AuditEntry, Item, Loan, NameGram, LoanItem, CashEntry, StockTake, StockCount, Complaint,
              ComplaintGram, ComplaintEvent, Kit, Medicine, KitBatch, KitCheck, KitUse, KitUseLine,
              KitUseGram, ShiftLog, LogEntry, PromiseGram, HandoverAddendum, HandoverAck, DeskMark]
