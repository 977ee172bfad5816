"""Staff, the audit trail and facts about the database: what every section stands on."""

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
    id: pw.AutoField[int]  # peewee's automatic primary key (a field on the class, an int on a row)

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
    staff_id: int
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


class DeskMark(BaseModel):
    """Facts about the database itself, e.g. kind = "demo" for a demo desk."""

    key = pw.CharField(max_length=20, primary_key=True)
    value = pw.CharField(max_length=200)
