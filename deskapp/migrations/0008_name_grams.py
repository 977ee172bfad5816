"""Finding a loan by part of a name through an index (issue 20, docs/records.md,
"Finding a record"): name_gram holds every two characters side by side of each
borrower's name (ASCII letters in lower case) with the loan's id; the loans
already written get theirs here.

Frozen: the table and the rule for a name's pairs as they are at this version.
"""

from peewee import CharField, CompositeKey, ForeignKeyField, Model

BATCH = 5000


def grams(name):
    folded = "".join(ch.lower() if ch.isascii() else ch for ch in name)
    return {folded[i:i + 2] for i in range(len(folded) - 1)}


def up(migrator, db):
    class Loan(Model):
        class Meta:
            database = db
            table_name = "loan"

    class NameGram(Model):
        gram = CharField(max_length=2)
        loan = ForeignKeyField(Loan, on_delete="RESTRICT")

        class Meta:
            database = db
            table_name = "name_gram"
            primary_key = CompositeKey("gram", "loan")

    db.create_tables([NameGram])
    last = 0
    while True:
        select = f"SELECT id, borrower FROM loan WHERE id > {db.param} ORDER BY id LIMIT {BATCH}"
        rows = db.execute_sql(select, (last,)).fetchall()
        if not rows:
            break
        pairs = [(gram, loan_id) for loan_id, name in rows for gram in sorted(grams(name))]
        if pairs:
            NameGram.insert_many(pairs, fields=[NameGram.gram, NameGram.loan]).execute()
        last = rows[-1][0]
