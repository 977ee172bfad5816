"""What the desk's own machinery looks like: for Home and `deskapp locate`."""

from __future__ import annotations

from dataclasses import dataclass

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
    on_server: bool = False  # backed up by the server, not by deskapp


def desk_status(locations: Locations) -> DeskStatus:
    name = locations.database.name
    if locations.server:
        from urllib.parse import urlsplit

        parts = urlsplit(locations.server)
        name = f"{parts.path.lstrip('/')} @ {parts.hostname or 'localhost'}"
    return DeskStatus(
        database_name=name,
        schema_version=schema.database_version(),
        active_staff=Staff.select().where(Staff.active).count(),
        last_backup=backups.last_backup(locations),
        on_server=bool(locations.server),
    )


def check_database(locations: Locations) -> list[str]:
    """Everything `deskapp check` verifies; [] when the database is sound.
    A file first gets SQLite's own integrity check; a server looks after its own pages."""
    if not locations.server:
        found = dbfiles.integrity_problems(locations.database)
        if found:
            return found
    db.connect(locations.target)
    try:
        found = schema.problems()
        if not found:
            from deskapp.services import handover

            found = handover.verify()  # signed handovers still match their seals
        return found
    finally:
        db.disconnect()
