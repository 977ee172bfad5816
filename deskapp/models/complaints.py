"""Complaints and what happened to them (docs/complaints.md)."""

from __future__ import annotations

import peewee as pw

from deskapp.models.base import BaseModel, Staff, UTCDateTimeField


class Complaint(BaseModel):
    """One entry of the complaint register (《客诉登记表》), from intake to closing."""

    received_at = UTCDateTimeField(index=True)
    taken_by = pw.ForeignKeyField(Staff, backref="complaints_taken", on_delete="RESTRICT")
    taken_by_id: int
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
    complaint_id: int

    class Meta:
        table_name = "complaint_gram"
        primary_key = pw.CompositeKey("gram", "complaint")


class ComplaintEvent(BaseModel):
    """A line of a complaint's timeline: who did what, when."""

    complaint = pw.ForeignKeyField(Complaint, backref="events", on_delete="RESTRICT")
    complaint_id: int
    at = UTCDateTimeField()  # when it happened (a leader told at 9:00 may be recorded at 9:30)
    recorded_at = UTCDateTimeField()
    staff = pw.ForeignKeyField(Staff, null=True, backref="complaint_events", on_delete="RESTRICT")
    staff_id: int
    type = pw.CharField(max_length=20)  # complaints.EVENT_TYPES
    text = pw.TextField(default="")  # what a person typed, as typed; never the app's own words
    facts = pw.TextField(default="")  # JSON of codes and values the app records (complaints.event_facts)
    channel = pw.CharField(max_length=20, null=True)  # contact and callback: phone, visit, letter
    reached = pw.BooleanField(null=True)  # callback: was the customer reached
    satisfaction = pw.CharField(max_length=20, null=True)  # callback: complaints.SATISFACTION
    whom = pw.CharField(max_length=60, null=True)  # a leader informed; the GM and PR

    class Meta:
        indexes = ((("complaint", "type"), False),)
