"""The first-aid kit: kits, medicines, batches, checks and the usage register (docs/kit.md)."""

from __future__ import annotations

import peewee as pw

from deskapp.models.base import BaseModel, Staff, UTCDateTimeField


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
    kit_id: int
    medicine = pw.ForeignKeyField(Medicine, backref="batches", on_delete="RESTRICT")
    medicine_id: int
    batch_no = pw.CharField(max_length=40, default="")
    expiry = pw.DateField()
    received_qty = pw.IntegerField()
    left_qty = pw.IntegerField()
    received_at = UTCDateTimeField()
    received_by = pw.ForeignKeyField(Staff, backref="batches_received", on_delete="RESTRICT")
    received_by_id: int
    approved_by = pw.ForeignKeyField(Staff, null=True, backref="batches_approved", on_delete="RESTRICT")
    approved_by_id: int
    removed_at = UTCDateTimeField(null=True)  # taken out (expired, damaged) with what was left
    removed_by = pw.ForeignKeyField(Staff, null=True, backref="batches_removed", on_delete="RESTRICT")
    removed_by_id: int
    removed_qty = pw.IntegerField(default=0)
    removed_reason = pw.CharField(max_length=200, default="")

    class Meta:
        indexes = ((("kit", "medicine", "expiry"), False),)


class KitCheck(BaseModel):
    """A check of a kit: against the list, seal intact, clean and dry."""

    kit = pw.ForeignKeyField(Kit, backref="checks", on_delete="RESTRICT")
    kit_id: int
    at = UTCDateTimeField(index=True)
    staff = pw.ForeignKeyField(Staff, backref="kit_checks", on_delete="RESTRICT")
    staff_id: int
    matches_list = pw.BooleanField()
    sealed = pw.BooleanField()
    clean_dry = pw.BooleanField()
    note = pw.CharField(max_length=200, default="")


class KitUse(BaseModel):
    """One line of the medicine-usage register (《用药登记表》)."""

    kit = pw.ForeignKeyField(Kit, backref="uses", on_delete="RESTRICT")
    kit_id: int
    happened_at = UTCDateTimeField(index=True)
    registered_at = UTCDateTimeField()
    registered_by = pw.ForeignKeyField(Staff, backref="kit_uses", on_delete="RESTRICT")
    registered_by_id: int
    person_type = pw.CharField(max_length=20)  # kit_register.PERSON_TYPES
    person_name = pw.CharField(max_length=40)
    contact = pw.CharField(max_length=60, default="")  # a phone, or the department / company
    what = pw.CharField(max_length=20)  # kit_register.WHAT
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
    use_id: int
    batch = pw.ForeignKeyField(KitBatch, backref="uses", on_delete="RESTRICT")
    batch_id: int
    qty = pw.IntegerField()


class KitUseGram(BaseModel):
    """A key of a kit use's name, contact, what happened or note, and the use (services/pairs.py)."""

    gram = pw.CharField(max_length=13)
    use = pw.ForeignKeyField(KitUse, backref="grams", on_delete="RESTRICT")
    use_id: int

    class Meta:
        table_name = "kit_use_gram"
        primary_key = pw.CompositeKey("gram", "use")
