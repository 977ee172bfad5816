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
printed on each handover (find_seal).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from deskapp.i18n import _
from deskapp.models import AuditEntry, HandoverAck, HandoverAddendum, LogEntry, ShiftLog
from deskapp.services import audit


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(timezone.utc).isoformat() if value else None


def content(log: ShiftLog) -> dict[str, Any]:
    """Everything a signed handover says, as it is hashed."""
    entries = [
        [
            e.id,
            _iso(e.at),
            e.staff_id,
            e.type,
            e.text,
            e.told,
            e.promise_to,
            _iso(e.promise_due),
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
        "opened_at": _iso(log.opened_at),
        "started_at": _iso(log.started_at),
        "summary": log.summary,
        "notes": log.notes,
        "cash": [log.cash_opening_fen, log.cash_expected_fen, log.cash_counted_fen, log.cash_reason],
        "items": log.items,
        "item_reason": log.item_reason,
        "signatures": [
            [log.outgoing_id, _iso(log.outgoing_at)],
            [log.incoming_id, _iso(log.incoming_at)],
            [log.lead_id, _iso(log.lead_at)],
        ],
        "signed_at": _iso(log.signed_at),
        "prev_hash": log.prev_hash,
        "entries": entries,
    }


def content_hash(log: ShiftLog) -> str:
    text = json.dumps(content(log), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def addendum_hash(log_hash: str, staff_id: int, at: datetime, text: str) -> str:
    return hashlib.sha256(
        json.dumps([log_hash, staff_id, _iso(at), text], ensure_ascii=False).encode("utf-8")
    ).hexdigest()


# -- the seal code printed on a handover ----------------------------------------------------------

CODE_DIGITS = 16  # hex digits of the seal in the code: 64 bits, beyond any search for a match


@dataclass(frozen=True)
class Code:
    """A seal code as printed: a handover (addendum 0) or its nth addendum, and hex digits."""

    log_id: int
    addendum: int
    digits: str

    def __str__(self) -> str:
        return seal_code(self.log_id, self.digits.ljust(CODE_DIGITS, "0"), self.addendum)


def seal_code(log_id: int, seal: str, addendum: int = 0) -> str:
    """What the print shows: 42-3F9A-C0D1-77E2-9B10 for handover 42, 42.1-… for its first addendum."""
    digits = seal[:CODE_DIGITS].upper()
    head = f"{log_id}.{addendum}" if addendum else str(log_id)
    return "-".join([head] + [digits[i : i + 4] for i in range(0, CODE_DIGITS, 4)])


def parse_code(code: str) -> Code | None:
    """A code as typed (any case, dashes or spaces anywhere); None when it is not one."""
    m = re.fullmatch(r"\s*(\d{1,9})(?:\.(\d{1,4}))?\s*-?\s*([0-9A-Fa-f][0-9A-Fa-f\s-]*)", code)
    if not m:
        return None
    digits = re.sub(r"[\s-]", "", m[3]).lower()
    return Code(int(m[1]), int(m[2] or 0), digits) if len(digits) == CODE_DIGITS else None


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
        intact = content_hash(log) == log.hash
        return SealFound(log.id, log.signed_at, log.hash.startswith(code.digits), intact)
    addenda = list(log.addenda.order_by(HandoverAddendum.id))
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
    last = AuditEntry.select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).first()
    return (last.id, last.hash) if last else None


def last_seal() -> tuple[int, str] | None:
    """The newest signed handover: (id, seal)."""
    log = (
        ShiftLog.select(ShiftLog.id, ShiftLog.hash)
        .where(ShiftLog.state == "signed")
        .order_by(ShiftLog.id.desc())
        .first()
    )
    return (log.id, log.hash) if log else None


def signed_seals() -> dict[int, str]:
    """Every signed handover's seal, by id."""
    return dict(ShiftLog.select(ShiftLog.id, ShiftLog.hash).where(ShiftLog.state == "signed").tuples())


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
    previous = ""
    addenda: dict[int, list[HandoverAddendum]] = {}
    for a in HandoverAddendum.select().order_by(HandoverAddendum.id):  # one query, not one per handover
        addenda.setdefault(a.log_id, []).append(a)
    for log in ShiftLog.select().where(ShiftLog.state == "signed").order_by(ShiftLog.id):
        if log.prev_hash != previous:
            problems.append(
                _("Handover {id}: its link to the previous handover is broken.").format(id=log.id)
            )
        if content_hash(log) != log.hash:
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
        previous = log.hash
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
    states = dict(ShiftLog.select(ShiftLog.id, ShiftLog.state).tuples())
    addenda = {a.id: a for a in HandoverAddendum.select()}
    recorded_logs, recorded_addenda = set(), set()
    for entry in AuditEntry.select().where(AuditEntry.action.in_(("handover.signed", "handover.addendum"))):
        after = json.loads(entry.after or "{}")
        log_id = int(entry.entity_id)
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
    row = addenda.get(after.get("addendum"))
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
