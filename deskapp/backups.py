"""Backups of the database file: daily, before a migration, before a restore, by hand.

Files are named `<kind>-<YYYYMMDD-HHMMSS>.sqlite3` in the desk's local time, in
one folder per database (Locations.backup_dir). Only daily backups are pruned,
to the policy's backup.keep_daily; the others were taken for a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from deskapp import dbfiles, i18n, migrations
from deskapp.clock import DeskTime
from deskapp.errors import DeskError
from deskapp.i18n import _
from deskapp.paths import Locations

DAILY = "daily"
_NAME = re.compile(r"^(?P<kind>[a-z0-9-]+?)-(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.sqlite3$")


@dataclass(frozen=True)
class Backup:
    path: Path
    kind: str  # daily | manual | pre-v2 ... | pre-restore
    taken: datetime  # desk-local wall clock, naive, as in the file name


def list_backups(folder: Path) -> list[Backup]:
    """Backups in a folder, newest first."""
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            m = _NAME.match(path.name)
            if m:
                taken = datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S")
                found.append(Backup(path, m["kind"], taken))
    return sorted(found, key=lambda b: (b.taken, b.path.name), reverse=True)


def last_backup(locations: Locations) -> Backup | None:
    backups = list_backups(locations.backup_dir)
    return backups[0] if backups else None


def server_refusal(locations: Locations) -> DeskError:
    """Why deskapp neither backs up nor restores a desk on a server: the refusal to raise."""
    return DeskError(
        _(
            "The records are on the database server {url}: it is backed up and restored "
            "on the server (pg_dump, pg_restore), not by deskapp."
        ).format(url=locations.shown)
    )


def refusal(source: Path) -> str | None:
    """Why a backup file cannot be restored, or None when it can."""
    problems = dbfiles.integrity_problems(source)
    if problems:
        return _("{file} failed the integrity check, so it was not restored: {problems}").format(
            file=source, problems=i18n.join(problems[:3], clauses=True)
        )
    applied = dbfiles.applied_migrations(source)
    if not applied:
        return _("{file} is not a deskapp database; nothing was restored.").format(file=source)
    if migrations.too_new(applied, migrations.known()):
        return _("{file} was written by a newer deskapp; nothing was restored.").format(file=source)
    return None


def not_this_desk(source: Path, live: Path) -> str | None:
    """Why a sound file is not restored over this desk's sound file: a demo over real
    records, or another desk's database (docs/trust.md, "Guards"); None when it may be."""
    if not live.is_file() or dbfiles.integrity_problems(live):
        return None  # nothing left to compare with: the administrator's PIN decides
    if dbfiles.desk_kind(source) == "demo" and dbfiles.desk_kind(live) != "demo":
        return _("{file} is a demo desk: it is never restored over a desk's records.").format(file=source)
    theirs, ours = dbfiles.founder(source), dbfiles.founder(live)
    if theirs and ours and theirs != ours:
        return _(
            "{file} is not a backup of this desk (it was started by another first administrator, "
            "or at another time); nothing was restored."
        ).format(file=source)
    return None


def last_good(locations: Locations) -> Path | None:
    """The newest backup of this database that can be restored: never a kept damaged
    file, nor the copy a restore set aside (restoring that is named by hand)."""
    if locations.server:
        raise server_refusal(locations)
    for backup in list_backups(locations.backup_dir):
        if backup.kind not in ("damaged", "pre-restore") and refusal(backup.path) is None:
            return backup.path
    return None


def take(locations: Locations, time: DeskTime, kind: str, folder: Path | None = None) -> Path:
    """Copy the live database now; returns the new file."""
    if locations.server:
        raise server_refusal(locations)
    folder = folder or locations.backup_dir
    stamp = time.local(time.now()).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{kind}-{stamp}.sqlite3"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{kind}-{stamp}-{n}.sqlite3"
    dbfiles.copy_file(locations.database, target)
    return target


def prune(folder: Path, keep: int) -> list[Path]:
    daily = [b for b in list_backups(folder) if b.kind == DAILY]
    removed = []
    for old in daily[keep:]:
        old.path.unlink(missing_ok=True)
        removed.append(old.path)
    return removed


def daily(locations: Locations, time: DeskTime, keep: int) -> Path | None:
    """Take today's backup unless there is one; keep the newest `keep` daily ones."""
    if locations.server:  # the server's own backups; see server_refusal()
        return None
    today = time.today()
    if any(b.kind == DAILY and b.taken.date() == today for b in list_backups(locations.backup_dir)):
        return None
    path = take(locations, time, DAILY)
    prune(locations.backup_dir, keep)
    return path


def before_migration(locations: Locations, time: DeskTime):
    """The callback schema.migrate() calls before it changes an existing database.
    None on a server, where each migration runs in one transaction (PostgreSQL
    changes tables transactionally): a failed one leaves the database as it was."""
    if locations.server:
        return None

    def backup(from_version: int, to_version: int) -> Path:
        return take(locations, time, f"pre-v{to_version}")

    return backup


def restore(locations: Locations, time: DeskTime, source: Path) -> Path | None:
    """Put a backup back as the live database, after a safety copy of the current one.

    Refuses a file that fails SQLite's integrity check, is not a deskapp
    database, or was written by a newer deskapp. Returns the safety copy.
    """
    if locations.server:
        raise server_refusal(locations)
    source = Path(source)
    if why := refusal(source):
        raise DeskError(why)
    live = locations.database
    if live.exists() and not dbfiles.integrity_problems(live):
        safety = take(locations, time, "pre-restore")
        dbfiles.overwrite_with(source, live)  # page by page, under the live file's lock
        return safety
    # The live file is damaged or gone: keep it as it is and put the backup in its place.
    stamp = time.local(time.now()).strftime("%Y%m%d-%H%M%S")
    safety = locations.backup_dir / f"damaged-{stamp}.sqlite3"
    dbfiles.replace_damaged(source, live, safety)
    return safety if safety.exists() else None
