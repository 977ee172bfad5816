"""The seal chain (docs/trust.md, "The seal chain").

Two chains, tied to each other:
- every signed handover carries a SHA-256 over its content and the previous
  signed handover's hash; an addendum's hash covers its handover's hash;
- the audit trail is itself a chain (services.audit), and it records every
  sealing and every addendum with their hashes.

verify() finds what the database alone can show: an edit anywhere, a deleted
or moved entry, a handover deleted or un-signed after its sealing was
recorded, a deleted addendum. A cut at the very end of both chains, or a
forger who recomputes every hash, shows only against something kept outside
the database: backups and the heads file (deskapp.anchors) and the seal code
printed on each handover (find_seal). The hashing and the code are rules.seals.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from deskapp.i18n import _
from deskapp.models import AuditEntry, HandoverAck, HandoverAddendum, LogEntry, ShiftLog
from deskapp.rules.seals import Code, addendum_hash, chain_breaks, content_hash, iso
from deskapp.services import audit


def content(log: ShiftLog) -> dict[str, Any]:
    """Everything a signed handover says, as it is hashed."""
    entries = [
        [
            e.id,
            iso(e.at),
            e.staff_id,
            e.type,
            e.text,
            e.told,
            e.promise_to,
            iso(e.promise_due),
            e.closes_id,
            e.service,
            e.qty,
            e.amount_fen,
        ]
        for e in LogEntry.select().where(LogEntry.log == log.id).order_by(LogEntry.id)
    ]
    return {
        "id": log.id,
        "shift": log.shift,
        "opened_at": iso(log.opened_at),
        "started_at": iso(log.started_at),
        "summary": log.summary,
        "notes": log.notes,
        "cash": [log.cash_opening_fen, log.cash_expected_fen, log.cash_counted_fen, log.cash_reason],
        "items": log.items,
        "item_reason": log.item_reason,
        "signatures": [
            [log.outgoing_id, iso(log.outgoing_at)],
            [log.incoming_id, iso(log.incoming_at)],
            [log.lead_id, iso(log.lead_at)],
        ],
        "signed_at": iso(log.signed_at),
        "prev_hash": log.prev_hash,
        "entries": entries,
    }


def seal_of(log: ShiftLog) -> str:
    """The seal of what the handover says now (rules.seals.content_hash)."""
    return content_hash(content(log))


def addendum_seals(log_id: int) -> list[str]:
    """The hashes of a handover's addenda, first to last (their codes are .1, .2 …)."""
    return [
        a.hash
        for a in HandoverAddendum.select(HandoverAddendum.hash)
        .where(HandoverAddendum.log == log_id)
        .order_by(HandoverAddendum.id)
    ]


@dataclass(frozen=True)
class SealFound:
    log_id: int
    signed_at: datetime | None
    matches: bool  # the live record carries exactly this seal
    intact: bool  # and what it says still gives that seal


def find_seal(code: Code) -> SealFound | None:
    """The signed handover (or addendum) a printed code names; None when there is none."""
    log = ShiftLog.get_or_none((ShiftLog.id == code.log_id) & (ShiftLog.state == "signed"))
    if log is None:
        return None
    if not code.addendum:
        intact = seal_of(log) == log.hash
        return SealFound(log.id, log.signed_at, log.hash.startswith(code.digits), intact)
    addenda = list(
        HandoverAddendum.select().where(HandoverAddendum.log == log.id).order_by(HandoverAddendum.id)
    )
    if code.addendum > len(addenda):
        return None
    a = addenda[code.addendum - 1]
    return SealFound(
        log.id,
        a.at,
        a.hash.startswith(code.digits),
        addendum_hash(log.hash, a.staff_id, a.at, a.text) == a.hash,
    )


# -- the audit chain's head, for anchors outside the database -----------------------------------------


def head() -> tuple[int, str] | None:
    """The newest audit entry: (id, hash)."""
    last = AuditEntry.select(AuditEntry.id, AuditEntry.hash).order_by(-AuditEntry.id).first()
    return (last.id, last.hash) if last else None


def last_seal() -> tuple[int, str] | None:
    """The newest signed handover: (id, seal)."""
    log = (
        ShiftLog.select(ShiftLog.id, ShiftLog.hash)
        .where(ShiftLog.state == "signed")
        .order_by(-ShiftLog.id)
        .first()
    )
    return (log.id, log.hash) if log else None


def signed_seals() -> dict[int, str]:
    """Every signed handover's seal, by id."""
    return {
        log.id: log.hash
        for log in ShiftLog.select(ShiftLog.id, ShiftLog.hash).where(ShiftLog.state == "signed")
    }


def set_aside_by_restores() -> dict[str, set[tuple[int, str]]]:
    """Heads kept outside that a restore, recorded in the trail, left behind."""
    found: dict[str, set[tuple[int, str]]] = {"entries": set(), "seals": set()}
    for entry in AuditEntry.select(AuditEntry.after).where(AuditEntry.action == "desk.restore"):
        after = json.loads(entry.after or "{}").get("set_aside", {})
        for kind in found:
            found[kind].update((int(i), str(h)) for i, h in after.get(kind, []))
    return found


def holds(entry_id: int, digest: str) -> bool:
    """The live trail has this entry with this hash (so all before it, too, once verify() is clean)."""
    return AuditEntry.select().where((AuditEntry.id == entry_id) & (AuditEntry.hash == digest)).exists()


# -- checking ---------------------------------------------------------------------------------------


def verify() -> list[str]:
    """Everything the database itself shows about its seals; [] when sound."""
    return _handover_chain() + _audit_chain() + _sealings() + _acknowledgements()


def _acknowledgements() -> list[str]:
    """Each morning's check of yesterday's handover is there exactly as the trail recorded it."""
    rows = {str(a.log_id) for a in HandoverAck.select(HandoverAck.log)}
    recorded = {
        e.entity_id
        for e in AuditEntry.select(AuditEntry.entity_id).where(AuditEntry.action == "handover.acknowledge")
        if e.entity_id is not None
    }
    said = [
        _("Handover {id}: its check by the next day's staff (audit trail) is missing.").format(id=i)
        for i in sorted(recorded - rows, key=int)
    ]
    return said + [
        _("Handover {id}: a check by the next day's staff that the audit trail never recorded.").format(id=i)
        for i in sorted(rows - recorded, key=int)
    ]


def _handover_chain() -> list[str]:
    problems = []
    addenda: dict[int, list[HandoverAddendum]] = {}
    for a in HandoverAddendum.select().order_by(HandoverAddendum.id):  # one query, not one per handover
        addenda.setdefault(a.log_id, []).append(a)
    logs = list(ShiftLog.select().where(ShiftLog.state == "signed").order_by(ShiftLog.id))
    broken = set(chain_breaks([(log.prev_hash, log.hash) for log in logs]))
    for n, log in enumerate(logs):
        if n in broken:
            problems.append(
                _("Handover {id}: its link to the previous handover is broken.").format(id=log.id)
            )
        if seal_of(log) != log.hash:
            problems.append(
                _("Handover {id}: its content was changed after it was signed.").format(id=log.id)
            )
        for a in addenda.get(log.id, []):
            if addendum_hash(log.hash, a.staff_id, a.at, a.text) != a.hash:
                problems.append(
                    _("Handover {id}: addendum {n} was changed after it was signed.").format(
                        id=log.id, n=a.id
                    )
                )
    return problems


def _audit_chain() -> list[str]:
    problems = []
    previous = ""
    for row in AuditEntry.select().order_by(AuditEntry.id).iterator():
        if row.prev_hash != previous:
            problems.append(
                _("Audit entry {id}: the entry before it was deleted or changed.").format(id=row.id)
            )
        if audit.row_hash(row) != row.hash:
            problems.append(_("Audit entry {id} was changed after it was written.").format(id=row.id))
        previous = row.hash
    return problems


def _sealings() -> list[str]:
    """Every sealing and addendum the trail recorded is there as it was; none is there unrecorded."""
    problems = []
    signed = signed_seals()
    states = {log.id: log.state for log in ShiftLog.select(ShiftLog.id, ShiftLog.state)}
    addenda = {a.id: a for a in HandoverAddendum.select()}
    recorded_logs, recorded_addenda = set(), set()
    for entry in AuditEntry.select().where(AuditEntry.action.in_(("handover.signed", "handover.addendum"))):
        after = json.loads(entry.after or "{}")
        log_id = int(entry.entity_id or 0)  # the trail names the handover it sealed
        if entry.action == "handover.signed":
            recorded_logs.add(log_id)
            problems += _sealing_problems(entry.id, log_id, after.get("hash", ""), signed, states)
        else:
            recorded_addenda.add(after.get("addendum"))
            problems += _addendum_problems(entry.id, log_id, after, addenda)
    for log_id in sorted(set(signed) - recorded_logs):
        problems.append(
            _("Handover {id} is signed, but the audit trail never recorded its sealing.").format(id=log_id)
        )
    for n in sorted(set(addenda) - recorded_addenda):
        problems.append(
            _("Handover {id}: addendum {n} is not in the audit trail.").format(id=addenda[n].log_id, n=n)
        )
    return problems


def _sealing_problems(
    entry: int, log_id: int, seal: str, signed: dict[int, str], states: dict[int, str]
) -> list[str]:
    if log_id not in states:
        return [
            _("Handover {id} was sealed (audit entry {entry}) and is now missing.").format(
                id=log_id, entry=entry
            )
        ]
    if log_id not in signed:
        return [
            _("Handover {id} was sealed (audit entry {entry}) and is no longer signed.").format(
                id=log_id, entry=entry
            )
        ]
    if signed[log_id] != seal:
        return [
            _("Handover {id}: its seal is not the one the audit trail recorded (entry {entry}).").format(
                id=log_id, entry=entry
            )
        ]
    return []


def _addendum_problems(
    entry: int, log_id: int, after: dict[str, Any], addenda: dict[int, HandoverAddendum]
) -> list[str]:
    n = after.get("addendum")
    row = addenda.get(n) if isinstance(n, int) else None
    if row is None or row.log_id != log_id:
        return [
            _("Handover {id}: addendum {n} (audit entry {entry}) is missing.").format(
                id=log_id, n=after.get("addendum"), entry=entry
            )
        ]
    if row.text != after.get("text") or ("hash" in after and row.hash != after["hash"]):
        return [
            _("Handover {id}: addendum {n} is not the one the audit trail recorded (entry {entry}).").format(
                id=log_id, n=row.id, entry=entry
            )
        ]
    return []
