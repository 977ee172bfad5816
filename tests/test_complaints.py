"""Complaints (docs/complaints.md): deadlines at their edges with exact dates, the
workflow, the duties that block closing, and callbacks."""

from datetime import date, timedelta

import pytest

from deskapp.errors import DeskError, ValidationError
from deskapp.models import AuditEntry, Complaint, ComplaintEvent
from deskapp.rules.calendar import add_months
from deskapp.services import (
    complaint_callbacks,
    complaint_details,
    complaint_reports,
    complaint_workflow,
    complaints,
)
from deskapp.services.calendar import add_working_days, is_working_day

from helpers import at, take

pytestmark = pytest.mark.engines  # every test on SQLite and on PostgreSQL (conftest)


def resolved(desk, c, when, kind="general"):
    if c.kind is None:
        complaint_workflow.classify(desk.actor, desk.policy, at(when), c.id, kind, False, False)
    return complaint_workflow.move(desk.actor, desk.policy, at(when), c.id, "resolved", "已道歉")


# -- the calendar --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, working",
    [
        ("2026-11-24", True),  # a Tuesday
        ("2026-11-28", False),  # a Saturday
        ("2026-10-01", False),  # National Day
        ("2026-10-10", True),  # a Saturday made a working day (调休)
        ("2026-02-14", True),  # the Saturday before Spring Festival, worked
        ("2026-02-18", False),  # Spring Festival, a Wednesday
    ],
)
def test_working_days_follow_weekends_holidays_and_make_up_days(desk, day, working):
    assert is_working_day(date.fromisoformat(day), desk.policy.calendar) is working


@pytest.mark.parametrize(
    "resolved_on, due",
    [
        ("2026-11-24", "2026-11-26"),  # Tue -> Thu
        ("2026-11-27", "2026-12-01"),  # Fri -> Mon, Tue
        ("2026-11-28", "2026-12-01"),  # resolved on a Saturday: Mon, Tue
        ("2026-09-30", "2026-10-09"),  # National Day week: Thu 8, Fri 9
        ("2026-02-12", "2026-02-14"),  # Fri 13, then the make-up Saturday 14
        ("2026-01-02", "2026-01-05"),  # a holiday: Sun 4 (make-up), Mon 5
    ],
)
def test_callback_is_due_two_working_days_after_resolution(desk, resolved_on, due):
    assert complaints.callback_due(desk.policy, date.fromisoformat(resolved_on)) == date.fromisoformat(due)
    assert add_working_days(date.fromisoformat(resolved_on), 2, desk.policy.calendar) == date.fromisoformat(
        due
    )


@pytest.mark.parametrize(
    "received, later",
    [
        ("2026-10-24", "2026-11-24"),
        ("2026-01-31", "2026-02-28"),
        ("2026-12-31", "2027-01-31"),
        ("2028-01-31", "2028-02-29"),
    ],
)
def test_a_month_later(received, later):
    assert add_months(date.fromisoformat(received), 1) == date.fromisoformat(later)


# -- deadlines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, deadline, due",
    [
        ("", "", "2026-11-27"),  # not yet classified: as general, 3 days
        ("general", "", "2026-11-27"),
        ("general", "2026-11-26", "2026-11-26"),  # the customer's earlier deadline wins
        ("general", "2026-11-27", "2026-11-27"),
        ("general", "2026-11-30", "2026-11-27"),  # a later one does not
        ("general", "1126", "2026-11-26"),  # typed quickly
        ("major", "", None),  # no stated deadline for major
        ("major", "2026-12-01", "2026-12-01"),
        ("assistance", "", None),
    ],
)
def test_resolve_by(register, kind, deadline, due):
    c = take(register, kind=kind, deadline=deadline)
    assert c.resolve_due == (date.fromisoformat(due) if due else None)


def test_setting_the_kind_later_moves_the_deadline(register):
    c = take(register, deadline="2026-12-05")
    assert c.resolve_due == date(2026, 11, 27)
    c = complaint_workflow.classify(
        register.actor, register.policy, at("2026-11-25 09:00"), c.id, "major", True, False
    )
    assert c.resolve_due == date(2026, 12, 5) and c.media_risk
    assert c.events[-1].type == "kind" and c.events[-1].text == ""  # the app's words are not stored
    assert c.events[-1].facts == {"kind": "major", "media_risk": True, "collective": False}
    assert c.events[-1].described == "responsible: major · media exposure risk"


def test_a_general_complaint_open_a_month_becomes_major(register):
    old = take(register, "2026-10-24 15:00", kind="general")
    young = take(register, "2026-10-25 09:00", kind="general")
    done = take(register, "2026-10-20 09:00", kind="general")
    resolved(register, done, "2026-10-21 09:00")
    other = take(register, "2026-10-01 09:00", kind="not_responsible")

    assert complaint_workflow.escalate_overdue(register.policy, at("2026-11-24 14:59")) == 0
    assert complaint_workflow.escalate_overdue(register.policy, at("2026-11-24 15:00")) == 1
    c = complaints.get(old.id)
    assert c.kind == "major" and at("2026-11-24 15:00").show(c.escalated_at) == "2026-11-24 15:00"
    assert [e.type for e in c.events][-1] == "escalated" and c.events[-1].staff_name
    # young, due on the 25th
    assert complaint_workflow.escalate_overdue(register.policy, at("2026-11-30 10:00")) == 1
    assert at("2026-11-30 10:00").show(complaints.get(young.id).escalated_at) == "2026-11-25 09:00"
    assert complaints.get(young.id).kind == "major"
    assert complaints.get(done.id).kind == "general" and complaints.get(other.id).kind == "not_responsible"
    assert complaint_workflow.escalate_overdue(register.policy, at("2026-12-30 10:00")) == 0  # once only


@pytest.mark.parametrize(
    "now, escalated",
    [
        ("2026-04-01 09:59", False),  # a month less a minute
        ("2026-04-01 10:00", True),  # a month to the minute
        ("2026-04-01 10:01", True),
    ],
)
def test_escalation_comes_a_month_after_intake_to_the_minute(register, now, escalated):
    c = take(register, "2026-03-01 10:00", kind="general")
    assert complaint_workflow.escalate_overdue(register.policy, at(now)) == int(escalated)
    after = complaints.get(c.id)
    assert after.kind == ("major" if escalated else "general")
    if escalated:
        event = after.events[-1]
        assert event.type == "escalated" and at(now).show(event.at) == "2026-04-01 10:00"
        assert at(now).show(after.escalated_at) == "2026-04-01 10:00"


def test_escalation_is_to_the_minute_shown_not_the_second_recorded(register):
    c = take(register, "2026-03-01 10:00")
    row = Complaint.get_by_id(c.id)
    Complaint.update(received_at=row.received_at + timedelta(seconds=18)).execute()
    complaint_workflow.classify(
        register.actor, register.policy, at("2026-03-01 10:05"), c.id, "general", False, False
    )
    # at 10:00, not at 10:00:18
    assert complaint_workflow.escalate_overdue(register.policy, at("2026-04-01 10:00")) == 1
    assert at("2026-04-01 10:00").local(complaints.get(c.id).escalated_at).second == 0


def test_the_shortest_month_to_the_minute_is_less_than_28_days(register):
    """Taken on 31 January at 10:00:18, it escalates on 28 February at 10:00 (docs/complaints.md,
    "Escalation"): 28 days less 18 seconds, which the scan for candidates still finds."""
    c = take(register, "2026-01-31 10:00", kind="general")
    row = Complaint.get_by_id(c.id)
    Complaint.update(received_at=row.received_at + timedelta(seconds=18)).where(
        Complaint.id == c.id
    ).execute()
    assert complaint_workflow.escalate_overdue(register.policy, at("2026-02-28 09:59")) == 0
    assert complaint_workflow.escalate_overdue(register.policy, at("2026-02-28 10:00")) == 1
    assert at("2026-02-28 10:00").show(complaints.get(c.id).escalated_at) == "2026-02-28 10:00"


def test_a_late_escalation_is_dated_when_it_was_due(register):
    c = take(register, "2026-01-31 16:20", kind="general")
    assert complaint_workflow.escalate_overdue(register.policy, at("2026-03-05 09:00")) == 1
    after = complaints.get(c.id)  # 31 January + a month: the last day of February, same time
    assert at("2026-03-05 09:00").show(after.events[-1].at) == "2026-02-28 16:20"
    assert at("2026-03-05 09:00").show(after.events[-1].recorded_at) == "2026-03-05 09:00"


def test_escalation_keeps_the_deadline_it_missed(register):
    """docs/complaints.md, "Deadlines are never lost": due 03-04, escalated 04-01, resolved 05-02."""
    c = take(register, "2026-03-01 10:00", kind="general")
    assert c.resolve_due == date(2026, 3, 4)
    complaint_workflow.escalate_overdue(register.policy, at("2026-04-01 10:00"))
    c = complaints.get(c.id)
    assert (c.kind, c.resolve_due) == ("major", date(2026, 3, 4))
    clock = at("2026-04-15 10:00")
    assert [r.number for r in complaint_reports.page("overdue", clock).rows] == [c.number]
    assert complaint_reports.page("open", clock).rows[0].due == date(2026, 3, 4)
    assert complaint_reports.counts(register.policy, clock).overdue == 1
    resolved(register, c, "2026-05-02 10:00")
    march = complaint_reports.analyse(at("2026-05-03 10:00"), date(2026, 3, 1), date(2026, 3, 31))
    assert (march.handled, march.with_deadline, march.on_time, march.timeliness_rate) == (1, 1, 0, 0.0)
    assert march.escalated == 1
    row = next(complaint_details.export_rows(at("2026-05-03 10:00"), date(2026, 3, 1), date(2026, 3, 31)))
    assert row[complaint_details.EXPORT_COLUMNS.index("resolved in time")] == "no"
    assert row[complaint_details.EXPORT_COLUMNS.index("resolve by")] == date(2026, 3, 4)


def test_a_deadline_an_earlier_version_took_away_is_given_back(register):
    c = take(register, "2026-03-01 10:00", kind="general", deadline="03-03")
    complaint_workflow.escalate_overdue(register.policy, at("2026-04-01 10:00"))
    Complaint.update(resolve_due=None).where(Complaint.id == c.id).execute()  # as escalation did before
    complaint_workflow.escalate_overdue(register.policy, at("2026-04-02 10:00"))
    assert complaints.get(c.id).resolve_due == date(2026, 3, 3)  # the customer's, earlier than 3 days
    entry = AuditEntry.get(AuditEntry.action == "complaint.deadline_restored")
    assert entry.staff_id is None and '"2026-03-03"' in entry.after


def test_a_kind_set_after_the_deadline_passed_keeps_it(register):
    c = take(register, "2026-11-02 10:00")  # not classified: resolve by 11-05
    c = complaint_workflow.classify(
        register.actor, register.policy, at("2026-11-10 09:00"), c.id, "assistance", False, False
    )
    assert c.resolve_due == date(2026, 11, 5)  # missed; assistance alone would have none
    assert [r.number for r in complaint_reports.page("overdue", at("2026-11-10 09:00")).rows] == [c.number]


# -- intake ------------------------------------------------------------------------------------


def test_intake_records_everything_with_a_number_the_customer_quotes(register):
    c = take(register, channel="phone", happened="11-23 18:40", deadline="11-26", media_risk=True)
    assert c.number == "C0000001" and complaints.complaint_id_of("c0000001") == c.id
    assert (c.channel, c.place, c.complainant, c.contact, c.state, c.taken_by) == (
        "phone",
        "3F 童装店",
        "张女士",
        "13800138000",
        "received",
        "李雷",
    )
    assert at("2026-11-24 10:00").local(c.happened_at).strftime("%m-%d %H:%M") == "11-23 18:40"
    assert c.customer_deadline == date(2026, 11, 26) and c.media_risk
    assert [e.type for e in c.events] == ["created"]
    assert AuditEntry.select().where(AuditEntry.action == "complaint.created").count() == 1


@pytest.mark.parametrize(
    "fields, field, words",
    [
        (dict(place=""), "place", "where it happened"),
        (dict(what="  "), "what", "what happened"),
        (dict(complainant=""), "complainant", "name"),
        (dict(contact=""), "contact", "how to reach"),
        (dict(channel="fax"), "channel", "how the complaint came in"),
        (dict(happened="yesterday-ish"), "happened", "2026-11-24 14:30"),
        (dict(happened="11-25 09:00"), "happened", "future"),
        (dict(deadline="11-31"), "deadline", "2026-11-27"),
        (dict(deadline="11-20"), "deadline", "passed"),
    ],
)
def test_intake_refusals_name_the_field_and_save_nothing(register, fields, field, words):
    with pytest.raises(ValidationError) as caught:
        take(register, **fields)
    assert words in caught.value.errors[field]
    assert Complaint.select().count() == 0


# -- the workflow -----------------------------------------------------------------------------


def test_states_move_one_way_and_resolving_needs_a_kind(register):
    c = take(register)
    with pytest.raises(DeskError, match="cannot go to closed"):
        complaint_workflow.move(register.actor, register.policy, at("2026-11-24 11:00"), c.id, "closed")
    with pytest.raises(DeskError, match="Set the kind first"):
        complaint_workflow.move(register.actor, register.policy, at("2026-11-24 11:00"), c.id, "resolved")
    c = complaint_workflow.move(
        register.actor, register.policy, at("2026-11-24 11:00"), c.id, "investigating"
    )
    c = complaint_workflow.assign(register.actor, at("2026-11-24 11:05"), c.id, "营运部 刘经理")
    c = resolved(register, c, "2026-11-27 16:00")
    assert (c.state, c.assigned_to, c.callback_due) == ("resolved", "营运部 刘经理", date(2026, 12, 1))
    assert [e.type for e in c.events] == ["created", "state", "assign", "kind", "state"]


def test_callbacks_several_attempts_then_called_back(register):
    c = take(register)
    with pytest.raises(ValidationError, match="follows the resolution"):
        complaint_callbacks.callback(
            register.actor, at("2026-11-24 12:00"), c.id, "phone", True, "好", "satisfied"
        )
    resolved(register, c, "2026-11-24 12:00")
    c = complaint_callbacks.callback(register.actor, at("2026-11-25 10:00"), c.id, "phone", False, "无人接听")
    assert c.state == "resolved"
    with pytest.raises(ValidationError) as caught:
        complaint_callbacks.callback(register.actor, at("2026-11-25 15:00"), c.id, "phone", True, "满意", "")
    assert "satisfied" in caught.value.errors["satisfaction"]
    c = complaint_callbacks.callback(
        register.actor, at("2026-11-25 15:00"), c.id, "phone", True, "已满意", "satisfied"
    )
    assert c.state == "called_back" and c.called_back_at is not None
    calls = [e for e in c.events if e.type == "callback"]
    assert [(e.reached, e.satisfaction) for e in calls] == [(False, None), (True, "satisfied")]
    c = complaint_workflow.move(register.actor, register.policy, at("2026-11-25 15:05"), c.id, "closed")
    assert c.state == "closed" and c.closed_at is not None


def test_major_cannot_close_without_report_and_leaders(register):
    c = take(register, kind="major")
    resolved(register, c, "2026-11-24 12:00")
    complaint_callbacks.callback(
        register.actor, at("2026-11-25 10:00"), c.id, "visit", True, "接受", "neutral"
    )
    with pytest.raises(DeskError) as caught:
        complaint_workflow.move(register.actor, register.policy, at("2026-11-25 11:00"), c.id, "closed")
    assert "the incident report" in caught.value.message and "which leaders" in caught.value.message
    complaint_workflow.incident_report(register.actor, at("2026-11-25 11:00"), c.id, "经过:……处理:……")
    with pytest.raises(DeskError, match="which leaders"):
        complaint_workflow.move(register.actor, register.policy, at("2026-11-25 11:00"), c.id, "closed")
    c = complaint_workflow.informed(
        register.actor, at("2026-11-25 11:30"), c.id, "leader_informed", "陈总", "11-24 12:30"
    )
    told = next(e for e in c.events if e.type == "leader_informed")  # the timeline is by when it happened
    assert (told.whom, at("2026-11-25 11:30").local(told.at).strftime("%m-%d %H:%M")) == (
        "陈总",
        "11-24 12:30",
    )
    assert (
        complaint_workflow.move(register.actor, register.policy, at("2026-11-25 11:31"), c.id, "closed").state
        == "closed"
    )


def test_media_risk_needs_the_gm_and_pr_and_assistance_a_progress_update(register):
    c = take(register, kind="assistance", media_risk=True)
    resolved(register, c, "2026-11-24 12:00")
    complaint_callbacks.callback(
        register.actor, at("2026-11-25 10:00"), c.id, "letter", True, "收到", "satisfied"
    )
    with pytest.raises(DeskError) as caught:
        complaint_workflow.move(register.actor, register.policy, at("2026-11-25 11:00"), c.id, "closed")
    assert "general manager and PR" in caught.value.message and "progress update" in caught.value.message
    complaint_workflow.informed(
        register.actor, at("2026-11-25 11:00"), c.id, "gm_pr_notified", "总经理、市场部"
    )
    complaint_workflow.add_note(
        register.actor, at("2026-11-25 11:10"), c.id, "progress", "已转物业,本周内维修"
    )
    assert (
        complaint_workflow.move(register.actor, register.policy, at("2026-11-25 11:20"), c.id, "closed").state
        == "closed"
    )


def test_reopening_clears_the_resolution_and_callback(register):
    c = take(register)
    resolved(register, c, "2026-11-24 12:00")
    c = complaint_workflow.move(
        register.actor, register.policy, at("2026-11-24 13:00"), c.id, "investigating", "顾客不满意"
    )
    assert (c.state, c.resolved_at, c.callback_due) == ("investigating", None, None)
    assert ComplaintEvent.select().where(ComplaintEvent.type == "state").count() == 2  # resolved, reopened
