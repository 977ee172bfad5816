"""Heads of the seal chain kept outside the database (docs/trust.md, "The seal chain").

A head is the newest audit entry (id and hash) at some moment, with the signed
handovers' seals. Two kinds are kept in the backup folder of the database:
- every backup file: a whole copy, so its own audit trail's last entry;
- chain-heads.txt: a line after every sealing and addendum made on this PC,
  hourly while the desk screens run and when they close, and after a change
  made on the command line (the only outside copy for a database on a server).

problems() asks the live database (connected) for each head: a trail that no
longer holds an entry with that hash was cut or rewritten after the head was
kept. Heads that a restore set aside, recorded in the trail by that restore,
are expected to be missing.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from deskapp import dbfiles, private
from deskapp.i18n import _, ngettext
from deskapp.paths import Locations

HEADS_FILE = "chain-heads.txt"


@dataclass(frozen=True)
class Head:
    source: str  # a backup file's name, or "chain-heads.txt line N"
    entry: tuple[int, str] | None  # the trail's newest entry then: id, hash
    seals: list[tuple[int, str]] = field(default_factory=list)  # signed handovers then: id, seal
    in_file: bool = False  # a line of chain-heads.txt (not a backup)
    readable: bool = True  # a line that is not a head at all was edited by someone


_LINE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (\d+) ([0-9a-f]{64})(?: (\d+) ([0-9a-f]{64}))?")


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
        source = _("{file} line {n}").format(file=HEADS_FILE, n=n)
        m = _LINE.fullmatch(line.strip())
        if m is None:
            found.append(Head(source, None, in_file=True, readable=False))
            continue
        seals = [(int(m[3]), m[4])] if m[3] else []
        found.append(Head(source, (int(m[1]), m[2]), seals, in_file=True))
    return found


def keep(locations: Locations, now: datetime) -> None:
    """Add the live head to chain-heads.txt (the database connected), unless the
    last line has it already. Called after every sealing and addendum, by the
    desk screens hourly and when they close, and by the command line after a
    change; so only what was written since the last of those can be cut
    unseen. A head that cannot be written is one safeguard fewer, never a lost
    save: the change itself is already saved."""
    from deskapp.services import seals

    entry = seals.head()
    if entry is None:
        return
    path = locations.backup_dir / HEADS_FILE
    kept = _file_heads(path)
    if kept and kept[-1].entry == entry:
        return
    last = seals.last_seal()
    line = [now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), str(entry[0]), entry[1]]
    if last:
        line += [str(last[0]), last[1]]
    try:
        private.append_line(path, " ".join(line))
    except OSError:
        pass


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


@dataclass(frozen=True)
class Outside:
    problems: list[str]
    said: str  # what was compared, e.g. "Compared with 3 backups and 12 heads in chain-heads.txt."


def compare(locations: Locations) -> Outside:
    """The heads kept outside against the live database (connected)."""
    from deskapp.rules.seals import seal_code
    from deskapp.services import seals

    excused = seals.set_aside_by_restores()
    live = seals.signed_seals()
    found = []
    kept = heads(locations)
    for head in kept:
        if not head.readable:
            found.append(_("{source} is not a chain head: the file was edited.").format(source=head.source))
        if head.entry is not None and not seals.holds(*head.entry) and head.entry not in excused["entries"]:
            found.append(
                _(
                    "{source}: the audit trail then ended at entry {id}, which this database no "
                    "longer holds as it was; entries were deleted or rewritten since."
                ).format(source=head.source, id=head.entry[0])
            )
        for log_id, seal in head.seals:
            if live.get(log_id) != seal and (log_id, seal) not in excused["seals"]:
                found.append(
                    _(
                        "{source}: handover {id} was signed with seal {code}; here it is missing, "
                        "unsigned or sealed differently."
                    ).format(source=head.source, id=log_id, code=seal_code(log_id, seal))
                )
    backups = sum(not h.in_file for h in kept)
    lines = len(kept) - backups
    first = ngettext("Compared with {n} backup", "Compared with {n} backups", backups).format(n=backups)
    second = ngettext("and {n} line of {file}.", "and {n} lines of {file}.", lines).format(
        n=lines, file=HEADS_FILE
    )
    said = _("{first} {second}").format(first=first, second=second)  # 已与 3 个备份及…: no space
    return Outside(found, said)
