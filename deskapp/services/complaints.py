"""The complaint register (the rule book: docs/complaints.md): intake, kinds, the timeline,
deadlines, escalation, the duties before closing, and callbacks.

Deadlines come from the policy's [complaints] and [calendar]:
- resolve by: intake day + resolve_days for a general complaint (and one not yet
  classified), or the customer's deadline when that is earlier; other kinds
  only have the customer's deadline;
- callback by: the callback_working_days-th working day after the day it was resolved;
- a general complaint not resolved escalate_after_months after intake (to the
  minute) becomes major by itself (时效过长), with a timeline entry
  (escalate_overdue); its deadlines stay, the missed one included.
Closing needs a successful callback; major and critical need the incident
report (《事件报告》) and a leader informed; media risk needs the general manager
and PR notified; assistance needs a progress update to the customer.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from deskapp import i18n
from deskapp.clock import DeskTime
from deskapp.errors import DeskError, ValidationError
from deskapp.i18n import N_, _
from deskapp.models import Complaint, ComplaintEvent, ComplaintGram, Staff
from deskapp.policy import Policy
from deskapp.rules.calendar import add_months
from deskapp.services import audit, pairs, transaction
from deskapp.services.calendar import add_working_days
from deskapp.services.datetext import parse_day, typed_moment
from deskapp.services.text import clean

CHANNELS = {
    "walk_in": N_("walk-in"),
    "phone": N_("phone call"),
    "letter": N_("letter"),
    "online": N_("online"),
    "authority_media": N_("via authorities or media"),
}
KINDS = {
    "general": N_("responsible: general"),
    "major": N_("responsible: major"),
    "critical": N_("responsible: critical"),
    "not_responsible": N_("not responsible"),
    "assistance": N_("assistance"),
}
RESPONSIBLE = ("general", "major", "critical")
STATES = {
    "received": N_("received"),
    "investigating": N_("investigating"),
    "resolved": N_("resolved"),
    "called_back": N_("called back"),
    "closed": N_("closed"),
}
OPEN = ("received", "investigating")  # not yet resolved
# Moves a person makes; "called_back" comes from a callback that reached the customer.
MOVES = {
    "received": ("investigating", "resolved"),
    "investigating": ("resolved",),
    "resolved": ("investigating",),
    "called_back": ("closed", "investigating"),
    "closed": (),
}
CALLBACK_CHANNELS = {"phone": N_("by phone"), "visit": N_("in person"), "letter": N_("by letter")}
FLAGS = {"media_risk": N_("media exposure risk"), "collective": N_("collective")}
SATISFACTION = {"satisfied": N_("satisfied"), "neutral": N_("neutral"), "dissatisfied": N_("dissatisfied")}
EVENT_TYPES = {
    "created": N_("registered"),
    "state": N_("state"),
    "note": N_("note"),
    "contact": N_("contact"),
    "assign": N_("assigned"),
    "kind": N_("kind"),
    "escalated": N_("escalated"),
    "incident_report": N_("incident report"),
    "leader_informed": N_("leader informed"),
    "gm_pr_notified": N_("GM and PR notified"),
    "progress": N_("progress to the customer"),
    "callback": N_("callback"),
}
TEXT_MAX = 2000
LINE_MAX = 200


def complaint_no(complaint_id: int) -> str:
    """The number the customer quotes."""
    return f"C{complaint_id:07d}"


def complaint_id_of(text: str) -> int | None:
    t = unicodedata.normalize("NFKC", text or "").strip().upper()
    if len(t) == 8 and t[0] == "C" and t[1:].isdigit():
        return int(t[1:])
    return None


# -- deadlines ---------------------------------------------------------------------------


def resolve_due(
    policy: Policy, received: date, kind: str | None, customer_deadline: date | None
) -> date | None:
    if kind in (None, "general"):
        due = received + timedelta(days=policy.complaints.resolve_days)
        return min(due, customer_deadline) if customer_deadline else due
    return customer_deadline


def callback_due(policy: Policy, resolved: date) -> date:
    return add_working_days(resolved, policy.complaints.callback_working_days, policy.calendar)


def escalates_at(policy: Policy, clock: DeskTime, received_at: datetime) -> datetime:
    """The moment a general complaint still open becomes major (docs/complaints.md,
    "Escalation"): the intake's wall-clock time, escalate_after_months later (UTC)."""
    local = clock.local(received_at)
    day = add_months(local.date(), policy.complaints.escalate_after_months)
    minute = local.time().replace(second=0, microsecond=0)  # the intake's minute, as shown
    return datetime.combine(day, minute, clock.zone).astimezone(timezone.utc)


def timely(resolved_on: date | None, resolve_due: date | None, escalated: bool) -> bool | None:
    """Whether a complaint was handled in time (docs/complaints.md, "Timeliness"): resolved
    by the end of its resolve-by day and never escalated for taking too long. None while
    it is not resolved, or when it never had a resolve-by day and was not escalated."""
    if resolved_on is None:
        return None
    if escalated:
        return False
    if resolve_due is None:
        return None
    return resolved_on <= resolve_due


# -- what a complaint is ---------------------------------------------------------------------


@dataclass(frozen=True)
class EventInfo:
    id: int
    at: datetime
    recorded_at: datetime
    staff_name: str
    type: str
    text: str  # what a person typed
    facts: dict  # codes the app recorded (event_facts)
    channel: str | None
    reached: bool | None
    satisfaction: str | None
    whom: str | None

    @property
    def described(self) -> str:
        """The entry in the display language: the recorded facts, then what was typed."""
        return i18n.colon().join(part for part in (event_facts(self.type, self.facts), self.text) if part)


@dataclass(frozen=True)
class ComplaintInfo:
    id: int
    number: str
    received_at: datetime
    taken_by: str
    channel: str
    happened_at: datetime
    place: str
    what: str
    people: str
    complainant: str
    contact: str
    expectation: str
    customer_deadline: date | None
    kind: str | None
    media_risk: bool
    collective: bool
    state: str
    assigned_to: str
    resolve_due: date | None
    resolved_at: datetime | None
    callback_due: date | None
    called_back_at: datetime | None
    closed_at: datetime | None
    escalated_at: datetime | None
    incident_report: str
    events: list[EventInfo]

    @property
    def missing_to_close(self) -> list[str]:
        return close_blockers(self)


def _names() -> dict[int, str]:
    return {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}


def get(complaint_id: int) -> ComplaintInfo:
    row = Complaint.get_or_none(Complaint.id == complaint_id)
    if row is None:
        raise DeskError(_("There is no complaint {number}.").format(number=complaint_no(complaint_id)))
    names = _names()
    events = [
        EventInfo(
            e.id,
            e.at,
            e.recorded_at,
            names.get(e.staff_id, _("the system")),
            e.type,
            e.text,
            read_facts(e.facts),
            e.channel,
            e.reached,
            e.satisfaction,
            e.whom,
        )
        for e in ComplaintEvent.select()
        .where(ComplaintEvent.complaint == row.id)
        .order_by(ComplaintEvent.at, ComplaintEvent.id)
    ]
    return ComplaintInfo(
        row.id,
        complaint_no(row.id),
        row.received_at,
        names.get(row.taken_by_id, ""),
        row.channel,
        row.happened_at,
        row.place,
        row.what,
        row.people,
        row.complainant,
        row.contact,
        row.expectation,
        row.customer_deadline,
        row.kind,
        row.media_risk,
        row.collective,
        row.state,
        row.assigned_to,
        row.resolve_due,
        row.resolved_at,
        row.callback_due,
        row.called_back_at,
        row.closed_at,
        row.escalated_at,
        row.incident_report,
        events,
    )


def read_facts(stored: str) -> dict:
    """A timeline entry's stored facts; {} when there are none (an entry kept as written)."""
    try:
        facts = json.loads(stored) if stored else {}
    except ValueError:
        return {}
    return facts if isinstance(facts, dict) else {}


def event_facts(type_: str, facts: dict) -> str:
    """What the app recorded on a timeline entry, said in the display language
    (docs/records.md: records keep codes; screens and sheets translate)."""
    if type_ == "state" and facts.get("from") in STATES and facts.get("to") in STATES:
        return f"{_(STATES[facts['from']])} → {_(STATES[facts['to']])}"
    if type_ == "kind" and facts.get("kind") in KINDS:
        flags = [_(name) for key, name in FLAGS.items() if facts.get(key)]
        return " · ".join([_(KINDS[facts["kind"]]), *flags])
    if type_ == "escalated" and isinstance(facts.get("months"), int):
        return _("Not handled within {n} month(s): now major.").format(n=facts["months"])
    return ""


def unread_events() -> list[str]:
    """The complaints with timeline entries an earlier version wrote as a sentence that
    migration 7 could not read back into codes: kept as written, listed by `deskapp check`."""
    rows = (
        ComplaintEvent.select(ComplaintEvent.complaint)
        .distinct()
        .where(ComplaintEvent.type.in_(("state", "kind", "escalated")) & (ComplaintEvent.facts == ""))
        .order_by(ComplaintEvent.complaint)
    )
    return [complaint_no(r.complaint_id) for r in rows]


def close_blockers(c: ComplaintInfo) -> list[str]:
    """What must still be done before the complaint can be closed (docs/complaints.md, "Closing")."""
    missing = []
    types = {e.type for e in c.events}
    if c.state != "called_back":
        missing.append(_("a callback that reached the customer"))
    if c.kind in ("major", "critical"):
        if not c.incident_report.strip():
            missing.append(_("the incident report"))
        if "leader_informed" not in types:
            missing.append(_("which leaders were informed, and when"))
    if c.media_risk and "gm_pr_notified" not in types:
        missing.append(_("that the general manager and PR were notified"))
    if c.kind == "assistance" and "progress" not in types:
        missing.append(_("a progress update to the customer"))
    return missing


# -- helpers --------------------------------------------------------------------------------------


def _load(complaint_id: int) -> Complaint:
    row = Complaint.get_or_none(Complaint.id == complaint_id)
    if row is None:
        raise DeskError(_("There is no complaint {number}.").format(number=complaint_no(complaint_id)))
    return row


def _event(
    actor: audit.Actor,
    row: Complaint,
    type_: str,
    now: datetime,
    *,
    at: datetime | None = None,
    text: str = "",
    facts: dict | None = None,
    **fields,
) -> None:
    stored = json.dumps(facts, sort_keys=True) if facts else ""
    ComplaintEvent.create(
        complaint=row.id,
        at=at or now,
        recorded_at=now,
        staff=actor.staff_id,
        type=type_,
        text=text,
        facts=stored,
        **fields,
    )
    audit.record(
        actor,
        f"complaint.{type_}",
        "complaint",
        row.id,
        now,
        after={
            "text": text,
            **({"facts": facts} if facts else {}),
            **{k: v for k, v in fields.items() if v is not None},
            **({"at": at.isoformat()} if at else {}),
        },
    )


def _redo_deadlines(policy: Policy, clock: DeskTime, row: Complaint) -> None:
    """The resolve-by day for the complaint's kind now; a day it has already missed stays
    (docs/complaints.md, "Deadlines are never lost")."""
    missed = row.resolve_due is not None and row.resolve_due < clock.today() and row.state in OPEN
    if not missed:
        row.resolve_due = resolve_due(
            policy, clock.local(row.received_at).date(), row.kind, row.customer_deadline
        )


# -- intake ----------------------------------------------------------------------------------------


@transaction
def intake(
    actor: audit.Actor,
    policy: Policy,
    clock: DeskTime,
    *,
    channel: str,
    happened: str,
    place: str,
    what: str,
    people: str,
    complainant: str,
    contact: str,
    expectation: str = "",
    deadline: str = "",
    kind: str = "",
    media_risk: bool = False,
    collective: bool = False,
) -> ComplaintInfo:
    """Register a complaint (《客诉登记表》); its number is what the customer quotes."""
    errors: dict[str, str] = {}
    if channel not in CHANNELS:
        errors["channel"] = _("Pick how the complaint came in.")
    happened_at = typed_moment(happened, "happened", clock, errors)
    place = clean(place, "place", 100, errors, required=_("Say where it happened (floor, shop, area)."))
    what = clean(what, "what", TEXT_MAX, errors, required=_("Say what happened."))
    people = clean(people, "people", LINE_MAX, errors)
    complainant = clean(
        complainant, "complainant", 40, errors, required=_("Type the complainant's name."), name=True
    )
    contact = clean(
        contact, "contact", 60, errors, required=_("Type how to reach them (a phone number)."), name=True
    )
    expectation = clean(expectation, "expectation", LINE_MAX, errors)
    today = clock.today()
    customer_deadline = None
    if (deadline or "").strip():
        customer_deadline = parse_day(deadline, today)
        if customer_deadline is None:
            errors["deadline"] = _("Type a date such as 2026-11-27, 11-27 or 1127.")
        elif customer_deadline < today:
            errors["deadline"] = _("That day has passed.")
    if kind and kind not in KINDS:
        errors["kind"] = _("Pick a kind, or leave it for after the investigation.")
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    row = Complaint(
        received_at=now,
        taken_by=actor.staff_id,
        channel=channel,
        happened_at=happened_at,
        place=place,
        what=what,
        people=people,
        complainant=complainant,
        contact=contact,
        expectation=expectation,
        customer_deadline=customer_deadline,
        kind=kind or None,
        media_risk=media_risk,
        collective=collective,
    )
    _redo_deadlines(policy, clock, row)
    row.save()
    # What F8 finds it by (docs/records.md, "Finding a record"); these texts are never edited.
    pairs.write(
        ComplaintGram, ComplaintGram.complaint, row.id, complainant, place, people, what, phones=(contact,)
    )
    _event(actor, row, "created", now, text=what)
    return get(row.id)


# -- the workflow --------------------------------------------------------------------------------


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
    row = _load(complaint_id)
    if kind not in KINDS:
        raise ValidationError({"kind": _("Pick a kind.")})
    if row.state == "closed":
        raise DeskError(_("{number} is closed.").format(number=complaint_no(row.id)))
    before = (row.kind, row.media_risk, row.collective)
    if before == (kind, media_risk, collective):
        return get(row.id)
    row.kind, row.media_risk, row.collective = kind, media_risk, collective
    _redo_deadlines(policy, clock, row)
    row.save()
    _event(
        actor,
        row,
        "kind",
        clock.now(),
        facts={"kind": kind, "media_risk": media_risk, "collective": collective},
    )
    return get(row.id)


@transaction
def assign(actor: audit.Actor, clock: DeskTime, complaint_id: int, to: str) -> ComplaintInfo:
    row = _load(complaint_id)
    errors: dict[str, str] = {}
    to = clean(to, "assigned_to", 60, errors, required=_("Type a department or a person."), name=True)
    if errors:
        raise ValidationError(errors)
    row.assigned_to = to
    row.save()
    _event(actor, row, "assign", clock.now(), text=to)
    return get(row.id)


NOTE_TYPES = ("note", "contact", "progress")


@transaction
def add_note(
    actor: audit.Actor, clock: DeskTime, complaint_id: int, type_: str, text: str, channel: str = ""
) -> ComplaintInfo:
    """A note, a contact attempt, or (assistance) a progress update to the customer."""
    row = _load(complaint_id)
    if type_ not in NOTE_TYPES:
        raise ValueError(type_)
    errors: dict[str, str] = {}
    text = clean(text, "text", TEXT_MAX, errors, required=_("Type what to record."))
    if channel and channel not in CALLBACK_CHANNELS:
        errors["channel"] = _("Pick phone, visit or letter.")
    if errors:
        raise ValidationError(errors)
    _event(actor, row, type_, clock.now(), text=text, channel=channel or None)
    return get(row.id)


@transaction
def move(
    actor: audit.Actor, policy: Policy, clock: DeskTime, complaint_id: int, state: str, text: str = ""
) -> ComplaintInfo:
    """Take the complaint to its next state; resolving sets the callback deadline,
    closing checks the duties."""
    row = _load(complaint_id)
    number = complaint_no(row.id)
    if state not in MOVES.get(row.state, ()):
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
    _event(actor, row, "state", now, text=text, facts={"from": before, "to": state})
    return get(row.id)


@transaction
def incident_report(actor: audit.Actor, clock: DeskTime, complaint_id: int, text: str) -> ComplaintInfo:
    row = _load(complaint_id)
    errors: dict[str, str] = {}
    text = clean(text, "text", TEXT_MAX * 5, errors, required=_("Type the incident report."))
    if errors:
        raise ValidationError(errors)
    row.incident_report = text
    row.save()
    _event(actor, row, "incident_report", clock.now(), text=text)
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
    row = _load(complaint_id)
    errors: dict[str, str] = {}
    whom = clean(whom, "whom", 60, errors, required=_("Type who was informed."), name=True)
    at = typed_moment(when, "when", clock, errors)
    text = clean(text, "text", LINE_MAX, errors)
    if errors:
        raise ValidationError(errors)
    _event(actor, row, type_, clock.now(), at=at, text=text, whom=whom)
    return get(row.id)


@transaction
def callback(
    actor: audit.Actor,
    clock: DeskTime,
    complaint_id: int,
    channel: str,
    reached: bool,
    outcome: str,
    satisfaction: str = "",
) -> ComplaintInfo:
    """A callback attempt (回访). One that reached the customer, with their satisfaction,
    makes a resolved complaint called back; attempts that did not are kept too."""
    row = _load(complaint_id)
    errors: dict[str, str] = {}
    if channel not in CALLBACK_CHANNELS:
        errors["channel"] = _("Pick phone, visit or letter.")
    outcome = clean(
        outcome,
        "outcome",
        LINE_MAX,
        errors,
        required=_("Say what the customer said (or why they were not reached)."),
    )
    if reached and satisfaction not in SATISFACTION:
        errors["satisfaction"] = _("Pick how satisfied the customer is.")
    if row.state not in ("resolved", "called_back"):
        errors["channel"] = _("A callback follows the resolution; {number} is {state}.").format(
            number=complaint_no(row.id), state=_(STATES[row.state])
        )
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    _event(
        actor,
        row,
        "callback",
        now,
        text=outcome,
        channel=channel,
        reached=reached,
        satisfaction=satisfaction if reached else None,
    )
    if reached and row.state == "resolved":
        row.state, row.called_back_at = "called_back", now
        row.save()
        _event(actor, row, "state", now, facts={"from": "resolved", "to": "called_back"})
    return get(row.id)


@transaction
def escalate_overdue(policy: Policy, clock: DeskTime) -> int:
    """Make major every general complaint still open escalate_after_months after its intake,
    to the minute (docs/complaints.md, "Escalation": 时效过长). The timeline entry carries that
    moment, even when this runs later; the deadlines stay as they were."""
    now = clock.now()
    _restore_lost_deadlines(policy, clock)
    # Candidates: received at least 28 days per month ago, so the scan stays small.
    oldest = now - timedelta(days=28 * policy.complaints.escalate_after_months)
    rows = Complaint.select().where(
        (Complaint.kind == "general") & Complaint.state.in_(OPEN) & (Complaint.received_at <= oldest)
    )
    done = 0
    for row in rows:
        at = escalates_at(policy, clock, row.received_at)
        if at > now:
            continue
        row.kind, row.escalated_at = "major", at
        row.save()
        _event(
            audit.SYSTEM,
            row,
            "escalated",
            now,
            at=at,
            facts={"months": policy.complaints.escalate_after_months},
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


@transaction
def recount_callbacks(policy: Policy, clock: DeskTime) -> int:
    """Callback deadlines still to meet, counted again on the calendar as it is now
    (docs/calendar.md): a year's holidays added after a complaint was resolved move
    its deadline. Each change is audited; returns how many moved."""
    moved = 0
    rows = Complaint.select().where(
        (Complaint.state == "resolved")
        & Complaint.resolved_at.is_null(False)
        & Complaint.called_back_at.is_null()
    )
    for row in rows:
        due = callback_due(policy, clock.local(row.resolved_at).date())
        if due != row.callback_due:
            audit.record(
                audit.SYSTEM,
                "complaint.callback_recount",
                "complaint",
                row.id,
                clock.now(),
                before={"callback_due": row.callback_due},
                after={"callback_due": due},
            )
            Complaint.update(callback_due=due).where(Complaint.id == row.id).execute()
            moved += 1
    return moved
