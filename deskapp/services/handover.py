"""The handover book (docs/handover.md): each shift's log, its handover and signatures.

- A shift's log takes notes, important events (marked when also told in
  person), customer promises (open until someone marks them kept, carried from
  shift to shift) and money (paid services at the policy's prices, other money in or out).
- The desk's first log begins with its first record; starting the handover cuts
  the shift: the summary is built from the records since the previous cut (the
  first log: since the beginning) up to that moment and frozen, and the next
  shift's log opens at once. So every record falls in exactly one log.
- Cash: the desk should hold what the previous handover counted plus the
  drawer movements of the lending records and the log's money since the
  previous cut. The count is blind unless policy handover.blind_count is false.
  A difference must be explained and needs a shift lead's signature;
  so does an item count that differs. policy handover.lead_signs = "always"
  makes the lead's signature part of every handover.
- Signatures, in order: outgoing, incoming (another person), then the lead
  where needed (not the outgoing person). Each is that person's own PIN.
- Fully signed, a handover is read-only and carries a SHA-256 over its content
  and the previous handover's hash; a correction is a signed addendum.
  services.seals keeps and checks the chain (`deskapp check`).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import peewee as pw

from deskapp import i18n
from deskapp.clock import DeskTime
from deskapp.errors import DeskError, ValidationError
from deskapp.i18n import N_, _
from deskapp.models import (
    CashEntry,
    Complaint,
    HandoverAck,
    HandoverAddendum,
    KitUse,
    Loan,
    LoanItem,
    LogEntry,
    PromiseGram,
    ShiftLog,
    Staff,
)
from deskapp.money import parse_yuan, too_large, yuan
from deskapp.policy import Policy, SecurityPolicy
from deskapp.services import audit, pairs, seals, shifts, staff, transaction
from deskapp.services.datetext import typed_moment
from deskapp.services.privacy import shown
from deskapp.services.stock import label as kind_label
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
    from deskapp import i18n

    rules = policy.services.get(service)
    if rules is None:
        return service
    return rules.label_zh if i18n.language() == "zh_CN" else rules.label_en


_shift_at = shifts.shift_at
shift_label = shifts.shift_label


def log_name(policy: Policy, clock: DeskTime, info: LogInfo) -> str:
    """What the log is called: the shift it covers, or its times (services.shifts)."""
    return shifts.log_name(policy, clock, info.opened_at, info.started_at or clock.now())


# -- the current log ---------------------------------------------------------------------------------


def _open_log(policy: Policy, clock: DeskTime) -> ShiftLog:
    """The log entries go to now. The desk's first log is written when first used and
    begins with the desk's first record (docs/handover.md, "When a log opens")."""
    log = ShiftLog.select().where(ShiftLog.state == "open").order_by(ShiftLog.id.desc()).first()
    if log is None:
        now = clock.now()
        first = None if ShiftLog.select().exists() else _first_record()
        opened = min(first, now) if first else now
        log = ShiftLog.create(shift=_shift_at(policy, clock, opened), opened_at=opened)
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


def _entry(e: LogEntry, names: dict[int, str], kept: dict[int, LogEntry] | None = None) -> EntryInfo:
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


def _names() -> dict[int, str]:
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
        if self.cash_counted_fen is None or self.cash_expected_fen is None:
            return None
        return self.cash_counted_fen - self.cash_expected_fen

    @property
    def item_differences(self) -> dict[str, int]:
        return {k: c - e for k, (e, c) in self.items.items() if c is not None and e is not None and c != e}


def get(log_id: int) -> LogInfo:
    log = ShiftLog.get_or_none(ShiftLog.id == log_id)
    if log is None:
        raise DeskError(_("There is no such handover."))
    names = _names()
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
        [_entry(e, names, kept) for e in entries],
        [(a.at, names.get(a.staff_id, ""), a.text) for a in log.addenda.order_by(HandoverAddendum.id)],
        (log.outgoing_id, log.incoming_id, log.lead_id),
    )


def current(policy: Policy, clock: DeskTime) -> LogInfo:
    """The log now being written (opened on first use, in its own transaction)."""
    log = ShiftLog.select().where(ShiftLog.state == "open").order_by(ShiftLog.id.desc()).first()
    if log is None:
        log = _opened(policy, clock)
    return get(log.id)


@transaction
def _opened(policy: Policy, clock: DeskTime) -> ShiftLog:
    return _open_log(policy, clock)


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
    log, now = _open_log(policy, clock), clock.now()
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
    return _entry(row, _names())


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
    count = None
    if service:
        if service not in policy.services:
            errors["service"] = _("Pick a service of the list.")
        t = unicodedata.normalize("NFKC", qty or "").strip()
        if not t.isdigit() or not 1 <= int(t) <= 9999:
            errors["qty"] = _("Type how many (1 or more).")
        else:
            count = int(t)
        if errors:
            raise ValidationError(errors)
        fen = policy.services[service].price_fen * count
    else:
        fen = parse_yuan(amount)
        if fen is None or fen == 0:
            errors["amount"] = _("Type an amount in yuan, such as 35 or 35.50.")
        elif problem := too_large(fen, policy.desk.largest_amount_fen):
            errors["amount"] = problem
        if not text:
            errors["text"] = _("Say what the money was for.")
        if errors:
            raise ValidationError(errors)
        fen = -fen if direction == "out" else fen
    log, now = _open_log(policy, clock), clock.now()
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
    return _entry(row, _names())


@transaction
def keep_promise(
    actor: audit.Actor, policy: Policy, clock: DeskTime, promise_id: int, text: str = ""
) -> EntryInfo:
    """Mark a customer promise kept: a line in the current log closes it."""
    promise = LogEntry.get_or_none((LogEntry.id == promise_id) & (LogEntry.type == "promise"))
    if promise is None:
        raise DeskError(_("There is no such promise."))
    if LogEntry.select().where(LogEntry.closes == promise.id).exists():
        raise DeskError(_("That promise is already marked kept."))
    errors: dict[str, str] = {}
    text = clean(text, "text", 200, errors)
    if errors:
        raise ValidationError(errors)
    log, now = _open_log(policy, clock), clock.now()
    row = LogEntry.create(log=log.id, at=now, staff=actor.staff_id, type="kept", text=text, closes=promise.id)
    audit.record(
        actor, "handover.kept", "log_entry", row.id, now, after={"promise": promise.id, "text": text}
    )
    return _entry(row, _names())


def open_promises() -> list[EntryInfo]:
    """Promises not yet kept, from every shift, the oldest first (they carry over)."""
    names = _names()
    kept = LogEntry.select(LogEntry.closes).where(LogEntry.closes.is_null(False))
    return [
        _entry(e, names)
        for e in LogEntry.select()
        .where((LogEntry.type == "promise") & ~(LogEntry.id << kept))
        .order_by(LogEntry.promise_due.asc(nulls="LAST"), LogEntry.id)
    ]


# -- the summary --------------------------------------------------------------------------------------


def _since(log: ShiftLog) -> datetime | None:
    """Where this shift's records begin: the previous handover's cut; the desk's first
    log has no beginning, so nothing recorded before it is left out (docs/handover.md)."""
    previous = (
        ShiftLog.select()
        .where((ShiftLog.id < log.id) & ShiftLog.started_at.is_null(False))
        .order_by(ShiftLog.id.desc())
        .first()
    )
    return previous.started_at if previous else None


def summary(policy: Policy, clock: DeskTime, log: ShiftLog, until: datetime) -> dict[str, Any]:
    """The shift's figures from the records themselves, from its start to `until`."""
    from deskapp.services import complaint_reports, kit_stock, stock

    since = _since(log)

    def window(field: pw.Field) -> pw.Expression:  # [since, until): a cut belongs to the next log
        return (field < until) if since is None else (field >= since) & (field < until)

    lent = (
        LoanItem.select(LoanItem.kind, pw.fn.COUNT(LoanItem.id).alias("n"))
        .join(Loan)
        .where(window(Loan.lent_at))
        .group_by(LoanItem.kind)
    )
    closed = LoanItem.select().where(window(LoanItem.closed_at))
    cash = {
        r.kind: (r.amount, r.drawer)
        for r in CashEntry.select(
            CashEntry.kind,
            pw.fn.SUM(CashEntry.amount_fen).alias("amount"),
            pw.fn.SUM(CashEntry.drawer_fen).alias("drawer"),
        )
        .where(window(CashEntry.at))
        .group_by(CashEntry.kind)
        .namedtuples()
    }
    entries = list(LogEntry.select().where(LogEntry.log == log.id))
    services: dict[str, int] = {}
    for e in entries:
        if e.type == "cash":
            key = e.service or ("other_in" if e.amount_fen > 0 else "other_out")
            services[key] = services.get(key, 0) + e.amount_fen
    out = LoanItem.select().where(LoanItem.state == "out")
    counts = complaint_reports.counts(policy, clock)
    return {
        "since": since.isoformat() if since else None,
        "until": until.isoformat(),
        "loans_made": {r.kind: r.n for r in lent.namedtuples()},
        "returned": closed.where(LoanItem.state == "returned").count(),
        "kept_by_customers": closed.where(LoanItem.state == "kept").count(),
        "out_now": out.count(),
        "overdue_now": out.where(LoanItem.due_at < until).count(),
        "deposits_taken_fen": cash.get("deposit_taken", (0, 0))[0] or 0,
        "deposits_refunded_fen": cash.get("deposit_refunded", (0, 0))[0] or 0,
        "deposits_kept_fen": cash.get("deposit_kept", (0, 0))[0] or 0,
        "balances_paid_fen": cash.get("balance_paid", (0, 0))[0] or 0,
        "fees_fen": sum(r.charge_fen or 0 for r in closed.where(LoanItem.state == "returned")),
        "lending_drawer_fen": sum((drawer or 0) for _amount, drawer in cash.values()),
        "services_fen": services,
        "complaints_received": Complaint.select().where(window(Complaint.received_at)).count(),
        "complaints_open": counts.open,
        "complaints_overdue": counts.overdue,
        "callbacks_due": counts.callbacks_due,
        "kit_uses": KitUse.select().where(window(KitUse.registered_at)).count(),
        "kit_alerts": len(kit_stock.alerts(policy, clock)),
        "open_promises": len(open_promises()),
        "items_on_hand": {lv.kind: lv.available for lv in stock.levels(policy)},
    }


def expected_cash(log: ShiftLog, figures: dict[str, Any]) -> int:
    return log.cash_opening_fen + figures["lending_drawer_fen"] + sum(figures["services_fen"].values())


# -- the handover -------------------------------------------------------------------------------------


@transaction
def start(actor: audit.Actor, policy: Policy, clock: DeskTime) -> LogInfo:
    """Cut the shift: freeze its summary and open the next shift's log."""
    if ShiftLog.select().where(ShiftLog.state == "counting").exists():
        raise DeskError(_("A handover is already under way; finish signing it first."))
    log, now = _open_log(policy, clock), clock.now()
    figures = summary(policy, clock, log, now)
    items = {kind: [n, None] for kind, n in figures["items_on_hand"].items()}
    ShiftLog.update(
        state="counting",
        started_at=now,
        summary=json.dumps(figures, sort_keys=True),
        cash_expected_fen=expected_cash(log, figures),
        items=json.dumps(items),
    ).where(ShiftLog.id == log.id).execute()
    ShiftLog.create(shift=shifts.next_shift(policy, log.shift), opened_at=now)
    audit.record(
        actor,
        "handover.start",
        "shift_log",
        log.id,
        now,
        after={"expected": yuan(expected_cash(log, figures))},
    )
    return get(log.id)


def _counting(log_id: int) -> ShiftLog:
    log = ShiftLog.get_or_none(ShiftLog.id == log_id)
    if log is None:
        raise DeskError(_("There is no such handover."))
    if log.state == "signed":
        raise DeskError(_("This handover is signed and can no longer change; add a signed addendum instead."))
    if log.state != "counting":
        raise DeskError(_("Start the handover first."))
    return log


@transaction
def save_counts(
    actor: audit.Actor,
    clock: DeskTime,
    log_id: int,
    cash_counted: str,
    cash_reason: str,
    counted: dict[str, str],
    item_reason: str,
    notes: str,
    *,
    blind: bool = False,
) -> LogInfo:
    """What staff counted (cash, items on hand) and their notes, until the outgoing signs.
    `blind` (policy handover.blind_count): the first count is saved as counted, and why it
    differs is asked once the figures are shown (docs/handover.md, "The blind count")."""
    log = _counting(log_id)
    if log.outgoing_id:
        raise DeskError(_("The outgoing staff member has signed; the counts can no longer change."))
    errors: dict[str, str] = {}
    fen = parse_yuan(cash_counted)
    if fen is None:
        errors["cash_counted"] = _("Type the cash counted in yuan, such as 1250 or 1250.50.")
    cash_reason = clean(cash_reason, "cash_reason", 200, errors)
    items = json.loads(log.items or "{}")
    for kind in items:
        t = unicodedata.normalize("NFKC", counted.get(kind, "") or "").strip()
        if not t.isdigit():
            errors[f"count_{kind}"] = _("Type how many you counted (0 or more).")
        else:
            items[kind][1] = int(t)
    item_reason = clean(item_reason, "item_reason", 200, errors)
    notes = clean(notes, "notes", TEXT_MAX, errors)
    if not errors and not (blind and log.cash_counted_fen is None):
        errors = _reasons(log.cash_expected_fen, fen, items, cash_reason, item_reason)
    if errors:
        raise ValidationError(errors)
    ShiftLog.update(
        cash_counted_fen=fen,
        cash_reason=cash_reason,
        items=json.dumps(items),
        item_reason=item_reason,
        notes=notes,
    ).where(ShiftLog.id == log.id).execute()
    # The next shift starts with the cash counted now.
    ShiftLog.update(cash_opening_fen=fen).where((ShiftLog.id > log.id) & (ShiftLog.state == "open")).execute()
    audit.record(
        actor,
        "handover.count",
        "shift_log",
        log.id,
        clock.now(),
        after={
            "counted": yuan(fen),
            "expected": yuan(log.cash_expected_fen),
            "reason": cash_reason,
            "items": items,
        },
    )
    return get(log.id)


def _reasons(
    expected: int | None,
    counted: int | None,
    items: dict[str, list[int | None]],
    cash_reason: str,
    item_reason: str,
) -> dict[str, str]:
    """Why-it-differs fields still empty for a count that differs from the records."""
    missing = {}
    if counted is not None and expected is not None and counted != expected and not cash_reason:
        missing["cash_reason"] = _("The cash differs from the records by ¥{diff}: say why.").format(
            diff=yuan(counted - expected)
        )
    if any(c is not None and e != c for e, c in items.values()) and not item_reason:
        missing["item_reason"] = _("The items counted differ from the records: say why.")
    return missing


def reasons_missing(info: LogInfo) -> dict[str, str]:
    """{field: message} for each difference of a saved count not yet explained."""
    return _reasons(
        info.cash_expected_fen, info.cash_counted_fen, info.items, info.cash_reason, info.item_reason
    )


def lead_needed(policy: Policy, info: LogInfo) -> bool:
    return policy.handover.lead_signs == "always" or counts_differ(info)


def counts_differ(info: LogInfo) -> bool:
    return bool(info.cash_difference_fen) or bool(info.item_differences)


def lead_is_incoming(info: LogInfo) -> bool:
    """The one-person desk of policy handover.lead_may_be_incoming: the incoming clerk
    confirmed a count that differs as the lead (the handover says so)."""
    _out, incoming, lead = info.signer_ids
    return lead is not None and lead == incoming and counts_differ(info)


def _lead_problem(policy: Policy, info: LogInfo, who: staff.StaffInfo) -> None:
    """Segregation of duties on the cash (docs/trust.md): the lead who confirms a
    count that differs is neither the outgoing nor the incoming clerk."""
    outgoing, incoming, _lead = info.signer_ids
    if who.id == outgoing:
        raise DeskError(_("The shift lead who signs must not be the outgoing staff member."), "signer")
    if who.id == incoming and counts_differ(info) and not policy.handover.lead_may_be_incoming:
        raise DeskError(
            _("The counts differ: a shift lead other than the incoming clerk confirms them."), "signer"
        )


ROLES = {"outgoing": N_("outgoing"), "incoming": N_("incoming"), "lead": N_("shift lead")}


def sign(
    actor: audit.Actor,
    policy: Policy,
    security: SecurityPolicy,
    clock: DeskTime,
    log_id: int,
    role: str,
    name: str,
    pin: str,
) -> LogInfo:
    """One signature, with the signer's own PIN (checked, and wrong PINs counted,
    in its own transaction). Order: outgoing, incoming, then the lead if needed."""
    if role not in ROLES:
        raise ValueError(role)
    info = get(_counting(log_id).id)
    if role == "outgoing" and info.cash_counted_fen is None:
        raise DeskError(_("Enter the cash and items counted first (Ctrl+S)."), "signer")
    if role == "outgoing" and reasons_missing(info):
        raise DeskError(_("Say why the count differs from the records (Ctrl+S), then sign."), "signer")
    if role == "incoming" and info.outgoing is None:
        raise DeskError(_("The outgoing staff member signs first."), "signer")
    if role == "lead":
        if not lead_needed(policy, info):
            raise DeskError(_("This handover needs no shift lead's signature."), "signer")
        if info.incoming is None:
            raise DeskError(_("The outgoing and incoming staff sign before the shift lead."), "signer")
    now = clock.now()
    who = (
        staff.approve(name, pin, security, now, actor.source)
        if role == "lead"
        else staff.confirm(name, pin, security, now, actor.source)
    )
    return _signed(actor, policy, clock, log_id, role, who)


@transaction
def _signed(
    actor: audit.Actor, policy: Policy, clock: DeskTime, log_id: int, role: str, who: staff.StaffInfo
) -> LogInfo:
    log = _counting(log_id)
    if getattr(log, f"{role}_id"):
        raise DeskError(_("The {role} signature is already there.").format(role=_(ROLES[role])), "signer")
    if role == "incoming" and who.id == log.outgoing_id:
        raise DeskError(_("The incoming signature must be another person's than the outgoing one."), "signer")
    if role == "lead":
        _lead_problem(policy, get(log.id), who)
    now = clock.now()
    ShiftLog.update(**{role: who.id, f"{role}_at": now}).where(ShiftLog.id == log.id).execute()
    audit.record(
        audit.Actor(who.id, actor.source),
        f"handover.sign_{role}",
        "shift_log",
        log.id,
        now,
        after={"signed_by": who.name},
    )
    info = get(log.id)
    if info.incoming and (info.lead or not lead_needed(policy, info)):
        previous = (
            ShiftLog.select()
            .where((ShiftLog.state == "signed") & (ShiftLog.id < log.id))
            .order_by(ShiftLog.id.desc())
            .first()
        )
        prev_hash = previous.hash if previous else ""
        row = ShiftLog.get_by_id(log.id)
        row.state, row.signed_at, row.prev_hash = "signed", now, prev_hash
        row.hash = seals.content_hash(row)
        row.save()
        audit.record(actor, "handover.signed", "shift_log", log.id, now, after={"hash": row.hash})
        info = get(log.id)
    return info


def addendum(
    actor: audit.Actor, security: SecurityPolicy, clock: DeskTime, log_id: int, text: str, name: str, pin: str
) -> LogInfo:
    """A correction to a signed handover, signed with the writer's PIN."""
    log = ShiftLog.get_or_none(ShiftLog.id == log_id)
    if log is None or log.state != "signed":
        raise DeskError(_("Only a signed handover takes an addendum; until then, change it directly."))
    errors: dict[str, str] = {}
    text = clean(text, "text", TEXT_MAX, errors, _("Type the correction."))
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    who = staff.confirm(name, pin, security, now, actor.source)
    return _add_addendum(actor, log.id, who, now, text)


@transaction
def _add_addendum(actor: audit.Actor, log_id: int, who: staff.StaffInfo, now: datetime, text: str) -> LogInfo:
    log = ShiftLog.get_by_id(log_id)
    row = HandoverAddendum.create(
        log=log.id, at=now, staff=who.id, text=text, hash=seals.addendum_hash(log.hash, who.id, now, text)
    )
    audit.record(
        audit.Actor(who.id, actor.source),
        "handover.addendum",
        "shift_log",
        log.id,
        now,
        after={"addendum": row.id, "text": text, "hash": row.hash},
    )
    return get(log.id)


# -- the start of the day ---------------------------------------------------------------------------


def to_acknowledge(clock: DeskTime) -> LogInfo | None:
    """The last handover signed before today (yesterday's, or the last working day's),
    when nobody has acknowledged it yet (docs/handover.md, "The start of the day")."""
    start_of_day = datetime.combine(clock.today(), time(), clock.zone).astimezone(timezone.utc)
    last = (
        ShiftLog.select()
        .where((ShiftLog.state == "signed") & (ShiftLog.signed_at < start_of_day))
        .order_by(ShiftLog.signed_at.desc(), ShiftLog.id.desc())
        .first()
    )
    if last is None or HandoverAck.select().where(HandoverAck.log == last.id).exists():
        return None
    return get(last.id)


@transaction
def acknowledge(actor: audit.Actor, clock: DeskTime, log_id: int) -> None:
    if not HandoverAck.select().where(HandoverAck.log == log_id).exists():
        now = clock.now()
        HandoverAck.create(log=log_id, staff=actor.staff_id, at=now)
        audit.record(actor, "handover.acknowledge", "shift_log", log_id, now)


# -- lists, text, sheets ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryPage:
    rows: list[LogInfo]
    total: int
    offset: int
    has_more: bool


def history(offset: int = 0, limit: int = 50) -> HistoryPage:
    q = ShiftLog.select(ShiftLog.id).where(ShiftLog.state != "open").order_by(ShiftLog.id.desc())
    found = [r.id for r in q.offset(offset).limit(limit + 1)]
    more = len(found) > limit
    return HistoryPage(
        [get(i) for i in found[:limit]], q.count() if more else offset + len(found), offset, more
    )


EXPORT_COLUMNS = (
    N_("handover"),
    N_("shift"),
    N_("from"),
    N_("handed over"),
    N_("state"),
    N_("cash expected"),
    N_("cash counted"),
    N_("difference"),
    N_("reason"),
    N_("items (expected / counted)"),
    N_("notes"),
    N_("entries"),
    N_("outgoing"),
    N_("incoming"),
    N_("shift lead"),
    N_("signed at"),
    N_("seal"),
)


def export_rows(
    policy: Policy, clock: DeskTime, start: date | None = None, end: date | None = None, *, mask: bool = True
):
    """Handed-over logs opened from `start` to `end`; phones and ID numbers in the notes
    masked unless `mask` is False (services/privacy.py)."""
    q = ShiftLog.select(ShiftLog.id).where(ShiftLog.state != "open").order_by(ShiftLog.id)
    if start:
        q = q.where(
            ShiftLog.opened_at >= datetime.combine(start, time(), clock.zone).astimezone(timezone.utc)
        )
    if end:
        q = q.where(
            ShiftLog.opened_at
            < datetime.combine(end + timedelta(days=1), time(), clock.zone).astimezone(timezone.utc)
        )
    for row in q:
        i = get(row.id)
        yield [
            i.id,
            log_name(policy, clock, i),
            i.opened_at,
            i.started_at,
            _(STATES[i.state]),
            i.cash_expected_fen,  # fen: the sheet writes yuan
            i.cash_counted_fen,
            i.cash_difference_fen,
            i.cash_reason,
            i18n.join(
                (f"{kind_label(policy, k)} {e}/{'' if c is None else c}" for k, (e, c) in i.items.items()),
                clauses=True,
            ),
            shown(i.notes, mask),
            len(i.entries),
            i.outgoing or "",
            i.incoming or "",
            i.lead or "",
            i.signed_at,
            i.hash,
        ]
