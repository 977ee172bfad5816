"""What the desk's own machinery looks like: for Home and `deskapp locate`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from deskapp import backups, db, dbfiles, schema
from deskapp.backups import Backup
from deskapp.models import Staff
from deskapp.paths import Locations


@dataclass(frozen=True)
class DeskStatus:
    database_name: str
    schema_version: int
    active_staff: int
    last_backup: Backup | None


def desk_status(locations: Locations) -> DeskStatus:
    return DeskStatus(
        database_name=locations.database.name,
        schema_version=schema.database_version(),
        active_staff=Staff.select().where(Staff.active).count(),
        last_backup=backups.last_backup(locations),
    )


def check_database(path: Path) -> list[str]:
    """Everything `deskapp check` verifies; [] when the database is sound."""
    found = dbfiles.integrity_problems(path)
    if found:
        return found
    db.connect(path)
    try:
        found = schema.problems()
        if not found:
            from deskapp.services import handover

            found = handover.verify()  # signed handovers still match their seals
        return found
    finally:
        db.disconnect()
