"""Finding complaints, kit uses and promises by part of their text, and anything by one
character, through an index (issue 20, docs/records.md, "Finding a record"):
complaint_gram, kit_use_gram and promise_gram hold the keys of those records' texts
(each character but spaces, each two side by side, ASCII letters in lower case; "#" with
the last four digits of each number in a contact, and "#" with the whole number when it
is a phone), and name_gram gets the borrowers' names' single characters. The records already
written get theirs here.

Frozen: the tables and the rule for a text's keys as they are at this version.
"""

import re
import unicodedata

from peewee import CharField, CompositeKey, ForeignKeyField, Model

BATCH = 2000


WRITTEN_NUMBER = r"(?:(?:\+86|0086)[\s\-]*)?\d[\d\s\-()（）]*\d"


def without_numbers(text):
    return re.sub(WRITTEN_NUMBER, " ", unicodedata.normalize("NFKC", text or ""))


def keys(texts, phones=()):
    found = set()
    for text in texts:
        folded = "".join(ch.lower() if ch.isascii() else ch for ch in text or "")
        found.update(ch for ch in folded if not ch.isspace())
        found.update(folded[i:i + 2] for i in range(len(folded) - 1))
    for phone in phones:
        numbers = re.findall(WRITTEN_NUMBER, unicodedata.normalize("NFKC", phone or ""))
        for written in numbers:
            number = re.sub(r"[\s\-()（）]", "", written)
            if number.startswith("+86"):
                number = number[3:]
            elif number.startswith("0086"):
                number = number[4:]
            if len(number) >= 4:
                found.add("#" + number[-4:])
            if 7 <= len(number) <= 12:
                found.add("#" + number)
    return found


def index_table(db, name, owner_table, owner_field, size):
    class Owner(Model):
        class Meta:
            database = db
            table_name = owner_table

    fields = {"gram": CharField(max_length=size),
              owner_field: ForeignKeyField(Owner, on_delete="RESTRICT"),
              "Meta": type("Meta", (), {"database": db, "table_name": name,
                                        "primary_key": CompositeKey("gram", owner_field)})}
    return type(name, (Model,), fields)


def fill(db, table, owner_field, select, split):
    """The keys of every row `select` reads (id first), BATCH rows at a time."""
    last = 0
    while True:
        rows = db.execute_sql(f"{select} AND id > {db.param} ORDER BY id LIMIT {BATCH}", (last,)).fetchall()
        if not rows:
            return
        pairs = [(key, row[0]) for row in rows for key in sorted(split(row))]
        for start in range(0, len(pairs), 400):
            fields = [table.gram, getattr(table, owner_field)]
            table.insert_many(pairs[start:start + 400], fields=fields).execute()
        last = rows[-1][0]


def up(migrator, db):
    complaint = index_table(db, "complaint_gram", "complaint", "complaint", 13)
    kit_use = index_table(db, "kit_use_gram", "kit_use", "use", 13)
    promise = index_table(db, "promise_gram", "log_entry", "entry", 13)
    names = index_table(db, "name_gram", "loan", "loan", 2)
    db.create_tables([complaint, kit_use, promise])
    fill(db, complaint, "complaint",
         "SELECT id, complainant, place, people, what, contact FROM complaint WHERE 1 = 1",
         lambda row: keys(row[1:5], row[5:]))
    fill(db, kit_use, "use", "SELECT id, person_name, contact, what_text, note FROM kit_use WHERE 1 = 1",
         lambda row: keys((row[1], without_numbers(row[2]), *row[3:]), row[2:3]))
    fill(db, promise, "entry", "SELECT id, text, promise_to FROM log_entry WHERE type = 'promise'",
         lambda row: keys((row[1], without_numbers(row[2])), row[2:3]))
    fill(db, names, "loan", "SELECT id, borrower FROM loan WHERE 1 = 1",
         lambda row: {ch for ch in keys(row[1:2]) if len(ch) == 1})
