"""The complaint register's rules (docs/complaints.md): the states a complaint moves through,
its deadlines, escalation, timeliness and the duties before closing.

Everything comes in as values: the policy's numbers, the working-day calendar
(deskapp/rules/calendar.py), the desk's wall-clock times. What is returned are codes and
days; the services store them and the screens translate them.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta

from deskapp.rules.calendar import Days, add_months, add_working_days

OPEN = ("received", "investigating")  # not yet resolved
HANDLED = ("resolved", "called_back", "closed")
RESPONSIBLE = ("general", "major", "critical")
# Moves a person makes; "called_back" comes from a callback that reached the customer.
MOVES: dict[str, tuple[str, ...]] = {
    "received": ("investigating", "resolved"),
    "investigating": ("resolved",),
    "resolved": ("investigating",),
    "called_back": ("closed", "investigating"),
    "closed": (),
}
# What closing still needs (docs/complaints.md, "Closing"), in the order the screen lists them.
CLOSE_DUTIES = ("callback", "incident_report", "leader_informed", "gm_pr_notified", "progress")


# -- deadlines (docs/complaints.md, "Deadlines") -------------------------------------------------


def resolve_due(
    received: date, kind: str | None, customer_deadline: date | None, resolve_days: int
) -> date | None:
    """A general complaint (or one not yet classified): `resolve_days` after intake, or the
    customer's deadline when that is earlier; other kinds only have the customer's."""
    if kind in (None, "general"):
        due = received + timedelta(days=resolve_days)
        return min(due, customer_deadline) if customer_deadline else due
    return customer_deadline


def callback_due(resolved: date, working_days: int, known: Days) -> date:
    """The `working_days`-th working day after the day it was resolved."""
    return add_working_days(resolved, working_days, known)


def keeps_missed_deadline(state: str, resolve_due: date | None, today: date) -> bool:
    """An open complaint whose resolve-by day has passed keeps that day whatever its kind
    becomes (docs/complaints.md, "Deadlines are never lost")."""
    return resolve_due is not None and resolve_due < today and state in OPEN


def due_now(state: str, resolve_due: date | None, callback_due: date | None) -> date | None:
    """The deadline that matters now: resolve by while open, call back by once resolved."""
    if state == "resolved":
        return callback_due
    return resolve_due if state in OPEN else None


def past_deadline(state: str, resolve_due: date | None, callback_due: date | None, today: date) -> bool:
    """docs/complaints.md, "Past a deadline" (the lists count it with the same rule in SQL,
    deskapp/services/complaint_reports.py past_deadline)."""
    due = due_now(state, resolve_due, callback_due)
    return due is not None and due < today


def due_soon_days(today: date, warn_days: int) -> tuple[date, date]:
    """The days (both included) an open complaint's resolve-by day is "due soon" on Home."""
    return today, today + timedelta(days=warn_days)


def deadline_mark(due: date, done_on: date | None, today: date) -> str:
    """How a deadline stands: "past" (not done, the day gone), "today" (not done, due today),
    "missed" (done after the day), or "" (done in time, or still ahead)."""
    if done_on is None:
        return "past" if due < today else "today" if due == today else ""
    return "missed" if done_on > due else ""


# -- escalation (docs/complaints.md, "Escalation") ------------------------------------------------


def escalation_moment(received_local: datetime, months: int) -> datetime:
    """The desk's wall-clock minute a general complaint still open becomes major: the intake's
    minute as shown, `months` later (a shorter month ends at its last day). Naive: the caller
    puts it in the desk's time zone."""
    day = add_months(received_local.date(), months)
    return datetime.combine(day, received_local.time().replace(second=0, microsecond=0))


def escalation_candidates_until(now: datetime, months: int) -> datetime:
    """The latest intake that can have escalated by `now`, with a day to spare: `months` is at
    least 28 days each, less the seconds the minute drops and a clock change."""
    return now - timedelta(days=28 * months - 1)


# -- timeliness and closing ----------------------------------------------------------------------


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


def close_duties(
    state: str, kind: str | None, incident_report: str, media_risk: bool, done: Collection[str]
) -> list[str]:
    """What must still be done before the complaint can be closed (docs/complaints.md,
    "Closing"), as CLOSE_DUTIES codes; `done` is the types of its timeline entries."""
    missing = []
    if state != "called_back":
        missing.append("callback")
    if kind in ("major", "critical"):
        if not incident_report.strip():
            missing.append("incident_report")
        if "leader_informed" not in done:
            missing.append("leader_informed")
    if media_risk and "gm_pr_notified" not in done:
        missing.append("gm_pr_notified")
    if kind == "assistance" and "progress" not in done:
        missing.append("progress")
    return missing
