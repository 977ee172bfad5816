"""The audit trail: who changed what, when, with the values before and after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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
    import json

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
    return AuditEntry.create(
        at=at,
        staff=actor.staff_id,
        source=actor.source,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        before=_dump(before),
        after=_dump(after),
    )
