"""The complaint register (the rule book: docs/complaints.md): its words, a complaint's
number, its deadlines from the policy, and one complaint read back with its timeline.

The rules themselves are in deskapp/rules/complaints.py; the steps that change a complaint
are complaint_intake, complaint_workflow and complaint_callbacks, which write through
complaint_timeline.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timezone

from deskapp import i18n
from deskapp.clock import DeskTime
from deskapp.errors import DeskError
from deskapp.i18n import N_, _
from deskapp.models import Complaint, ComplaintEvent, Staff
from deskapp.policy import Policy
from deskapp.rules import complaints as rules
from deskapp.services import calendar

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
STATES = {
    "received": N_("received"),
    "investigating": N_("investigating"),
    "resolved": N_("resolved"),
    "called_back": N_("called back"),
    "closed": N_("closed"),
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
# What closing still needs, by rules.CLOSE_DUTIES code.
CLOSE_DUTIES = {
    "callback": N_("a callback that reached the customer"),
    "incident_report": N_("the incident report"),
    "leader_informed": N_("which leaders were informed, and when"),
    "gm_pr_notified": N_("that the general manager and PR were notified"),
    "progress": N_("a progress update to the customer"),
}


def complaint_no(complaint_id: int) -> str:
    """The number the customer quotes."""
    return f"C{complaint_id:07d}"


def complaint_id_of(text: str) -> int | None:
    t = unicodedata.normalize("NFKC", text or "").strip().upper()
    if len(t) == 8 and t[0] == "C" and t[1:].isdigit():
        return int(t[1:])
    return None


# -- deadlines from the policy (docs/complaints.md, "Deadlines", "Escalation") ----------------


def resolve_due(
    policy: Policy, received: date, kind: str | None, customer_deadline: date | None
) -> date | None:
    return rules.resolve_due(received, kind, customer_deadline, policy.complaints.resolve_days)


def callback_due(policy: Policy, resolved: date) -> date:
    return rules.callback_due(
        resolved, policy.complaints.callback_working_days, calendar.days(policy.calendar)
    )


def escalates_at(policy: Policy, clock: DeskTime, received_at: datetime) -> datetime:
    """The moment a general complaint still open becomes major: the intake's wall-clock
    minute, escalate_after_months later (UTC)."""
    local = rules.escalation_moment(clock.local(received_at), policy.complaints.escalate_after_months)
    return local.replace(tzinfo=clock.zone).astimezone(timezone.utc)


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
    done = {e.type for e in c.events}
    return [
        _(CLOSE_DUTIES[duty])
        for duty in rules.close_duties(c.state, c.kind, c.incident_report, c.media_risk, done)
    ]
