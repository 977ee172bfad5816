"""Staff and the audit trail (the foundation).

Frozen copies of the models as they were at this version, independent of
deskapp.models, as playhouse.migrations asks: later changes get new files.
"""

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Staff(Base):
        name = CharField(max_length=40)
        name_key = CharField(max_length=40, unique=True)
        role = CharField(max_length=10)
        pin_hash = CharField(max_length=200)
        active = BooleanField(default=True)
        failed_pins = IntegerField(default=0)
        locked_until = DateTimeField(null=True)
        created_at = DateTimeField()
        last_sign_in = DateTimeField(null=True)

    class AuditEntry(Base):
        at = DateTimeField(index=True)
        staff = ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
        source = CharField(max_length=10)
        action = CharField(max_length=40)
        entity = CharField(max_length=40)
        entity_id = CharField(max_length=40, null=True)
        before = TextField(null=True)
        after = TextField(null=True)

        class Meta:
            indexes = ((("entity", "entity_id"), False),)

    db.create_tables([Staff, AuditEntry])
