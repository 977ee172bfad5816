"""The handover book (docs/handover.md): each shift's log and what is written in it.

- A shift's log takes notes, important events (marked when also told in
  person), customer promises (open until someone marks them kept, carried from
  shift to shift: services.handover_promises) and money (paid services at the
  policy's prices, other money in or out).
- The desk's first log begins with its first record; starting the handover cuts
  the shift (services.handover_count) and the next shift's log opens at once. So
  every record falls in exactly one log.
- The rest of a handover: the count (services.handover_count), the signatures and
  the seal (services.handover_signing), addenda and the next day's check
  (services.handover_addenda), past handovers and the sheet (services.handover_history).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import peewee as pw

from deskapp import i18n
from deskapp.clock import DeskTime
from deskapp.errors import DeskError, ValidationError
from deskapp.i18n import N_, _
from deskapp.models import (
    CashEntry,
    Complaint,
    HandoverAddendum,
    KitUse,
    Loan,
    LogEntry,
    PromiseGram,
    ShiftLog,
    Staff,
)
from deskapp.money import parse_yuan, too_large, yuan
from deskapp.policy import Policy
from deskapp.rules import handover as handover_rules
from deskapp.services import audit, pairs, shifts, transaction
from deskapp.services.datetext import typed_moment
from deskapp.services.text import clean

ENTRY_TYPES = {
    "note": N_("note"),
    "event": N_("important event"),
    "promise": N_("promise"),
    "cash": N_("money"),
    "kept": N_("promise kept"),
}
STATES = {"open": N_("open"), "counting": N_("handing over"), "signed": N_("signed")}
TEXT_MAX = 1000


def service_label(policy: Policy, service: str) -> str:
    rules = policy.services.get(service)
    if rules is None:
        return service
    return rules.label_zh if i18n.language() == "zh_CN" else rules.label_en


def log_name(policy: Policy, clock: DeskTime, info: LogInfo) -> str:
    """What the log is called: the shift it covers, or its times (services.shifts)."""
    return shifts.log_name(policy, clock, info.opened_at, info.started_at or clock.now())


# -- the current log ---------------------------------------------------------------------------------


def open_log(policy: Policy, clock: DeskTime) -> ShiftLog:
    """The log entries go to now. The desk's first log is written when first used and
    begins with the desk's first record (docs/handover.md, "When a log opens")."""
    log = ShiftLog.select().where(ShiftLog.state == "open").order_by(-ShiftLog.id).first()
    if log is None:
        now = clock.now()
        first = None if ShiftLog.select().exists() else _first_record()
        opened = min(first, now) if first else now
        log = ShiftLog.create(shift=shifts.shift_at(policy, clock, opened), opened_at=opened)
    return log


def _first_record() -> datetime | None:
    """When the desk's first record a handover counts was made, if any."""
    firsts = [
        model.select(pw.fn.MIN(field)).scalar()
        for model, field in (
            (Loan, Loan.lent_at),
            (CashEntry, CashEntry.at),
            (Complaint, Complaint.received_at),
            (KitUse, KitUse.registered_at),
        )
    ]
    return min((f for f in firsts if f is not None), default=None)


@dataclass(frozen=True)
class EntryInfo:
    id: int
    log_id: int
    at: datetime
    staff_name: str
    type: str
    text: str
    told: bool
    promise_to: str
    promise_due: datetime | None
    closes_id: int | None
    service: str | None
    qty: int | None
    amount_fen: int | None
    kept_at: datetime | None = None  # a promise: when it was marked kept
    kept_by: str | None = None


def entry_info(e: LogEntry, names: dict[int, str], kept: dict[int, LogEntry] | None = None) -> EntryInfo:
    done = (kept or {}).get(e.id)
    return EntryInfo(
        e.id,
        e.log_id,
        e.at,
        names.get(e.staff_id, ""),
        e.type,
        e.text,
        e.told,
        e.promise_to,
        e.promise_due,
        e.closes_id,
        e.service,
        e.qty,
        e.amount_fen,
        done.at if done else None,
        names.get(done.staff_id) if done else None,
    )


def staff_names() -> dict[int, str]:
    return {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}


@dataclass(frozen=True)
class LogInfo:
    id: int
    shift: str
    opened_at: datetime
    state: str
    started_at: datetime | None
    summary: dict[str, Any]
    notes: str
    cash_opening_fen: int
    cash_expected_fen: int | None
    cash_counted_fen: int | None
    cash_reason: str
    items: dict[str, list[int | None]]
    item_reason: str
    outgoing: str | None
    outgoing_at: datetime | None
    incoming: str | None
    incoming_at: datetime | None
    lead: str | None
    lead_at: datetime | None
    signed_at: datetime | None
    hash: str
    entries: list[EntryInfo]
    addenda: list[tuple[datetime, str, str]]  # at, who, text
    signer_ids: tuple[int | None, int | None, int | None] = (None, None, None)  # outgoing, incoming, lead

    @property
    def cash_difference_fen(self) -> int | None:
        return handover_rules.cash_difference(self.cash_expected_fen, self.cash_counted_fen)

    @property
    def item_differences(self) -> dict[str, int]:
        return handover_rules.item_differences(self.items)

    @property
    def counts_differ(self) -> bool:
        return handover_rules.counts_differ(self.cash_expected_fen, self.cash_counted_fen, self.items)


def get(log_id: int) -> LogInfo:
    log = ShiftLog.get_or_none(ShiftLog.id == log_id)
    if log is None:
        raise DeskError(_("There is no such handover."))
    names = staff_names()
    entries = list(LogEntry.select().where(LogEntry.log == log.id).order_by(LogEntry.at, LogEntry.id))
    kept = {e.closes_id: e for e in LogEntry.select().where(LogEntry.closes.in_([e.id for e in entries]))}
    return LogInfo(
        log.id,
        log.shift,
        log.opened_at,
        log.state,
        log.started_at,
        json.loads(log.summary or "{}"),
        log.notes,
        log.cash_opening_fen,
        log.cash_expected_fen,
        log.cash_counted_fen,
        log.cash_reason,
        json.loads(log.items or "{}"),
        log.item_reason,
        names.get(log.outgoing_id),
        log.outgoing_at,
        names.get(log.incoming_id),
        log.incoming_at,
        names.get(log.lead_id),
        log.lead_at,
        log.signed_at,
        log.hash,
        [entry_info(e, names, kept) for e in entries],
        [(a.at, names.get(a.staff_id, ""), a.text) for a in _addenda(log.id)],
        (log.outgoing_id, log.incoming_id, log.lead_id),
    )


def _addenda(log_id: int) -> list[HandoverAddendum]:
    return list(HandoverAddendum.select().where(HandoverAddendum.log == log_id).order_by(HandoverAddendum.id))


def current(policy: Policy, clock: DeskTime) -> LogInfo:
    """The log now being written (opened on first use, in its own transaction)."""
    log = ShiftLog.select().where(ShiftLog.state == "open").order_by(-ShiftLog.id).first()
    if log is None:
        log = _opened(policy, clock)
    return get(log.id)


@transaction
def _opened(policy: Policy, clock: DeskTime) -> ShiftLog:
    return open_log(policy, clock)


def in_progress() -> LogInfo | None:
    """A handover started and not yet fully signed."""
    log = ShiftLog.select().where(ShiftLog.state == "counting").order_by(ShiftLog.id).first()
    return get(log.id) if log else None


# -- writing in the log -------------------------------------------------------------------------------


@transaction
def write(
    actor: audit.Actor,
    policy: Policy,
    clock: DeskTime,
    kind: str,
    text: str,
    *,
    told: bool = False,
    promise_to: str = "",
    promise_due: str = "",
) -> EntryInfo:
    """A note, an important event (told: also told in person) or a customer promise."""
    if kind not in ("note", "event", "promise"):
        raise ValueError(kind)
    errors: dict[str, str] = {}
    text = clean(text, "text", TEXT_MAX, errors, _("Type what to hand over."))
    due = None
    if kind == "promise":
        promise_to = clean(
            promise_to, "promise_to", 60, errors, _("Who was the promise made to (name, phone)?"), name=True
        )
        due = typed_moment(promise_due, "promise_due", clock, errors, empty="none", past_only=False)
    if errors:
        raise ValidationError(errors)
    log, now = open_log(policy, clock), clock.now()
    row = LogEntry.create(
        log=log.id,
        at=now,
        staff=actor.staff_id,
        type=kind,
        text=text,
        told=told and kind == "event",
        promise_to=promise_to if kind == "promise" else "",
        promise_due=due,
    )
    if kind == "promise":  # what F8 finds it by (services/pairs.py)
        pairs.write(
            PromiseGram,
            PromiseGram.entry,
            row.id,
            text,
            pairs.without_numbers(promise_to),
            phones=(promise_to,),
        )
    audit.record(
        actor,
        f"handover.{kind}",
        "log_entry",
        row.id,
        now,
        after={"text": text, "told": row.told, "to": row.promise_to},
    )
    return entry_info(row, staff_names())


@transaction
def money(
    actor: audit.Actor,
    policy: Policy,
    clock: DeskTime,
    service: str,
    qty: str = "",
    amount: str = "",
    direction: str = "in",
    text: str = "",
) -> EntryInfo:
    """Cash for the count: a paid service at the policy's price x quantity, or
    another amount into (in) or out of (out) the drawer, with what it was."""
    errors: dict[str, str] = {}
    text = clean(text, "text", 200, errors)
    count: int | None = None
    if service:
        if service not in policy.services:
            errors["service"] = _("Pick a service of the list.")
        t = unicodedata.normalize("NFKC", qty or "").strip()
        if not t.isdigit() or not 1 <= int(t) <= 9999:
            errors["qty"] = _("Type how many (1 or more).")
        else:
            count = int(t)
        if errors or count is None:
            raise ValidationError(errors)
        fen = policy.services[service].price_fen * count
    else:
        typed = parse_yuan(amount)
        if typed is None or typed == 0:
            errors["amount"] = _("Type an amount in yuan, such as 35 or 35.50.")
        elif problem := too_large(typed, policy.desk.largest_amount_fen):
            errors["amount"] = problem
        if not text:
            errors["text"] = _("Say what the money was for.")
        if errors or typed is None:
            raise ValidationError(errors)
        fen = -typed if direction == "out" else typed
    log, now = open_log(policy, clock), clock.now()
    row = LogEntry.create(
        log=log.id,
        at=now,
        staff=actor.staff_id,
        type="cash",
        text=text,
        service=service or None,
        qty=count,
        amount_fen=fen,
    )
    audit.record(
        actor,
        "handover.cash",
        "log_entry",
        row.id,
        now,
        after={"service": service, "qty": count, "amount": yuan(fen), "text": text},
    )
    return entry_info(row, staff_names())
