"""Heads of the seal chain kept outside the database (docs/trust.md, "The seal chain").

A head is the newest audit entry (id and hash) at some moment, with the signed
handovers' seals. Two kinds are kept in the backup folder of the database:
- every backup file: a whole copy, so its own audit trail's last entry;
- chain-heads.txt: a line after every sealing and addendum made on this PC,
  and one a day (the only outside copy for a database on a server).

problems() asks the live database (connected) for each head: a trail that no
longer holds an entry with that hash was cut or rewritten after the head was
kept. Heads that a restore set aside, recorded in the trail by that restore,
are expected to be missing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from deskapp import dbfiles, private
from deskapp.i18n import _
from deskapp.paths import Locations

HEADS_FILE = "chain-heads.txt"


@dataclass(frozen=True)
class Head:
    source: str  # a backup file's name, or "chain-heads.txt line N"
    entry: tuple[int, str] | None  # the trail's newest entry then: id, hash
    seals: list[tuple[int, str]] = field(default_factory=list)  # signed handovers then: id, seal


def heads(locations: Locations) -> list[Head]:
    """Every head kept for this database, backups first."""
    from deskapp import backups

    found = []
    for backup in reversed(backups.list_backups(locations.backup_dir)):
        if backup.kind != "damaged":
            head = _backup_head(backup.path)
            if head is not None:
                found.append(head)
    return found + _file_heads(locations.backup_dir / HEADS_FILE)


def _backup_head(path: Path) -> Head | None:
    try:
        conn = dbfiles.peek(path)
    except sqlite3.Error:
        return None
    try:
        seals = [(i, h) for i, h in conn.execute("SELECT id, hash FROM shift_log WHERE state = 'signed'")]
        try:
            row = conn.execute("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
        except sqlite3.Error:  # a backup from before the trail was chained
            row = None
        return Head(path.name, (row[0], row[1]) if row and row[1] else None, seals)
    except sqlite3.Error:  # not a deskapp database, or from before the handover book
        return None
    finally:
        conn.close()


def _file_heads(path: Path) -> list[Head]:
    if not path.is_file():
        return []
    found = []
    for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        parts = line.split()
        try:
            entry = (int(parts[1]), parts[2])
            seals = [(int(parts[3]), parts[4])] if len(parts) >= 5 else []
        except (IndexError, ValueError):
            entry, seals = None, []
        found.append(Head(_("{file} line {n}").format(file=HEADS_FILE, n=n), entry, seals))
    return found


def keep(locations: Locations, now: datetime) -> None:
    """Add the live head to chain-heads.txt (the database connected). A head that
    cannot be written is only one safeguard fewer: the change itself is saved."""
    from deskapp.services import seals

    entry = seals.head()
    if entry is None:
        return
    last = seals.last_seal()
    line = [now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), str(entry[0]), entry[1]]
    if last:
        line += [str(last[0]), last[1]]
    try:
        private.append_line(locations.backup_dir / HEADS_FILE, " ".join(line))
    except OSError:
        pass


def keep_daily(locations: Locations, now: datetime) -> None:
    """One line a day at least, so a database on a server has a head outside it too."""
    path = locations.backup_dir / HEADS_FILE
    today = now.astimezone(timezone.utc).strftime("%Y-%m-%d")
    if path.is_file():
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        if lines and lines[-1].startswith(today):
            return
    keep(locations, now)


def set_aside(locations: Locations) -> dict[str, list[list[object]]]:
    """The heads the live database does not hold: for a restore to record."""
    from deskapp.services import seals

    entries, sealed = [], []
    live = seals.signed_seals()
    for head in heads(locations):
        if head.entry and not seals.holds(*head.entry):
            entries.append(list(head.entry))
        sealed += [[i, h] for i, h in head.seals if live.get(i) != h]
    return {"entries": entries, "seals": sealed}


def problems(locations: Locations) -> list[str]:
    """Heads kept outside that the live database (connected) no longer matches."""
    from deskapp.services import seals

    excused = seals.set_aside_by_restores()
    live = seals.signed_seals()
    found = []
    for head in heads(locations):
        if head.entry is not None and not seals.holds(*head.entry) and head.entry not in excused["entries"]:
            found.append(_("{source}: the audit trail then ended at entry {id}, which this database no "
                           "longer holds as it was; entries were deleted or rewritten since.").format(
                source=head.source, id=head.entry[0]))
        for log_id, seal in head.seals:
            if live.get(log_id) != seal and (log_id, seal) not in excused["seals"]:
                found.append(_("{source}: handover {id} was signed with seal {code}; here it is missing, "
                               "unsigned or sealed differently.").format(
                    source=head.source, id=log_id, code=seals.seal_code(log_id, seal)))
    return found

