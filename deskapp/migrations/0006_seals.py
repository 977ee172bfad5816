"""The seal chain and the guards (issue 15, docs/trust.md):

- the audit trail becomes a hash chain: prev_hash and hash on every entry,
  computed here for the entries already written, in id order;
- staff get lock-outs that lengthen (lockouts) and a lock only an
  administrator lifts (held);
- desk_mark says what a database is (kind = "demo" for the demo).

Frozen: the columns and the chain's hash as they are at this version.
"""

import hashlib
import json
from datetime import timezone

from peewee import BooleanField, CharField, IntegerField, Model


def _hash(prev, row):
    at, staff_id, source, action, entity, entity_id, before, after = row
    if isinstance(at, str):  # SQLite hands back text for a frozen plain DateTimeField
        from datetime import datetime

        at = datetime.fromisoformat(at)
    at = at.replace(tzinfo=timezone.utc).isoformat()
    text = json.dumps([prev, at, staff_id, source, action, entity, entity_id, before, after],
                      ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def up(migrator, db):
    class DeskMark(Model):
        key = CharField(max_length=20, primary_key=True)
        value = CharField(max_length=200)

        class Meta:
            database = db
            table_name = "desk_mark"

    migrator.migrate(  # the runner holds one transaction around all of this
        migrator.add_column("audit_entry", "prev_hash", CharField(max_length=64, default="")),
        migrator.add_column("audit_entry", "hash", CharField(max_length=64, default="")),
        migrator.add_column("staff", "lockouts", IntegerField(default=0)),
        migrator.add_column("staff", "held", BooleanField(default=False)),
    )
    db.create_tables([DeskMark])
    rows = db.execute_sql(
        "SELECT id, at, staff_id, source, action, entity, entity_id, before, after "
        "FROM audit_entry ORDER BY id"
    ).fetchall()
    update = f"UPDATE audit_entry SET prev_hash = {db.param}, hash = {db.param} WHERE id = {db.param}"
    prev = ""
    for row in rows:
        digest = _hash(prev, row[1:])
        db.execute_sql(update, (prev, digest, row[0]))
        prev = digest
