"""Following a complaint up (docs/complaints.md): its kind and flags, who handles it, notes,
its states, the incident report, who was informed, and escalation when it takes too long."""

from __future__ import annotations

from deskapp import i18n
from deskapp.clock import DeskTime
from deskapp.errors import DeskError, ValidationError
from deskapp.i18n import _
from deskapp.models import Complaint
from deskapp.policy import Policy
from deskapp.rules import complaints as rules
from deskapp.services import audit, transaction
from deskapp.services.complaint_timeline import add_entry, load, redo_deadlines
from deskapp.services.complaints import (
    CALLBACK_CHANNELS,
    KINDS,
    LINE_MAX,
    STATES,
    TEXT_MAX,
    ComplaintInfo,
    callback_due,
    close_blockers,
    complaint_no,
    escalates_at,
    get,
    resolve_due,
)
from deskapp.services.datetext import typed_moment
from deskapp.services.text import clean


@transaction
def classify(
    actor: audit.Actor,
    policy: Policy,
    clock: DeskTime,
    complaint_id: int,
    kind: str,
    media_risk: bool,
    collective: bool,
) -> ComplaintInfo:
    """Set the kind and the flags (at intake or after the investigation); the deadline follows."""
    row = load(complaint_id)
    if kind not in KINDS:
        raise ValidationError({"kind": _("Pick a kind.")})
    if row.state == "closed":
        raise DeskError(_("{number} is closed.").format(number=complaint_no(row.id)))
    before = (row.kind, row.media_risk, row.collective)
    if before == (kind, media_risk, collective):
        return get(row.id)
    row.kind, row.media_risk, row.collective = kind, media_risk, collective
    redo_deadlines(policy, clock, row)
    row.save()
    add_entry(
        actor,
        row,
        "kind",
        clock.now(),
        facts={"kind": kind, "media_risk": media_risk, "collective": collective},
    )
    return get(row.id)


@transaction
def assign(actor: audit.Actor, clock: DeskTime, complaint_id: int, to: str) -> ComplaintInfo:
    row = load(complaint_id)
    errors: dict[str, str] = {}
    to = clean(to, "assigned_to", 60, errors, required=_("Type a department or a person."), name=True)
    if errors:
        raise ValidationError(errors)
    row.assigned_to = to
    row.save()
    add_entry(actor, row, "assign", clock.now(), text=to)
    return get(row.id)


NOTE_TYPES = ("note", "contact", "progress")


@transaction
def add_note(
    actor: audit.Actor, clock: DeskTime, complaint_id: int, type_: str, text: str, channel: str = ""
) -> ComplaintInfo:
    """A note, a contact attempt, or (assistance) a progress update to the customer."""
    row = load(complaint_id)
    if type_ not in NOTE_TYPES:
        raise ValueError(type_)
    errors: dict[str, str] = {}
    text = clean(text, "text", TEXT_MAX, errors, required=_("Type what to record."))
    if channel and channel not in CALLBACK_CHANNELS:
        errors["channel"] = _("Pick phone, visit or letter.")
    if errors:
        raise ValidationError(errors)
    add_entry(actor, row, type_, clock.now(), text=text, channel=channel or None)
    return get(row.id)


@transaction
def move(
    actor: audit.Actor, policy: Policy, clock: DeskTime, complaint_id: int, state: str, text: str = ""
) -> ComplaintInfo:
    """Take the complaint to its next state; resolving sets the callback deadline,
    closing checks the duties."""
    row = load(complaint_id)
    number = complaint_no(row.id)
    if state not in rules.MOVES.get(row.state, ()):
        raise DeskError(
            _("{number} is {state}; it cannot go to {new}.").format(
                number=number, state=_(STATES[row.state]), new=_(STATES.get(state, state))
            ),
            "state",
        )
    errors: dict[str, str] = {}
    text = clean(text, "text", TEXT_MAX, errors)
    if errors:
        raise ValidationError(errors)
    if state == "resolved" and not row.kind:
        raise DeskError(
            _("Set the kind first: how the complaint is classified goes with its resolution."), "state"
        )
    if state == "closed":
        missing = close_blockers(get(row.id))
        if missing:
            raise DeskError(
                _("{number} cannot be closed yet; still needed: {list}.").format(
                    number=number, list=i18n.join(missing, clauses=True)
                ),
                "state",
            )
    now = clock.now()
    before = row.state
    row.state = state
    if state == "resolved":
        row.resolved_at = now
        row.callback_due = callback_due(policy, clock.local(now).date())
    elif state == "investigating":  # reopened: resolved again later, with a new callback
        row.resolved_at = row.callback_due = row.called_back_at = None
    elif state == "closed":
        row.closed_at = now
    row.save()
    add_entry(actor, row, "state", now, text=text, facts={"from": before, "to": state})
    return get(row.id)


@transaction
def incident_report(actor: audit.Actor, clock: DeskTime, complaint_id: int, text: str) -> ComplaintInfo:
    row = load(complaint_id)
    errors: dict[str, str] = {}
    text = clean(text, "text", TEXT_MAX * 5, errors, required=_("Type the incident report."))
    if errors:
        raise ValidationError(errors)
    row.incident_report = text
    row.save()
    add_entry(actor, row, "incident_report", clock.now(), text=text)
    return get(row.id)


@transaction
def informed(
    actor: audit.Actor,
    clock: DeskTime,
    complaint_id: int,
    type_: str,
    whom: str,
    when: str = "",
    text: str = "",
) -> ComplaintInfo:
    """A leader informed (major, critical), or the general manager and PR notified (media risk),
    with when that happened (empty: now)."""
    if type_ not in ("leader_informed", "gm_pr_notified"):
        raise ValueError(type_)
    row = load(complaint_id)
    errors: dict[str, str] = {}
    whom = clean(whom, "whom", 60, errors, required=_("Type who was informed."), name=True)
    at = typed_moment(when, "when", clock, errors)
    text = clean(text, "text", LINE_MAX, errors)
    if errors:
        raise ValidationError(errors)
    add_entry(actor, row, type_, clock.now(), at=at, text=text, whom=whom)
    return get(row.id)


@transaction
def escalate_overdue(policy: Policy, clock: DeskTime) -> int:
    """Make major every general complaint still open escalate_after_months after its intake,
    to the minute (docs/complaints.md, "Escalation": 时效过长). The timeline entry carries that
    moment, even when this runs later; the deadlines stay as they were."""
    now = clock.now()
    _restore_lost_deadlines(policy, clock)
    months = policy.complaints.escalate_after_months
    latest = rules.escalation_candidates_until(now, months)  # so the scan stays small
    rows = Complaint.select().where(
        (Complaint.kind == "general") & Complaint.state.in_(rules.OPEN) & (Complaint.received_at <= latest)
    )
    done = 0
    for row in rows:
        at = escalates_at(policy, clock, row.received_at)
        if at > now:
            continue
        row.kind, row.escalated_at = "major", at
        row.save()
        add_entry(
            audit.SYSTEM,
            row,
            "escalated",
            now,
            at=at,
            facts={"months": months},
        )
        done += 1
    return done


def _restore_lost_deadlines(policy: Policy, clock: DeskTime) -> None:
    """Escalations made by earlier versions took away the resolve-by day the complaint had
    missed; give it back, as the general complaint it was then (audited)."""
    rows = Complaint.select().where(Complaint.escalated_at.is_null(False) & Complaint.resolve_due.is_null())
    for row in rows:
        due = resolve_due(policy, clock.local(row.received_at).date(), "general", row.customer_deadline)
        audit.record(
            audit.SYSTEM,
            "complaint.deadline_restored",
            "complaint",
            row.id,
            clock.now(),
            before={"resolve_due": None},
            after={"resolve_due": due},
        )
        Complaint.update(resolve_due=due).where(Complaint.id == row.id).execute()
