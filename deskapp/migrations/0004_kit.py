"""The first-aid kit: kits, the standard contents list, batches with expiry,
kit checks, and the medicine-usage register.

Frozen copies of the models at this version (see 0001_initial).
"""

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, Model


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Staff(Base):
        class Meta:
            table_name = "staff"

    class Kit(Base):
        name = CharField(max_length=40, unique=True)
        location = CharField(max_length=100)
        active = BooleanField(default=True)

    class Medicine(Base):
        code = CharField(max_length=10, unique=True)
        name_zh = CharField(max_length=40)
        name_en = CharField(max_length=60)
        unit = CharField(max_length=10)
        min_qty = IntegerField()
        oral = BooleanField()
        prescription = BooleanField()
        active = BooleanField(default=True)

    class KitBatch(Base):
        kit = ForeignKeyField(Kit, on_delete="RESTRICT")
        medicine = ForeignKeyField(Medicine, on_delete="RESTRICT")
        batch_no = CharField(max_length=40, default="")
        expiry = DateField()
        received_qty = IntegerField()
        left_qty = IntegerField()
        received_at = DateTimeField()
        received_by = ForeignKeyField(Staff, on_delete="RESTRICT")
        approved_by = ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
        removed_at = DateTimeField(null=True)
        removed_by = ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
        removed_qty = IntegerField(default=0)
        removed_reason = CharField(max_length=200, default="")

        class Meta:
            indexes = ((("kit", "medicine", "expiry"), False),)

    class KitCheck(Base):
        kit = ForeignKeyField(Kit, on_delete="RESTRICT")
        at = DateTimeField(index=True)
        staff = ForeignKeyField(Staff, on_delete="RESTRICT")
        matches_list = BooleanField()
        sealed = BooleanField()
        clean_dry = BooleanField()
        note = CharField(max_length=200, default="")

    class KitUse(Base):
        kit = ForeignKeyField(Kit, on_delete="RESTRICT")
        happened_at = DateTimeField(index=True)
        registered_at = DateTimeField()
        registered_by = ForeignKeyField(Staff, on_delete="RESTRICT")
        person_type = CharField(max_length=20)
        person_name = CharField(max_length=40)
        contact = CharField(max_length=60, default="")
        what = CharField(max_length=20)
        what_text = CharField(max_length=200, default="")
        disinfection = BooleanField(default=False)
        bandaging = BooleanField(default=False)
        help_other = CharField(max_length=200, default="")
        called_120 = BooleanField(default=False)
        called_120_at = DateTimeField(null=True)
        refused = BooleanField(default=False)
        note = CharField(max_length=200, default="")

    class KitUseLine(Base):
        use = ForeignKeyField(KitUse, on_delete="RESTRICT")
        batch = ForeignKeyField(KitBatch, on_delete="RESTRICT")
        qty = IntegerField()

    db.create_tables([Kit, Medicine, KitBatch, KitCheck, KitUse, KitUseLine])
