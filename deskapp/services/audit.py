"""The audit trail: who changed what, when, with the values before and after.

The trail is a hash chain (docs/trust.md, "The seal chain"): each entry's
hash covers its fields and the hash of the entry before it, so an entry
changed, deleted or moved in the middle shows; services.seals checks it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from deskapp.db import database
from deskapp.models import AuditEntry

SOURCES = ("tui", "cli", "system")


@dataclass(frozen=True)
class Actor:
    """Who is making a change: a signed-in staff member (or nobody, for the system)."""

    staff_id: int | None
    source: str  # one of SOURCES


SYSTEM = Actor(None, "system")


def _dump(values: dict[str, Any] | None) -> str | None:
    if values is None:
        return None
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


def record(
    actor: Actor,
    action: str,
    entity: str,
    entity_id: object,
    at: datetime,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit entry. Must run inside the change's own transaction."""
    if not database.in_transaction():
        raise RuntimeError("audit.record() must run inside the transaction of the change it records")
    fields = {
        "at": at,
        "staff": actor.staff_id,
        "source": actor.source,
        "action": action,
        "entity": entity,
        "entity_id": None if entity_id is None else str(entity_id),
        "before": _dump(before),
        "after": _dump(after),
    }
    # Writes are serialised (db.write_transaction), so the last entry stays the last.
    last = AuditEntry.select(AuditEntry.hash).order_by(AuditEntry.id.desc()).first()
    entry = AuditEntry(**fields, prev_hash=last.hash if last else "")
    entry.hash = row_hash(entry)
    entry.save(force_insert=True)
    return entry


def entry_hash(
    prev: str,
    at: datetime,
    staff_id: int | None,
    source: str,
    action: str,
    entity: str,
    entity_id: str | None,
    before: str | None,
    after: str | None,
) -> str:
    """The chain's hash of one entry (the same formula as migration 0006)."""
    when = at.astimezone(timezone.utc).isoformat()
    text = json.dumps(
        [prev, when, staff_id, source, action, entity, entity_id, before, after],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def row_hash(row: AuditEntry) -> str:
    """What an entry's hash should be, from the row as stored."""
    return entry_hash(
        row.prev_hash,
        row.at,
        row.staff_id,
        row.source,
        row.action,
        row.entity,
        row.entity_id,
        row.before,
        row.after,
    )
