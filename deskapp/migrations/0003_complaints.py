"""Complaints: the register and each complaint's timeline.

Frozen copies of the models at this version (see 0001_initial).
"""

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, Model, TextField


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Staff(Base):
        class Meta:
            table_name = "staff"

    class Complaint(Base):
        received_at = DateTimeField(index=True)
        taken_by = ForeignKeyField(Staff, on_delete="RESTRICT")
        channel = CharField(max_length=20)
        happened_at = DateTimeField()
        place = CharField(max_length=100)
        what = TextField()
        people = CharField(max_length=200, default="")
        complainant = CharField(max_length=40)
        contact = CharField(max_length=60)
        expectation = CharField(max_length=200, default="")
        customer_deadline = DateField(null=True)
        kind = CharField(max_length=20, null=True, index=True)
        media_risk = BooleanField(default=False)
        collective = BooleanField(default=False)
        state = CharField(max_length=20, default="received")
        assigned_to = CharField(max_length=60, default="")
        resolve_due = DateField(null=True)
        resolved_at = DateTimeField(null=True)
        callback_due = DateField(null=True)
        called_back_at = DateTimeField(null=True)
        closed_at = DateTimeField(null=True)
        escalated_at = DateTimeField(null=True)
        incident_report = TextField(default="")

        class Meta:
            indexes = ((("state", "resolve_due"), False), (("state", "callback_due"), False))

    class ComplaintEvent(Base):
        complaint = ForeignKeyField(Complaint, on_delete="RESTRICT")
        at = DateTimeField()
        recorded_at = DateTimeField()
        staff = ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
        type = CharField(max_length=20)
        text = TextField(default="")
        channel = CharField(max_length=20, null=True)
        reached = BooleanField(null=True)
        satisfaction = CharField(max_length=20, null=True)
        whom = CharField(max_length=60, null=True)

        class Meta:
            indexes = ((("complaint", "type"), False),)

    db.create_tables([Complaint, ComplaintEvent])
